#include "draftstore.h"

#include "localstore.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

DraftStore::DraftStore(LocalStore &store)
    : m_store(store)
{}

std::optional<Draft> DraftStore::draft(qint64 ticketId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT body, internal FROM drafts WHERE ticket_id = :t"_s);
    query.bindValue(u":t"_s, ticketId);
    if (query.exec() && query.next())
        return Draft{query.value(0).toString(), query.value(1).toBool()};
    return std::nullopt;
}

bool DraftStore::save(qint64 ticketId, const Draft &draft)
{
    if (draft.body.isEmpty())
        return clear(ticketId);
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"INSERT INTO drafts(ticket_id, body, internal, updated_at)"
                                          " VALUES (:t, :body, :internal, :now) ON CONFLICT(ticket_id) DO UPDATE SET"
                                          " body = excluded.body, internal = excluded.internal,"
                                          " updated_at = excluded.updated_at"_s);
        query.bindValue(u":t"_s, ticketId);
        query.bindValue(u":body"_s, draft.body);
        query.bindValue(u":internal"_s, draft.internal);
        query.bindValue(u":now"_s, m_store.nowMs());
        return m_store.exec(query);
    });
}

bool DraftStore::clear(qint64 ticketId)
{
    return m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"DELETE FROM drafts WHERE ticket_id = :t"_s);
        query.bindValue(u":t"_s, ticketId);
        return m_store.exec(query);
    });
}
