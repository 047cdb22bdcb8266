#pragma once

#include <QDateTime>
#include <QString>

// One copy of a store in its backups folder (or a file offered to restore from), as read back.
struct BackupInfo {
    enum class Kind {
        Daily,           // the window's copy of the day
        BeforeMigration, // taken before a schema migration rewrote the store
        Manual,          // `deskctl backup` without --to
    };

    QString path;
    Kind kind = Kind::Manual;
    QDateTime takenAt; // UTC
    qint64 bytes = 0;
    // What it holds: -1 when the copy cannot be read (see problem).
    qint64 tickets = -1;
    int schemaVersion = 0;
    // Why it cannot be restored (unreadable, damaged, not a Deskline store); empty when it can.
    QString problem;
    // For a copy in a store's list: the store's tickets now, and how many of them were created
    // or changed after the copy was taken (what restoring it loses); -1 when unknown.
    qint64 storeTickets = -1;
    qint64 changedSince = -1;

    bool usable() const { return problem.isEmpty(); }
};
