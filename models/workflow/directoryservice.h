#pragma once

#include "agent.h"
#include "agentload.h"
#include "customer.h"
#include "customerorder.h"
#include "device.h"
#include "team.h"

#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// Who works at the desk and whom they serve: the teams and agents, the agent signed in here,
// and the customers with their orders and devices, as the window looks them up.
class DirectoryService
{
public:
    explicit DirectoryService(LocalStore &store);

    QList<Team> teams() const;
    std::optional<Team> team(qint64 id) const;
    QList<Agent> agents() const;
    std::optional<Agent> agent(qint64 id) const;

    // The agent working at this desk: "mine" means theirs, and their name signs replies.
    qint64 currentAgentId() const;
    std::optional<Agent> currentAgent() const;
    bool signIn(const QString &login);
    // Team mode: a new desk learns its agent from the server on its first connection.
    bool signInAsDeskAgent();
    // Whether the agent at this desk is a supervisor or an administrator.
    bool signedInAsManager() const;
    // Every agent with what they hold and solved, by team and name (the supervisor's view).
    QList<AgentLoad> agentLoads() const;
    // Team mode: the desk works on a copy of the team's database.
    bool teamMode() const;

    std::optional<Customer> customer(qint64 id) const;
    // By phone (any formatting, matching the last digits), email, username, order number or
    // the start of the name.
    QList<Customer> findCustomers(const QString &term, int limit = 20) const;
    QList<CustomerOrder> orders(qint64 customerId) const;
    QList<Device> devices(qint64 customerId) const;
    // The digits a phone number is matched by.
    static QString phoneKey(const QString &phone);

    QString errorString() const;

private:
    LocalStore &m_store;
};
