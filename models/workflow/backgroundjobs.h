#pragma once

#include "backuppolicy.h"
#include "slawatcher.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <optional>

class AutoCloser;
class Clock;
class LocalStore;
class SurveySender;

// The desk's timed work: closing solved tickets, sending due satisfaction surveys and watching
// the agent's deadlines. It runs on a thread of its own with its own connection to the store
// file, so that however much is due (a year of imported solved tickets, say) the window never
// waits for it. What it writes is announced through ticketsChanged and messagesAdded, for the
// window's store to pass on to its views, as with the sync engine's writes.
class BackgroundJobs : public QObject
{
    Q_OBJECT

public:
    struct Intervals {
        int jobsMs = 10 * 60 * 1000; // closing solved tickets and sending surveys
        int deadlinesMs = 60 * 1000; // the agent's deadlines
    };

    BackgroundJobs(QString storePath, const Clock &clock, QObject *parent = nullptr);
    ~BackgroundJobs() override;

    // A desk on its own (its store the only copy): a copy into the backups folder once a day
    // the program runs, at start and then whenever the date has changed. Before start().
    void setDailyBackups(const BackupPolicy &policy);

    // Opens the jobs' own connection on their thread, signed in as agentLogin (may be empty
    // until a team desk learns its agent), and starts the timers; every job runs once at once.
    void start(bool teamMode, const QString &agentLogin, const Intervals &intervals);
    // Waits for the batch under way, then closes the connection. Unsent work stays due.
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    // These hand themselves over to the jobs' thread.
    void setAgent(const QString &login);
    // The team's settings changed on another connection (the window's or the sync engine's).
    void reloadSharedSettings();
    // Runs every job now, for a setting that makes more due (fewer days before closing).
    void runNow();

Q_SIGNALS:
    void startFailed(const QString &problem);
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    // Team mode: the jobs queued changes for the server.
    void outboxChanged();
    void ticketsClosed(int count);
    void closingFailed(const QString &message);
    void surveysSent(int count);
    void surveysFailed(const QString &message);
    void deadlineAlert(qint64 ticketId, SlaWatcher::Alert kind, const QString &text);
    // The store file failed its check (quick_check after opening and after each backup) or a
    // query of the jobs found it damaged; the jobs write nothing more.
    void damageFound(const QString &problem);
    // The file passed quick_check (after opening, after a backup).
    void checkPassed();
    void backupTaken(const QString &path);
    void backupFailed(const QString &message);
    // Every job has run and nothing more is due at once: tests wait on this.
    void caughtUp();

private:
    void openOnThread(bool teamMode, const QString &agentLogin, const Intervals &intervals);
    void runRound();
    void closeOnThread();
    bool checkFile();
    void backUpIfDue();

    const QString m_path;
    const Clock &m_clock;
    QThread m_thread;
    // Lives on m_thread; everything below is touched only there.
    std::unique_ptr<QObject> m_context;
    std::unique_ptr<LocalStore> m_store;
    AutoCloser *m_closer = nullptr;
    SurveySender *m_surveys = nullptr;
    SlaWatcher *m_deadlines = nullptr;
    std::optional<BackupPolicy> m_backups; // set before start, read on the thread
};
