// deskline-bench chat --server URL: the live chat in team mode, from an agent's desk to the
// customer's page. Chats are started over HTTP on the gateway's chat page (ServerChatBackend
// into a scratch database), an agent's desk (a real SyncEngine and the window's store) copies
// them and replies to them at a steady rate, and each chat's page waits by long poll as the
// page does. Printed: the time from the reply's commit on the desk to its arrival on the page
// (p50, p99, max), which is the desk's push, the server's notification and the gateway's wake-up.
#include "benchscratchdatabase.h"
#include "benchstats.h"
#include "chatservice.h"
#include "clock.h"
#include "conversationservice.h"
#include "intakeclient.h"
#include "localstore.h"
#include "serveradmin.h"
#include "serverchatbackend.h"
#include "serverconnection.h"
#include "syncengine.h"
#include "syncrelay.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    std::cerr << "deskline-bench chat: " << message.toStdString() << "\n";
    return 1;
}

using Steady = std::chrono::steady_clock;

// Until the condition holds or the deadline passes, with the main thread's events running.
bool waitFor(const std::function<bool()> &condition, int ms)
{
    const auto until = Steady::now() + std::chrono::milliseconds(ms);
    while (!condition()) {
        if (Steady::now() >= until)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::yieldCurrentThread();
    }
    return true;
}

} // namespace

int runChatBenchmark(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measure the live chat in team mode: an agent's reply to the page."_s);
    parser.addHelpOption();
    const QCommandLineOption serverOption(u"server"_s, u"A PostgreSQL administrator URL (a scratch database)."_s,
                                          u"URL"_s);
    const QCommandLineOption serverFileOption(u"server-file"_s, u"A file holding that URL."_s, u"FILE"_s);
    const QCommandLineOption chatsOption(u"chats"_s, u"Chats at once, each page long-polling (50)."_s, u"N"_s, u"50"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Agent replies a second across the chats (20)."_s, u"N"_s, u"20"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"How long the agent replies (10)."_s, u"N"_s, u"10"_s);
    parser.addOptions({serverOption, serverFileOption, chatsOption, rateOption, secondsOption});
    QStringList arguments = app.arguments();
    arguments.removeAt(1);
    parser.process(arguments);
    const int chats = qMax(1, parser.value(chatsOption).toInt());
    const int rate = qMax(1, parser.value(rateOption).toInt());
    const int seconds = qMax(1, parser.value(secondsOption).toInt());

    QString problem;
    const QString serverUrl =
        BenchScratchDatabase::urlFrom(parser.value(serverOption), parser.value(serverFileOption), &problem);
    if (serverUrl.isEmpty())
        return fail(problem.isEmpty() ? u"--server URL (or --server-file) is required."_s : problem);
    const auto server = ServerAddress::fromUrl(serverUrl, &problem);
    if (!server)
        return fail(problem);
    BenchScratchDatabase scratch;
    if (!scratch.create(*server))
        return fail(scratch.errorString());
    ServerAddress gateway = scratch.admin();
    gateway.login = scratch.login(u"gw"_s);
    gateway.password = u"bench-password"_s;
    ServerAddress agent = scratch.admin();
    agent.login = scratch.login(u"a1"_s);
    agent.password = u"bench-password"_s;
    {
        ServerConnection adminConnection;
        if (!adminConnection.open(scratch.admin(), u"bench-chat-admin"_s))
            return fail(adminConnection.errorString());
        ServerAdmin people(QSqlDatabase::database(u"bench-chat-admin"_s, false));
        ServerAdmin::NewAgent a1;
        a1.login = agent.login;
        a1.name = u"Agent"_s;
        a1.team = u"L1"_s;
        a1.password = agent.password;
        if (!people.addGateway(gateway.login, gateway.password) || !people.addAgent(a1))
            return fail(people.errorString());
    }
    QSqlDatabase::removeDatabase(u"bench-chat-admin"_s);

    // Inside the default service hours whatever the hour of the run.
    ManualClock gatewayClock(QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC));
    ChatService::Options options;
    options.http.port = 0;
    options.limits.startsPerMinute = 100'000;
    options.limits.writesPerMinute = 100'000;
    options.limits.readsPerMinute = 100'000;
    // Every page here comes from loopback: the per-address share of connections would hold most.
    options.http.perAddressConnectionLimit = 0;
    options.http.connectionLimit = qMax(256, chats * 2 + 16);
    auto backend = std::make_unique<ServerChatBackend>(gateway, gatewayClock);
    ServerChatBackend *chatBackend = backend.get();
    ChatService service(std::move(backend), gatewayClock, options);
    if (!service.start())
        return fail(service.errorString());
    if (!waitFor([&] { return chatBackend->listening(); }, 10000))
        return fail(u"The gateway's LISTEN connection did not come up."_s);
    const QString base = u"http://127.0.0.1:%1"_s.arg(service.port());
    const QList<std::pair<QByteArray, QByteArray>> json{{"Content-Type", "application/json"}};

    struct Chat {
        QString token;
        qint64 serverTicket = 0;
        qint64 localTicket = 0;
    };
    QList<Chat> started;
    IntakeClient client(base);
    for (int i = 0; i < chats; ++i) {
        const auto reply = client.post(
            u"/v1/chat/start"_s,
            QJsonDocument(QJsonObject{{u"name"_s, u"Visitor %1"_s.arg(i)}, {u"question"_s, u"Question %1"_s.arg(i)}})
                .toJson(QJsonDocument::Compact),
            json);
        if (reply.status != 201)
            return fail(u"A chat did not start (%1): %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body)));
        const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
        started.append({answer.value(u"token"_s).toString(), answer.value(u"ticket"_s).toString().mid(1).toLongLong()});
    }

    // The agent's desk: its first copy brings the chats.
    QTemporaryDir folder;
    SystemClock clock;
    const QString deskPath = folder.filePath(u"agent.sqlite"_s);
    SyncEngine engine(deskPath, agent, clock);
    engine.start();
    if (!engine.syncAndWait())
        return fail(u"The desk's first copy did not finish online."_s);
    LocalStore view(clock);
    view.setTeamMode(true);
    if (!view.open(deskPath) || !view.setCurrentAgent(agent.login))
        return fail(view.errorString());
    SyncRelay::connect(engine, view);
    for (Chat &chat : started) {
        QSqlQuery find(view.database());
        find.prepare(u"SELECT id FROM tickets WHERE server_id = ?"_s);
        find.addBindValue(chat.serverTicket);
        if (!find.exec() || !find.next())
            return fail(u"Chat ticket #%1 is not on the desk."_s.arg(chat.serverTicket));
        chat.localTicket = find.value(0).toLongLong();
    }

    // Each chat's page: a long poll after the last message it has, as chat.js does.
    std::mutex mutex;
    QHash<QString, Steady::time_point> sentAt;
    QList<double> latencies;
    std::atomic<bool> stopping{false};
    std::atomic<int> pollFailures{0};
    std::vector<std::thread> pages;
    for (const Chat &chat : std::as_const(started)) {
        pages.emplace_back([&, token = chat.token] {
            IntakeClient page(base);
            page.setTimeoutSeconds(30);
            qint64 after = 0;
            const QList<std::pair<QByteArray, QByteArray>> headers{{"X-Chat-Token", token.toLatin1()}};
            while (!stopping) {
                const auto reply = page.get(u"/v1/chat/messages?after=%1&wait=5"_s.arg(after), headers);
                const auto now = Steady::now();
                if (reply.status != 200) {
                    ++pollFailures;
                    if (stopping)
                        break;
                    continue;
                }
                for (const QJsonValue &value :
                     QJsonDocument::fromJson(reply.body).object().value(u"messages"_s).toArray()) {
                    const QJsonObject line = value.toObject();
                    after = std::max(after, line.value(u"id"_s).toInteger());
                    if (line.value(u"from"_s).toString() != u"agent")
                        continue;
                    std::lock_guard lock(mutex);
                    const auto sent = sentAt.constFind(line.value(u"text"_s).toString());
                    if (sent != sentAt.cend())
                        latencies.append(
                            double(std::chrono::duration_cast<std::chrono::microseconds>(now - *sent).count()) /
                            1000.0);
                }
            }
        });
    }

    // The agent replies, round the chats, on the window's store as the composer does.
    ConversationService conversation(view);
    const int total = rate * seconds;
    int sent = 0;
    int replyFailures = 0;
    QElapsedTimer run;
    run.start();
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    pace.setInterval(1000 / rate);
    QObject::connect(&pace, &QTimer::timeout, &pace, [&] {
        if (sent >= total) {
            pace.stop();
            return;
        }
        const Chat &chat = started.at(sent % started.size());
        const QString text = u"bench reply %1"_s.arg(sent);
        {
            std::lock_guard lock(mutex);
            sentAt.insert(text, Steady::now());
        }
        if (!conversation.reply(chat.localTicket, text))
            ++replyFailures;
        ++sent;
    });
    pace.start();
    waitFor([&] { return sent >= total; }, (seconds + 30) * 1000);
    // What is still on its way gets a few seconds.
    waitFor(
        [&] {
            std::lock_guard lock(mutex);
            return latencies.size() >= sent - replyFailures;
        },
        10000);
    const double elapsedS = double(run.elapsed()) / 1000.0;
    stopping = true;
    service.stop();
    for (std::thread &page : pages)
        page.join();
    engine.stop();

    std::lock_guard lock(mutex);
    const QJsonObject result{
        {u"benchmark"_s, u"chat"_s},
        {u"mode"_s, u"team"_s},
        {u"chats"_s, chats},
        {u"replies_per_s"_s, rate},
        {u"seconds"_s, BenchStats::round2(elapsedS)},
        {u"replies"_s, sent},
        {u"reply_failures"_s, replyFailures},
        {u"arrived"_s, int(latencies.size())},
        {u"desk_to_page_p50_ms"_s, BenchStats::round2(BenchStats::median(latencies))},
        {u"desk_to_page_p99_ms"_s, BenchStats::round2(BenchStats::percentile(latencies, 0.99))},
        {u"desk_to_page_max_ms"_s, BenchStats::round2(BenchStats::percentile(latencies, 1.0))},
    };
    std::cout << QJsonDocument(result).toJson(QJsonDocument::Indented).toStdString();
    return replyFailures == 0 && latencies.size() == sent ? 0 : 1;
}
