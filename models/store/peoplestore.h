#pragma once

#include "agent.h"
#include "team.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;

// The teams and the agents who work in them. Who is signed in at this desk is the connection's
// (LocalStore::currentAgentId()).
class PeopleStore
{
    Q_DECLARE_TR_FUNCTIONS(PeopleStore)

public:
    explicit PeopleStore(LocalStore &store);

    QList<Team> teams() const;
    std::optional<Team> team(qint64 id) const;
    QList<Agent> agents() const;
    std::optional<Agent> agent(qint64 id) const;
    std::optional<Agent> agentByLogin(const QString &login) const;
    std::optional<qint64> createTeam(const Team &team);
    std::optional<qint64> createAgent(const Agent &agent);

private:
    LocalStore &m_store;
};
