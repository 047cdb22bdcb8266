#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// The shared database's schema (sql/README.md): numbered steps (resources under
// :/deskline/server/sql), each applied in its own transaction under an advisory lock, so two
// admins running init at once cannot interleave; then the function files (sql/functions), which
// hold every function's current definition and privileges. They go in the transaction of the
// last step, or in one of their own when they differ from the ones recorded in deskline.meta.
// A database from a newer Deskline is refused, and so are functions a newer Deskline installed.
class ServerSchema
{
    Q_DECLARE_TR_FUNCTIONS(ServerSchema)

public:
    // sqlDir holds the steps and a functions/ folder: the built-in ones unless a test gives an
    // edited copy.
    explicit ServerSchema(QSqlDatabase db, const QString &sqlDir = builtInSqlDir());

    static QString builtInSqlDir();
    static int latestVersion();

    // 0 when the database has no Deskline schema; nullopt (see errorString) when it cannot be read.
    std::optional<int> installedVersion();
    // Brings the schema to the latest version with the current functions (or only to upTo, for
    // tests of upgrades: the function files are written for the latest tables, so a database left
    // at an older version gets the functions of its steps, as an older Deskline left it). Returns
    // the version it started from, or nullopt.
    std::optional<int> migrate(int upTo = 0);
    // Whether the last migrate() applied the function files (they had changed, or a step had run).
    bool functionsUpdated() const { return m_functionsUpdated; }
    QString errorString() const { return m_error; }

private:
    struct Step {
        int version;
        QString path;
    };
    static QList<Step> steps(const QString &sqlDir);
    // Inside the caller's transaction; afterStep: a step ran in it, so the files go in even unchanged.
    bool applyFunctions(bool afterStep);

    QSqlDatabase m_db;
    QString m_sqlDir;
    QString m_error;
    bool m_functionsUpdated = false;
};
