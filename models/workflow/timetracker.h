#pragma once

#include <QObject>

class Clock;
class LocalStore;
class QTimer;

// Counts the time a ticket is open in the focused window: a piece ends when the agent opens
// another ticket, leaves the window, or at each checkpoint (so a crash loses at most one
// interval), and is saved through TimeStore, which joins continuing pieces into one entry.
class TimeTracker : public QObject
{
    Q_OBJECT

public:
    TimeTracker(LocalStore &store, const Clock &clock, QObject *parent = nullptr);
    ~TimeTracker() override;

    void setTicket(qint64 ticketId);
    void setActive(bool active);
    // Saves what ran so far and goes on counting.
    bool flush();
    void startCheckpoints(int intervalMs);
    bool isCounting() const { return m_ticketId > 0 && m_active; }

Q_SIGNALS:
    void recorded(qint64 ticketId);
    void failed(const QString &message);

private:
    LocalStore &m_store;
    const Clock &m_clock;
    QTimer *m_timer = nullptr;
    qint64 m_ticketId = 0;
    bool m_active = false;
    qint64 m_since = 0;
};
