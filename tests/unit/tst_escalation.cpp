#include "catchcompat.h"
#include "customerstore.h"
#include "escalationfacts.h"
#include "escalationprefill.h"
#include "escalationstore.h"
#include "peoplestore.h"
#include "reportquery.h"
#include "teststore.h"
#include "tickethistorymodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// L1 (li.na, tom) from TestStore, plus specialists at L2 and a manager at L3.
struct Tiers {
    Tiers()
    {
        l1 = PeopleStore(*t.store).agentByLogin(u"li.na"_s)->teamId;
        l2 = *PeopleStore(*t.store).createTeam({0, u"Technical Specialists L2"_s, 2});
        l3 = *PeopleStore(*t.store).createTeam({0, u"管理层 L3"_s, 3});
        Agent specialist;
        specialist.login = u"liu.yang"_s;
        specialist.name = u"刘洋"_s;
        specialist.teamId = l2;
        liuYang = *PeopleStore(*t.store).createAgent(specialist);
        Agent manager;
        manager.login = u"sarah"_s;
        manager.name = u"Sarah Mitchell"_s;
        manager.teamId = l3;
        manager.role = AgentRole::Supervisor;
        sarah = *PeopleStore(*t.store).createAgent(manager);
        ticket = t.addTicket(t.addCustomer(u"张伟"_s, u"+86 138 0000 0001"_s), u"App 闪退"_s, u"一打开就闪退"_s);
        REQUIRE(t.store->takeTicket(ticket));
    }

    EscalationRequest toL2() const
    {
        EscalationRequest request;
        request.ticketId = ticket;
        request.toTeamId = l2;
        request.reason = u"Crash needs the logs read"_s;
        request.summary = u"App crashes on start since 5.2.0"_s;
        request.facts = {{u"device"_s, u"Honor Magic6, HarmonyOS 4.0"_s, true}, {u"steps"_s, QString(), false}};
        request.urgency = Priority::High;
        return request;
    }

    int count(const QString &table) const
    {
        QSqlQuery query(t.store->database());
        query.exec(u"SELECT count(*) FROM "_s + table);
        query.next();
        return query.value(0).toInt();
    }

    TestStore t;
    qint64 l1 = 0, l2 = 0, l3 = 0, liuYang = 0, sarah = 0, ticket = 0;
};

} // namespace

TEST_CASE("Escalating to specialists moves the ticket to their queue with the reason and the facts",
          "[workflow][escalation]")
{
    Tiers s;
    EscalationStore escalations(*s.t.store);
    const int messagesBefore = int(s.t.store->messages(s.ticket).size());
    const auto id = escalations.escalate(s.toL2());
    INFO(s.t.store->errorString().toStdString());
    REQUIRE(id);

    const Ticket ticket = *s.t.store->ticket(s.ticket);
    CHECK(ticket.teamId == s.l2);
    CHECK(ticket.assigneeId == 0); // anyone in L2 may take it
    CHECK(ticket.escalationTier == 2);
    CHECK(ticket.priority == Priority::High);

    const auto open = escalations.openEscalation(s.ticket);
    REQUIRE(open);
    CHECK(open->id == *id);
    CHECK(open->fromAgentName == u"李娜"_s);
    CHECK(open->fromTeamId == s.l1);
    CHECK(open->toTeamName == u"Technical Specialists L2"_s);
    CHECK(open->reason == u"Crash needs the logs read"_s);
    REQUIRE(open->facts.size() == 2);
    CHECK(open->facts[0].value == u"Honor Magic6, HarmonyOS 4.0"_s);
    CHECK(open->facts[0].collected);
    CHECK(!open->facts[1].collected);

    // The receiver reads it in the thread, as an internal note, and in the history.
    const auto messages = s.t.store->messages(s.ticket);
    REQUIRE(messages.size() == messagesBefore + 1);
    CHECK(messages.last().kind == MessageKind::Note);
    CHECK(messages.last().body.contains(u"Crash needs the logs read"_s));
    CHECK(messages.last().body.contains(u"Honor Magic6"_s));
    CHECK(s.t.store->auditEvents(s.ticket).last().action == u"escalate"_s);
    CHECK(TicketHistoryModel::describe(s.t.store->auditEvents(s.ticket).last()) ==
          u"Escalated to L2 Technical Specialists L2: Crash needs the logs read"_s);
}

TEST_CASE("An escalation an urgency below the ticket's never lowers its priority", "[workflow][escalation]")
{
    Tiers s;
    REQUIRE(s.t.store->setPriority(s.ticket, Priority::Urgent));
    EscalationRequest request = s.toL2();
    request.urgency = Priority::Low;
    request.toAgentId = s.liuYang;
    REQUIRE(EscalationStore(*s.t.store).escalate(request));
    const Ticket ticket = *s.t.store->ticket(s.ticket);
    CHECK(ticket.priority == Priority::Urgent);
    CHECK(ticket.assigneeName == u"刘洋"_s);
}

TEST_CASE("A bad escalation is refused with the reason and changes nothing", "[workflow][escalation][bad-input]")
{
    Tiers s;
    EscalationStore escalations(*s.t.store);
    const Ticket before = *s.t.store->ticket(s.ticket);
    const int notes = int(s.t.store->messages(s.ticket).size());

    EscalationRequest noReason = s.toL2();
    noReason.reason = u"  "_s;
    CHECK(!escalations.escalate(noReason));
    CHECK(s.t.store->errorString().contains(u"reason"_s));

    EscalationRequest sameTier = s.toL2();
    sameTier.toTeamId = s.l1;
    CHECK(!escalations.escalate(sameTier));
    CHECK(s.t.store->errorString().contains(u"higher tier"_s));

    EscalationRequest wrongPerson = s.toL2();
    wrongPerson.toAgentId = s.sarah; // she is in L3, not L2
    CHECK(!escalations.escalate(wrongPerson));
    CHECK(s.t.store->errorString().contains(u"Sarah Mitchell"_s));

    EscalationRequest toAgent = s.toL2();
    toAgent.kind = EscalationKind::Hierarchical;
    toAgent.toAgentId = PeopleStore(*s.t.store).agentByLogin(u"tom"_s)->id;
    CHECK(!escalations.escalate(toAgent));
    CHECK(s.t.store->errorString().contains(u"supervisor"_s));

    REQUIRE(s.t.store->setStatus(s.ticket, TicketStatus::Solved));
    CHECK(!escalations.escalate(s.toL2()));
    CHECK(s.t.store->errorString().contains(u"reopen"_s));

    CHECK(s.count(u"escalations"_s) == 0);
    CHECK(s.t.store->messages(s.ticket).size() == notes);
    const Ticket after = *s.t.store->ticket(s.ticket);
    CHECK(after.teamId == before.teamId);
    CHECK(after.assigneeId == before.assigneeId);
    CHECK(after.escalationTier == 0);
}

TEST_CASE("A hand-back returns the ticket to the agent who escalated it, one tier at a time", "[workflow][escalation]")
{
    Tiers s;
    EscalationStore escalations(*s.t.store);
    const qint64 liNa = s.t.store->currentAgentId();
    REQUIRE(escalations.escalate(s.toL2()));

    // L2 takes it and goes on to management.
    REQUIRE(s.t.store->setCurrentAgent(u"liu.yang"_s));
    REQUIRE(s.t.store->takeTicket(s.ticket));
    EscalationRequest up;
    up.ticketId = s.ticket;
    up.kind = EscalationKind::Hierarchical;
    up.toAgentId = s.sarah;
    up.reason = u"Customer asks for compensation"_s;
    up.summary = u"Crash lost their order draft"_s;
    REQUIRE(escalations.escalate(up));
    CHECK(s.t.store->ticket(s.ticket)->escalationTier == 3);
    CHECK(s.t.store->ticket(s.ticket)->assigneeName == u"Sarah Mitchell"_s);

    REQUIRE(s.t.store->setCurrentAgent(u"sarah"_s));
    CHECK(!escalations.handBack(s.ticket, u" "_s));
    CHECK(s.t.store->errorString().contains(u"刘洋"_s));
    REQUIRE(escalations.handBack(s.ticket, u"Approved a coupon; tell the customer"_s));
    Ticket ticket = *s.t.store->ticket(s.ticket);
    CHECK(ticket.assigneeId == s.liuYang);
    CHECK(ticket.teamId == s.l2);
    CHECK(ticket.escalationTier == 2); // L2's own escalation is still open
    CHECK(s.t.store->messages(s.ticket).last().body.contains(u"Approved a coupon"_s));

    REQUIRE(s.t.store->setCurrentAgent(u"liu.yang"_s));
    REQUIRE(escalations.handBack(s.ticket, u"Fixed in 5.2.1; ask them to update"_s));
    ticket = *s.t.store->ticket(s.ticket);
    CHECK(ticket.assigneeId == liNa);
    CHECK(ticket.teamId == s.l1);
    CHECK(ticket.escalationTier == 0);
    CHECK(!escalations.openEscalation(s.ticket));
    const auto all = escalations.escalations(s.ticket);
    REQUIRE(all.size() == 2);
    CHECK(all[0].handBackNote == u"Fixed in 5.2.1; ask them to update"_s);
    CHECK(all[1].handedBackAt.isValid());
    CHECK(!escalations.handBack(s.ticket, u"again"_s));
    CHECK(s.t.store->errorString().contains(u"not escalated"_s));
}

TEST_CASE("The facts are pre-filled from the customer's account, orders, devices and attachments",
          "[workflow][escalation]")
{
    TestStore t(80, 3);
    // A demo customer with orders and devices.
    qint64 ticketId = 0;
    for (qint64 id = 1; id <= 80 && ticketId == 0; ++id) {
        const auto ticket = t.store->ticket(id);
        if (ticket && !CustomerStore(*t.store).orders(ticket->customerId).isEmpty() &&
            !CustomerStore(*t.store).devices(ticket->customerId).isEmpty())
            ticketId = id;
    }
    REQUIRE(ticketId > 0);
    REQUIRE(t.store->addMessage(ticketId, MessageKind::Customer, u"截图"_s,
                                {{u"screen.png"_s, u"image/png"_s, QByteArray("png")}}));
    const Ticket ticket = *t.store->ticket(ticketId);
    const Customer customer = *CustomerStore(*t.store).customer(ticket.customerId);
    const auto facts = EscalationPrefill::facts(*t.store, ticketId);
    REQUIRE(facts.size() == EscalationFacts::keys().size());
    auto fact = [&](const QString &key) {
        for (const EscalationFact &f : facts) {
            if (f.key == key)
                return f;
        }
        FAIL("no fact " << key.toStdString());
        return EscalationFact{};
    };
    CHECK(fact(u"account"_s).value.contains(customer.username));
    CHECK(fact(u"account"_s).collected);
    CHECK(fact(u"order"_s).value.contains(CustomerStore(*t.store).orders(ticket.customerId).first().number));
    CHECK(fact(u"device"_s).value.contains(CustomerStore(*t.store).devices(ticket.customerId).last().model));
    CHECK(fact(u"attachments"_s).value == u"screen.png"_s);
    CHECK(fact(u"steps"_s).value.isEmpty());
    CHECK(!fact(u"steps"_s).collected);
}

TEST_CASE("Escalation rate per category counts each escalated ticket once", "[workflow][escalation][reports]")
{
    Tiers s; // one technical-less ticket, category Other, created at the clock
    const qint64 second = s.t.addTicket(s.t.addCustomer(u"Ana"_s), u"Refund"_s);
    REQUIRE(s.t.store->setCategory(second, Category::Payment));
    const qint64 third = s.t.addTicket(s.t.addCustomer(u"Bo"_s), u"Refund too"_s);
    REQUIRE(s.t.store->setCategory(third, Category::Payment));
    EscalationStore escalations(*s.t.store);
    REQUIRE(escalations.escalate(s.toL2()));
    EscalationRequest again = s.toL2();
    again.ticketId = second;
    REQUIRE(escalations.escalate(again));
    REQUIRE(s.t.store->setCurrentAgent(u"liu.yang"_s));
    REQUIRE(escalations.handBack(second, u"done"_s));
    REQUIRE(s.t.store->setCurrentAgent(u"li.na"_s));
    REQUIRE(escalations.escalate(again)); // the same ticket twice counts once

    const QDate today = s.t.clock.now().date();
    ReportQuery reports(*s.t.store);
    const auto report = reports.run({today, today, std::nullopt});
    REQUIRE(report);
    const TicketFigures &payment = report->byCategory[int(Category::Payment)];
    CHECK(payment.created == 2);
    CHECK(payment.escalated == 1);
    CHECK(payment.escalationRate() == 0.5);
    CHECK(report->byCategory[int(Category::Other)].escalationRate() == 1.0);
    CHECK(report->total.escalated == 2);
    CHECK(reports.run({today.addDays(1), today.addDays(1), std::nullopt})->total.created == 0);
}

TEST_CASE("In team mode an escalation and a hand-back each queue one mutation with everything the server needs",
          "[workflow][escalation][team]")
{
    Tiers s;
    s.t.store->setTeamMode(true);
    REQUIRE(EscalationStore(*s.t.store).escalate(s.toL2()));
    QSqlQuery outbox(s.t.store->database());
    REQUIRE(outbox.exec(u"SELECT name, args FROM outbox WHERE name LIKE 'ticket.%' ORDER BY id"_s));
    QStringList names;
    QJsonObject args;
    while (outbox.next()) {
        names << outbox.value(0).toString();
        if (outbox.value(0).toString() == u"ticket.escalate")
            args = QJsonDocument::fromJson(outbox.value(1).toString().toUtf8()).object();
    }
    CHECK(names.count(u"ticket.escalate"_s) == 1);
    CHECK(args[u"to_team_id"].toInteger() == s.l2);
    CHECK(args[u"reason"].toString() == u"Crash needs the logs read"_s);
    CHECK(args[u"kind"].toInt() == int(EscalationKind::Functional));
    CHECK(args[u"urgency"].toInt() == int(Priority::High));
    CHECK(args[u"facts"].toArray().size() == 2);
    CHECK(!args[u"client_id"].toString().isEmpty());
}
