// A new desk's first copy against a hot standby of the shared database (issue 20, point 7;
// docs/scaling.md): what a standby serves, what it refuses, and that "copy from the standby,
// then pull from the primary" loses nothing and applies nothing twice.
#include "catchcompat.h"
#include "customerstore.h"
#include "localstore.h"
#include "syncedentities.h"
#include "testdesk.h"
#include "testserver.h"
#include "teststandby.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {

qint64 newTicket(LocalStore &store, const QString &subject, const QString &body)
{
    Customer customer;
    customer.name = u"刘洋"_s;
    const auto customerId = CustomerStore(store).createCustomer(customer);
    REQUIRE(customerId);
    NewTicketInput input;
    input.customerId = *customerId;
    input.subject = subject;
    input.channel = Channel::Chat;
    input.category = Category::Account;
    input.firstMessage = body;
    const auto id = store.createTicket(input);
    INFO(store.errorString().toStdString());
    REQUIRE(id);
    return *id;
}

// A connection of the test's own, named after its purpose, closed when it goes.
struct Session {
    Session(const ServerAddress &address, const QString &name)
        : name(name)
    {
        ServerConnection connection;
        const bool opened = connection.open(address, name);
        INFO(connection.errorString().toStdString());
        REQUIRE(opened);
    }
    ~Session()
    {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(name, false); }
    QString text(const QString &sql) const
    {
        QSqlQuery query(db());
        INFO(sql.toStdString());
        const bool ran = query.exec(sql);
        INFO(query.lastError().text().toStdString());
        REQUIRE(ran);
        REQUIRE(query.next());
        return query.value(0).toString();
    }
    QString name;
};

} // namespace

TEST_CASE("A hot standby serves the first copy's reads but not a desk's connection", "[sync][standby]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    newTicket(*alice.store, u"收不到验证码"_s, u"短信验证码一直收不到"_s);
    REQUIRE(alice.sync());

    TestStandby standby(server.adminAddress());
    REQUIRE(standby.catchUp());
    const QString tickets = u"SELECT count(*) FROM "_s + SyncedEntities::get(u"ticket"_s).serverView();
    Session onPrimary(server.as(u"bob"_s), u"standby-test-bob-primary"_s);
    Session onStandby(standby.on(server.as(u"bob"_s)), u"standby-test-bob-standby"_s);
    CHECK(onStandby.text(u"SELECT pg_is_in_recovery()"_s) == u"true"_s);

    // What the engine's initialSync() asks: all of it works on a standby.
    REQUIRE(onStandby.db().transaction());
    CHECK(QSqlQuery(onStandby.db()).exec(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s));
    const QString xmin = onStandby.text(u"SELECT pg_snapshot_xmin(pg_current_snapshot())::text"_s);
    CHECK(xmin.toLongLong() > 0);
    CHECK_FALSE(onStandby.text(u"SELECT pg_export_snapshot()"_s).isEmpty());
    // The agent's row-level-security views show the standby what they show on the primary.
    CHECK(onStandby.text(tickets) == onPrimary.text(tickets));
    CHECK(onStandby.text(tickets).toInt() == 1);
    onStandby.db().rollback();

    // What it refuses: an xid (every mutation takes one) and LISTEN, which every desk holds.
    QSqlQuery refused(onStandby.db());
    CHECK_FALSE(refused.exec(u"SELECT pg_current_xact_id()"_s));
    CHECK(refused.lastError().text().contains(u"recovery"_s));
    CHECK_FALSE(refused.exec(u"LISTEN deskline_changes"_s));
    CHECK(refused.lastError().text().contains(u"recovery"_s));
    // So a desk pointed wholly at the standby never gets online, and copies nothing.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    SystemClock clock;
    LocalStore store(clock);
    store.setTeamMode(true);
    REQUIRE(store.open(dir.filePath(u"desk.sqlite"_s)));
    SyncEngine onlyStandby(dir.filePath(u"desk.sqlite"_s), standby.on(server.as(u"bob"_s)), clock);
    onlyStandby.setWakeUps(false);
    onlyStandby.start();
    CHECK_FALSE(onlyStandby.syncAndWait());
    onlyStandby.stop();
    QSqlQuery local(store.database());
    REQUIRE(local.exec(u"SELECT count(*) FROM tickets"_s));
    REQUIRE(local.next());
    CHECK(local.value(0).toInt() == 0);
}

TEST_CASE("A new desk copies from a hot standby, then pulls from the primary what the standby lacked, once",
          "[sync][standby]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    // An xid held open across the standby's snapshot keeps its xmin low, so rows the copy
    // already has come down again by pull: applying them again must change nothing.
    Session holder(server.adminAddress(), u"standby-test-holder"_s);
    REQUIRE(holder.db().transaction());
    const qint64 heldXid = holder.text(u"SELECT pg_current_xact_id()::text"_s).toLongLong();

    const qint64 first = newTicket(*alice.store, u"订单未发货"_s, u"下单三天了还没发货"_s);
    REQUIRE(alice.store->addMessage(first, MessageKind::Agent, u"已催仓库今天发出。"_s));
    REQUIRE(alice.sync());
    const qint64 firstOnServer = alice.serverTicket(first);
    REQUIRE(firstOnServer > 0);

    TestStandby standby(server.adminAddress());
    REQUIRE(standby.catchUp());
    // From here the standby stands still: what alice writes next is on the primary only.
    standby.pauseReplay();
    Session standbyAdmin(standby.on(server.adminAddress()), u"standby-test-admin"_s);
    const qint64 standbyXmin =
        standbyAdmin.text(u"SELECT pg_snapshot_xmin(pg_current_snapshot())::text"_s).toLongLong();
    CHECK(standbyXmin <= heldXid);
    CHECK(
        standbyXmin <=
        server.scalar(
            u"SELECT min(xid::text::bigint) FROM deskline.change_log WHERE entity = 'ticket' AND entity_id = %1"_s.arg(
                firstOnServer)));

    const qint64 second = newTicket(*alice.store, u"Refund not received"_s, u"It has been ten days."_s);
    REQUIRE(alice.store->addMessage(first, MessageKind::Agent, u"Tracking number: SF1234567890"_s));
    REQUIRE(alice.sync());
    const qint64 secondOnServer = alice.serverTicket(second);
    REQUIRE(secondOnServer > 0);
    CHECK(standbyAdmin.text(u"SELECT count(*) FROM deskline.tickets WHERE id = %1"_s.arg(secondOnServer)) == u"0"_s);
    CHECK(standbyAdmin.text(u"SELECT count(*) FROM deskline.messages WHERE ticket_id = %1"_s.arg(firstOnServer)) ==
          u"2"_s);
    holder.db().rollback();

    // The copy's ticket count tells where it was read: the standby has one ticket, the primary two.
    std::atomic<qint64> copied = -1;
    TestDesk bob(server.as(u"bob"_s), false, [&](SyncEngine &engine) {
        engine.setCopyFrom(standby.on(server.as(u"bob"_s)));
        QObject::connect(
            &engine, &SyncEngine::initialSyncProgress, &engine, [&copied](qint64, qint64 total) { copied = total; },
            Qt::DirectConnection);
    });
    CHECK(copied == 1);
    REQUIRE(bob.sync());
    // The copy came from the standby's snapshot (xmin at most the held xid), so the cursor the
    // desk keeps is that low, and the pull from the primary brought the rest.
    const qint64 bobsFirst = bob.localTicket(firstOnServer);
    const qint64 bobsSecond = bob.localTicket(secondOnServer);
    REQUIRE(bobsFirst > 0);
    REQUIRE(bobsSecond > 0);
    CHECK(bob.store->messages(bobsFirst).size() == 3);
    CHECK(bob.store->messages(bobsSecond).size() == 1);
    QSqlQuery local(bob.store->database());
    REQUIRE(local.exec(u"SELECT count(*), count(DISTINCT server_id) FROM tickets"_s));
    REQUIRE(local.next());
    CHECK(local.value(0).toInt() == 2);
    CHECK(local.value(1).toInt() == 2);
    local.finish(); // an open read would keep this connection's view of the store where it is

    // Afterwards the desk lives on the primary alone: the standby, still paused, plays no part.
    REQUIRE(alice.store->addMessage(second, MessageKind::Agent, u"The refund was sent again today."_s));
    REQUIRE(alice.sync());
    REQUIRE(bob.sync());
    CHECK(bob.store->messages(bobsSecond).size() == 2);
    CHECK(bob.store->messages(bobsFirst).size() == 3);
    standby.resumeReplay();
}
