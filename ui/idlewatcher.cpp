#include "idlewatcher.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>

IdleWatcher::IdleWatcher(QObject *parent)
    : QObject(parent)
    , m_quiet(new QTimer(this))
{
    m_quiet->setSingleShot(true);
    m_quiet->setInterval(defaultAwayAfterMs);
    connect(m_quiet, &QTimer::timeout, this, [this] { setAway(true); });
    QCoreApplication::instance()->installEventFilter(this);
    m_quiet->start();
}

void IdleWatcher::setAwayAfter(int ms)
{
    m_quiet->setInterval(ms);
    m_quiet->start();
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
        // Timers are cheap to restart; this runs for every input event, and nothing else.
        m_quiet->start();
        setAway(false);
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}
