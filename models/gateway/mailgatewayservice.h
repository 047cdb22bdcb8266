#pragma once

#include "mailgateway.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

class Clock;
class MailBackend;

// The gateway staying up (`deskctl gateway` without --once, and the window while it is open):
// one worker per mailbox, each with its own IMAP session and its own connection to the store,
// waiting in IMAP IDLE where the server offers it (a poll where not) and reconnecting with a
// growing pause when the server goes away; and the replies due sent every few seconds. Mailboxes
// added or removed while it runs are picked up. What the workers write is announced through
// ticketsChanged and messagesAdded (from their threads), for a window's store to pass on.
class MailGatewayService : public QObject
{
    Q_OBJECT

public:
    struct Options {
        int idleMs = 5 * 60 * 1000;        // one IDLE at most this long, then a fetch anyway
        int pollMs = 60 * 1000;            // without IDLE
        int sendEveryMs = 2000;            // how often the outbox is looked at
        int mailboxesEveryMs = 30000;      // how often the list of mailboxes is read again
        int housekeepingEveryMs = 3600000; // MailBackend::pruneChangeLog
        int firstRetryMs = 1000;           // after a lost connection, doubling up to maxRetryMs
        int maxRetryMs = 5 * 60 * 1000;
        int timeoutMs = 30000;
        int floodLimit = -1; // the intake's default
    };

    // A backend of its own for each worker and one for the sender (one connection each);
    // nullptr with *error when it cannot be opened.
    using BackendFactory = std::function<std::unique_ptr<MailBackend>(QString *error)>;

    // On a standalone desk's store file.
    MailGatewayService(QString storePath, const Clock &clock, QByteArray secret, Options options,
                       QObject *parent = nullptr);
    // On any backend: the team's server (ServerMailBackend).
    MailGatewayService(BackendFactory backends, Options options, QObject *parent = nullptr);
    ~MailGatewayService() override;

    void setPasswordSource(MailGateway::PasswordSource source) { m_passwords = std::move(source); }

    // Runs until stop() (from any thread, or a signal handler's flag seen within 200 ms);
    // false at once when the store cannot be opened, with errorString().
    bool run();
    void stop();
    // From any thread: the list of mailboxes is read again within a send interval instead of
    // the next mailboxesEveryMs, so a mailbox added in the window is watched at once.
    void rereadMailboxes() { m_reread = true; }
    // For a signal handler: sets nothing but the flag, which run() looks at.
    std::atomic<bool> &stopFlag() { return m_stop; }
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    // A line per delivery, sending, reconnect and problem; from any of the service's threads.
    void logged(const QString &line);
    // The mailbox's worker is logged in and waiting for mail (in IDLE, or between polls).
    void listening(qint64 mailboxId);
    // A sender's mail was held for flooding the mailbox (each held mail): not a ticket, not
    // answered, kept aside; for a supervisor to be told.
    void senderHeld(const QString &mailboxName, const QString &sender, const QString &detail);

private:
    void watch(qint64 mailboxId, const std::atomic<bool> &quit);
    // Waits up to ms, or less when stopped; false when stopped.
    bool pause(int ms);
    void startWorkers(const QList<qint64> &mailboxIds);
    void log(const QString &line);

    BackendFactory m_backends;
    const Options m_options;
    MailGateway::PasswordSource m_passwords;
    std::atomic<bool> m_stop = false;
    std::atomic<bool> m_reread = false;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    struct Worker;
    std::map<qint64, std::unique_ptr<Worker>> m_workers; // touched only by run()'s thread
    QString m_error;
};
