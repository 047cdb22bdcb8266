#include "escalationstore.h"

#include "escalationfacts.h"
#include "localstore.h"
#include "peoplestore.h"
#include "ticketlifecycle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

QString factsJson(const QList<EscalationFact> &facts)
{
    QJsonArray array;
    for (const EscalationFact &fact : facts) {
        array.append(
            QJsonObject{{u"key"_s, fact.key}, {u"value"_s, fact.value.trimmed()}, {u"collected"_s, fact.collected}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<EscalationFact> factsFromJson(const QString &json)
{
    QList<EscalationFact> facts;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonObject o = value.toObject();
        facts.append({o[u"key"].toString(), o[u"value"].toString(), o[u"collected"].toBool()});
    }
    return facts;
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

constexpr auto escalationColumns =
    "e.id, e.ticket_id, e.kind, e.to_tier, coalesce(e.from_agent_id, 0), coalesce(fa.name, ''),"
    " coalesce(e.from_team_id, 0), coalesce(e.to_team_id, 0), coalesce(tt.name, ''), coalesce(e.to_agent_id, 0),"
    " coalesce(ta.name, ''), e.reason, e.summary, e.facts, e.urgency, e.created_at, e.handed_back_at,"
    " e.hand_back_note";

Escalation readEscalation(const QSqlQuery &query)
{
    Escalation e;
    e.id = query.value(0).toLongLong();
    e.ticketId = query.value(1).toLongLong();
    e.kind = fieldFromInt<EscalationKind>(query.value(2).toInt());
    e.toTier = query.value(3).toInt();
    e.fromAgentId = query.value(4).toLongLong();
    e.fromAgentName = query.value(5).toString();
    e.fromTeamId = query.value(6).toLongLong();
    e.toTeamId = query.value(7).toLongLong();
    e.toTeamName = query.value(8).toString();
    e.toAgentId = query.value(9).toLongLong();
    e.toAgentName = query.value(10).toString();
    e.reason = query.value(11).toString();
    e.summary = query.value(12).toString();
    e.facts = factsFromJson(query.value(13).toString());
    e.urgency = fieldFromInt<Priority>(query.value(14).toInt());
    e.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(15).toLongLong(), Qt::UTC);
    if (!query.value(16).isNull())
        e.handedBackAt = QDateTime::fromMSecsSinceEpoch(query.value(16).toLongLong(), Qt::UTC);
    e.handBackNote = query.value(17).toString();
    return e;
}

} // namespace

EscalationStore::EscalationStore(LocalStore &store)
    : m_store(store)
{}

int EscalationStore::currentTier(qint64 ticketId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT t.escalation_tier, coalesce(tm.tier, 1) FROM tickets t"
                  " LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.id = :id"_s);
    query.bindValue(u":id"_s, ticketId);
    if (!query.exec() || !query.next())
        return 1;
    const int escalated = query.value(0).toInt();
    return escalated > 0 ? escalated : query.value(1).toInt();
}

QString EscalationStore::problem(const EscalationRequest &request) const
{
    const std::optional<Ticket> ticket = m_store.ticket(request.ticketId);
    if (!ticket)
        return tr("The ticket no longer exists.");
    if (ticket->status == TicketStatus::Solved || TicketLifecycle::isFinal(ticket->status))
        return tr("The ticket is %1; reopen it before escalating.").arg(fieldLabel(ticket->status).toLower());
    if (request.reason.trimmed().isEmpty())
        return tr("Give a reason for the escalation: the receiver reads it first.");
    if (request.summary.trimmed().isEmpty())
        return tr("Write a summary for the receiver.");
    std::optional<Agent> person;
    if (request.toAgentId > 0) {
        person = PeopleStore(m_store).agent(request.toAgentId);
        if (!person)
            return tr("Unknown agent.");
    }
    if (request.kind == EscalationKind::Hierarchical) {
        if (!person || person->role == AgentRole::Agent)
            return tr("Choose the supervisor or manager who takes the ticket.");
        return {};
    }
    const QList<Team> teams = PeopleStore(m_store).teams();
    const auto team =
        std::find_if(teams.cbegin(), teams.cend(), [&](const Team &t) { return t.id == request.toTeamId; });
    if (team == teams.cend())
        return tr("Choose the team of specialists who take the ticket.");
    if (team->tier <= currentTier(request.ticketId))
        return tr("%1 is not above the ticket's tier (L%2); escalate to a higher tier.")
            .arg(team->name)
            .arg(currentTier(request.ticketId));
    if (person && person->teamId != team->id)
        return tr("%1 is not in %2.").arg(person->name, team->name);
    return {};
}

std::optional<qint64> EscalationStore::escalate(const EscalationRequest &request)
{
    if (const QString why = problem(request); !why.isEmpty()) {
        m_store.setError(why);
        return std::nullopt;
    }
    const Ticket ticket = *m_store.ticket(request.ticketId);
    const std::optional<Agent> person = PeopleStore(m_store).agent(request.toAgentId);
    const qint64 toTeamId = request.kind == EscalationKind::Hierarchical ? person->teamId : request.toTeamId;
    int toTier = 3;
    QString toTeamName;
    for (const Team &team : PeopleStore(m_store).teams()) {
        if (team.id == toTeamId) {
            toTier =
                request.kind == EscalationKind::Hierarchical ? std::max(team.tier, currentTier(ticket.id)) : team.tier;
            toTeamName = team.name;
        }
    }
    const QString clientId = m_store.teamMode() ? LocalStore::newClientId() : QString();
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({ticket.id});
        QSqlQuery insert = m_store.prepare(
            u"INSERT INTO escalations (ticket_id, kind, to_tier, from_agent_id, from_team_id, to_team_id,"
            " to_agent_id, reason, summary, facts, urgency, created_at, client_id) VALUES (:ticket, :kind, :tier,"
            " :from_agent, :from_team, :to_team, :to_agent, :reason, :summary, :facts, :urgency, :now, :client)"_s);
        insert.bindValue(u":ticket"_s, ticket.id);
        insert.bindValue(u":kind"_s, int(request.kind));
        insert.bindValue(u":tier"_s, toTier);
        insert.bindValue(u":from_agent"_s, idOrNull(m_store.currentAgentId()));
        insert.bindValue(u":from_team"_s, idOrNull(ticket.teamId));
        insert.bindValue(u":to_team"_s, idOrNull(toTeamId));
        insert.bindValue(u":to_agent"_s, idOrNull(request.toAgentId));
        insert.bindValue(u":reason"_s, request.reason.trimmed());
        insert.bindValue(u":summary"_s, request.summary.trimmed());
        insert.bindValue(u":facts"_s, factsJson(request.facts));
        insert.bindValue(u":urgency"_s, int(request.urgency));
        insert.bindValue(u":now"_s, m_store.nowMs());
        insert.bindValue(u":client"_s, clientId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : clientId);
        if (!m_store.exec(insert))
            return false;
        id = insert.lastInsertId().toLongLong();

        // The receiver owns it now; an urgent escalation never lowers what the ticket had.
        QSqlQuery move = m_store.prepare(
            u"UPDATE tickets SET team_id = :team, assignee_id = :agent, assignee_name = :name,"
            " escalation_tier = :tier, priority = max(priority, :urgency), status = CASE status WHEN 0 THEN 1"
            " ELSE status END, updated_at = :now WHERE id = :id"_s);
        move.bindValue(u":team"_s, idOrNull(toTeamId));
        move.bindValue(u":agent"_s, idOrNull(request.toAgentId));
        move.bindValue(u":name"_s, person ? person->name : u""_s);
        move.bindValue(u":tier"_s, toTier);
        move.bindValue(u":urgency"_s, int(request.urgency));
        move.bindValue(u":now"_s, m_store.nowMs());
        move.bindValue(u":id"_s, ticket.id);
        if (!m_store.exec(move))
            return false;

        Escalation record;
        record.kind = request.kind;
        record.toTier = toTier;
        record.toTeamName = toTeamName;
        record.toAgentName = person ? person->name : QString();
        record.reason = request.reason.trimmed();
        record.summary = request.summary;
        record.facts = request.facts;
        const QString target = person ? person->name : toTeamName;
        QJsonArray facts = QJsonDocument::fromJson(factsJson(request.facts).toUtf8()).array();
        // The note first, so the history ends with the escalation itself.
        return m_store.addMessage(ticket.id, MessageKind::Note, EscalationFacts::noteText(record)).has_value() &&
               m_store.audit(ticket.id, u"escalate"_s, u"L%1 %2: %3"_s.arg(toTier).arg(target, record.reason)) &&
               m_store.touchTicket(ticket.id) &&
               m_store.enqueue(
                   u"ticket.escalate"_s, ticket.id,
                   {{u"ticket_id"_s, ticket.id},
                    {u"client_id"_s, clientId},
                    {u"kind"_s, int(request.kind)},
                    {u"to_team_id"_s, toTeamId > 0 ? QJsonValue(toTeamId) : QJsonValue()},
                    {u"to_agent_id"_s, request.toAgentId > 0 ? QJsonValue(request.toAgentId) : QJsonValue()},
                    {u"reason"_s, record.reason},
                    {u"summary"_s, request.summary.trimmed()},
                    {u"facts"_s, facts},
                    {u"urgency"_s, int(request.urgency)}});
    });
    if (!ok)
        return std::nullopt;
    return id;
}

bool EscalationStore::handBack(qint64 ticketId, const QString &note)
{
    const std::optional<Escalation> open = openEscalation(ticketId);
    if (!open) {
        m_store.setError(tr("The ticket is not escalated."));
        return false;
    }
    if (note.trimmed().isEmpty()) {
        m_store.setError(tr("Write a note for %1: what was found, and what to do next.")
                             .arg(open->fromAgentName.isEmpty() ? tr("the first tier") : open->fromAgentName));
        return false;
    }
    const std::optional<Agent> back = PeopleStore(m_store).agent(open->fromAgentId);
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({ticketId});
        QSqlQuery close =
            m_store.prepare(u"UPDATE escalations SET handed_back_at = :now, hand_back_note = :note WHERE id = :id"_s);
        close.bindValue(u":now"_s, m_store.nowMs());
        close.bindValue(u":note"_s, note.trimmed());
        close.bindValue(u":id"_s, open->id);
        if (!m_store.exec(close))
            return false;
        // An L3 hand-back lands at L2 when L2 still has it open.
        QSqlQuery move = m_store.prepare(
            u"UPDATE tickets SET team_id = :team, assignee_id = :agent, assignee_name = :name,"
            " escalation_tier = coalesce((SELECT to_tier FROM escalations WHERE ticket_id = :id2"
            " AND handed_back_at IS NULL ORDER BY id DESC LIMIT 1), 0), updated_at = :now WHERE id = :id"_s);
        move.bindValue(u":team"_s, idOrNull(open->fromTeamId));
        move.bindValue(u":agent"_s, idOrNull(back ? back->id : 0));
        move.bindValue(u":name"_s, back ? back->name : u""_s);
        move.bindValue(u":id2"_s, ticketId);
        move.bindValue(u":now"_s, m_store.nowMs());
        move.bindValue(u":id"_s, ticketId);
        return m_store.exec(move) &&
               m_store.addMessage(ticketId, MessageKind::Note, tr("Handed back: %1").arg(note.trimmed())).has_value() &&
               m_store.audit(ticketId, u"hand_back"_s, note.trimmed()) && m_store.touchTicket(ticketId) &&
               m_store.enqueue(u"ticket.hand_back"_s, ticketId,
                               {{u"ticket_id"_s, ticketId}, {u"note"_s, note.trimmed()}});
    });
    return ok;
}

QList<Escalation> EscalationStore::escalations(qint64 ticketId) const
{
    QList<Escalation> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT %1 FROM escalations e LEFT JOIN agents fa ON fa.id = e.from_agent_id"
                  " LEFT JOIN agents ta ON ta.id = e.to_agent_id LEFT JOIN teams tt ON tt.id = e.to_team_id"
                  " WHERE e.ticket_id = :t ORDER BY e.id"_s.arg(QLatin1StringView(escalationColumns)));
    query.bindValue(u":t"_s, ticketId);
    if (query.exec()) {
        while (query.next())
            result << readEscalation(query);
    }
    return result;
}

std::optional<Escalation> EscalationStore::openEscalation(qint64 ticketId) const
{
    const QList<Escalation> all = escalations(ticketId);
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if (it->isOpen())
            return *it;
    }
    return std::nullopt;
}
