#include "autocloser.h"

#include "clock.h"
#include "localstore.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

const QString daysKey = u"auto_close_days"_s;

} // namespace

AutoCloser::AutoCloser(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

int AutoCloser::days() const
{
    bool ok = false;
    const int stored = m_store.metaValue(daysKey).toInt(&ok);
    return ok && stored >= 0 && stored <= maxDays ? stored : defaultDays;
}

bool AutoCloser::setDays(int days)
{
    if (days < 0 || days > maxDays) {
        m_error = tr("Solved tickets close after 0 to %1 days (0: never).").arg(maxDays);
        return false;
    }
    if (!m_store.setSharedSetting(daysKey, days)) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}

int AutoCloser::closeDue()
{
    const int wait = days();
    if (wait == 0)
        return 0;
    const qint64 solvedBefore = m_store.clock().now().toMSecsSinceEpoch() - qint64(wait) * 24 * 3600 * 1000;
    const auto closed = m_store.closeSolvedBefore(solvedBefore, QString::number(wait), batchSize);
    if (!closed) {
        m_error = m_store.errorString();
        return -1;
    }
    return int(closed->size());
}

void AutoCloser::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &AutoCloser::tick);
    }
    m_timer->start(intervalMs);
    QTimer::singleShot(0, this, &AutoCloser::tick);
}

void AutoCloser::tick()
{
    const int closed = closeDue();
    if (closed < 0) {
        Q_EMIT failed(m_error);
        return;
    }
    if (closed > 0)
        Q_EMIT ticketsClosed(closed);
    if (closed == batchSize)
        QTimer::singleShot(0, this, &AutoCloser::tick);
}
