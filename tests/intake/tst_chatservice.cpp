#include "cannedanswerservice.h"
#include "catchcompat.h"
#include "chatdesk.h"
#include "chatservice.h"
#include "chatstore.h"
#include "conversationservice.h"
#include "intakeclient.h"
#include "livechat.h"
#include "mailstore.h"
#include "surveystore.h"
#include "teststore.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <future>

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

ChatService::Limits generous()
{
    ChatService::Limits limits;
    limits.startsPerMinute = 1000;
    limits.writesPerMinute = 10000;
    limits.readsPerMinute = 10000;
    return limits;
}

QJsonObject json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

// A standalone desk's store with its chat page served on a free loopback port.
struct Chat {
    explicit Chat(ChatService::Limits limits = generous(), const QList<QHostAddress> &trustedProxies = {})
    {
        ChatService::Options options;
        options.http.port = 0;
        options.limits = limits;
        options.trustedProxies = trustedProxies;
        service = std::make_unique<ChatService>(t.path(), t.clock, options);
        REQUIRE(service->start());
        client = std::make_unique<IntakeClient>(u"http://127.0.0.1:%1"_s.arg(service->port()));
    }

    IntakeClient::Reply post(const QString &path, const QJsonObject &body, const QString &token = {})
    {
        Headers headers{{"Content-Type", "application/json"}};
        if (!token.isEmpty())
            headers.emplaceBack("X-Chat-Token", token.toLatin1());
        return client->post(path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }
    IntakeClient::Reply get(const QString &path, const QString &token = {})
    {
        Headers headers;
        if (!token.isEmpty())
            headers.emplaceBack("X-Chat-Token", token.toLatin1());
        return client->get(path, headers);
    }
    QString start(const QString &name = u"Ana Souza"_s, const QString &question = u"I cannot log in"_s)
    {
        const auto reply = post(u"/v1/chat/start"_s, {{u"name"_s, name}, {u"question"_s, question}});
        INFO(reply.body.toStdString());
        REQUIRE(reply.status == 201);
        const QString token = json(reply.body).value(u"token"_s).toString();
        REQUIRE(LiveChat::isToken(token));
        return token;
    }
    qint64 ticketOf(const QString &token)
    {
        const auto session = ChatStore(*t.store).byToken(LiveChat::tokenHash(token));
        REQUIRE(session);
        return session->ticketId;
    }
    qint64 count(const QString &table)
    {
        QSqlQuery query(t.store->database());
        query.exec(u"SELECT count(*) FROM "_s + table);
        query.next();
        return query.value(0).toLongLong();
    }

    TestStore t; // Monday 2026-03-02 10:00 UTC: inside the service hours
    std::unique_ptr<ChatService> service;
    std::unique_ptr<IntakeClient> client;
};

void publishFaq(LocalStore &store)
{
    CannedAnswerService answers(store);
    CannedAnswer reset;
    reset.title = u"Password reset"_s;
    reset.body = u"Use \"Forgot password\" on the login page."_s;
    reset.language = u"en"_s;
    reset.isPublic = true;
    reset.titleZh = u"重置密码"_s;
    reset.bodyZh = u"在登录页点击“忘记密码”，按提示重置。"_s;
    const auto saved = answers.save(reset);
    INFO(answers.errorString().toStdString());
    REQUIRE(saved);
    CannedAnswer payment;
    payment.title = u"支付失败"_s;
    payment.body = u"支付失败通常是银行卡限额造成的。"_s;
    payment.language = u"zh_CN"_s;
    payment.isPublic = true;
    REQUIRE(answers.save(payment));
    CannedAnswer internal;
    internal.title = u"内部：密码重置流程"_s;
    internal.body = u"Internal: how we reset a password by hand."_s;
    REQUIRE(answers.save(internal)); // not public
}

QStringList titles(const QByteArray &body)
{
    QStringList result;
    for (const QJsonValue &article : json(body).value(u"articles"_s).toArray())
        result.append(article.toObject().value(u"title"_s).toString());
    return result;
}

} // namespace

TEST_CASE("The chat page is served with a Content-Security-Policy, its script never writes HTML, and no CORS",
          "[chat][http]")
{
    Chat chat;
    const auto page = chat.get(u"/chat"_s);
    REQUIRE(page.status == 200);
    CHECK(page.headers.value("content-type").startsWith("text/html"));
    const QByteArray policy = page.headers.value("content-security-policy");
    CHECK(policy.contains("default-src 'none'"));
    CHECK(policy.contains("script-src 'self'"));
    CHECK(policy.contains("connect-src 'self'"));
    CHECK(policy.contains("frame-ancestors *"));
    CHECK(page.headers.value("x-content-type-options") == "nosniff");
    CHECK(!page.headers.contains("access-control-allow-origin"));
    CHECK(page.body.contains("/chat/chat.js"));
    CHECK(!page.body.contains("<script>")); // no inline script: the policy would refuse it

    const auto script = chat.get(u"/chat/chat.js"_s);
    REQUIRE(script.status == 200);
    CHECK(script.headers.value("content-type").startsWith("text/javascript"));
    for (const char *sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("}) {
        INFO(sink);
        CHECK(!script.body.contains(sink));
    }
    const auto widget = chat.get(u"/chat/widget.js"_s);
    REQUIRE(widget.status == 200);
    CHECK(widget.body.contains("iframe"));
    CHECK(!widget.body.contains("innerHTML"));
    CHECK(chat.get(u"/chat/chat.css"_s).status == 200);
    CHECK(chat.get(u"/chat/../secret"_s).status == 404);
    CHECK(chat.get(u"/chat/nothing.js"_s).status == 404);
    CHECK(chat.client->post(u"/chat"_s, "x", {{"Content-Type", "application/json"}}).status == 405);

    // A preflight is never granted: the widget frames the page from this server and needs none.
    const auto preflight = chat.client->send("OPTIONS", u"/v1/chat/start"_s, nullptr,
                                             {{"Origin", "https://evil.example"},
                                              {"Access-Control-Request-Method", "POST"},
                                              {"Access-Control-Request-Headers", "content-type, x-chat-token"}});
    CHECK(preflight.status == 405);
    CHECK(!preflight.headers.contains("access-control-allow-origin"));
    CHECK(!preflight.headers.contains("access-control-allow-headers"));
    const auto config = chat.client->get(u"/v1/chat/config"_s, {{"Origin", "https://evil.example"}});
    CHECK(config.status == 200);
    CHECK(!config.headers.contains("access-control-allow-origin"));

    ChatService::Options framed;
    framed.http.port = 0;
    framed.frameAncestors = {u"https://www.example.com"_s};
    ChatService restricted(chat.t.path(), chat.t.clock, framed);
    CHECK(restricted.pagePolicy().endsWith("frame-ancestors https://www.example.com"));
}

TEST_CASE("The FAQ search finds public articles only, in both languages, by one- and two-character Chinese words",
          "[chat][http][faq]")
{
    Chat chat;
    publishFaq(*chat.t.store);

    // Everything public first, in the visitor's language where the article has it.
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=en"_s).body) == QStringList{u"Password reset"_s, u"支付失败"_s});
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=zh_CN"_s).body) == QStringList{u"重置密码"_s, u"支付失败"_s});
    // Two characters and one: the Chinese text of an article shown in English is searched too;
    // the internal answer that says 密码 as well is never shown.
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=en&q=%E5%AF%86%E7%A0%81"_s).body) == QStringList{u"Password reset"_s});
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=zh_CN&q=%E7%A0%81"_s).body) == QStringList{u"重置密码"_s});
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=zh_CN&q=PASSWORD"_s).body) == QStringList{u"重置密码"_s});
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=en&q=%E6%94%AF%E4%BB%98"_s).body) == QStringList{u"支付失败"_s});
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=en&q=by+hand"_s).body).isEmpty());
    // Full-width letters fold to plain ones.
    CHECK(titles(chat.get(u"/v1/chat/faq?lang=en&q=%EF%BD%86%EF%BD%8F%EF%BD%92%EF%BD%87%EF%BD%8F%EF%BD%94"_s).body) ==
          QStringList{u"Password reset"_s});
    // The browser's language when the page asks for none.
    const auto chinese = chat.client->get(u"/v1/chat/faq?q=reset"_s, {{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"}});
    CHECK(titles(chinese.body) == QStringList{u"重置密码"_s});
    CHECK(chat.get(u"/v1/chat/faq?q="_s + QString(201, u'a')).status == 400);
    CHECK(chat.client->post(u"/v1/chat/faq"_s, "{}", {{"Content-Type", "application/json"}}).status == 405);
}

TEST_CASE("A chat is a ticket in the chat channel, messages go both ways, the agent's within a second by long poll",
          "[chat][http]")
{
    Chat chat;
    // The desk notices the gateway's writes by PRAGMA data_version, and announces them.
    ChatDesk desk(*chat.t.store);
    QList<qint64> announced;
    QList<qint64> changedTickets;
    QObject::connect(chat.t.store.get(), &LocalStore::messagesAdded, chat.t.store.get(),
                     [&](qint64 ticketId, const QList<qint64> &) { announced.append(ticketId); });
    QObject::connect(chat.t.store.get(), &LocalStore::ticketsChanged, chat.t.store.get(),
                     [&](const QList<qint64> &ids) { changedTickets.append(ids); });
    const qint64 ticketsBefore = chat.count(u"tickets"_s);
    const QString token = chat.start(u"张伟"_s, u"无法登录"_s);
    CHECK(chat.count(u"tickets"_s) == ticketsBefore + 1);
    const qint64 ticket = chat.ticketOf(token);
    const auto made = chat.t.store->ticket(ticket);
    REQUIRE(made);
    CHECK(made->channel == Channel::Chat);
    CHECK(made->subject == u"无法登录"_s);
    CHECK(desk.checkOtherWrites()); // the new ticket reaches the desk's list
    CHECK(changedTickets.contains(ticket));
    CHECK(announced.contains(ticket));
    CHECK(!desk.checkOtherWrites()); // nothing more was written
    announced.clear();
    auto posted = chat.post(u"/v1/chat/messages"_s, {{u"text"_s, u"密码一直错误"_s}}, token);
    REQUIRE(posted.status == 201);
    const qint64 customerMessage = json(posted.body).value(u"id"_s).toInteger();
    CHECK(desk.checkOtherWrites());
    CHECK(announced.contains(ticket));
    CHECK(chat.t.store->messages(ticket).last().body == u"密码一直错误"_s);
    CHECK(chat.t.store->messages(ticket).last().kind == MessageKind::Customer);

    // Customer typing reaches the desk; the agent's typing reaches the page.
    CHECK(chat.post(u"/v1/chat/typing"_s, {}, token).status == 204);
    CHECK(desk.checkOtherWrites());
    CHECK(desk.isCustomerTyping(ticket));
    CHECK(desk.isChat(ticket));
    desk.noteAgentTyping(ticket);
    auto typing = json(chat.get(u"/v1/chat/messages?after=%1&wait=5&typing=0"_s.arg(customerMessage), token).body);
    CHECK(typing.value(u"agent_typing"_s).toBool());
    CHECK(typing.value(u"messages"_s).toArray().isEmpty());

    // What the page has so far, the agent's internal note not among it.
    ConversationService conversation(*chat.t.store);
    REQUIRE(conversation.addNote(ticket, u"internal: check the account lock"_s));
    const auto sofar = json(chat.get(u"/v1/chat/messages?after=0&wait=0"_s, token).body);
    const QJsonArray lines = sofar.value(u"messages"_s).toArray();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].toObject().value(u"text"_s).toString() == u"无法登录"_s);
    CHECK(lines[1].toObject().value(u"from"_s).toString() == u"customer"_s);

    // A long poll waiting for what comes after; the agent replies from the desk.
    auto waiting = std::async(std::launch::async, [&] {
        const auto reply = chat.get(
            u"/v1/chat/messages?after=%1&wait=20&typing=1"_s.arg(lines[1].toObject().value(u"id"_s).toInteger()),
            token);
        return std::pair{reply, QDateTime::currentMSecsSinceEpoch()};
    });
    // The poll may or may not have reached the server: either way the reply is its answer.
    const qint64 sentAt = QDateTime::currentMSecsSinceEpoch();
    REQUIRE(conversation.reply(ticket, u"您好，请点击“忘记密码”。"_s));
    auto [reply, answeredAt] = waiting.get();
    REQUIRE(reply.status == 200);
    const QJsonArray answered = json(reply.body).value(u"messages"_s).toArray();
    REQUIRE(answered.size() == 1);
    CHECK(answered[0].toObject().value(u"from"_s).toString() == u"agent"_s);
    CHECK(answered[0].toObject().value(u"author"_s).toString() == u"李娜"_s);
    CHECK(answered[0].toObject().value(u"text"_s).toString() == u"您好，请点击“忘记密码”。"_s);
    INFO("agent's reply to the page: " << answeredAt - sentAt << " ms");
    CHECK(answeredAt - sentAt < 1000);
}

TEST_CASE("Hostile requests: bad tokens, oversized and mistyped bodies, wrong Content-Type, script stays text",
          "[chat][http][bad-input]")
{
    Chat chat;
    const QString token = chat.start();
    const qint64 ticket = chat.ticketOf(token);
    const qint64 messages = chat.count(u"messages"_s);
    const QJsonObject hello{{u"text"_s, u"hello"_s}};

    // Tokens: none, malformed, unknown, another chat's prefix.
    CHECK(chat.post(u"/v1/chat/messages"_s, hello).status == 401);
    CHECK(chat.post(u"/v1/chat/messages"_s, hello, u"not-a-token"_s).status == 401);
    CHECK(chat.post(u"/v1/chat/messages"_s, hello, QString(43, u'A')).status == 401);
    CHECK(chat.post(u"/v1/chat/messages"_s, hello, token.left(42) + u'!').status == 401);
    CHECK(chat.post(u"/v1/chat/messages"_s, hello, token + u'A').status == 401);
    CHECK(chat.get(u"/v1/chat/messages?after=0"_s, QString(43, u'_')).status == 401);
    CHECK(chat.post(u"/v1/chat/rating"_s, {{u"score"_s, 5}}, QString(43, u'-')).status == 401);
    CHECK(chat.post(u"/v1/chat/end"_s, {}, u"' OR 1=1 --"_s).status == 401);

    // Content-Type: JSON only.
    const QByteArray body = R"({"text":"hello"})";
    const Headers withToken{{"X-Chat-Token", token.toLatin1()}};
    for (const QByteArray &type :
         {QByteArray("text/plain"), QByteArray("application/x-www-form-urlencoded"),
          QByteArray("multipart/form-data; boundary=x"), QByteArray("application/json; charset=latin1"),
          QByteArray("application/jsonp"), QByteArray()}) {
        INFO(type.toStdString());
        Headers headers = withToken;
        if (!type.isEmpty())
            headers.emplaceBack("Content-Type", type);
        CHECK(chat.client->post(u"/v1/chat/messages"_s, body, headers).status == 415);
    }
    Headers utf8 = withToken;
    utf8.emplaceBack("Content-Type", "application/json; charset=UTF-8");
    CHECK(chat.client->post(u"/v1/chat/messages"_s, body, utf8).status == 201);

    // Not JSON, not an object, wrong types, too long, too large.
    Headers plain = withToken;
    plain.emplaceBack("Content-Type", "application/json");
    CHECK(chat.client->post(u"/v1/chat/messages"_s, "{\"text\":", plain).status == 400);
    CHECK(chat.client->post(u"/v1/chat/messages"_s, "[\"text\"]", plain).status == 400);
    CHECK(chat.client->post(u"/v1/chat/messages"_s, "\"text\"", plain).status == 400);
    CHECK(chat.post(u"/v1/chat/messages"_s, {{u"text"_s, 42}}, token).status == 400);
    CHECK(chat.post(u"/v1/chat/messages"_s, {{u"text"_s, QJsonArray{u"a"_s}}}, token).status == 400);
    CHECK(chat.post(u"/v1/chat/messages"_s, {}, token).status == 400);
    CHECK(chat.post(u"/v1/chat/messages"_s, {{u"text"_s, u"   \n\t "_s}}, token).status == 400);
    CHECK(chat.post(u"/v1/chat/messages"_s, {{u"text"_s, QString(LiveChat::maxTextLength + 1, u'x')}}, token).status ==
          400);
    const auto huge = chat.client->post(
        u"/v1/chat/messages"_s, "{\"text\":\"" + QByteArray(ChatService::maxBodyBytes + 10, 'x') + "\"}", plain);
    CHECK(huge.status == 413);
    for (const QJsonValue &score : {QJsonValue(0), QJsonValue(6), QJsonValue(4.5), QJsonValue(u"5"_s), QJsonValue()}) {
        INFO(QJsonDocument(QJsonArray{score}).toJson().toStdString());
        CHECK(chat.post(u"/v1/chat/rating"_s, {{u"score"_s, score}}, token).status == 400);
    }
    CHECK(chat.post(u"/v1/chat/transcript"_s, {{u"email"_s, u"not an address"_s}}, token).status == 400);
    CHECK(chat.post(u"/v1/chat/transcript"_s, {{u"email"_s, u"a@b.example\r\nBcc: x@y.example"_s}}, token).status ==
          400);
    CHECK(chat.post(u"/v1/chat/start"_s, {{u"name"_s, QString(LiveChat::maxNameLength + 1, u'n')}}).status == 400);
    CHECK(chat.post(u"/v1/chat/start"_s, {{u"email"_s, 7}}).status == 400);
    CHECK(chat.get(u"/v1/chat/messages?after=-1"_s, token).status == 400);
    CHECK(chat.get(u"/v1/chat/messages?after=abc"_s, token).status == 400);
    CHECK(chat.get(u"/v1/chat/messages?after=0&wait=26"_s, token).status == 400);
    CHECK(chat.get(u"/v1/chat/messages?after=0&typing=yes"_s, token).status == 400);
    CHECK(chat.post(u"/v1/chat/nothing"_s, {}, token).status == 404);
    CHECK(chat.count(u"messages"_s) == messages + 1); // only the one well-formed message

    // A script in a message is kept and given back as the text it is (the page shows it with
    // textContent); control characters that could hide text from the agent are dropped.
    const QString script = u"<script>alert(1)</script><img src=x onerror=alert(2)>"_s;
    REQUIRE(
        chat.post(u"/v1/chat/messages"_s, {{u"text"_s, QString(script + QChar(0x202e) + QChar(0x07))}}, token).status ==
        201);
    CHECK(chat.t.store->messages(ticket).last().body == script);
    const auto back = chat.get(u"/v1/chat/messages?after=0&wait=0"_s, token);
    CHECK(back.headers.value("content-type").startsWith("application/json"));
    CHECK(json(back.body).value(u"messages"_s).toArray().last().toObject().value(u"text"_s).toString() == script);
}

TEST_CASE("Each address has its allowance of chats a minute", "[chat][http][limits]")
{
    ChatService::Limits limits = generous();
    limits.startsPerMinute = 2;
    Chat chat(limits);
    chat.start();
    chat.start();
    const qint64 tickets = chat.count(u"tickets"_s);
    const auto held = chat.post(u"/v1/chat/start"_s, {{u"name"_s, u"Third"_s}});
    CHECK(held.status == 429);
    CHECK(held.headers.value("retry-after").toInt() >= 1);
    CHECK(chat.count(u"tickets"_s) == tickets);
    chat.t.clock.advance(60 * 1000);
    chat.start();
}

TEST_CASE("Behind a trusted proxy each visitor has their own allowance, and no one else can claim an address",
          "[chat][http][limits]")
{
    ChatService::Limits limits = generous();
    limits.startsPerMinute = 1;
    const auto startFrom = [](Chat &chat, const QByteArray &forwardedFor) {
        return chat.client
            ->post(u"/v1/chat/start"_s, R"({"name":"Visitor"})",
                   {{"Content-Type", "application/json"}, {"X-Forwarded-For", forwardedFor}})
            .status;
    };
    Chat proxied(limits, {QHostAddress(u"127.0.0.1"_s)});
    CHECK(startFrom(proxied, "203.0.113.5") == 201);
    CHECK(startFrom(proxied, "203.0.113.5") == 429);
    CHECK(startFrom(proxied, "198.51.100.7") == 201);
    // What the visitor wrote before the proxy's own hop counts for nothing.
    CHECK(startFrom(proxied, "198.51.100.99, 203.0.113.5") == 429);
    // Nonsense from the proxy: counted by the proxy's own address.
    CHECK(startFrom(proxied, "not-an-address") == 201);
    CHECK(startFrom(proxied, "") == 429);

    // Without the option the header is the visitor's own words: one allowance for the address.
    Chat direct(limits);
    CHECK(startFrom(direct, "203.0.113.5") == 201);
    CHECK(startFrom(direct, "198.51.100.7") == 429);
}

TEST_CASE("Outside service hours the page says so, and a message left becomes a ticket", "[chat][http]")
{
    Chat chat;
    CHECK(json(chat.get(u"/v1/chat/config"_s).body).value(u"open"_s).toBool());
    chat.t.clock.set(QDateTime(QDate(2026, 3, 7), QTime(11, 0), Qt::UTC)); // a Saturday
    CHECK(!json(chat.get(u"/v1/chat/config"_s).body).value(u"open"_s).toBool());
    const qint64 tickets = chat.count(u"tickets"_s);
    const auto refused = chat.post(u"/v1/chat/start"_s, {{u"name"_s, u"Ana"_s}});
    CHECK(refused.status == 409);
    CHECK(json(refused.body).value(u"closed"_s).toBool());
    CHECK(chat.post(u"/v1/chat/leave-message"_s, {{u"text"_s, u"Please call me"_s}}).status == 400);   // no address
    CHECK(chat.post(u"/v1/chat/leave-message"_s, {{u"email"_s, u"ana@example.com"_s}}).status == 400); // no text
    CHECK(chat.count(u"tickets"_s) == tickets);
    const auto left =
        chat.post(u"/v1/chat/leave-message"_s,
                  {{u"name"_s, u"Ana Souza"_s}, {u"email"_s, u"ana@example.com"_s}, {u"text"_s, u"我的订单还没到"_s}});
    REQUIRE(left.status == 201);
    CHECK(chat.count(u"tickets"_s) == tickets + 1);
    QSqlQuery last(chat.t.store->database());
    REQUIRE(last.exec(u"SELECT max(id) FROM tickets"_s));
    REQUIRE(last.next());
    const auto ticket = chat.t.store->ticket(last.value(0).toLongLong());
    REQUIRE(ticket);
    CHECK(ticket->channel == Channel::Web);
    CHECK(json(left.body).value(u"ticket"_s).toString() == ticket->displayId());
    CHECK(chat.t.store->messages(ticket->id).first().body == u"我的订单还没到"_s);
}

TEST_CASE("The rating at the end is the live mode of the survey, the transcript's address is kept",
          "[chat][http][survey]")
{
    Chat chat;
    const QString token = chat.start();
    const qint64 ticket = chat.ticketOf(token);
    REQUIRE(chat.post(u"/v1/chat/transcript"_s, {{u"email"_s, u" ana@example.com "_s}}, token).status == 202);
    CHECK(ChatStore(*chat.t.store).ofTicket(ticket)->transcriptTo == u"ana@example.com"_s);
    REQUIRE(chat.post(u"/v1/chat/end"_s, {}, token).status == 200);
    const auto ended = json(chat.get(u"/v1/chat/messages?after=0&wait=0"_s, token).body);
    CHECK(ended.value(u"ended"_s).toBool());
    CHECK(chat.post(u"/v1/chat/messages"_s, {{u"text"_s, u"one more thing"_s}}, token).status == 409);

    REQUIRE(chat.post(u"/v1/chat/rating"_s, {{u"score"_s, 4}, {u"comment"_s, u"Quick, thanks"_s}}, token).status ==
            201);
    REQUIRE(chat.post(u"/v1/chat/rating"_s, {{u"score"_s, 5}, {u"comment"_s, u"Quick, thanks!"_s}}, token).status ==
            201);
    const QList<Survey> surveys = SurveyStore(*chat.t.store).surveys(ticket);
    REQUIRE(surveys.size() == 1); // a second rating replaces the first
    CHECK(surveys[0].mode == SurveyMode::Live);
    CHECK(surveys[0].score == 5);
    CHECK(surveys[0].comment == u"Quick, thanks!"_s);
    CHECK(surveys[0].answeredAt.isValid());
    CHECK(chat.t.store->ticket(ticket)->status != TicketStatus::Solved); // the agent solves it, not the rating
}

TEST_CASE("The transcript is mailed once the chat has ended: a note on the ticket and a mail from the first mailbox",
          "[chat][http][mail]")
{
    Chat chat;
    const auto startChat = [&] {
        const auto started = chat.post(
            u"/v1/chat/start"_s, {{u"name"_s, u"张伟"_s}, {u"question"_s, u"无法登录"_s}, {u"language"_s, u"zh_CN"_s}});
        REQUIRE(started.status == 201);
        return json(started.body).value(u"token"_s).toString();
    };
    const auto notes = [&](qint64 ticket) {
        QList<Message> found;
        for (const Message &message : chat.t.store->messages(ticket)) {
            if (message.kind == MessageKind::Note && message.body != u"internal: locked after 5 tries"_s)
                found.append(message);
        }
        return found;
    };

    // No mailbox sends mail: the note says so, nothing is queued.
    const QString unsent = startChat();
    const qint64 first = chat.ticketOf(unsent);
    REQUIRE(chat.post(u"/v1/chat/transcript"_s, {{u"email"_s, u"zhang@example.com"_s}}, unsent).status == 202);
    CHECK(notes(first).isEmpty()); // not before the end
    REQUIRE(chat.post(u"/v1/chat/end"_s, {}, unsent).status == 200);
    REQUIRE(notes(first).size() == 1);
    CHECK(notes(first)[0].body.contains(u"zhang@example.com"_s));
    CHECK(chat.count(u"mail_messages"_s) == 0);
    // After the end no other address: the desk's mailbox is nobody's relay.
    CHECK(chat.post(u"/v1/chat/transcript"_s, {{u"email"_s, u"other@example.com"_s}}, unsent).status == 409);
    CHECK(ChatStore(*chat.t.store).ofTicket(first)->transcriptTo == u"zhang@example.com"_s);

    // With a mailbox that sends, it goes as a mail, once however often the chat ends.
    Mailbox support;
    support.name = u"support"_s;
    support.address = u"support@example.com"_s;
    support.imapUrl = u"imaps://support@imap.example.com:993/INBOX"_s;
    support.smtpUrl = u"smtps://support@smtp.example.com:465"_s;
    const auto mailbox = MailStore(*chat.t.store).addMailbox(support);
    REQUIRE(mailbox);
    const QString token = startChat();
    const qint64 ticket = chat.ticketOf(token);
    ConversationService conversation(*chat.t.store);
    REQUIRE(conversation.addNote(ticket, u"internal: locked after 5 tries"_s));
    REQUIRE(conversation.reply(ticket, u"请先重置密码。"_s));
    REQUIRE(chat.post(u"/v1/chat/transcript"_s, {{u"email"_s, u"wei@example.com"_s}}, token).status == 202);
    REQUIRE(chat.post(u"/v1/chat/end"_s, {}, token).status == 200);
    REQUIRE(chat.post(u"/v1/chat/end"_s, {}, token).status == 200);
    REQUIRE(notes(ticket).size() == 1);
    const Message mailed = notes(ticket)[0];
    const auto facts = MailStore(*chat.t.store).facts(mailed.id);
    REQUIRE(facts);
    CHECK(facts->recipients == QStringList{u"wei@example.com"_s});
    CHECK(facts->mailboxId == *mailbox);
    CHECK(facts->delivery == MailDelivery::Waiting);
    // The page's lines under a Chinese heading, never the note.
    CHECK(mailed.body.startsWith(u"您与我们的聊天记录"_s));
    CHECK(mailed.body.contains(u"无法登录"_s));
    CHECK(mailed.body.contains(u": 请先重置密码。"_s));
    CHECK(!mailed.body.contains(u"locked after"_s));
    CHECK(mailed.body.contains(chat.t.store->ticket(ticket)->displayId()));
    // The mail sender picks it up like an agent's reply.
    CHECK(MailStore(*chat.t.store).repliesDue(chat.t.clock.now().toMSecsSinceEpoch() + 1, 10).size() == 1);
}
