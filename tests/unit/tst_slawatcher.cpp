#include "catchcompat.h"
#include "slawatcher.h"
#include "teststore.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

TEST_CASE("The deadline watcher says once when my ticket nears its deadline and once when it passes",
          "[workflow][sla][watcher]")
{
    TestStore t; // Monday 10:00 UTC, business hours
    const qint64 customer = t.addCustomer(u"Ana Souza"_s);
    const qint64 mine = t.addTicket(customer, u"Card declined"_s, u"now"_s, Channel::Chat); // 5 minutes
    const qint64 notMine = t.addTicket(customer, u"Other"_s, u"x"_s, Channel::Chat);
    REQUIRE(t.store->takeTicket(mine));
    SlaWatcher watcher(*t.store);
    QSignalSpy alerts(&watcher, &SlaWatcher::alert);

    t.clock.advance(3 * 60 * 1000); // 60 %
    watcher.check();
    CHECK(alerts.isEmpty());

    t.clock.advance(60 * 1000); // 80 %
    watcher.check();
    REQUIRE(alerts.size() == 1);
    CHECK(alerts.at(0).at(0).toLongLong() == mine);
    CHECK(alerts.at(0).at(1).value<SlaWatcher::Alert>() == SlaWatcher::Alert::NearlyDue);
    CHECK(alerts.at(0).at(2).toString().contains(u"Card declined"_s));
    watcher.check();
    CHECK(alerts.size() == 1); // not again

    t.clock.advance(2 * 60 * 1000); // past
    watcher.check();
    REQUIRE(alerts.size() == 2);
    CHECK(alerts.at(1).at(1).value<SlaWatcher::Alert>() == SlaWatcher::Alert::Overdue);
    watcher.check();
    CHECK(alerts.size() == 2);

    // Answered: the resolution deadline is new, and far; waiting on the customer stops it.
    REQUIRE(t.store->addMessage(mine, MessageKind::Agent, u"Try again please"_s));
    watcher.check();
    CHECK(alerts.size() == 2);
    REQUIRE(t.store->setStatus(mine, TicketStatus::Pending));
    t.clock.advance(7LL * 24 * 3600 * 1000);
    watcher.check();
    CHECK(alerts.size() == 2);
    for (const QList<QVariant> &alert : std::as_const(alerts))
        CHECK(alert.at(0).toLongLong() != notMine);
}

TEST_CASE("The watcher names the next answer when a customer's later message is what is due",
          "[workflow][sla][watcher][next-response]")
{
    TestStore t; // Monday 10:00 UTC
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"支付失败"_s, u"付款失败"_s, Channel::Chat);
    REQUIRE(t.store->takeTicket(ticket));
    REQUIRE(t.store->addMessage(ticket, MessageKind::Agent, u"请换一张卡试试"_s));
    t.clock.advance(60 * 1000);
    REQUIRE(t.store->addMessage(ticket, MessageKind::Customer, u"还是不行"_s)); // 5 minutes to answer
    SlaWatcher watcher(*t.store);
    QSignalSpy alerts(&watcher, &SlaWatcher::alert);
    t.clock.advance(4 * 60 * 1000); // 80 % of the next answer's time
    watcher.check();
    REQUIRE(alerts.size() == 1);
    CHECK(alerts.at(0).at(1).value<SlaWatcher::Alert>() == SlaWatcher::Alert::NearlyDue);
    CHECK(alerts.at(0).at(2).toString().contains(u"answer the customer again"_s));
    t.clock.advance(2 * 60 * 1000);
    watcher.check();
    REQUIRE(alerts.size() == 2);
    CHECK(alerts.at(1).at(1).value<SlaWatcher::Alert>() == SlaWatcher::Alert::Overdue);
    CHECK(alerts.at(1).at(2).toString().contains(u"answer the customer again"_s));
}
