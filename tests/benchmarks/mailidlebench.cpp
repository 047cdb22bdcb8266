// deskline-bench mail-idle: how soon a mail shows up as a ticket while the gateway stays up.
// MailGatewayService waits in IMAP IDLE on a mailbox of the real dovecot; each sample waits
// until the service is listening again, delivers one mail through dovecot-lda, and measures from
// the moment the delivery was accepted to the service's ticketsChanged naming the new ticket.
// Everything waits on the service's own signals; no sleeps. Target: p99 under 2 s.

#include "benchmailservers.h"
#include "benchstats.h"
#include "clock.h"
#include "localstore.h"
#include "mailgatewayservice.h"
#include "mailstore.h"
#include "serveraddress.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
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
// Only a guard against a hang: a sample that takes this long is a failure, not a number.
constexpr auto giveUp = std::chrono::seconds(60);

int fail(const QString &message)
{
    std::fprintf(stderr, "deskline-bench mail-idle: %s\n", qUtf8Printable(message));
    return 1;
}

QByteArray sampleMail(int sample)
{
    return u"From: Customer %1 <idle%1@example.com>\r\nTo: support@example.test\r\nSubject: Sample %1: the printer"
           u" is offline\r\nDate: %2\r\nMessage-ID: <idle.%1@mail.example.com>\r\nMIME-Version: 1.0\r\n"
           u"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           u"Hello,\r\n\r\nthe printer on the second floor is offline again.\r\n"_s.arg(sample)
               .arg(QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date))
               .toUtf8();
}

// What the service's threads announce, for the benchmark's thread to wait on.
struct Announcements {
    std::mutex mutex;
    std::condition_variable changed;
    int listens = 0;
    std::map<qint64, SteadyClock::time_point> firstAnnounced; // ticket → when first named
    qint64 newest = 0;
    int listensWhenNewest = 0; // the worker listens again after this many
    QStringList log;
};

} // namespace

int runTeamMailIdleBenchmark(const ServerAddress &server, int samples, BenchMailServers &servers);

int runMailIdleBenchmark(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure how soon a mail becomes a ticket while the gateway waits in IDLE."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"mail-idle"_s, u"This benchmark."_s);
    const QCommandLineOption samplesOption(u"samples"_s, u"Mails delivered one by one (default 50)."_s, u"N"_s,
                                           u"50"_s);
    const QCommandLineOption serversOption(
        u"servers-json"_s, u"Mail servers started by tests/mail/mailservers.py (default: our own)."_s, u"PATH"_s);
    const QCommandLineOption serverOption(
        u"server"_s,
        u"Team mode: a PostgreSQL whose administrator may create a scratch database (postgresql://…); the ticket "
        "is measured on an agent's desk."_s,
        u"URL"_s);
    parser.addOptions({samplesOption, serversOption, serverOption});
    parser.process(app);
    const int samples = std::max(1, parser.value(samplesOption).toInt());
    std::optional<ServerAddress> server;
    if (parser.isSet(serverOption)) {
        QString error;
        server = ServerAddress::fromUrl(parser.value(serverOption), &error);
        if (!server)
            return fail(error);
    }

    BenchMailServers servers;
    if (!(parser.isSet(serversOption) ? servers.attach(parser.value(serversOption)) : servers.start()))
        return fail(servers.errorString());
    if (!servers.doveadm({u"expunge"_s, u"-u"_s, support, u"mailbox"_s, u"INBOX"_s, u"all"_s}))
        return fail(servers.errorString());

    if (server)
        return runTeamMailIdleBenchmark(*server, samples, servers);

    QTemporaryDir dir;
    const QString storePath = dir.filePath(u"idle.sqlite"_s);
    SystemClock clock;
    LocalStore store(clock);
    if (!store.open(storePath))
        return fail(store.errorString());
    const auto box = servers.mailbox(support, dir.filePath(u"support.password"_s));
    if (!box)
        return fail(servers.errorString());
    if (!MailStore(store).addMailbox(*box))
        return fail(store.errorString());

    Announcements seen;
    MailGatewayService service(storePath, clock, "deskline-bench-secret", MailGatewayService::Options{});
    // The service's threads emit these: direct, each only touching what the mutex guards.
    QObject::connect(&service, &MailGatewayService::listening, [&](qint64) {
        std::lock_guard lock(seen.mutex);
        ++seen.listens;
        seen.changed.notify_all();
    });
    QObject::connect(&service, &MailGatewayService::ticketsChanged, [&](const QList<qint64> &ticketIds) {
        const auto now = SteadyClock::now();
        std::lock_guard lock(seen.mutex);
        for (qint64 id : ticketIds) {
            if (seen.firstAnnounced.emplace(id, now).second && id > seen.newest) {
                seen.newest = id;
                seen.listensWhenNewest = seen.listens;
            }
        }
        seen.changed.notify_all();
    });
    QObject::connect(&service, &MailGatewayService::logged, [&](const QString &line) {
        std::lock_guard lock(seen.mutex);
        seen.log.append(line);
    });
    bool started = true;
    std::thread runner([&] { started = service.run(); });
    const auto stopService = [&] {
        service.stop();
        runner.join();
    };

    QList<double> latencies;
    QList<qint64> tickets;
    int early = 0; // announced before dovecot-lda had even returned
    int listensBefore = 0;
    for (int i = 0; i < samples; ++i) {
        std::size_t known = 0;
        {
            std::unique_lock lock(seen.mutex);
            if (!seen.changed.wait_for(lock, giveUp, [&] { return seen.listens > listensBefore; })) {
                lock.unlock();
                stopService();
                return fail(u"the service did not start listening: %1"_s.arg(seen.log.join(u"; "_s)));
            }
            known = seen.firstAnnounced.size();
        }
        if (!servers.deliver(support, sampleMail(i))) {
            stopService();
            return fail(servers.errorString());
        }
        const auto accepted = SteadyClock::now();
        std::unique_lock lock(seen.mutex);
        if (!seen.changed.wait_for(lock, giveUp, [&] { return seen.firstAnnounced.size() > known; })) {
            lock.unlock();
            stopService();
            return fail(u"sample %1 was not announced within a minute"_s.arg(i));
        }
        const auto announced = seen.firstAnnounced.at(seen.newest);
        listensBefore = seen.listensWhenNewest;
        tickets.append(seen.newest);
        early += announced < accepted;
        latencies.append(
            announced < accepted ? 0.0 : std::chrono::duration<double, std::milli>(announced - accepted).count());
    }
    stopService();
    if (!started)
        return fail(service.errorString());

    // Each announced ticket holds the sample that was delivered for it.
    int matched = 0;
    for (int i = 0; i < tickets.size(); ++i) {
        QSqlQuery query(store.database());
        query.prepare(u"SELECT m.ticket_id FROM mail_messages mm JOIN messages m ON m.id = mm.message_id"
                      " WHERE mm.rfc_message_id = ?"_s);
        query.addBindValue(u"idle.%1@mail.example.com"_s.arg(i));
        matched += query.exec() && query.next() && query.value(0).toLongLong() == tickets.at(i);
    }

    const double p50 = percentile(latencies, 0.5);
    const double p99 = percentile(latencies, 0.99);
    const double max = *std::max_element(latencies.begin(), latencies.end());
    std::printf("mail idle: %d samples, delivery accepted to ticket announced: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                " (target p99 < 2000 ms)\n",
                samples, p50, p99, max);
    const QJsonObject result{
        {u"samples"_s, samples},         {u"idle_p50_ms"_s, round2(p50)}, {u"idle_p99_ms"_s, round2(p99)},
        {u"idle_max_ms"_s, round2(max)}, {u"idle_target_p99_ms"_s, 2000}, {u"announced_before_lda_returned"_s, early},
        {u"tickets_matched"_s, matched},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return matched == samples ? 0 : fail(u"%1 announced tickets did not hold their sample"_s.arg(samples - matched));
}
