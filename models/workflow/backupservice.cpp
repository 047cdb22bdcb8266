#include "backupservice.h"

#include "backupstore.h"
#include "localstore.h"

#include <QLocale>
#include <QThread>

#include <memory>

BackupService::BackupService(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

BackupService::~BackupService()
{
    // A list under way reads files only; it is short, and must not outlive what it reports to.
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

QString BackupService::folder() const
{
    return BackupStore(m_store.path(), m_store.backupPolicy()).folder();
}

void BackupService::refresh()
{
    if (m_worker) {
        m_again = true;
        return;
    }
    auto result = std::make_shared<QList<BackupInfo>>();
    const QString path = m_store.path();
    const BackupPolicy policy = m_store.backupPolicy();
    m_worker = QThread::create([result, path, policy] { *result = BackupStore(path, policy).list(); });
    connect(m_worker, &QThread::finished, this, [this, result] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_backups = *result;
        Q_EMIT listed(m_backups);
        if (m_again) {
            m_again = false;
            refresh();
        }
    });
    m_worker->start(QThread::LowPriority);
}

std::optional<BackupInfo> BackupService::newestUsable() const
{
    for (const BackupInfo &backup : m_backups) {
        if (backup.usable())
            return backup;
    }
    return std::nullopt;
}

QString BackupService::lossDescription(const BackupInfo &backup) const
{
    const QLocale locale;
    const QString when = locale.toString(backup.takenAt.toLocalTime(), QLocale::ShortFormat);
    QString text =
        tr("The store goes back to how it was on %1, with %n ticket(s).", nullptr, int(backup.tickets)).arg(when);
    if (backup.changedSince > 0) {
        text += u' ' + tr("Everything written since is lost: %n ticket(s) created or changed after it, of the "
                          "%1 in the store now.",
                          nullptr, int(backup.changedSince))
                           .arg(backup.storeTickets);
    } else if (backup.changedSince == 0) {
        text += u' ' + tr("No ticket has changed since; settings changed after it are lost.");
    } else {
        text += u' ' + tr("Everything written since is lost.");
    }
    text += u' ' + tr("The store as it is now is kept aside beside it, and Deskline opens again.");
    return text;
}

bool BackupService::requestRestore(const BackupInfo &backup)
{
    m_error.clear();
    if (!backup.usable()) {
        m_error = tr("This copy cannot be restored: %1.").arg(backup.problem);
        return false;
    }
    Q_EMIT restoreRequested(backup.path);
    return true;
}
