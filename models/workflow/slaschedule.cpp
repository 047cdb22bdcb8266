#include "slaschedule.h"

#include "ticketlifecycle.h"

SlaSchedule::Clock SlaSchedule::fromCreation(TicketStatus status, qint64 createdMs)
{
    Clock clock;
    if (TicketLifecycle::clockRuns(status))
        clock.runningSinceMs = createdMs;
    return clock;
}

SlaSchedule::Clock SlaSchedule::reconciled(Clock clock, TicketStatus status, qint64 nowMs) const
{
    const bool runs = TicketLifecycle::clockRuns(status);
    if (runs && !clock.runningSinceMs) {
        clock.runningSinceMs = nowMs;
    } else if (!runs && clock.runningSinceMs) {
        clock.elapsedMs += m_calendar.businessMsecsBetween(*clock.runningSinceMs, nowMs);
        clock.runningSinceMs.reset();
    }
    return clock;
}

qint64 SlaSchedule::dueAt(const Clock &clock, Channel channel, Priority priority, TicketStatus status,
                          bool firstResponseSent) const
{
    if (!TicketLifecycle::clockRuns(status) || !clock.runningSinceMs)
        return noDeadline;
    using Target = SlaPolicy::Target;
    qint64 target = m_policy.targetMsecs(Target::Resolution, channel, priority);
    if (!firstResponseSent)
        target = std::min(target, m_policy.targetMsecs(Target::FirstResponse, channel, priority));
    const qint64 left = target - clock.elapsedMs;
    if (left < 0) // already over while it stood still: late by what it overran
        return *clock.runningSinceMs + left;
    const qint64 due = m_calendar.addBusinessMsecs(*clock.runningSinceMs, left);
    return due < 0 ? noDeadline : due;
}
