#include "slaclock.h"

#include "slaschedule.h"

SlaClock::Reading SlaClock::read(const BusinessCalendar &calendar, qint64 targetMsecs,
                                 const QList<StatusChange> &changes, const QDateTime &metAt, const QDateTime &now)
{
    // The same clock the store keeps per ticket, wound through the ticket's status changes.
    Reading reading;
    reading.targetMsecs = targetMsecs;
    reading.met = metAt.isValid();
    const qint64 stop = (reading.met ? std::min(metAt, now) : now).toMSecsSinceEpoch();
    SlaSchedule::Clock clock;
    bool started = false;
    for (const StatusChange &change : changes) {
        if (change.at.toMSecsSinceEpoch() >= stop)
            break;
        clock = SlaSchedule::reconciled(calendar, clock, change.status, change.at.toMSecsSinceEpoch());
        started = true;
    }
    reading.elapsedMsecs = SlaSchedule::usedMsecs(calendar, clock, stop);
    reading.paused = started && !clock.runningSinceMs && !reading.met;
    if (clock.runningSinceMs && !reading.met)
        reading.due = calendar.addBusinessMsecs(QDateTime::fromMSecsSinceEpoch(*clock.runningSinceMs, now.timeZone()),
                                                std::max<qint64>(0, targetMsecs - clock.elapsedMs));
    reading.breached = reading.elapsedMsecs > targetMsecs;
    return reading;
}
