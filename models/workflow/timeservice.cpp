#include "timeservice.h"

#include "localstore.h"
#include "timestore.h"

TimeService::TimeService(LocalStore &store)
    : m_store(store)
{}

QList<TimeEntry> TimeService::entries(qint64 ticketId) const
{
    return TimeStore(m_store).entries(ticketId);
}

qint64 TimeService::totalMs(qint64 ticketId) const
{
    return TimeStore(m_store).totalMs(ticketId);
}

QString TimeService::durationText(qint64 ms)
{
    return TimeStore::durationText(ms);
}

bool TimeService::done(bool ok)
{
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

bool TimeService::refuseDuration(qint64 durationMs)
{
    if (durationMs > 0 && durationMs <= TimeStore::maxEntryMs)
        return false;
    m_error = tr("Enter a time of at least one minute and at most 24 hours.");
    return true;
}

bool TimeService::refuseNoEntry(qint64 entryId)
{
    if (entryId > 0)
        return false;
    m_error = tr("Select an entry first.");
    return true;
}

std::optional<qint64> TimeService::add(qint64 ticketId, qint64 durationMs, const QString &note)
{
    if (refuseDuration(durationMs))
        return std::nullopt;
    const auto id = TimeStore(m_store).addManual(ticketId, durationMs, note);
    done(id.has_value());
    return id;
}

bool TimeService::update(qint64 entryId, qint64 durationMs, const QString &note)
{
    if (refuseNoEntry(entryId) || refuseDuration(durationMs))
        return false;
    return done(TimeStore(m_store).update(entryId, durationMs, note));
}

bool TimeService::remove(qint64 entryId)
{
    if (refuseNoEntry(entryId))
        return false;
    return done(TimeStore(m_store).remove(entryId));
}
