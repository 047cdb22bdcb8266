#pragma once

#include "backupinfo.h"
#include "backuppolicy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// A store's backups: consistent copies taken while the store is in use (VACUUM INTO on a
// connection of its own, so the copy is one snapshot and the store is never locked for long),
// kept in a folder only this user may read, pruned to the policy, checked, and put back.
// Every copy appears complete or not at all: it is written under a temporary name, checked
// (quick_check) and only then renamed.
class BackupStore
{
    Q_DECLARE_TR_FUNCTIONS(BackupStore)

public:
    explicit BackupStore(QString storePath, BackupPolicy policy = {});

    QString storePath() const { return m_storePath; }
    // The policy's folder, or "<store file>-backups" beside the store.
    QString folder() const;
    static QString defaultFolder(const QString &storePath);
    // The file the window holds while it has the store open (a QLockFile).
    static QString lockPath(const QString &storePath);

    // A consistent copy of the store at `target` (which must not exist), readable by this user
    // only. False, with errorString(), when the store cannot be read (damaged) or the copy
    // cannot be written; nothing is left at `target` then.
    bool copyTo(const QString &target);
    // A copy of `kind` in folder() (created 0700), named by `now`, then the kind's old copies
    // beyond the policy removed. schemaVersion names the version a pre-migration copy holds.
    std::optional<BackupInfo> take(BackupInfo::Kind kind, const QDateTime &now, int schemaVersion = 0);
    // Whether a daily copy was taken on `now`'s local date already.
    bool hasDailyOn(const QDateTime &now) const;
    // The copies in folder(), newest first, each read back (date, tickets, version, problem).
    QList<BackupInfo> list() const;
    // Removes the copies of each kind beyond the policy (manual copies stay).
    bool prune();

    // What a file holds and whether it can be restored: an SQLite file of Deskline that passes
    // quick_check and that this program can open.
    static BackupInfo inspect(const QString &path);
    // PRAGMA quick_check on a connection of its own: empty when the file is sound, else what it found.
    static QString quickCheck(const QString &path);

    // Puts `source` in the store's place: refused while a window holds the store (lockPath), or
    // when the source is not a sound Deskline store (nothing changed then). The replaced file
    // (with its journal) is kept aside as "<store>.replaced-<time>", whose path asidePath gets.
    bool restoreFrom(const QString &source, const QDateTime &now, QString *asidePath = nullptr);

    QString errorString() const { return m_error; }

private:
    bool fail(const QString &message);
    static QString fileStamp(const QDateTime &now);

    QString m_storePath;
    BackupPolicy m_policy;
    QString m_error;
};
