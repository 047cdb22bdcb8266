#pragma once

#include "serverconnection.h"

#include <QCoreApplication>

#include <optional>

// Team mode at startup: the server's address, with a password from the URL, the
// environment, the system keychain or the agent, checked for real off the UI thread. When
// the server cannot be reached but this desk has a copy, the agent works offline.
class TeamStartup
{
    Q_DECLARE_TR_FUNCTIONS(TeamStartup)

public:
    // nullopt when it cannot go on: error says why (empty when the agent cancelled).
    static std::optional<ServerAddress> resolve(const QString &url, bool interactive, QString *error);
    // One store per server, database and login, beside the standalone one.
    static QString storePath(const ServerAddress &address);
};
