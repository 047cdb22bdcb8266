// deskline-bench sync --desks N: many headless desks against one PostgreSQL (issue 20, point 5).
// N sync engines, a few host threads each running many of them (each engine with its own
// connections, SQLite file and agent login), under an open-loop load of --rate changes per
// second with bursts of --burst changes every --burst-every seconds, written by a few writer
// connections straight through deskline.apply_mutation. One JSON object: propagation from the
// writer's commit to the row applied in each desk's store (p50, p99, max), pulls per second and
// the share that brought nothing, the server's backends, and the backends seen waiting on the
// notification queue's locks. Goal: p99 under 100 ms at 20 changes/s with 500 desks.
//
// Without --server the benchmark starts a throwaway server of its own on --port, with
// max_connections raised for the desks.

#include "benchscratchdatabase.h"
#include "benchstats.h"
#include "clock.h"
#include "demoseeder.h"
#include "localpostgres.h"
#include "localstore.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "serverschema.h"
#include "serverseeder.h"
#include "syncengine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;
using namespace BenchStats;

namespace {

using SteadyClock = std::chrono::steady_clock;

const QString password = u"bench-password"_s;

int fail(const QString &message)
{
    std::fprintf(stderr, "deskline-bench sync --desks: %s\n", qUtf8Printable(message));
    return 1;
}

void note(const QString &message)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(message));
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of every running postgres process on this machine (the server's own share of
// the load; the bench's desks would each run on a machine of their own).
double postgresCpuSeconds()
{
    const double tick = double(sysconf(_SC_CLK_TCK));
    double total = 0;
    for (const QString &pid : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        QFile stat(u"/proc/"_s + pid + u"/stat"_s);
        if (!pid.front().isDigit() || !stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')');
        if (close < 0 || !line.left(close).contains("(postgres"))
            continue;
        // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15.
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() > 12)
            total += (fields[11].toDouble() + fields[12].toDouble()) / tick;
    }
    return total;
}

// One desk: its engine and when each of its tickets (server ids) arrived, written on the
// engine's host thread and read once the run is over.
struct Desk {
    std::unique_ptr<SyncEngine> engine;
    const QHash<qint64, qint64> *serverOf = nullptr; // local id -> server id, the team's copy
    std::mutex lock;
    QHash<qint64, QList<SteadyClock::time_point>> arrivals;
    bool online = false;
};

struct Change {
    double dueS = 0;
    qint64 ticket = 0;
    SteadyClock::time_point sent, committed; // before the call, and when its commit came back
    bool done = false;
    double lateMs = 0;
};

// Local ids of a store's tickets by server id, and the other way round.
QHash<qint64, qint64> serverIds(const QString &path)
{
    QHash<qint64, qint64> map;
    const QString name = u"bench-map-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(u"SELECT id, server_id FROM tickets WHERE server_id IS NOT NULL"_s);
            while (query.next())
                map.insert(query.value(0).toLongLong(), query.value(1).toLongLong());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return map;
}

} // namespace

int runSyncDesksBenchmark(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure many team-mode desks against one PostgreSQL server."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"sync"_s, u"The sync benchmark."_s);
    const QCommandLineOption serverOption(u"server"_s, u"An administrator URL (creates a scratch database)."_s,
                                          u"URL"_s);
    const QCommandLineOption serverFileOption(u"server-file"_s, u"A file holding the administrator URL."_s, u"FILE"_s);
    const QCommandLineOption portOption(u"port"_s, u"Without a server: start one on this loopback port."_s, u"P"_s);
    const QCommandLineOption desksOption(u"desks"_s, u"Desks, each an agent of its own (default 500)."_s, u"N"_s,
                                         u"500"_s);
    const QCommandLineOption threadsOption(u"threads"_s, u"Threads hosting the desks' engines (default 4)."_s, u"N"_s,
                                           u"4"_s);
    const QCommandLineOption teamsOption(u"teams"_s, u"Teams the desks are spread over (default 25)."_s, u"N"_s,
                                         u"25"_s);
    const QCommandLineOption ticketsOption(u"tickets"_s, u"Tickets on the server (default 2000)."_s, u"N"_s, u"2000"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Changes per second across the team (default 20)."_s, u"N"_s,
                                        u"20"_s);
    const QCommandLineOption burstOption(u"burst"_s, u"Changes in each burst (default 200)."_s, u"N"_s, u"200"_s);
    const QCommandLineOption burstEveryOption(u"burst-every"_s, u"Seconds between bursts (default 10)."_s, u"S"_s,
                                              u"10"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Length of the load (default 30)."_s, u"S"_s, u"30"_s);
    const QCommandLineOption writersOption(u"writers"_s, u"Writer connections (default 8)."_s, u"N"_s, u"8"_s);
    parser.addOptions({serverOption, serverFileOption, portOption, desksOption, threadsOption, teamsOption,
                       ticketsOption, rateOption, burstOption, burstEveryOption, secondsOption, writersOption});
    parser.process(app);
    const int deskCount = std::max(1, parser.value(desksOption).toInt());
    const int threadCount = std::clamp(parser.value(threadsOption).toInt(), 1, deskCount);
    const int teamCount = std::clamp(parser.value(teamsOption).toInt(), 1, deskCount);
    const int tickets = parser.value(ticketsOption).toInt();
    const double rate = parser.value(rateOption).toDouble();
    const int burst = parser.value(burstOption).toInt();
    const double burstEvery = parser.value(burstEveryOption).toDouble();
    const double seconds = parser.value(secondsOption).toDouble();
    const int writerCount = std::max(1, parser.value(writersOption).toInt());

    // The server: given, or a throwaway one of our own with room for two sessions per desk.
    QTemporaryDir serverFolder;
    std::unique_ptr<LocalPostgres> ownServer;
    QString problem;
    QString url = BenchScratchDatabase::urlFrom(parser.value(serverOption), parser.value(serverFileOption), &problem);
    if (!problem.isEmpty())
        return fail(problem);
    if (url.isEmpty()) {
        if (!parser.isSet(portOption))
            return fail(u"Give --server URL, --server-file FILE or --port P."_s);
        ownServer = std::make_unique<LocalPostgres>(serverFolder.filePath(u"postgres"_s));
        ownServer->setDurable(false);
        ownServer->setMaxConnections(2 * deskCount + writerCount + 100);
        note(u"Starting a server on port %1…"_s.arg(parser.value(portOption)));
        if (!ownServer->start(parser.value(portOption).toInt()))
            return fail(ownServer->errorString());
        url = ownServer->adminUrl();
    }
    const auto removeServer = qScopeGuard([&] {
        if (ownServer)
            ownServer->remove();
    });
    QString error;
    auto admin = ServerAddress::fromUrl(url, &error);
    if (!admin)
        return fail(error);

    // Dropped with the run's logins when the run ends, however it ends.
    BenchScratchDatabase scratch;
    if (!scratch.create(*admin))
        return fail(scratch.errorString());
    const QString database = scratch.database();
    QStringList logins;
    for (int w = 1; w <= writerCount; ++w)
        logins << u"w%1"_s.arg(w);
    for (int d = 0; d < deskCount; ++d)
        logins << u"d%1"_s.arg(d, 4, 10, QLatin1Char('0'));
    for (const QString &who : std::as_const(logins))
        scratch.login(who);
    *admin = scratch.admin();
    ServerConnection adminConnection;
    if (!adminConnection.open(*admin, u"bench-admin"_s))
        return fail(adminConnection.errorString());
    QSqlDatabase adminDb = QSqlDatabase::database(u"bench-admin"_s, false);
    auto address = [&](const QString &who) {
        ServerAddress a = *admin;
        a.login = database + u'_' + who;
        a.password = password;
        return a;
    };
    auto teamOf = [&](int desk) { return u"T%1"_s.arg(desk % teamCount, 2, 10, QLatin1Char('0')); };
    {
        note(u"Adding %1 agents…"_s.arg(logins.size()));
        QElapsedTimer timer;
        timer.start();
        QList<ServerAdmin::NewAgent> agents;
        for (const QString &who : std::as_const(logins)) {
            ServerAdmin::NewAgent agent;
            agent.login = database + u'_' + who;
            agent.name = who;
            agent.team = who.startsWith(u'w') ? teamOf(0) : teamOf(who.mid(1).toInt());
            agent.role = who.startsWith(u'w') ? AgentRole::Supervisor : AgentRole::Agent;
            agent.password = password;
            agents << agent;
        }
        ServerAdmin people(adminDb);
        if (!people.addAgents(agents))
            return fail(people.errorString());
        note(u"  in %1 s"_s.arg(double(timer.elapsed()) / 1000.0));
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
    QSqlQuery(adminDb).exec(u"CHECKPOINT"_s);

    // A first copy per team, made by that team's first desk, then copied to its other desks'
    // files: the same rows a first copy of each would bring (same team, same role), without
    // 500 copies on the bench's cores. Each desk then syncs from that copy's cursor on.
    QTemporaryDir folder;
    SystemClock clock;
    auto pathOf = [&](int desk) { return folder.filePath(u"d%1.sqlite"_s.arg(desk)); };
    std::vector<QHash<qint64, qint64>> teamMaps(static_cast<size_t>(teamCount));
    note(u"First copies for %1 teams…"_s.arg(teamCount));
    for (int team = 0; team < teamCount; ++team) {
        SyncEngine first(pathOf(team), address(u"d%1"_s.arg(team, 4, 10, QLatin1Char('0'))), clock);
        first.setHistoryDays(3650);
        first.setWakeUps(false);
        std::promise<void> indexed;
        QObject::connect(
            &first, &SyncEngine::searchIndexReady, &first, [&] { indexed.set_value(); }, Qt::DirectConnection);
        first.start();
        if (!first.syncAndWait())
            return fail(u"The first copy of team %1 did not finish online."_s.arg(team));
        indexed.get_future().wait();
        first.stop();
        teamMaps[size_t(team)] = serverIds(pathOf(team));
    }
    for (int desk = teamCount; desk < deskCount; ++desk) {
        const int team = desk % teamCount;
        for (const QString &suffix : {u""_s, u"-wal"_s}) {
            if (QFile::exists(pathOf(team) + suffix) && !QFile::copy(pathOf(team) + suffix, pathOf(desk) + suffix))
                return fail(u"Cannot copy %1."_s.arg(pathOf(team) + suffix));
        }
    }

    // The host threads and the desks on them.
    std::vector<std::unique_ptr<QThread>> hosts;
    for (int t = 0; t < threadCount; ++t) {
        hosts.push_back(std::make_unique<QThread>());
        hosts.back()->setObjectName(u"bench-host-%1"_s.arg(t));
        hosts.back()->start();
    }
    std::vector<std::unique_ptr<Desk>> desks;
    std::mutex onlineLock;
    std::condition_variable onlineChanged;
    int onlineCount = 0;
    note(u"Starting %1 desks on %2 threads…"_s.arg(deskCount).arg(threadCount));
    QElapsedTimer startTimer;
    startTimer.start();
    for (int d = 0; d < deskCount; ++d) {
        auto desk = std::make_unique<Desk>();
        desk->serverOf = &teamMaps[size_t(d % teamCount)];
        desk->engine =
            std::make_unique<SyncEngine>(pathOf(d), address(u"d%1"_s.arg(d, 4, 10, QLatin1Char('0'))), clock);
        desk->engine->setHistoryDays(3650);
        Desk *raw = desk.get();
        QObject::connect(
            raw->engine.get(), &SyncEngine::changesApplied, raw->engine.get(),
            [raw](const QList<qint64> &changed, const QList<qint64> &) {
                const SteadyClock::time_point now = SteadyClock::now();
                std::lock_guard guard(raw->lock);
                for (qint64 local : changed) {
                    if (const qint64 server = raw->serverOf->value(local); server > 0)
                        raw->arrivals[server].append(now);
                }
            },
            Qt::DirectConnection);
        QObject::connect(
            raw->engine.get(), &SyncEngine::cycleFinished, raw->engine.get(),
            [raw, &onlineLock, &onlineChanged, &onlineCount] {
                std::lock_guard guard(onlineLock);
                if (!std::exchange(raw->online, true)) {
                    ++onlineCount;
                    onlineChanged.notify_all();
                }
            },
            Qt::DirectConnection);
        desk->engine->startOn(hosts[size_t(d % threadCount)].get());
        desks.push_back(std::move(desk));
    }
    const auto stopDesks = qScopeGuard([&] {
        for (auto &desk : desks)
            desk->engine->stop();
        for (auto &host : hosts) {
            host->quit();
            host->wait();
        }
    });
    {
        std::unique_lock guard(onlineLock);
        if (!onlineChanged.wait_for(guard, std::chrono::seconds(300), [&] { return onlineCount == deskCount; }))
            return fail(u"Only %1 of %2 desks got online."_s.arg(onlineCount).arg(deskCount));
    }
    const double startS = double(startTimer.elapsed()) / 1000.0;
    note(u"  all online in %1 s"_s.arg(startS));
    // The desks' first presence heartbeats wake every desk; let that pass before measuring.
    std::this_thread::sleep_for(std::chrono::seconds(3));

    // What the writers change: unrestricted tickets, which every desk sees, each once while
    // there are enough of them.
    QList<qint64> targets;
    {
        QSqlQuery ids(adminDb);
        ids.exec(u"SELECT id FROM deskline.tickets WHERE NOT restricted AND status <> 5 ORDER BY id"_s);
        while (ids.next())
            targets << ids.value(0).toLongLong();
    }
    if (targets.isEmpty())
        return fail(u"No unrestricted tickets to change."_s);
    std::vector<Change> plan;
    for (double t = 0; t < seconds; t += 1.0 / std::max(0.001, rate))
        plan.push_back({t, 0, {}, {}, false, 0});
    for (double t = burstEvery; burst > 0 && burstEvery > 0 && t < seconds; t += burstEvery) {
        for (int i = 0; i < burst; ++i)
            plan.push_back({t, 0, {}, {}, false, 0});
    }
    std::stable_sort(plan.begin(), plan.end(), [](const Change &a, const Change &b) { return a.dueS < b.dueS; });
    for (size_t i = 0; i < plan.size(); ++i)
        plan[i].ticket = targets[qsizetype(i) % targets.size()];

    // Samples of the server's sessions while the load runs.
    std::atomic<bool> sampling{true};
    int maxBackends = 0, samples = 0, samplesWaiting = 0, waitingBackends = 0, maxWaiting = 0;
    std::thread sampler([&] {
        const QString name = u"bench-sampler"_s;
        {
            ServerConnection connection;
            if (!connection.open(*admin, name))
                return;
            QSqlQuery query(QSqlDatabase::database(name, false));
            // The heavyweight lock of NOTIFY's commit is the "object" lock on database 0 of
            // pg_database; the queue's own locks are LWLocks.
            query.prepare(u"SELECT count(*) FILTER (WHERE datname = current_database()),"
                          " count(*) FILTER (WHERE wait_event IN ('NotifyQueue', 'NotifySLRU', 'NotifyBuffer',"
                          " 'NotifyQueueTail') OR (wait_event_type = 'Lock' AND wait_event = 'object'))"
                          " FROM pg_stat_activity"_s);
            while (sampling) {
                if (query.exec() && query.next()) {
                    ++samples;
                    maxBackends = std::max(maxBackends, query.value(0).toInt());
                    const int waiting = query.value(1).toInt();
                    waitingBackends += waiting;
                    maxWaiting = std::max(maxWaiting, waiting);
                    samplesWaiting += waiting > 0 ? 1 : 0;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            query.finish();
            query.clear();
            QSqlDatabase::database(name, false).close();
        }
        QSqlDatabase::removeDatabase(name);
    });

    struct Totals {
        qint64 pulls = 0, empty = 0, skipped = 0;
    };
    auto totals = [&] {
        Totals sum;
        for (const auto &desk : desks) {
            sum.pulls += desk->engine->pulls();
            sum.empty += desk->engine->emptyPulls();
            sum.skipped += desk->engine->skippedWakeUps();
        }
        return sum;
    };
    note(u"Load: %1 changes/s for %2 s, bursts of %3 every %4 s (%5 changes)…"_s.arg(rate)
             .arg(seconds)
             .arg(burst)
             .arg(burstEvery)
             .arg(plan.size()));
    const auto pullsBefore = totals();
    const double cpuBefore = cpuSeconds();
    const double serverCpuBefore = postgresCpuSeconds();
    const SteadyClock::time_point began = SteadyClock::now();
    std::atomic<size_t> nextChange{0};
    std::atomic<int> writeFailures{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < writerCount; ++w) {
        writers.emplace_back([&, w] {
            const QString name = u"bench-writer-%1"_s.arg(w);
            {
                ServerConnection connection;
                if (!connection.openAsDesk(address(u"w%1"_s.arg(w + 1)), name)) {
                    ++writeFailures;
                    return;
                }
                QSqlQuery call(QSqlDatabase::database(name, false));
                call.prepare(u"SELECT deskline.apply_mutation(?::uuid, 'ticket.add_tag', ?::jsonb)"_s);
                for (size_t i = nextChange++; i < plan.size(); i = nextChange++) {
                    Change &change = plan[i];
                    const auto due = began + std::chrono::duration_cast<SteadyClock::duration>(
                                                 std::chrono::duration<double>(change.dueS));
                    std::this_thread::sleep_until(due);
                    change.lateMs = std::chrono::duration<double, std::milli>(SteadyClock::now() - due).count();
                    call.bindValue(0, QUuid::createUuid().toString(QUuid::WithoutBraces));
                    call.bindValue(1, u"{\"ticket_id\": %1, \"tag\": \"b%2\"}"_s.arg(change.ticket).arg(i));
                    change.sent = SteadyClock::now();
                    if (!call.exec() || !call.next()) {
                        ++writeFailures;
                        continue;
                    }
                    change.committed = SteadyClock::now();
                    change.done = true;
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
    const double loadS = std::chrono::duration<double>(SteadyClock::now() - began).count();

    // Until every desk has every change (or 60 s have passed).
    auto missing = [&] {
        qint64 count = 0;
        for (const auto &desk : desks) {
            std::lock_guard guard(desk->lock);
            for (const Change &change : plan) {
                if (!change.done)
                    continue;
                const QList<SteadyClock::time_point> times = desk->arrivals.value(change.ticket);
                if (std::none_of(times.begin(), times.end(), [&](auto t) { return t >= change.sent; }))
                    ++count;
            }
        }
        return count;
    };
    const SteadyClock::time_point drainUntil = SteadyClock::now() + std::chrono::seconds(60);
    qint64 lost = missing();
    while (lost > 0 && SteadyClock::now() < drainUntil) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        lost = missing();
    }
    const double windowS = std::chrono::duration<double>(SteadyClock::now() - began).count();
    const auto pullsAfter = totals();
    const double cpuUsed = cpuSeconds() - cpuBefore;
    const double serverCpuUsed = postgresCpuSeconds() - serverCpuBefore;
    sampling = false;
    sampler.join();

    QList<double> propagation;
    for (const auto &desk : desks) {
        std::lock_guard guard(desk->lock);
        for (const Change &change : plan) {
            if (!change.done)
                continue;
            const QList<SteadyClock::time_point> times = desk->arrivals.value(change.ticket);
            auto first = SteadyClock::time_point::max();
            for (auto t : times) {
                if (t >= change.sent)
                    first = std::min(first, t);
            }
            // A desk may apply the row before the writer hears of its commit: that counts as 0.
            if (first != SteadyClock::time_point::max())
                propagation << std::max(0.0,
                                        std::chrono::duration<double, std::milli>(first - change.committed).count());
        }
    }
    QList<double> lateness;
    for (const Change &change : plan)
        lateness << change.lateMs;
    const qint64 pulls = pullsAfter.pulls - pullsBefore.pulls;
    const qint64 emptyPulls = pullsAfter.empty - pullsBefore.empty;
    const qint64 skipped = pullsAfter.skipped - pullsBefore.skipped;
    const QJsonObject result{
        {u"desks"_s, deskCount},
        {u"threads"_s, threadCount},
        {u"teams"_s, teamCount},
        {u"server_tickets"_s, tickets},
        {u"desks_online_s"_s, round2(startS)},
        {u"rate_per_s"_s, rate},
        {u"burst"_s, burst},
        {u"burst_every_s"_s, burstEvery},
        {u"changes"_s, int(plan.size())},
        {u"write_failures"_s, writeFailures.load()},
        {u"writer_late_p99_ms"_s, round2(percentile(lateness, 0.99))},
        {u"load_s"_s, round2(loadS)},
        {u"propagation_samples"_s, int(propagation.size())},
        {u"propagation_lost"_s, lost},
        {u"propagation_p50_ms"_s, round2(median(propagation))},
        {u"propagation_p99_ms"_s, round2(percentile(propagation, 0.99))},
        {u"propagation_max_ms"_s, round2(percentile(propagation, 1.0))},
        {u"pulls_per_s"_s, round2(double(pulls) / std::max(0.001, windowS))},
        {u"empty_pull_share"_s, round2(double(emptyPulls) / double(std::max<qint64>(1, pulls)))},
        {u"wake_ups_skipped_per_s"_s, round2(double(skipped) / std::max(0.001, windowS))},
        {u"backends_max"_s, maxBackends},
        {u"notify_lock_samples"_s, samples},
        {u"notify_lock_samples_waiting"_s, samplesWaiting},
        {u"notify_lock_waiters_mean"_s, round2(double(waitingBackends) / double(std::max(1, samples)))},
        {u"notify_lock_waiters_max"_s, maxWaiting},
        {u"bench_cpu_s_per_s"_s, round2(cpuUsed / std::max(0.001, windowS))},
        {u"server_cpu_s_per_s"_s, round2(serverCpuUsed / std::max(0.001, windowS))},
        {u"measured_s"_s, round2(windowS)},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    adminDb.close();
    return writeFailures.load() == 0 && lost == 0 ? 0 : 1;
}
