#include "savedviewstore.h"

#include "localstore.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

SavedViewStore::SavedViewStore(LocalStore &store)
    : m_store(store)
{}

QList<SavedView> SavedViewStore::views() const
{
    QList<SavedView> result;
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT id, name, filter FROM saved_views WHERE agent_id = ? ORDER BY name COLLATE NOCASE, id"_s);
    query.addBindValue(m_store.currentAgentId());
    if (!query.exec())
        return result;
    while (query.next()) {
        result.append({query.value(0).toLongLong(), query.value(1).toString(),
                       TicketFilter::fromJson(QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object())});
    }
    return result;
}

std::optional<SavedView> SavedViewStore::view(qint64 id) const
{
    for (const SavedView &saved : views()) {
        if (saved.id == id)
            return saved;
    }
    return std::nullopt;
}

std::optional<qint64> SavedViewStore::save(const QString &name, const TicketFilter &filter)
{
    std::optional<qint64> id;
    const bool ok = m_store.transaction([&] {
        QSqlQuery upsert = m_store.prepare(u"INSERT INTO saved_views(agent_id, name, filter) VALUES (:a, :n, :f)"
                                           " ON CONFLICT(agent_id, name) DO UPDATE SET filter = excluded.filter"
                                           " RETURNING id"_s);
        upsert.bindValue(u":a"_s, m_store.currentAgentId());
        upsert.bindValue(u":n"_s, name);
        upsert.bindValue(u":f"_s, QString::fromUtf8(QJsonDocument(filter.toJson()).toJson(QJsonDocument::Compact)));
        if (!m_store.exec(upsert) || !upsert.next())
            return false;
        id = upsert.value(0).toLongLong();
        return true;
    });
    if (!ok)
        return std::nullopt;
    m_store.noteChanged(UnitOfWork::Subject::SavedViews);
    return id;
}

bool SavedViewStore::remove(qint64 id)
{
    const bool ok = m_store.transaction([&] {
        QSqlQuery remove = m_store.prepare(u"DELETE FROM saved_views WHERE id = ? AND agent_id = ?"_s);
        remove.addBindValue(id);
        remove.addBindValue(m_store.currentAgentId());
        return m_store.exec(remove);
    });
    if (ok)
        m_store.noteChanged(UnitOfWork::Subject::SavedViews);
    return ok;
}
