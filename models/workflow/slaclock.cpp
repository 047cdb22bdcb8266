#include "slaclock.h"

#include "ticketlifecycle.h"

SlaClock::Reading SlaClock::read(const BusinessCalendar &calendar, qint64 targetMsecs,
                                 const QList<StatusChange> &changes, const QDateTime &metAt, const QDateTime &now)
{
    Reading reading;
    reading.targetMsecs = targetMsecs;
    reading.met = metAt.isValid();
    const QDateTime stop = reading.met ? std::min(metAt, now) : now;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const StatusChange &change = changes.at(i);
        if (change.at >= stop)
            break;
        const bool last = i + 1 == changes.size() || changes.at(i + 1).at >= stop;
        const QDateTime spanEnd = last ? stop : changes.at(i + 1).at;
        if (!TicketLifecycle::clockRuns(change.status)) {
            reading.paused = last && !reading.met;
            continue;
        }
        const qint64 before = reading.elapsedMsecs;
        reading.elapsedMsecs += calendar.businessMsecsBetween(change.at, spanEnd);
        if (last && !reading.met)
            reading.due = calendar.addBusinessMsecs(change.at, std::max<qint64>(0, targetMsecs - before));
    }
    reading.breached = reading.elapsedMsecs > targetMsecs;
    return reading;
}
