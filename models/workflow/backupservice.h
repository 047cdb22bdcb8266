#pragma once

#include "backupinfo.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class LocalStore;
class QThread;

// The window's handle on its store's backups (File → Backups…): the list, read on a worker
// thread since every copy is opened, checked and counted, and the request to put one back,
// which the program carries out once the window and every connection to the store are
// closed (the store cannot be replaced under them), before it opens the window again.
class BackupService : public QObject
{
    Q_OBJECT

public:
    explicit BackupService(LocalStore &store, QObject *parent = nullptr);
    ~BackupService() override;

    QString folder() const;
    // Reads the list again off the window's thread; listed() brings it, newest first.
    void refresh();
    bool isRefreshing() const { return m_worker != nullptr; }
    QList<BackupInfo> backups() const { return m_backups; }
    // The newest copy of the last list that can be restored.
    std::optional<BackupInfo> newestUsable() const;

    // What restoring the copy loses, in words: the tickets of the store now that changed after
    // it was taken, and how many there are now and then.
    QString lossDescription(const BackupInfo &backup) const;
    // Refused (false, with the reason in errorString()) for a copy that cannot be restored.
    bool requestRestore(const BackupInfo &backup);
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void listed(const QList<BackupInfo> &backups);
    // For the program: close, restore this file into the store's place, open again.
    void restoreRequested(const QString &path);

private:
    LocalStore &m_store;
    QList<BackupInfo> m_backups;
    QThread *m_worker = nullptr;
    bool m_again = false;
    QString m_error;
};
