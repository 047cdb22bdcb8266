#include "serverrowapplier.h"

#include "clock.h"
#include "localstore.h"
#include "slaschedule.h"
#include "sqlerrortext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

QString ServerRowApplier::idArray(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return u"{"_s + parts.join(u',') + u"}"_s;
}

namespace {

// The current row's first columns, in one allocation.
QVariantList rowValues(const QSqlQuery &rows, int columns)
{
    QVariantList values;
    values.reserve(columns);
    for (int i = 0; i < columns; ++i)
        values << rows.value(i);
    return values;
}

QVariant nullableId(const QVariant &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<qint64>()) : QVariant(value.toLongLong());
}

} // namespace

ServerRowApplier::ServerRowApplier(QSqlDatabase server, LocalStore &local)
    : m_server(server)
    , m_local(local)
{}

bool ServerRowApplier::fail(const QString &message)
{
    m_error = message;
    return false;
}

QHash<qint64, qint64> ServerRowApplier::localIds(const QString &table, const QSet<qint64> &serverIds)
{
    QHash<qint64, qint64> found;
    if (serverIds.isEmpty())
        return found;
    QJsonArray array;
    for (qint64 id : serverIds)
        array.append(id);
    QSqlQuery &query = m_local.cached(
        u"SELECT server_id, id FROM %1 WHERE server_id IN (SELECT value FROM json_each(?))"_s.arg(table));
    query.bindValue(0, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
    if (m_local.exec(query)) {
        while (query.next())
            found.insert(query.value(0).toLongLong(), query.value(1).toLongLong());
    }
    query.finish();
    return found;
}

// Rows that refer to customers, agents or teams this desk lacks fetch those first, in one
// round trip each rather than one per row.
bool ServerRowApplier::prefetch(const QSet<qint64> &customers, const QSet<qint64> &agents, const QSet<qint64> &teams)
{
    auto missing = [this](const QString &table, const QString &key, const QSet<qint64> &ids) {
        QList<qint64> absent;
        if (ids.isEmpty())
            return absent;
        QJsonArray array;
        for (qint64 id : ids)
            array.append(id);
        QSqlQuery &query = m_local.cached(
            u"SELECT value FROM json_each(?) WHERE NOT EXISTS (SELECT 1 FROM %2 WHERE %1 = value)"_s.arg(key, table));
        query.bindValue(0, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
        if (m_local.exec(query)) {
            while (query.next())
                absent << query.value(0).toLongLong();
        }
        query.finish();
        return absent;
    };
    const QList<qint64> absentTeams = missing(u"teams"_s, u"id"_s, teams);
    if (!absentTeams.isEmpty() && !fetchAndWrite(u"team"_s, absentTeams))
        return false;
    const QList<qint64> absentAgents = missing(u"agents"_s, u"id"_s, agents);
    if (!absentAgents.isEmpty() && !fetchAndWrite(u"agent"_s, absentAgents))
        return false;
    const QList<qint64> absentCustomers = missing(u"customers"_s, u"server_id"_s, customers);
    return absentCustomers.isEmpty() || fetchAndWrite(u"customer"_s, absentCustomers);
}

namespace {

// What each entity reads from its view, in the column order the writers below expect.
struct EntitySource {
    QStringView entity;
    QStringView select;
};

constexpr EntitySource entitySources[] = {
    {u"team", u"SELECT id, name, tier FROM deskline.v_teams"},
    {u"agent", u"SELECT id, login, name, team_id, role FROM deskline.v_agents"},
    {u"customer", u"SELECT id, external_id, name, username, email, phone, phone_key, account_status, two_factor,"
                  u" created_at FROM deskline.v_customers"},
    {u"order", u"SELECT id, customer_id, number, placed_at, status, amount_cents, currency, payment_state"
               u" FROM deskline.v_orders"},
    {u"device", u"SELECT id, customer_id, model, os_version, app_version FROM deskline.v_devices"},
    {u"ticket", u"SELECT id, client_id::text, external_id, subject, channel, category, priority, status,"
                u" customer_id, assignee_id, team_id, created_at, updated_at, first_response_at, solved_at,"
                u" closed_at, message_count, version, coalesce(array_to_json(tags), '[]')::text,"
                u" priority_set_by, category_set_by, escalation_tier, archived_at, follow_up_of, merged_into,"
                u" status_before_merge FROM deskline.v_tickets"},
    {u"message", u"SELECT id, client_id::text, ticket_id, kind, author_agent_id, author_name, body, created_at"
                 u" FROM deskline.v_messages"},
    {u"escalation", u"SELECT id, client_id::text, ticket_id, kind, to_tier, from_agent_id, from_team_id, to_team_id,"
                    u" to_agent_id, reason, summary, facts::text, urgency, created_at, handed_back_at, hand_back_note"
                    u" FROM deskline.v_escalations"},
    {u"survey", u"SELECT id, client_id::text, ticket_id, agent_id, resolution, mode, score, comment, skip_reason,"
                u" created_at, send_at, sent_at, answered_at FROM deskline.v_surveys"},
    {u"time_entry", u"SELECT id, client_id::text, ticket_id, agent_id, started_at, duration_ms, note, manual"
                    u" FROM deskline.v_time_entries"},
    {u"rule", u"SELECT id, client_id::text, position, name, phrases, channel, account_status, category, priority, tags,"
              u" team_id, enabled FROM deskline.v_classification_rules"},
    {u"setting", u"SELECT id, key, value FROM deskline.v_team_settings"},
    {u"event", u"SELECT id, client_id::text, ticket_id, agent_id, action, detail, at FROM deskline.v_ticket_events"},
};

} // namespace

namespace {

QString selectSql(const QString &entity, const QString &key)
{
    const auto source = std::find_if(std::begin(entitySources), std::end(entitySources),
                                     [&](const EntitySource &s) { return s.entity == entity; });
    Q_ASSERT(source != std::end(entitySources));
    return source->select.toString() + u" WHERE %1 = ANY(?::bigint[]) ORDER BY id"_s.arg(key);
}

bool readRows(QSqlQuery &query, const QList<qint64> &ids, ServerRows &rows, QString *error)
{
    query.bindValue(0, ServerRowApplier::idArray(ids));
    if (!query.exec()) {
        *error = sqlErrorText(query.lastError());
        return false;
    }
    const int columns = query.record().count();
    rows.reserve(rows.size() + std::max(0, query.size()));
    while (query.next())
        rows << rowValues(query, columns);
    query.finish();
    return true;
}

} // namespace

bool ServerRowApplier::fetch(QSqlDatabase server, const QString &entity, const QString &key, const QList<qint64> &ids,
                             ServerRows &rows, QString *error)
{
    QSqlQuery query(server);
    query.setForwardOnly(true);
    if (!query.prepare(selectSql(entity, key))) {
        *error = sqlErrorText(query.lastError());
        return false;
    }
    return readRows(query, ids, rows, error);
}

bool ServerRowApplier::fetchAndWrite(const QString &entity, const QList<qint64> &ids)
{
    // Prepared once per connection: a statement prepared for one call costs two more round
    // trips (prepare and deallocate), which is most of a small pull's time.
    auto statement = m_serverStatements.find(entity);
    if (statement == m_serverStatements.end()) {
        QSqlQuery query(m_server);
        query.setForwardOnly(true);
        if (!query.prepare(selectSql(entity, u"id"_s)))
            return fail(sqlErrorText(query.lastError()));
        statement = m_serverStatements.insert(entity, query);
    }
    ServerRows rows;
    if (!readRows(*statement, ids, rows, &m_error) || !write(entity, rows))
        return false;
    if (entity == u"time_entry" || entity == u"rule") {
        // Asked for and not returned: removed on the server (or its ticket is no longer visible).
        QSet<qint64> gone(ids.begin(), ids.end());
        for (const QVariantList &row : std::as_const(rows))
            gone.remove(row[0].toLongLong());
        const QString table = entity == u"rule" ? u"classification_rules"_s : u"time_entries"_s;
        for (qint64 id : std::as_const(gone)) {
            QSqlQuery &remove = m_local.cached(u"DELETE FROM %1 WHERE server_id = ?"_s.arg(table));
            remove.bindValue(0, id);
            if (!m_local.exec(remove))
                return fail(m_local.errorString());
        }
        return true;
    }
    if (entity != u"ticket")
        return true;
    // Asked for and not returned: gone from the server, or no longer visible to this agent.
    QSet<qint64> gone(ids.begin(), ids.end());
    for (const QVariantList &row : std::as_const(rows))
        gone.remove(row[0].toLongLong());
    return removeTickets(gone);
}

bool ServerRowApplier::removeTickets(const QSet<qint64> &serverIds)
{
    const QHash<qint64, qint64> known = localIds(u"tickets"_s, serverIds);
    for (auto it = known.cbegin(); it != known.cend(); ++it) {
        for (const QString &sql :
             {u"DELETE FROM search_docs WHERE ticket_id = ?"_s, u"DELETE FROM outbox WHERE ticket_id = ?"_s,
              u"DELETE FROM tickets WHERE id = ?"_s}) {
            QSqlQuery &remove = m_local.cached(sql);
            remove.bindValue(0, it.value());
            if (!m_local.exec(remove))
                return fail(m_local.errorString());
        }
        m_changedTickets.insert(it.value());
    }
    return true;
}

namespace {

// Parents before children, so every reference finds its row.
const QStringList &parentsFirst()
{
    static const QStringList order{u"team"_s,   u"agent"_s,   u"customer"_s,   u"order"_s,  u"device"_s,
                                   u"ticket"_s, u"message"_s, u"escalation"_s, u"survey"_s, u"time_entry"_s,
                                   u"rule"_s,   u"setting"_s, u"event"_s};
    return order;
}

} // namespace

bool ServerRowApplier::apply(const Changes &changes)
{
    for (const QString &entity : parentsFirst()) {
        const QSet<qint64> set = changes.value(entity);
        if (set.isEmpty())
            continue;
        QList<qint64> ids(set.begin(), set.end());
        std::sort(ids.begin(), ids.end());
        if (!fetchAndWrite(entity, ids))
            return false;
    }
    return true;
}

bool ServerRowApplier::applyFetched(const Fetched &fetched)
{
    for (const QString &entity : parentsFirst()) {
        const auto rows = fetched.constFind(entity);
        if (rows != fetched.cend() && !rows->isEmpty() && !write(entity, *rows))
            return false;
    }
    return true;
}

bool ServerRowApplier::write(const QString &entity, const ServerRows &rows)
{
    if (entity == u"team")
        return writeTeams(rows);
    if (entity == u"agent")
        return writeAgents(rows);
    if (entity == u"customer")
        return writeCustomers(rows);
    if (entity == u"order")
        return writeCustomerRecords(
            u"orders"_s,
            {u"number"_s, u"placed_at"_s, u"status"_s, u"amount_cents"_s, u"currency"_s, u"payment_state"_s}, rows);
    if (entity == u"device")
        return writeCustomerRecords(u"devices"_s, {u"model"_s, u"os_version"_s, u"app_version"_s}, rows);
    if (entity == u"ticket")
        return writeTickets(rows);
    if (entity == u"message")
        return writeMessages(rows);
    if (entity == u"escalation")
        return writeEscalations(rows);
    if (entity == u"survey")
        return writeSurveys(rows);
    if (entity == u"time_entry")
        return writeTimeEntries(rows);
    if (entity == u"rule")
        return writeRules(rows);
    if (entity == u"setting")
        return writeSettings(rows, false);
    if (entity == u"event")
        return writeEvents(rows);
    return fail(tr("Unknown kind of row: %1").arg(entity));
}

QList<qint64> ServerRowApplier::takeChangedTickets()
{
    QList<qint64> ids(m_changedTickets.begin(), m_changedTickets.end());
    m_changedTickets.clear();
    return ids;
}

bool ServerRowApplier::takeSettingsChanged()
{
    return std::exchange(m_settingsChanged, false);
}

QList<ServerRowApplier::Overwrite> ServerRowApplier::takeOverwrites()
{
    return std::exchange(m_overwritten, {});
}

QList<qint64> ServerRowApplier::takeTicketsWithNewMessages()
{
    QList<qint64> ids(m_ticketsWithNewMessages.begin(), m_ticketsWithNewMessages.end());
    m_ticketsWithNewMessages.clear();
    return ids;
}

bool ServerRowApplier::writeTeams(const ServerRows &rows)
{
    for (const QVariantList &v : rows) {
        QSqlQuery upsert =
            m_local.prepare(u"INSERT INTO teams(id, name, tier) VALUES (:id, :name, :tier)"
                            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, tier = excluded.tier"_s);
        upsert.bindValue(u":id"_s, v[0].toLongLong());
        upsert.bindValue(u":name"_s, v[1].toString());
        upsert.bindValue(u":tier"_s, v[2].toInt());
        if (!m_local.exec(upsert))
            return fail(m_local.errorString());
    }
    return true;
}

bool ServerRowApplier::writeAgents(const ServerRows &rows)
{
    for (const QVariantList &v : rows) {
        if (!v[3].isNull() && !prefetch({}, {}, {v[3].toLongLong()}))
            return false;
        QSqlQuery &upsert = m_local.cached(
            u"INSERT INTO agents(id, login, name, team_id, role) VALUES (:id, :login, :name, :team, :role)"
            " ON CONFLICT(id) DO UPDATE SET login = excluded.login, name = excluded.name,"
            " team_id = excluded.team_id, role = excluded.role"_s);
        upsert.bindValue(u":id"_s, v[0].toLongLong());
        upsert.bindValue(u":login"_s, v[1].toString());
        upsert.bindValue(u":name"_s, v[2].toString());
        upsert.bindValue(u":team"_s, nullableId(v[3]));
        upsert.bindValue(u":role"_s, v[4].toInt());
        if (!m_local.exec(upsert))
            return fail(m_local.errorString());
    }
    return true;
}

bool ServerRowApplier::writeCustomers(const ServerRows &rows)
{
    for (const QVariantList &v : rows) {
        // A customer this desk created arrives with its ticket's create; the ack gave it its
        // server id already, so matching by server id is enough.
        QSqlQuery &upsert = m_local.cached(
            u"INSERT INTO customers(server_id, external_id, name, username, email, phone, phone_key, account_status,"
            " two_factor, created_at) VALUES (:sid, :ext, :name, :user, :email, :phone, :pkey, :status, :tfa, :at)"
            " ON CONFLICT(server_id) WHERE server_id IS NOT NULL DO UPDATE SET external_id = excluded.external_id,"
            " name = excluded.name, username = excluded.username, email = excluded.email, phone = excluded.phone,"
            " phone_key = excluded.phone_key, account_status = excluded.account_status,"
            " two_factor = excluded.two_factor"_s);
        upsert.bindValue(u":sid"_s, v[0].toLongLong());
        upsert.bindValue(u":ext"_s, v[1].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[1]);
        upsert.bindValue(u":name"_s, v[2].toString());
        upsert.bindValue(u":user"_s, v[3].toString());
        upsert.bindValue(u":email"_s, v[4].toString());
        upsert.bindValue(u":phone"_s, v[5].toString());
        upsert.bindValue(u":pkey"_s, v[6].toString());
        upsert.bindValue(u":status"_s, v[7].toInt());
        upsert.bindValue(u":tfa"_s, v[8].toBool());
        upsert.bindValue(u":at"_s, v[9].toLongLong());
        if (!m_local.exec(upsert))
            return fail(m_local.errorString());
    }
    return true;
}

// Orders and devices: rows that hang off a customer, same columns here and on the server.
bool ServerRowApplier::writeCustomerRecords(const QString &table, const QStringList &columns, const ServerRows &rows)
{
    QSet<qint64> customerIds;
    for (const QVariantList &v : rows)
        customerIds.insert(v[1].toLongLong());
    if (!prefetch(customerIds, {}, {}))
        return false;
    const QHash<qint64, qint64> customers = localIds(u"customers"_s, customerIds);
    QStringList updates{u"customer_id = excluded.customer_id"_s};
    for (const QString &column : columns)
        updates << u"%1 = excluded.%1"_s.arg(column);
    const QString sql = u"INSERT INTO %1(server_id, customer_id, %2) VALUES (?, ?%3)"
                        " ON CONFLICT(server_id) WHERE server_id IS NOT NULL DO UPDATE SET %4"_s.arg(
                            table, columns.join(u", "_s), u", ?"_s.repeated(columns.size()), updates.join(u", "_s));
    for (const QVariantList &v : rows) {
        const auto customer = customers.constFind(v[1].toLongLong());
        if (customer == customers.cend())
            continue; // not visible to this desk
        QSqlQuery &upsert = m_local.cached(sql);
        upsert.bindValue(0, v[0].toLongLong());
        upsert.bindValue(1, *customer);
        for (int i = 0; i < columns.size(); ++i)
            upsert.bindValue(i + 2, v[i + 2]);
        if (!m_local.exec(upsert))
            return fail(m_local.errorString());
    }
    return true;
}

bool ServerRowApplier::writeTickets(const ServerRows &fetched)
{
    QSet<qint64> customerIds, agentIds, teamIds, serverIds;
    for (const QVariantList &values : fetched) {
        customerIds.insert(values[8].toLongLong());
        if (!values[9].isNull())
            agentIds.insert(values[9].toLongLong());
        if (!values[10].isNull())
            teamIds.insert(values[10].toLongLong());
        serverIds.insert(values[0].toLongLong());
    }
    if (!prefetch(customerIds, agentIds, teamIds))
        return false;
    const QHash<qint64, qint64> customers = localIds(u"customers"_s, customerIds);
    const QHash<qint64, qint64> known = localIds(u"tickets"_s, serverIds);
    // Tickets this desk created that the server has not numbered for it yet, and tickets
    // with changes still queued here (those go back on top of the server's state).
    QHash<QString, qint64> createdHere;
    QSet<qint64> pending;
    {
        // Looked up by the fetched rows' client ids: the index answers, whatever the store's size.
        QJsonArray clientIds;
        for (const QVariantList &v : std::as_const(fetched)) {
            if (!v[1].isNull())
                clientIds.append(v[1].toString());
        }
        QSqlQuery &query = m_local.cached(u"SELECT client_id, id FROM tickets WHERE client_id IN"
                                          " (SELECT value FROM json_each(?)) AND server_id IS NULL"_s);
        query.bindValue(0, QString::fromUtf8(QJsonDocument(clientIds).toJson(QJsonDocument::Compact)));
        if (m_local.exec(query)) {
            while (query.next())
                createdHere.insert(query.value(0).toString(), query.value(1).toLongLong());
        }
        query.finish();
        QSqlQuery &queued = m_local.cached(u"SELECT DISTINCT ticket_id FROM outbox"_s);
        if (m_local.exec(queued)) {
            while (queued.next())
                pending.insert(queued.value(0).toLongLong());
        }
        queued.finish();
    }

    for (const QVariantList &v : std::as_const(fetched)) {
        const qint64 serverId = v[0].toLongLong();
        const auto customer = customers.constFind(v[8].toLongLong());
        if (customer == customers.cend())
            return fail(tr("Ticket %1 refers to a customer this desk cannot read.").arg(serverId));
        std::optional<qint64> localId;
        if (auto it = known.constFind(serverId); it != known.cend())
            localId = *it;
        else if (auto mine = createdHere.constFind(v[1].toString()); !v[1].isNull() && mine != createdHere.cend())
            localId = *mine;

        // Someone else's later priority or category replaced this agent's own choice: say so,
        // unless this desk's own change of that field is still on its way.
        const qint64 me = m_local.currentAgentId();
        const bool othersSet =
            (!v[19].isNull() && v[19].toLongLong() != me) || (!v[20].isNull() && v[20].toLongLong() != me);
        if (localId && me > 0 && othersSet) {
            QSqlQuery &before = m_local.cached(
                u"SELECT priority, priority_set_by, category, category_set_by,"
                " (SELECT group_concat(name) FROM outbox o WHERE o.ticket_id = t.id) FROM tickets t WHERE id = ?"_s);
            before.bindValue(0, *localId);
            if (m_local.exec(before) && before.next()) {
                const QString queued = before.value(4).toString();
                const struct {
                    const char *field;
                    int serverValue, localColumn, serverSetBy;
                } fields[] = {{"priority", 6, 0, 19}, {"category", 5, 2, 20}};
                for (const auto &f : fields) {
                    const QVariant setBy = v[f.serverSetBy];
                    if (before.value(f.localColumn + 1).toLongLong() == me && !setBy.isNull() &&
                        setBy.toLongLong() != me && before.value(f.localColumn).toInt() != v[f.serverValue].toInt() &&
                        !queued.contains(u"ticket.set_"_s + QLatin1StringView(f.field)))
                        m_overwritten.append({*localId, QString::fromLatin1(f.field), setBy.toLongLong()});
                }
            }
            before.finish();
        }
        const auto channel = fieldFromInt<Channel>(v[4].toInt());
        const auto priority = fieldFromInt<Priority>(v[6].toInt());
        const auto status = fieldFromInt<TicketStatus>(v[7].toInt());
        // A ticket this desk holds keeps its own service clock, moved by the server's status; a
        // new one is taken to have run since it was created.
        SlaSchedule::Clock clock = SlaSchedule::fromCreation(status, v[11].toLongLong());
        if (localId) {
            if (const auto held = m_local.slaClock(*localId))
                clock = m_local.sla().reconciled(*held, status, m_local.clock().now().toMSecsSinceEpoch());
        }
        const qint64 due = m_local.sla().dueAt(clock, channel, priority, status, !v[13].isNull());
        QSqlQuery &write = m_local.cached(
            localId
                ? u"UPDATE tickets SET server_id = :sid, client_id = :cid, external_id = :ext, subject = :subject,"
                  " channel = :channel, category = :category, priority = :priority, status = :status,"
                  " customer_id = :customer, customer_name = (SELECT name FROM customers WHERE id = :customer2),"
                  " assignee_id = :assignee, assignee_name = coalesce((SELECT name FROM agents WHERE id = :assignee2),"
                  " ''), team_id = :team, created_at = :created, updated_at = :updated, due_at = :due,"
                  " first_response_at = :first, solved_at = :solved, closed_at = :closed, message_count = :count,"
                  " server_version = :version, sla_elapsed_ms = :elapsed, sla_since = :since,"
                  " escalation_tier = :tier, archived_at = :archived,"
                  " follow_up_of = (SELECT id FROM tickets WHERE server_id = :followed),"
                  " merged_into = (SELECT id FROM tickets WHERE server_id = :merged), merged_into_server = :merged2,"
                  " status_before_merge = :before, awaiting_reply_since = :awaiting WHERE id = :local"_s
                : u"INSERT INTO tickets(server_id, client_id, external_id, subject, channel, category, priority,"
                  " status, customer_id, customer_name, assignee_id, assignee_name, team_id, created_at, updated_at,"
                  " due_at, first_response_at, solved_at, closed_at, message_count, server_version, priority_set_by,"
                  " category_set_by, sla_elapsed_ms, sla_since, escalation_tier, archived_at, follow_up_of,"
                  " merged_into, merged_into_server, status_before_merge, awaiting_reply_since) VALUES (:sid,"
                  " :cid, :ext, :subject, :channel, :category, :priority, :status, :customer,"
                  " (SELECT name FROM customers WHERE id = :customer2), :assignee,"
                  " coalesce((SELECT name FROM agents WHERE id = :assignee2), ''), :team, :created, :updated, :due,"
                  " :first, :solved, :closed, :count, :version, :pby, :cby, :elapsed, :since, :tier, :archived,"
                  " (SELECT id FROM tickets WHERE server_id = :followed),"
                  " (SELECT id FROM tickets WHERE server_id = :merged), :merged2, :before, :awaiting)"_s);
        write.bindValue(u":sid"_s, serverId);
        write.bindValue(u":cid"_s, v[1].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[1]);
        write.bindValue(u":ext"_s, v[2].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[2]);
        write.bindValue(u":subject"_s, v[3].toString());
        write.bindValue(u":channel"_s, v[4].toInt());
        write.bindValue(u":category"_s, v[5].toInt());
        write.bindValue(u":priority"_s, v[6].toInt());
        write.bindValue(u":status"_s, v[7].toInt());
        write.bindValue(u":customer"_s, *customer);
        write.bindValue(u":customer2"_s, *customer);
        write.bindValue(u":assignee"_s, nullableId(v[9]));
        write.bindValue(u":assignee2"_s, nullableId(v[9]));
        write.bindValue(u":team"_s, nullableId(v[10]));
        write.bindValue(u":created"_s, v[11].toLongLong());
        write.bindValue(u":updated"_s, v[12].toLongLong());
        write.bindValue(u":due"_s, due);
        write.bindValue(u":elapsed"_s, clock.elapsedMs);
        write.bindValue(u":since"_s, clock.runningSinceOrNull());
        write.bindValue(u":first"_s, nullableId(v[13]));
        write.bindValue(u":solved"_s, nullableId(v[14]));
        write.bindValue(u":closed"_s, nullableId(v[15]));
        write.bindValue(u":count"_s, v[16].toInt());
        write.bindValue(u":version"_s, v[17].toLongLong());
        write.bindValue(u":pby"_s, nullableId(v[19]));
        write.bindValue(u":cby"_s, nullableId(v[20]));
        write.bindValue(u":tier"_s, v[21].toInt());
        write.bindValue(u":archived"_s, nullableId(v[22]));
        write.bindValue(u":followed"_s, nullableId(v[23]));
        write.bindValue(u":awaiting"_s, clock.awaitingReplySinceOrNull());
        write.bindValue(u":merged"_s, nullableId(v[24]));
        write.bindValue(u":merged2"_s, nullableId(v[24]));
        write.bindValue(u":before"_s, v[25].isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(v[25].toInt()));
        if (localId)
            write.bindValue(u":local"_s, *localId);
        if (!m_local.exec(write))
            return fail(m_local.errorString());
        const bool isNew = !localId;
        if (isNew) {
            localId = write.lastInsertId().toLongLong();
            if (!m_deferSearchIndex && !m_local.insertSearchDoc(*localId, 0, v[3].toString()))
                return fail(m_local.errorString());
        }
        // Tags are the server's set (a JSON array): only the difference is written.
        const QString tags = v[18].toString();
        if (!isNew) {
            QSqlQuery &dropped = m_local.cached(u"DELETE FROM ticket_tags WHERE ticket_id = ?"
                                                " AND tag NOT IN (SELECT value FROM json_each(?))"_s);
            dropped.bindValue(0, *localId);
            dropped.bindValue(1, tags);
            if (!m_local.exec(dropped))
                return fail(m_local.errorString());
        }
        if (tags != u"[]") {
            QSqlQuery &added = m_local.cached(
                u"INSERT OR IGNORE INTO ticket_tags(ticket_id, tag) SELECT ?, value FROM json_each(?)"_s);
            added.bindValue(0, *localId);
            added.bindValue(1, tags);
            if (!m_local.exec(added))
                return fail(m_local.errorString());
        }
        if (pending.contains(*localId) && !replayPending(*localId))
            return false;
        m_changedTickets.insert(*localId);
    }
    // A duplicate may arrive before the ticket it was merged into (the first copy goes newest
    // first, in slices): the server's id waits beside it until that ticket is here.
    QSqlQuery &linkMerges = m_local.cached(
        u"UPDATE tickets SET merged_into = (SELECT t.id FROM tickets t WHERE t.server_id = tickets.merged_into_server)"
        " WHERE merged_into_server IS NOT NULL AND merged_into IS NULL"
        " AND merged_into_server IN (SELECT server_id FROM tickets WHERE server_id IS NOT NULL)"
        " RETURNING id, merged_into"_s);
    if (!m_local.exec(linkMerges))
        return fail(m_local.errorString());
    while (linkMerges.next()) {
        m_changedTickets.insert(linkMerges.value(0).toLongLong());
        m_changedTickets.insert(linkMerges.value(1).toLongLong());
    }
    linkMerges.finish();
    return true;
}

bool ServerRowApplier::replayPending(qint64 localTicketId)
{
    QSqlQuery pending = m_local.prepare(u"SELECT name, args FROM outbox WHERE ticket_id = :t ORDER BY id"_s);
    pending.bindValue(u":t"_s, localTicketId);
    if (!m_local.exec(pending))
        return fail(m_local.errorString());
    QList<std::pair<QString, QJsonObject>> queued;
    while (pending.next())
        queued.append({pending.value(0).toString(), QJsonDocument::fromJson(pending.value(1).toByteArray()).object()});
    for (const auto &[name, args] : queued) {
        QString sql;
        QVariant value;
        if (name == u"ticket.claim") {
            sql = u"UPDATE tickets SET assignee_id = :v, assignee_name = coalesce((SELECT name FROM agents"
                  " WHERE id = :v2), ''), status = CASE WHEN status = 0 THEN 1 ELSE status END WHERE id = :t"_s;
            value = m_local.currentAgentId();
        } else if (name == u"ticket.assign") {
            sql = u"UPDATE tickets SET assignee_id = :v, assignee_name = coalesce((SELECT name FROM agents"
                  " WHERE id = :v2), '') WHERE id = :t"_s;
            value = args.value(u"agent_id"_s).isNull() ? QVariant(QMetaType::fromType<qint64>())
                                                       : QVariant(qint64(args.value(u"agent_id"_s).toInteger()));
        } else if (name == u"ticket.set_status" || name == u"ticket.set_priority" || name == u"ticket.set_category") {
            const QString column = name.mid(11);
            sql = u"UPDATE tickets SET %1 = :v WHERE id = :t"_s.arg(column);
            value = int(args.value(column).toInteger());
        } else if (name == u"ticket.archive") {
            sql = u"UPDATE tickets SET archived_at = coalesce(archived_at, :v) WHERE id = :t"_s;
            value = m_local.clock().now().toMSecsSinceEpoch();
        } else if (name == u"ticket.restore") {
            sql = u"UPDATE tickets SET archived_at = NULL WHERE id = :t"_s;
        } else if (name == u"ticket.merge") {
            sql = u"UPDATE tickets SET status_before_merge = CASE WHEN merged_into IS NULL THEN status"
                  " ELSE status_before_merge END, merged_into = :v, status = 5 WHERE id = :t"_s;
            value = qint64(args.value(u"target_ticket_id"_s).toInteger());
        } else if (name == u"ticket.unmerge") {
            sql = u"UPDATE tickets SET status = coalesce(status_before_merge, 1), merged_into = NULL,"
                  " merged_into_server = NULL, status_before_merge = NULL WHERE id = :t"_s;
        } else if (name == u"ticket.escalate") {
            // The receiver as this desk's own escalation row says, until the server has it.
            sql = u"UPDATE tickets SET (team_id, assignee_id, assignee_name, escalation_tier) = (SELECT e.to_team_id,"
                  " e.to_agent_id, coalesce(a.name, ''), e.to_tier FROM escalations e LEFT JOIN agents a"
                  " ON a.id = e.to_agent_id WHERE e.client_id = :v) WHERE id = :t"_s;
            value = args.value(u"client_id"_s).toString();
        } else if (name == u"ticket.hand_back") {
            sql = u"UPDATE tickets SET (team_id, assignee_id, assignee_name, escalation_tier) = (SELECT e.from_team_id,"
                  " e.from_agent_id, coalesce(a.name, ''), coalesce((SELECT o.to_tier FROM escalations o"
                  " WHERE o.ticket_id = e.ticket_id AND o.handed_back_at IS NULL ORDER BY o.id DESC LIMIT 1), 0)"
                  " FROM escalations e LEFT JOIN agents a ON a.id = e.from_agent_id WHERE e.ticket_id = :t"
                  " AND e.handed_back_at IS NOT NULL ORDER BY e.handed_back_at DESC, e.id DESC LIMIT 1)"
                  " WHERE id = :t2"_s;
            value = localTicketId;
        } else if (name == u"ticket.add_tag") {
            sql = u"INSERT OR IGNORE INTO ticket_tags(ticket_id, tag) VALUES (:t, :v)"_s;
            value = args.value(u"tag"_s).toString();
        } else if (name == u"ticket.remove_tag") {
            sql = u"DELETE FROM ticket_tags WHERE ticket_id = :t AND tag = :v"_s;
            value = args.value(u"tag"_s).toString();
        } else {
            continue;
        }
        QSqlQuery replay = m_local.prepare(sql);
        replay.bindValue(u":t"_s, localTicketId);
        if (sql.contains(u":t2"_s))
            replay.bindValue(u":t2"_s, localTicketId);
        if (sql.contains(u":v"_s))
            replay.bindValue(u":v"_s, value);
        if (sql.contains(u":v2"_s))
            replay.bindValue(u":v2"_s, value);
        if (!m_local.exec(replay))
            return fail(m_local.errorString());
    }
    // Messages still on their way count too, on top of the server's count.
    QSqlQuery count = m_local.prepare(u"UPDATE tickets SET message_count = message_count + (SELECT count(*) FROM"
                                      " messages WHERE ticket_id = :t AND server_id IS NULL) WHERE id = :t2"_s);
    count.bindValue(u":t"_s, localTicketId);
    count.bindValue(u":t2"_s, localTicketId);
    if (!m_local.exec(count))
        return fail(m_local.errorString());
    return true;
}

std::optional<QHash<qint64, qint64>> ServerRowApplier::ticketsOfRows(const ServerRows &fetched,
                                                                     std::initializer_list<int> agentColumns,
                                                                     std::initializer_list<int> teamColumns)
{
    // Rows about a ticket (column 2) that name agents and teams: those come first, so the
    // rows' references hold; the map gives each server ticket its local id (absent: not here).
    QSet<qint64> ticketIds, agentIds, teamIds;
    for (const QVariantList &v : fetched) {
        ticketIds.insert(v[2].toLongLong());
        for (int column : agentColumns) {
            if (!v[column].isNull())
                agentIds.insert(v[column].toLongLong());
        }
        for (int column : teamColumns) {
            if (!v[column].isNull())
                teamIds.insert(v[column].toLongLong());
        }
    }
    if (fetched.isEmpty())
        return QHash<qint64, qint64>{};
    if (!prefetch({}, agentIds, teamIds))
        return std::nullopt;
    return localIds(u"tickets"_s, ticketIds);
}

bool ServerRowApplier::writeEscalations(const ServerRows &fetched)
{
    const auto found = ticketsOfRows(fetched, {5, 8}, {6, 7});
    if (!found)
        return false;
    const QHash<qint64, qint64> &tickets = *found;
    for (const QVariantList &v : fetched) {
        const auto ticket = tickets.constFind(v[2].toLongLong());
        if (ticket == tickets.cend())
            continue; // its ticket is not on this desk
        // A hand-back is final: a server row that has not seen this desk's hand-back yet does not
        // undo it.
        QSqlQuery &known =
            m_local.cached(u"UPDATE escalations SET server_id = ?, handed_back_at = coalesce(?, handed_back_at),"
                           " hand_back_note = CASE WHEN ? IS NULL THEN hand_back_note ELSE ? END"
                           " WHERE server_id = ? OR (client_id IS NOT NULL AND client_id = ?)"_s);
        known.bindValue(0, v[0].toLongLong());
        known.bindValue(1, nullableId(v[14]));
        known.bindValue(2, nullableId(v[14]));
        known.bindValue(3, v[15].toString());
        known.bindValue(4, v[0].toLongLong());
        known.bindValue(5, v[1].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[1]);
        if (!m_local.exec(known))
            return fail(m_local.errorString());
        if (known.numRowsAffected() == 0) {
            QSqlQuery &insert = m_local.cached(
                u"INSERT INTO escalations(server_id, client_id, ticket_id, kind, to_tier, from_agent_id, from_team_id,"
                " to_team_id, to_agent_id, reason, summary, facts, urgency, created_at, handed_back_at, hand_back_note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
            insert.bindValue(0, v[0].toLongLong());
            insert.bindValue(1, v[1].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[1]);
            insert.bindValue(2, *ticket);
            insert.bindValue(3, v[3].toInt());
            insert.bindValue(4, v[4].toInt());
            for (int column = 5; column <= 8; ++column)
                insert.bindValue(column, nullableId(v[column]));
            insert.bindValue(9, v[9].toString());
            insert.bindValue(10, v[10].toString());
            insert.bindValue(11, v[11].toString());
            insert.bindValue(12, v[12].toInt());
            insert.bindValue(13, v[13].toLongLong());
            insert.bindValue(14, nullableId(v[14]));
            insert.bindValue(15, v[15].toString());
            if (!m_local.exec(insert))
                return fail(m_local.errorString());
        }
        m_changedTickets.insert(*ticket);
    }
    return true;
}

bool ServerRowApplier::writeSurveys(const ServerRows &fetched)
{
    const auto found = ticketsOfRows(fetched, {3}, {});
    if (!found)
        return false;
    const QHash<qint64, qint64> &tickets = *found;
    for (const QVariantList &v : fetched) {
        const auto ticket = tickets.constFind(v[2].toLongLong());
        if (ticket == tickets.cend())
            continue;
        // Sending and answering only move forward: a server row older than this desk's own
        // step keeps the desk's.
        QSqlQuery &known = m_local.cached(
            u"UPDATE surveys SET server_id = :sid, mode = CASE WHEN mode = 2 OR (sent_at IS NOT NULL AND :mode = 1) "
            u"THEN mode"
            " ELSE :mode2 END, skip_reason = CASE WHEN :mode3 = 2 THEN :skip ELSE skip_reason END,"
            " sent_at = coalesce(:sent, sent_at), score = CASE WHEN coalesce(:answered, 0) >= coalesce(answered_at, 0)"
            " THEN coalesce(:score, score) ELSE score END, comment = CASE WHEN coalesce(:answered2, 0) >="
            " coalesce(answered_at, 0) AND (:score2 IS NOT NULL) THEN :comment ELSE comment END,"
            " answered_at = max(coalesce(:answered3, 0), coalesce(answered_at, 0))"
            " WHERE server_id = :sid2 OR (client_id IS NOT NULL AND client_id = :cid)"_s);
        known.bindValue(u":sid"_s, v[0].toLongLong());
        known.bindValue(u":mode"_s, v[5].toInt());
        known.bindValue(u":mode2"_s, v[5].toInt());
        known.bindValue(u":mode3"_s, v[5].toInt());
        known.bindValue(u":skip"_s, v[8].toString());
        known.bindValue(u":sent"_s, nullableId(v[11]));
        known.bindValue(u":answered"_s, nullableId(v[12]));
        known.bindValue(u":answered2"_s, nullableId(v[12]));
        known.bindValue(u":answered3"_s, nullableId(v[12]));
        known.bindValue(u":score"_s, v[6].isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(v[6].toInt()));
        known.bindValue(u":score2"_s, v[6].isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(v[6].toInt()));
        known.bindValue(u":comment"_s, v[7].toString());
        known.bindValue(u":sid2"_s, v[0].toLongLong());
        known.bindValue(u":cid"_s, v[1].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[1]);
        if (!m_local.exec(known))
            return fail(m_local.errorString());
        if (known.numRowsAffected() == 0) {
            QSqlQuery &insert = m_local.cached(
                u"INSERT INTO surveys(server_id, client_id, ticket_id, agent_id, resolution, mode, score, comment,"
                " skip_reason, created_at, send_at, sent_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
            insert.bindValue(0, v[0].toLongLong());
            insert.bindValue(1, v[1].isNull() ? QVariant(QMetaType::fromType<QString>()) : v[1]);
            insert.bindValue(2, *ticket);
            insert.bindValue(3, nullableId(v[3]));
            insert.bindValue(4, v[4].toInt());
            insert.bindValue(5, v[5].toInt());
            insert.bindValue(6, v[6].isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(v[6].toInt()));
            insert.bindValue(7, v[7].toString());
            insert.bindValue(8, v[8].toString());
            insert.bindValue(9, v[9].toLongLong());
            for (int column = 10; column <= 12; ++column)
                insert.bindValue(column, nullableId(v[column]));
            if (!m_local.exec(insert))
                return fail(m_local.errorString());
        }
        m_changedTickets.insert(*ticket);
    }
    return true;
}

bool ServerRowApplier::writeRules(const ServerRows &fetched)
{
    QSet<qint64> teamIds;
    for (const QVariantList &v : fetched) {
        if (!v[10].isNull())
            teamIds.insert(v[10].toLongLong());
    }
    if (!teamIds.isEmpty() && !prefetch({}, {}, teamIds))
        return false;
    for (const QVariantList &v : fetched) {
        // Matched by server id, or by the client id this desk gave a rule it saved.
        QSqlQuery &upsert = m_local.cached(
            u"INSERT INTO classification_rules(server_id, client_id, position, name, phrases, channel, account_status,"
            " category, priority, tags, team_id, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(client_id) WHERE client_id IS NOT NULL DO UPDATE SET server_id = excluded.server_id,"
            " position = excluded.position, name = excluded.name, phrases = excluded.phrases,"
            " channel = excluded.channel, account_status = excluded.account_status, category = excluded.category,"
            " priority = excluded.priority, tags = excluded.tags, team_id = excluded.team_id,"
            " enabled = excluded.enabled"_s);
        upsert.bindValue(0, v[0].toLongLong());
        upsert.bindValue(1, v[1].toString());
        upsert.bindValue(2, v[2].toInt());
        upsert.bindValue(3, v[3].toString());
        upsert.bindValue(4, v[4].toString());
        for (int column = 5; column <= 8; ++column)
            upsert.bindValue(column,
                             v[column].isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(v[column].toInt()));
        upsert.bindValue(9, v[9].toString());
        upsert.bindValue(10, nullableId(v[10]));
        upsert.bindValue(11, v[11].toBool());
        if (!m_local.exec(upsert))
            return fail(m_local.errorString());
    }
    return true;
}

bool ServerRowApplier::writeSettings(const ServerRows &fetched, bool complete)
{
    QSet<QString> absent;
    if (complete) {
        const QStringList &keys = LocalStore::sharedSettingKeys();
        absent = QSet<QString>(keys.begin(), keys.end());
    }
    QHash<QString, QString> values;
    for (const QVariantList &v : fetched) {
        const QString key = v[1].toString();
        absent.remove(key);
        if (!LocalStore::sharedSettingKeys().contains(key))
            continue; // a setting of a newer desk
        // jsonb gives "4" for a number and {"…": …} for an object; the store keeps both the way
        // setSharedSetting() writes them, compact.
        const QJsonArray wrapped = QJsonDocument::fromJson(QString(u"["_s + v[2].toString() + u"]"_s).toUtf8()).array();
        const QJsonValue value = wrapped.isEmpty() ? QJsonValue() : wrapped.first();
        if (value.isObject())
            values.insert(key, QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
        else if (value.isDouble())
            values.insert(key, QString::number(value.toInteger()));
    }
    for (const QString &key : std::as_const(absent))
        values.insert(key, QString());
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        // This desk's own change still on its way wins; the server's echo of it comes later.
        QSqlQuery &pending = m_local.cached(u"SELECT count(*) FROM outbox WHERE name = 'setting.save'"
                                            " AND json_extract(args, '$.key') = ?"_s);
        pending.bindValue(0, it.key());
        if (!m_local.exec(pending) || !pending.next())
            return fail(m_local.errorString());
        const bool waiting = pending.value(0).toInt() > 0;
        pending.finish();
        if (waiting || m_local.metaValue(it.key()) == it.value())
            continue;
        const auto moved = m_local.applySharedSetting(it.key(), it.value());
        if (!moved)
            return fail(m_local.errorString());
        m_changedTickets.unite(QSet<qint64>(moved->begin(), moved->end()));
        m_settingsChanged = true;
    }
    return true;
}

bool ServerRowApplier::writeEvents(const ServerRows &fetched)
{
    const auto found = ticketsOfRows(fetched, {3}, {});
    if (!found)
        return false;
    const QHash<qint64, qint64> &tickets = *found;
    for (const QVariantList &v : fetched) {
        const auto ticket = tickets.constFind(v[2].toLongLong());
        if (ticket == tickets.cend())
            continue;
        // This desk's own entry comes back under its client id; a colleague's is new here.
        QSqlQuery &own = m_local.cached(u"UPDATE audit_events SET server_id = ? WHERE client_id = ?"_s);
        own.bindValue(0, v[0].toLongLong());
        own.bindValue(1, v[1].toString());
        if (!m_local.exec(own))
            return fail(m_local.errorString());
        if (own.numRowsAffected() > 0)
            continue;
        QSqlQuery &insert = m_local.cached(
            u"INSERT INTO audit_events(server_id, client_id, ticket_id, agent_id, action, detail, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(server_id) WHERE server_id IS NOT NULL DO NOTHING"_s);
        insert.bindValue(0, v[0].toLongLong());
        insert.bindValue(1, v[1].toString());
        insert.bindValue(2, *ticket);
        insert.bindValue(3, nullableId(v[3]));
        insert.bindValue(4, v[4].toString());
        insert.bindValue(5, v[5].toString());
        insert.bindValue(6, v[6].toLongLong());
        if (!m_local.exec(insert))
            return fail(m_local.errorString());
        m_changedTickets.insert(*ticket);
    }
    return true;
}

bool ServerRowApplier::writeTimeEntries(const ServerRows &fetched)
{
    const auto found = ticketsOfRows(fetched, {3}, {});
    if (!found)
        return false;
    const QHash<qint64, qint64> &tickets = *found;
    for (const QVariantList &v : fetched) {
        const auto ticket = tickets.constFind(v[2].toLongLong());
        if (ticket == tickets.cend())
            continue;
        // The server's row is the entry's latest state; this desk's own pending change follows it.
        QSqlQuery &known =
            m_local.cached(u"UPDATE time_entries SET server_id = ?, duration_ms = ?, note = ?, manual = ?"
                           " WHERE server_id = ? OR client_id = ?"_s);
        known.bindValue(0, v[0].toLongLong());
        known.bindValue(1, v[5].toLongLong());
        known.bindValue(2, v[6].toString());
        known.bindValue(3, v[7].toBool());
        known.bindValue(4, v[0].toLongLong());
        known.bindValue(5, v[1].toString());
        if (!m_local.exec(known))
            return fail(m_local.errorString());
        if (known.numRowsAffected() == 0) {
            QSqlQuery &insert = m_local.cached(
                u"INSERT INTO time_entries(server_id, client_id, ticket_id, agent_id, started_at, duration_ms, note,"
                " manual) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
            insert.bindValue(0, v[0].toLongLong());
            insert.bindValue(1, v[1].toString());
            insert.bindValue(2, *ticket);
            insert.bindValue(3, nullableId(v[3]));
            insert.bindValue(4, v[4].toLongLong());
            insert.bindValue(5, v[5].toLongLong());
            insert.bindValue(6, v[6].toString());
            insert.bindValue(7, v[7].toBool());
            if (!m_local.exec(insert))
                return fail(m_local.errorString());
        }
        m_changedTickets.insert(*ticket);
    }
    return true;
}

bool ServerRowApplier::writeMessages(const ServerRows &fetched)
{
    QSet<qint64> ticketIds, agentIds;
    QJsonArray clientIds;
    for (const QVariantList &values : fetched) {
        ticketIds.insert(values[2].toLongLong());
        if (!values[4].isNull())
            agentIds.insert(values[4].toLongLong());
        clientIds.append(values[1].toString());
    }
    if (fetched.isEmpty())
        return true;
    if (!prefetch({}, agentIds, {}))
        return false;
    QHash<qint64, qint64> tickets = localIds(u"tickets"_s, ticketIds);
    if (tickets.size() < ticketIds.size()) {
        QList<qint64> absent;
        for (qint64 id : std::as_const(ticketIds)) {
            if (!tickets.contains(id))
                absent << id;
        }
        if (!fetchAndWrite(u"ticket"_s, absent))
            return false;
        tickets = localIds(u"tickets"_s, ticketIds);
    }
    // Messages this desk sent (or has already) come back with their client id.
    QSet<QString> present;
    {
        QSqlQuery &query =
            m_local.cached(u"SELECT client_id FROM messages WHERE client_id IN (SELECT value FROM json_each(?))"_s);
        query.bindValue(0, QString::fromUtf8(QJsonDocument(clientIds).toJson(QJsonDocument::Compact)));
        if (m_local.exec(query)) {
            while (query.next())
                present.insert(query.value(0).toString());
        }
        query.finish();
    }
    QSet<qint64> counted;
    for (const QVariantList &v : std::as_const(fetched)) {
        const auto ticket = tickets.constFind(v[2].toLongLong());
        if (ticket == tickets.cend())
            continue; // its ticket is not visible here
        if (present.contains(v[1].toString())) {
            QSqlQuery &mine = m_local.cached(u"UPDATE messages SET server_id = ? WHERE client_id = ?"_s);
            mine.bindValue(0, v[0].toLongLong());
            mine.bindValue(1, v[1].toString());
            if (!m_local.exec(mine))
                return fail(m_local.errorString());
            continue;
        }
        QSqlQuery &insert = m_local.cached(
            u"INSERT INTO messages(server_id, client_id, ticket_id, kind, author_agent_id, author_name, body,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
        insert.bindValue(0, v[0].toLongLong());
        insert.bindValue(1, v[1].toString());
        insert.bindValue(2, *ticket);
        insert.bindValue(3, v[3].toInt());
        insert.bindValue(4, nullableId(v[4]));
        insert.bindValue(5, v[5].toString());
        insert.bindValue(6, v[6].toString());
        insert.bindValue(7, v[7].toLongLong());
        if (!m_local.exec(insert))
            return fail(m_local.errorString());
        if (!m_deferSearchIndex &&
            !m_local.insertSearchDoc(*ticket, insert.lastInsertId().toLongLong(), v[6].toString()))
            return fail(m_local.errorString());
        counted.insert(*ticket);
    }
    // The tickets' own rows carry the server's message count (message.add changes them too).
    for (qint64 ticket : std::as_const(counted)) {
        m_ticketsWithNewMessages.insert(ticket);
        m_changedTickets.insert(ticket);
        if (!followReplyClock(ticket))
            return false;
    }
    return true;
}

bool ServerRowApplier::followReplyClock(qint64 localTicketId)
{
    // The next-response clock as the thread says: the customer's first message after the last
    // public answer waits, once the ticket was answered at all and while its clock runs.
    QSqlQuery &derive = m_local.cached(
        u"SELECT awaiting_reply_since, CASE WHEN first_response_at IS NULL OR status NOT IN (0, 1) THEN NULL"
        " ELSE (SELECT min(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 0"
        " AND m.created_at > max(t.first_response_at, coalesce((SELECT max(a.created_at) FROM messages a"
        " WHERE a.ticket_id = t.id AND a.kind = 1), 0))) END FROM tickets t WHERE t.id = ?"_s);
    derive.bindValue(0, localTicketId);
    if (!m_local.exec(derive))
        return fail(m_local.errorString());
    const bool found = derive.next();
    const QVariant held = found ? derive.value(0) : QVariant();
    const QVariant thread = found ? derive.value(1) : QVariant();
    derive.finish();
    // Only a changed clock moves the deadline.
    if (!found || (held.isNull() == thread.isNull() && held.toLongLong() == thread.toLongLong()))
        return true;
    QSqlQuery &write = m_local.cached(u"UPDATE tickets SET awaiting_reply_since = ? WHERE id = ?"_s);
    write.bindValue(0, thread.isNull() ? QVariant(QMetaType::fromType<qint64>()) : QVariant(thread.toLongLong()));
    write.bindValue(1, localTicketId);
    if (!m_local.exec(write) || !m_local.touchTicket(localTicketId))
        return fail(m_local.errorString());
    return true;
}
