#pragma once

#include <QDateTime>
#include <QMutex>
#include <QMutexLocker>

// Everything time-based asks a Clock, so tests can set the time instead of sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// Read by the background jobs' thread while a test moves it on the main thread, hence the lock.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start)
        : m_now(std::move(start))
    {}
    QDateTime now() const override
    {
        const QMutexLocker lock(&m_mutex);
        return m_now;
    }
    void set(QDateTime time)
    {
        const QMutexLocker lock(&m_mutex);
        m_now = std::move(time);
    }
    void advance(qint64 msecs)
    {
        const QMutexLocker lock(&m_mutex);
        m_now = m_now.addMSecs(msecs);
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};
