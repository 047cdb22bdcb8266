#include "syncengine.h"

#include "clock.h"
#include "fieldcodes.h"
#include "filestore.h"
#include "initialcopyfetcher.h"
#include "localstore.h"
#include "mergestore.h"
#include "peoplestore.h"
#include "serverconnection.h"
#include "serverrowapplier.h"
#include "sqlerrortext.h"
#include "syncedentities.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "deskline.sync")

namespace {

constexpr auto changesChannel = "deskline_changes";
constexpr auto presenceChannel = "deskline_presence";
// A call answered through the gateway (gateway_intake_call): its card pops on the answering desk.
constexpr auto callsChannel = "deskline_calls";
// How long an answered call waits for its ticket to arrive here before its card is given up.
constexpr qint64 callPopWaitMs = 30'000;
constexpr int pullPageSize = 1000;
// Pulling again while changes wait above the server's horizon.
constexpr int heldFirstDelayMs = 5;
constexpr int heldShortCapMs = 40;
constexpr qint64 heldShortForMs = 10000;
constexpr int heldLongCapMs = 1000;
constexpr qsizetype initialPageSize = 2000;
constexpr qsizetype maxPageSize = 32000;
constexpr int pushBatchSize = 200;

} // namespace

SyncEngine::SyncEngine(const QString &storePath, const ServerAddress &address, const Clock &clock)
    : m_storePath(storePath)
    , m_address(address)
    , m_clock(clock)
    , m_connectionTag(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    qRegisterMetaType<SyncStatus>();
}

SyncEngine::~SyncEngine()
{
    stop();
}

QString SyncEngine::workName() const
{
    return u"deskline-sync-work-"_s + m_connectionTag;
}

QString SyncEngine::listenName() const
{
    return u"deskline-sync-listen-"_s + m_connectionTag;
}

QString SyncEngine::copyName() const
{
    return u"deskline-sync-copy-"_s + m_connectionTag;
}

void SyncEngine::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_ownThread = true;
    m_thread->setObjectName(u"deskline-sync"_s);
    moveToThread(m_thread);
    connect(m_thread, &QThread::started, this, &SyncEngine::begin);
    m_thread->start();
}

void SyncEngine::startOn(QThread *host)
{
    if (m_thread || !host)
        return;
    m_thread = host;
    m_ownThread = false;
    moveToThread(host);
    QMetaObject::invokeMethod(this, &SyncEngine::begin, Qt::QueuedConnection);
}

void SyncEngine::stop()
{
    if (!m_thread)
        return;
    QThread *thread = m_thread;
    QThread *caller = QThread::currentThread();
    // Connections and the store belong to the engine's thread: close them there, then hand
    // the engine back to the thread that stops it.
    QMetaObject::invokeMethod(
        this,
        [this, caller] {
            delete m_watchdog;
            delete m_poll;
            delete m_retry;
            delete m_heartbeat;
            delete m_heldRetry;
            delete m_presenceRefresh;
            m_watchdog = m_poll = m_retry = m_heartbeat = m_heldRetry = m_presenceRefresh = nullptr;
            dropConnections({});
            m_applier.reset();
            m_store.reset();
            moveToThread(caller);
        },
        Qt::BlockingQueuedConnection);
    m_thread = nullptr;
    if (!std::exchange(m_ownThread, false))
        return;
    thread->quit();
    thread->wait();
    delete thread;
}

void SyncEngine::begin()
{
    m_store = std::make_unique<LocalStore>(m_clock);
    m_store->setTeamMode(true);
    if (!m_store->open(m_storePath)) {
        m_status.state = SyncStatus::State::Offline;
        m_status.problem = m_store->errorString();
        publishStatus();
        return;
    }
    // Upserts into tables with triggers and several unique keys keep a statement journal; on
    // disk that was a temporary file written for every row (a quarter of a first copy's time).
    QSqlQuery(m_store->database()).exec(u"PRAGMA temp_store = MEMORY"_s);
    m_watchdog = new QTimer(this);
    m_watchdog->setInterval(watchdogIntervalMs);
    connect(m_watchdog, &QTimer::timeout, this, &SyncEngine::checkListener);
    m_watchdog->start();
    m_poll = new QTimer(this);
    m_poll->setInterval(safetyPollMs);
    connect(m_poll, &QTimer::timeout, this, &SyncEngine::syncSoon);
    m_poll->start();
    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(presenceHeartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, [this] {
        sendPresence();
        refreshPresence();
        refreshAgentsOnline();
    });
    m_heartbeat->start();
    m_presenceRefresh = new QTimer(this);
    m_presenceRefresh->setSingleShot(true);
    m_presenceRefresh->setInterval(presenceRefreshMs);
    connect(m_presenceRefresh, &QTimer::timeout, this, [this] {
        refreshPresence();
        refreshAgentsOnline();
    });
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &SyncEngine::syncSoon);
    m_heldRetry = new QTimer(this);
    m_heldRetry->setSingleShot(true);
    connect(m_heldRetry, &QTimer::timeout, this, &SyncEngine::syncSoon);
    syncSoon();
}

bool SyncEngine::syncAndWait()
{
    Q_ASSERT(m_thread && QThread::currentThread() != m_thread);
    bool online = false;
    QMetaObject::invokeMethod(
        this,
        [this, &online] {
            if (!m_retry)
                return; // the store did not open; statusChanged said why
            m_retry->stop();
            runCycle();
            online = m_status.state == SyncStatus::State::Online;
        },
        Qt::BlockingQueuedConnection);
    return online;
}

void SyncEngine::syncSoon()
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, &SyncEngine::syncSoon, Qt::QueuedConnection);
        return;
    }
    if (m_cycleQueued || !m_store || !m_wakeUps)
        return;
    m_cycleQueued = true;
    QTimer::singleShot(0, this, &SyncEngine::runCycle);
}

void SyncEngine::runCycle()
{
    m_cycleQueued = false;
    if (!m_store)
        return;
    if (!ensureConnected()) {
        m_retry->start(m_retryDelayMs);
        m_retryDelayMs = std::min(m_retryDelayMs * 2, maxRetryDelayMs);
        publishStatus();
        return;
    }
    m_status.state = SyncStatus::State::Syncing;
    const bool ok = (m_store->metaValue(u"sync_xid"_s).isEmpty() ? initialSync() : true) && push() && pull();
    if (!ok) {
        qCWarning(lcSync) << "sync cycle failed:" << m_status.problem;
        if (!connectionAlive(workName()))
            dropConnections(m_status.problem);
        m_retry->start(m_retryDelayMs);
        m_retryDelayMs = std::min(m_retryDelayMs * 2, maxRetryDelayMs);
        publishStatus();
        return;
    }
    m_retryDelayMs = 100;
    m_status.state = SyncStatus::State::Online;
    m_status.problem.clear();
    m_status.lastSync = m_clock.now();
    publishStatus();
    popAnsweredCalls();
    Q_EMIT cycleFinished();
    if (const qint64 wanted = std::exchange(m_wantedConversation, 0); wanted > 0)
        fetchConversation(wanted);
    for (const QString &sha256 : std::exchange(m_wantedContents, {}))
        fetchContent(sha256);
    if (!m_backfillScheduled && m_store->metaValue(u"search_backfill"_s) == u"1") {
        m_backfillScheduled = true;
        QTimer::singleShot(0, this, &SyncEngine::backfillSearchIndex);
    }
}

void SyncEngine::backfillSearchIndex()
{
    m_backfillScheduled = false;
    if (!m_store)
        return;
    QSqlDatabase db = m_store->database();
    // What is not indexed yet is listed once, in the order it goes in (subjects, then messages,
    // oldest first, so that "newest first" search order holds for them), and read in slices by
    // position: each slice used to look for unindexed rows from the start again, which grew with
    // the store and took most of a large first copy's time.
    if (!m_backfillListed) {
        const bool listed = m_store->transaction([&] {
            QSqlQuery list(db);
            return list.exec(u"DROP TABLE IF EXISTS temp.search_backfill"_s) &&
                   list.exec(u"CREATE TEMP TABLE search_backfill (seq INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL,"
                             " message_id INTEGER)"_s) &&
                   list.exec(
                       u"INSERT INTO temp.search_backfill (ticket_id, message_id) SELECT t.id, NULL FROM tickets t"
                       " WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.ticket_id = t.id AND"
                       " d.message_id IS NULL) ORDER BY t.created_at, t.id"_s) &&
                   list.exec(u"INSERT INTO temp.search_backfill (ticket_id, message_id) SELECT m.ticket_id, m.id"
                             " FROM messages m WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.message_id = m.id)"
                             " ORDER BY m.created_at, m.id"_s);
        });
        if (!listed) {
            qCWarning(lcSync) << "search index backfill failed:" << m_store->errorString();
            return;
        }
        m_backfillListed = true;
        m_backfillAfter = 0;
    }
    // A slice at a time, so pushes and pulls go on in between; a row indexed or removed since
    // it was listed is passed over.
    int read = 0;
    const bool ok = m_store->transaction([&] {
        QSqlQuery slice(db);
        slice.prepare(u"SELECT b.seq, b.ticket_id, b.message_id, CASE WHEN b.message_id IS NULL THEN t.subject"
                      " ELSE m.body END FROM temp.search_backfill b"
                      " LEFT JOIN messages m ON m.id = b.message_id"
                      " LEFT JOIN tickets t ON b.message_id IS NULL AND t.id = b.ticket_id"
                      " WHERE b.seq > ? AND (CASE WHEN b.message_id IS NULL THEN t.id IS NOT NULL AND NOT EXISTS"
                      " (SELECT 1 FROM search_docs d WHERE d.ticket_id = b.ticket_id AND d.message_id IS NULL)"
                      " ELSE m.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.message_id ="
                      " b.message_id) END) ORDER BY b.seq LIMIT 1000"_s);
        slice.addBindValue(m_backfillAfter);
        if (!slice.exec())
            return false;
        QList<std::tuple<qint64, qint64, QString>> docs;
        qint64 last = m_backfillAfter;
        while (slice.next()) {
            last = slice.value(0).toLongLong();
            docs.append({slice.value(1).toLongLong(), slice.value(2).isNull() ? 0 : slice.value(2).toLongLong(),
                         slice.value(3).toString()});
        }
        slice.finish();
        for (const auto &[ticket, message, text] : std::as_const(docs)) {
            if (!m_store->insertSearchDoc(ticket, message, text))
                return false;
        }
        read = int(docs.size());
        m_backfillAfter = last;
        return read > 0 || m_store->setMetaValue(u"search_backfill"_s, u"0"_s);
    });
    if (!ok) {
        qCWarning(lcSync) << "search index backfill failed:" << m_store->errorString();
        m_backfillListed = false;
        return;
    }
    if (read > 0) {
        m_backfillScheduled = true;
        QTimer::singleShot(0, this, &SyncEngine::backfillSearchIndex);
    } else {
        m_backfillListed = false;
        QSqlQuery(db).exec(u"DROP TABLE IF EXISTS temp.search_backfill"_s);
        Q_EMIT searchIndexReady();
    }
}

bool SyncEngine::ensureConnected()
{
    if (m_connected)
        return true;
    m_status.state = SyncStatus::State::Connecting;
    ServerConnection work;
    if (!work.openAsDesk(m_address, workName())) {
        m_status.state = SyncStatus::State::Offline;
        m_status.problem = work.errorString();
        dropConnections(m_status.problem);
        return false;
    }
    ServerConnection listen;
    if (!listen.open(m_address, listenName())) {
        m_status.state = SyncStatus::State::Offline;
        m_status.problem = listen.errorString();
        dropConnections(m_status.problem);
        return false;
    }
    QSqlDatabase listenDb = QSqlDatabase::database(listenName(), false);
    if (!listenDb.driver()->subscribeToNotification(QString::fromLatin1(changesChannel)) ||
        !listenDb.driver()->subscribeToNotification(QString::fromLatin1(presenceChannel)) ||
        !listenDb.driver()->subscribeToNotification(QString::fromLatin1(callsChannel))) {
        m_status.problem = sqlErrorText(listenDb.driver()->lastError());
        dropConnections(m_status.problem);
        return false;
    }
    connect(listenDb.driver(), &QSqlDriver::notification, this,
            [this](const QString &channel, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (channel == QLatin1StringView(callsChannel))
                    onCallAnswered(payload.toString());
                else
                    onNotification(channel, payload.toString());
            });

    QSqlDatabase db = QSqlDatabase::database(workName(), false);
    m_applier = std::make_unique<ServerRowApplier>(db, *m_store);
    // The agent at this desk is whoever the server says this login is.
    QSqlQuery who(db);
    if (!who.exec(u"SELECT agent_id, login FROM deskline.whoami()"_s) || !who.next()) {
        m_status.problem = sqlErrorText(who.lastError());
        dropConnections(m_status.problem);
        return false;
    }
    const qint64 agentId = who.value(0).toLongLong();
    const QString login = who.value(1).toString();
    const bool known = m_store->transaction([&] {
        if (!m_applier->apply({{u"agent"_s, {agentId}}}))
            return false;
        return m_store->setMetaValue(u"desk_agent"_s, login);
    });
    m_login = login;
    if (!known || !m_store->setCurrentAgent(login)) {
        m_status.problem = m_applier->errorString();
        dropConnections(m_status.problem);
        return false;
    }
    m_connected = true;
    sendPresence();
    refreshAgentsOnline();
    return true;
}

void SyncEngine::dropConnections(const QString &problem)
{
    m_connected = false;
    m_applier.reset();
    m_pullChanges.reset();
    for (const QString &name : {workName(), listenName()}) {
        if (QSqlDatabase::contains(name)) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.driver())
                    db.driver()->disconnect(this);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
    }
    if (!problem.isEmpty()) {
        m_status.state = SyncStatus::State::Offline;
        m_status.problem = problem;
    }
}

bool SyncEngine::connectionAlive(const QString &connectionName)
{
    if (!QSqlDatabase::contains(connectionName))
        return false;
    QSqlQuery probe(QSqlDatabase::database(connectionName, false));
    return probe.exec(u"SELECT 1"_s) && probe.next();
}

void SyncEngine::checkListener()
{
    if (!m_connected)
        return;
    // QPSQL says nothing when the LISTEN connection dies, so ask it something.
    if (connectionAlive(listenName()))
        return;
    dropConnections(tr("Lost the connection to the server; reconnecting."));
    publishStatus();
    syncSoon();
}

bool SyncEngine::initialSync()
{
    // From a standby the whole copy (snapshot, pages, orders and devices) is read there, on a
    // connection of its own that lives only as long as the copy. Its applier stands in for the
    // work connection's meanwhile, so what it wrote is announced as usual; what it wrote last is
    // announced before the work connection's applier is back.
    std::unique_ptr<ServerRowApplier> workApplier;
    const auto closeCopy = qScopeGuard([this, &workApplier] {
        if (workApplier) {
            announce();
            m_applier = std::move(workApplier);
        }
        if (QSqlDatabase::contains(copyName())) {
            QSqlDatabase::database(copyName(), false).close();
            QSqlDatabase::removeDatabase(copyName());
        }
    });
    if (m_copyFrom) {
        ServerConnection copy;
        if (!copy.openAsDesk(*m_copyFrom, copyName())) {
            m_status.problem = copy.errorString();
            return false;
        }
        workApplier = std::exchange(
            m_applier, std::make_unique<ServerRowApplier>(QSqlDatabase::database(copyName(), false), *m_store));
    }
    QSqlDatabase db = QSqlDatabase::database(m_copyFrom ? copyName() : workName(), false);
    // One snapshot for the whole copy; afterwards the cursor starts at its xmin, so every
    // change that was not yet visible to it comes down by pull (a repeat is harmless).
    if (!db.transaction()) {
        m_status.problem = sqlErrorText(db.lastError());
        return false;
    }
    auto failed = [&](const QString &problem) {
        m_status.problem = problem;
        db.rollback();
        return false;
    };
    QSqlQuery query(db);
    if (!query.exec(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s))
        return failed(sqlErrorText(query.lastError()));
    if (!query.exec(u"SELECT pg_snapshot_xmin(pg_current_snapshot())::text"_s) || !query.next())
        return failed(sqlErrorText(query.lastError()));
    const QString xmin = query.value(0).toString();
    // The history this copy belongs to (empty on a server of an older Deskline).
    QString epoch;
    if (query.exec(u"SELECT value FROM deskline.meta WHERE key = 'change_log_epoch'"_s) && query.next())
        epoch = query.value(0).toString();
    const qint64 since = m_clock.now().toMSecsSinceEpoch() - qint64(m_historyDays) * 24 * 3600 * 1000;
    // The agent's queues and recent history: everything not closed, and what changed lately.
    const QString scope = u"(status <> 5 OR updated_at > %1)"_s.arg(since);
    // Newest first, so the first page is the work of today and usable at once. The ids come in
    // one query: a keyset page ordered against the view's own order would sort the rest each time.
    QList<InitialCopyFetcher::TicketRef> tickets;
    if (!query.exec(u"SELECT id, status FROM "_s + SyncedEntities::get(u"ticket"_s).serverView() + u" WHERE "_s +
                    scope + u" ORDER BY id DESC"_s))
        return failed(sqlErrorText(query.lastError()));
    tickets.reserve(std::max(0, query.size()));
    while (query.next())
        tickets.append({query.value(0).toLongLong(), query.value(1).toInt() < int(TicketStatus::Solved)});
    const qint64 total = tickets.size();
    qint64 done = 0;
    Q_EMIT initialSyncProgress(0, total);
    // The first copy can always be made again (its cursor is saved only at the end): no disk
    // flush per page, and a cache that holds the copy's index pages; one durable checkpoint after.
    QSqlQuery(m_store->database()).exec(u"PRAGMA synchronous = OFF"_s);
    QSqlQuery(m_store->database()).exec(u"PRAGMA cache_size = -262144"_s);
    QSqlQuery(m_store->database()).exec(u"PRAGMA wal_autocheckpoint = 0"_s);
    const auto durable = qScopeGuard([this] {
        QSqlQuery pragma(m_store->database());
        pragma.exec(u"PRAGMA synchronous = NORMAL"_s);
        pragma.exec(u"PRAGMA cache_size = -2000"_s);
        pragma.exec(u"PRAGMA wal_autocheckpoint = 1000"_s);
        pragma.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    });

    // What every desk has in full, whoever the agent.
    ServerRowApplier::Changes everyone;
    for (const QString &entity : {u"team"_s, u"agent"_s, u"rule"_s, u"setting"_s}) {
        if (!query.exec(u"SELECT id FROM "_s + SyncedEntities::get(entity).serverView()))
            return failed(sqlErrorText(query.lastError()));
        QSet<qint64> &ids = everyone[entity];
        while (query.next())
            ids.insert(query.value(0).toLongLong());
    }
    if (!m_store->transaction([&] { return m_applier->apply(everyone); }))
        return failed(m_applier->errorString());

    // A second connection reads the next page in this snapshot while this one's rows are written.
    if (!query.exec(u"SELECT pg_export_snapshot()"_s) || !query.next())
        return failed(sqlErrorText(query.lastError()));
    InitialCopyFetcher fetcher(m_copyFrom ? *m_copyFrom : m_address, query.value(0).toString(), tickets,
                               initialPageSize, maxPageSize);
    fetcher.start();
    while (const auto page = fetcher.next()) {
        m_applier->setDeferSearchIndex(true);
        const bool applied = m_store->transaction([&] { return m_applier->applyFetched(page->rows); });
        m_applier->setDeferSearchIndex(false);
        if (!applied)
            return failed(m_applier->errorString());
        done += page->tickets;
        announce();
        Q_EMIT initialSyncProgress(done, total);
    }
    if (const QString error = fetcher.errorString(); !error.isEmpty())
        return failed(error);
    // The tickets are usable now; their customers' orders and devices follow from the same
    // snapshot, and the search index is built in the background afterwards.
    QList<qint64> customerIds; // every customer on this desk came with one of its tickets
    {
        QSqlQuery local(m_store->database());
        if (!local.exec(u"SELECT server_id FROM customers WHERE server_id IS NOT NULL"_s))
            return failed(sqlErrorText(local.lastError()));
        while (local.next())
            customerIds << local.value(0).toLongLong();
    }
    for (qsizetype from = 0; from < customerIds.size(); from += maxPageSize) {
        QStringList ids;
        for (qint64 id : customerIds.mid(from, maxPageSize))
            ids << QString::number(id);
        ServerRowApplier::Changes changes;
        for (const QString &entity : {u"order"_s, u"device"_s}) {
            QSqlQuery rows(db);
            rows.prepare(u"SELECT id FROM %1 WHERE customer_id = ANY(?::bigint[])"_s.arg(
                SyncedEntities::get(entity).serverView()));
            rows.addBindValue(QString(u"{"_s + ids.join(u',') + u"}"_s));
            if (!rows.exec())
                return failed(sqlErrorText(rows.lastError()));
            while (rows.next())
                changes[entity].insert(rows.value(0).toLongLong());
        }
        if (!m_store->transaction([&] { return m_applier->apply(changes); }))
            return failed(m_applier->errorString());
    }
    db.commit();
    const bool saved = m_store->transaction([&] {
        return m_store->setMetaValue(u"sync_xid"_s, xmin) && m_store->setMetaValue(u"sync_seq"_s, u"0"_s) &&
               m_store->setMetaValue(u"sync_epoch"_s, epoch) && m_store->setMetaValue(u"search_backfill"_s, u"1"_s) &&
               restoreDrafts();
    });
    m_copiedEpoch.reset();
    if (!saved) {
        m_status.problem = m_store->errorString();
        return false;
    }
    if (m_recopied) {
        m_recopied = false;
        Q_EMIT copiedAgain(m_draftsKept, m_draftsLost);
    }
    return true;
}

bool SyncEngine::copyAgain()
{
    // Drafts are kept by the ticket's client id, which names the same ticket in any copy; the
    // stash is in the store, written with the wipe, so a stop in the middle of the copy keeps it.
    QJsonArray stash;
    {
        QSqlQuery drafts(m_store->database());
        if (!drafts.exec(u"SELECT t.client_id, d.body, d.internal, d.updated_at FROM drafts d"
                         " JOIN tickets t ON t.id = d.ticket_id WHERE t.client_id IS NOT NULL"_s)) {
            m_status.problem = sqlErrorText(drafts.lastError());
            return false;
        }
        while (drafts.next())
            stash.append(QJsonObject{{u"client_id"_s, drafts.value(0).toString()},
                                     {u"body"_s, drafts.value(1).toString()},
                                     {u"internal"_s, drafts.value(2).toBool()},
                                     {u"updated_at"_s, drafts.value(3).toLongLong()}});
    }
    const QString previous = m_store->metaValue(u"recopy_drafts"_s);
    if (!previous.isEmpty()) {
        // A copy stopped half-way: its stash still holds the drafts of tickets wiped then.
        for (const QJsonValue draft : QJsonDocument::fromJson(previous.toUtf8()).array())
            stash.append(draft);
    }
    // The tickets the server numbered go, with everything hanging on them; a ticket still
    // waiting for its number (its creation queued) stays, and so do the outbox and the sync issues.
    const bool wiped = m_store->transaction([&] {
        QSqlQuery wipe(m_store->database());
        return wipe.exec(u"DELETE FROM tickets WHERE server_id IS NOT NULL AND id NOT IN"
                         " (SELECT ticket_id FROM outbox WHERE ticket_id IS NOT NULL)"_s) &&
               m_store->setMetaValue(u"recopy_drafts"_s,
                                     QString::fromUtf8(QJsonDocument(stash).toJson(QJsonDocument::Compact))) &&
               m_store->setMetaValue(u"sync_xid"_s, QString()) && m_store->setMetaValue(u"sync_seq"_s, QString());
    });
    if (!wiped) {
        m_status.problem = m_store->errorString();
        return false;
    }
    m_recopied = true;
    m_backfillListed = false; // listed from the copy that was wiped
    qCInfo(lcSync) << "copying again:" << stash.size() << "draft(s) kept aside";
    return initialSync();
}

bool SyncEngine::restoreDrafts()
{
    m_draftsKept = m_draftsLost = 0;
    const QString stash = m_store->metaValue(u"recopy_drafts"_s);
    if (stash.isEmpty())
        return true;
    QSqlQuery put(m_store->database());
    put.prepare(u"INSERT OR IGNORE INTO drafts(ticket_id, body, internal, updated_at)"
                " SELECT id, ?, ?, ? FROM tickets WHERE client_id = ?"_s);
    for (const QJsonValue value : QJsonDocument::fromJson(stash.toUtf8()).array()) {
        const QJsonObject draft = value.toObject();
        put.addBindValue(draft.value(u"body").toString());
        put.addBindValue(draft.value(u"internal").toBool());
        put.addBindValue(draft.value(u"updated_at").toInteger());
        put.addBindValue(draft.value(u"client_id").toString());
        if (!put.exec())
            return false;
        (put.numRowsAffected() > 0 ? m_draftsKept : m_draftsLost)++;
    }
    return m_store->setMetaValue(u"recopy_drafts"_s, QString());
}

bool SyncEngine::push()
{
    for (;;) {
        QList<Outgoing> batch;
        {
            QSqlQuery rows(m_store->database());
            if (!rows.exec(u"SELECT id, mutation_id, name, args, ticket_id FROM outbox ORDER BY id LIMIT %1"_s.arg(
                    pushBatchSize))) {
                m_status.problem = sqlErrorText(rows.lastError());
                return false;
            }
            while (rows.next()) {
                Outgoing out;
                out.rowId = rows.value(0).toLongLong();
                out.mutationId = rows.value(1).toString();
                out.name = rows.value(2).toString();
                out.args = rows.value(3).toString();
                out.ticketId = rows.value(4).toLongLong();
                batch.append(out);
            }
        }
        if (batch.isEmpty())
            break;
        if (!sendBatch(batch) || !acknowledge(batch))
            return false;
        if (batch.size() < pushBatchSize)
            break;
    }
    if (!m_refreshTickets.isEmpty()) {
        // A refused change: the server's ticket and its escalations replace what this desk guessed.
        const ServerRowApplier::Changes refresh{{u"ticket"_s, m_refreshTickets}};
        ServerRowApplier::Fetched parts;
        const QList<qint64> ids(m_refreshTickets.cbegin(), m_refreshTickets.cend());
        for (const QString &entity : {u"escalation"_s, u"survey"_s, u"time_entry"_s}) {
            if (!ServerRowApplier::fetch(QSqlDatabase::database(workName(), false), entity, u"ticket_id"_s, ids,
                                         parts[entity], &m_status.problem))
                return false;
        }
        if (!m_store->transaction([&] { return m_applier->apply(refresh) && m_applier->applyFetched(parts); })) {
            m_status.problem = m_applier->errorString();
            return false;
        }
        m_refreshTickets.clear();
        announce();
    }
    if (m_refreshSettings) {
        // A refused setting: the team's own values replace what this desk tried.
        ServerRows rows;
        QSqlQuery ids(QSqlDatabase::database(workName(), false));
        QList<qint64> all;
        if (!ids.exec(u"SELECT id FROM "_s + SyncedEntities::get(u"setting"_s).serverView())) {
            m_status.problem = sqlErrorText(ids.lastError());
            return false;
        }
        while (ids.next())
            all << ids.value(0).toLongLong();
        if (!ServerRowApplier::fetch(QSqlDatabase::database(workName(), false), u"setting"_s, u"id"_s, all, rows,
                                     &m_status.problem))
            return false;
        if (!m_store->transaction([&] { return m_applier->writeSettings(rows, true); })) {
            m_status.problem = m_applier->errorString();
            return false;
        }
        m_refreshSettings = false;
        announce();
    }
    return true;
}

bool SyncEngine::sendBatch(QList<Outgoing> &batch)
{
    // One server transaction for the batch: one disk flush instead of one per change. Each
    // mutation runs in its own subtransaction there, so a refusal never spoils the others;
    // a resend after a lost answer is recognised by its id.
    QSqlDatabase db = QSqlDatabase::database(workName(), false);
    if (!db.transaction()) {
        m_status.problem = sqlErrorText(db.lastError());
        return false;
    }
    QHash<qint64, qint64> createdHere; // local ticket → server id, for later changes in this batch
    QSet<QString> put;                 // contents already on the server in this batch
    QSqlQuery call(db);
    call.prepare(u"SELECT deskline.apply_mutation(?::uuid, ?, ?::jsonb)::text"_s);
    for (Outgoing &out : batch) {
        QJsonObject args = QJsonDocument::fromJson(out.args.toUtf8()).object();
        // Mutations name tickets by the desk's ids; the server knows its own.
        qint64 serverTicketId = createdHere.value(out.ticketId);
        if (serverTicketId == 0)
            serverTicketId = serverTicketOf(out.ticketId);
        out.serverTicketId = serverTicketId;
        if (args.contains(u"ticket_id"_s))
            args.insert(u"ticket_id"_s, serverTicketId);
        // A merge names a second ticket, the one the case goes on in.
        qint64 serverTargetId = -1;
        if (args.contains(u"target_ticket_id"_s)) {
            const qint64 localTarget = args.value(u"target_ticket_id"_s).toInteger();
            serverTargetId = createdHere.value(localTarget);
            if (serverTargetId == 0)
                serverTargetId = serverTicketOf(localTarget);
            args.insert(u"target_ticket_id"_s, serverTargetId);
        }
        // Some mutations are about no ticket (the shared classification rules).
        if ((out.ticketId > 0 && out.name != u"ticket.create" && serverTicketId == 0) || serverTargetId == 0) {
            out.status = u"rejected"_s;
            out.reason = u"not_on_server"_s;
            out.detail = tr("The ticket was never saved on the server.");
            continue;
        }
        if (out.name == u"message.add" && !putFiles(args, put)) {
            db.rollback();
            return false;
        }
        call.bindValue(0, out.mutationId);
        call.bindValue(1, out.name);
        call.bindValue(2, QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact)));
        if (!call.exec() || !call.next()) {
            // Lost connection or a passing conflict: nothing of this batch counts; send it again later.
            m_status.problem = sqlErrorText(call.lastError());
            db.rollback();
            return false;
        }
        const QJsonObject outcome = QJsonDocument::fromJson(call.value(0).toString().toUtf8()).object();
        call.finish();
        out.status = outcome.value(u"status"_s).toString();
        out.reason = outcome.value(u"reason"_s).toString();
        out.detail = outcome.value(u"detail"_s).toString();
        out.result = outcome.value(u"result"_s).toObject();
        out.clientId = args.value(u"client_id"_s).toString();
        if (out.name == u"ticket.create" && out.status == u"applied")
            createdHere.insert(out.ticketId, out.result.value(u"ticket_id"_s).toInteger());
    }
    Q_EMIT batchAwaitingCommit(int(batch.size()));
    if (!db.commit()) {
        m_status.problem = sqlErrorText(db.lastError());
        db.rollback();
        return false;
    }
    return true;
}

bool SyncEngine::putFiles(QJsonObject &args, QSet<QString> &put)
{
    // A message.add queued before files were shared does not name them: its files are read here.
    if (!args.contains(u"attachments"_s)) {
        const auto files = FileStore(*m_store).filesOfMessage(args.value(u"client_id"_s).toString());
        if (!files) {
            m_status.problem = m_store->errorString();
            return false;
        }
        QJsonArray named;
        for (const FileStore::File &file : *files)
            named.append(
                QJsonObject{{u"name"_s, file.name}, {u"mime_type"_s, file.mimeType}, {u"sha256"_s, file.sha256}});
        if (!named.isEmpty())
            args.insert(u"attachments"_s, named);
    }
    // Each content once; putting it again (a resend) is harmless. A content the desk lacks, or
    // that the server refuses (too big), makes the server refuse only that message
    // (missing_content), which becomes a sync issue; the savepoint keeps the batch alive.
    QSqlDatabase db = QSqlDatabase::database(workName(), false);
    for (const QJsonValue &file : args.value(u"attachments"_s).toArray()) {
        const QString sha256 = file.toObject().value(u"sha256"_s).toString();
        if (sha256.isEmpty() || put.contains(sha256))
            continue;
        const std::optional<QByteArray> content = FileStore(*m_store).content(sha256);
        if (!content)
            continue;
        QSqlQuery savepoint(db);
        if (!savepoint.exec(u"SAVEPOINT put_content"_s)) {
            m_status.problem = sqlErrorText(savepoint.lastError());
            return false;
        }
        QSqlQuery call(db);
        call.prepare(u"SELECT deskline.put_content(?)"_s);
        call.addBindValue(*content);
        if (call.exec() && call.next() && call.value(0).toString() == sha256) {
            call.finish();
            put.insert(sha256);
            if (!savepoint.exec(u"RELEASE SAVEPOINT put_content"_s)) {
                m_status.problem = sqlErrorText(savepoint.lastError());
                return false;
            }
            continue;
        }
        const QString problem = sqlErrorText(call.lastError());
        call.finish();
        if (!savepoint.exec(u"ROLLBACK TO SAVEPOINT put_content"_s)) {
            m_status.problem = problem; // the connection went: the batch goes again later
            return false;
        }
        qCWarning(lcSync) << "the server did not take the file" << sha256 << problem;
    }
    return true;
}

int SyncEngine::contentRequests() const
{
    return m_contentRequests.load();
}

void SyncEngine::fetchContent(const QString &sha256)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, [this, sha256] { fetchContent(sha256); });
        return;
    }
    if (!m_store)
        return;
    if (const auto here = FileStore(*m_store).content(sha256)) {
        // Fetched before, or the desk's own: a file listed since with the same bytes gets them.
        const auto tickets = FileStore(*m_store).keepContent(sha256, *here);
        if (tickets && !tickets->isEmpty())
            Q_EMIT changesApplied(*tickets, {});
        Q_EMIT contentFetched(sha256, true);
        return;
    }
    if (!m_connected) {
        m_wantedContents.insert(sha256); // asked for again once online
        return;
    }
    ++m_contentRequests;
    QSqlQuery call(QSqlDatabase::database(workName(), false));
    call.prepare(u"SELECT deskline.fetch_content(?)"_s);
    call.addBindValue(sha256);
    if (!call.exec() || !call.next()) {
        const QString problem = sqlErrorText(call.lastError());
        qCWarning(lcSync) << "file not fetched:" << problem;
        if (!connectionAlive(workName())) {
            m_wantedContents.insert(sha256);
            dropConnections(problem);
            publishStatus();
            syncSoon();
            return;
        }
        Q_EMIT contentFetched(sha256, false);
        return;
    }
    const QVariant value = call.value(0);
    call.finish();
    // Null: no such content, or none of this agent's tickets has it.
    if (value.isNull()) {
        Q_EMIT contentFetched(sha256, false);
        return;
    }
    const auto tickets = FileStore(*m_store).keepContent(sha256, value.toByteArray());
    if (!tickets) {
        qCWarning(lcSync) << "file not kept:" << m_store->errorString();
        Q_EMIT contentFetched(sha256, false);
        return;
    }
    if (!tickets->isEmpty())
        Q_EMIT changesApplied(*tickets, {});
    Q_EMIT contentFetched(sha256, true);
}

bool SyncEngine::acknowledge(const QList<Outgoing> &batch)
{
    const bool saved = m_store->transaction([&] {
        QSqlQuery query(m_store->database());
        for (const Outgoing &out : batch) {
            // The rows this desk made ahead of the server: they get the server's id, or go.
            const SyncedEntity *created = SyncedEntities::createdBy(out.name);
            if (out.status == u"applied") {
                if (created && out.result.contains(created->acknowledgement().resultKey)) {
                    query.prepare(created->acknowledgeSql());
                    query.bindValue(u":server_id"_s,
                                    qint64(out.result.value(created->acknowledgement().resultKey).toInteger()));
                    if (created->acknowledgement().byTicket)
                        query.bindValue(u":ticket"_s, out.ticketId);
                    else
                        query.bindValue(u":client_id"_s, out.clientId);
                    if (!query.exec())
                        return false;
                }
                // A new ticket's customer is created with it and has no client id of its own.
                if (out.name == u"ticket.create") {
                    query.prepare(u"UPDATE customers SET server_id = ? WHERE server_id IS NULL"
                                  " AND id = (SELECT customer_id FROM tickets WHERE id = ?)"_s);
                    query.addBindValue(qint64(out.result.value(u"customer_id"_s).toInteger()));
                    query.addBindValue(out.ticketId);
                    if (!query.exec())
                        return false;
                }
            } else {
                // What this desk did ahead of the server is taken back; the refresh after the
                // batch brings the server's own rows.
                if (created && created->acknowledgement().dropWhenRefused) {
                    query.prepare(created->dropRefusedSql());
                    query.bindValue(u":client_id"_s, out.clientId);
                    if (!query.exec())
                        return false;
                }
                // The history entries of a change that did not happen go with it.
                const QJsonArray events =
                    QJsonDocument::fromJson(out.args.toUtf8()).object().value(u"events"_s).toArray();
                for (const QJsonValue &event : events) {
                    query.prepare(u"DELETE FROM audit_events WHERE client_id = ? AND server_id IS NULL"_s);
                    query.addBindValue(event.toObject().value(u"client_id"_s).toString());
                    if (!query.exec())
                        return false;
                }
                if (out.name == u"ticket.hand_back") {
                    query.prepare(u"UPDATE escalations SET handed_back_at = NULL, hand_back_note = '' WHERE id ="
                                  " (SELECT id FROM escalations WHERE ticket_id = ? AND handed_back_at IS NOT NULL"
                                  " ORDER BY handed_back_at DESC, id DESC LIMIT 1)"_s);
                    query.addBindValue(out.ticketId);
                    if (!query.exec())
                        return false;
                }
                query.prepare(u"INSERT INTO sync_issues(mutation_id, name, args, ticket_id, reason, detail, at)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
                query.addBindValue(out.mutationId);
                query.addBindValue(out.name);
                query.addBindValue(out.args);
                query.addBindValue(out.ticketId);
                query.addBindValue(out.reason.isEmpty() ? u"rejected"_s : out.reason);
                query.addBindValue(out.detail.isNull() ? u""_s : out.detail);
                query.addBindValue(m_clock.now().toMSecsSinceEpoch());
                if (!query.exec())
                    return false;
            }
            query.prepare(u"DELETE FROM outbox WHERE id = ?"_s);
            query.addBindValue(out.rowId);
            if (!query.exec())
                return false;
        }
        return true;
    });
    if (!saved) {
        m_status.problem = m_store->errorString();
        return false;
    }
    for (const Outgoing &out : batch) {
        if (out.status == u"applied")
            continue;
        if (out.serverTicketId > 0)
            m_refreshTickets.insert(out.serverTicketId);
        if (out.name == u"setting.save")
            m_refreshSettings = true;
        Q_EMIT mutationRejected(out.ticketId, out.name, out.reason, out.detail);
    }
    return true;
}

bool SyncEngine::pull()
{
    QString xid = m_store->metaValue(u"sync_xid"_s);
    qint64 seq = m_store->metaValue(u"sync_seq"_s).toLongLong();
    const SyncedEntity &ticketEntity = SyncedEntities::get(u"ticket"_s);
    const int ticketColumns = int(ticketEntity.serverColumns().size());
    if (!m_pullChanges) {
        // Kept prepared for the connection's life: one round trip per pull instead of three.
        // The changed tickets' rows come first, in the same statement and snapshot: a changed
        // ticket (the most common change) then costs one round trip, not two. Then the changes,
        // then a row (null xid and ticket) saying whether committed changes wait above the
        // horizon; a server of an older Deskline lacks pull_status, and its safety poll covers it.
        // The tickets are asked for as an array: as "id IN (SELECT ...)" the planner, knowing
        // nothing of the pull's size, merged it with a walk of every ticket (and compiled that).
        m_pullChanges = std::make_unique<QSqlQuery>(QSqlDatabase::database(workName(), false));
        m_pullChanges->setForwardOnly(true);
        const QString noTicket = QStringList(ticketColumns, u"NULL"_s).join(u", "_s);
        m_pullBringsTickets = m_pullChanges->prepare(
            u"WITH c AS MATERIALIZED (SELECT * FROM deskline.pull_changes(?::xid8, ?, ?))"
            " SELECT NULL::text, NULL::bigint, NULL::text, NULL::bigint, %1 FROM %2"
            " WHERE id = ANY(ARRAY(SELECT entity_id FROM c WHERE entity = 'ticket'))"
            " UNION ALL SELECT c.xid::text, c.seq, c.entity, c.entity_id, %3 FROM c"
            " UNION ALL SELECT NULL, s.below_floor::int, s.epoch, s.held::int, %3 FROM deskline.pull_status(?::xid8, ?) s"_s
                .arg(ticketEntity.selectList(), ticketEntity.serverView(), noTicket));
        m_heldCheckMissing = !m_pullBringsTickets &&
                             !m_pullChanges->prepare(
                                 u"SELECT xid::text, seq, entity, entity_id FROM deskline.pull_changes(?::xid8, ?, ?)"
                                 " UNION ALL SELECT NULL, s.below_floor::int, s.epoch, s.held::int"
                                 " FROM deskline.pull_status(?::xid8, ?) s"_s);
        if (m_heldCheckMissing &&
            !m_pullChanges->prepare(
                u"SELECT xid::text, seq, entity, entity_id FROM deskline.pull_changes(?::xid8, ?, ?)"_s)) {
            m_status.problem = sqlErrorText(m_pullChanges->lastError());
            m_pullChanges.reset();
            return false;
        }
    }
    QSqlQuery &changes = *m_pullChanges;
    for (;;) {
        changes.bindValue(0, xid);
        changes.bindValue(1, seq);
        changes.bindValue(2, pullPageSize);
        if (!m_heldCheckMissing) {
            changes.bindValue(3, xid);
            changes.bindValue(4, seq);
        }
        ++m_pulls;
        if (!changes.exec()) {
            m_status.problem = sqlErrorText(changes.lastError());
            return false;
        }
        ServerRowApplier::Changes batch;
        ServerRowApplier::Fetched read;
        if (m_pullBringsTickets)
            read.insert(u"ticket"_s, {}); // those not among them are gone or no longer visible
        int rows = 0;
        bool held = false;
        bool belowFloor = false;
        QString epoch;
        quint64 lastXid = 0;
        while (changes.next()) {
            if (changes.isNull(0)) {
                if (m_pullBringsTickets && !changes.isNull(4)) {
                    QVariantList ticket;
                    ticket.reserve(ticketColumns);
                    for (int i = 0; i < ticketColumns; ++i)
                        ticket << changes.value(4 + i);
                    read[u"ticket"_s] << ticket;
                    continue;
                }
                held = changes.value(3).toInt() != 0;
                belowFloor = changes.value(1).toInt() != 0;
                epoch = changes.value(2).toString();
                continue;
            }
            ++rows;
            // The cursor is the greatest position read, whatever order the rows came in.
            const quint64 rowXid = changes.value(0).toULongLong();
            const qint64 rowSeq = changes.value(1).toLongLong();
            if (rows == 1 || rowXid > lastXid || (rowXid == lastXid && rowSeq > seq)) {
                lastXid = rowXid;
                xid = changes.value(0).toString();
                seq = rowSeq;
            }
            batch[changes.value(2).toString()].insert(changes.value(3).toLongLong());
        }
        changes.finish();
        if (!m_copiedEpoch)
            m_copiedEpoch = m_store->metaValue(u"sync_epoch"_s);
        const QString copiedEpoch = *m_copiedEpoch;
        if (belowFloor || (!epoch.isEmpty() && !copiedEpoch.isEmpty() && epoch != copiedEpoch)) {
            // Rows this desk never had were pruned, or the server's history is another one (a
            // restore): what was queued went up before this pull; the rest is copied again.
            qCInfo(lcSync) << (belowFloor ? "cursor below the change log's floor" : "the server's history changed");
            return copyAgain();
        }
        if (copiedEpoch.isEmpty() && !epoch.isEmpty()) {
            if (!m_store->setMetaValue(u"sync_epoch"_s, epoch)) {
                m_status.problem = m_store->errorString();
                return false;
            }
            m_copiedEpoch = epoch;
        }
        if (rows == 0) {
            ++m_emptyPulls;
            scheduleHeldPull(held);
            return true;
        }
        const bool applied = m_store->transaction([&] {
            return m_applier->apply(batch, read) && m_store->setMetaValue(u"sync_xid"_s, xid) &&
                   m_store->setMetaValue(u"sync_seq"_s, QString::number(seq));
        });
        if (!applied) {
            m_status.problem = m_applier->errorString().isEmpty() ? m_store->errorString() : m_applier->errorString();
            return false;
        }
        announce();
        announceHeldSenders(batch.value(u"mail_held"_s));
        if (rows < pullPageSize) {
            scheduleHeldPull(held);
            return true;
        }
    }
}

void SyncEngine::announce()
{
    if (!m_applier)
        return;
    if (m_applier->takeSettingsChanged())
        Q_EMIT sharedSettingsChanged();
    const QList<qint64> tickets = m_applier->takeChangedTickets();
    const QList<qint64> withMessages = m_applier->takeTicketsWithNewMessages();
    if (!tickets.isEmpty() || !withMessages.isEmpty())
        Q_EMIT changesApplied(tickets, withMessages);
    for (const ServerRowApplier::Overwrite &o : m_applier->takeOverwrites()) {
        const auto by = PeopleStore(*m_store).agent(o.byAgentId);
        Q_EMIT fieldOverwritten(o.ticketId, o.field, by ? by->name : QString());
    }
}

void SyncEngine::scheduleHeldPull(bool held)
{
    if (!held) {
        m_heldDelayMs = 0;
        return;
    }
    // Short while the hold is young (a heartbeat's transaction ends within milliseconds), so
    // the change arrives soon after; an administrator's long job is asked about once a second.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_heldDelayMs == 0) {
        m_heldSinceMs = now;
        m_heldDelayMs = heldFirstDelayMs;
    } else {
        const int cap = now - m_heldSinceMs < heldShortForMs ? heldShortCapMs : heldLongCapMs;
        m_heldDelayMs = std::min(m_heldDelayMs * 2, cap);
    }
    if (m_heldRetry && m_wakeUps)
        m_heldRetry->start(m_heldDelayMs);
}

void SyncEngine::announceHeldSenders(const QSet<qint64> &heldIds)
{
    if (heldIds.isEmpty())
        return;
    QStringList ids;
    for (const qint64 id : heldIds)
        ids.append(QString::number(id));
    // A desk coming back after a day is not told of yesterday's floods: they are in the report.
    QSqlQuery held(QSqlDatabase::database(workName(), false));
    held.setForwardOnly(true);
    if (!held.exec(u"SELECT mailbox, sender, detail FROM deskline.v_mail_held WHERE id IN ("_s + ids.join(u',') +
                   u") AND at > (extract(epoch FROM now()) * 1000)::bigint - 3600000 ORDER BY id"_s)) {
        qCWarning(lcSync) << "held senders not read:" << sqlErrorText(held.lastError());
        return;
    }
    while (held.next())
        Q_EMIT senderHeld(held.value(0).toString(), held.value(1).toString(), held.value(2).toString());
}

void SyncEngine::publishStatus()
{
    if (m_store && m_store->isOpen()) {
        QSqlQuery count(m_store->database());
        if (count.exec(u"SELECT (SELECT count(*) FROM outbox), (SELECT count(*) FROM sync_issues)"_s) && count.next()) {
            m_status.pendingChanges = count.value(0).toInt();
            m_status.issues = count.value(1).toInt();
        }
    }
    Q_EMIT statusChanged(m_status);
}

bool SyncEngine::cursorPassed(const QString &payload)
{
    // The cursor (C, seq) was read below the server's horizon then, so every transaction below
    // C had ended and its rows came with that pull (or, for a first copy's cursor, were in the
    // copy). Rows of C itself may still be coming, so only a lower xid is passed. Another epoch
    // is another history (a restore), whose xids say nothing about this cursor.
    // A wake-up from an older server has no payload, and always pulls.
    const qsizetype space = payload.indexOf(u' ');
    if (space < 0 || !m_store)
        return false;
    bool ok = false;
    const quint64 xid = QStringView(payload).left(space).toULongLong(&ok);
    if (!ok || QStringView(payload).mid(space + 1) != m_store->metaValue(u"sync_epoch"_s))
        return false;
    const quint64 cursor = m_store->metaValue(u"sync_xid"_s).toULongLong(&ok);
    return ok && xid < cursor;
}

void SyncEngine::onNotification(const QString &channel, const QString &payload)
{
    if (channel == QLatin1StringView(presenceChannel)) {
        if (m_presenceRefresh && !m_presenceRefresh->isActive())
            m_presenceRefresh->start();
        return;
    }
    if (cursorPassed(payload)) {
        ++m_skippedWakeUps;
        return;
    }
    syncSoon();
}

void SyncEngine::onCallAnswered(const QString &payload)
{
    // Every desk hears every answered call; only the agent who took it gets the card.
    const QJsonObject call = QJsonDocument::fromJson(payload.toUtf8()).object();
    const qint64 serverTicketId = call.value(u"ticket_id"_s).toInteger();
    if (m_login.isEmpty() || call.value(u"login"_s).toString() != m_login || serverTicketId <= 0)
        return;
    m_callsToPop.append({serverTicketId, QDateTime::currentMSecsSinceEpoch(), call.value(u"ended"_s).toBool(),
                         call.value(u"duration_ms"_s).toInteger()});
    syncSoon();
}

void SyncEngine::popAnsweredCalls()
{
    if (m_callsToPop.isEmpty())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery local(m_store->database());
    local.prepare(u"SELECT id FROM tickets WHERE server_id = ?"_s);
    for (auto call = m_callsToPop.begin(); call != m_callsToPop.end();) {
        local.addBindValue(call->serverTicketId);
        if (local.exec() && local.next()) {
            const qint64 ticketId = local.value(0).toLongLong();
            local.finish();
            const CallToPop told = *call;
            call = m_callsToPop.erase(call);
            if (told.ended)
                Q_EMIT callEnded(ticketId, told.durationMs);
            else
                Q_EMIT callAnswered(ticketId);
            continue;
        }
        local.finish();
        call = now - call->heardAtMs > callPopWaitMs ? m_callsToPop.erase(call) : call + 1;
    }
}

void SyncEngine::setFocus(qint64 localTicketId, bool typing)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, [this, localTicketId, typing] { setFocus(localTicketId, typing); });
        return;
    }
    if (localTicketId == m_focusTicket && typing == m_typing)
        return;
    const bool otherTicket = localTicketId != m_focusTicket;
    m_focusTicket = localTicketId;
    m_typing = typing;
    if (otherTicket) {
        m_lastViewing.clear();
        m_lastTyping.clear();
        Q_EMIT presenceChanged(m_focusTicket, {}, {});
    }
    sendPresence();
    refreshPresence();
}

void SyncEngine::setAway(bool away)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, [this, away] { setAway(away); });
        return;
    }
    if (away == m_away)
        return;
    m_away = away;
    sendPresence();
}

qint64 SyncEngine::serverTicketOf(qint64 localTicketId)
{
    if (localTicketId <= 0 || !m_store)
        return 0;
    QSqlQuery map(m_store->database());
    map.prepare(u"SELECT server_id FROM tickets WHERE id = ?"_s);
    map.addBindValue(localTicketId);
    return map.exec() && map.next() ? map.value(0).toLongLong() : 0;
}

void SyncEngine::sendPresence()
{
    if (!m_connected)
        return;
    QSqlQuery call(QSqlDatabase::database(workName(), false));
    call.prepare(u"SELECT deskline.set_presence(?, ?, ?)"_s);
    const qint64 serverTicket = serverTicketOf(m_focusTicket);
    call.addBindValue(serverTicket > 0 ? QVariant(serverTicket) : QVariant(QMetaType::fromType<qint64>()));
    call.addBindValue(m_typing);
    call.addBindValue(m_away);
    if (!call.exec())
        qCWarning(lcSync) << "presence not sent:" << sqlErrorText(call.lastError());
}

void SyncEngine::refreshPresence()
{
    if (!m_connected || m_focusTicket <= 0)
        return;
    const qint64 serverTicket = serverTicketOf(m_focusTicket);
    if (serverTicket <= 0)
        return;
    QSqlQuery query(QSqlDatabase::database(workName(), false));
    query.prepare(u"SELECT name, typing FROM deskline.v_presence WHERE ticket_id = ?"
                  " AND agent_id <> (SELECT agent_id FROM deskline.whoami()) ORDER BY name"_s);
    query.addBindValue(serverTicket);
    if (!query.exec())
        return;
    QStringList viewing, typing;
    while (query.next())
        (query.value(1).toBool() ? typing : viewing) << query.value(0).toString();
    if (viewing == m_lastViewing && typing == m_lastTyping)
        return;
    m_lastViewing = viewing;
    m_lastTyping = typing;
    Q_EMIT presenceChanged(m_focusTicket, viewing, typing);
}

void SyncEngine::refreshAgentsOnline()
{
    if (!m_connected)
        return;
    QSqlQuery query(QSqlDatabase::database(workName(), false));
    if (!query.exec(u"SELECT agent_id, away FROM deskline.v_presence ORDER BY agent_id"_s))
        return;
    QList<qint64> online, away;
    while (query.next()) {
        online << query.value(0).toLongLong();
        if (query.value(1).toBool())
            away << query.value(0).toLongLong();
    }
    if (online != m_lastOnline) {
        m_lastOnline = online;
        Q_EMIT agentsOnlineChanged(online);
    }
    if (away != m_lastAway) {
        m_lastAway = away;
        Q_EMIT agentsAwayChanged(away);
    }
}

void SyncEngine::fetchConversation(qint64 localTicketId)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, [this, localTicketId] { fetchConversation(localTicketId); });
        return;
    }
    if (!m_connected) {
        m_wantedConversation = localTicketId;
        return;
    }
    // The thread includes the duplicates merged into the ticket.
    QStringList serverTickets;
    for (qint64 local : MergeStore(*m_store).thread(localTicketId)) {
        if (const qint64 server = serverTicketOf(local); server > 0)
            serverTickets << QString::number(server);
    }
    if (serverTickets.isEmpty())
        return;
    // The ticket's history comes with its conversation, and the list of its files and mail.
    ServerRowApplier::Changes changes;
    QSqlQuery ids(QSqlDatabase::database(workName(), false));
    ids.prepare(u"SELECT 'message', id FROM %1 WHERE ticket_id = ANY(?::bigint[]) UNION ALL"
                " SELECT 'event', id FROM %2 WHERE ticket_id = ANY(?::bigint[]) UNION ALL"
                " SELECT 'attachment', id FROM %3 WHERE ticket_id = ANY(?::bigint[]) UNION ALL"
                " SELECT 'mail_message', message_id FROM %4 WHERE ticket_id = ANY(?::bigint[])"_s.arg(
                    SyncedEntities::get(u"message"_s).serverView(), SyncedEntities::get(u"event"_s).serverView(),
                    SyncedEntities::get(u"attachment"_s).serverView(),
                    SyncedEntities::get(u"mail_message"_s).serverView()));
    const QString wanted = u"{"_s + serverTickets.join(u',') + u"}"_s;
    for (int i = 0; i < 4; ++i)
        ids.addBindValue(wanted);
    if (!ids.exec())
        return;
    while (ids.next())
        changes[ids.value(0).toString()].insert(ids.value(1).toLongLong());
    if (!changes.isEmpty() && !m_store->transaction([&] { return m_applier->apply(changes); })) {
        qCWarning(lcSync) << "conversation not fetched:" << m_applier->errorString();
        return;
    }
    announce();
    Q_EMIT conversationFetched(localTicketId);
}
