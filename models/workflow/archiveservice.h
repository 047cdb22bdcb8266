#pragma once

#include "archiveselection.h"
#include "savedview.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class ArchiveRun;
class LocalStore;
class QObject;

// Archiving closed cases as the window does it: how many a selection holds, archiving them in
// batches, restoring one, marking what was exported, and purging what was archived and
// exported long enough ago. Only supervisors and administrators change anything; an agent's
// attempt is refused before anything is written.
class ArchiveService
{
    Q_DECLARE_TR_FUNCTIONS(ArchiveService)

public:
    explicit ArchiveService(LocalStore &store);

    static int defaultRetentionDays();
    // How long after closing a ticket is archived, as last chosen for the desk.
    int ageDays() const;
    bool canManage() const;
    // The agent's saved views, whose filters a selection may use.
    QList<SavedView> savedViews() const;

    qint64 count(const ArchiveSelection &selection) const;
    QList<qint64> candidates(const ArchiveSelection &selection) const; // oldest first
    // A run over the selection's tickets, not yet started, with the selection's age kept for
    // next time; nullptr with errorString() when there is nothing to archive or no right to.
    ArchiveRun *prepareRun(const ArchiveSelection &selection, QObject *parent);
    bool restore(qint64 ticketId);
    bool markExported(const QList<qint64> &ticketIds);

    // Archived at least retentionDays ago and exported: what a purge deletes.
    qint64 purgeableCount(int retentionDays) const;
    // Deletes all of them, a batch per transaction; how many, or nullopt with errorString()
    // (the batches before the failing one stay deleted).
    std::optional<int> purge(int retentionDays);

    QString errorString() const { return m_error; }

private:
    bool refuseUnlessManager();
    bool done(bool ok);

    LocalStore &m_store;
    QString m_error;
};
