#include "autocloser.h"
#include "catchcompat.h"
#include "teststore.h"
#include "tickethistorymodel.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 hourMs = 3600 * 1000;
constexpr qint64 dayMs = 24 * hourMs;

int count(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(sql));
    REQUIRE(query.next());
    return query.value(0).toInt();
}

} // namespace

TEST_CASE("A solved ticket closes on its own once the configured days have passed", "[workflow][autoclose]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"Ana Souza"_s), u"Card declined"_s, u"It fails"_s);
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
    AutoCloser closer(*t.store);
    CHECK(closer.days() == AutoCloser::defaultDays);

    t.clock.advance(4 * dayMs - hourMs);
    CHECK(closer.closeDue() == 0);
    CHECK(t.store->ticket(ticket)->status == TicketStatus::Solved);

    t.clock.advance(hourMs);
    CHECK(closer.closeDue() == 1);
    const auto closed = t.store->ticket(ticket);
    CHECK(closed->status == TicketStatus::Closed);
    CHECK(closed->closedAt == t.clock.now());
    const auto events = t.store->auditEvents(ticket);
    REQUIRE(events.last().action == u"auto_close"_s);
    // (tests load no translation, so the English plural form is not applied here)
    CHECK(TicketHistoryModel::describe(events.last()).startsWith(u"Closed automatically, 4 day"_s));
    CHECK(closer.closeDue() == 0); // closing again finds nothing
}

TEST_CASE("Auto-close leaves reopened tickets alone and can be set or turned off", "[workflow][autoclose]")
{
    TestStore t;
    const qint64 customer = t.addCustomer(u"王强"_s);
    const qint64 reopened = t.addTicket(customer, u"发票抬头"_s, u"需要改抬头"_s);
    const qint64 quiet = t.addTicket(customer, u"退款"_s, u"退款到账了吗"_s);
    for (qint64 id : {reopened, quiet})
        REQUIRE(t.store->setStatus(id, TicketStatus::Solved));
    t.clock.advance(dayMs);
    REQUIRE(t.store->addMessage(reopened, MessageKind::Customer, u"还是不对"_s));
    REQUIRE(t.store->ticket(reopened)->status == TicketStatus::Open);

    AutoCloser closer(*t.store);
    CHECK_FALSE(closer.setDays(AutoCloser::maxDays + 1));
    CHECK(closer.errorString().contains(u"0 to 90"_s));
    CHECK_FALSE(closer.setDays(-1));
    CHECK(closer.days() == AutoCloser::defaultDays); // a refused value changes nothing
    REQUIRE(closer.setDays(0));
    t.clock.advance(30 * dayMs);
    CHECK(closer.closeDue() == 0);
    CHECK(t.store->ticket(quiet)->status == TicketStatus::Solved);

    REQUIRE(closer.setDays(2));
    CHECK(AutoCloser(*t.store).days() == 2); // kept in the store
    CHECK(closer.closeDue() == 1);
    CHECK(t.store->ticket(quiet)->status == TicketStatus::Closed);
    CHECK(t.store->ticket(reopened)->status == TicketStatus::Open);
}

TEST_CASE("A store with many old solved tickets is closed in batches, each a change for the server",
          "[workflow][autoclose]")
{
    TestStore t(2500, 1);
    t.store->setTeamMode(true);
    AutoCloser closer(*t.store);
    const qint64 cutoff = t.clock.now().toMSecsSinceEpoch() - AutoCloser::defaultDays * dayMs;
    const int due = count(*t.store, u"SELECT count(*) FROM tickets WHERE status = 4 AND solved_at <= %1"_s.arg(cutoff));
    REQUIRE(due > AutoCloser::batchSize); // the demo data has enough for more than one batch
    const int outboxBefore = t.store->pendingChanges();

    QSignalSpy closedSpy(&closer, &AutoCloser::ticketsClosed);
    closer.start(3600 * 1000);
    const bool caughtUp = QTest::qWaitFor(
        [&] {
            return count(*t.store,
                         u"SELECT count(*) FROM tickets WHERE status = 4 AND solved_at <= %1"_s.arg(cutoff)) == 0;
        },
        10000);
    REQUIRE(caughtUp);
    int reported = 0;
    for (const QList<QVariant> &signal : std::as_const(closedSpy)) {
        CHECK(signal.at(0).toInt() <= AutoCloser::batchSize);
        reported += signal.at(0).toInt();
    }
    CHECK(reported == due);
    CHECK(closedSpy.size() >= 2);
    CHECK(t.store->pendingChanges() - outboxBefore == due);
}
