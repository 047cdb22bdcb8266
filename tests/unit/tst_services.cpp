#include "catchcompat.h"
#include "desk.h"
#include "directoryservice.h"
#include "teststore.h"
#include "ticketservice.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

TEST_CASE("Opening a ticket for a new customer creates both or neither", "[workflow][services]")
{
    TestStore t;
    Desk desk(*t.store);
    TicketService &tickets = desk.tickets();
    const qint64 customersBefore = t.store->stats().customers;

    Customer caller;
    caller.name = u"李娜"_s;
    caller.phone = u"+86 138 0013 8000"_s;
    NewTicketInput input;
    input.externalId = u"T-900001"_s;
    input.subject = u"快递还没到"_s;
    input.channel = Channel::Phone;
    input.category = Category::Order;
    input.firstMessage = u"订单 TP20261201 三天了还没到"_s;
    const auto id = tickets.open(input, caller);
    REQUIRE(id);
    const auto opened = tickets.ticket(*id);
    REQUIRE(opened);
    CHECK(opened->subject == input.subject);
    CHECK(desk.directory().customer(opened->customerId)->name == caller.name);
    CHECK(t.store->stats().customers == customersBefore + 1);
    CHECK(tickets.findByNumber(u" t-900001 "_s) == id);
    CHECK(tickets.findByNumber(u"#%1"_s.arg(*id)) == id);
    CHECK_FALSE(tickets.findByNumber(u"#%1"_s.arg(*id + 1)));

    // A ticket that cannot be written (here a trigger refuses it, as a full disk would) takes its
    // new customer with it.
    TestStore::rawSql(t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON tickets "
                                 "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s});
    CHECK_FALSE(tickets.open(input, caller));
    CHECK_FALSE(tickets.errorString().isEmpty());
    CHECK(t.store->stats().customers == customersBefore + 1);
}

TEST_CASE("The ticket service refuses what the agent left out before writing anything", "[workflow][services]")
{
    TestStore t;
    TicketService tickets(*t.store);
    const auto before = t.store->stats();

    NewTicketInput noSubject;
    noSubject.customerId = t.addCustomer(u"Ada"_s);
    CHECK_FALSE(tickets.open(noSubject));
    CHECK(tickets.errorString().contains(u"subject"_s));

    NewTicketInput noCustomer;
    noCustomer.subject = u"Printer jams"_s;
    CHECK_FALSE(tickets.open(noCustomer));
    CHECK(tickets.errorString().contains(u"customer"_s));

    Customer nameless;
    CHECK_FALSE(tickets.open(noCustomer, nameless));
    CHECK(tickets.errorString().contains(u"name"_s));

    CHECK(t.store->stats().tickets == before.tickets);
    CHECK(t.store->stats().customers == before.customers + 1); // only the test's own customer
}

TEST_CASE("A status the lifecycle does not allow is refused with the reason", "[workflow][services]")
{
    TestStore t;
    Desk desk(*t.store);
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ada"_s), u"Login fails"_s);
    QSignalSpy changed(&desk, &Desk::ticketsChanged);

    REQUIRE(desk.tickets().setStatus(ticket, TicketStatus::Solved));
    REQUIRE(desk.tickets().setStatus(ticket, TicketStatus::Closed));
    CHECK(changed.count() == 2);
    CHECK(changed.at(0).at(0).value<QList<qint64>>() == QList<qint64>{ticket});

    CHECK_FALSE(desk.tickets().setStatus(ticket, TicketStatus::Open));
    CHECK_FALSE(desk.tickets().errorString().isEmpty());
    CHECK(desk.tickets().ticket(ticket)->status == TicketStatus::Closed);
    CHECK(changed.count() == 2);
}
