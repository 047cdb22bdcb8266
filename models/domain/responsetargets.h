#pragma once

#include "fieldcodes.h"

#include <QtGlobal>

#include <limits>

// Default service targets per channel, from the design brief: phone at once, chat in
// minutes, social media within hours, email and web forms within a day; resolution in
// 48 hours; urgent tickets get half the time. Wall-clock time for now; the business
// calendar replaces this when SLA policies arrive.
class ResponseTargets
{
public:
    static constexpr qint64 noDeadline = std::numeric_limits<qint64>::max();

    static qint64 firstResponseMsecs(Channel channel, Priority priority);
    static qint64 resolutionMsecs(Priority priority);

    // The next deadline of a ticket in milliseconds since the epoch, or noDeadline
    // when no clock runs (waiting on someone else, or finished).
    static qint64 dueAt(qint64 createdAtMs, Channel channel, Priority priority, TicketStatus status,
                        bool firstResponseSent);
};
