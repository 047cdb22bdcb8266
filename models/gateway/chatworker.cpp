#include "chatworker.h"

#include "livechat.h"
#include "localstore.h"

#include <future>

ChatWorker::ChatWorker(QString storePath, const Clock &clock)
    : m_path(std::move(storePath))
    , m_clock(clock)
{}

ChatWorker::~ChatWorker()
{
    stop();
}

bool ChatWorker::start()
{
    stop();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    std::promise<bool> opened;
    std::future<bool> result = opened.get_future();
    m_thread = std::thread([this, &opened] { loop(&opened); });
    if (!result.get()) {
        m_thread.join();
        return false;
    }
    return true;
}

void ChatWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_jobsReady.notify_all();
    m_changed.notify_all();
    m_jobDone.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool ChatWorker::stopping() const
{
    std::lock_guard lock(m_mutex);
    return m_stopping;
}

quint64 ChatWorker::generation() const
{
    std::lock_guard lock(m_mutex);
    return m_generation;
}

quint64 ChatWorker::waitPast(quint64 seen, std::chrono::steady_clock::time_point until)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait_until(lock, until, [&] { return m_stopping || m_generation > seen; });
    return m_generation;
}

void ChatWorker::bump()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;
    }
    m_changed.notify_all();
}

bool ChatWorker::run(const std::function<void(LiveChat &)> &job, bool wrote)
{
    Job entry;
    entry.work = job;
    entry.wrote = wrote;
    std::unique_lock lock(m_mutex);
    if (m_stopping || !m_running)
        return false;
    m_jobs.push_back(&entry);
    m_jobsReady.notify_one();
    m_jobDone.wait(lock, [&] { return entry.done; });
    return entry.ran;
}

void ChatWorker::loop(std::promise<bool> *opened)
{
    LocalStore store(m_clock);
    if (!store.open(m_path)) {
        m_error = store.errorString();
        opened->set_value(false);
        return;
    }
    LiveChat chat(store);
    qint64 version = store.dataVersion();
    {
        std::lock_guard lock(m_mutex);
        m_running = true;
    }
    opened->set_value(true);
    auto nextLook = std::chrono::steady_clock::now() + watchInterval;
    for (;;) {
        Job *job = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_jobsReady.wait_until(lock, nextLook, [&] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                break;
            if (!m_jobs.empty()) {
                job = m_jobs.front();
                m_jobs.pop_front();
            }
        }
        if (job) {
            job->work(chat);
            const bool wrote = job->wrote;
            {
                std::lock_guard lock(m_mutex);
                job->ran = true;
                job->done = true;
            }
            m_jobDone.notify_all();
            if (wrote) {
                version = store.dataVersion(); // our own write does not move it; others' may have
                bump();
            }
        }
        if (std::chrono::steady_clock::now() >= nextLook) {
            nextLook = std::chrono::steady_clock::now() + watchInterval;
            const qint64 now = store.dataVersion();
            if (now != version) {
                version = now;
                bump();
            }
        }
    }
    // Callers still waiting are told their jobs did not run.
    std::lock_guard lock(m_mutex);
    m_running = false;
    for (Job *left : m_jobs)
        left->done = true;
    m_jobs.clear();
    m_jobDone.notify_all();
}
