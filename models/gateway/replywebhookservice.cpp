#include "replywebhookservice.h"

#include "localstore.h"
#include "replywebhookoutbox.h"
#include "replywebhooksender.h"

#include <chrono>

ReplyWebhookService::ReplyWebhookService(QString storePath, QString secretsPath, const Clock &clock)
    : m_storePath(std::move(storePath))
    , m_secretsPath(std::move(secretsPath))
    , m_clock(clock)
{}

ReplyWebhookService::ReplyWebhookService(QueueFactory queues, QString secretsPath, const Clock &clock)
    : m_queues(std::move(queues))
    , m_secretsPath(std::move(secretsPath))
    , m_clock(clock)
{}

ReplyWebhookService::~ReplyWebhookService()
{
    stop();
}

void ReplyWebhookService::start()
{
    if (m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void ReplyWebhookService::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void ReplyWebhookService::wake()
{
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_changed.notify_all();
}

void ReplyWebhookService::run()
{
    // The connection is opened, used and closed on this thread only (a Qt Sql connection
    // belongs to the thread that made it).
    if (m_queues) {
        QString error;
        const std::unique_ptr<ReplyWebhookQueue> queue = m_queues(&error);
        if (!queue) {
            if (m_log)
                m_log(tr("reply webhooks: cannot reach the queue: %1").arg(error));
            return;
        }
        sendUntilStopped(*queue);
        return;
    }
    LocalStore store(m_clock);
    if (!store.open(m_storePath)) {
        if (m_log)
            m_log(tr("reply webhooks: cannot open the store: %1").arg(store.errorString()));
        return;
    }
    ReplyWebhookOutbox outbox(store);
    sendUntilStopped(outbox);
}

void ReplyWebhookService::sendUntilStopped(ReplyWebhookQueue &queue)
{
    ReplyWebhookSender sender(queue, m_secretsPath);
    sender.setLog(m_log);
    QString lastProblem;
    for (;;) {
        const ReplyWebhookSender::Tally tally = sender.sendDue();
        // The same refusal every second is said once.
        const QString problem = tally.problems.value(0);
        if (!problem.isEmpty() && problem != lastProblem && m_log)
            m_log(tr("reply webhooks: %1").arg(problem));
        lastProblem = problem;
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, std::chrono::milliseconds(intervalMs), [this] { return m_stopping || m_woken; });
        if (m_stopping)
            return;
        m_woken = false;
    }
}
