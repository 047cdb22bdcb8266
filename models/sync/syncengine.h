#pragma once

#include "serveraddress.h"
#include "syncstatus.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class Clock;
class LocalStore;
class QSqlQuery;
class QThread;
class QTimer;
class ServerRowApplier;

// Keeps one desk's store in step with the shared database, on a thread of its own with
// its own connections, so the window never waits on the network:
// - push: the outbox goes up in order, one mutation per call of deskline.apply_mutation;
//   a refusal is recorded for the agent and never blocks what comes after it;
// - pull: changes come down by the (xid8, seq) cursor of deskline.pull_changes, applied
//   together with the new cursor in one local transaction;
// - wake-ups: LISTEN on a connection of its own; a watchdog probes it every second and
//   reconnects with backoff, and a slow poll runs anyway.
class SyncEngine : public QObject
{
    Q_OBJECT

public:
    SyncEngine(const QString &storePath, const ServerAddress &address, const Clock &clock);
    ~SyncEngine() override;

    // Where this desk syncs to, with its password: set once, before the engine's thread starts.
    const ServerAddress &address() const { return m_address; }

    // Without wake-ups the engine syncs only when syncAndWait() asks: for tests that need
    // to know exactly when each desk talks to the server. Set before start().
    void setWakeUps(bool on) { m_wakeUps = on; }
    // How far back the first copy reaches for closed tickets (open ones always come).
    void setHistoryDays(int days) { m_historyDays = days; }
    // Reads the first copy from a hot standby of the same database, to take that load off the
    // primary; pushes, pulls and wake-ups still go to address(). Safe because every xid below
    // the standby snapshot's xmin had finished when it was taken, so pulling from that xmin on
    // the primary brings whatever the copy lacks (docs/scaling.md). Set before start().
    void setCopyFrom(const ServerAddress &standby) { m_copyFrom = standby; }
    // Moves the engine to a new thread and starts it there; stop() ends it.
    void start();
    // The same on a running thread that the caller owns and may share among several engines
    // (a benchmark hosting hundreds of desks); stop() then leaves the thread running.
    void startOn(QThread *host);
    void stop();

    static constexpr int watchdogIntervalMs = 1000;
    static constexpr int safetyPollMs = 30000;
    static constexpr int maxRetryDelayMs = 5000;
    static constexpr int presenceHeartbeatMs = 10000;
    // Presence notifications that come within this long are read with one query: every desk's
    // arrival wakes every desk, so 500 desks starting made 250,000 of them (issue 20, point 5).
    static constexpr int presenceRefreshMs = 250;

    // Runs one full cycle on the engine's thread and waits for it: for the command line,
    // benchmarks and tests, never for the window. True when it ended online.
    bool syncAndWait();
    // How often the engine asked the server for a file's bytes (fetch_content): for tests, which
    // check that a file once fetched is read from the store. Safe from any thread.
    int contentRequests() const;
    // How many pulls this engine made (one deskline.pull_changes call each), and how many of
    // them brought no row: for benchmarks. Safe from any thread.
    int pulls() const { return m_pulls.load(); }
    int emptyPulls() const { return m_emptyPulls.load(); }
    // Wake-ups that named a transaction the desk's cursor had already passed, so no pull ran.
    int skippedWakeUps() const { return m_skippedWakeUps.load(); }

public Q_SLOTS:
    // Safe to call (queued) from any thread, e.g. when the desk's outbox changed.
    void syncSoon();
    // Which ticket this desk has open (0: none) and whether the agent is typing in it; others
    // see it, and presenceChanged reports who else is there. Safe from any thread.
    void setFocus(qint64 localTicketId, bool typing);
    // Whether the agent has left the desk (no input for a while): colleagues see them away and
    // the server gives them no new tickets. Safe from any thread.
    void setAway(bool away);
    // The first copy brings messages of open tickets only; older threads come when opened.
    // Safe from any thread; conversationFetched reports the ticket when its thread is here.
    void fetchConversation(qint64 localTicketId);
    // A file's bytes (an attachment's or a raw mail's) by SHA-256 in lower-case hex: from the
    // server unless the desk has them, then kept in the store for good. Safe from any thread;
    // contentFetched says when they are here, or that the server has none for this agent.
    // While offline the request waits for the connection.
    void fetchContent(const QString &sha256);

Q_SIGNALS:
    void statusChanged(const SyncStatus &status);
    // Local ids of tickets whose rows changed, and of those that got new messages.
    void changesApplied(const QList<qint64> &ticketIds, const QList<qint64> &ticketsWithNewMessages);
    // The team's settings changed in the store: LocalStore::reloadSharedSettings() on the window's
    // store. Sent before changesApplied for the deadlines they moved.
    void sharedSettingsChanged();
    void initialSyncProgress(qint64 done, qint64 total);
    // The desk copied the server again (its cursor was below the change log's floor, or the
    // server was restored from a backup): drafts put back, and those whose ticket is gone.
    void copiedAgain(int draftsKept, int draftsLost);
    void mutationRejected(qint64 ticketId, const QString &name, const QString &reason, const QString &detail);
    // After every full cycle (push and pull) that ended online; tests wait on it.
    void cycleFinished();
    // An upload batch ran on the server and its transaction is about to commit: where fault
    // tests stop the server (with a blocking connection, so the engine waits for them).
    void batchAwaitingCommit(int mutations);
    // The first copy's texts are all in the full-text index.
    void searchIndexReady();
    void conversationFetched(qint64 localTicketId);
    // The answer to fetchContent: available when the bytes are in the store now.
    void contentFetched(const QString &sha256, bool available);
    // Another agent's later change replaced what this agent set (field: priority or category).
    void fieldOverwritten(qint64 localTicketId, const QString &field, const QString &byName);
    // A sender flooding one of the team's mailboxes is held by the gateway; sent to supervisors'
    // and administrators' desks only (the server's view decides), for holds of the last hour.
    void senderHeld(const QString &mailboxName, const QString &sender, const QString &detail);
    // Who else has the focused ticket open, and who of them is typing (names).
    void presenceChanged(qint64 localTicketId, const QStringList &viewing, const QStringList &typing);
    // The agents whose desks are connected now (their heartbeat is fresh), by id; sent when it changes.
    void agentsOnlineChanged(const QList<qint64> &agentIds);
    // Of those, the ones whose desk says they are away.
    void agentsAwayChanged(const QList<qint64> &agentIds);
    // This desk's agent answered a call that the team's telephone system told the gateway of:
    // the call's phone ticket, arrived here.
    void callAnswered(qint64 localTicketId);
    // That call was hung up (the server kept its length and noted it on the ticket).
    void callEnded(qint64 localTicketId, qint64 durationMs);

private:
    void begin();
    void runCycle();
    bool ensureConnected();
    void dropConnections(const QString &problem);
    bool connectionAlive(const QString &connectionName);
    bool initialSync();
    bool push();
    bool pull();
    // The store's server rows wiped (drafts kept aside by ticket) and the first copy made again.
    bool copyAgain();
    // After a copy: the drafts kept aside put back on their tickets; inside its transaction.
    bool restoreDrafts();
    void scheduleHeldPull(bool held);
    void announceHeldSenders(const QSet<qint64> &heldIds);
    struct Outgoing {
        qint64 rowId = 0;
        QString mutationId, name, args;
        qint64 ticketId = 0;
        // Filled in by sendBatch:
        qint64 serverTicketId = 0;
        QString status, reason, detail, clientId;
        QJsonObject result;
    };
    bool sendBatch(QList<Outgoing> &batch);
    bool acknowledge(const QList<Outgoing> &batch);
    // Puts the bytes of a message.add's files on the server before the mutation names them.
    bool putFiles(QJsonObject &args, QSet<QString> &put);
    void checkListener();
    void backfillSearchIndex();
    void sendPresence();
    void refreshPresence();
    void refreshAgentsOnline();
    void onCallAnswered(const QString &payload);
    void popAnsweredCalls();
    void onNotification(const QString &channel, const QString &payload);
    // Whether a wake-up's payload ("xid epoch") names a transaction whose rows are all in the
    // store already: below the cursor's xid, in the history this desk copied.
    bool cursorPassed(const QString &payload);
    qint64 serverTicketOf(qint64 localTicketId);
    void publishStatus();
    void announce();
    QString workName() const;
    QString listenName() const;
    QString copyName() const;

    QString m_storePath;
    ServerAddress m_address;
    const Clock &m_clock;
    QThread *m_thread = nullptr;
    bool m_ownThread = false;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ServerRowApplier> m_applier;
    std::unique_ptr<QSqlQuery> m_pullChanges; // prepared on the work connection
    bool m_pullBringsTickets = false;         // the pull statement reads changed tickets' rows too
    bool m_heldCheckMissing = false;
    // The epoch of the copy this desk holds (meta sync_epoch), read once rather than every pull.
    std::optional<QString> m_copiedEpoch;
    bool m_recopied = false;
    int m_draftsKept = 0;
    int m_draftsLost = 0;
    // Committed changes wait above the server's horizon: pulled again after m_heldDelayMs,
    // doubling, capped short while the hold is young and longer once it lasts.
    QTimer *m_heldRetry = nullptr;
    int m_heldDelayMs = 0;
    qint64 m_heldSinceMs = 0;
    QTimer *m_watchdog = nullptr;
    QTimer *m_poll = nullptr;
    QTimer *m_retry = nullptr;
    QTimer *m_heartbeat = nullptr;
    QTimer *m_presenceRefresh = nullptr;
    qint64 m_focusTicket = 0;
    QString m_login; // this desk's agent, as the server named them
    struct CallToPop {
        qint64 serverTicketId = 0;
        qint64 heardAtMs = 0;
        bool ended = false;
        qint64 durationMs = 0;
    };
    QList<CallToPop> m_callsToPop;
    qint64 m_wantedConversation = 0; // asked for while offline
    QSet<QString> m_wantedContents;  // the same for files
    std::atomic<int> m_contentRequests{0};
    std::atomic<int> m_pulls{0};
    std::atomic<int> m_emptyPulls{0};
    std::atomic<int> m_skippedWakeUps{0};
    bool m_typing = false;
    QStringList m_lastViewing, m_lastTyping;
    QList<qint64> m_lastOnline;
    QList<qint64> m_lastAway;
    bool m_away = false;
    QString m_connectionTag;
    bool m_connected = false;
    bool m_cycleQueued = false;
    bool m_wakeUps = true;
    bool m_backfillScheduled = false;
    bool m_backfillListed = false; // temp.search_backfill holds what is left to index
    qint64 m_backfillAfter = 0;
    int m_historyDays = 90;
    std::optional<ServerAddress> m_copyFrom;
    int m_retryDelayMs = 100;
    SyncStatus m_status;
    QSet<qint64> m_refreshTickets;  // server ids to re-read after a refusal
    bool m_refreshSettings = false; // a setting was refused: re-read them all
};
