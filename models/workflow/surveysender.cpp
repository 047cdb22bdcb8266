#include "surveysender.h"

#include "localstore.h"
#include "surveystore.h"

#include <QTimer>

SurveySender::SurveySender(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

int SurveySender::sendDue()
{
    const int sent = SurveyStore(m_store).sendDue(batchSize);
    if (sent < 0) {
        Q_EMIT failed(m_store.errorString());
        return -1;
    }
    if (sent > 0)
        Q_EMIT surveysSent(sent);
    return sent;
}

void SurveySender::tick()
{
    if (sendDue() == batchSize)
        QTimer::singleShot(0, this, &SurveySender::tick);
}

void SurveySender::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &SurveySender::tick);
    }
    m_timer->start(intervalMs);
    QTimer::singleShot(0, this, &SurveySender::tick);
}
