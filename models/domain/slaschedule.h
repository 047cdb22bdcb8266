#pragma once

#include "businesscalendar.h"
#include "fieldcodes.h"
#include "slapolicy.h"

#include <QVariant>

#include <limits>
#include <optional>

// The deadlines of tickets under one policy and business calendar. Each ticket keeps a
// clock: the business time it has run so far, and since when it runs now (nothing while the
// ticket waits on the customer or a third party, or is finished). The first response target
// counts until the first public reply, the resolution target until solved.
class SlaSchedule
{
public:
    static constexpr qint64 noDeadline = std::numeric_limits<qint64>::max();

    struct Clock {
        qint64 elapsedMs = 0;
        std::optional<qint64> runningSinceMs;
        // The next-response clock: a customer's message after the first answer waits since then.
        std::optional<qint64> awaitingReplySinceMs;
        bool operator==(const Clock &) const = default;
        // As the store keeps it: NULL while the clock stands.
        QVariant runningSinceOrNull() const
        {
            return runningSinceMs ? QVariant(*runningSinceMs) : QVariant(QMetaType::fromType<qint64>());
        }
        QVariant awaitingReplySinceOrNull() const
        {
            return awaitingReplySinceMs ? QVariant(*awaitingReplySinceMs) : QVariant(QMetaType::fromType<qint64>());
        }
    };

    const BusinessCalendar &calendar() const { return m_calendar; }
    void setCalendar(const BusinessCalendar &calendar) { m_calendar = calendar; }
    const SlaPolicy &policy() const { return m_policy; }
    void setPolicy(const SlaPolicy &policy) { m_policy = policy; }

    // The clock of a ticket known only by its creation and status (imported, seeded, or copied
    // from the server): running since creation if the status lets it run; its pauses are unknown.
    static Clock fromCreation(TicketStatus status, qint64 createdMs);
    // The clock brought in line with the ticket's status at nowMs: started when the status
    // lets it run and it stood still, stopped (keeping what it counted) the other way round.
    // A ticket put to wait on someone, or solved, no longer owes the customer a next answer.
    Clock reconciled(Clock clock, TicketStatus status, qint64 nowMs) const
    {
        return reconciled(m_calendar, clock, status, nowMs);
    }
    static Clock reconciled(const BusinessCalendar &calendar, Clock clock, TicketStatus status, qint64 nowMs);
    // The next deadline in milliseconds since the epoch, or noDeadline while the clock stands.
    // While a customer's message waits for an answer, the next-response target counts too (in
    // business time from that message).
    qint64 dueAt(const Clock &clock, Channel channel, Priority priority, TicketStatus status,
                 bool firstResponseSent) const;
    // When the next answer is due for a message waiting since awaitingReplySinceMs.
    qint64 nextResponseDueAt(Channel channel, Priority priority, qint64 awaitingReplySinceMs) const;

    // The target the ticket's own clock counts toward: the first response until it is sent,
    // then the resolution.
    qint64 currentTargetMsecs(Channel channel, Priority priority, bool firstResponseSent) const;
    // Business time the clock has counted up to nowMs.
    qint64 usedMsecs(const Clock &clock, qint64 nowMs) const { return usedMsecs(m_calendar, clock, nowMs); }
    static qint64 usedMsecs(const BusinessCalendar &calendar, const Clock &clock, qint64 nowMs);

private:
    BusinessCalendar m_calendar;
    SlaPolicy m_policy;
};
