#include "callstore.h"

#include "customerstore.h"
#include "localstore.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

const QString callColumns = u"id, source_id, call_id, ticket_id, customer_id, from_number, to_number, agent_login,"
                            " started_at, answered_at, ended_at, duration_ms FROM calls"_s;

QDateTime timeOf(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

PhoneCall readCall(const QSqlQuery &query)
{
    PhoneCall call;
    call.id = query.value(0).toLongLong();
    call.sourceId = query.value(1).toLongLong();
    call.callId = query.value(2).toString();
    call.ticketId = query.value(3).toLongLong();
    call.customerId = query.value(4).toLongLong();
    call.fromNumber = query.value(5).toString();
    call.toNumber = query.value(6).toString();
    call.agentLogin = query.value(7).toString();
    call.startedAt = timeOf(query.value(8));
    call.answeredAt = timeOf(query.value(9));
    call.endedAt = timeOf(query.value(10));
    call.durationMs = query.value(11).toLongLong();
    return call;
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace

CallStore::CallStore(LocalStore &store)
    : m_store(store)
{}

std::optional<PhoneCall> CallStore::call(qint64 id) const
{
    QSqlQuery query = m_store.prepare(u"SELECT "_s + callColumns + u" WHERE id = :id"_s);
    query.bindValue(u":id"_s, id);
    std::optional<PhoneCall> result;
    if (m_store.exec(query) && query.next())
        result = readCall(query);
    query.finish();
    return result;
}

std::optional<PhoneCall> CallStore::callOf(qint64 sourceId, const QString &callId) const
{
    if (callId.isEmpty())
        return std::nullopt;
    QSqlQuery query = m_store.prepare(u"SELECT "_s + callColumns + u" WHERE source_id = :source AND call_id = :call"_s);
    query.bindValue(u":source"_s, sourceId);
    query.bindValue(u":call"_s, callId);
    std::optional<PhoneCall> result;
    if (m_store.exec(query) && query.next())
        result = readCall(query);
    query.finish();
    return result;
}

QList<PhoneCall> CallStore::callsOfTicket(qint64 ticketId) const
{
    QSqlQuery query = m_store.prepare(u"SELECT "_s + callColumns + u" WHERE ticket_id = :ticket ORDER BY id"_s);
    query.bindValue(u":ticket"_s, ticketId);
    QList<PhoneCall> result;
    if (m_store.exec(query)) {
        while (query.next())
            result.append(readCall(query));
    }
    query.finish();
    return result;
}

qint64 CallStore::talkTimeMs(qint64 ticketId) const
{
    QSqlQuery query = m_store.prepare(u"SELECT coalesce(sum(duration_ms), 0) FROM calls WHERE ticket_id = :ticket"_s);
    query.bindValue(u":ticket"_s, ticketId);
    qint64 result = 0;
    if (m_store.exec(query) && query.next())
        result = query.value(0).toLongLong();
    query.finish();
    return result;
}

std::optional<qint64> CallStore::customerByNationalNumber(const QString &nationalDigits) const
{
    if (nationalDigits.isEmpty())
        return std::nullopt;
    // phone_key holds the digits reversed, so the national number is a prefix of it.
    const QString key = CustomerStore::phoneKey(nationalDigits);
    QSqlQuery query =
        m_store.prepare(u"SELECT id FROM customers WHERE phone_key >= :key AND phone_key < :end ORDER BY id LIMIT 1"_s);
    query.bindValue(u":key"_s, key);
    query.bindValue(u":end"_s, QString(key + u':'));
    std::optional<qint64> result;
    if (m_store.exec(query) && query.next())
        result = query.value(0).toLongLong();
    query.finish();
    return result;
}

std::optional<qint64> CallStore::addCall(const PhoneCall &call)
{
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(
            u"INSERT INTO calls(source_id, call_id, ticket_id, customer_id, from_number, to_number, agent_login,"
            " started_at, answered_at) VALUES (:source, :call, :ticket, :customer, :from, :to, :agent, :started,"
            " :answered)"_s);
        query.bindValue(u":source"_s, idOrNull(call.sourceId));
        query.bindValue(u":call"_s, call.callId.isNull() ? u""_s : call.callId);
        query.bindValue(u":ticket"_s, idOrNull(call.ticketId));
        query.bindValue(u":customer"_s, idOrNull(call.customerId));
        query.bindValue(u":from"_s, call.fromNumber.isNull() ? u""_s : call.fromNumber);
        query.bindValue(u":to"_s, call.toNumber.isNull() ? u""_s : call.toNumber);
        query.bindValue(u":agent"_s, call.agentLogin.isNull() ? u""_s : call.agentLogin);
        query.bindValue(u":started"_s, call.startedAt.toMSecsSinceEpoch());
        query.bindValue(u":answered"_s, call.answeredAt.isValid() ? QVariant(call.answeredAt.toMSecsSinceEpoch())
                                                                  : QVariant(QMetaType::fromType<qint64>()));
        if (!m_store.exec(query))
            return false;
        id = query.lastInsertId().toLongLong();
        return true;
    });
    return ok ? id : std::nullopt;
}

bool CallStore::setTicket(qint64 id, qint64 ticketId, qint64 customerId)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"UPDATE calls SET ticket_id = :ticket, customer_id = :customer"
                                          " WHERE id = :id"_s);
        query.bindValue(u":ticket"_s, idOrNull(ticketId));
        query.bindValue(u":customer"_s, idOrNull(customerId));
        query.bindValue(u":id"_s, id);
        return m_store.exec(query);
    });
}

bool CallStore::setAnswered(qint64 id, const QString &agentLogin, qint64 atMs)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"UPDATE calls SET agent_login = :agent, answered_at = :at"
                                          " WHERE id = :id AND answered_at IS NULL"_s);
        query.bindValue(u":agent"_s, agentLogin.isNull() ? u""_s : agentLogin);
        query.bindValue(u":at"_s, atMs);
        query.bindValue(u":id"_s, id);
        return m_store.exec(query);
    });
}

bool CallStore::setEnded(qint64 id, qint64 atMs, qint64 durationMs)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"UPDATE calls SET ended_at = :at, duration_ms = :duration"
                                          " WHERE id = :id AND ended_at IS NULL"_s);
        query.bindValue(u":at"_s, atMs);
        query.bindValue(u":duration"_s, durationMs);
        query.bindValue(u":id"_s, id);
        return m_store.exec(query);
    });
}
