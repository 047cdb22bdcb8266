#pragma once

#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

class Clock;
class LiveChat;
class LocalStore;

// The chat's one store connection, on a thread of its own: the HTTP server's threads (one per
// connection, many of them waiting in long polls) hand it their reads and writes and wait for
// them, so the file has one chat connection however many visitors there are, and SQLite's
// writes are in one line anyway. Between jobs it reads PRAGMA data_version every 100 ms: when
// another connection (an agent's desk) committed, or a job of its own wrote, the generation
// goes up and every waiting long poll looks again.
class ChatWorker
{
public:
    static constexpr std::chrono::milliseconds watchInterval{100};

    ChatWorker(QString storePath, const Clock &clock);
    ~ChatWorker();
    ChatWorker(const ChatWorker &) = delete;
    ChatWorker &operator=(const ChatWorker &) = delete;

    // Opens the store on the worker's thread; false with errorString() when it would not open.
    bool start();
    // Wakes every waiter and ends the thread.
    void stop();
    QString errorString() const { return m_error; }

    // Runs the job on the worker's thread and waits for it; false when the worker is stopped.
    // `wrote`: the job changed something (the generation goes up once it ran).
    bool run(const std::function<void(LiveChat &)> &job, bool wrote = false);
    quint64 generation() const;
    // Until the generation is past `seen`, `until` comes or stop(); the generation then.
    quint64 waitPast(quint64 seen, std::chrono::steady_clock::time_point until);
    bool stopping() const;

private:
    struct Job {
        std::function<void(LiveChat &)> work;
        bool wrote = false;
        bool done = false;
        bool ran = false;
    };
    void loop(std::promise<bool> *opened);
    void bump();

    const QString m_path;
    const Clock &m_clock;
    QString m_error;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_jobsReady; // jobs for the worker, or stop
    std::condition_variable m_jobDone;   // a job of a caller has run
    std::condition_variable m_changed;   // the generation went up, or stop
    std::deque<Job *> m_jobs;
    quint64 m_generation = 0;
    bool m_stopping = false;
    bool m_running = false;
};
