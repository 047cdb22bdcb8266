#include "archivestore.h"

#include "localstore.h"
#include "searchtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

const QString ageKey = u"archive_age_days"_s;
constexpr qint64 dayMs = 24 * 3600 * 1000;

QString idsJson(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// The selection as SQL over tickets t: closed long enough, not yet archived.
QString selectionWhere(const ArchiveSelection &selection)
{
    QString where = u"t.status = 5 AND t.archived_at IS NULL AND t.closed_at < :before"_s;
    if (selection.teamId > 0)
        where += u" AND t.team_id = :team"_s;
    if (selection.category)
        where += u" AND t.category = :category"_s;
    if (const auto &view = selection.view) {
        if (view->view == TicketFilter::View::Mine)
            where += u" AND t.assignee_id = :me"_s;
        if (view->view == TicketFilter::View::Unassigned)
            where += u" AND t.assignee_id IS NULL"_s;
        if (view->channel)
            where += u" AND t.channel = :viewChannel"_s;
        if (view->category)
            where += u" AND t.category = :viewCategory"_s;
        if (view->priority)
            where += u" AND t.priority = :viewPriority"_s;
        if (!SearchText::matchExpression(view->searchText).isEmpty())
            where += u" AND t.id IN (SELECT d.ticket_id FROM search_index JOIN search_docs d"
                     " ON d.id = search_index.rowid WHERE search_index MATCH :viewSearch)"_s;
    }
    return where;
}

void bindSelection(QSqlQuery &query, const ArchiveSelection &selection, qint64 nowMs, qint64 agentId)
{
    query.bindValue(u":before"_s, nowMs - qint64(selection.closedDaysAgo) * dayMs);
    if (selection.teamId > 0)
        query.bindValue(u":team"_s, selection.teamId);
    if (selection.category)
        query.bindValue(u":category"_s, int(*selection.category));
    if (const auto &view = selection.view) {
        if (view->view == TicketFilter::View::Mine)
            query.bindValue(u":me"_s, agentId);
        if (view->channel)
            query.bindValue(u":viewChannel"_s, int(*view->channel));
        if (view->category)
            query.bindValue(u":viewCategory"_s, int(*view->category));
        if (view->priority)
            query.bindValue(u":viewPriority"_s, int(*view->priority));
        if (const QString match = SearchText::matchExpression(view->searchText); !match.isEmpty())
            query.bindValue(u":viewSearch"_s, match);
    }
}

} // namespace

ArchiveStore::ArchiveStore(LocalStore &store)
    : m_store(store)
{}

int ArchiveStore::ageDays() const
{
    bool ok = false;
    const int stored = m_store.metaValue(ageKey).toInt(&ok);
    return ok && stored >= 1 ? stored : defaultAgeDays;
}

bool ArchiveStore::setAgeDays(int days)
{
    if (days < 1 || days > 3650) {
        m_store.setError(tr("Archive tickets closed 1 to 3650 days ago."));
        return false;
    }
    return m_store.setSharedSetting(ageKey, days);
}

bool ArchiveStore::canManage() const
{
    return m_store.signedInAsManager();
}

bool ArchiveStore::refuseUnlessManager()
{
    if (canManage())
        return false;
    m_store.setError(tr("Only a supervisor or an administrator may archive, restore or purge tickets."));
    return true;
}

qint64 ArchiveStore::count(const ArchiveSelection &selection) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT count(*) FROM tickets t WHERE "_s + selectionWhere(selection));
    bindSelection(query, selection, m_store.nowMs(), m_store.currentAgentId());
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

QList<qint64> ArchiveStore::candidates(const ArchiveSelection &selection) const
{
    QList<qint64> ids;
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT t.id FROM tickets t WHERE "_s + selectionWhere(selection) +
                  u" ORDER BY t.closed_at, t.id"_s);
    bindSelection(query, selection, m_store.nowMs(), m_store.currentAgentId());
    if (query.exec()) {
        while (query.next())
            ids << query.value(0).toLongLong();
    }
    return ids;
}

bool ArchiveStore::archive(const QList<qint64> &ticketIds)
{
    if (refuseUnlessManager())
        return false;
    if (ticketIds.isEmpty())
        return true;
    const qint64 now = m_store.nowMs();
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged(ticketIds);
        QSqlQuery update = m_store.prepare(u"UPDATE tickets SET archived_at = :now WHERE id = :id"
                                           " AND status = 5 AND archived_at IS NULL"_s);
        for (qint64 id : ticketIds) {
            update.bindValue(u":now"_s, now);
            update.bindValue(u":id"_s, id);
            if (!m_store.exec(update))
                return false;
            if (update.numRowsAffected() == 0)
                continue; // reopened or archived meanwhile: left as it is
            if (!m_store.audit(id, u"archive"_s, QString()) ||
                !m_store.enqueue(u"ticket.archive"_s, id, {{u"ticket_id"_s, id}}))
                return false;
        }
        return true;
    });
    return ok;
}

bool ArchiveStore::restore(qint64 ticketId)
{
    if (refuseUnlessManager())
        return false;
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({ticketId});
        QSqlQuery update =
            m_store.prepare(u"UPDATE tickets SET archived_at = NULL WHERE id = :id AND archived_at IS NOT NULL"_s);
        update.bindValue(u":id"_s, ticketId);
        if (!m_store.exec(update))
            return false;
        if (update.numRowsAffected() == 0) {
            m_store.setError(tr("The ticket is not archived."));
            return false;
        }
        return m_store.audit(ticketId, u"restore"_s, QString()) &&
               m_store.enqueue(u"ticket.restore"_s, ticketId, {{u"ticket_id"_s, ticketId}});
    });
    return ok;
}

bool ArchiveStore::markExported(const QList<qint64> &ticketIds)
{
    return m_store.transaction([&] {
        QSqlQuery update =
            m_store.prepare(u"UPDATE tickets SET exported_at = :now WHERE id IN (SELECT value FROM json_each(:ids))"_s);
        update.bindValue(u":now"_s, m_store.nowMs());
        update.bindValue(u":ids"_s, idsJson(ticketIds));
        return m_store.exec(update);
    });
}

qint64 ArchiveStore::purgeableCount(int retentionDays) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT count(*) FROM tickets WHERE archived_at < :before AND exported_at IS NOT NULL"_s);
    query.bindValue(u":before"_s, m_store.nowMs() - qint64(retentionDays) * dayMs);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

std::optional<int> ArchiveStore::purge(int retentionDays, int limit)
{
    if (refuseUnlessManager())
        return std::nullopt;
    if (m_store.teamMode()) {
        m_store.setError(tr("In team mode the shared database keeps the tickets: a supervisor purges them there, after "
                            "exporting them, with deskctl server purge."));
        return std::nullopt;
    }
    if (retentionDays < 1) {
        m_store.setError(tr("Keep archived tickets at least one day before purging them."));
        return std::nullopt;
    }
    QList<qint64> ids;
    {
        QSqlQuery query(m_store.database());
        query.prepare(u"SELECT id FROM tickets WHERE archived_at < :before AND exported_at IS NOT NULL"
                      " ORDER BY archived_at LIMIT :limit"_s);
        query.bindValue(u":before"_s, m_store.nowMs() - qint64(retentionDays) * dayMs);
        query.bindValue(u":limit"_s, limit);
        if (!query.exec())
            return std::nullopt;
        while (query.next())
            ids << query.value(0).toLongLong();
    }
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged(ids);
        // Messages, tags, attachments, escalations and surveys go with their ticket (cascade).
        QSqlQuery remove = m_store.prepare(u"DELETE FROM tickets WHERE id IN (SELECT value FROM json_each(:ids))"_s);
        remove.bindValue(u":ids"_s, idsJson(ids));
        if (!m_store.exec(remove))
            return false;
        return m_store.audit(0, u"purge"_s, QString::number(ids.size()));
    });
    if (!ok)
        return std::nullopt;
    return int(ids.size());
}
