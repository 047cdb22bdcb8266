#include "catchcompat.h"
#include "teststore.h"
#include "timestore.h"
#include "timetracker.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 minute = 60 * 1000;
}

TEST_CASE("Time counts while a ticket is open in the focused window, one entry per stretch", "[workflow][time]")
{
    TestStore t;
    const qint64 a = t.addTicket(t.addCustomer(u"张伟"_s), u"A"_s);
    const qint64 b = t.addTicket(t.addCustomer(u"Ana"_s), u"B"_s);
    TimeStore times(*t.store);
    {
        TimeTracker tracker(*t.store, t.clock);
        tracker.setTicket(a);
        t.clock.advance(3 * minute);
        CHECK(times.totalMs(a) == 0); // not focused yet: nothing counts
        tracker.setActive(true);
        t.clock.advance(5 * minute);
        REQUIRE(tracker.flush()); // a checkpoint
        t.clock.advance(2 * minute);
        tracker.setTicket(b);
        CHECK(times.totalMs(a) == 7 * minute);
        REQUIRE(times.entries(a).size() == 1); // the checkpoint's piece was joined, not added
        CHECK(!times.entries(a)[0].manual);
        CHECK(times.entries(a)[0].agentName == u"李娜"_s);

        t.clock.advance(4 * minute);
        tracker.setActive(false); // the agent left the window
        t.clock.advance(30 * minute);
        tracker.setActive(true);
        t.clock.advance(1 * minute);
    } // closing the window saves the last piece
    CHECK(times.totalMs(b) == 5 * minute);
    CHECK(times.entries(b).size() == 2); // a gap of half an hour starts a new entry
    CHECK(TimeStore::durationText(times.totalMs(b)) == u"5 min"_s);
    CHECK(TimeStore::durationText(125 * minute) == u"2 h 5 min"_s);
}

TEST_CASE("Time is entered, corrected and removed by hand", "[workflow][time]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"A"_s);
    TimeStore times(*t.store);
    const auto id = times.addManual(ticket, 20 * minute, u"电话回访"_s);
    REQUIRE(id);
    CHECK(times.entries(ticket)[0].manual);
    CHECK(times.entries(ticket)[0].note == u"电话回访"_s);
    CHECK(t.store->auditEvents(ticket).last().action == u"time"_s);
    REQUIRE(times.update(*id, 25 * minute, {}));
    CHECK(times.totalMs(ticket) == 25 * minute);
    CHECK(times.entries(ticket)[0].note.isEmpty());

    // An automatic piece never extends a hand-made entry.
    REQUIRE(times.addAutomatic(ticket, t.clock.now().toMSecsSinceEpoch(), 2 * minute));
    CHECK(times.entries(ticket).size() == 2);
    REQUIRE(times.remove(*id));
    CHECK(times.totalMs(ticket) == 2 * minute);
}

TEST_CASE("A time entry of nothing, of over a day or for no ticket is refused", "[workflow][time][bad-input]")
{
    TestStore t;
    const qint64 ticket = t.addTicket(t.addCustomer(u"张伟"_s), u"A"_s);
    TimeStore times(*t.store);
    CHECK(!times.addManual(ticket, 0, {}));
    CHECK(t.store->errorString().contains(u"24 hours"_s));
    CHECK(!times.addManual(ticket, 25 * 60 * minute, {}));
    CHECK(!times.addManual(ticket + 100, 5 * minute, {}));
    CHECK(!times.update(12345, 5 * minute, {}));
    CHECK(t.store->errorString().contains(u"deleted"_s));
    CHECK(times.entries(ticket).isEmpty());
}
