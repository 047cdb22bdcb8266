#pragma once

#include "archiveselection.h"
#include "fieldcodes.h"
#include "ticketfilter.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;

// Archiving closed cases: they leave the working lists, stay searchable and readable, and a
// supervisor can restore one. Purging (deleting) is allowed only for archived tickets that were
// exported first, and only on a desk that is the whole truth (standalone).
class ArchiveStore
{
    Q_DECLARE_TR_FUNCTIONS(ArchiveStore)

public:
    static constexpr int defaultAgeDays = 120;
    static constexpr int defaultRetentionDays = 730;
    static constexpr int batchSize = 500;

    explicit ArchiveStore(LocalStore &store);

    int ageDays() const;
    bool setAgeDays(int days);
    // Supervisors and administrators archive, restore and purge.
    bool canManage() const;

    qint64 count(const ArchiveSelection &selection) const;
    QList<qint64> candidates(const ArchiveSelection &selection) const; // oldest first
    // One transaction for the whole list (callers pass a batch).
    bool archive(const QList<qint64> &ticketIds);
    bool restore(qint64 ticketId);
    bool markExported(const QList<qint64> &ticketIds);

    // Archived at least retentionDays ago and exported: what a purge would delete.
    qint64 purgeableCount(int retentionDays) const;
    // Deletes up to `limit` of them; how many, or nullopt (see the store's error).
    std::optional<int> purge(int retentionDays, int limit = batchSize);

private:
    bool refuseUnlessManager();

    LocalStore &m_store;
};
