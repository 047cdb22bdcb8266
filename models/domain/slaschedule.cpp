#include "slaschedule.h"

#include "ticketlifecycle.h"

#include <algorithm>

SlaSchedule::Clock SlaSchedule::fromCreation(TicketStatus status, qint64 createdMs)
{
    Clock clock;
    if (TicketLifecycle::clockRuns(status))
        clock.runningSinceMs = createdMs;
    return clock;
}

SlaSchedule::Clock SlaSchedule::reconciled(const BusinessCalendar &calendar, Clock clock, TicketStatus status,
                                           qint64 nowMs)
{
    const bool runs = TicketLifecycle::clockRuns(status);
    if (runs && !clock.runningSinceMs) {
        clock.runningSinceMs = nowMs;
    } else if (!runs && clock.runningSinceMs) {
        clock.elapsedMs += calendar.businessMsecsBetween(*clock.runningSinceMs, nowMs);
        clock.runningSinceMs.reset();
    }
    if (!runs)
        clock.awaitingReplySinceMs.reset();
    return clock;
}

qint64 SlaSchedule::dueAt(const Clock &clock, Channel channel, Priority priority, TicketStatus status,
                          bool firstResponseSent) const
{
    if (!TicketLifecycle::clockRuns(status) || !clock.runningSinceMs)
        return noDeadline;
    const qint64 left = currentTargetMsecs(channel, priority, firstResponseSent) - clock.elapsedMs;
    qint64 due = noDeadline;
    if (left < 0) { // already over while it stood still: late by what it overran
        due = *clock.runningSinceMs + left;
    } else {
        due = m_calendar.addBusinessMsecs(*clock.runningSinceMs, left);
        if (due < 0)
            due = noDeadline;
    }
    if (firstResponseSent && clock.awaitingReplySinceMs)
        due = std::min(due, nextResponseDueAt(channel, priority, *clock.awaitingReplySinceMs));
    return due;
}

qint64 SlaSchedule::nextResponseDueAt(Channel channel, Priority priority, qint64 awaitingReplySinceMs) const
{
    const qint64 due = m_calendar.addBusinessMsecs(
        awaitingReplySinceMs, m_policy.targetMsecs(SlaPolicy::Target::NextResponse, channel, priority));
    return due < 0 ? noDeadline : due;
}

qint64 SlaSchedule::currentTargetMsecs(Channel channel, Priority priority, bool firstResponseSent) const
{
    using Target = SlaPolicy::Target;
    const qint64 resolution = m_policy.targetMsecs(Target::Resolution, channel, priority);
    return firstResponseSent ? resolution
                             : std::min(resolution, m_policy.targetMsecs(Target::FirstResponse, channel, priority));
}

qint64 SlaSchedule::usedMsecs(const BusinessCalendar &calendar, const Clock &clock, qint64 nowMs)
{
    return clock.elapsedMs + (clock.runningSinceMs ? calendar.businessMsecsBetween(*clock.runningSinceMs, nowMs) : 0);
}
