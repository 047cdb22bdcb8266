#pragma once

#include "agent.h"
#include "attachment.h"
#include "attachmentinput.h"
#include "auditevent.h"
#include "backuppolicy.h"
#include "message.h"
#include "newticketinput.h"
#include "slaschedule.h"
#include "ticket.h"
#include "unitofwork.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <functional>
#include <optional>

class Clock;

struct StoreStats {
    qint64 tickets = 0;
    qint64 messages = 0;
    qint64 customers = 0;
    QList<QPair<TicketStatus, qint64>> ticketsByStatus;
};

// The desk's own database: one SQLite file, opened by one LocalStore per thread.
// Every write runs in one transaction together with its audit event and then
// announces exactly which rows changed, so views refresh only those.
class LocalStore : public QObject
{
    Q_OBJECT

public:
    enum class OpenError { None, Unreadable, NotADatabase, NotDeskline, NewerSchema, Corrupt, MigrationFailed };

    static constexpr qint64 maxAttachmentBytes = 25 * 1024 * 1024;

    explicit LocalStore(const Clock &clock, QObject *parent = nullptr);
    ~LocalStore() override;

    // Where the copy taken before a migration goes (BackupStore); set before open().
    void setBackupPolicy(const BackupPolicy &policy) { m_backupPolicy = policy; }
    const BackupPolicy &backupPolicy() const { return m_backupPolicy; }

    // Creates the file (readable by this user only) when it does not exist. An existing file
    // whose schema is older is copied into its backups folder before it is migrated.
    bool open(const QString &path);
    void close();
    bool isOpen() const;
    bool wasCreated() const { return m_created; }
    OpenError openError() const { return m_openError; }
    QString errorString() const { return m_error; }
    QString path() const { return m_path; }
    int schemaVersion() const { return m_schemaVersion; }
    const Clock &clock() const { return m_clock; }
    QSqlDatabase database() const;
    // SQLite's PRAGMA data_version: changes when another connection (another process, the
    // gateway) committed to the file since this one last asked; never for this one's own writes.
    // -1 when it cannot be read.
    qint64 dataVersion() const;

    // Runs work inside one transaction; rolls back when it returns false or a statement fails.
    // What it changed is announced once it commits (see UnitOfWork).
    bool transaction(const std::function<bool()> &work);
    // For the store's writers: what the transaction under way changed, announced when it
    // commits, or at once when none is open. History entries (audit) note their ticket and
    // outbox entries (enqueue) the outbox by themselves.
    void noteTicketsChanged(const QList<qint64> &ticketIds);
    void noteChanged(UnitOfWork::Subject subject);
    void noteOutboxChanged();
    // Prepares and executes; on failure records the error and returns false.
    bool exec(QSqlQuery &query);
    QSqlQuery prepare(const QString &sql);
    // A statement prepared once per connection and reused: for writers that run the same
    // statement thousands of times (sync, seeding). Bind and exec; finish() a SELECT after use.
    QSqlQuery &cached(const QString &sql);
    // The same cache for the store's const readers (the error text is left alone).
    QSqlQuery &cachedRead(const QString &sql) const;
    void setError(const QString &message);
    // For every query of the store's readers and writers: an error SQLite gives for a damaged
    // file (SQLITE_CORRUPT, SQLITE_NOTADB) marks the store damaged, which stops every write
    // from then on and is announced once (damaged()). A full disk (SQLITE_FULL) is noted for
    // the writer to tell (lastWriteFailedForSpace()).
    // Const: reads note it too (the views' reads are where damage shows first).
    void noteSqlError(const QSqlError &error) const;
    // Damage found elsewhere (the background check of the file, another connection).
    void markDamaged(const QString &problem);
    bool isDamaged() const { return !m_damage.isEmpty(); }
    QString damage() const { return m_damage; }
    // Whether the last write failed because the disk (or the store's size limit) is full:
    // nothing of it was written, and it can be tried again once there is space.
    bool lastWriteFailedForSpace() const { return m_outOfSpace; }
    // Whether a native SQLite error code (QSqlError::nativeErrorCode) says the file is damaged.
    static bool isDamageError(const QSqlError &error);

    // Parts of a write, for the store's helper classes (escalations, rules) inside their
    // transaction: the history entry, the columns that follow from others (deadline, solve and
    // close times), and the mutation for the server in team mode.
    bool audit(qint64 ticketId, const QString &action, const QString &detail);
    bool touchTicket(qint64 ticketId);
    bool enqueue(const QString &name, qint64 ticketId, const QJsonObject &args);
    qint64 nowMs() const;
    QString currentAgentName() const;

    // The ids a one-column query over :id returns, in its order (empty on error).
    QList<qint64> selectIds(const QString &sql, qint64 id) const;

    QString metaValue(const QString &key) const;
    bool setMetaValue(const QString &key, const QString &value);

    // The agent working at this desk: "mine" means theirs, and their name signs replies.
    qint64 currentAgentId() const { return m_currentAgentId; }
    bool setCurrentAgent(const QString &login);
    // Signs in the agent this desk's file names (written by the seeder, a sign-in, or the sync
    // engine once the server said who this login is); false while it names nobody yet.
    bool signInAsDeskAgent();
    // Whether the agent at this desk is a supervisor or an administrator.
    bool signedInAsManager() const;

    // Tickets
    std::optional<Ticket> ticket(qint64 id) const;
    std::optional<qint64> ticketIdByExternalId(const QString &externalId) const;
    QList<Ticket> ticketsOfCustomer(qint64 customerId, int limit = 100) const;
    // Oldest first; with afterMessageId only those newer than it.
    QList<Message> messages(qint64 ticketId, qint64 afterMessageId = 0) const;
    qint64 lastMessageId(qint64 ticketId) const;
    std::optional<Attachment> attachment(qint64 attachmentId) const;
    QStringList tags(qint64 ticketId) const;
    QStringList knownTags() const;
    QList<AuditEvent> auditEvents(qint64 ticketId) const;

    std::optional<qint64> createTicket(const NewTicketInput &input);
    bool assign(qint64 ticketId, qint64 agentId); // agentId 0 unassigns
    bool takeTicket(qint64 ticketId) { return assign(ticketId, m_currentAgentId); }
    // A supervisor's reassignment of several tickets, all or none.
    bool reassign(const QList<qint64> &ticketIds, qint64 agentId);
    // A supervisor moves tickets not yet solved to another team's queue, unassigned; all or none.
    bool moveToTeam(const QList<qint64> &ticketIds, qint64 teamId);
    bool setStatus(qint64 ticketId, TicketStatus status);
    // Closes, in one transaction, up to `limit` tickets solved at or before solvedBeforeMs;
    // each change is recorded as "auto_close" with `reason`. Empty (see errorString()) on failure.
    std::optional<QList<qint64>> closeSolvedBefore(qint64 solvedBeforeMs, const QString &reason, int limit);
    bool setPriority(qint64 ticketId, Priority priority);
    bool setCategory(qint64 ticketId, Category category);
    bool addTag(qint64 ticketId, const QString &tag);
    bool removeTag(qint64 ticketId, const QString &tag);
    // KeepStatus: a customer's message that answers nothing an agent must act on (a satisfaction
    // rating) neither reopens the ticket nor starts the next-response clock.
    enum class StatusRule { FollowLifecycle, KeepStatus };
    std::optional<qint64> addMessage(qint64 ticketId, MessageKind kind, const QString &body,
                                     const QList<AttachmentInput> &attachments = {},
                                     StatusRule rule = StatusRule::FollowLifecycle);

    StoreStats stats() const;

    // Service targets and the business hours they count in (kept in the store).
    const SlaSchedule &sla() const { return m_sla; }
    // The ticket's service clock as kept (nothing if there is no such ticket).
    std::optional<SlaSchedule::Clock> slaClock(qint64 ticketId);
    // The agent's tickets whose service clock runs now.
    QList<qint64> runningTicketsOf(qint64 agentId) const;
    // Keeps the calendar and moves every running deadline to it, in one transaction.
    bool setBusinessCalendar(const BusinessCalendar &calendar);
    // The service targets; running deadlines move to the new ones. Refused with the reason when
    // SlaPolicy::problem() names one.
    bool setSlaPolicy(const SlaPolicy &policy);

    // The settings a team shares: the business calendar and service targets above, and the
    // auto-close, survey and archive delays. Kept in meta under these keys; in team mode a change
    // also goes to the server, and only a supervisor or an administrator may make it.
    static const QStringList &sharedSettingKeys();
    bool canChangeSharedSettings() const;
    bool setSharedSetting(const QString &key, const QJsonValue &value);
    // For the sync engine: the server's value (a null text: none, the default) replaces this
    // desk's; a new calendar or new targets move the running deadlines, whose tickets it returns.
    std::optional<QList<qint64>> applySharedSetting(const QString &key, const QString &text);
    // For the window's store after the sync engine applied settings on its own connection.
    void reloadSharedSettings();

    // Team mode: every write also queues its mutation for the server in the same
    // transaction; mutations name tickets by local id, the sync engine translates.
    void setTeamMode(bool on) { m_teamMode = on; }
    bool teamMode() const { return m_teamMode; }
    static QString newClientId(); // time-ordered (UUIDv7)
    // A file's SHA-256 in lower-case hex, as the server names contents (deskline.put_content).
    static QString contentSha256(const QByteArray &content);
    int pendingChanges() const;
    // True while this desk's claim of the ticket waits for the server's answer.
    bool hasPendingClaim(qint64 ticketId) const;

    // Helpers for writers in this layer (seeding, import) that batch many rows.
    bool insertSearchDoc(qint64 ticketId, qint64 messageId, const QString &text);
    // For changes another connection (the sync engine, the background jobs) wrote to the same file.
    void announceTicketsChanged(const QList<qint64> &ticketIds);
    void announceMessagesAdded(qint64 ticketId);

Q_SIGNALS:
    void ticketsChanged(const QList<qint64> &ticketIds);
    void messagesAdded(qint64 ticketId, const QList<qint64> &messageIds);
    void cannedAnswersChanged();
    void classificationRulesChanged();
    void sharedSettingsChanged();
    void savedViewsChanged();
    void outboxChanged();
    void syncIssuesChanged();
    // The file turned out damaged (see noteSqlError): writes are refused from now on.
    void damaged(const QString &problem);

private:
    bool migrate();
    bool runTransaction(UnitOfWork &unit, const std::function<bool()> &work);
    void announce(const UnitOfWork &unit);
    void loadSla();
    bool recomputeRunningDeadlines();
    std::optional<QList<qint64>> moveRunningDeadlines();
    bool shareEvents();
    bool fail(OpenError error, const QString &message);
    template<typename E> bool setTicketField(qint64 ticketId, const char *column, const QString &action, E value);
    std::optional<Ticket> readTicket(QSqlQuery &query) const;
    std::optional<Ticket> ticketRow(qint64 id) const; // without tags, for writers
    // The agent signed in here, for the const reads (PeopleStore works over a LocalStore &).
    std::optional<Agent> signedInAgent() const;

    const Clock &m_clock;
    QString m_connectionName;
    QString m_path;
    QString m_error;
    OpenError m_openError = OpenError::None;
    int m_schemaVersion = 0;
    bool m_created = false;
    qint64 m_currentAgentId = 0;
    bool m_teamMode = false;
    SlaSchedule m_sla;
    mutable QHash<QString, QSqlQuery> m_statements;
    UnitOfWork *m_work = nullptr; // the transaction under way
    BackupPolicy m_backupPolicy;
    // Noted by reads too (noteSqlError is const).
    mutable QString m_damage;
    mutable bool m_outOfSpace = false;
};
