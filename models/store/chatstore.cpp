#include "chatstore.h"

#include "localstore.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

const QString sessionColumns =
    u"id, ticket_id, language, coalesce(customer_typing_at, 0), coalesce(agent_typing_at, 0),"
    " transcript_to, coalesce(ended_at, 0), created_at, changed_at, transcript_sent_to"_s;

ChatSession sessionFrom(const QSqlQuery &query)
{
    ChatSession session;
    session.id = query.value(0).toLongLong();
    session.ticketId = query.value(1).toLongLong();
    session.language = query.value(2).toString();
    session.customerTypingAtMs = query.value(3).toLongLong();
    session.agentTypingAtMs = query.value(4).toLongLong();
    session.transcriptTo = query.value(5).toString();
    session.endedAtMs = query.value(6).toLongLong();
    session.createdAtMs = query.value(7).toLongLong();
    session.changedAtMs = query.value(8).toLongLong();
    session.transcriptSentTo = query.value(9).toString();
    return session;
}

} // namespace

ChatStore::ChatStore(LocalStore &store)
    : m_store(store)
{}

std::optional<qint64> ChatStore::create(qint64 ticketId, const QString &tokenSha256, const QString &language)
{
    QSqlQuery insert = m_store.prepare(u"INSERT INTO chat_sessions (ticket_id, token_sha256, language, created_at,"
                                       " changed_at) VALUES (:ticket, :token, :language, :now, :now)"_s);
    insert.bindValue(u":ticket"_s, ticketId);
    insert.bindValue(u":token"_s, tokenSha256);
    insert.bindValue(u":language"_s, language.isNull() ? u""_s : language);
    insert.bindValue(u":now"_s, m_store.nowMs());
    if (!m_store.exec(insert))
        return std::nullopt;
    return insert.lastInsertId().toLongLong();
}

std::optional<ChatSession> ChatStore::byToken(const QString &tokenSha256) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT %1 FROM chat_sessions WHERE token_sha256 = :token"_s.arg(sessionColumns));
    query.bindValue(u":token"_s, tokenSha256);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return sessionFrom(query);
}

std::optional<ChatSession> ChatStore::ofTicket(qint64 ticketId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT %1 FROM chat_sessions WHERE ticket_id = :ticket"_s.arg(sessionColumns));
    query.bindValue(u":ticket"_s, ticketId);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return sessionFrom(query);
}

bool ChatStore::update(qint64 sessionId, const QString &assignments, const QString &name, const QVariant &value)
{
    return m_store.transaction([&] {
        QSqlQuery query =
            m_store.prepare(u"UPDATE chat_sessions SET %1, changed_at = :now WHERE id = :id"_s.arg(assignments));
        query.bindValue(u":now"_s, m_store.nowMs());
        query.bindValue(u":id"_s, sessionId);
        if (!name.isEmpty())
            query.bindValue(name, value);
        return m_store.exec(query);
    });
}

bool ChatStore::setTyping(qint64 sessionId, Side side, bool typing)
{
    const QString column = side == Side::Customer ? u"customer_typing_at"_s : u"agent_typing_at"_s;
    return update(sessionId, typing ? u"%1 = :now"_s.arg(column) : u"%1 = NULL"_s.arg(column), {}, {});
}

bool ChatStore::setTranscriptTo(qint64 sessionId, const QString &address)
{
    return update(sessionId, u"transcript_to = :address"_s, u":address"_s, address.isNull() ? u""_s : address);
}

bool ChatStore::setTranscriptSentTo(qint64 sessionId, const QString &address)
{
    return update(sessionId, u"transcript_sent_to = :address"_s, u":address"_s, address);
}

bool ChatStore::end(qint64 sessionId)
{
    return update(sessionId, u"ended_at = coalesce(ended_at, :now), customer_typing_at = NULL"_s, {}, {});
}

QList<ChatSession> ChatStore::changedSince(qint64 sinceMs) const
{
    QList<ChatSession> result;
    QSqlQuery query(m_store.database());
    query.prepare(
        u"SELECT %1 FROM chat_sessions WHERE changed_at >= :since ORDER BY changed_at, id"_s.arg(sessionColumns));
    query.bindValue(u":since"_s, sinceMs);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError());
        return result;
    }
    while (query.next())
        result.append(sessionFrom(query));
    return result;
}

QList<QPair<qint64, qint64>> ChatStore::messagesAfter(qint64 messageId, int limit) const
{
    QList<QPair<qint64, qint64>> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT ticket_id, id FROM messages WHERE id > :after ORDER BY id LIMIT :limit"_s);
    query.bindValue(u":after"_s, messageId);
    query.bindValue(u":limit"_s, limit);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError());
        return result;
    }
    while (query.next())
        result.append({query.value(0).toLongLong(), query.value(1).toLongLong()});
    return result;
}

qint64 ChatStore::lastMessageId() const
{
    QSqlQuery query(m_store.database());
    if (!query.exec(u"SELECT coalesce(max(id), 0) FROM messages"_s) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

QList<qint64> ChatStore::ticketsChangedSince(qint64 sinceMs, int limit) const
{
    QList<qint64> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id FROM tickets WHERE updated_at >= :since ORDER BY updated_at LIMIT :limit"_s);
    query.bindValue(u":since"_s, sinceMs);
    query.bindValue(u":limit"_s, limit);
    if (!query.exec()) {
        m_store.noteSqlError(query.lastError());
        return result;
    }
    while (query.next())
        result.append(query.value(0).toLongLong());
    return result;
}
