// deskline-bench sync --server URL: team mode on a real PostgreSQL, one JSON object.
// Targets on loopback: propagation p50 < 3 ms and p99 < 20 ms (commit on one desk to the
// row in another desk's store, 4 writing desks), claim p99 < 20 ms, initial sync of 100,000
// tickets < 5 s, a backlog of 5,000 offline changes drained < 30 s, > 1,000 mutations/s.

#include "benchscratchdatabase.h"
#include "benchstats.h"
#include "clock.h"
#include "demoseeder.h"
#include "localstore.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "serverschema.h"
#include "serverseeder.h"
#include "syncengine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace BenchStats;

namespace {

const QString password = u"bench-password"_s;

int fail(const QString &message)
{
    std::fprintf(stderr, "deskline-bench sync: %s\n", qUtf8Printable(message));
    return 1;
}

void note(const QString &message)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(message));
}

struct Desk {
    Desk(const QString &folder, const ServerAddress &address, const Clock &clock, bool wakeUps)
        : path(folder + u"/"_s + address.login + u".sqlite"_s)
        , engine(std::make_unique<SyncEngine>(path, address, clock))
    {
        engine->setWakeUps(wakeUps);
        engine->setHistoryDays(3650);
        engine->start();
    }
    QString path;
    std::unique_ptr<SyncEngine> engine;
};

qint64 localTicket(LocalStore &store, qint64 serverId)
{
    QSqlQuery query(store.database());
    query.prepare(u"SELECT id FROM tickets WHERE server_id = ?"_s);
    query.addBindValue(serverId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

} // namespace

int runSyncDesksBenchmark(QCoreApplication &app); // syncdesksbench.cpp

int runSyncBenchmark(QCoreApplication &app)
{
    // Many desks at once is a benchmark of its own, with options of its own.
    const QStringList arguments = app.arguments();
    if (std::any_of(arguments.begin(), arguments.end(),
                    [](const QString &a) { return a == u"--desks" || a.startsWith(u"--desks="); }))
        return runSyncDesksBenchmark(app);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure team-mode sync against a PostgreSQL server."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"sync"_s, u"The sync benchmark."_s);
    const QCommandLineOption serverOption(u"server"_s, u"An administrator URL (creates a scratch database)."_s,
                                          u"URL"_s);
    const QCommandLineOption ticketsOption(u"tickets"_s, u"Tickets on the server (default 100000)."_s, u"N"_s,
                                           u"100000"_s);
    const QCommandLineOption changesOption(u"changes"_s, u"Offline changes to drain (default 5000)."_s, u"N"_s,
                                           u"5000"_s);
    const QCommandLineOption roundsOption(u"rounds"_s, u"Propagation rounds per writer (default 100)."_s, u"N"_s,
                                          u"100"_s);
    parser.addOptions({serverOption, ticketsOption, changesOption, roundsOption});
    parser.process(app);
    QString error;
    auto admin = ServerAddress::fromUrl(parser.value(serverOption), &error);
    if (!admin)
        return fail(error.isEmpty() ? u"--server URL is required."_s : error);
    const int tickets = parser.value(ticketsOption).toInt();
    const int changes = parser.value(changesOption).toInt();
    const int rounds = parser.value(roundsOption).toInt();

    // A scratch database with the schema, writers, claimers and a supervisor who sees all,
    // dropped with their logins when the benchmark ends, however it ends.
    BenchScratchDatabase scratch;
    if (!scratch.create(*admin))
        return fail(scratch.errorString());
    const QString database = scratch.database();
    const QStringList logins{u"boss"_s, u"w1"_s, u"w2"_s, u"w3"_s, u"w4"_s, u"c1"_s, u"c2"_s, u"c3"_s, u"c4"_s};
    for (const QString &who : logins)
        scratch.login(who);
    *admin = scratch.admin();
    ServerConnection adminConnection;
    if (!adminConnection.open(*admin, u"bench-admin"_s))
        return fail(adminConnection.errorString());
    QSqlDatabase adminDb = QSqlDatabase::database(u"bench-admin"_s, false);
    ServerAdmin people(adminDb);
    auto address = [&](const QString &who) {
        ServerAddress a = *admin;
        a.login = database + u'_' + who;
        a.password = password;
        return a;
    };
    for (const QString &who : logins) {
        ServerAdmin::NewAgent agent;
        agent.login = database + u'_' + who;
        agent.name = who;
        agent.team = u"L1"_s;
        agent.role = who == u"boss" ? AgentRole::Supervisor : AgentRole::Agent;
        agent.password = password;
        if (!people.addAgent(agent))
            return fail(people.errorString());
    }

    note(u"Seeding %1 tickets on the server…"_s.arg(tickets));
    {
        QTemporaryDir scratch;
        SystemClock clock;
        LocalStore seedStore(clock);
        if (!seedStore.open(scratch.filePath(u"seed.sqlite"_s)))
            return fail(seedStore.errorString());
        DemoSeeder seeder(seedStore);
        DemoSeedOptions options;
        options.tickets = tickets;
        options.messagesPerTicket = 2;
        if (!seeder.run(options))
            return fail(seeder.errorString());
        ServerSeeder copy(seedStore, adminDb);
        if (!copy.run())
            return fail(copy.errorString());
    }
    QSqlQuery(adminDb).exec(u"VACUUM ANALYZE"_s);
    // The seed's writes are flushed now, not by a checkpoint in the middle of a measurement
    // (needs a superuser or pg_checkpoint; where refused, the numbers are just noisier).
    QSqlQuery(adminDb).exec(u"CHECKPOINT"_s);

    QTemporaryDir folder;
    SystemClock clock;

    // Initial sync: a new supervisor desk copies every ticket.
    note(u"Initial sync…"_s);
    Desk observer(folder.path(), address(u"boss"_s), clock, true);
    QElapsedTimer timer;
    std::atomic<qint64> usableAfterMs{-1}, indexedAfterMs{-1};
    QObject::connect(
        observer.engine.get(), &SyncEngine::initialSyncProgress, observer.engine.get(),
        [&](qint64 done, qint64 total) {
            if (done == total && usableAfterMs < 0)
                usableAfterMs = timer.elapsed();
        },
        Qt::DirectConnection);
    std::promise<void> indexed;
    QObject::connect(
        observer.engine.get(), &SyncEngine::searchIndexReady, observer.engine.get(),
        [&] {
            if (indexedAfterMs < 0) {
                indexedAfterMs = timer.elapsed();
                indexed.set_value();
            }
        },
        Qt::DirectConnection);
    timer.start();
    if (!observer.engine->syncAndWait())
        return fail(u"The initial sync did not finish online."_s);
    const double completeS = double(timer.elapsed()) / 1000.0;
    const double initialSyncS = double(usableAfterMs.load()) / 1000.0;
    indexed.get_future().wait();
    const double searchIndexS = double(indexedAfterMs.load()) / 1000.0;
    LocalStore view(clock);
    if (!view.open(observer.path))
        return fail(view.errorString());
    const qint64 copied = view.stats().tickets;

    // Propagation: 4 writers change their own ticket; the observer's engine reports the row.
    note(u"Propagation…"_s);
    QList<qint64> serverTickets;
    {
        QSqlQuery ids(adminDb);
        ids.exec(u"SELECT id FROM deskline.tickets WHERE status <> 5 ORDER BY id DESC LIMIT 4"_s);
        while (ids.next())
            serverTickets << ids.value(0).toLongLong();
    }
    std::mutex lock;
    std::condition_variable arrived;
    // Arrival times per ticket (the observer's engine thread), commit times per write (the
    // writer): both on the steady clock, compared once the arrival is there.
    using Clock = std::chrono::steady_clock;
    QHash<qint64, QList<Clock::time_point>> arrivals;
    QList<double> propagation;
    QHash<qint64, qint64> localOf;
    for (qint64 id : std::as_const(serverTickets))
        localOf.insert(id, localTicket(view, id));
    QObject::connect(
        observer.engine.get(), &SyncEngine::changesApplied, observer.engine.get(),
        [&](const QList<qint64> &changed, const QList<qint64> &) {
            const Clock::time_point now = Clock::now();
            std::lock_guard guard(lock);
            for (qint64 ticket : changed)
                arrivals[ticket].append(now);
            arrived.notify_all();
        },
        Qt::DirectConnection);
    std::vector<std::thread> writers;
    std::atomic<int> writerFailures{0};
    for (int w = 0; w < 4 && w < serverTickets.size(); ++w) {
        writers.emplace_back([&, w] {
            const QString name = u"bench-writer-%1"_s.arg(w);
            {
                ServerConnection connection;
                if (!connection.openAsDesk(address(u"w%1"_s.arg(w + 1)), name)) {
                    ++writerFailures;
                    return;
                }
                QSqlQuery call(QSqlDatabase::database(name, false));
                call.prepare(u"SELECT deskline.apply_mutation(?::uuid, 'ticket.add_tag', ?::jsonb)"_s);
                const qint64 local = localOf.value(serverTickets[w]);
                for (int round = 0; round < rounds; ++round) {
                    call.bindValue(0, QUuid::createUuid().toString(QUuid::WithoutBraces));
                    call.bindValue(
                        1, u"{\"ticket_id\": %1, \"tag\": \"r%2w%3\"}"_s.arg(serverTickets[w]).arg(round).arg(w));
                    const qsizetype before = [&] {
                        std::lock_guard guard(lock);
                        return arrivals.value(local).size();
                    }();
                    if (!call.exec()) {
                        ++writerFailures;
                        break;
                    }
                    const Clock::time_point committed = Clock::now();
                    std::unique_lock guard(lock);
                    if (!arrived.wait_for(guard, std::chrono::seconds(5),
                                          [&] { return arrivals.value(local).size() > before; })) {
                        ++writerFailures;
                        continue;
                    }
                    const auto latency = arrivals.value(local).at(before) - committed;
                    propagation << std::max(0.0, std::chrono::duration<double, std::milli>(latency).count());
                }
                call.finish();
                call.clear();
                QSqlDatabase::database(name, false).close();
            }
            QSqlDatabase::removeDatabase(name);
        });
    }
    for (std::thread &writer : writers)
        writer.join();

    // Claims: 4 agents claim distinct tickets at once, each call timed.
    note(u"Claims…"_s);
    QList<qint64> unassigned;
    {
        QSqlQuery ids(adminDb);
        ids.exec(u"SELECT id FROM deskline.tickets WHERE assignee_id IS NULL AND status <> 5 ORDER BY id LIMIT 800"_s);
        while (ids.next())
            unassigned << ids.value(0).toLongLong();
    }
    QList<double> claims;
    std::vector<std::thread> claimers;
    for (int c = 0; c < 4; ++c) {
        claimers.emplace_back([&, c] {
            const QString name = u"bench-claimer-%1"_s.arg(c);
            QList<double> mine;
            {
                ServerConnection connection;
                if (!connection.openAsDesk(address(u"c%1"_s.arg(c + 1)), name))
                    return;
                QSqlQuery call(QSqlDatabase::database(name, false));
                call.prepare(u"SELECT deskline.apply_mutation(?::uuid, 'ticket.claim', ?::jsonb)"_s);
                for (qsizetype i = c; i < unassigned.size(); i += 4) {
                    call.bindValue(0, QUuid::createUuid().toString(QUuid::WithoutBraces));
                    call.bindValue(1, u"{\"ticket_id\": %1}"_s.arg(unassigned[i]));
                    mine << elapsedMs([&] { call.exec(); });
                }
                call.clear();
                QSqlDatabase::database(name, false).close();
            }
            QSqlDatabase::removeDatabase(name);
            std::lock_guard guard(lock);
            claims << mine;
        });
    }
    for (std::thread &claimer : claimers)
        claimer.join();

    // Offline backlog: a desk makes its changes without a server, then drains them at once.
    note(u"Offline backlog…"_s);
    Desk offline(folder.path(), address(u"w1"_s), clock, false);
    if (!offline.engine->syncAndWait())
        return fail(u"The backlog desk could not sync."_s);
    LocalStore desk(clock);
    desk.setTeamMode(true);
    if (!desk.open(offline.path) || !desk.setCurrentAgent(address(u"w1"_s).login))
        return fail(desk.errorString());
    QList<qint64> targets;
    {
        QSqlQuery ids(desk.database());
        ids.exec(u"SELECT id FROM tickets WHERE status IN (1, 2) ORDER BY id DESC LIMIT 500"_s);
        while (ids.next())
            targets << ids.value(0).toLongLong();
    }
    if (targets.isEmpty())
        return fail(u"No open tickets to change."_s);
    for (int i = 0; i < changes; ++i) {
        const qint64 ticket = targets[i % targets.size()];
        const bool ok = i % 3 == 0 ? desk.addTag(ticket, u"offline%1"_s.arg(i))
                        : i % 3 == 1
                            ? desk.setPriority(ticket, Priority(i % 4))
                            : desk.addMessage(ticket, MessageKind::Note, u"offline note %1"_s.arg(i)).has_value();
        if (!ok)
            return fail(desk.errorString());
    }
    const int queued = desk.pendingChanges();
    timer.restart();
    if (!offline.engine->syncAndWait())
        return fail(u"The backlog did not drain online."_s);
    const double backlogS = double(timer.elapsed()) / 1000.0;

    const QJsonObject result{
        {u"server_tickets"_s, tickets},
        {u"initial_sync_tickets"_s, copied},
        {u"initial_sync_100k_s"_s, round2(initialSyncS * 100000.0 / std::max<qint64>(1, copied))},
        {u"initial_sync_s"_s, round2(initialSyncS)},
        {u"initial_sync_with_orders_devices_s"_s, round2(completeS)},
        {u"search_index_ready_s"_s, round2(searchIndexS)},
        {u"propagation_samples"_s, int(propagation.size())},
        {u"propagation_p50_ms"_s, round2(median(propagation))},
        {u"propagation_p99_ms"_s, round2(percentile(propagation, 0.99))},
        {u"propagation_failures"_s, writerFailures.load()},
        {u"claim_samples"_s, int(claims.size())},
        {u"claim_p99_ms"_s, round2(percentile(claims, 0.99))},
        {u"offline_backlog_changes"_s, queued},
        {u"offline_backlog_5000_s"_s, round2(backlogS * 5000.0 / std::max(1, queued))},
        {u"mutations_per_s"_s, round2(double(queued) / std::max(0.001, backlogS))},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    observer.engine->stop();
    offline.engine->stop();
    adminDb.close();
    return writerFailures.load() == 0 ? 0 : 1;
}
