#pragma once

#include "fieldcodes.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// What an administrator does on the shared database besides the schema: agents get their
// own PostgreSQL login in the group role of their Deskline role, so the server itself
// decides what each may see and do.
class ServerAdmin
{
    Q_DECLARE_TR_FUNCTIONS(ServerAdmin)

public:
    explicit ServerAdmin(QSqlDatabase db);

    struct NewAgent {
        QString login;
        QString name;
        AgentRole role = AgentRole::Agent;
        QString team;
        int teamTier = 1; // used when the team is new
        QString password;
    };
    // Creates the login (or updates its password, name, role and team); returns the agent id.
    std::optional<qint64> addAgent(const NewAgent &agent);
    QString errorString() const { return m_error; }

    static QString groupRole(AgentRole role);

private:
    QSqlDatabase m_db;
    QString m_error;
};
