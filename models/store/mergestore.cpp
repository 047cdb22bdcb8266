#include "mergestore.h"

#include "localstore.h"
#include "ticketlifecycle.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

MergeStore::MergeStore(LocalStore &store)
    : m_store(store)
{}

QString MergeStore::problem(qint64 duplicateId, qint64 targetId) const
{
    const std::optional<Ticket> duplicate = m_store.ticket(duplicateId);
    const std::optional<Ticket> target = m_store.ticket(targetId);
    if (!duplicate || !target)
        return tr("The ticket no longer exists.");
    return problem(*duplicate, *target);
}

QString MergeStore::problem(const Ticket &duplicate, const Ticket &target)
{
    if (duplicate.id == target.id)
        return tr("A ticket cannot be merged into itself.");
    if (duplicate.archivedAt.isValid() || target.archivedAt.isValid())
        return tr("Archived tickets are read-only; a supervisor restores them first.");
    if (duplicate.mergedInto > 0)
        return tr("%1 is already merged into another ticket.").arg(duplicate.displayId());
    if (!TicketLifecycle::canMergeAway(duplicate.status))
        return tr("%1 is closed; closed tickets are not merged.").arg(duplicate.displayId());
    if (target.mergedInto > 0)
        return tr("%1 was itself merged; merge into the ticket it went to.").arg(target.displayId());
    if (TicketLifecycle::isFinal(target.status))
        return tr("%1 is closed and takes no more messages.").arg(target.displayId());
    return {};
}

bool MergeStore::merge(qint64 duplicateId, qint64 targetId)
{
    std::optional<Ticket> duplicate;
    std::optional<Ticket> target;
    // Checked inside the transaction, so the sync engine cannot change either ticket in between.
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({duplicateId, targetId});
        duplicate = m_store.ticket(duplicateId);
        target = m_store.ticket(targetId);
        if (const QString why = duplicate && target ? problem(*duplicate, *target) : tr("The ticket no longer exists.");
            !why.isEmpty()) {
            m_store.setError(why);
            return false;
        }
        QSqlQuery close = m_store.prepare(
            u"UPDATE tickets SET merged_into = :target, merged_into_server = NULL, status_before_merge = status,"
            " status = :closed, updated_at = :now WHERE id = :id"_s);
        close.bindValue(u":target"_s, targetId);
        close.bindValue(u":closed"_s, int(TicketStatus::Closed));
        close.bindValue(u":now"_s, m_store.nowMs());
        close.bindValue(u":id"_s, duplicateId);
        QSqlQuery touch = m_store.prepare(u"UPDATE tickets SET updated_at = :now WHERE id = :id"_s);
        touch.bindValue(u":now"_s, m_store.nowMs());
        touch.bindValue(u":id"_s, targetId);
        return m_store.exec(close) && m_store.touchTicket(duplicateId) && m_store.exec(touch) &&
               m_store.audit(duplicateId, u"merged_into"_s, target->displayId()) &&
               m_store.audit(targetId, u"merged_from"_s, duplicate->displayId()) &&
               m_store.enqueue(u"ticket.merge"_s, duplicateId,
                               {{u"ticket_id"_s, duplicateId}, {u"target_ticket_id"_s, targetId}});
    });
    if (!ok)
        return false;
    return true;
}

bool MergeStore::undo(qint64 duplicateId)
{
    qint64 targetId = 0;
    const bool ok = m_store.transaction([&] {
        const std::optional<Ticket> duplicate = m_store.ticket(duplicateId);
        if (!duplicate) {
            m_store.setError(tr("The ticket no longer exists."));
            return false;
        }
        if (duplicate->mergedInto <= 0) {
            m_store.setError(tr("%1 is not merged into another ticket.").arg(duplicate->displayId()));
            return false;
        }
        if (duplicate->archivedAt.isValid()) {
            m_store.setError(tr("Archived tickets are read-only; a supervisor restores them first."));
            return false;
        }
        targetId = duplicate->mergedInto;
        m_store.noteTicketsChanged({duplicateId, targetId});
        const std::optional<Ticket> target = m_store.ticket(targetId);
        // A desk that learned of the merge from the server without the earlier status reopens it.
        QSqlQuery reopen = m_store.prepare(
            u"UPDATE tickets SET status = coalesce(status_before_merge, :open), merged_into = NULL,"
            " merged_into_server = NULL, status_before_merge = NULL, updated_at = :now WHERE id = :id"_s);
        reopen.bindValue(u":open"_s, int(TicketStatus::Open));
        reopen.bindValue(u":now"_s, m_store.nowMs());
        reopen.bindValue(u":id"_s, duplicateId);
        const QString targetName = target ? target->displayId() : QString::number(targetId);
        // The server finds the target itself; named here, the target's history entry goes with the undo.
        QJsonObject unmergeArgs{{u"ticket_id"_s, duplicateId}};
        if (target)
            unmergeArgs.insert(u"target_ticket_id"_s, targetId);
        return m_store.exec(reopen) && m_store.touchTicket(duplicateId) &&
               m_store.audit(duplicateId, u"merge_undone"_s, targetName) &&
               (!target || m_store.audit(targetId, u"merge_undone"_s, duplicate->displayId())) &&
               m_store.enqueue(u"ticket.unmerge"_s, duplicateId, unmergeArgs);
    });
    if (!ok)
        return false;
    return true;
}

QList<qint64> MergeStore::mergedFrom(qint64 targetId) const
{
    return m_store.selectIds(u"SELECT id FROM tickets WHERE merged_into = :id ORDER BY closed_at, id"_s, targetId);
}

QList<qint64> MergeStore::thread(qint64 ticketId) const
{
    return m_store.selectIds(u"WITH RECURSIVE thread(id) AS (SELECT :id UNION SELECT d.id FROM tickets d"
                             " JOIN thread ON d.merged_into = thread.id) SELECT id FROM thread ORDER BY id"_s,
                             ticketId);
}

qint64 MergeStore::carriedOnIn(qint64 ticketId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT merged_into FROM tickets WHERE id = :id AND merged_into IS NOT NULL"_s);
    qint64 current = ticketId;
    // Merge targets are never merged themselves when chosen, but a later merge can chain them;
    // the bound only guards against a cycle a broken file could hold.
    for (int step = 0; step < 64; ++step) {
        query.bindValue(u":id"_s, current);
        if (!query.exec() || !query.next())
            break;
        current = query.value(0).toLongLong();
    }
    return current;
}
