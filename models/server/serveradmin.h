#pragma once

#include "fieldcodes.h"

#include <QCoreApplication>
#include <QList>
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
    // The same for many agents in one transaction (all or none): their ids, in order.
    std::optional<QList<qint64>> addAgents(const QList<NewAgent> &agents);
    // A login for `deskctl gateway --url` in the group deskline_gateway (or its password
    // changed): it may take mail into tickets and record deliveries, nothing else.
    bool addGateway(const QString &login, const QString &password);
    QString errorString() const { return m_error; }

    static QString groupRole(AgentRole role);
    static const QString gatewayRole;

private:
    bool validLogin(const QString &login);
    // Creates the login or sets its password, and makes it a member of group and of no other
    // Deskline group; inside the caller's transaction.
    bool setLogin(const QString &login, const QString &password, const QString &group);
    // One agent's login and rows; inside the caller's transaction, which it does not end.
    std::optional<qint64> writeAgent(const NewAgent &agent);

    QSqlDatabase m_db;
    QString m_error;
};
