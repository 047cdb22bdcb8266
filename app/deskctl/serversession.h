#pragma once

#include "serveraddress.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QSqlDatabase>
#include <QString>

namespace cli {

// --url: the shared database a command works on.
QCommandLineOption urlOption();

// A channel command works on a standalone store (--database) or on the team's server (--url);
// false (said) when it was given both or neither.
bool onServer(const QCommandLineParser &parser, bool *server);

// Where a team's gateway keeps its files unless told otherwise (the key of our Message-IDs, the
// intake sources' secrets): named after the server, in this user's configuration folder.
QString gatewayFileBase(const ServerAddress &address);

// A command's connection to the shared database named by --url, closed when it goes.
class ServerSession
{
public:
    explicit ServerSession(QString connectionName = QStringLiteral("deskctl-server"));
    ~ServerSession();
    ServerSession(const ServerSession &) = delete;
    ServerSession &operator=(const ServerSession &) = delete;

    // Prints why on stderr when it cannot connect.
    bool open(const QCommandLineParser &parser);
    QSqlDatabase db() const;
    const ServerAddress &address() const { return m_address; }
    const QString &connectionName() const { return m_name; }

private:
    QString m_name;
    ServerAddress m_address;
};

} // namespace cli
