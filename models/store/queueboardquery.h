#pragma once

#include <QList>
#include <QString>

class LocalStore;

// One team's queue as the supervisor board shows it: what waits, in which state, and for how long.
struct TeamLoad {
    qint64 teamId = 0; // 0: tickets of no team
    QString teamName;
    int tier = 0;
    qint64 newTickets = 0;
    qint64 unassigned = 0;
    qint64 open = 0;
    qint64 pending = 0;
    qint64 onHold = 0;
    qint64 dueSoon = 0;
    qint64 breached = 0;
    // Since when the customer who has waited longest for an answer waits (0: nobody): a new
    // ticket since it came in, an answered one since the customer wrote again.
    qint64 oldestWaitingSinceMs = 0;

    bool operator==(const TeamLoad &) const = default;
};

// The queue load per team from the tickets not yet solved (archived and merged ones left out),
// in one grouped pass over the status index.
class QueueBoardQuery
{
public:
    explicit QueueBoardQuery(const LocalStore &store);

    // Every team, by tier and name, then the tickets of no team if there are any. Empty with the
    // store's error set when the query fails.
    QList<TeamLoad> teamLoads(qint64 nowMs) const;

private:
    const LocalStore &m_store;
};
