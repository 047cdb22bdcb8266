#pragma once

#include <QObject>
#include <QString>

class LocalStore;
class QTimer;

// Closes solved tickets once the customer has had some days to say the problem is not
// gone (a customer message before then reopens the ticket instead). The number of days is
// kept in the store; 0 turns closing off. Works in batches, so a store with years of
// solved tickets is caught up without holding the window still.
class AutoCloser : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultDays = 4;
    static constexpr int maxDays = 90;
    static constexpr int batchSize = 500;

    explicit AutoCloser(LocalStore &store, QObject *parent = nullptr);

    int days() const;
    bool setDays(int days); // 0 to maxDays
    QString errorString() const { return m_error; }

    // One batch of what is due now: how many were closed, or -1 (see errorString()).
    int closeDue();
    // Checks now, then every intervalMs; a full batch is followed by the next one at once.
    void start(int intervalMs);

Q_SIGNALS:
    void ticketsClosed(int count);
    void failed(const QString &message);

private:
    void tick();

    LocalStore &m_store;
    QTimer *m_timer = nullptr;
    QString m_error;
};
