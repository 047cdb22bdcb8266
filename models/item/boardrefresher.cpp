#include "boardrefresher.h"

#include "localstore.h"

#include <QTimer>

BoardRefresher::BoardRefresher(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_gather(new QTimer(this))
{
    m_gather->setSingleShot(true);
    m_gather->setInterval(defaultDelayMs);
    connect(m_gather, &QTimer::timeout, this, &BoardRefresher::due);
    connect(&store, &LocalStore::ticketsChanged, m_gather, qOverload<>(&QTimer::start));
    connect(&store, &LocalStore::sharedSettingsChanged, m_gather, qOverload<>(&QTimer::start));
    auto *minute = new QTimer(this); // deadlines come closer, waits grow, "today" starts at midnight
    minute->setInterval(60 * 1000);
    connect(minute, &QTimer::timeout, this, &BoardRefresher::due);
    minute->start();
}

void BoardRefresher::setDelay(int ms)
{
    m_gather->setInterval(ms);
}

void BoardRefresher::counted()
{
    m_gather->stop();
}
