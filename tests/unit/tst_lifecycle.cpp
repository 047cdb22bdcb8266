#include "catchcompat.h"
#include "teststore.h"
#include "ticketlifecycle.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

int rowCount(LocalStore &store, const QString &table)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(u"SELECT count(*) FROM "_s + table));
    REQUIRE(query.next());
    return query.value(0).toInt();
}

} // namespace

TEST_CASE("The lifecycle allows exactly its table, never back to new, never out of closed", "[workflow][lifecycle]")
{
    const auto table = TicketLifecycle::transitions();
    for (TicketStatus from : allFieldValues<TicketStatus>()) {
        for (TicketStatus to : allFieldValues<TicketStatus>()) {
            INFO(fieldKey(from).toStdString() << " -> " << fieldKey(to).toStdString());
            const bool listed = table.contains(TicketLifecycle::Transition{from, to});
            CHECK(TicketLifecycle::canChange(from, to) == (listed || from == to));
            CHECK(TicketLifecycle::refusal(from, to).isEmpty() == TicketLifecycle::canChange(from, to));
            if (to == TicketStatus::New || from == TicketStatus::Closed)
                CHECK_FALSE(listed);
        }
    }
    // Every status but closed can reach solved, and only solved reaches closed.
    for (TicketStatus from : allFieldValues<TicketStatus>()) {
        if (from != TicketStatus::Closed && from != TicketStatus::Solved)
            CHECK(table.contains(TicketLifecycle::Transition{from, TicketStatus::Solved}));
        CHECK(table.contains(TicketLifecycle::Transition{from, TicketStatus::Closed}) ==
              (from == TicketStatus::Solved));
    }
}

TEST_CASE("Messages move the status: a reply opens, the customer writing back reopens", "[workflow][lifecycle]")
{
    using S = TicketStatus;
    CHECK(TicketLifecycle::afterMessage(S::New, MessageKind::Agent) == S::Open);
    CHECK(TicketLifecycle::afterMessage(S::New, MessageKind::Note) == S::New); // a note is no answer
    CHECK(TicketLifecycle::afterMessage(S::Pending, MessageKind::Customer) == S::Open);
    CHECK(TicketLifecycle::afterMessage(S::Solved, MessageKind::Customer) == S::Open);
    CHECK(TicketLifecycle::afterMessage(S::OnHold, MessageKind::Customer) ==
          S::OnHold); // still waits on the third party
    CHECK(TicketLifecycle::afterMessage(S::Pending, MessageKind::Agent) == S::Pending);
    CHECK(TicketLifecycle::clockRuns(S::New));
    CHECK(TicketLifecycle::clockRuns(S::Open));
    CHECK_FALSE(TicketLifecycle::clockRuns(S::Pending));
    CHECK_FALSE(TicketLifecycle::clockRuns(S::OnHold));
    CHECK_FALSE(TicketLifecycle::clockRuns(S::Solved));
}

TEST_CASE("The store refuses a move the lifecycle forbids, with the reason, and changes nothing",
          "[workflow][lifecycle]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"李娜"_s), u"退款进度"_s, u"什么时候退款？"_s);
    REQUIRE(t.store->ticket(ticket)->status == TicketStatus::New);

    const int eventsBefore = rowCount(*t.store, u"audit_events"_s);
    CHECK_FALSE(t.store->setStatus(ticket, TicketStatus::Closed));
    CHECK(t.store->errorString().contains(u"solved"_s));
    CHECK(t.store->ticket(ticket)->status == TicketStatus::New);
    CHECK(rowCount(*t.store, u"audit_events"_s) == eventsBefore);

    CHECK(t.store->setStatus(ticket, TicketStatus::New)); // staying put is no change and no event
    CHECK(rowCount(*t.store, u"audit_events"_s) == eventsBefore);

    REQUIRE(t.store->setStatus(ticket, TicketStatus::Solved));
    REQUIRE(t.store->setStatus(ticket, TicketStatus::Closed));
    CHECK(t.store->ticket(ticket)->closedAt.isValid());
    CHECK_FALSE(t.store->setStatus(ticket, TicketStatus::Open));
    CHECK(t.store->errorString().contains(u"closed"_s));
    CHECK(t.store->ticket(ticket)->status == TicketStatus::Closed);

    const auto messagesBefore = t.store->messages(ticket).size();
    CHECK_FALSE(t.store->addMessage(ticket, MessageKind::Agent, u"还有问题吗？"_s));
    CHECK(t.store->errorString().contains(u"closed"_s));
    CHECK(t.store->messages(ticket).size() == messagesBefore);
}
