#include "bodymutator.h"
#include "callservice.h"
#include "catchcompat.h"
#include "intakeclient.h"
#include "intakeservice.h"
#include "intakesources.h"
#include "localintakebackend.h"
#include "peoplestore.h"
#include "phonenumbers.h"
#include "teststore.h"
#include "webhooksignature.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSettings>
#include <QSqlQuery>

#include <mutex>

using namespace Qt::StringLiterals;

namespace {

// A standalone desk's store with its intake serving /v1/calls on a free loopback port.
struct Phones {
    explicit Phones(qint64 maxBodyBytes = 64 * 1024)
        : secrets(IntakeSecrets::pathFor(t.path()))
    {
        IntakeService::Options options;
        options.http.port = 0;
        options.http.maxBodyBytes = maxBodyBytes;
        service = std::make_unique<IntakeService>(LocalIntakeBackend::factory(t.path(), t.clock), secrets.path(),
                                                  t.clock, options);
        service->setWrittenListener([this](const IntakeService::Written &w) {
            std::lock_guard lock(mutex);
            written.append(w);
        });
        REQUIRE(service->start());
        client = std::make_unique<IntakeClient>(u"http://127.0.0.1:%1"_s.arg(service->port()));
    }

    QString addSource(const QString &name, Channel channel = Channel::Phone, int perMinute = 600)
    {
        IntakeSources sources(*t.store, secrets);
        IntakeSource input;
        input.name = name;
        input.channel = channel;
        input.requestsPerMinute = perMinute;
        const auto secret = sources.add(input);
        INFO(sources.errorString().toStdString());
        REQUIRE(secret);
        return *secret;
    }

    qint64 now() const { return t.clock.now().toSecsSinceEpoch(); }
    IntakeClient::Reply post(const QString &secret, const QByteArray &id, const QByteArray &body)
    {
        return client->postSigned(secret, id, now(), body, u"/v1/calls"_s);
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
    std::mutex mutex;
    QList<IntakeService::Written> written;
};

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

qint64 addAgent(TestStore &t, const QString &login)
{
    if (const auto known = PeopleStore(*t.store).agentByLogin(login))
        return known->id; // TestStore signs li.na in
    Agent agent;
    agent.login = login;
    agent.name = u"李娜"_s;
    const auto id = PeopleStore(*t.store).createAgent(agent);
    REQUIRE(id);
    return *id;
}

} // namespace

TEST_CASE("Phone numbers: links read, numbers normalised in the region, junk refused", "[phone]")
{
    CHECK(PhoneNumbers::numberOfLink(u"tel:+86-138-0000-0001"_s) == u"+86-138-0000-0001"_s);
    CHECK(PhoneNumbers::numberOfLink(u"TEL:+8613800000001;phone-context=example.com"_s) == u"+8613800000001"_s);
    CHECK(PhoneNumbers::numberOfLink(u"callto://+8613800000001/"_s) == u"+8613800000001"_s);
    CHECK(PhoneNumbers::numberOfLink(u"callto:138%200000%200001"_s) == u"138 0000 0001"_s);
    CHECK(PhoneNumbers::numberOfLink(u"tel:"_s).isEmpty());
    CHECK(PhoneNumbers::numberOfLink(u"http://example.com/tel:123"_s).isEmpty());
    CHECK(PhoneNumbers::numberOfLink(u"tel:+86 138'; DROP TABLE customers;--"_s).isEmpty());
    CHECK(PhoneNumbers::numberOfLink(u"tel:javascript:alert(1)"_s).isEmpty());
    CHECK(PhoneNumbers::numberOfLink(u"tel:%00%0a12345"_s).isEmpty());
    CHECK(PhoneNumbers::numberOfLink(u"tel:+"_s + QString(300, u'1')).isEmpty());

    CHECK(PhoneNumbers::e164(u"138 0000 0001"_s, u"CN"_s) == u"+8613800000001"_s);
    CHECK(PhoneNumbers::e164(u"0086-138-0000-0001"_s, u"CN"_s) == u"+8613800000001"_s);
    CHECK(PhoneNumbers::e164(u"(415) 555-0100"_s, u"US"_s) == u"+14155550100"_s);
    CHECK(PhoneNumbers::readable(u"+8613800000001"_s, u"CN"_s) == u"+86 138 0000 0001"_s);
    for (const QString &junk : {u""_s, u"1234"_s, u"call me maybe"_s, u"+86 138"_s, QString(41, u'9')}) {
        INFO(junk.toStdString());
        CHECK(PhoneNumbers::e164(junk, u"CN"_s).isEmpty());
    }

    // The region is a setting, CN when unset or unknown.
    QSettings settings(QSettings::IniFormat, QSettings::UserScope, u"DesklineTests"_s, u"phone-region"_s);
    settings.clear();
    CHECK(PhoneNumbers::region(settings) == u"CN"_s);
    settings.setValue(QLatin1StringView(PhoneNumbers::regionKey), u"us"_s);
    CHECK(PhoneNumbers::region(settings) == u"US"_s);
    settings.setValue(QLatin1StringView(PhoneNumbers::regionKey), u"XX"_s);
    CHECK(PhoneNumbers::region(settings) == u"CN"_s);
    settings.clear();
}

TEST_CASE("A call answered: a phone ticket for the caller, held by the agent; hang-up keeps its length",
          "[intake][phone]")
{
    Phones phones;
    const QString secret = phones.addSource(u"pbx"_s);
    const qint64 agent = addAgent(phones.t, u"li.na"_s);
    const qint64 customer = phones.t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s);
    const qint64 tickets = phones.count(u"tickets"_s);

    const IntakeClient::Reply ringing = phones.post(secret, "ev_1", event(u"newCall"_s, u"c-1"_s, u"13800000001"_s));
    REQUIRE(ringing.status == 200);
    CHECK(json(ringing.body).value(u"state"_s).toString() == u"ringing"_s);
    CHECK(phones.count(u"tickets"_s) == tickets);
    CHECK(phones.count(u"calls"_s) == 1);

    phones.t.clock.set(phones.t.clock.now().addSecs(5));
    const IntakeClient::Reply answered =
        phones.post(secret, "ev_2", event(u"answer"_s, u"c-1"_s, u"13800000001"_s, u"li.na"_s));
    REQUIRE(answered.status == 200);
    CHECK(json(answered.body).value(u"state"_s).toString() == u"answered"_s);
    const qint64 ticketId = json(answered.body).value(u"id"_s).toInteger();
    const auto ticket = phones.t.store->ticket(ticketId);
    REQUIRE(ticket);
    CHECK(ticket->channel == Channel::Phone);
    CHECK(ticket->customerId == customer);
    CHECK(ticket->assigneeId == agent);
    CHECK(phones.count(u"tickets"_s) == tickets + 1);
    {
        std::lock_guard lock(phones.mutex);
        REQUIRE(!phones.written.isEmpty());
        CHECK(phones.written.last().callAnswered);
        CHECK(phones.written.last().agentLogin == u"li.na"_s);
        CHECK(phones.written.last().ticketId == ticketId);
    }

    // The answer again (the system retried after a lost reply): the same words, nothing more.
    const IntakeClient::Reply again =
        phones.post(secret, "ev_2", event(u"answer"_s, u"c-1"_s, u"13800000001"_s, u"li.na"_s));
    CHECK(again.status == 200);
    CHECK(again.body == answered.body);
    CHECK(phones.count(u"tickets"_s) == tickets + 1);

    phones.t.clock.set(phones.t.clock.now().addSecs(185));
    const IntakeClient::Reply hungUp = phones.post(secret, "ev_3", event(u"hangup"_s, u"c-1"_s, u"13800000001"_s));
    REQUIRE(hungUp.status == 200);
    CHECK(json(hungUp.body).value(u"state"_s).toString() == u"ended"_s);
    CHECK(json(hungUp.body).value(u"duration_ms"_s).toInteger() == 185'000);
    CallService calls(*phones.t.store);
    CHECK(calls.talkTimeMs(ticketId) == 185'000);
    const auto messages = phones.t.store->messages(ticketId);
    REQUIRE(!messages.isEmpty());
    CHECK(messages.last().kind == MessageKind::Note);
    CHECK(messages.last().body.contains(u"3:05"_s));
    // A hang-up told twice under new ids changes nothing either.
    CHECK(phones.post(secret, "ev_4", event(u"hangup"_s, u"c-1"_s, u"13800000001"_s)).status == 200);
    CHECK(calls.talkTimeMs(ticketId) == 185'000);
    CHECK(phones.t.store->messages(ticketId).size() == messages.size());
}

TEST_CASE("A call nobody answered becomes an unassigned ticket in the phone queue; an unknown caller is made",
          "[intake][phone]")
{
    Phones phones;
    const QString secret = phones.addSource(u"pbx"_s);
    const qint64 customers = phones.count(u"customers"_s);
    REQUIRE(phones.post(secret, "m_1", event(u"newCall"_s, u"c-9"_s, u"+86 139 1234 5678"_s)).status == 200);
    phones.t.clock.set(phones.t.clock.now().addSecs(30));
    const IntakeClient::Reply missed = phones.post(secret, "m_2", event(u"hangup"_s, u"c-9"_s, u"+86 139 1234 5678"_s));
    REQUIRE(missed.status == 200);
    CHECK(json(missed.body).value(u"state"_s).toString() == u"missed"_s);
    const qint64 ticketId = json(missed.body).value(u"id"_s).toInteger();
    const auto ticket = phones.t.store->ticket(ticketId);
    REQUIRE(ticket);
    CHECK(ticket->channel == Channel::Phone);
    CHECK(ticket->assigneeId == 0);
    CHECK(ticket->status == TicketStatus::New);
    CHECK(phones.t.store->tags(ticketId).contains(u"missed-call"_s));
    CHECK(phones.t.store->messages(ticketId).first().body.contains(u"+86 139 1234 5678"_s));
    CHECK(phones.count(u"customers"_s) == customers + 1);
    CHECK(phones.count(u"customers WHERE phone = '+86 139 1234 5678'"_s) == 1);

    // A hang-up whose newCall never came is a missed call too; the same caller is not made twice.
    const IntakeClient::Reply alone = phones.post(secret, "m_3", event(u"hangup"_s, u"c-10"_s, u"13912345678"_s));
    REQUIRE(alone.status == 200);
    CHECK(json(alone.body).value(u"state"_s).toString() == u"missed"_s);
    CHECK(phones.count(u"customers"_s) == customers + 1);
}

TEST_CASE("Call events: 400 naming the field, 401 for bad signatures, 403 for a web source, 413, 429",
          "[intake][phone][security]")
{
    Phones phones(8 * 1024);
    const QString secret = phones.addSource(u"pbx"_s, Channel::Phone, 40);
    const QString web = phones.addSource(u"webform"_s, Channel::Web);
    const qint64 calls = phones.count(u"calls"_s);
    const struct {
        QByteArray body;
        QString field;
    } cases[] = {
        {"{not json", QString()},
        {"[]", QString()},
        {R"({"call_id":"x","from":"13800000001"})", u"event"_s},
        {R"({"event":"ring","call_id":"x","from":"13800000001"})", u"event"_s},
        {R"({"event":"newCall","from":"13800000001"})", u"call_id"_s},
        {R"({"event":"newCall","call_id":42,"from":"13800000001"})", u"call_id"_s},
        {R"({"event":"newCall","call_id":"x"})", u"from"_s},
        {R"({"event":"newCall","call_id":"x","from":"not a number"})", u"from"_s},
        {R"({"event":"newCall","call_id":"x","from":"1234"})", u"from"_s},
        {R"({"event":"newCall","call_id":"x","from":"+86 138 0000 0001 0000 0000 0000 0000 0000 0000"})", u"from"_s},
        {R"({"event":"newCall","call_id":"x\u0000y","from":"13800000001"})", u"call_id"_s},
        {R"({"event":"newCall","call_id":"x","from":"13800000001","to":["a"]})", u"to"_s},
        {R"({"event":"answer","call_id":"x","from":"13800000001"})", u"agent_login"_s},
    };
    int n = 0;
    for (const auto &c : cases) {
        INFO(c.body.toStdString());
        const IntakeClient::Reply reply = phones.post(secret, "bad_" + QByteArray::number(++n), c.body);
        CHECK(reply.status == 400);
        CHECK(json(reply.body).value(u"field"_s).toString() == c.field);
        CHECK(!json(reply.body).value(u"error"_s).toString().isEmpty());
    }
    const QByteArray good = event(u"newCall"_s, u"c-1"_s, u"13800000001"_s);
    const qint64 now = phones.now();
    CHECK(phones.client->post(u"/v1/calls"_s, good, {{"Content-Type", "application/json"}}).status == 401);
    CHECK(phones.client->postSigned(WebhookSignature::newSecret(), "f_1", now, good, u"/v1/calls"_s).status == 401);
    CHECK(phones.client->postSigned(secret, "f_2", now - 600, good, u"/v1/calls"_s).status == 401);
    // Signed for one event, sent with another (a forged answer by someone else).
    const QByteArray signature = WebhookSignature::sign(*WebhookSignature::keyOf(secret), "f_3", now, good);
    CHECK(phones.client
              ->post(u"/v1/calls"_s, event(u"answer"_s, u"c-1"_s, u"13800000001"_s, u"mallory"_s),
                     {{"webhook-id", "f_3"},
                      {"webhook-timestamp", QByteArray::number(now)},
                      {"webhook-signature", signature}})
              .status == 401);
    // A web form's secret cannot post call events.
    const IntakeClient::Reply notPhone = phones.client->postSigned(web, "w_1", now, good, u"/v1/calls"_s);
    CHECK(notPhone.status == 403);
    // Too large: refused before anything is read.
    QJsonObject huge{{u"event"_s, u"newCall"_s}, {u"call_id"_s, QString(9000, u'x')}, {u"from"_s, u"13800000001"_s}};
    CHECK(phones.post(secret, "h_1", QJsonDocument(huge).toJson()).status == 413);
    CHECK(phones.client->get(u"/v1/calls"_s).status == 405);
    CHECK(phones.count(u"calls"_s) == calls);
    CHECK(phones.count(u"intake_requests"_s) == 0);

    // The rate: every signed request above counted; past 40 a minute the source waits.
    int held = 0;
    for (int i = 0; i < 40 && held == 0; ++i) {
        const IntakeClient::Reply reply =
            phones.post(secret, "r_" + QByteArray::number(i), event(u"newCall"_s, u"r"_s, u"13800000001"_s));
        if (reply.status == 429) {
            CHECK(reply.headers.value("retry-after").toInt() >= 1);
            ++held;
        } else
            CHECK(reply.status == 200);
    }
    CHECK(held == 1);
    CHECK(phones.count(u"calls"_s) == calls + 1);
}

TEST_CASE("Thousands of mutated call events: no crash, nothing half-written", "[intake][phone][fuzz]")
{
    Phones phones(16 * 1024);
    const QString secret = phones.addSource(u"pbx"_s, Channel::Phone, 100'000);
    addAgent(phones.t, u"li.na"_s);
    QRandomGenerator random(20261203);
    const QByteArray seeds[] = {event(u"newCall"_s, u"fz"_s, u"13800000001"_s),
                                event(u"answer"_s, u"fz"_s, u"13800000001"_s, u"li.na"_s),
                                event(u"hangup"_s, u"fz"_s, u"13800000001"_s)};
    for (int i = 0; i < 1500; ++i) {
        QByteArray body = seeds[random.bounded(3)];
        BodyMutator::mutate(body, random, 1 + int(random.bounded(3)));
        const IntakeClient::Reply reply = phones.post(secret, "fz_" + QByteArray::number(i % 1000), body);
        INFO(body.toStdString());
        REQUIRE(reply.status != 0);
        CHECK((reply.status == 200 || reply.status == 400));
    }
    // Every ticket a call opened belongs to its call, and each id was taken once.
    CHECK(phones.count(u"calls WHERE answered_at IS NOT NULL AND ticket_id IS NULL"_s) == 0);
    CHECK(phones.count(u"calls WHERE ended_at IS NOT NULL AND ticket_id IS NULL"_s) == 0);
    CHECK(phones.count(u"(SELECT webhook_id FROM intake_requests GROUP BY webhook_id HAVING count(*) > 1)"_s) == 0);
    CHECK(phones.client->get(u"/v1/health"_s).status == 200);
}
