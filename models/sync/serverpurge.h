#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

class Clock;

// Deletes archived tickets from the shared database for good, once they are safely in a file.
// The tickets archived before the cutoff are copied into a scratch store, exported from it
// (CSV for a .csv file, else JSON Lines, the form `deskctl import` reads) and only then deleted
// on the server, in batches. A failure before the export deletes nothing; one during the
// deletions leaves the rest archived for the next run. Needs a supervisor's or an
// administrator's login.
class ServerPurge
{
    Q_DECLARE_TR_FUNCTIONS(ServerPurge)

public:
    static constexpr int batchSize = 500;

    ServerPurge(QSqlDatabase server, const Clock &clock);

    // How many tickets archived more than retentionDays ago this login would purge.
    std::optional<qint64> count(int retentionDays);
    // progress(done, total) while copying, then while deleting.
    bool run(int retentionDays, const QString &exportPath,
             const std::function<void(qint64 done, qint64 total)> &progress = {});

    qint64 exportedCount() const { return m_exported; }
    qint64 purgedCount() const { return m_purged; }
    QString errorString() const { return m_error; }

private:
    bool checkRole();
    std::optional<QList<qint64>> purgeable(qint64 archivedBeforeMs);
    qint64 cutoffMs(int retentionDays) const;
    bool fail(const QString &message);

    QSqlDatabase m_server;
    const Clock &m_clock;
    qint64 m_exported = 0;
    qint64 m_purged = 0;
    QString m_error;
};
