#include "serverworkerpool.h"

#include "serverconnection.h"

#include <algorithm>

using namespace Qt::StringLiterals;

ServerWorkerPool::ServerWorkerPool(ServerAddress address, QString connectionPrefix, int threads)
    : m_address(std::move(address))
    , m_prefix(std::move(connectionPrefix))
    , m_threadCount(std::max(1, threads))
{}

ServerWorkerPool::~ServerWorkerPool()
{
    stop();
}

bool ServerWorkerPool::start(QString *error)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping)
            return true;
        m_stopping = false;
    }
    for (int i = 0; i < m_threadCount; ++i) {
        std::promise<QString> opened;
        std::future<QString> problem = opened.get_future();
        // The thread owns the promise: it may still be inside set_value() when get() returns.
        m_threads.emplace_back(&ServerWorkerPool::loop, this, i + 1, std::move(opened));
        const QString failed = problem.get();
        if (!failed.isEmpty()) {
            *error = failed;
            stop();
            return false;
        }
    }
    return true;
}

void ServerWorkerPool::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_jobsReady.notify_all();
    m_jobDone.notify_all();
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
}

bool ServerWorkerPool::run(const Job &job)
{
    Pending pending{&job, false, false};
    std::unique_lock lock(m_mutex);
    if (m_stopping)
        return false;
    m_queue.push_back(&pending);
    m_jobsReady.notify_one();
    m_jobDone.wait(lock, [&] { return pending.done || (m_stopping && !pending.taken); });
    if (!pending.done) {
        // Stopped before a thread took it: it must not run once this caller has gone.
        m_queue.erase(std::remove(m_queue.begin(), m_queue.end(), &pending), m_queue.end());
        return false;
    }
    return true;
}

void ServerWorkerPool::loop(int index, std::promise<QString> opened)
{
    const QString name = u"%1-%2"_s.arg(m_prefix).arg(index);
    {
        ServerConnection connection;
        if (!connection.open(m_address, name)) {
            QSqlDatabase::removeDatabase(name);
            opened.set_value(connection.errorString());
            return;
        }
    }
    opened.set_value(QString());
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_jobsReady.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                break;
            Pending *pending = m_queue.front();
            m_queue.pop_front();
            pending->taken = true;
            lock.unlock();
            (*pending->job)(db);
            lock.lock();
            pending->done = true;
            m_jobDone.notify_all();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}
