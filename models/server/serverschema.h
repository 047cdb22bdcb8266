#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// The shared database's schema: numbered SQL files (resources under :/deskline/server/sql),
// each applied in its own transaction under an advisory lock, so two admins running init
// at once cannot interleave. A database from a newer Deskline is refused.
class ServerSchema
{
    Q_DECLARE_TR_FUNCTIONS(ServerSchema)

public:
    explicit ServerSchema(QSqlDatabase db);

    static int latestVersion();

    // 0 when the database has no Deskline schema; nullopt (see errorString) when it cannot be read.
    std::optional<int> installedVersion();
    // Brings the schema to latestVersion() (or to upTo, for tests of upgrades). Returns the
    // version it started from, or nullopt.
    std::optional<int> migrate(int upTo = 0);
    QString errorString() const { return m_error; }

private:
    struct Step {
        int version;
        QString path;
    };
    static QList<Step> steps();

    QSqlDatabase m_db;
    QString m_error;
};
