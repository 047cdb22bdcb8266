#pragma once

#include <QElapsedTimer>
#include <QObject>

class QTimer;

// Tells when the person at the desk has given none of the program's windows any input (keys,
// mouse, wheel, touch) for a while, and when they are back: in team mode colleagues then see
// them away, and the server hands them no new tickets.
class IdleWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultAwayAfterMs = 5 * 60 * 1000;

    // Watches every window of the application it is made in.
    explicit IdleWatcher(QObject *parent = nullptr);

    void setAwayAfter(int ms);
    bool isAway() const { return m_away; }

Q_SIGNALS:
    void awayChanged(bool away);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void check();
    void setAway(bool away);

    QElapsedTimer m_sinceInput;
    QTimer *m_check;
    int m_awayAfterMs = defaultAwayAfterMs;
    bool m_away = false;
};
