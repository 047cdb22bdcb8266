#include "surveystore.h"

#include "customerstore.h"
#include "localstore.h"
#include "mailstore.h"
#include "ticketlifecycle.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

const QString delayKey = u"survey_delay_minutes"_s;

QVariant nullOr(qint64 value, bool isNull)
{
    return isNull ? QVariant(QMetaType::fromType<qint64>()) : QVariant(value);
}

// Qt binds a null QString as SQL NULL; the text columns want ''.
QString trimmedText(const QString &value)
{
    const QString trimmed = value.trimmed();
    return trimmed.isNull() ? u""_s : trimmed;
}

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

SurveyStore::SurveyStore(LocalStore &store)
    : m_store(store)
{}

bool SurveyStore::isLiveChannel(Channel channel)
{
    return channel == Channel::Phone || channel == Channel::Chat;
}

SurveyMode SurveyStore::defaultMode(Channel channel)
{
    return isLiveChannel(channel) ? SurveyMode::Live : SurveyMode::Queued;
}

int SurveyStore::delayMinutes() const
{
    bool ok = false;
    const int stored = m_store.metaValue(delayKey).toInt(&ok);
    return ok && stored >= 0 && stored <= maxDelayMinutes ? stored : defaultDelayMinutes;
}

bool SurveyStore::setDelayMinutes(int minutes)
{
    if (minutes < 0 || minutes > maxDelayMinutes) {
        m_store.setError(tr("A survey goes out 0 to %1 minutes after solving.").arg(maxDelayMinutes));
        return false;
    }
    return m_store.setSharedSetting(delayKey, minutes);
}

QString SurveyStore::problem(const ResolveRequest &request) const
{
    const std::optional<Ticket> ticket = m_store.ticket(request.ticketId);
    if (!ticket)
        return tr("The ticket no longer exists.");
    if (request.resolution == Resolution::NotResolved)
        return tr("The customer says the problem is not solved; keep the ticket open.");
    if (!TicketLifecycle::canChange(ticket->status, TicketStatus::Solved))
        return TicketLifecycle::refusal(ticket->status, TicketStatus::Solved);
    switch (request.mode) {
    case SurveyMode::Live:
        if (request.score < 1 || request.score > 5)
            return tr("Choose how satisfied the customer is, from 1 to 5.");
        break;
    case SurveyMode::Skipped:
        if (request.skipReason.trimmed().isEmpty())
            return tr("Say why the survey is skipped.");
        break;
    case SurveyMode::Queued:
        break;
    }
    return {};
}

std::optional<qint64> SurveyStore::resolve(const ResolveRequest &request)
{
    if (const QString why = problem(request); !why.isEmpty()) {
        m_store.setError(why);
        return std::nullopt;
    }
    const qint64 now = m_store.nowMs();
    const bool queued = request.mode == SurveyMode::Queued;
    const qint64 sendAt = now + qint64(delayMinutes()) * 60 * 1000;
    const QString clientId = m_store.teamMode() ? LocalStore::newClientId() : QString();
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({request.ticketId});
        if (!m_store.setStatus(request.ticketId, TicketStatus::Solved))
            return false;
        QSqlQuery insert = m_store.prepare(
            u"INSERT INTO surveys (ticket_id, agent_id, resolution, mode, score, comment, skip_reason, created_at,"
            " send_at, client_id) VALUES (:ticket, :agent, :resolution, :mode, :score, :comment, :skip, :now,"
            " :send_at, :client)"_s);
        insert.bindValue(u":ticket"_s, request.ticketId);
        insert.bindValue(u":agent"_s, nullOr(m_store.currentAgentId(), m_store.currentAgentId() <= 0));
        insert.bindValue(u":resolution"_s, int(request.resolution));
        insert.bindValue(u":mode"_s, int(request.mode));
        insert.bindValue(u":score"_s, nullOr(request.score, request.mode != SurveyMode::Live));
        insert.bindValue(u":comment"_s, request.mode == SurveyMode::Live ? trimmedText(request.comment) : u""_s);
        insert.bindValue(u":skip"_s, request.mode == SurveyMode::Skipped ? trimmedText(request.skipReason) : u""_s);
        insert.bindValue(u":now"_s, now);
        insert.bindValue(u":send_at"_s, nullOr(sendAt, !queued));
        insert.bindValue(u":client"_s, clientId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : clientId);
        if (!m_store.exec(insert))
            return false;
        id = insert.lastInsertId().toLongLong();
        const QString detail = request.mode == SurveyMode::Live
                                   ? u"%1 %2"_s.arg(fieldKey(request.resolution)).arg(request.score)
                                   : u"%1 %2"_s.arg(fieldKey(request.resolution), fieldKey(request.mode));
        return m_store.audit(request.ticketId, u"survey"_s, detail) &&
               m_store.enqueue(
                   u"survey.record"_s, request.ticketId,
                   {{u"ticket_id"_s, request.ticketId},
                    {u"client_id"_s, clientId},
                    {u"resolution"_s, int(request.resolution)},
                    {u"mode"_s, int(request.mode)},
                    {u"score"_s, request.mode == SurveyMode::Live ? QJsonValue(request.score) : QJsonValue()},
                    {u"comment"_s, request.mode == SurveyMode::Live ? request.comment.trimmed() : QString()},
                    {u"skip_reason"_s, request.skipReason.trimmed()},
                    {u"send_at"_s, queued ? QJsonValue(sendAt) : QJsonValue()}});
    });
    if (!ok)
        return std::nullopt;
    return id;
}

bool SurveyStore::keepOpen(qint64 ticketId, const QString &comment)
{
    const QString note = comment.trimmed().isEmpty()
                             ? tr("The customer says the problem is not solved.")
                             : tr("The customer says the problem is not solved: %1").arg(comment.trimmed());
    return m_store.addMessage(ticketId, MessageKind::Note, note).has_value();
}

bool SurveyStore::recordAnswer(qint64 ticketId, int score, const QString &comment)
{
    if (score < 1 || score > 5) {
        m_store.setError(tr("A satisfaction answer is a score from 1 to 5."));
        return false;
    }
    QSqlQuery find(m_store.database());
    find.prepare(u"SELECT id, coalesce(client_id, '') FROM surveys WHERE ticket_id = :t AND mode = 1"
                 " ORDER BY id DESC LIMIT 1"_s);
    find.bindValue(u":t"_s, ticketId);
    if (!find.exec() || !find.next()) {
        m_store.setError(tr("No survey was sent for this ticket."));
        return false;
    }
    const qint64 surveyId = find.value(0).toLongLong();
    const QString clientId = find.value(1).toString();
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({ticketId});
        // A later answer replaces an earlier one: the customer changed their mind.
        QSqlQuery answer = m_store.prepare(
            u"UPDATE surveys SET score = :score, comment = :comment, answered_at = :now WHERE id = :id"_s);
        answer.bindValue(u":score"_s, score);
        answer.bindValue(u":comment"_s, trimmedText(comment));
        answer.bindValue(u":now"_s, m_store.nowMs());
        answer.bindValue(u":id"_s, surveyId);
        return m_store.exec(answer) && m_store.audit(ticketId, u"survey_answer"_s, QString::number(score)) &&
               m_store.enqueue(u"survey.answer"_s, ticketId,
                               {{u"ticket_id"_s, ticketId},
                                {u"client_id"_s, clientId},
                                {u"score"_s, score},
                                {u"comment"_s, comment.trimmed()}});
    });
    return ok;
}

bool SurveyStore::recordLive(qint64 ticketId, int score, const QString &comment)
{
    if (score < 1 || score > 5) {
        m_store.setError(tr("A satisfaction answer is a score from 1 to 5."));
        return false;
    }
    const auto ticket = m_store.ticket(ticketId);
    if (!ticket) {
        m_store.setError(tr("There is no such ticket."));
        return false;
    }
    return m_store.transaction([&] {
        m_store.noteTicketsChanged({ticketId});
        QSqlQuery find = m_store.prepare(u"SELECT id FROM surveys WHERE ticket_id = :t AND mode = :live"
                                         " ORDER BY id DESC LIMIT 1"_s);
        find.bindValue(u":t"_s, ticketId);
        find.bindValue(u":live"_s, int(SurveyMode::Live));
        if (!m_store.exec(find))
            return false;
        const qint64 now = m_store.nowMs();
        QSqlQuery write(m_store.database());
        if (find.next()) {
            write = m_store.prepare(
                u"UPDATE surveys SET score = :score, comment = :comment, answered_at = :now WHERE id = :id"_s);
            write.bindValue(u":id"_s, find.value(0).toLongLong());
        } else {
            write = m_store.prepare(u"INSERT INTO surveys (ticket_id, agent_id, resolution, mode, score, comment,"
                                    " created_at, answered_at) VALUES (:ticket, :agent, :resolution, :mode, :score,"
                                    " :comment, :now, :now)"_s);
            write.bindValue(u":ticket"_s, ticketId);
            write.bindValue(u":agent"_s, nullOr(ticket->assigneeId, ticket->assigneeId <= 0));
            write.bindValue(u":resolution"_s, int(Resolution::Resolved));
            write.bindValue(u":mode"_s, int(SurveyMode::Live));
        }
        write.bindValue(u":score"_s, score);
        write.bindValue(u":comment"_s, trimmedText(comment));
        write.bindValue(u":now"_s, now);
        return m_store.exec(write) && m_store.audit(ticketId, u"survey_chat"_s, QString::number(score));
    });
}

QString SurveyStore::messageText(const QString &ticketDisplayId)
{
    return tr("How satisfied are you with how we handled %1? Reply with a score from 1 (not at all) to 5 (very), "
              "and tell us anything we could do better.")
        .arg(ticketDisplayId);
}

QString SurveyStore::mailText(const QString &ticketDisplayId)
{
    return tr("How satisfied are you with how we handled %1?\n\n"
              "Reply to this mail with a score from 1 (not at all satisfied) to 5 (very satisfied) on the first "
              "line, for example \"4\", and anything you would like to tell us after it, for example "
              "\"4 quick, but I had to ask twice\". Your answer goes to the team that helped you.")
        .arg(ticketDisplayId);
}

bool SurveyStore::sendOne(const Ticket &ticket)
{
    // A ticket that came by mail is asked by mail, the way an agent's reply goes back: the gateway
    // sends what is queued here, and the customer's answer threads back to this ticket.
    MailStore mails(m_store);
    const auto answered = mails.lastReceived(ticket.id);
    const QString text = answered ? mailText(ticket.displayId()) : messageText(ticket.displayId());
    const auto message = m_store.addMessage(ticket.id, MessageKind::Agent, text);
    if (!message)
        return false;
    if (!answered)
        return true;
    // The customer is asked, not whoever on copy wrote last: only their answer counts (MailIntake).
    const auto customer = CustomerStore(m_store).customer(ticket.customerId);
    const QString to = customer && !customer->email.trimmed().isEmpty() ? customer->email.trimmed() : answered->sender;
    return mails.queueReply(*message, answered->mailboxId, {to});
}

std::optional<Survey> SurveyStore::awaitingAnswer(qint64 ticketId) const
{
    const QList<Survey> all = surveys(ticketId);
    if (all.isEmpty())
        return std::nullopt;
    const Survey &last = all.last();
    if (last.mode != SurveyMode::Queued || !last.sentAt.isValid() || last.isAnswered())
        return std::nullopt;
    return last;
}

int SurveyStore::sendDue(int limit)
{
    // Only the desk of the agent who solved the ticket sends, so two desks never both do.
    QSqlQuery due(m_store.database());
    due.prepare(u"SELECT s.id, s.ticket_id, t.status, coalesce(s.client_id, '') FROM surveys s"
                " JOIN tickets t ON t.id = s.ticket_id WHERE s.mode = 1 AND s.sent_at IS NULL"
                " AND s.send_at <= :now AND s.agent_id = :me ORDER BY s.send_at LIMIT :limit"_s);
    due.bindValue(u":now"_s, m_store.nowMs());
    due.bindValue(u":me"_s, m_store.currentAgentId());
    due.bindValue(u":limit"_s, limit);
    if (!due.exec()) {
        m_store.setError(due.lastError().text());
        return -1;
    }
    struct Due {
        qint64 survey, ticket;
        TicketStatus status;
        QString clientId;
    };
    QList<Due> batch;
    while (due.next()) {
        batch.append({due.value(0).toLongLong(), due.value(1).toLongLong(),
                      fieldFromInt<TicketStatus>(due.value(2).toInt()), due.value(3).toString()});
    }
    int sent = 0;
    for (const Due &item : batch) {
        const std::optional<Ticket> ticket = m_store.ticket(item.ticket);
        const bool ok = m_store.transaction([&] {
            m_store.noteTicketsChanged({item.ticket});
            // Reopened meanwhile: the customer is still talking, and asking now would be odd.
            // Closed: the thread takes no more messages.
            const bool send = item.status == TicketStatus::Solved;
            if (send && !sendOne(*ticket))
                return false;
            const QString notSent =
                send ? QString() : tr("Not sent: the ticket was %1 first.").arg(fieldLabel(item.status).toLower());
            QSqlQuery mark = m_store.prepare(
                send ? u"UPDATE surveys SET sent_at = :now WHERE id = :id"_s
                     : u"UPDATE surveys SET mode = 2, skip_reason = :reason, send_at = NULL WHERE id = :id"_s);
            if (send)
                mark.bindValue(u":now"_s, m_store.nowMs());
            else
                mark.bindValue(u":reason"_s, notSent);
            mark.bindValue(u":id"_s, item.survey);
            return m_store.exec(mark) && m_store.enqueue(u"survey.sent"_s, item.ticket,
                                                         {{u"ticket_id"_s, item.ticket},
                                                          {u"client_id"_s, item.clientId},
                                                          {u"sent"_s, send},
                                                          {u"skip_reason"_s, notSent}});
        });
        if (!ok)
            return -1;
        if (item.status == TicketStatus::Solved)
            ++sent;
    }
    return sent;
}

QList<Survey> SurveyStore::surveys(qint64 ticketId) const
{
    QList<Survey> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT s.id, s.ticket_id, coalesce(s.agent_id, 0), coalesce(a.name, ''), s.resolution, s.mode,"
                  " coalesce(s.score, 0), s.comment, s.skip_reason, s.created_at, s.send_at, s.sent_at, s.answered_at"
                  " FROM surveys s LEFT JOIN agents a ON a.id = s.agent_id WHERE s.ticket_id = :t ORDER BY s.id"_s);
    query.bindValue(u":t"_s, ticketId);
    if (!query.exec())
        return result;
    while (query.next()) {
        Survey s;
        s.id = query.value(0).toLongLong();
        s.ticketId = query.value(1).toLongLong();
        s.agentId = query.value(2).toLongLong();
        s.agentName = query.value(3).toString();
        s.resolution = fieldFromInt<Resolution>(query.value(4).toInt());
        s.mode = fieldFromInt<SurveyMode>(query.value(5).toInt());
        s.score = query.value(6).toInt();
        s.comment = query.value(7).toString();
        s.skipReason = query.value(8).toString();
        s.createdAt = fromMs(query.value(9));
        s.sendAt = fromMs(query.value(10));
        s.sentAt = fromMs(query.value(11));
        s.answeredAt = fromMs(query.value(12));
        result << s;
    }
    return result;
}
