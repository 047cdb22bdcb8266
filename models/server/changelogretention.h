#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// How long the shared database keeps its change log, and the pruning of what is older: rows
// every desk could have pulled long ago go, and the log's floor rises (a desk whose cursor is
// below it copies the server again). Also the log's epoch, renewed after a restore from a
// backup so that every desk copies again. Administrators (and the gateway, which prunes
// hourly) may prune; the server refuses anyone else.
class ChangeLogRetention
{
    Q_DECLARE_TR_FUNCTIONS(ChangeLogRetention)

public:
    static constexpr int defaultDays = 30;

    explicit ChangeLogRetention(QSqlDatabase db);

    std::optional<int> retentionDays();
    bool setRetentionDays(int days);
    // Rows removed; days overrides the setting for this run.
    std::optional<qint64> prune(std::optional<int> days = std::nullopt);
    // The new epoch.
    std::optional<QString> renewEpoch();
    QString errorString() const { return m_error; }

private:
    QSqlDatabase m_db;
    QString m_error;
};
