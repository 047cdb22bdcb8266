#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// Where the shared database is: postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE.
struct ServerAddress {
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database = QStringLiteral("deskline");
    QString login;
    QString password;
    QString sslMode = QStringLiteral("prefer"); // disable, allow, prefer, require, verify-ca, verify-full

    static std::optional<ServerAddress> fromUrl(const QString &url, QString *error);
    QString toUrl(bool withPassword) const;
    bool operator==(const ServerAddress &) const = default;
};

// Opens connections to the shared database and tells apart why one cannot be opened, so
// the agent gets a message that says what to fix.
class ServerConnection
{
    Q_DECLARE_TR_FUNCTIONS(ServerConnection)

public:
    enum class Problem {
        None,
        Unreachable,
        WrongPassword,
        NoDatabase,
        NoSchema,
        OldSchema,
        NewerSchema,
        NotAnAgent,
        NoDriver,
        Other
    };

    // Opens (and registers under connectionName) a connection; check problem() on failure.
    bool open(const ServerAddress &address, const QString &connectionName);
    // open() plus the schema version check and the agent lookup a desk needs.
    bool openAsDesk(const ServerAddress &address, const QString &connectionName);

    // Opens a throwaway desk connection and closes it again: a check that the address and
    // password work, safe on any thread (a dialog runs it off the UI thread).
    struct Check {
        bool ok = false;
        Problem problem = Problem::None;
        QString message;
    };
    static Check checkDesk(const ServerAddress &address);

    Problem problem() const { return m_problem; }
    QString errorString() const { return m_error; }

private:
    bool fail(Problem problem, const QString &message);

    Problem m_problem = Problem::None;
    QString m_error;
};
