#include "callcard.h"
#include "catchcompat.h"
#include "conversationservice.h"
#include "desk.h"
#include "intakeclient.h"
#include "intakereplystore.h"
#include "intakeservice.h"
#include "mainwindow.h"
#include "replywebhooksender.h"
#include "serveradmin.h"
#include "serverintakebackend.h"
#include "serverintakesources.h"
#include "serverreplywebhookoutbox.h"
#include "syncrelay.h"
#include "teamintakesources.h"
#include "testdesk.h"
#include "testserver.h"
#include "teststore.h"
#include "webhookreceiver.h"
#include "webhooksignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

#include <atomic>
#include <future>

using namespace Qt::StringLiterals;

namespace {

// A team's server with a gateway login, and the gateway's HTTP intake into it on a free
// loopback port: the sources added by the supervisor, their secrets in the gateway's file.
struct TeamIntake {
    TeamIntake()
        : secrets(t.dir.filePath(u"gateway.intakekeys"_s))
    {
        ServerAdmin admin(server.admin());
        REQUIRE(admin.addGateway(gatewayLogin(), u"gateway-password"_s));
        service = startService();
        client = std::make_unique<IntakeClient>(u"http://127.0.0.1:%1"_s.arg(service->port()));
    }

    QString gatewayLogin() const { return server.database() + u"_gw"_s; }

    ServerAddress gatewayAddress() const
    {
        ServerAddress address = server.adminAddress();
        address.login = gatewayLogin();
        address.password = u"gateway-password"_s;
        return address;
    }

    IntakeService::BackendFactory backends() const
    {
        return [address = gatewayAddress()](QString *problem) -> std::unique_ptr<IntakeBackend> {
            static std::atomic<int> connections = 0;
            const QString name = u"team-intake-%1"_s.arg(++connections);
            ServerConnection connection;
            if (!connection.open(address, name)) {
                *problem = connection.errorString();
                QSqlDatabase::removeDatabase(name);
                return nullptr;
            }
            return std::make_unique<ServerIntakeBackend>(name);
        };
    }

    std::unique_ptr<IntakeService> startService()
    {
        IntakeService::Options options;
        options.http.port = 0;
        options.http.threads = ServerIntakeBackend::httpThreads;
        auto started = std::make_unique<IntakeService>(backends(), secrets.path(), t.clock, options);
        REQUIRE(started->start());
        return started;
    }

    // Added as the supervisor sam would add it with `deskctl channel add-source --url`.
    QString addSource(const QString &name, Channel channel = Channel::Web, const QString &team = {},
                      const QString &replyUrl = {})
    {
        const QString connection = u"team-intake-sam-"_s + name;
        std::optional<QString> secret;
        {
            ServerConnection sam;
            REQUIRE(sam.open(server.as(u"sam"_s), connection));
            TeamIntakeSources sources(QSqlDatabase::database(connection, false), secrets);
            IntakeSource input;
            input.name = name;
            input.channel = channel;
            input.replyUrl = replyUrl;
            secret = sources.add(input, team);
            INFO(sources.errorString().toStdString());
            REQUIRE(secret);
        }
        QSqlDatabase::removeDatabase(connection);
        return *secret;
    }

    qint64 now() const { return t.clock.now().toSecsSinceEpoch(); }
    IntakeClient::Reply post(const QString &secret, const QByteArray &id, const QByteArray &body,
                             const QString &path = u"/v1/requests"_s)
    {
        return client->postSigned(secret, id, now(), body, path);
    }
    qint64 scalar(const QString &sql) const { return server.scalar(sql); }

    TestServer server;
    TestStore t;
    IntakeSecrets secrets;
    std::unique_ptr<IntakeService> service;
    std::unique_ptr<IntakeClient> client;
};

QByteArray request(const QString &externalId, const QString &email, const QString &subject, const QString &body)
{
    return QJsonDocument(QJsonObject{{u"external_id"_s, externalId},
                                     {u"customer"_s, QJsonObject{{u"name"_s, u"张伟"_s}, {u"email"_s, email}}},
                                     {u"subject"_s, subject},
                                     {u"body"_s, body},
                                     {u"tags"_s, QJsonArray{u"web"_s, u"登录"_s}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray event(const QString &kind, const QString &callId, const QString &from, const QString &agent = {})
{
    QJsonObject object{{u"event"_s, kind}, {u"call_id"_s, callId}, {u"from"_s, from}, {u"to"_s, u"400-820-8820"_s}};
    if (!agent.isEmpty())
        object.insert(u"agent_login"_s, agent);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

TEST_CASE("Team intake: a signed request opens a ticket on the server, a repeat adds nothing, the thread goes on",
          "[intake][team]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"webform"_s, Channel::Web, u"L1"_s);
    const QByteArray body = request(u"form-17"_s, u"Zhang.Wei@example.com"_s, u"无法登录"_s, u"登录时提示密码错误"_s);

    const IntakeClient::Reply first = intake.post(secret, "msg_001", body);
    INFO(first.body.toStdString());
    REQUIRE(first.status == 201);
    const qint64 ticketId = json(first.body).value(u"id"_s).toInteger();
    CHECK(json(first.body).value(u"outcome"_s).toString() == u"new_ticket"_s);
    CHECK(json(first.body).value(u"ticket"_s).toString() == u"#%1"_s.arg(ticketId));
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 1);
    CHECK(intake.scalar(u"SELECT message_count FROM deskline.tickets WHERE id = %1"_s.arg(ticketId)) == 1);
    CHECK(intake.scalar(
              u"SELECT count(*) FROM deskline.tickets t JOIN deskline.teams m ON m.id = t.team_id"
              " WHERE t.id = %1 AND t.channel = 4 AND m.name = 'L1' AND t.subject = '无法登录'"_s.arg(ticketId)) == 1);
    CHECK(intake.scalar(
              u"SELECT count(*) FROM deskline.ticket_tags WHERE ticket_id = %1 AND tag IN ('web', '登录')"_s.arg(
                  ticketId)) == 2);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.messages WHERE ticket_id = %1 AND kind = 0"
                        " AND body = '登录时提示密码错误' AND author_name = '张伟'"_s.arg(ticketId)) == 1);

    // A retry after a lost answer: the same bytes back, nothing added.
    const IntakeClient::Reply repeat = intake.post(secret, "msg_001", body);
    CHECK(repeat.status == 201);
    CHECK(repeat.body == first.body);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.messages"_s) == 1);

    // The same conversation under a new id: on the same ticket, the customer found by address.
    const IntakeClient::Reply more =
        intake.post(secret, "msg_002", request(u"form-17"_s, u"zhang.wei@example.com"_s, {}, u"还是不行"_s));
    CHECK(more.status == 201);
    CHECK(json(more.body).value(u"id"_s).toInteger() == ticketId);
    CHECK(json(more.body).value(u"outcome"_s).toString() == u"added_to_ticket"_s);
    CHECK(intake.scalar(u"SELECT message_count FROM deskline.tickets WHERE id = %1"_s.arg(ticketId)) == 2);
    // A new conversation of the same customer is a ticket of its own, for the same customer.
    const IntakeClient::Reply other =
        intake.post(secret, "msg_003", request(u"form-18"_s, u"ZHANG.WEI@example.com"_s, u"退款"_s, u"订单退款"_s));
    REQUIRE(other.status == 201);
    CHECK(json(other.body).value(u"id"_s).toInteger() != ticketId);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.customers"_s) == 1);

    // Closed: the customer writing again opens a follow-up, which names the first.
    REQUIRE(QSqlQuery(intake.server.admin())
                .exec(u"UPDATE deskline.tickets SET status = 5, closed_at = 1 WHERE id = %1"_s.arg(ticketId)));
    const IntakeClient::Reply later =
        intake.post(secret, "msg_004", request(u"form-17"_s, u"zhang.wei@example.com"_s, {}, u"又坏了"_s));
    REQUIRE(later.status == 201);
    CHECK(json(later.body).value(u"outcome"_s).toString() == u"follow_up"_s);
    const qint64 followUp = json(later.body).value(u"id"_s).toInteger();
    CHECK(intake.scalar(u"SELECT follow_up_of FROM deskline.tickets WHERE id = %1"_s.arg(followUp)) == ticketId);
}

TEST_CASE("Team intake: the same webhook-id at two gateways at once makes one ticket and one answer", "[intake][team]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"bridge"_s, Channel::Social);
    const std::unique_ptr<IntakeService> second = intake.startService();
    IntakeClient secondClient(u"http://127.0.0.1:%1"_s.arg(second->port()));
    const QByteArray body = request(u"thread-9"_s, u"li@example.com"_s, u"Hello"_s, u"Where is my order?"_s);

    std::vector<std::future<IntakeClient::Reply>> replies;
    for (int i = 0; i < 8; ++i) {
        IntakeClient *client = i % 2 == 0 ? intake.client.get() : &secondClient;
        replies.push_back(std::async(std::launch::async, [&intake, client, &secret, &body] {
            return client->postSigned(secret, "msg_race", intake.now(), body);
        }));
    }
    QByteArray answer;
    for (auto &reply : replies) {
        const IntakeClient::Reply r = reply.get();
        CHECK(r.status == 201);
        if (answer.isEmpty())
            answer = r.body;
        CHECK(r.body == answer);
    }
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 1);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.messages"_s) == 1);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.intake_requests"_s) == 1);
}

TEST_CASE("Team intake: two requests from one new customer at two gateways at once make one customer", "[intake][team]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"webform"_s);
    const std::unique_ptr<IntakeService> second = intake.startService();
    IntakeClient secondClient(u"http://127.0.0.1:%1"_s.arg(second->port()));
    std::vector<std::future<IntakeClient::Reply>> replies;
    {
        // Held here, in a session of its own, the customer's key keeps both requests waiting at the
        // point where each would make the customer; released (the session closed), they go one
        // after the other. Closed before the replies are awaited, whatever the checks say.
        const QString holder = u"team-intake-holder"_s;
        {
            ServerConnection connection;
            REQUIRE(connection.open(intake.server.adminAddress(), holder));
            QSqlQuery hold(QSqlDatabase::database(holder, false));
            REQUIRE(hold.exec(u"SELECT pg_advisory_lock(hashtext('deskline.customer'),"
                              " hashtext('new.customer@example.com'))"_s));
            for (IntakeClient *client : {intake.client.get(), &secondClient}) {
                const QByteArray id = client == &secondClient ? "msg_b" : "msg_a";
                const QByteArray body =
                    request(QString::fromLatin1(id), u"New.Customer@example.com"_s, u"Hello"_s, u"Two forms at once"_s);
                replies.push_back(std::async(std::launch::async, [&intake, &secret, client, id, body] {
                    return client->postSigned(secret, id, intake.now(), body);
                }));
            }
            // Both are inside their transactions, waiting for the key.
            CHECK(QTest::qWaitFor(
                [&] {
                    return intake.scalar(u"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                         " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"_s) == 2;
                },
                10000));
            QSqlDatabase::database(holder, false).close();
        }
        QSqlDatabase::removeDatabase(holder);
    }
    for (auto &reply : replies)
        CHECK(reply.get().status == 201);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 2);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.customers"_s) == 1);
    CHECK(intake.scalar(u"SELECT count(DISTINCT customer_id) FROM deskline.tickets"_s) == 1);
}

TEST_CASE("Team intake: unsigned or foreign requests change nothing, only supervisors add sources", "[intake][team]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"webform"_s);
    const QByteArray body = request(u"x"_s, u"a@example.com"_s, u"Hello"_s, u"Body"_s);
    CHECK(intake.client->post(u"/v1/requests"_s, body, {{"Content-Type", "application/json"}}).status == 401);
    CHECK(intake.client->postSigned(WebhookSignature::newSecret(), "msg_a", intake.now(), body).status == 401);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 0);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.intake_requests"_s) == 0);

    // An agent may not add one: the server refuses, and no secret is left behind.
    {
        ServerConnection alice;
        REQUIRE(alice.open(intake.server.as(u"alice"_s), u"team-intake-alice"_s));
        TeamIntakeSources sources(QSqlDatabase::database(u"team-intake-alice"_s, false), intake.secrets);
        IntakeSource input;
        input.name = u"sneaky"_s;
        CHECK(!sources.add(input, {}));
        CHECK(!sources.errorString().isEmpty());
        CHECK(!sources.rotateSecret(u"webform"_s, 0, 0));
    }
    QSqlDatabase::removeDatabase(u"team-intake-alice"_s);
    const auto keys = intake.secrets.keys(intake.t.clock.now().toMSecsSinceEpoch());
    REQUIRE(keys);
    CHECK(!keys->contains(u"sneaky"_s));
    CHECK(keys->contains(u"webform"_s));
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.intake_sources"_s) == 1);
    // A name taken keeps its secret.
    ServerConnection sam;
    REQUIRE(sam.open(intake.server.as(u"sam"_s), u"team-intake-sam2"_s));
    {
        TeamIntakeSources sources(QSqlDatabase::database(u"team-intake-sam2"_s, false), intake.secrets);
        IntakeSource again;
        again.name = u"webform"_s;
        CHECK(!sources.add(again, {}));
    }
    QSqlDatabase::removeDatabase(u"team-intake-sam2"_s);
    CHECK(intake.post(secret, "msg_ok", body).status == 201);
}

TEST_CASE("Team calls: the answer gives the agent a phone ticket and tells their desk, the hang-up keeps its length",
          "[intake][team][phone]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"pbx"_s, Channel::Phone, u"L1"_s);
    QSqlQuery customer(intake.server.admin());
    REQUIRE(
        customer.exec(u"INSERT INTO deskline.customers (name, phone, phone_key)"
                      " VALUES ('张伟', '+86 138 0000 0001', deskline.phone_key('+86 138 0000 0001')) RETURNING id"_s));
    REQUIRE(customer.next());
    const qint64 customerId = customer.value(0).toLongLong();

    // The answering agent's desk listens, as SyncEngine does.
    QSqlDatabase listener = QSqlDatabase::cloneDatabase(intake.server.admin(), u"team-calls-listener"_s);
    REQUIRE(listener.open());
    REQUIRE(listener.driver()->subscribeToNotification(u"deskline_calls"_s));
    QList<QJsonObject> told;
    QObject::connect(listener.driver(), &QSqlDriver::notification, listener.driver(),
                     [&told](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                         told.append(QJsonDocument::fromJson(payload.toString().toUtf8()).object());
                     });

    const IntakeClient::Reply ringing =
        intake.post(secret, "ev_1", event(u"newCall"_s, u"c-1"_s, u"13800000001"_s), u"/v1/calls"_s);
    INFO(ringing.body.toStdString());
    REQUIRE(ringing.status == 200);
    CHECK(json(ringing.body).value(u"state"_s).toString() == u"ringing"_s);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 0);

    const QString alice = intake.server.login(u"alice"_s);
    const IntakeClient::Reply answered =
        intake.post(secret, "ev_2", event(u"answer"_s, u"c-1"_s, u"13800000001"_s, alice), u"/v1/calls"_s);
    REQUIRE(answered.status == 200);
    CHECK(json(answered.body).value(u"state"_s).toString() == u"answered"_s);
    const qint64 ticketId = json(answered.body).value(u"id"_s).toInteger();
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets WHERE id = %1 AND channel = 2 AND status = 1"
                        " AND customer_id = %2 AND assignee_id = %3"_s.arg(ticketId)
                            .arg(customerId)
                            .arg(intake.server.agentId(u"alice"_s))) == 1);
    REQUIRE(QTest::qWaitFor([&] { return !told.isEmpty(); }, 5000));
    CHECK(told.first().value(u"login"_s).toString() == alice);
    CHECK(told.first().value(u"ticket_id"_s).toInteger() == ticketId);

    // Told again (a retry): the same answer, no second ticket, no second pop.
    const IntakeClient::Reply again =
        intake.post(secret, "ev_2", event(u"answer"_s, u"c-1"_s, u"13800000001"_s, alice), u"/v1/calls"_s);
    CHECK(again.body == answered.body);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 1);

    // Answered 3 minutes 5 seconds before the hang-up.
    REQUIRE(
        QSqlQuery(intake.server.admin()).exec(u"UPDATE deskline.calls SET answered_at = deskline.now_ms() - 185000"_s));
    const IntakeClient::Reply hungUp =
        intake.post(secret, "ev_3", event(u"hangup"_s, u"c-1"_s, u"13800000001"_s), u"/v1/calls"_s);
    REQUIRE(hungUp.status == 200);
    CHECK(json(hungUp.body).value(u"state"_s).toString() == u"ended"_s);
    CHECK(json(hungUp.body).value(u"duration_ms"_s).toInteger() >= 185'000);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.messages WHERE ticket_id = %1 AND kind = 2"
                        " AND body LIKE '%%3:05%%' AND body LIKE '%%%2%%'"_s.arg(ticketId)
                            .arg(alice)) == 1);
    CHECK(intake.post(secret, "ev_4", event(u"hangup"_s, u"c-1"_s, u"13800000001"_s), u"/v1/calls"_s).status == 200);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.messages WHERE ticket_id = %1"_s.arg(ticketId)) == 1);
    CHECK(told.size() == 1);
    listener.close();
    listener = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"team-calls-listener"_s);
}

TEST_CASE("Team calls: one nobody answered opens a missed-call ticket for a caller made from the number",
          "[intake][team][phone]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"pbx"_s, Channel::Phone, u"L1"_s);
    REQUIRE(intake.post(secret, "ev_1", event(u"newCall"_s, u"c-9"_s, u"13900000009"_s), u"/v1/calls"_s).status == 200);
    const IntakeClient::Reply missed =
        intake.post(secret, "ev_2", event(u"hangup"_s, u"c-9"_s, u"13900000009"_s), u"/v1/calls"_s);
    REQUIRE(missed.status == 200);
    CHECK(json(missed.body).value(u"state"_s).toString() == u"missed"_s);
    const qint64 ticketId = json(missed.body).value(u"id"_s).toInteger();
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets WHERE id = %1 AND assignee_id IS NULL"
                        " AND channel = 2"_s.arg(ticketId)) == 1);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.ticket_tags WHERE ticket_id = %1 AND tag = 'missed-call'"_s.arg(
              ticketId)) == 1);
    CHECK(intake.scalar(
              u"SELECT count(*) FROM deskline.customers WHERE phone_key LIKE reverse('13900000009') || '%'"_s) == 1);
    CHECK(intake.scalar(
              u"SELECT count(*) FROM deskline.messages WHERE ticket_id = %1 AND body LIKE '%%400-820-8820%%'"_s.arg(
                  ticketId)) == 1);
    // A web source may not post calls.
    const QString web = intake.addSource(u"webform"_s);
    // The gateway reads its sources again after a while, not on every request.
    intake.t.clock.set(intake.t.clock.now().addSecs(120));
    CHECK(intake.post(web, "ev_3", event(u"newCall"_s, u"c-10"_s, u"13900000009"_s), u"/v1/calls"_s).status == 403);
}

TEST_CASE("deskctl channel add-source --url: the secret printed once, the source listed, the gateway serving it",
          "[intake][team][cli]")
{
    TestServer server;
    TestStore t;
    ServerAdmin admin(server.admin());
    const QString gatewayLogin = server.database() + u"_gw"_s;
    REQUIRE(admin.addGateway(gatewayLogin, u"gateway-password"_s));
    const QString secretsFile = t.dir.filePath(u"team.intakekeys"_s);
    const auto deskctl = [](const QStringList &arguments) {
        QProcess process;
        process.start(QStringLiteral(DESKCTL_PATH), arguments);
        REQUIRE(process.waitForFinished(60000));
        return std::pair{process.exitCode(),
                         QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())};
    };
    const ServerAddress sam = server.as(u"sam"_s);
    const auto [added, addOutput] =
        deskctl({u"channel"_s, u"add-source"_s, u"--url"_s, sam.toUrl(true), u"--name"_s, u"shop-form"_s,
                 u"--channel"_s, u"web"_s, u"--team"_s, u"L1"_s, u"--secrets-file"_s, secretsFile});
    INFO(addOutput.toStdString());
    REQUIRE(added == 0);
    const QString secret = addOutput.trimmed().split(u'\n').last().trimmed();
    CHECK(secret.startsWith(u"whsec_"_s));
    CHECK(!QFile::permissions(secretsFile).testFlag(QFileDevice::ReadOther));
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.intake_sources WHERE name = 'shop-form'"_s) == 1);

    const auto [listed, listOutput] =
        deskctl({u"channel"_s, u"list-sources"_s, u"--url"_s, sam.toUrl(true), u"--json"_s});
    REQUIRE(listed == 0);
    const QJsonArray sources = QJsonDocument::fromJson(listOutput.toUtf8()).array();
    REQUIRE(sources.size() == 1);
    CHECK(sources.first().toObject().value(u"team"_s).toString() == u"L1"_s);
    CHECK(!listOutput.contains(secret));

    // The gateway of the team, with its intake on a free port.
    quint16 port = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ServerAddress gateway = server.adminAddress();
    gateway.login = gatewayLogin;
    gateway.password = u"gateway-password"_s;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(DESKCTL_PATH),
                  {u"gateway"_s, u"--url"_s, gateway.toUrl(true), u"--listen"_s, u"127.0.0.1:%1"_s.arg(port),
                   u"--chat-listen"_s, u"off"_s, u"--secrets-file"_s, secretsFile, u"--key-file"_s,
                   t.dir.filePath(u"team.mailkey"_s)});
    REQUIRE(process.waitForStarted());
    IntakeClient client(u"http://127.0.0.1:%1"_s.arg(port));
    IntakeClient::Reply reply;
    const QByteArray body = request(u"order-1"_s, u"wang@example.com"_s, u"发票"_s, u"请开发票"_s);
    // The gateway is up once it answers; until then the connection is refused (status 0).
    REQUIRE(QTest::qWaitFor(
        [&] {
            // The gateway's own clock is the system's.
            reply = client.postSigned(secret, "msg_cli", QDateTime::currentSecsSinceEpoch(), body);
            return reply.status != 0 || process.state() != QProcess::Running;
        },
        30000));
    INFO(QString::fromUtf8(process.readAll()).toStdString());
    CHECK(reply.status == 201);
    CHECK(server.scalar(u"SELECT count(*) FROM deskline.tickets WHERE subject = '发票'"_s) == 1);
    process.terminate();
    REQUIRE(process.waitForFinished(30000));
    const QString log = QString::fromUtf8(process.readAll());
    CHECK(!log.contains(secret));
}

TEST_CASE("Team calls: the card pops on the answering agent's window, and the system's hang-up stops its timer",
          "[intake][team][phone][gui]")
{
    TeamIntake intake;
    const QString secret = intake.addSource(u"pbx"_s, Channel::Phone, u"L1"_s);
    REQUIRE(QSqlQuery(intake.server.admin())
                .exec(u"INSERT INTO deskline.customers (name, phone, phone_key)"
                      " VALUES ('张伟', '+86 138 0000 0001', deskline.phone_key('+86 138 0000 0001'))"_s));
    TestDesk alice(intake.server.as(u"alice"_s), true);
    TestDesk bob(intake.server.as(u"bob"_s), true);
    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Desk aliceDesk(*alice.store);
    MainWindow aliceWindow(aliceDesk, alice.clock, settings);
    SyncRelay::connect(*alice.engine, *alice.store);
    aliceWindow.attachSync(alice.engine.get(), u"alice@test"_s);
    Desk bobDesk(*bob.store);
    MainWindow bobWindow(bobDesk, bob.clock, settings);
    SyncRelay::connect(*bob.engine, *bob.store);
    bobWindow.attachSync(bob.engine.get(), u"bob@test"_s);
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());

    REQUIRE(intake.post(secret, "ev_1", event(u"newCall"_s, u"c-7"_s, u"13800000001"_s), u"/v1/calls"_s).status == 200);
    const IntakeClient::Reply answered =
        intake.post(secret, "ev_2", event(u"answer"_s, u"c-7"_s, u"13800000001"_s, intake.server.login(u"alice"_s)),
                    u"/v1/calls"_s);
    REQUIRE(answered.status == 200);
    const qint64 serverTicket = json(answered.body).value(u"id"_s).toInteger();

    REQUIRE(QTest::qWaitFor([&] { return !aliceWindow.callCards().isEmpty(); }, 15000));
    CallCard *card = aliceWindow.callCards().first();
    CHECK(card->ticketId() == alice.localTicket(serverTicket));
    CHECK(card->isCallRunning());
    CHECK(card->endButton()->isHidden());
    CHECK(card->callerLabel()->text().contains(u"138"_s));
    // The ticket reached bob's desk too, but the card is alice's alone.
    REQUIRE(QTest::qWaitFor([&] { return bob.localTicket(serverTicket) > 0; }, 15000));
    CHECK(bobWindow.callCards().isEmpty());

    REQUIRE(
        QSqlQuery(intake.server.admin()).exec(u"UPDATE deskline.calls SET answered_at = deskline.now_ms() - 185000"_s));
    REQUIRE(intake.post(secret, "ev_3", event(u"hangup"_s, u"c-7"_s, u"13800000001"_s), u"/v1/calls"_s).status == 200);
    REQUIRE(QTest::qWaitFor([&] { return !card->isCallRunning(); }, 15000));
    CHECK(card->timerLabel()->text().contains(u"3:05"_s));
    CHECK(aliceWindow.callCards().size() == 1);
}

TEST_CASE(
    "Team replies: an agent's public reply on a desk goes back to the source, signed, and every desk sees it sent",
    "[intake][team][webhook]")
{
    WebhookReceiver receiver;
    TeamIntake intake;
    const QString secret = intake.addSource(u"weibo"_s, Channel::Social, u"L1"_s, receiver.url());
    QJsonObject posted =
        QJsonDocument::fromJson(request(u"thread-77"_s, {}, u"订单未到"_s, u"我的订单三天没到"_s)).object();
    posted.insert(u"customer"_s, QJsonObject{{u"external_id"_s, u"u-8842"_s}, {u"name"_s, u"李娜"_s}});
    const IntakeClient::Reply taken =
        intake.post(secret, "msg_in_1", QJsonDocument(posted).toJson(QJsonDocument::Compact));
    REQUIRE(taken.status == 201);
    const qint64 serverTicket = json(taken.body).value(u"id"_s).toInteger();

    TestDesk alice(intake.server.as(u"alice"_s));
    REQUIRE(alice.sync());
    const qint64 ticket = alice.localTicket(serverTicket);
    REQUIRE(ticket > 0);
    ConversationService conversation(*alice.store);
    REQUIRE(conversation.addNote(ticket, u"查物流"_s)); // a note stays with the team
    const auto reply = conversation.reply(ticket, u"您好，已为您加急处理。"_s);
    REQUIRE(reply);
    REQUIRE(alice.sync());
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.intake_replies WHERE delivery = 1"_s) == 1);

    // The gateway's sender, on a connection of its own.
    const auto send = [&] {
        ServerConnection connection;
        REQUIRE(connection.open(intake.gatewayAddress(), u"team-replies"_s));
        ReplyWebhookSender::Tally tally;
        {
            ServerReplyWebhookOutbox outbox(u"team-replies"_s);
            tally = ReplyWebhookSender(outbox, intake.secrets.path(), WebhookClient(5000)).sendDue();
        }
        INFO(tally.problems.join(u"\n"_s).toStdString());
        CHECK(tally.problems.isEmpty());
        return tally;
    };
    CHECK(send().sent == 1);
    const QList<HttpRequest> got = receiver.requests();
    REQUIRE(got.size() == 1);
    const HttpRequest &webhook = got.first();
    const QByteArray id = webhook.header("webhook-id");
    CHECK(id.startsWith("msg_"));
    CHECK(WebhookSignature::matches(*WebhookSignature::keyOf(secret), id, webhook.header("webhook-timestamp"),
                                    webhook.body, webhook.header("webhook-signature")));
    const QJsonObject data = QJsonDocument::fromJson(webhook.body).object().value(u"data"_s).toObject();
    CHECK(data.value(u"source"_s).toString() == u"weibo"_s);
    CHECK(data.value(u"external_id"_s).toString() == u"thread-77"_s);
    CHECK(data.value(u"ticket"_s).toString() == u"#%1"_s.arg(serverTicket));
    CHECK(data.value(u"body"_s).toString() == u"您好，已为您加急处理。"_s);
    CHECK(data.value(u"customer"_s).toObject().value(u"external_id"_s).toString() == u"u-8842"_s);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.intake_replies WHERE delivery = 2"_s) == 1);

    // The desk hears it was sent.
    REQUIRE(alice.sync());
    const auto seen = IntakeReplyStore(*alice.store).reply(*reply);
    REQUIRE(seen);
    CHECK(seen->delivery == MailDelivery::Sent);
    CHECK(seen->webhookId.toUtf8() == id);

    // A receiver that is down for a moment: the reply waits for another try, and says why.
    receiver.answerWith(503, "busy");
    const auto second = conversation.reply(ticket, u"请查收快递单号。"_s);
    REQUIRE(second);
    REQUIRE(alice.sync());
    CHECK(send().retrying == 1);
    CHECK(send().retrying == 0); // not due again yet: nothing posted twice
    CHECK(receiver.requests().size() == 2);
    REQUIRE(alice.sync());
    const auto waiting = IntakeReplyStore(*alice.store).reply(*second);
    REQUIRE(waiting);
    CHECK(waiting->delivery == MailDelivery::Waiting);
    CHECK(waiting->deliveryDetail.contains(u"503"_s));
    CHECK(intake.scalar(u"SELECT attempts FROM deskline.intake_replies WHERE delivery = 1"_s) == 1);
}

TEST_CASE("Team intake through a server restart: 503 while it is down, nothing half-written, the retry taken once",
          "[intake][team][faults]")
{
    if (!TestServer::canRestart()) {
        WARN("Skipped: the server given by DESKLINE_TEST_PG_URL is not restarted by tests");
        return;
    }
    TeamIntake intake;
    const QString secret = intake.addSource(u"webform"_s);
    const QByteArray first = request(u"form-1"_s, u"a@example.com"_s, u"Before"_s, u"before the restart"_s);
    REQUIRE(intake.post(secret, "msg_before", first).status == 201); // the gateway's connection is open

    TestServer::stopServer();
    const QByteArray during = request(u"form-2"_s, u"b@example.com"_s, u"During"_s, u"while it is down"_s);
    const IntakeClient::Reply refused = intake.post(secret, "msg_during", during);
    CHECK(refused.status == 503);
    TestServer::startServer();
    intake.server.reconnect();

    // The source retries under the same id: taken now, once; the gateway opened its connection again.
    const IntakeClient::Reply retried = intake.post(secret, "msg_during", during);
    INFO(retried.body.toStdString());
    CHECK(retried.status == 201);
    CHECK(intake.post(secret, "msg_during", during).body == retried.body);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.tickets"_s) == 2);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.messages WHERE body = 'while it is down'"_s) == 1);
    CHECK(intake.scalar(u"SELECT count(*) FROM deskline.intake_requests"_s) == 2);
}
