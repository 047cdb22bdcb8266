#pragma once

#include "businesscalendar.h"
#include "fieldcodes.h"

#include <QDateTime>
#include <QList>

// How far one service target has run for one ticket: business time counts only while the
// ticket's status lets the clock run (not while it waits on the customer or a third party),
// and stops when the target is met (the first public reply, say).
class SlaClock
{
public:
    struct StatusChange {
        QDateTime at;
        TicketStatus status; // from `at` on
    };
    struct Reading {
        qint64 targetMsecs = 0;
        qint64 elapsedMsecs = 0; // business time counted so far (or until met)
        QDateTime due;           // when the target is reached; invalid while paused or once met
        bool met = false;
        bool paused = false;
        bool breached = false; // more than the target counted (before meeting it, or now)
        double used() const { return targetMsecs > 0 ? double(elapsedMsecs) / double(targetMsecs) : 0.0; }
    };

    // `changes` in time order, the first at the moment the clock starts; `metAt` invalid
    // while the target is still open.
    static Reading read(const BusinessCalendar &calendar, qint64 targetMsecs, const QList<StatusChange> &changes,
                        const QDateTime &metAt, const QDateTime &now);
};
