#pragma once

#include "serveraddress.h"

#include <QSqlDatabase>
#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

// A few threads, each with its own connection to the team's server, that run the jobs of many
// callers (a chat server's thread per visitor's connection): a QSqlDatabase is used only by the
// thread that opened it, and a hundred visitors need not hold a hundred backends. A job reopens
// a connection the server closed itself (ServerConnection::ensureOpen / execReopening).
class ServerWorkerPool
{
public:
    using Job = std::function<void(QSqlDatabase &db)>;

    // connectionPrefix names the threads' connections ("prefix-1", ...), unique in the process.
    ServerWorkerPool(ServerAddress address, QString connectionPrefix, int threads);
    ~ServerWorkerPool();
    ServerWorkerPool(const ServerWorkerPool &) = delete;
    ServerWorkerPool &operator=(const ServerWorkerPool &) = delete;

    // Opens every thread's connection; false with *error (and no thread left) when one would not.
    bool start(QString *error);
    // Ends the threads once the jobs they run are done; waiting callers get false.
    void stop();
    // Runs the job on one of the threads and waits for it; false when the pool is stopped.
    bool run(const Job &job);

private:
    struct Pending {
        const Job *job = nullptr;
        bool taken = false; // a thread runs it: the caller waits for it even when stopping
        bool done = false;
    };
    void loop(int index, std::promise<QString> opened);

    const ServerAddress m_address;
    const QString m_prefix;
    const int m_threadCount;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_jobsReady;
    std::condition_variable m_jobDone;
    std::deque<Pending *> m_queue;
    bool m_stopping = true;
};
