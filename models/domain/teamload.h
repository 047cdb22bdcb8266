#pragma once

#include "fieldcodes.h"

#include <QString>

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
    AutoAssign autoAssign = AutoAssign::Off; // how the server hands out its new tickets (team mode)

    bool operator==(const TeamLoad &) const = default;
};
