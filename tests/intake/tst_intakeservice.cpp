#include "bodymutator.h"
#include "catchcompat.h"
#include "intakeclient.h"
#include "intakeservice.h"
#include "intakesources.h"
#include "localintakebackend.h"
#include "teststore.h"
#include "webhooksignature.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// A standalone desk's store with its intake serving on a free loopback port.
struct Intake {
    explicit Intake(qint64 maxBodyBytes = 1024 * 1024)
        : secrets(IntakeSecrets::pathFor(t.path()))
    {
        IntakeService::Options options;
        options.http.port = 0;
        options.http.maxBodyBytes = maxBodyBytes;
        service = std::make_unique<IntakeService>(LocalIntakeBackend::factory(t.path(), t.clock), secrets.path(),
                                                  t.clock, options);
        REQUIRE(service->start());
        client = std::make_unique<IntakeClient>(u"http://127.0.0.1:%1"_s.arg(service->port()));
    }

    QString addSource(const QString &name, Channel channel = Channel::Web, int perMinute = 600)
    {
        IntakeSources sources(*t.store, secrets);
        IntakeSource input;
        input.name = name;
        input.channel = channel;
        input.requestsPerMinute = perMinute;
        const auto secret = sources.add(input);
        REQUIRE(secret);
        return *secret;
    }

    qint64 now() const { return t.clock.now().toSecsSinceEpoch(); }
    IntakeClient::Reply post(const QString &secret, const QByteArray &id, const QByteArray &body)
    {
        return client->postSigned(secret, id, now(), body);
    }

    qint64 count(const QString &table)
    {
        QSqlQuery query(t.store->database());
        query.exec(u"SELECT count(*) FROM "_s + table);
        query.next();
        return query.value(0).toLongLong();
    }

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

QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

TEST_CASE("A signed request opens a web ticket; its webhook-id again gets the first answer and adds nothing",
          "[intake]")
{
    Intake intake;
    const QString secret = intake.addSource(u"webform"_s);
    const qint64 tickets = intake.count(u"tickets"_s);
    const QByteArray body = request(u"form-17"_s, u"zhang.wei@example.com"_s, u"无法登录"_s, u"登录时提示密码错误"_s);

    const IntakeClient::Reply first = intake.post(secret, "msg_001", body);
    REQUIRE(first.status == 201);
    const qint64 ticketId = json(first.body).value(u"id"_s).toInteger();
    CHECK(json(first.body).value(u"outcome"_s).toString() == u"new_ticket"_s);
    CHECK(intake.count(u"tickets"_s) == tickets + 1);
    const auto ticket = intake.t.store->ticket(ticketId);
    REQUIRE(ticket);
    CHECK(ticket->subject == u"无法登录"_s);
    CHECK(ticket->channel == Channel::Web);
    CHECK(intake.t.store->tags(ticketId).contains(u"登录"_s));
    CHECK(intake.t.store->messages(ticketId).size() == 1);
    CHECK(intake.t.store->messages(ticketId).first().body == u"登录时提示密码错误"_s);

    // A retry after a lost answer: the same words back, nothing added.
    const IntakeClient::Reply repeat = intake.post(secret, "msg_001", body);
    CHECK(repeat.status == 201);
    CHECK(repeat.body == first.body);
    CHECK(intake.count(u"tickets"_s) == tickets + 1);
    CHECK(intake.t.store->messages(ticketId).size() == 1);

    // The same conversation again under a new id: a message on the same ticket.
    const IntakeClient::Reply more =
        intake.post(secret, "msg_002", request(u"form-17"_s, u"zhang.wei@example.com"_s, {}, u"还是不行"_s));
    CHECK(more.status == 201);
    CHECK(json(more.body).value(u"id"_s).toInteger() == ticketId);
    CHECK(json(more.body).value(u"outcome"_s).toString() == u"added_to_ticket"_s);
    CHECK(intake.t.store->messages(ticketId).size() == 2);
    CHECK(intake.count(u"customers WHERE email = 'zhang.wei@example.com'"_s) == 1);
}

TEST_CASE("Unsigned, wrongly signed, stale and forged requests get 401 and change nothing", "[intake][security]")
{
    Intake intake;
    const QString secret = intake.addSource(u"webform"_s);
    const QString other = WebhookSignature::newSecret();
    const QByteArray body = request(u"x"_s, u"a@example.com"_s, u"Hello"_s, u"Body"_s);
    const qint64 tickets = intake.count(u"tickets"_s);
    const qint64 now = intake.now();

    CHECK(intake.client->post(u"/v1/requests"_s, body, {{"Content-Type", "application/json"}}).status == 401);
    CHECK(intake.client->postSigned(other, "msg_a", now, body).status == 401);
    CHECK(intake.client->postSigned(secret, "msg_b", now - WebhookSignature::toleranceSeconds - 5, body).status == 401);
    CHECK(intake.client->postSigned(secret, "msg_c", now + WebhookSignature::toleranceSeconds + 5, body).status == 401);
    // Signed for one body, sent with another.
    const QByteArray signature = WebhookSignature::sign(*WebhookSignature::keyOf(secret), "msg_d", now, body);
    const QByteArray forged = request(u"x"_s, u"a@example.com"_s, u"Hello"_s, u"Pay to account 123"_s);
    CHECK(intake.client
              ->post(u"/v1/requests"_s, forged,
                     {{"webhook-id", "msg_d"},
                      {"webhook-timestamp", QByteArray::number(now)},
                      {"webhook-signature", signature}})
              .status == 401);
    // Signed for another id (a replay of a captured request under a fresh id).
    CHECK(intake.client
              ->post(u"/v1/requests"_s, body,
                     {{"webhook-id", "msg_e"},
                      {"webhook-timestamp", QByteArray::number(now)},
                      {"webhook-signature", signature}})
              .status == 401);
    CHECK(intake.count(u"tickets"_s) == tickets);
    CHECK(intake.count(u"intake_requests"_s) == 0);

    // The real one still goes through: nothing above spent its id.
    CHECK(intake.client
              ->post(u"/v1/requests"_s, body,
                     {{"webhook-id", "msg_d"},
                      {"webhook-timestamp", QByteArray::number(now)},
                      {"webhook-signature", signature}})
              .status == 201);
}

TEST_CASE("Bad JSON gets 400 naming the field; an oversized body 413; nothing is kept", "[intake]")
{
    Intake intake(64 * 1024);
    const QString secret = intake.addSource(u"bridge"_s, Channel::Social);
    const qint64 tickets = intake.count(u"tickets"_s);
    const struct {
        QByteArray body;
        QString field;
    } cases[] = {
        {"{not json", QString()},
        {"[1,2]", QString()},
        {R"({"body":"hi"})", u"customer"_s},
        {R"({"customer":{"name":"No way to reach"},"body":"hi"})", u"customer"_s},
        {R"({"customer":{"email":"not-an-address"},"body":"hi"})", u"customer.email"_s},
        {R"({"customer":{"phone":"call me maybe"},"body":"hi"})", u"customer.phone"_s},
        {R"({"customer":{"email":"a@example.com"},"body":42})", u"body"_s},
        {R"({"customer":{"email":"a@example.com"}})", u"body"_s},
        {R"({"customer":{"email":"a@example.com"},"body":"hi","channel":"phone"})", u"channel"_s},
        {R"({"customer":{"email":"a@example.com"},"body":"hi","tags":"vip"})", u"tags"_s},
        {R"({"customer":{"email":"a@example.com"},"body":"hi","attachments":[{"name":"a.txt","content_base64":"@@@"}]})",
         u"attachments[0].content_base64"_s},
    };
    int n = 0;
    for (const auto &c : cases) {
        INFO(c.body.toStdString());
        const IntakeClient::Reply reply = intake.post(secret, "msg_bad_" + QByteArray::number(++n), c.body);
        CHECK(reply.status == 400);
        CHECK(json(reply.body).value(u"field"_s).toString() == c.field);
        CHECK(!json(reply.body).value(u"error"_s).toString().isEmpty());
    }
    const QByteArray huge = request(u"big"_s, u"a@example.com"_s, u"Big"_s, QString(70 * 1024, u'x'));
    const IntakeClient::Reply tooLarge = intake.post(secret, "msg_huge", huge);
    CHECK(tooLarge.status == 413);
    CHECK(intake.count(u"tickets"_s) == tickets);
    CHECK(intake.count(u"intake_requests"_s) == 0);

    // Files within the limit arrive, named safely and typed by their bytes.
    const QByteArray png = QByteArray::fromBase64(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    const QByteArray withFile =
        QJsonDocument(QJsonObject{{u"customer"_s, QJsonObject{{u"username"_s, u"wei88"_s}}},
                                  {u"body"_s, u"截图"_s},
                                  {u"attachments"_s, QJsonArray{QJsonObject{
                                                         {u"name"_s, u"../../etc/passwd.exe"_s},
                                                         {u"mime_type"_s, u"text/plain"_s},
                                                         {u"content_base64"_s, QString::fromLatin1(png.toBase64())}}}}})
            .toJson(QJsonDocument::Compact);
    const IntakeClient::Reply ok = intake.post(secret, "msg_file", withFile);
    REQUIRE(ok.status == 201);
    const qint64 ticketId = json(ok.body).value(u"id"_s).toInteger();
    CHECK(intake.t.store->ticket(ticketId)->channel == Channel::Social);
    const auto files = intake.t.store->messages(ticketId).first().attachments;
    REQUIRE(files.size() == 1);
    CHECK(files.first().name == u"passwd.exe"_s);
    CHECK(files.first().mimeType == u"image/png"_s);
}

TEST_CASE("A source posting too fast is told to wait with Retry-After; others are not held", "[intake]")
{
    Intake intake;
    const QString slow = intake.addSource(u"slow"_s, Channel::Web, 3);
    const QString busy = intake.addSource(u"busy"_s, Channel::Web, 600);
    for (int i = 0; i < 3; ++i)
        CHECK(intake
                  .post(slow, "msg_s" + QByteArray::number(i),
                        request(QString(), u"s%1@example.com"_s.arg(i), u"S"_s, u"B"_s))
                  .status == 201);
    const IntakeClient::Reply held =
        intake.post(slow, "msg_s3", request(QString(), u"s3@example.com"_s, u"S"_s, u"B"_s));
    CHECK(held.status == 429);
    CHECK(held.headers.value("retry-after").toInt() >= 1);
    CHECK(intake.post(busy, "msg_b0", request(QString(), u"b@example.com"_s, u"B"_s, u"B"_s)).status == 201);
    CHECK(intake.count(u"intake_requests"_s) == 4);
}

TEST_CASE("A rotated secret keeps the old one valid for its grace; a removed source is refused", "[intake]")
{
    Intake intake;
    const QString old = intake.addSource(u"webform"_s);
    IntakeSources sources(*intake.t.store, intake.secrets);
    const auto fresh = sources.rotateSecret(u"webform"_s, 60 * 60 * 1000);
    REQUIRE(fresh);
    CHECK(*fresh != old);
    // The service reads the secrets again within a second of its clock.
    intake.t.clock.set(intake.t.clock.now().addSecs(2));
    CHECK(intake.post(*fresh, "msg_new", request(QString(), u"n@example.com"_s, u"N"_s, u"B"_s)).status == 201);
    CHECK(intake.post(old, "msg_old", request(QString(), u"o@example.com"_s, u"O"_s, u"B"_s)).status == 201);
    // Past the grace, only the new one.
    intake.t.clock.set(intake.t.clock.now().addSecs(2 * 60 * 60));
    CHECK(intake.post(old, "msg_old2", request(QString(), u"o@example.com"_s, u"O"_s, u"B"_s)).status == 401);
    REQUIRE(sources.remove(u"webform"_s));
    intake.t.clock.set(intake.t.clock.now().addSecs(2));
    CHECK(intake.post(*fresh, "msg_gone", request(QString(), u"g@example.com"_s, u"G"_s, u"B"_s)).status == 401);
    // The secrets file is its owner's alone.
    CHECK((QFile(intake.secrets.path()).permissions() &
           (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteOther)) == 0);
}

TEST_CASE("Thousands of mutated requests: no crash, no partial ticket, nothing taken twice", "[intake][fuzz]")
{
    Intake intake(256 * 1024);
    const QString secret = intake.addSource(u"webform"_s, Channel::Web, 100'000);
    const qint64 tickets = intake.count(u"tickets"_s);
    QRandomGenerator random(20261202);
    const QByteArray seed = request(u"conv"_s, u"f@example.com"_s, u"无法登录"_s, u"内容"_s);
    int created = 0;
    for (int i = 0; i < 2000; ++i) {
        QByteArray body = seed;
        const int mutations = 1 + int(random.bounded(4));
        BodyMutator::mutate(body, random, mutations);
        const QByteArray id = "fz_" + QByteArray::number(i % 1500); // some ids come twice
        IntakeClient::Reply reply;
        switch (random.bounded(3)) {
        case 0: { // headers mangled too
            QByteArray signature = WebhookSignature::sign(*WebhookSignature::keyOf(secret), id, intake.now(), body);
            const int at = 3 + int(random.bounded(signature.size() - 3));
            char changed = signature.at(at);
            while (changed == signature.at(at))
                changed = char(0x21 + random.bounded(90));
            signature[at] = changed;
            reply = intake.client->post(u"/v1/requests"_s, body,
                                        {{"webhook-id", id},
                                         {"webhook-timestamp", QByteArray::number(intake.now())},
                                         {"webhook-signature", signature}});
            CHECK(reply.status == 401);
            break;
        }
        default:
            reply = intake.post(secret, id, body);
            CHECK((reply.status == 201 || reply.status == 400));
        }
        INFO(reply.status);
        REQUIRE(reply.status != 0);
        if (reply.status == 201 && json(reply.body).value(u"outcome"_s).toString() == u"new_ticket"_s)
            ++created;
    }
    // Every ticket the intake opened has its customer's message, and each id was taken once.
    CHECK(intake.count(u"tickets"_s) <= tickets + created);
    CHECK(intake.count(u"tickets t WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id)"_s) == 0);
    CHECK(intake.count(u"(SELECT webhook_id FROM intake_requests GROUP BY webhook_id HAVING count(*) > 1)"_s) == 0);
    CHECK(intake.client->get(u"/v1/health"_s).status == 200);
}

TEST_CASE("deskctl: add-source prints the secret on a line of its own; the gateway takes its requests over HTTP",
          "[intake][deskctl]")
{
    TestStore t;
    t.store.reset(); // the gateway and deskctl use the file
    QProcess add;
    add.start(QStringLiteral(DESKCTL_PATH), {u"channel"_s, u"add-source"_s, u"--database"_s, t.path(), u"--name"_s,
                                             u"shop-form"_s, u"--channel"_s, u"web"_s});
    REQUIRE(add.waitForFinished(30000));
    REQUIRE(add.exitCode() == 0);
    const QString secret = QString::fromUtf8(add.readAllStandardOutput()).trimmed().section(u'\n', -1);
    REQUIRE(WebhookSignature::keyOf(secret));

    QProcess gateway;
    gateway.start(QStringLiteral(DESKCTL_PATH), {u"gateway"_s, u"--database"_s, t.path(), u"--listen"_s,
                                                 u"127.0.0.1:0"_s, u"--chat-listen"_s, u"127.0.0.1:0"_s});
    QString log;
    const QRegularExpression listening(u"intake listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
    const QRegularExpression chatListening(u"chat listening on http://127\\.0\\.0\\.1:(\\d+)/chat"_s);
    QRegularExpressionMatch match;
    while (!(match = listening.match(log)).hasMatch() || !chatListening.match(log).hasMatch()) {
        REQUIRE(gateway.waitForReadyRead(30000));
        log += QString::fromUtf8(gateway.readAllStandardOutput());
    }
    // The chat page beside the intake, on a port of its own.
    IntakeClient chat(u"http://127.0.0.1:"_s + chatListening.match(log).captured(1));
    const IntakeClient::Reply page = chat.get(u"/chat"_s);
    CHECK(page.status == 200);
    CHECK(page.headers.value("content-security-policy").contains("script-src 'self'"));
    IntakeClient client(u"http://127.0.0.1:"_s + match.captured(1));
    const IntakeClient::Reply reply =
        client.postSigned(secret, "msg_cli", QDateTime::currentSecsSinceEpoch(),
                          request(u"o-1"_s, u"li.na@example.com"_s, u"订单未到"_s, u"订单三天没到"_s));
    CHECK(reply.status == 201);
    gateway.terminate();
    REQUIRE(gateway.waitForFinished(30000));
    log += QString::fromUtf8(gateway.readAllStandardOutput());
    // The log names what happened, never the secret.
    CHECK(log.contains(u"msg_cli"_s));
    CHECK(!log.contains(secret.mid(6, 20)));

    SystemClock clock;
    LocalStore store(clock);
    REQUIRE(store.open(t.path()));
    const auto ticket = store.ticket(json(reply.body).value(u"id"_s).toInteger());
    REQUIRE(ticket);
    CHECK(ticket->subject == u"订单未到"_s);
}

TEST_CASE("The social-media bridge example posts a thread's messages onto one social ticket", "[intake][example]")
{
    Intake intake;
    // The bridge signs with the real time.
    intake.t.clock.set(QDateTime::currentDateTimeUtc());
    const QString secret = intake.addSource(u"weibo"_s, Channel::Social);
    QProcess bridge;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DESKLINE_INTAKE_SECRET"_s, secret);
    bridge.setProcessEnvironment(environment);
    bridge.start(u"python3"_s, {QStringLiteral(DESKLINE_SOURCE_DIR "/packaging/examples/social-bridge.py"), u"--url"_s,
                                u"http://127.0.0.1:%1"_s.arg(intake.service->port())});
    REQUIRE(bridge.waitForStarted(30000));
    bridge.write(R"({"thread": "t-1", "user_id": "u-9", "user_name": "小王", "text": "快递丢了"})"
                 "\n"
                 R"({"thread": "t-1", "user_id": "u-9", "user_name": "小王", "text": "单号 SF123"})"
                 "\n");
    bridge.closeWriteChannel();
    REQUIRE(bridge.waitForFinished(60000));
    INFO(bridge.readAllStandardError().toStdString());
    const QByteArray printed = bridge.readAllStandardOutput();
    INFO(printed.toStdString());
    const QList<QByteArray> lines = printed.trimmed().split('\n');
    REQUIRE(lines.size() == 2);
    CHECK(lines.at(0).startsWith("201 "));
    CHECK(lines.at(1).contains("added_to_ticket"));
    const qint64 ticketId = json(lines.at(0).mid(4)).value(u"id"_s).toInteger();
    CHECK(intake.t.store->ticket(ticketId)->channel == Channel::Social);
    CHECK(intake.t.store->messages(ticketId).size() == 2);
}
