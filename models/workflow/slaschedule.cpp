#include "slaschedule.h"

#include "ticketlifecycle.h"

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
    return clock;
}

qint64 SlaSchedule::dueAt(const Clock &clock, Channel channel, Priority priority, TicketStatus status,
                          bool firstResponseSent) const
{
    if (!TicketLifecycle::clockRuns(status) || !clock.runningSinceMs)
        return noDeadline;
    const qint64 left = currentTargetMsecs(channel, priority, firstResponseSent) - clock.elapsedMs;
    if (left < 0) // already over while it stood still: late by what it overran
        return *clock.runningSinceMs + left;
    const qint64 due = m_calendar.addBusinessMsecs(*clock.runningSinceMs, left);
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
