#include "syncissuestore.h"

#include "localstore.h"
#include "slaschedule.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const QVariant &value)
{
    if (value.isNull())
        return {};
    const qint64 ms = value.toLongLong();
    if (ms == SlaSchedule::noDeadline)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

SyncIssueStore::SyncIssueStore(LocalStore &store)
    : m_store(store)
{}

QList<SyncIssue> SyncIssueStore::syncIssues() const
{
    QList<SyncIssue> result;
    QSqlQuery query(m_store.database());
    query.exec(u"SELECT id, name, ticket_id, reason, detail, at FROM sync_issues ORDER BY id DESC"_s);
    while (query.next()) {
        result.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toLongLong(),
                       query.value(3).toString(), query.value(4).toString(), fromMs(query.value(5))});
    }
    return result;
}

bool SyncIssueStore::dismissSyncIssue(qint64 id)
{
    const bool ok = m_store.transaction([&] {
        QSqlQuery query = m_store.prepare(u"DELETE FROM sync_issues WHERE id = :id"_s);
        query.bindValue(u":id"_s, id);
        m_store.noteChanged(UnitOfWork::Subject::SyncIssues);
        return m_store.exec(query);
    });
    return ok;
}
