#include "timetracker.h"

#include "clock.h"
#include "localstore.h"
#include "timestore.h"

#include <QTimer>

TimeTracker::TimeTracker(LocalStore &store, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
{}

TimeTracker::~TimeTracker()
{
    flush();
}

bool TimeTracker::flush()
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    if (!isCounting()) {
        m_since = now;
        return true;
    }
    const qint64 ran = now - m_since;
    const qint64 ticket = m_ticketId;
    m_since = now;
    if (ran <= 0)
        return true;
    if (!TimeStore(m_store).addAutomatic(ticket, now - ran, ran)) {
        Q_EMIT failed(m_store.errorString());
        return false;
    }
    Q_EMIT recorded(ticket);
    return true;
}

void TimeTracker::setTicket(qint64 ticketId)
{
    if (ticketId == m_ticketId)
        return;
    flush();
    m_ticketId = ticketId;
}

void TimeTracker::setActive(bool active)
{
    if (active == m_active)
        return;
    flush();
    m_active = active;
}

void TimeTracker::startCheckpoints(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &TimeTracker::flush);
    }
    m_timer->start(intervalMs);
}
