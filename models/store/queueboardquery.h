#pragma once

#include "fieldcodes.h"
#include "teamload.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

class LocalStore;

// The queue load per team from the tickets not yet solved (archived and merged ones left out),
// in one grouped pass over the status index; and how each team's new tickets are handed out, a
// team setting ("auto_assign", team id → round_robin or by_load) the server acts on.
class QueueBoardQuery
{
    Q_DECLARE_TR_FUNCTIONS(QueueBoardQuery)

public:
    explicit QueueBoardQuery(LocalStore &store);

    // Every team, by tier and name, then the tickets of no team if there are any. Empty with the
    // store's error set when the query fails.
    QList<TeamLoad> teamLoads(qint64 nowMs) const;

    QHash<qint64, AutoAssign> autoAssignModes() const;
    // Refused (see the store's error) for an agent, an unknown team, or a desk without a team
    // server, which alone knows who is online.
    bool setAutoAssign(qint64 teamId, AutoAssign mode);

private:
    LocalStore &m_store;
};
