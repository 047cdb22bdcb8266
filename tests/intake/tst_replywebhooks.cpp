#include "catchcompat.h"
#include "chatdesk.h"
#include "conversationmodel.h"
#include "conversationservice.h"
#include "httpserver.h"
#include "intakeclient.h"
#include "intakereplystore.h"
#include "intakesecrets.h"
#include "intakesources.h"
#include "intakestore.h"
#include "localstore.h"
#include "replywebhookoutbox.h"
#include "replywebhooksender.h"
#include "requestintake.h"
#include "teststore.h"
#include "webhookreceiver.h"
#include "webhooksignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <atomic>
#include <mutex>

using namespace Qt::StringLiterals;

namespace {

// A standalone desk with a social bridge as a source whose replies go to the receiver.
struct Desk {
    explicit Desk(const QString &replyUrl)
        : secrets(IntakeSecrets::pathFor(t.path()))
    {
        IntakeSource input;
        input.name = u"weibo"_s;
        input.channel = Channel::Social;
        input.replyUrl = replyUrl;
        const auto made = IntakeSources(*t.store, secrets).add(input);
        REQUIRE(made);
        secret = *made;
        source = *IntakeStore(*t.store).source(u"weibo"_s);
    }

    qint64 request(const QString &webhookId, const QString &thread, const QString &body)
    {
        IntakeRequest request;
        request.externalId = thread;
        request.channel = Channel::Social;
        request.customer.externalId = u"u-8842"_s;
        request.customer.name = u"李娜"_s;
        request.customer.username = u"@lina"_s;
        request.subject = u"订单未到"_s;
        request.body = body;
        const auto taken = RequestIntake(*t.store).take(source, webhookId, request);
        REQUIRE(taken);
        return taken->ticketId;
    }

    qint64 reply(qint64 ticketId, const QString &text)
    {
        const auto id = ConversationService(*t.store).reply(ticketId, text);
        REQUIRE(id);
        return *id;
    }

    ReplyWebhookSender::Tally send()
    {
        ReplyWebhookOutbox outbox(*t.store);
        ReplyWebhookSender sender(outbox, secrets.path(), WebhookClient(5000));
        const ReplyWebhookSender::Tally tally = sender.sendDue();
        CHECK(tally.problems.isEmpty());
        return tally;
    }

    std::optional<IntakeReply> state(qint64 messageId) { return IntakeReplyStore(*t.store).reply(messageId); }

    TestStore t;
    IntakeSecrets secrets;
    QString secret;
    IntakeSource source;
};

QJsonObject dataOf(const HttpRequest &request)
{
    return QJsonDocument::fromJson(request.body).object().value(u"data"_s).toObject();
}

} // namespace

TEST_CASE("An agent's public reply goes back to the source's reply URL once, signed with its secret",
          "[intake][webhooks]")
{
    WebhookReceiver receiver;
    Desk desk(receiver.url());
    const qint64 ticket = desk.request(u"msg_in_1"_s, u"thread-77"_s, u"我的订单三天没到"_s);
    ConversationService conversation(*desk.t.store);
    REQUIRE(conversation.addNote(ticket, u"查物流"_s)); // a note stays on the desk
    const qint64 reply = desk.reply(ticket, u"您好，已为您加急处理。"_s);

    const ReplyWebhookSender::Tally tally = desk.send();
    CHECK(tally.sent == 1);
    const QList<HttpRequest> got = receiver.requests();
    REQUIRE(got.size() == 1);
    const HttpRequest &webhook = got.first();
    CHECK(webhook.method == "POST");
    CHECK(webhook.path == "/deskline/replies");
    CHECK(webhook.query.value("token") == "t0ps3cret");
    CHECK(webhook.header("content-type") == "application/json");
    // The receiver checks it as the gateway checks the source's requests: the same scheme, the
    // same secret, within the tolerance of its own clock's time.
    const QByteArray id = webhook.header("webhook-id");
    const QByteArray timestamp = webhook.header("webhook-timestamp");
    CHECK(id.startsWith("msg_"));
    CHECK(WebhookSignature::checkHeaders(id, timestamp, webhook.header("webhook-signature"),
                                         desk.t.clock.now().toSecsSinceEpoch()) == WebhookSignature::Verdict::Valid);
    CHECK(WebhookSignature::matches(*WebhookSignature::keyOf(desk.secret), id, timestamp, webhook.body,
                                    webhook.header("webhook-signature")));
    CHECK_FALSE(WebhookSignature::matches(*WebhookSignature::keyOf(WebhookSignature::newSecret()), id, timestamp,
                                          webhook.body, webhook.header("webhook-signature")));
    CHECK(QJsonDocument::fromJson(webhook.body).object().value(u"type"_s).toString() == u"reply.created"_s);
    const QJsonObject data = dataOf(webhook);
    CHECK(data.value(u"source"_s).toString() == u"weibo"_s);
    CHECK(data.value(u"external_id"_s).toString() == u"thread-77"_s);
    CHECK(data.value(u"ticket"_s).toString() == desk.t.store->ticket(ticket)->displayId());
    CHECK(data.value(u"body"_s).toString() == u"您好，已为您加急处理。"_s);
    // The source's own id for the customer, not the one that scopes it on the desk.
    CHECK(data.value(u"customer"_s).toObject().value(u"external_id"_s).toString() == u"u-8842"_s);

    const auto state = desk.state(reply);
    REQUIRE(state);
    CHECK(state->delivery == MailDelivery::Sent);
    CHECK(state->webhookId == QString::fromLatin1(id));
    // Sent once: nothing is due any more.
    CHECK(desk.send().sent == 0);
    CHECK(receiver.requests().size() == 1);

    ConversationModel model(*desk.t.store);
    model.setTicket(ticket);
    const QModelIndex last = model.index(model.rowCount() - 1, 0);
    CHECK(last.data(ConversationModel::MessageIdRole).toLongLong() == reply);
    CHECK(last.data(ConversationModel::WebhookRole).toMap().value(u"source"_s).toString() == u"weibo"_s);
    CHECK(last.data(ConversationModel::WebhookRole).toMap().value(u"delivery"_s).toInt() == int(MailDelivery::Sent));
}

TEST_CASE("A reply goes nowhere from a ticket whose source has no reply URL, nor from a ticket typed on the desk",
          "[intake][webhooks]")
{
    Desk desk(QString{});
    const qint64 fromSource = desk.request(u"msg_in_2"_s, u"thread-1"_s, u"你好"_s);
    const qint64 reply = desk.reply(fromSource, u"您好"_s);
    CHECK_FALSE(desk.state(reply));
    const qint64 typed = desk.t.addTicket(desk.t.addCustomer(u"王芳"_s), u"电话咨询"_s, u"…"_s, Channel::Phone);
    CHECK_FALSE(desk.state(desk.reply(typed, u"好的"_s)));
    QSqlQuery query(desk.t.store->database());
    REQUIRE(query.exec(u"SELECT count(*) FROM intake_replies"_s));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 0);
}

TEST_CASE("A receiver's trouble is tried again under the same webhook-id; its refusal leaves the reply undelivered",
          "[intake][webhooks]")
{
    WebhookReceiver receiver;
    Desk desk(receiver.url());
    const qint64 ticket = desk.request(u"msg_in_3"_s, u"thread-9"_s, u"怎么退款"_s);
    const qint64 first = desk.reply(ticket, u"请提供订单号"_s);

    receiver.answerWith(503, "maintenance");
    CHECK(desk.send().retrying == 1);
    auto state = desk.state(first);
    REQUIRE(state);
    CHECK(state->delivery == MailDelivery::Waiting);
    CHECK(state->deliveryDetail.contains(u"503"_s));
    CHECK(state->attempts == 1);
    // Not due again before its pause has passed.
    CHECK(desk.send().retrying == 0);
    CHECK(receiver.requests().size() == 1);

    receiver.answerWith(200);
    desk.t.clock.advance(ReplyWebhookOutbox::retryDelayMs(1));
    CHECK(desk.send().sent == 1);
    const QList<HttpRequest> tries = receiver.requests();
    REQUIRE(tries.size() == 2);
    // The same webhook for the receiver to take once; signed anew for its time.
    CHECK(tries[0].header("webhook-id") == tries[1].header("webhook-id"));
    CHECK(tries[0].body == tries[1].body);
    CHECK(desk.state(first)->delivery == MailDelivery::Sent);

    // A refusal of the webhook itself (the thread was deleted at the source) is final, and a
    // hostile receiver's answer reaches the agent as one short printable line.
    receiver.answerWith(404, "thread gone\r\n\x1b[31m" + QByteArray(5000, 'x'));
    const qint64 second = desk.reply(ticket, u"还在吗？"_s);
    CHECK(desk.send().failed == 1);
    state = desk.state(second);
    REQUIRE(state);
    CHECK(state->delivery == MailDelivery::Failed);
    CHECK(state->deliveryDetail.startsWith(u"HTTP 404: thread gone"_s));
    CHECK(state->deliveryDetail.size() < 240);
    CHECK_FALSE(state->deliveryDetail.contains(QChar(0x1b)));
    desk.t.clock.advance(3600 * 1000);
    CHECK(desk.send().failed == 0);
    CHECK(receiver.requests().size() == 3);

    // A redirect is not followed: a receiver that moved is for a supervisor to change.
    receiver.answerWith(302);
    const qint64 third = desk.reply(ticket, u"第三条"_s);
    CHECK(desk.send().failed == 1);
    CHECK(desk.state(third)->deliveryDetail.startsWith(u"HTTP 302"_s));
    CHECK(receiver.requests().size() == 4);

    ConversationModel model(*desk.t.store);
    model.setTicket(ticket);
    const QModelIndex refused = model.index(model.rowCount() - 2, 0);
    CHECK(refused.data(ConversationModel::MessageIdRole).toLongLong() == second);
    CHECK(refused.data(ConversationModel::WebhookRole).toMap().value(u"delivery"_s).toInt() ==
          int(MailDelivery::Failed));
    CHECK(refused.data(Qt::ToolTipRole).toString().contains(u"thread gone"_s));
}

TEST_CASE("A receiver that is down is tried with a growing pause, then given up; a removed source fails its replies",
          "[intake][webhooks]")
{
    quint16 closedPort = 0;
    {
        WebhookReceiver gone;
        closedPort = gone.port();
    }
    Desk desk(u"http://127.0.0.1:%1/hook"_s.arg(closedPort));
    const qint64 ticket = desk.request(u"msg_in_4"_s, u"thread-4"_s, u"在吗"_s);
    const qint64 reply = desk.reply(ticket, u"在的"_s);
    for (int attempt = 1; attempt < ReplyWebhookOutbox::maxAttempts; ++attempt) {
        INFO("attempt " << attempt);
        REQUIRE(desk.send().retrying == 1);
        CHECK(desk.state(reply)->attempts == attempt);
        desk.t.clock.advance(ReplyWebhookOutbox::retryDelayMs(attempt));
    }
    CHECK(ReplyWebhookOutbox::retryDelayMs(1) == 10 * 1000);
    CHECK(ReplyWebhookOutbox::retryDelayMs(2) == 30 * 1000);
    CHECK(ReplyWebhookOutbox::retryDelayMs(20) == 3600 * 1000);
    CHECK(desk.send().failed == 1);
    CHECK(desk.state(reply)->delivery == MailDelivery::Failed);
    CHECK_FALSE(desk.state(reply)->deliveryDetail.isEmpty());

    const qint64 orphan = desk.reply(ticket, u"再来一条"_s);
    REQUIRE(IntakeSources(*desk.t.store, desk.secrets).remove(u"weibo"_s));
    CHECK(desk.send().failed == 0); // failed while composing: nothing was posted
    CHECK(desk.state(orphan)->delivery == MailDelivery::Failed);
    CHECK(desk.state(orphan)->deliveryDetail.contains(u"removed"_s));
}

TEST_CASE("deskctl gateway sends replies written on the desk while it runs", "[intake][webhooks][deskctl]")
{
    WebhookReceiver receiver;
    qint64 ticket = 0;
    QString path;
    auto desk = std::make_unique<Desk>(receiver.url());
    // The gateway signs with the real time.
    desk->t.clock.set(QDateTime::currentDateTimeUtc());
    ticket = desk->request(u"msg_in_5"_s, u"thread-5"_s, u"你好"_s);
    path = desk->t.path();

    QProcess gateway;
    gateway.setProcessChannelMode(QProcess::MergedChannels);
    gateway.start(QStringLiteral(DESKCTL_PATH), {u"gateway"_s, u"--database"_s, path, u"--listen"_s, u"off"_s});
    REQUIRE(gateway.waitForStarted(30000));
    desk->reply(ticket, u"已处理"_s);
    CHECK(QTest::qWaitFor([&] { return !receiver.requests().isEmpty(); }, 30000));
    gateway.terminate();
    REQUIRE(gateway.waitForFinished(30000));
    const QString log = QString::fromUtf8(gateway.readAll());
    CHECK(log.contains(u"reply webhook msg_"_s));
    // The URL's token and the secret are never logged.
    CHECK_FALSE(log.contains(u"t0ps3cret"_s));
    CHECK_FALSE(log.contains(desk->secret.mid(6, 20)));
    REQUIRE(receiver.requests().size() == 1);
    CHECK(dataOf(receiver.requests().first()).value(u"body"_s).toString() == u"已处理"_s);
}

TEST_CASE("The social-media bridge example takes a reply once and refuses a forged one", "[intake][webhooks][example]")
{
    quint16 port = 0;
    {
        // A free port for the bridge, known before the source is added with it.
        WebhookReceiver probe;
        port = probe.port();
    }
    Desk desk(u"http://127.0.0.1:%1/replies"_s.arg(port));
    // The bridge checks the signature's age against the real time.
    desk.t.clock.set(QDateTime::currentDateTimeUtc());
    const qint64 ticket = desk.request(u"msg_in_6"_s, u"t-42"_s, u"快递丢了"_s);

    QProcess bridge;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DESKLINE_INTAKE_SECRET"_s, desk.secret);
    bridge.setProcessEnvironment(environment);
    bridge.start(u"python3"_s, {QStringLiteral(DESKLINE_SOURCE_DIR "/packaging/examples/social-bridge.py"),
                                u"--replies"_s, u"127.0.0.1:%1"_s.arg(port)});
    REQUIRE(bridge.waitForStarted(30000));
    bridge.closeWriteChannel(); // no messages to post: replies only
    QByteArray errors;
    bridge.setReadChannel(QProcess::StandardError);
    while (!errors.contains("replies listening")) {
        REQUIRE(bridge.waitForReadyRead(30000));
        errors += bridge.readAllStandardError();
    }
    bridge.setReadChannel(QProcess::StandardOutput);

    const qint64 reply = desk.reply(ticket, u"已补发，单号 SF456"_s);
    CHECK(desk.send().sent == 1);
    QByteArray printed;
    while (!printed.contains('\n')) {
        REQUIRE(bridge.waitForReadyRead(30000));
        printed += bridge.readAllStandardOutput();
    }
    const QJsonObject line = QJsonDocument::fromJson(printed.trimmed()).object();
    CHECK(line.value(u"thread"_s).toString() == u"t-42"_s);
    CHECK(line.value(u"user_id"_s).toString() == u"u-8842"_s);
    CHECK(line.value(u"text"_s).toString() == u"已补发，单号 SF456"_s);

    // The same webhook again (a retry after a lost answer) is taken and not posted twice; one
    // signed with another secret, or stale, is refused.
    IntakeClient client(u"http://127.0.0.1:%1"_s.arg(port));
    const QByteArray id = desk.state(reply)->webhookId.toUtf8();
    const auto postWith = [&](const QString &secret, const QByteArray &webhookId, qint64 timestamp) {
        const QByteArray body =
            R"({"type":"reply.created","data":{"external_id":"t-42","body":")" + webhookId + R"("}})";
        return client
            .post(u"/replies"_s, body,
                  {{"Content-Type", "application/json"},
                   {"webhook-id", webhookId},
                   {"webhook-timestamp", QByteArray::number(timestamp)},
                   {"webhook-signature",
                    WebhookSignature::sign(*WebhookSignature::keyOf(secret), webhookId, timestamp, body)}})
            .status;
    };
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    CHECK(postWith(desk.secret, id, now) == 204);
    CHECK(postWith(WebhookSignature::newSecret(), "msg_forged", now) == 401);
    CHECK(postWith(desk.secret, "msg_stale", now - 3600) == 401);
    CHECK(postWith(desk.secret, "msg_new", now) == 204);
    printed.clear();
    while (!printed.contains('\n')) {
        REQUIRE(bridge.waitForReadyRead(30000));
        printed += bridge.readAllStandardOutput();
    }
    // Only the new one was printed: the repeat and the refused ones were not.
    CHECK(printed.trimmed().split('\n').size() == 1);
    CHECK(QJsonDocument::fromJson(printed.trimmed()).object().value(u"text"_s).toString() == u"msg_new"_s);
    bridge.terminate();
    CHECK(bridge.waitForFinished(30000));
}

TEST_CASE("Two senders on one store never post a reply at once: the one that took it holds it for its lease",
          "[intake][webhooks]")
{
    WebhookReceiver receiver;
    Desk desk(receiver.url());
    const qint64 ticket = desk.request(u"msg_in_7"_s, u"thread-7"_s, u"你好"_s);
    const qint64 reply = desk.reply(ticket, u"您好"_s);

    // The window's sender took it and died before posting it (or is still posting it).
    LocalStore window(desk.t.clock);
    REQUIRE(window.open(desk.t.path()));
    const auto taken = IntakeReplyStore(window).claimDue(window.nowMs(), ReplyWebhookOutbox::leaseMs, 10);
    REQUIRE(taken);
    REQUIRE(taken->size() == 1);
    CHECK(taken->first().messageId == reply);
    CHECK(IntakeReplyStore(window).claimDue(window.nowMs(), ReplyWebhookOutbox::leaseMs, 10)->isEmpty());

    // deskctl gateway's sender, on the same file, does not see it due meanwhile.
    CHECK(desk.send().sent == 0);
    CHECK(receiver.requests().isEmpty());
    // Once the lease is over it goes out, once.
    desk.t.clock.advance(ReplyWebhookOutbox::leaseMs);
    CHECK(desk.send().sent == 1);
    CHECK(desk.send().sent == 0);
    CHECK(receiver.requests().size() == 1);
    CHECK(desk.state(reply)->delivery == MailDelivery::Sent);
}

TEST_CASE("The window shows the gateway process's tries of a reply without the thread being opened again",
          "[intake][webhooks]")
{
    WebhookReceiver receiver;
    Desk desk(receiver.url());
    const qint64 ticket = desk.request(u"msg_in_8"_s, u"thread-8"_s, u"你好"_s);
    ChatDesk watcher(*desk.t.store);
    watcher.checkOtherWrites(); // the first look learns where things stand
    QSignalSpy announced(desk.t.store.get(), &LocalStore::messagesAdded);

    // Written in the window, then tried by `deskctl gateway`: another process, another connection.
    const qint64 reply = desk.reply(ticket, u"您好"_s);
    receiver.answerWith(503, "busy");
    const auto tryFromGateway = [&] {
        LocalStore gateway(desk.t.clock);
        REQUIRE(gateway.open(desk.t.path()));
        ReplyWebhookOutbox outbox(gateway);
        return ReplyWebhookSender(outbox, desk.secrets.path(), WebhookClient(5000)).sendDue();
    };
    CHECK(tryFromGateway().retrying == 1);
    announced.clear();
    CHECK(watcher.checkOtherWrites());
    REQUIRE(announced.size() == 1);
    CHECK(announced.first().at(0).toLongLong() == ticket);

    // Nothing new from the gateway: nothing announced.
    announced.clear();
    CHECK_FALSE(watcher.checkOtherWrites());
    CHECK(announced.isEmpty());

    // The next try goes through: told again.
    receiver.answerWith(200);
    desk.t.clock.advance(ReplyWebhookOutbox::retryDelayMs(1));
    CHECK(tryFromGateway().sent == 1);
    CHECK(watcher.checkOtherWrites());
    REQUIRE(announced.size() == 1);
    CHECK(desk.state(reply)->delivery == MailDelivery::Sent);
}
