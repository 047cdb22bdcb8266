#pragma once

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
    void setAway(bool away);

    QTimer *m_quiet;
    bool m_away = false;
};
