#pragma once

#include <QCoreApplication>
#include <QString>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

class Clock;
class ReplyWebhookQueue;

// The gateway's sender of replies to intake sources, staying up: a thread with its own store
// connection (or its own queue on the team's server) that sends what is due each second (a reply waits at most that
// long), and at once when woken. stop() returns within the webhook under way (WebhookClient's timeout).
class ReplyWebhookService
{
    Q_DECLARE_TR_FUNCTIONS(ReplyWebhookService)

public:
    using Log = std::function<void(const QString &)>;
    static constexpr int intervalMs = 1000;

    // Made on the service's thread, used and destroyed there.
    using QueueFactory = std::function<std::unique_ptr<ReplyWebhookQueue>(QString *error)>;

    ReplyWebhookService(QString storePath, QString secretsPath, const Clock &clock);
    ReplyWebhookService(QueueFactory queues, QString secretsPath, const Clock &clock);
    ~ReplyWebhookService();

    void setLog(Log log) { m_log = std::move(log); }
    void start();
    void stop();
    void wake();

private:
    void run();
    void sendUntilStopped(ReplyWebhookQueue &queue);

    QString m_storePath;
    QueueFactory m_queues;
    QString m_secretsPath;
    const Clock &m_clock;
    Log m_log;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_stopping = false;
    bool m_woken = false;
};
