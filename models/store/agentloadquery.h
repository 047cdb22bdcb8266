#pragma once

#include "agentload.h"

#include <QHash>
#include <QList>
#include <QString>

class LocalStore;

// The agents' load for the supervisor board, and their capacities: a team setting
// ("agent_capacity", agent id → tickets) a supervisor changes for every desk.
class AgentLoadQuery
{
public:
    static constexpr int maxCapacity = AgentLoad::maxCapacity;

    explicit AgentLoadQuery(LocalStore &store);

    // Every agent, by team and name.
    QList<AgentLoad> agentLoads(qint64 nowMs) const;

    QHash<qint64, int> capacities() const;
    // 0 takes the limit away. Refused (see the store's error) out of range or for an agent.
    bool setCapacity(qint64 agentId, int capacity);

private:
    LocalStore &m_store;
};
