// deskline-bench intake: the HTTP intake of a standalone store (or, with --server, of a team's
// gateway into a scratch database on that PostgreSQL) under an open-loop load of signed
// requests over loopback; latency counted from when each request was due, so that a
// server falling behind shows in the numbers rather than slowing the load down.
#include "benchscratchdatabase.h"
#include "benchstats.h"
#include "clock.h"
#include "intakeservice.h"
#include "intakesources.h"
#include "localintakebackend.h"
#include "localstore.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "serverintakebackend.h"
#include "teamintakesources.h"
#include "webhooksignature.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <atomic>
#include <curl/curl.h>
#include <iostream>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

size_t discard(char *, size_t size, size_t count, void *)
{
    return size * count;
}

} // namespace

int runIntakeBenchmark(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure the HTTP intake: signed requests a second and their latency."_s);
    parser.addHelpOption();
    const QCommandLineOption rateOption(u"rate"_s, u"Requests a second, open loop (500)."_s, u"N"_s, u"500"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"How long (10)."_s, u"N"_s, u"10"_s);
    const QCommandLineOption clientsOption(u"clients"_s, u"Client connections (8)."_s, u"N"_s, u"8"_s);
    const QCommandLineOption serverOption(
        u"server"_s,
        u"A PostgreSQL administrator URL: the team's gateway takes the requests into a scratch database."_s, u"URL"_s);
    const QCommandLineOption serverFileOption(u"server-file"_s, u"A file holding that URL."_s, u"FILE"_s);
    const QCommandLineOption customersOption(
        u"customers"_s, u"With --server: customers the team knows before the load, none of them its senders (0)."_s,
        u"N"_s, u"0"_s);
    const QCommandLineOption threadsOption(
        u"threads"_s,
        u"The intake's HTTP threads (as deskctl serves: 1 standalone, %1 in team mode)."_s.arg(
            ServerIntakeBackend::httpThreads),
        u"N"_s);
    parser.addOptions(
        {rateOption, secondsOption, clientsOption, threadsOption, serverOption, serverFileOption, customersOption});
    QStringList arguments = app.arguments();
    arguments.removeAt(1);
    parser.process(arguments);
    const int rate = qMax(1, parser.value(rateOption).toInt());
    const int seconds = qMax(1, parser.value(secondsOption).toInt());
    const int clients = qMax(1, parser.value(clientsOption).toInt());

    QString problem;
    const QString serverUrl =
        BenchScratchDatabase::urlFrom(parser.value(serverOption), parser.value(serverFileOption), &problem);
    if (!problem.isEmpty()) {
        std::cerr << problem.toStdString() << "\n";
        return 1;
    }
    QTemporaryDir dir;
    IntakeSecrets secrets(IntakeSecrets::pathFor(dir.filePath(u"intake.sqlite"_s)));
    IntakeSource input;
    input.name = u"bench"_s;
    input.requestsPerMinute = 100'000;
    SystemClock clock;
    BenchScratchDatabase scratch;
    std::unique_ptr<LocalStore> store;
    IntakeService::BackendFactory backends;
    std::optional<QString> secret;
    if (!serverUrl.isEmpty()) {
        // Team mode: a gateway login and a supervisor who adds the source, as `deskctl` would.
        const auto server = ServerAddress::fromUrl(serverUrl, &problem);
        if (!server || !scratch.create(*server)) {
            std::cerr << (server ? scratch.errorString() : problem).toStdString() << "\n";
            return 1;
        }
        ServerAddress gateway = scratch.admin();
        gateway.login = scratch.login(u"gw"_s);
        gateway.password = u"bench-password"_s;
        ServerAddress supervisor = scratch.admin();
        supervisor.login = scratch.login(u"boss"_s);
        supervisor.password = u"bench-password"_s;
        {
            ServerConnection adminConnection;
            if (!adminConnection.open(scratch.admin(), u"bench-intake-admin"_s)) {
                std::cerr << adminConnection.errorString().toStdString() << "\n";
                return 1;
            }
            // A team that has served customers for years: each new sender's address or number is
            // looked for among them first.
            if (const int known = qMax(0, parser.value(customersOption).toInt()); known > 0) {
                QSqlQuery seed(QSqlDatabase::database(u"bench-intake-admin"_s, false));
                if (!seed.exec(u"INSERT INTO deskline.customers (name, email, phone, phone_key, created_at)"
                               " SELECT 'Known ' || g, 'known' || g || '@example.org', '', '', 0"
                               " FROM generate_series(1, %1) g"_s.arg(known)) ||
                    !seed.exec(u"ANALYZE deskline.customers"_s)) {
                    std::cerr << seed.lastError().text().toStdString() << "\n";
                    return 1;
                }
            }
            ServerAdmin people(QSqlDatabase::database(u"bench-intake-admin"_s, false));
            ServerAdmin::NewAgent boss;
            boss.login = supervisor.login;
            boss.name = u"Boss"_s;
            boss.team = u"L1"_s;
            boss.role = AgentRole::Supervisor;
            boss.password = supervisor.password;
            if (!people.addGateway(gateway.login, gateway.password) || !people.addAgent(boss)) {
                std::cerr << people.errorString().toStdString() << "\n";
                return 1;
            }
            ServerConnection bossConnection;
            if (!bossConnection.open(supervisor, u"bench-intake-boss"_s)) {
                std::cerr << bossConnection.errorString().toStdString() << "\n";
                return 1;
            }
            TeamIntakeSources sources(QSqlDatabase::database(u"bench-intake-boss"_s, false), secrets);
            secret = sources.add(input, u"L1"_s);
            if (!secret)
                std::cerr << sources.errorString().toStdString() << "\n";
        }
        QSqlDatabase::removeDatabase(u"bench-intake-admin"_s);
        QSqlDatabase::removeDatabase(u"bench-intake-boss"_s);
        backends = [gateway](QString *error) -> std::unique_ptr<IntakeBackend> {
            static std::atomic<int> connections = 0;
            const QString name = u"bench-intake-%1"_s.arg(++connections);
            ServerConnection connection;
            if (!connection.open(gateway, name)) {
                *error = connection.errorString();
                QSqlDatabase::removeDatabase(name);
                return nullptr;
            }
            return std::make_unique<ServerIntakeBackend>(name);
        };
    } else {
        const QString path = dir.filePath(u"intake.sqlite"_s);
        store = std::make_unique<LocalStore>(clock);
        if (!store->open(path)) {
            std::cerr << store->errorString().toStdString() << "\n";
            return 1;
        }
        IntakeSources sources(*store, secrets);
        secret = sources.add(input);
        if (!secret)
            std::cerr << sources.errorString().toStdString() << "\n";
        backends = LocalIntakeBackend::factory(path, clock);
    }
    if (!secret)
        return 1;
    const QByteArray key = *WebhookSignature::keyOf(*secret);
    IntakeService::Options options;
    options.http.port = 0;
    options.http.threads = parser.isSet(threadsOption) ? qMax(1, parser.value(threadsOption).toInt())
                           : serverUrl.isEmpty()       ? 1
                                                       : ServerIntakeBackend::httpThreads;
    IntakeService service(backends, secrets.path(), clock, options);
    if (!service.start()) {
        std::cerr << service.errorString().toStdString() << "\n";
        return 1;
    }
    const QByteArray url = "http://127.0.0.1:" + QByteArray::number(service.port()) + "/v1/requests";

    const int total = rate * seconds;
    std::mutex mutex;
    QList<double> latencies;
    std::atomic<int> created = 0;
    std::atomic<int> failed = 0;
    QElapsedTimer clockStart;
    clockStart.start();
    const qint64 startNs = clockStart.nsecsElapsed() + 200'000'000; // everyone ready first
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            CURL *curl = curl_easy_init();
            curl_easy_setopt(curl, CURLOPT_URL, url.constData());
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard);
            curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
            QList<double> mine;
            for (int k = c; k < total; k += clients) {
                const qint64 dueNs = startNs + qint64(k) * 1'000'000'000 / rate;
                // Pacing the load, not a test wait: one sleep to when the request is due, so that eight
                // waiting clients do not take the two cores from the gateway they measure.
                if (const qint64 earlyNs = dueNs - clockStart.nsecsElapsed(); earlyNs > 0)
                    std::this_thread::sleep_for(std::chrono::nanoseconds(earlyNs));
                const QByteArray body =
                    QJsonDocument(
                        QJsonObject{{u"customer"_s, QJsonObject{{u"email"_s, u"c%1@example.com"_s.arg(k % 5000)}}},
                                    {u"subject"_s, u"Request %1"_s.arg(k)},
                                    {u"body"_s, u"无法登录，请帮忙 %1"_s.arg(k)}})
                        .toJson(QJsonDocument::Compact);
                const QByteArray id = "bench_" + QByteArray::number(k);
                const qint64 now = QDateTime::currentSecsSinceEpoch();
                const QByteArray headers[] = {"Content-Type: application/json", "webhook-id: " + id,
                                              "webhook-timestamp: " + QByteArray::number(now),
                                              "webhook-signature: " + WebhookSignature::sign(key, id, now, body)};
                curl_slist *list = nullptr;
                for (const QByteArray &h : headers)
                    list = curl_slist_append(list, h.constData());
                curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
                curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
                long status = 0;
                if (curl_easy_perform(curl) == CURLE_OK)
                    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
                curl_slist_free_all(list);
                mine.append(double(clockStart.nsecsElapsed() - dueNs) / 1e6);
                if (status == 201)
                    ++created;
                else
                    ++failed;
            }
            curl_easy_cleanup(curl);
            std::lock_guard lock(mutex);
            latencies.append(mine);
        });
    }
    for (std::thread &t : threads)
        t.join();
    const double elapsedS = double(clockStart.nsecsElapsed() - startNs) / 1e9;
    service.stop();
    const QJsonObject result{
        {u"benchmark"_s, u"intake"_s},
        {u"mode"_s, serverUrl.isEmpty() ? u"standalone"_s : u"team"_s},
        {u"http_threads"_s, options.http.threads},
        {u"known_customers"_s, serverUrl.isEmpty() ? 0 : qMax(0, parser.value(customersOption).toInt())},
        {u"requested_per_s"_s, rate},
        {u"achieved_per_s"_s, BenchStats::round2(total / elapsedS)},
        {u"requests"_s, total},
        {u"created"_s, created.load()},
        {u"failed"_s, failed.load()},
        {u"latency_p50_ms"_s, BenchStats::round2(BenchStats::median(latencies))},
        {u"latency_p99_ms"_s, BenchStats::round2(BenchStats::percentile(latencies, 0.99))},
        {u"latency_max_ms"_s, BenchStats::round2(BenchStats::percentile(latencies, 1.0))},
    };
    std::cout << QJsonDocument(result).toJson(QJsonDocument::Indented).toStdString();
    return failed.load() == 0 ? 0 : 1;
}
