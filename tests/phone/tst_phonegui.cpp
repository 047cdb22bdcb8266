#include "callcard.h"
#include "callservice.h"
#include "catchcompat.h"
#include "conversationpane.h"
#include "customerpane.h"
#include "desk.h"
#include "intakeclient.h"
#include "intakerunner.h"
#include "intakesources.h"
#include "mainwindow.h"
#include "peoplestore.h"
#include "teststore.h"

#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Window {
    explicit Window(TestStore &t)
        : settings(t.dir.filePath(u"settings.ini"_s), QSettings::IniFormat)
        , desk(*t.store)
        , window(desk, t.clock, settings)
    {
        window.resize(1600, 900);
        window.show();
        window.activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(&window));
    }
    QSettings settings;
    Desk desk;
    MainWindow window;
};

qint64 signInAgent(TestStore &t, const QString &login)
{
    std::optional<qint64> id;
    if (const auto known = PeopleStore(*t.store).agentByLogin(login))
        id = known->id; // TestStore signs li.na in
    else {
        Agent agent;
        agent.login = login;
        id = PeopleStore(*t.store).createAgent(agent);
    }
    REQUIRE(id);
    REQUIRE(t.store->setCurrentAgent(login));
    return *id;
}

qint64 count(TestStore &t, const QString &table)
{
    QSqlQuery query(t.store->database());
    query.exec(u"SELECT count(*) FROM "_s + table);
    query.next();
    return query.value(0).toLongLong();
}

} // namespace

TEST_CASE("A call from a known number: the card with the open tickets, a phone ticket and its timer", "[gui][phone]")
{
    TestStore t;
    const qint64 agent = signInAgent(t, u"li.na"_s);
    const qint64 customer = t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s);
    const qint64 earlier = t.addTicket(customer, u"无法登录"_s, u"登录时提示密码错误"_s);
    const qint64 solved = t.addTicket(customer, u"发票"_s);
    REQUIRE(t.store->setStatus(solved, TicketStatus::Solved));
    Window w(t);

    CallCard *card = w.window.takeCall(u"138-0000-0001"_s);
    REQUIRE(card);
    CHECK(card->isVisible());
    CHECK(card->callerLabel()->text() == u"+86 138 0000 0001"_s);
    CHECK(card->findChild<QLabel *>(u"callCustomer"_s)->text().startsWith(u"张伟"_s));
    CHECK(!card->newCustomerBox()->isVisible());
    // The open tickets, not the solved one, not this call's own.
    REQUIRE(card->openTickets()->count() == 1);
    CHECK(card->openTickets()->item(0)->data(Qt::UserRole).toLongLong() == earlier);

    const qint64 ticketId = card->ticketId();
    REQUIRE(ticketId > 0);
    const auto ticket = t.store->ticket(ticketId);
    REQUIRE(ticket);
    CHECK(ticket->channel == Channel::Phone);
    CHECK(ticket->customerId == customer);
    CHECK(ticket->assigneeId == agent);
    // The window shows the call's ticket and its customer.
    CHECK(w.window.conversation()->ticketId() == ticketId);
    CHECK(w.window.customer()->customerId() == customer);
    CHECK(card->isCallRunning());
    CHECK(card->callTicketLabel()->text().contains(ticket->displayId()));

    // The timer follows the clock; End call keeps the length on the ticket.
    t.clock.set(t.clock.now().addSecs(125));
    CHECK(QTest::qWaitFor([&] { return card->timerLabel()->text() == u"2:05"_s; }, 5000));
    QTest::mouseClick(card->endButton(), Qt::LeftButton);
    CHECK(!card->isCallRunning());
    CHECK(!card->endButton()->isEnabled());
    CHECK(w.desk.calls().talkTimeMs(ticketId) == 125'000);
    const auto messages = t.store->messages(ticketId);
    REQUIRE(!messages.isEmpty());
    CHECK(messages.last().kind == MessageKind::Note);
    CHECK(messages.last().body.contains(u"2:05"_s));
    // The ticket's header says how long its calls took.
    CHECK(QTest::qWaitFor(
        [&] { return w.window.conversation()->findChild<QLabel *>(u"ticketMeta"_s)->text().endsWith(u"calls 2:05"_s); },
        5000));

    // Activating an open ticket opens it in the window.
    QSignalSpy activated(card, &CallCard::ticketActivated);
    Q_EMIT card->openTickets()->itemActivated(card->openTickets()->item(0));
    CHECK(activated.count() == 1);
    CHECK(w.window.conversation()->ticketId() == earlier);
}

TEST_CASE("An unknown number offers to create the customer; junk is no call", "[gui][phone]")
{
    TestStore t;
    signInAgent(t, u"li.na"_s);
    Window w(t);
    const qint64 customers = count(t, u"customers"_s);

    CHECK(w.window.takeCall(u"call me maybe"_s) == nullptr);
    CHECK(w.window.takeCall(u"1234"_s) == nullptr);
    CHECK(w.window.callCards().isEmpty());

    CallCard *card = w.window.takeCall(u"+86 139 1234 5678"_s);
    REQUIRE(card);
    CHECK(card->newCustomerBox()->isVisible());
    CHECK(card->ticketId() == 0);
    // No name: refused, nothing written.
    QTest::mouseClick(card->createButton(), Qt::LeftButton);
    CHECK(card->errorLabel()->isVisible());
    CHECK(count(t, u"customers"_s) == customers);

    card->newNameField()->setText(u"王芳"_s);
    QTest::mouseClick(card->createButton(), Qt::LeftButton);
    REQUIRE(card->ticketId() > 0);
    CHECK(!card->newCustomerBox()->isVisible());
    CHECK(count(t, u"customers"_s) == customers + 1);
    const auto ticket = t.store->ticket(card->ticketId());
    REQUIRE(ticket);
    CHECK(ticket->customerName == u"王芳"_s);
    CHECK(ticket->channel == Channel::Phone);
    CHECK(count(t, u"customers WHERE phone = '+86 139 1234 5678'"_s) == 1);
    CHECK(w.window.conversation()->ticketId() == card->ticketId());
    CHECK(card->isCallRunning());
}

TEST_CASE("A call event over HTTP ends with the card open on the answering agent's desk", "[gui][phone][intake]")
{
    TestStore t;
    signInAgent(t, u"li.na"_s);
    const qint64 customer = t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s);
    IntakeSecrets secrets(IntakeSecrets::pathFor(t.path()));
    IntakeSource pbx;
    pbx.name = u"pbx"_s;
    pbx.channel = Channel::Phone;
    const auto secret = IntakeSources(*t.store, secrets).add(pbx);
    REQUIRE(secret);
    Window w(t);

    // The window's own intake, as a desk on its own runs it (app/deskline/main.cpp).
    IntakeRunner intake(t.path(), t.clock);
    REQUIRE(intake.setListen(u"127.0.0.1:0"_s));
    intake.relayTo(*t.store);
    w.window.attachIntake(&intake);
    REQUIRE(intake.startIfSources(*t.store));
    IntakeClient client(u"http://127.0.0.1:%1"_s.arg(intake.port()));
    const auto post = [&](const QByteArray &id, const QJsonObject &body) {
        return client.postSigned(*secret, id, t.clock.now().toSecsSinceEpoch(),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact), u"/v1/calls"_s);
    };
    QJsonObject call{{u"call_id"_s, u"pbx-77"_s}, {u"from"_s, u"13800000001"_s}, {u"to"_s, u"4008208820"_s}};

    call.insert(u"event"_s, u"newCall"_s);
    REQUIRE(post("e1", call).status == 200);
    QCoreApplication::processEvents();
    CHECK(w.window.callCards().isEmpty()); // ringing: nobody's card yet

    // Answered by someone else: no card here.
    call.insert(u"event"_s, u"answer"_s);
    call.insert(u"agent_login"_s, u"zhao.lei"_s);
    call.insert(u"call_id"_s, u"pbx-76"_s);
    REQUIRE(post("e0", call).status == 200);

    call.insert(u"call_id"_s, u"pbx-77"_s);
    call.insert(u"agent_login"_s, u"li.na"_s);
    const IntakeClient::Reply answered = post("e2", call);
    REQUIRE(answered.status == 200);
    const qint64 ticketId = QJsonDocument::fromJson(answered.body).object().value(u"id"_s).toInteger();
    REQUIRE(ticketId > 0);
    REQUIRE(QTest::qWaitFor([&] { return w.window.callCards().size() == 1; }, 10000));
    CallCard *card = w.window.callCards().first();
    CHECK(card->isVisible());
    CHECK(card->ticketId() == ticketId);
    CHECK(card->isCallRunning());
    CHECK(card->findChild<QLabel *>(u"callCustomer"_s)->text().startsWith(u"张伟"_s));
    CHECK(QTest::qWaitFor([&] { return w.window.conversation()->ticketId() == ticketId; }, 5000));
    CHECK(w.window.customer()->customerId() == customer);

    t.clock.set(t.clock.now().addSecs(61));
    call.insert(u"event"_s, u"hangup"_s);
    call.remove(u"agent_login"_s);
    REQUIRE(post("e3", call).status == 200);
    REQUIRE(QTest::qWaitFor([&] { return !card->isCallRunning(); }, 10000));
    CHECK(card->timerLabel()->text().startsWith(u"1:01"_s));
    CHECK(w.desk.calls().talkTimeMs(ticketId) == 61'000);
    intake.stop();
}

TEST_CASE("A source added while the window runs is served without a restart", "[gui][phone][intake]")
{
    TestStore t;
    IntakeRunner intake(t.path(), t.clock);
    REQUIRE(intake.setListen(u"127.0.0.1:0"_s));
    QSignalSpy started(&intake, &IntakeRunner::started);
    CHECK_FALSE(intake.startIfSources(*t.store));
    CHECK_FALSE(intake.isRunning());

    // Added by `deskctl channel add-source`: another process, another connection.
    std::optional<QString> secret;
    {
        LocalStore other(t.clock);
        REQUIRE(other.open(t.path()));
        IntakeSecrets secrets(IntakeSecrets::pathFor(t.path()));
        IntakeSource pbx;
        pbx.name = u"pbx"_s;
        pbx.channel = Channel::Phone;
        secret = IntakeSources(other, secrets).add(pbx);
        REQUIRE(secret);
    }
    REQUIRE(started.wait(IntakeRunner::watchIntervalMs * 5));
    REQUIRE(intake.isRunning());
    IntakeClient client(u"http://127.0.0.1:%1"_s.arg(intake.port()));
    const QJsonObject call{{u"event"_s, u"newCall"_s}, {u"call_id"_s, u"pbx-1"_s}, {u"from"_s, u"13800000001"_s}};
    CHECK(client
              .postSigned(*secret, "e1", t.clock.now().toSecsSinceEpoch(),
                          QJsonDocument(call).toJson(QJsonDocument::Compact), u"/v1/calls"_s)
              .status == 200);
    intake.stop();
}
