#pragma once

#include "fieldcodes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>

// The one statement of how a ticket's status may move. The store refuses every other move,
// the window offers only these, and the shared database holds the same table
// (deskline.status_transitions), which a test compares with this one.
//
//   new ──▶ open ◀──▶ pending (waiting on the customer)
//    │       ▲ ▲ ◀──▶ on hold (waiting on a third party)
//    └──────▶ solved ──▶ closed (final: takes no more messages)
//
// Merging a duplicate into another ticket closes it from wherever it is; undoing the merge
// puts it back where it was (MergeStore).
class TicketLifecycle
{
    Q_DECLARE_TR_FUNCTIONS(TicketLifecycle)

public:
    using Transition = std::pair<TicketStatus, TicketStatus>;
    static QList<Transition> transitions();

    // Staying where it is counts as allowed: setting the same status twice changes nothing.
    static bool canChange(TicketStatus from, TicketStatus to);
    // Why a move is refused, for the agent.
    static QString refusal(TicketStatus from, TicketStatus to);

    // The status after a message is added: the first public reply opens a new ticket, and a
    // customer writing again reopens what was waiting on them or was thought solved.
    static TicketStatus afterMessage(TicketStatus status, MessageKind kind);
    // No service clock runs while the ticket waits on someone else or is finished.
    static bool clockRuns(TicketStatus status);
    // A closed ticket takes no more messages.
    static bool isFinal(TicketStatus status) { return status == TicketStatus::Closed; }

    // Merging a duplicate closes it from any status but closed; undoing the merge is the one
    // way out of closed, back to the status it had (kept with the merge).
    static bool canMergeAway(TicketStatus status) { return !isFinal(status); }
};
