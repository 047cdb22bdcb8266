#include "directoryservice.h"

#include "agentloadquery.h"
#include "clock.h"
#include "customerstore.h"
#include "localstore.h"
#include "peoplestore.h"

DirectoryService::DirectoryService(LocalStore &store)
    : m_store(store)
{}

QList<Team> DirectoryService::teams() const
{
    return PeopleStore(m_store).teams();
}

std::optional<Team> DirectoryService::team(qint64 id) const
{
    return PeopleStore(m_store).team(id);
}

QList<Agent> DirectoryService::agents() const
{
    return PeopleStore(m_store).agents();
}

std::optional<Agent> DirectoryService::agent(qint64 id) const
{
    return PeopleStore(m_store).agent(id);
}

qint64 DirectoryService::currentAgentId() const
{
    return m_store.currentAgentId();
}

std::optional<Agent> DirectoryService::currentAgent() const
{
    return PeopleStore(m_store).agent(m_store.currentAgentId());
}

bool DirectoryService::signIn(const QString &login)
{
    return m_store.setCurrentAgent(login);
}

bool DirectoryService::signInAsDeskAgent()
{
    return m_store.signInAsDeskAgent();
}

bool DirectoryService::signedInAsManager() const
{
    return m_store.signedInAsManager();
}

QList<AgentLoad> DirectoryService::agentLoads() const
{
    return AgentLoadQuery(m_store).agentLoads(m_store.clock().now().toMSecsSinceEpoch());
}

bool DirectoryService::teamMode() const
{
    return m_store.teamMode();
}

std::optional<Customer> DirectoryService::customer(qint64 id) const
{
    return CustomerStore(m_store).customer(id);
}

QList<Customer> DirectoryService::findCustomers(const QString &term, int limit) const
{
    return CustomerStore(m_store).findCustomers(term, limit);
}

QList<CustomerOrder> DirectoryService::orders(qint64 customerId) const
{
    return CustomerStore(m_store).orders(customerId);
}

QList<Device> DirectoryService::devices(qint64 customerId) const
{
    return CustomerStore(m_store).devices(customerId);
}

QString DirectoryService::phoneKey(const QString &phone)
{
    return CustomerStore::phoneKey(phone);
}

QString DirectoryService::errorString() const
{
    return m_store.errorString();
}
