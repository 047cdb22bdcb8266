#include "syncedentities.h"

using namespace Qt::StringLiterals;

namespace {

using Conversion = SyncedColumn::Conversion;
using Write = SyncedColumn::Write;

QList<SyncedEntity> describe()
{
    // Server column, local column, conversion, and when the desk writes it. Uuids come as text;
    // times are ms since the epoch on both sides.
    QList<SyncedEntity> entities{
        {u"team"_s,
         u"deskline.v_teams"_s,
         u"teams"_s,
         u"id"_s,
         {
             {u"id"_s, u"id"_s, Conversion::Int64},
             {u"name"_s, u"name"_s, Conversion::Text},
             {u"tier"_s, u"tier"_s, Conversion::Int},
         }},
        {u"agent"_s,
         u"deskline.v_agents"_s,
         u"agents"_s,
         u"id"_s,
         {
             {u"id"_s, u"id"_s, Conversion::Int64},
             {u"login"_s, u"login"_s, Conversion::Text},
             {u"name"_s, u"name"_s, Conversion::Text},
             {u"team_id"_s, u"team_id"_s, Conversion::OptionalInt64},
             {u"role"_s, u"role"_s, Conversion::Int},
         }},
        {u"customer"_s,
         u"deskline.v_customers"_s,
         u"customers"_s,
         u"server_id"_s,
         {
             {u"id"_s, u"server_id"_s, Conversion::Int64},
             {u"external_id"_s, u"external_id"_s, Conversion::OptionalText},
             {u"name"_s, u"name"_s, Conversion::Text},
             {u"username"_s, u"username"_s, Conversion::Text},
             {u"email"_s, u"email"_s, Conversion::Text},
             {u"phone"_s, u"phone"_s, Conversion::Text},
             {u"phone_key"_s, u"phone_key"_s, Conversion::Text},
             {u"account_status"_s, u"account_status"_s, Conversion::Int},
             {u"two_factor"_s, u"two_factor"_s, Conversion::Bool},
             {u"created_at"_s, u"created_at"_s, Conversion::Int64, Write::InsertOnly},
         }},
        {u"order"_s,
         u"deskline.v_orders"_s,
         u"orders"_s,
         u"server_id"_s,
         {
             {u"id"_s, u"server_id"_s, Conversion::Int64},
             SyncedColumn{u"customer_id"_s, u"customer_id"_s, Conversion::Int64}.boundByApplier(),
             {u"number"_s, u"number"_s, Conversion::AsIs},
             {u"placed_at"_s, u"placed_at"_s, Conversion::AsIs},
             {u"status"_s, u"status"_s, Conversion::AsIs},
             {u"amount_cents"_s, u"amount_cents"_s, Conversion::AsIs},
             {u"currency"_s, u"currency"_s, Conversion::AsIs},
             {u"payment_state"_s, u"payment_state"_s, Conversion::AsIs},
         }},
        {u"device"_s,
         u"deskline.v_devices"_s,
         u"devices"_s,
         u"server_id"_s,
         {
             {u"id"_s, u"server_id"_s, Conversion::Int64},
             SyncedColumn{u"customer_id"_s, u"customer_id"_s, Conversion::Int64}.boundByApplier(),
             {u"model"_s, u"model"_s, Conversion::AsIs},
             {u"os_version"_s, u"os_version"_s, Conversion::AsIs},
             {u"app_version"_s, u"app_version"_s, Conversion::AsIs},
         }},
        SyncedEntity{
            u"ticket"_s,
            u"deskline.v_tickets"_s,
            u"tickets"_s,
            u"server_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::OptionalText}.selectedAs(u"client_id::text"_s),
                {u"external_id"_s, u"external_id"_s, Conversion::OptionalText},
                {u"subject"_s, u"subject"_s, Conversion::Text},
                {u"channel"_s, u"channel"_s, Conversion::Int},
                {u"category"_s, u"category"_s, Conversion::Int},
                {u"priority"_s, u"priority"_s, Conversion::Int},
                {u"status"_s, u"status"_s, Conversion::Int},
                SyncedColumn{u"customer_id"_s, u"customer_id"_s, Conversion::Int64}.boundByApplier(),
                {u"assignee_id"_s, u"assignee_id"_s, Conversion::OptionalInt64},
                {u"team_id"_s, u"team_id"_s, Conversion::OptionalInt64},
                {u"created_at"_s, u"created_at"_s, Conversion::Int64},
                {u"updated_at"_s, u"updated_at"_s, Conversion::Int64},
                {u"first_response_at"_s, u"first_response_at"_s, Conversion::OptionalInt64},
                {u"solved_at"_s, u"solved_at"_s, Conversion::OptionalInt64},
                {u"closed_at"_s, u"closed_at"_s, Conversion::OptionalInt64},
                {u"message_count"_s, u"message_count"_s, Conversion::Int},
                {u"version"_s, u"server_version"_s, Conversion::Int64},
                // The server's set of tags, which ServerRowApplier turns into ticket_tags rows.
                SyncedColumn{u"tags"_s, {}, Conversion::Text, Write::ReadOnly}.selectedAs(
                    u"coalesce(array_to_json(tags), '[]')::text"_s),
                // Who set them last: the desk notices another agent's change by them.
                {u"priority_set_by"_s, u"priority_set_by"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"category_set_by"_s, u"category_set_by"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"escalation_tier"_s, u"escalation_tier"_s, Conversion::Int},
                {u"archived_at"_s, u"archived_at"_s, Conversion::OptionalInt64},
                SyncedColumn{u"follow_up_of"_s, u"follow_up_of"_s, Conversion::LocalId}.referencing(u"tickets"_s),
                SyncedColumn{u"merged_into"_s, u"merged_into"_s, Conversion::LocalId}.referencing(u"tickets"_s),
                // Until the ticket merged into is on this desk too.
                {u"merged_into"_s, u"merged_into_server"_s, Conversion::OptionalInt64},
                {u"status_before_merge"_s, u"status_before_merge"_s, Conversion::OptionalInt},
            }}
            .withVersion(u"version"_s)
            .acknowledgedBy({u"ticket.create"_s, u"ticket_id"_s, true, false}),
        SyncedEntity{
            u"message"_s,
            u"deskline.v_messages"_s,
            u"messages"_s,
            u"client_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::Text}.selectedAs(u"client_id::text"_s),
                SyncedColumn{u"ticket_id"_s, u"ticket_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"kind"_s, u"kind"_s, Conversion::Int},
                {u"author_agent_id"_s, u"author_agent_id"_s, Conversion::OptionalInt64},
                {u"author_name"_s, u"author_name"_s, Conversion::Text},
                {u"body"_s, u"body"_s, Conversion::Text},
                {u"created_at"_s, u"created_at"_s, Conversion::Int64},
            }}
            .acknowledgedBy({u"message.add"_s, u"message_id"_s, false, false}),
        // A message's files, listed with their SHA-256; the bytes stay on the server until the desk
        // fetches them (SyncEngine::fetchContent). This desk's own come back matched by content.
        SyncedEntity{
            u"attachment"_s,
            u"deskline.v_attachments"_s,
            u"attachments"_s,
            u"server_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"message_id"_s, u"message_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"name"_s, u"name"_s, Conversion::Text},
                {u"mime_type"_s, u"mime_type"_s, Conversion::Text},
                {u"size"_s, u"size"_s, Conversion::Int64},
                {u"sha256"_s, u"sha256"_s, Conversion::Text},
            }},
        // The mail behind a message, keyed by it: the server's row replaces whatever the desk
        // wrote for that message ahead of it (a reply queued by ConversationService). The
        // mailbox is the server's; the raw mail is fetched when saved.
        SyncedEntity{u"mail_message"_s,
                     u"deskline.v_mail_messages"_s,
                     u"mail_messages"_s,
                     u"message_id"_s,
                     {
                         SyncedColumn{u"message_id"_s, u"message_id"_s, Conversion::Int64}.boundByApplier(),
                         {u"mailbox_id"_s, u"mailbox_server_id"_s, Conversion::OptionalInt64},
                         {u"direction"_s, u"direction"_s, Conversion::Int},
                         {u"rfc_message_id"_s, u"rfc_message_id"_s, Conversion::OptionalText},
                         {u"sender"_s, u"sender"_s, Conversion::Text},
                         {u"recipients"_s, u"recipients"_s, Conversion::Text},
                         {u"html"_s, u"html"_s, Conversion::Text},
                         {u"remote_images"_s, u"remote_images"_s, Conversion::Text},
                         {u"delivery"_s, u"delivery"_s, Conversion::Int},
                         {u"delivery_detail"_s, u"delivery_detail"_s, Conversion::Text},
                         {u"attempts"_s, u"attempts"_s, Conversion::Int},
                         {u"next_attempt_at"_s, u"next_attempt_at"_s, Conversion::OptionalInt64},
                         {u"sent_at"_s, u"sent_at"_s, Conversion::OptionalInt64},
                         {u"raw_sha256"_s, u"raw_sha256"_s, Conversion::OptionalText},
                     }}
            .keyedBy(u"message_id"_s),
        // A public reply going back to the intake source its ticket came from, as the gateway
        // delivers it (the source itself stays on the server: source_id is left empty here).
        SyncedEntity{u"intake_reply"_s,
                     u"deskline.v_intake_replies"_s,
                     u"intake_replies"_s,
                     u"message_id"_s,
                     {
                         SyncedColumn{u"message_id"_s, u"message_id"_s, Conversion::Int64}.boundByApplier(),
                         {u"webhook_id"_s, u"webhook_id"_s, Conversion::Text},
                         {u"external_id"_s, u"external_id"_s, Conversion::Text},
                         {u"delivery"_s, u"delivery"_s, Conversion::Int},
                         {u"delivery_detail"_s, u"delivery_detail"_s, Conversion::Text},
                         {u"attempts"_s, u"attempts"_s, Conversion::Int},
                         {u"next_attempt_at"_s, u"next_attempt_at"_s, Conversion::OptionalInt64},
                         {u"sent_at"_s, u"sent_at"_s, Conversion::OptionalInt64},
                     }}
            .keyedBy(u"message_id"_s),
        // As made, but for its hand-back, which ServerRowApplier only moves forward.
        SyncedEntity{
            u"escalation"_s,
            u"deskline.v_escalations"_s,
            u"escalations"_s,
            u"server_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::OptionalText, Write::InsertOnly}.selectedAs(
                    u"client_id::text"_s),
                SyncedColumn{u"ticket_id"_s, u"ticket_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"kind"_s, u"kind"_s, Conversion::Int, Write::InsertOnly},
                {u"to_tier"_s, u"to_tier"_s, Conversion::Int, Write::InsertOnly},
                {u"from_agent_id"_s, u"from_agent_id"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"from_team_id"_s, u"from_team_id"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"to_team_id"_s, u"to_team_id"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"to_agent_id"_s, u"to_agent_id"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"reason"_s, u"reason"_s, Conversion::Text, Write::InsertOnly},
                {u"summary"_s, u"summary"_s, Conversion::Text, Write::InsertOnly},
                SyncedColumn{u"facts"_s, u"facts"_s, Conversion::Text, Write::InsertOnly}.selectedAs(u"facts::text"_s),
                {u"urgency"_s, u"urgency"_s, Conversion::Int, Write::InsertOnly},
                {u"created_at"_s, u"created_at"_s, Conversion::Int64, Write::InsertOnly},
                {u"handed_back_at"_s, u"handed_back_at"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"hand_back_note"_s, u"hand_back_note"_s, Conversion::Text, Write::InsertOnly},
            }}
            .acknowledgedBy({u"ticket.escalate"_s, u"escalation_id"_s, false, true}),
        // As made, but for sending and answering, which ServerRowApplier only moves forward.
        SyncedEntity{
            u"survey"_s,
            u"deskline.v_surveys"_s,
            u"surveys"_s,
            u"server_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::OptionalText, Write::InsertOnly}.selectedAs(
                    u"client_id::text"_s),
                SyncedColumn{u"ticket_id"_s, u"ticket_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"agent_id"_s, u"agent_id"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"resolution"_s, u"resolution"_s, Conversion::Int, Write::InsertOnly},
                {u"mode"_s, u"mode"_s, Conversion::Int, Write::InsertOnly},
                {u"score"_s, u"score"_s, Conversion::OptionalInt, Write::InsertOnly},
                {u"comment"_s, u"comment"_s, Conversion::Text, Write::InsertOnly},
                {u"skip_reason"_s, u"skip_reason"_s, Conversion::Text, Write::InsertOnly},
                {u"created_at"_s, u"created_at"_s, Conversion::Int64, Write::InsertOnly},
                {u"send_at"_s, u"send_at"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"sent_at"_s, u"sent_at"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"answered_at"_s, u"answered_at"_s, Conversion::OptionalInt64, Write::InsertOnly},
            }}
            .acknowledgedBy({u"survey.record"_s, u"survey_id"_s, false, true}),
        SyncedEntity{
            u"time_entry"_s,
            u"deskline.v_time_entries"_s,
            u"time_entries"_s,
            u"server_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::Text, Write::InsertOnly}.selectedAs(
                    u"client_id::text"_s),
                SyncedColumn{u"ticket_id"_s, u"ticket_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"agent_id"_s, u"agent_id"_s, Conversion::OptionalInt64, Write::InsertOnly},
                {u"started_at"_s, u"started_at"_s, Conversion::Int64, Write::InsertOnly},
                {u"duration_ms"_s, u"duration_ms"_s, Conversion::Int64},
                {u"note"_s, u"note"_s, Conversion::Text},
                {u"manual"_s, u"manual"_s, Conversion::Bool},
            }}
            .acknowledgedBy({u"time.add"_s, u"time_entry_id"_s, false, true}),
        // A live chat beside its ticket, keyed by it (the server's ticket id; the desk's row holds
        // the local one). Its token's hash stays on the server: the gateway serves the page.
        // ServerRowApplier stamps changed_at when it writes a row, which ChatDesk looks by.
        SyncedEntity{
            u"chat"_s,
            u"deskline.v_chat_sessions"_s,
            u"chat_sessions"_s,
            u"ticket_id"_s,
            {
                SyncedColumn{u"ticket_id"_s, u"ticket_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"language"_s, u"language"_s, Conversion::Text},
                {u"customer_typing_at"_s, u"customer_typing_at"_s, Conversion::OptionalInt64},
                {u"agent_typing_at"_s, u"agent_typing_at"_s, Conversion::OptionalInt64},
                {u"transcript_to"_s, u"transcript_to"_s, Conversion::Text},
                {u"ended_at"_s, u"ended_at"_s, Conversion::OptionalInt64},
                {u"created_at"_s, u"created_at"_s, Conversion::Int64, Write::InsertOnly},
            }}
            .keyedBy(u"ticket_id"_s),
        {u"rule"_s,
         u"deskline.v_classification_rules"_s,
         u"classification_rules"_s,
         u"client_id"_s,
         {
             {u"id"_s, u"server_id"_s, Conversion::Int64},
             SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::Text}.selectedAs(u"client_id::text"_s),
             {u"position"_s, u"position"_s, Conversion::Int},
             {u"name"_s, u"name"_s, Conversion::Text},
             {u"phrases"_s, u"phrases"_s, Conversion::Text},
             {u"channel"_s, u"channel"_s, Conversion::OptionalInt},
             {u"account_status"_s, u"account_status"_s, Conversion::OptionalInt},
             {u"category"_s, u"category"_s, Conversion::OptionalInt},
             {u"priority"_s, u"priority"_s, Conversion::OptionalInt},
             {u"tags"_s, u"tags"_s, Conversion::Text},
             {u"team_id"_s, u"team_id"_s, Conversion::OptionalInt64},
             {u"enabled"_s, u"enabled"_s, Conversion::Bool},
         }},
        // Team settings go to the store's meta values, one key at a time (LocalStore::applySharedSetting).
        {u"setting"_s,
         u"deskline.v_team_settings"_s,
         {},
         {},
         {
             {u"id"_s, {}, Conversion::Int64, Write::ReadOnly},
             {u"key"_s, {}, Conversion::Text, Write::ReadOnly},
             {u"value"_s, {}, Conversion::Text, Write::ReadOnly},
         }},
        SyncedEntity{
            u"event"_s,
            u"deskline.v_ticket_events"_s,
            u"audit_events"_s,
            u"server_id"_s,
            {
                {u"id"_s, u"server_id"_s, Conversion::Int64},
                SyncedColumn{u"client_id"_s, u"client_id"_s, Conversion::Text}.selectedAs(u"client_id::text"_s),
                SyncedColumn{u"ticket_id"_s, u"ticket_id"_s, Conversion::Int64, Write::InsertOnly}.boundByApplier(),
                {u"agent_id"_s, u"agent_id"_s, Conversion::OptionalInt64},
                {u"action"_s, u"action"_s, Conversion::Text},
                {u"detail"_s, u"detail"_s, Conversion::Text},
                {u"at"_s, u"at"_s, Conversion::Int64},
            }},
    };
    return entities;
}

} // namespace

const QList<SyncedEntity> &SyncedEntities::all()
{
    static const QList<SyncedEntity> entities = describe();
    return entities;
}

const SyncedEntity &SyncedEntities::get(const QString &name)
{
    const QList<SyncedEntity> &entities = all();
    const auto found =
        std::find_if(entities.cbegin(), entities.cend(), [&](const SyncedEntity &e) { return e.name() == name; });
    Q_ASSERT_X(found != entities.cend(), "SyncedEntities::get", qPrintable(name));
    return *found;
}

const SyncedEntity *SyncedEntities::createdBy(const QString &mutation)
{
    for (const SyncedEntity &entity : all()) {
        if (entity.acknowledgement().mutation == mutation)
            return &entity;
    }
    return nullptr;
}
