#include "intakereplystore.h"

#include "localstore.h"

#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString replyColumns =
    u"r.message_id, m.ticket_id, coalesce(r.source_id, 0), coalesce(s.name, ''), coalesce(s.reply_url, ''),"
    " r.webhook_id, r.external_id, r.delivery, r.delivery_detail, r.attempts, coalesce(r.next_attempt_at, 0),"
    " coalesce(r.sent_at, 0) FROM intake_replies r JOIN messages m ON m.id = r.message_id"
    " LEFT JOIN intake_sources s ON s.id = r.source_id"_s;

IntakeReply readReply(const QSqlQuery &query)
{
    IntakeReply r;
    r.messageId = query.value(0).toLongLong();
    r.ticketId = query.value(1).toLongLong();
    r.sourceId = query.value(2).toLongLong();
    r.sourceName = query.value(3).toString();
    r.replyUrl = query.value(4).toString();
    r.webhookId = query.value(5).toString();
    r.externalId = query.value(6).toString();
    r.delivery = MailDelivery(query.value(7).toInt());
    r.deliveryDetail = query.value(8).toString();
    r.attempts = query.value(9).toInt();
    r.nextAttemptAt = query.value(10).toLongLong();
    r.sentAt = query.value(11).toLongLong();
    return r;
}

QVariant orNull(qint64 value)
{
    return value > 0 ? QVariant(value) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace

IntakeReplyStore::IntakeReplyStore(LocalStore &store)
    : m_store(store)
{}

std::optional<IntakeReply> IntakeReplyStore::targetOf(qint64 ticketId) const
{
    QSqlQuery &query = m_store.cached(
        u"SELECT s.id, s.name, s.reply_url, r.external_id FROM intake_requests r"
        " JOIN intake_sources s ON s.id = r.source_id WHERE r.ticket_id = :t ORDER BY r.id DESC LIMIT 1"_s);
    query.bindValue(u":t"_s, ticketId);
    std::optional<IntakeReply> target;
    if (m_store.exec(query) && query.next() && !query.value(2).toString().isEmpty()) {
        target.emplace();
        target->ticketId = ticketId;
        target->sourceId = query.value(0).toLongLong();
        target->sourceName = query.value(1).toString();
        target->replyUrl = query.value(2).toString();
        target->externalId = query.value(3).toString();
    }
    query.finish();
    return target;
}

bool IntakeReplyStore::queue(qint64 messageId, const IntakeReply &target)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(
            u"INSERT INTO intake_replies(message_id, source_id, webhook_id, external_id, delivery, next_attempt_at)"
            " VALUES (:m, :source, :id, :ext, :waiting, :at)"_s);
        query.bindValue(u":m"_s, messageId);
        query.bindValue(u":source"_s, orNull(target.sourceId));
        // Unique beyond this desk: a receiver may hear from several desks and keys on the id.
        query.bindValue(u":id"_s, QString(u"msg_"_s + QUuid::createUuid().toString(QUuid::Id128)));
        query.bindValue(u":ext"_s, target.externalId.isNull() ? u""_s : target.externalId);
        query.bindValue(u":waiting"_s, int(MailDelivery::Waiting));
        query.bindValue(u":at"_s, m_store.nowMs());
        return m_store.exec(query);
    });
}

std::optional<QList<IntakeReply>> IntakeReplyStore::claimDue(qint64 nowMs, qint64 leaseMs, int limit)
{
    QList<qint64> claimed;
    const bool ok = m_store.transaction([&] {
        QSqlQuery query =
            m_store.prepare(u"UPDATE intake_replies SET next_attempt_at = :until WHERE message_id IN (SELECT message_id"
                            " FROM intake_replies WHERE delivery = 1 AND next_attempt_at <= :now"
                            " ORDER BY next_attempt_at, message_id LIMIT :limit) RETURNING message_id"_s);
        query.bindValue(u":until"_s, nowMs + leaseMs);
        query.bindValue(u":now"_s, nowMs);
        query.bindValue(u":limit"_s, limit);
        if (!m_store.exec(query))
            return false;
        while (query.next())
            claimed.append(query.value(0).toLongLong());
        return true;
    });
    if (!ok)
        return std::nullopt;
    QList<IntakeReply> result;
    std::sort(claimed.begin(), claimed.end());
    for (qint64 id : std::as_const(claimed)) {
        if (auto taken = reply(id))
            result.append(std::move(*taken));
    }
    return result;
}

std::optional<IntakeReply> IntakeReplyStore::reply(qint64 messageId) const
{
    QSqlQuery query = m_store.prepare(u"SELECT "_s + replyColumns + u" WHERE r.message_id = :m"_s);
    query.bindValue(u":m"_s, messageId);
    std::optional<IntakeReply> result;
    if (m_store.exec(query) && query.next())
        result = readReply(query);
    query.finish();
    return result;
}

QHash<qint64, IntakeReply> IntakeReplyStore::ofTickets(const QList<qint64> &ticketIds) const
{
    QHash<qint64, IntakeReply> result;
    for (qint64 ticketId : ticketIds) {
        QSqlQuery &query = m_store.cached(u"SELECT "_s + replyColumns + u" WHERE m.ticket_id = :t"_s);
        query.bindValue(u":t"_s, ticketId);
        if (m_store.exec(query)) {
            while (query.next()) {
                const IntakeReply reply = readReply(query);
                result.insert(reply.messageId, reply);
            }
        }
        query.finish();
    }
    return result;
}

QList<IntakeReply> IntakeReplyStore::watched(const QList<qint64> &messageIds, qint64 afterMessageId) const
{
    QList<IntakeReply> result;
    // Two indexed reads (the waiting ones' partial index, the key's range) rather than an OR
    // that would read every reply: the window asks this whenever another process wrote.
    QSqlQuery &waiting = m_store.cached(u"SELECT "_s + replyColumns + u" WHERE r.delivery = :waiting UNION SELECT "_s +
                                        replyColumns + u" WHERE r.message_id > :after"_s);
    waiting.bindValue(u":waiting"_s, int(MailDelivery::Waiting));
    waiting.bindValue(u":after"_s, afterMessageId);
    if (m_store.exec(waiting)) {
        while (waiting.next())
            result.append(readReply(waiting));
    }
    waiting.finish();
    for (const qint64 messageId : messageIds) {
        if (std::any_of(result.cbegin(), result.cend(), [&](const IntakeReply &r) { return r.messageId == messageId; }))
            continue;
        if (const auto known = reply(messageId))
            result.append(*known);
    }
    return result;
}

qint64 IntakeReplyStore::lastMessageId() const
{
    QSqlQuery &query = m_store.cached(u"SELECT coalesce(max(message_id), 0) FROM intake_replies"_s);
    qint64 last = 0;
    if (m_store.exec(query) && query.next())
        last = query.value(0).toLongLong();
    query.finish();
    return last;
}

bool IntakeReplyStore::markSent(qint64 messageId, qint64 atMs)
{
    return setDelivery(messageId, MailDelivery::Sent, {}, 0, atMs);
}

bool IntakeReplyStore::markRetry(qint64 messageId, qint64 nextAttemptAtMs, const QString &detail)
{
    return setDelivery(messageId, MailDelivery::Waiting, detail, nextAttemptAtMs, 0);
}

bool IntakeReplyStore::markFailed(qint64 messageId, const QString &detail)
{
    return setDelivery(messageId, MailDelivery::Failed, detail, 0, 0);
}

bool IntakeReplyStore::setDelivery(qint64 messageId, MailDelivery delivery, const QString &detail,
                                   qint64 nextAttemptAtMs, qint64 sentAtMs)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(
            u"UPDATE intake_replies SET delivery = :delivery, delivery_detail = :detail, attempts = attempts + 1,"
            " next_attempt_at = :next, sent_at = :sent WHERE message_id = :m"
            " RETURNING (SELECT ticket_id FROM messages WHERE id = :m2)"_s);
        query.bindValue(u":delivery"_s, int(delivery));
        query.bindValue(u":detail"_s, detail.isNull() ? u""_s : detail);
        query.bindValue(u":next"_s, orNull(nextAttemptAtMs));
        query.bindValue(u":sent"_s, orNull(sentAtMs));
        query.bindValue(u":m"_s, messageId);
        query.bindValue(u":m2"_s, messageId);
        if (!m_store.exec(query))
            return false;
        if (!query.next()) {
            m_store.setError(tr("That message is not a reply going back to an intake source."));
            return false;
        }
        // The thread shows each reply's delivery.
        m_store.noteTicketsChanged({query.value(0).toLongLong()});
        return true;
    });
}
