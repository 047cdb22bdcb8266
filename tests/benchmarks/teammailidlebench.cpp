// deskline-bench mail-idle --server URL: the same measure in team mode. The gateway stays up
// beside a scratch database of the given PostgreSQL (MailGatewayService on ServerMailBackend,
// IMAP IDLE on the real dovecot), and an agent's desk syncs with LISTEN wake-ups as the window
// does. Each sample waits until the gateway is listening again, delivers one mail through
// dovecot-lda and measures from the moment the delivery was accepted to the desk's sync engine
// announcing the new ticket. No sleeps. Target: p99 under 2 s.

#include "benchmailservers.h"
#include "benchstats.h"
#include "clock.h"
#include "localstore.h"
#include "mailgatewayservice.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "servermailbackend.h"
#include "serverschema.h"
#include "syncengine.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace BenchStats;

namespace {

using SteadyClock = std::chrono::steady_clock;

const QString support = u"support@example.test"_s;
const QString password = u"bench-password"_s;
constexpr auto giveUp = std::chrono::seconds(60);

int fail(const QString &message)
{
    std::fprintf(stderr, "deskline-bench mail-idle --server: %s\n", qUtf8Printable(message));
    return 1;
}

QByteArray sampleMail(int sample)
{
    return u"From: Customer %1 <teamidle%1@example.com>\r\nTo: support@example.test\r\nSubject: Team sample %1\r\n"
           u"Date: %2\r\nMessage-ID: <teamidle.%1@mail.example.com>\r\nMIME-Version: 1.0\r\n"
           u"Content-Type: text/plain; charset=utf-8\r\n\r\nThe printer is offline again.\r\n"_s.arg(sample)
               .arg(QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date))
               .toUtf8();
}

struct Seen {
    std::mutex mutex;
    std::condition_variable changed;
    int listens = 0;
    int taken = 0;            // mails the gateway logged as taken
    QList<int> listensAtTake; // the listen count when each was taken: it listens again after that
    std::map<qint64, SteadyClock::time_point> arrived; // local ticket → first announced on the desk
    QStringList log;
};

} // namespace

int runTeamMailIdleBenchmark(const ServerAddress &server, int samples, BenchMailServers &servers)
{
    const QString database = u"bench_mail_"_s + QUuid::createUuid().toString(QUuid::Id128).left(8);
    {
        ServerConnection connection;
        if (!connection.open(server, u"bench-mail-setup"_s))
            return fail(connection.errorString());
        QSqlQuery create(QSqlDatabase::database(u"bench-mail-setup"_s, false));
        if (!create.exec(u"CREATE DATABASE "_s + database))
            return fail(create.lastError().text());
        QSqlDatabase::database(u"bench-mail-setup"_s, false).close();
    }
    QSqlDatabase::removeDatabase(u"bench-mail-setup"_s);
    const auto dropScratch = qScopeGuard([server, database] {
        {
            ServerConnection connection;
            if (!connection.open(server, u"bench-mail-cleanup"_s))
                return;
            QSqlQuery drop(QSqlDatabase::database(u"bench-mail-cleanup"_s, false));
            drop.exec(u"DROP DATABASE IF EXISTS "_s + database + u" WITH (FORCE)"_s);
            drop.exec(u"DROP ROLE IF EXISTS "_s + database + u"_agent"_s);
            drop.exec(u"DROP ROLE IF EXISTS "_s + database + u"_gateway"_s);
            QSqlDatabase::database(u"bench-mail-cleanup"_s, false).close();
        }
        QSqlDatabase::removeDatabase(u"bench-mail-cleanup"_s);
    });
    ServerAddress admin = server;
    admin.database = database;
    QTemporaryDir dir;
    {
        ServerConnection connection;
        if (!connection.open(admin, u"bench-mail-admin"_s))
            return fail(connection.errorString());
        QSqlDatabase db = QSqlDatabase::database(u"bench-mail-admin"_s, false);
        ServerSchema schema(db);
        if (!schema.migrate())
            return fail(schema.errorString());
        ServerAdmin people(db);
        ServerAdmin::NewAgent agent{database + u"_agent"_s, u"Agent"_s, AgentRole::Agent, u"L1"_s, 1, password};
        if (!people.addAgent(agent) || !people.addGateway(database + u"_gateway"_s, password))
            return fail(people.errorString());
        const auto box = servers.mailbox(support, dir.filePath(u"support.password"_s));
        if (!box)
            return fail(servers.errorString());
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO deskline.mailboxes (name, address, imap_url, smtp_url, ca_file, password_file)"
                       " VALUES (?, ?, ?, ?, ?, ?)"_s);
        for (const QString &value :
             {box->name, box->address, box->imapUrl, box->smtpUrl, box->caFile, box->passwordFile})
            insert.addBindValue(value);
        if (!insert.exec())
            return fail(insert.lastError().text());
        db.close();
    }
    QSqlDatabase::removeDatabase(u"bench-mail-admin"_s);
    auto as = [&](const QString &who) {
        ServerAddress a = admin;
        a.login = database + u'_' + who;
        a.password = password;
        return a;
    };

    // The agent's desk, woken by the server's notifications as the window's is.
    SystemClock clock;
    const QString deskPath = dir.filePath(u"desk.sqlite"_s);
    LocalStore desk(clock);
    desk.setTeamMode(true);
    if (!desk.open(deskPath))
        return fail(desk.errorString());
    SyncEngine engine(deskPath, as(u"agent"_s), clock);
    engine.setWakeUps(true);
    Seen seen;
    QObject::connect(
        &engine, &SyncEngine::changesApplied, &engine,
        [&](const QList<qint64> &tickets, const QList<qint64> &) {
            const auto now = SteadyClock::now();
            std::lock_guard lock(seen.mutex);
            for (qint64 id : tickets)
                seen.arrived.emplace(id, now);
            seen.changed.notify_all();
        },
        Qt::DirectConnection);
    engine.start();
    if (!engine.syncAndWait())
        return fail(u"the desk did not come online"_s);

    std::atomic<int> connections = 0;
    const ServerAddress gatewayAddress = as(u"gateway"_s);
    MailGatewayService service(
        [&](QString *problem) -> std::unique_ptr<MailBackend> {
            const QString name = u"bench-mail-gateway-%1"_s.arg(++connections);
            ServerConnection connection;
            if (!connection.open(gatewayAddress, name)) {
                *problem = connection.errorString();
                return nullptr;
            }
            return std::make_unique<ServerMailBackend>(name, "deskline-bench-secret");
        },
        MailGatewayService::Options{});
    QObject::connect(&service, &MailGatewayService::listening, [&](qint64) {
        std::lock_guard lock(seen.mutex);
        ++seen.listens;
        seen.changed.notify_all();
    });
    QObject::connect(&service, &MailGatewayService::logged, [&](const QString &line) {
        std::lock_guard lock(seen.mutex);
        seen.log.append(line);
        if (line.contains(u"teamidle."_s)) {
            ++seen.taken;
            seen.listensAtTake.append(seen.listens);
        }
        seen.changed.notify_all();
    });
    bool started = true;
    std::thread runner([&] { started = service.run(); });
    const auto stopAll = qScopeGuard([&] {
        service.stop();
        runner.join();
        engine.stop();
    });

    QList<double> latencies;
    QList<qint64> tickets;
    for (int i = 0; i < samples; ++i) {
        std::size_t known = 0;
        {
            std::unique_lock lock(seen.mutex);
            const int listenedBefore = i == 0 ? 0 : seen.listensAtTake.value(i - 1);
            if (!seen.changed.wait_for(lock, giveUp, [&] { return seen.listens > listenedBefore; }))
                return fail(u"the gateway did not listen: %1"_s.arg(seen.log.join(u"; "_s)));
            known = seen.arrived.size();
        }
        if (!servers.deliver(support, sampleMail(i)))
            return fail(servers.errorString());
        const auto accepted = SteadyClock::now();
        std::unique_lock lock(seen.mutex);
        if (!seen.changed.wait_for(lock, giveUp, [&] { return seen.arrived.size() > known && seen.taken > i; }))
            return fail(u"sample %1 did not reach the desk within a minute: %2"_s.arg(i).arg(seen.log.join(u"; "_s)));
        // The newest ticket the desk was told of is this sample's (local ids grow).
        const auto newest = std::prev(seen.arrived.end());
        tickets.append(newest->first);
        latencies.append(std::max(0.0, std::chrono::duration<double, std::milli>(newest->second - accepted).count()));
    }
    if (!started)
        return fail(service.errorString());

    int matched = 0;
    for (int i = 0; i < tickets.size(); ++i)
        matched += desk.ticket(tickets.at(i)).value_or(Ticket{}).subject == u"Team sample %1"_s.arg(i);
    const double p50 = percentile(latencies, 0.5);
    const double p99 = percentile(latencies, 0.99);
    const double max = *std::max_element(latencies.begin(), latencies.end());
    std::printf("mail idle, team mode: %d samples, delivery accepted to ticket on the agent's desk: p50 %.1f ms, "
                "p99 %.1f ms, max %.1f ms (target p99 < 2000 ms)\n",
                samples, p50, p99, max);
    const QJsonObject result{
        {u"samples"_s, samples},
        {u"team_idle_p50_ms"_s, round2(p50)},
        {u"team_idle_p99_ms"_s, round2(p99)},
        {u"team_idle_max_ms"_s, round2(max)},
        {u"team_idle_target_p99_ms"_s, 2000},
        {u"tickets_matched"_s, matched},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return matched == samples ? 0 : fail(u"%1 tickets on the desk did not hold their sample"_s.arg(samples - matched));
}
