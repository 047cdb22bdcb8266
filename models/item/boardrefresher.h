#pragma once

#include <QObject>

class LocalStore;
class QTimer;

// When a supervisor board table counts again: a moment after a burst of ticket or team-setting
// changes (a busy desk changes tickets many times a second, and one count per moment is
// enough), and every minute for the figures that move with the clock alone.
class BoardRefresher : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultDelayMs = 300;

    explicit BoardRefresher(LocalStore &store, QObject *parent = nullptr);

    // How long changes are gathered before counting again (tests use 0).
    void setDelay(int ms);
    // A count is being made now: what was gathered so far is in it.
    void counted();

Q_SIGNALS:
    void due();

private:
    QTimer *m_gather;
};
