#include "mergeservice.h"

#include "localstore.h"
#include "mergestore.h"

MergeService::MergeService(LocalStore &store)
    : m_store(store)
{}

QString MergeService::problem(qint64 duplicateId, qint64 targetId) const
{
    return MergeStore(m_store).problem(duplicateId, targetId);
}

QString MergeService::problem(const Ticket &duplicate, const Ticket &target)
{
    return MergeStore::problem(duplicate, target);
}

bool MergeService::merge(qint64 duplicateId, qint64 targetId)
{
    if (const QString why = problem(duplicateId, targetId); !why.isEmpty()) {
        m_error = why;
        return false;
    }
    // The store checks again inside its transaction: the sync engine may change either ticket.
    const bool ok = MergeStore(m_store).merge(duplicateId, targetId);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

bool MergeService::undo(qint64 duplicateId)
{
    const bool ok = MergeStore(m_store).undo(duplicateId);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

QList<qint64> MergeService::mergedFrom(qint64 targetId) const
{
    return MergeStore(m_store).mergedFrom(targetId);
}
