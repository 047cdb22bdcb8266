#include "idlewatcher.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>

#include <algorithm>

namespace {

// How often the quiet is measured: a tenth of the time to away, at most every 30 seconds.
int checkInterval(int awayAfterMs)
{
    return std::clamp(awayAfterMs / 10, 1, 30 * 1000);
}

} // namespace

IdleWatcher::IdleWatcher(QObject *parent)
    : QObject(parent)
    , m_check(new QTimer(this))
{
    m_sinceInput.start();
    m_check->setInterval(checkInterval(m_awayAfterMs));
    connect(m_check, &QTimer::timeout, this, &IdleWatcher::check);
    m_check->start();
    QCoreApplication::instance()->installEventFilter(this);
}

void IdleWatcher::setAwayAfter(int ms)
{
    m_awayAfterMs = ms;
    m_check->start(checkInterval(ms));
}

void IdleWatcher::check()
{
    if (m_sinceInput.hasExpired(m_awayAfterMs))
        setAway(true);
}

void IdleWatcher::setAway(bool away)
{
    if (away == m_away)
        return;
    m_away = away;
    Q_EMIT awayChanged(away);
}

bool IdleWatcher::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        // Every input event passes here: only a time stamp, no timer touched.
        m_sinceInput.restart();
        setAway(false);
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}
