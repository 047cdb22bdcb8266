#include "archiveservice.h"

#include "archiverun.h"
#include "archivestore.h"
#include "localstore.h"
#include "savedviewservice.h"

ArchiveService::ArchiveService(LocalStore &store)
    : m_store(store)
{}

int ArchiveService::defaultRetentionDays()
{
    return ArchiveStore::defaultRetentionDays;
}

int ArchiveService::ageDays() const
{
    return ArchiveStore(m_store).ageDays();
}

bool ArchiveService::canManage() const
{
    return ArchiveStore(m_store).canManage();
}

QList<SavedView> ArchiveService::savedViews() const
{
    return SavedViewService(m_store).views();
}

qint64 ArchiveService::count(const ArchiveSelection &selection) const
{
    return ArchiveStore(m_store).count(selection);
}

QList<qint64> ArchiveService::candidates(const ArchiveSelection &selection) const
{
    return ArchiveStore(m_store).candidates(selection);
}

bool ArchiveService::done(bool ok)
{
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

bool ArchiveService::refuseUnlessManager()
{
    if (canManage())
        return false;
    m_error = tr("Only a supervisor or an administrator can archive, restore or purge.");
    return true;
}

ArchiveRun *ArchiveService::prepareRun(const ArchiveSelection &selection, QObject *parent)
{
    if (refuseUnlessManager())
        return nullptr;
    ArchiveStore archive(m_store);
    if (!done(archive.setAgeDays(selection.closedDaysAgo)))
        return nullptr;
    const QList<qint64> ids = archive.candidates(selection);
    if (ids.isEmpty()) {
        m_error = tr("No closed ticket matches; nothing to archive.");
        return nullptr;
    }
    return new ArchiveRun(m_store, ids, ArchiveStore::batchSize, parent);
}

bool ArchiveService::restore(qint64 ticketId)
{
    if (refuseUnlessManager())
        return false;
    return done(ArchiveStore(m_store).restore(ticketId));
}

bool ArchiveService::markExported(const QList<qint64> &ticketIds)
{
    return done(ArchiveStore(m_store).markExported(ticketIds));
}

qint64 ArchiveService::purgeableCount(int retentionDays) const
{
    return ArchiveStore(m_store).purgeableCount(retentionDays);
}

std::optional<int> ArchiveService::purge(int retentionDays)
{
    if (refuseUnlessManager())
        return std::nullopt;
    ArchiveStore archive(m_store);
    int deleted = 0;
    while (true) {
        const std::optional<int> batch = archive.purge(retentionDays);
        if (!done(batch.has_value()))
            return std::nullopt;
        deleted += *batch;
        if (*batch < ArchiveStore::batchSize)
            return deleted;
    }
}
