#include "syncengine.h"

#include "clock.h"
#include "localstore.h"
#include "serverrowapplier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr auto changesChannel = "deskline_changes";
constexpr int pullPageSize = 1000;
constexpr int initialPageSize = 2000;
constexpr qint64 recentHistoryMs = 90LL * 24 * 3600 * 1000;

QString errorText(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText().trimmed();
}

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

void SyncEngine::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(u"deskline-sync"_s);
    moveToThread(m_thread);
    connect(m_thread, &QThread::started, this, &SyncEngine::begin);
    m_thread->start();
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
            m_watchdog = m_poll = m_retry = nullptr;
            dropConnections({});
            m_applier.reset();
            m_store.reset();
            moveToThread(caller);
        },
        Qt::BlockingQueuedConnection);
    thread->quit();
    thread->wait();
    delete thread;
    m_thread = nullptr;
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
    m_watchdog = new QTimer(this);
    m_watchdog->setInterval(watchdogIntervalMs);
    connect(m_watchdog, &QTimer::timeout, this, &SyncEngine::checkListener);
    m_watchdog->start();
    m_poll = new QTimer(this);
    m_poll->setInterval(safetyPollMs);
    connect(m_poll, &QTimer::timeout, this, &SyncEngine::syncSoon);
    m_poll->start();
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &SyncEngine::syncSoon);
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
    Q_EMIT cycleFinished();
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
    if (!listenDb.driver()->subscribeToNotification(QString::fromLatin1(changesChannel))) {
        m_status.problem = errorText(listenDb.driver()->lastError());
        dropConnections(m_status.problem);
        return false;
    }
    connect(listenDb.driver(), &QSqlDriver::notification, this, &SyncEngine::syncSoon);

    QSqlDatabase db = QSqlDatabase::database(workName(), false);
    m_applier = std::make_unique<ServerRowApplier>(db, *m_store);
    // The agent at this desk is whoever the server says this login is.
    QSqlQuery who(db);
    if (!who.exec(u"SELECT agent_id, login FROM deskline.whoami()"_s) || !who.next()) {
        m_status.problem = errorText(who.lastError());
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
    if (!known || !m_store->setCurrentAgent(login)) {
        m_status.problem = m_applier->errorString();
        dropConnections(m_status.problem);
        return false;
    }
    m_connected = true;
    return true;
}

void SyncEngine::dropConnections(const QString &problem)
{
    m_connected = false;
    m_applier.reset();
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
    QSqlDatabase db = QSqlDatabase::database(workName(), false);
    // One snapshot for the whole copy; afterwards the cursor starts at its xmin, so every
    // change that was not yet visible to it comes down by pull (a repeat is harmless).
    if (!db.transaction()) {
        m_status.problem = errorText(db.lastError());
        return false;
    }
    auto failed = [&](const QString &problem) {
        m_status.problem = problem;
        db.rollback();
        return false;
    };
    QSqlQuery query(db);
    if (!query.exec(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s))
        return failed(errorText(query.lastError()));
    if (!query.exec(u"SELECT pg_snapshot_xmin(pg_current_snapshot())::text"_s) || !query.next())
        return failed(errorText(query.lastError()));
    const QString xmin = query.value(0).toString();
    const qint64 since = m_clock.now().toMSecsSinceEpoch() - recentHistoryMs;
    // The agent's queues and recent history: everything not closed, and what changed lately.
    const QString scope = u"(status <> 5 OR updated_at > %1)"_s.arg(since);
    if (!query.exec(u"SELECT count(*) FROM deskline.v_tickets WHERE "_s + scope) || !query.next())
        return failed(errorText(query.lastError()));
    const qint64 total = query.value(0).toLongLong();
    qint64 done = 0;
    Q_EMIT initialSyncProgress(0, total);

    ServerRowApplier::Changes everyone{{u"team"_s, {}}, {u"agent"_s, {}}};
    if (!query.exec(u"SELECT id FROM deskline.v_teams"_s))
        return failed(errorText(query.lastError()));
    while (query.next())
        everyone[u"team"_s].insert(query.value(0).toLongLong());
    if (!query.exec(u"SELECT id FROM deskline.v_agents"_s))
        return failed(errorText(query.lastError()));
    while (query.next())
        everyone[u"agent"_s].insert(query.value(0).toLongLong());
    if (!m_store->transaction([&] { return m_applier->apply(everyone); }))
        return failed(m_applier->errorString());

    // Newest first, so the first page is the work of today and usable at once.
    qint64 before = std::numeric_limits<qint64>::max();
    for (;;) {
        QSqlQuery page(db);
        page.prepare(u"SELECT id FROM deskline.v_tickets WHERE "_s + scope + u" AND id < ? ORDER BY id DESC LIMIT ?"_s);
        page.addBindValue(before);
        page.addBindValue(initialPageSize);
        if (!page.exec())
            return failed(errorText(page.lastError()));
        ServerRowApplier::Changes changes;
        while (page.next())
            changes[u"ticket"_s].insert(before = page.value(0).toLongLong());
        if (changes.isEmpty())
            break;
        const QList<qint64> ids(changes[u"ticket"_s].begin(), changes[u"ticket"_s].end());
        QStringList parts;
        for (qint64 id : ids)
            parts << QString::number(id);
        // With the tickets: their messages, and their customers' orders and devices.
        const QString idList = u"{"_s + parts.join(u',') + u"}"_s;
        const std::pair<QString, QString> related[] = {
            {u"message"_s, u"SELECT id FROM deskline.v_messages WHERE ticket_id = ANY(?::bigint[])"_s},
            {u"order"_s, u"SELECT o.id FROM deskline.v_orders o WHERE o.customer_id IN"
                         " (SELECT customer_id FROM deskline.v_tickets WHERE id = ANY(?::bigint[]))"_s},
            {u"device"_s, u"SELECT d.id FROM deskline.v_devices d WHERE d.customer_id IN"
                          " (SELECT customer_id FROM deskline.v_tickets WHERE id = ANY(?::bigint[]))"_s}};
        for (const auto &[entity, sql] : related) {
            QSqlQuery rows(db);
            rows.prepare(sql);
            rows.addBindValue(idList);
            if (!rows.exec())
                return failed(errorText(rows.lastError()));
            while (rows.next())
                changes[entity].insert(rows.value(0).toLongLong());
        }
        if (!m_store->transaction([&] { return m_applier->apply(changes); }))
            return failed(m_applier->errorString());
        done += ids.size();
        announce();
        Q_EMIT initialSyncProgress(done, total);
    }
    db.commit();
    const bool saved = m_store->transaction(
        [&] { return m_store->setMetaValue(u"sync_xid"_s, xmin) && m_store->setMetaValue(u"sync_seq"_s, u"0"_s); });
    if (!saved) {
        m_status.problem = m_store->errorString();
        return false;
    }
    return true;
}

bool SyncEngine::push()
{
    for (;;) {
        QSqlQuery rows(m_store->database());
        if (!rows.exec(u"SELECT id, mutation_id, name, args, ticket_id FROM outbox ORDER BY id LIMIT 200"_s)) {
            m_status.problem = errorText(rows.lastError());
            return false;
        }
        struct Pending {
            qint64 rowId;
            QString mutationId, name, args;
            qint64 ticketId;
        };
        QList<Pending> batch;
        while (rows.next())
            batch.append({rows.value(0).toLongLong(), rows.value(1).toString(), rows.value(2).toString(),
                          rows.value(3).toString(), rows.value(4).toLongLong()});
        rows.finish();
        if (batch.isEmpty())
            break;
        for (const Pending &p : std::as_const(batch)) {
            if (!pushOne(p.rowId, p.mutationId, p.name, p.args, p.ticketId))
                return false;
        }
    }
    if (!m_refreshTickets.isEmpty()) {
        const ServerRowApplier::Changes refresh{{u"ticket"_s, m_refreshTickets}};
        if (!m_store->transaction([&] { return m_applier->apply(refresh); })) {
            m_status.problem = m_applier->errorString();
            return false;
        }
        m_refreshTickets.clear();
        announce();
    }
    return true;
}

bool SyncEngine::pushOne(qint64 rowId, const QString &mutationId, const QString &name, const QString &argsJson,
                         qint64 ticketId)
{
    QJsonObject args = QJsonDocument::fromJson(argsJson.toUtf8()).object();
    // Mutations name tickets by the desk's ids; the server knows its own.
    qint64 serverTicketId = 0;
    if (ticketId != 0) {
        QSqlQuery map(m_store->database());
        map.prepare(u"SELECT server_id FROM tickets WHERE id = ?"_s);
        map.addBindValue(ticketId);
        if (map.exec() && map.next() && !map.value(0).isNull())
            serverTicketId = map.value(0).toLongLong();
    }
    if (args.contains(u"ticket_id"_s))
        args.insert(u"ticket_id"_s, serverTicketId);

    QString status, reason, detail;
    QJsonObject result;
    if (name != u"ticket.create" && serverTicketId == 0) {
        // Its ticket never reached the server (its creation was refused).
        status = u"rejected"_s;
        reason = u"not_on_server"_s;
        detail = tr("The ticket was never saved on the server.");
    } else {
        QSqlQuery call(QSqlDatabase::database(workName(), false));
        call.prepare(u"SELECT deskline.apply_mutation(?::uuid, ?, ?::jsonb)::text"_s);
        call.addBindValue(mutationId);
        call.addBindValue(name);
        call.addBindValue(QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact)));
        if (!call.exec() || !call.next()) {
            m_status.problem = errorText(call.lastError());
            if (!connectionAlive(workName()))
                return false; // try again once connected; the server may have it already, which is harmless
            status = u"rejected"_s;
            reason = u"server_error"_s;
            detail = m_status.problem;
        } else {
            const QJsonObject outcome = QJsonDocument::fromJson(call.value(0).toString().toUtf8()).object();
            status = outcome.value(u"status"_s).toString();
            reason = outcome.value(u"reason"_s).toString();
            detail = outcome.value(u"detail"_s).toString();
            result = outcome.value(u"result"_s).toObject();
        }
    }

    const bool saved = m_store->transaction([&] {
        QSqlQuery query(m_store->database());
        if (status == u"applied") {
            if (name == u"ticket.create") {
                query.prepare(u"UPDATE tickets SET server_id = ? WHERE id = ? AND server_id IS NULL"_s);
                query.addBindValue(qint64(result.value(u"ticket_id"_s).toInteger()));
                query.addBindValue(ticketId);
                if (!query.exec())
                    return false;
                query.prepare(u"UPDATE customers SET server_id = ? WHERE server_id IS NULL"
                              " AND id = (SELECT customer_id FROM tickets WHERE id = ?)"_s);
                query.addBindValue(qint64(result.value(u"customer_id"_s).toInteger()));
                query.addBindValue(ticketId);
                if (!query.exec())
                    return false;
            } else if (name == u"message.add" && result.contains(u"message_id"_s)) {
                query.prepare(u"UPDATE messages SET server_id = ? WHERE client_id = ?"_s);
                query.addBindValue(qint64(result.value(u"message_id"_s).toInteger()));
                query.addBindValue(args.value(u"client_id"_s).toString());
                if (!query.exec())
                    return false;
            }
        } else {
            query.prepare(u"INSERT INTO sync_issues(mutation_id, name, args, ticket_id, reason, detail, at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
            query.addBindValue(mutationId);
            query.addBindValue(name);
            query.addBindValue(argsJson);
            query.addBindValue(ticketId);
            query.addBindValue(reason.isEmpty() ? u"rejected"_s : reason);
            query.addBindValue(detail.isNull() ? u""_s : detail);
            query.addBindValue(m_clock.now().toMSecsSinceEpoch());
            if (!query.exec())
                return false;
        }
        query.prepare(u"DELETE FROM outbox WHERE id = ?"_s);
        query.addBindValue(rowId);
        return query.exec();
    });
    if (!saved) {
        m_status.problem = m_store->errorString();
        return false;
    }
    if (status != u"applied") {
        if (serverTicketId > 0)
            m_refreshTickets.insert(serverTicketId);
        Q_EMIT mutationRejected(ticketId, name, reason, detail);
    }
    return true;
}

bool SyncEngine::pull()
{
    QString xid = m_store->metaValue(u"sync_xid"_s);
    qint64 seq = m_store->metaValue(u"sync_seq"_s).toLongLong();
    for (;;) {
        QSqlQuery changes(QSqlDatabase::database(workName(), false));
        changes.prepare(u"SELECT xid::text, seq, entity, entity_id FROM deskline.pull_changes(?::xid8, ?, ?)"_s);
        changes.addBindValue(xid);
        changes.addBindValue(seq);
        changes.addBindValue(pullPageSize);
        if (!changes.exec()) {
            m_status.problem = errorText(changes.lastError());
            return false;
        }
        ServerRowApplier::Changes batch;
        int rows = 0;
        while (changes.next()) {
            ++rows;
            xid = changes.value(0).toString();
            seq = changes.value(1).toLongLong();
            batch[changes.value(2).toString()].insert(changes.value(3).toLongLong());
        }
        if (rows == 0)
            return true;
        const bool applied = m_store->transaction([&] {
            return m_applier->apply(batch) && m_store->setMetaValue(u"sync_xid"_s, xid) &&
                   m_store->setMetaValue(u"sync_seq"_s, QString::number(seq));
        });
        if (!applied) {
            m_status.problem = m_applier->errorString().isEmpty() ? m_store->errorString() : m_applier->errorString();
            return false;
        }
        announce();
        if (rows < pullPageSize)
            return true;
    }
}

void SyncEngine::announce()
{
    if (!m_applier)
        return;
    const QList<qint64> tickets = m_applier->takeChangedTickets();
    const QList<qint64> withMessages = m_applier->takeTicketsWithNewMessages();
    if (!tickets.isEmpty() || !withMessages.isEmpty())
        Q_EMIT changesApplied(tickets, withMessages);
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
