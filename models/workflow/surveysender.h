#pragma once

#include <QObject>

class LocalStore;
class QTimer;

// Sends this desk's queued satisfaction surveys once their delay has passed: every interval,
// and at once again after a full batch.
class SurveySender : public QObject
{
    Q_OBJECT

public:
    static constexpr int batchSize = 200;

    explicit SurveySender(LocalStore &store, QObject *parent = nullptr);

    // One batch: how many went out now, or -1 (failed() says why).
    int sendDue();
    // Sends what is due now and every intervalMs; a full batch is followed by the next at once.
    void start(int intervalMs);

Q_SIGNALS:
    void surveysSent(int count);
    void failed(const QString &message);

private:
    void tick();

    LocalStore &m_store;
    QTimer *m_timer = nullptr;
};
