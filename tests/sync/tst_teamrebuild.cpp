#include "backupstore.h"
#include "catchcompat.h"
#include "customerstore.h"
#include "draftstore.h"
#include "localstore.h"
#include "storedamage.h"
#include "teamrebuild.h"
#include "testdesk.h"
#include "testserver.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

qint64 newTicket(LocalStore &store, const QString &subject, const QString &body)
{
    Customer customer;
    customer.name = u"周杰"_s;
    const auto customerId = CustomerStore(store).createCustomer(customer);
    REQUIRE(customerId);
    NewTicketInput input;
    input.customerId = *customerId;
    input.subject = subject;
    input.channel = Channel::Email;
    input.category = Category::Payment;
    input.firstMessage = body;
    const auto id = store.createTicket(input);
    REQUIRE(id);
    return *id;
}

int serverCount(const TestServer &server, const QString &sql)
{
    QSqlQuery query(server.admin());
    REQUIRE(query.exec(sql));
    REQUIRE(query.next());
    return query.value(0).toInt();
}

} // namespace

TEST_CASE("A team desk's damaged copy is rebuilt from the server, keeping its pending replies and drafts",
          "[sync][backup][damage]")
{
    TestServer server;
    TestDesk alice(server.as(u"alice"_s));
    const qint64 mine = newTicket(*alice.store, u"扣款两次"_s, u"同一笔订单扣了两次钱"_s);
    const qint64 other = newTicket(*alice.store, u"Refund status"_s, u"Where is my refund?"_s);
    REQUIRE(alice.sync());
    const qint64 mineOnServer = alice.serverTicket(mine);
    const qint64 otherOnServer = alice.serverTicket(other);
    REQUIRE(mineOnServer > 0);
    REQUIRE(otherOnServer > 0);

    // Written while the server was away, or just before the disk went bad: not on the server yet.
    REQUIRE(alice.store->addMessage(mine, MessageKind::Agent, u"已为您申请退回多扣的款项。"_s));
    REQUIRE(alice.store->addTag(other, u"refund"_s));
    REQUIRE(DraftStore(*alice.store).save(other, Draft{u"Your refund was sent on"_s, false}));
    // A ticket the server never got, and a reply to it.
    const qint64 unsent = newTicket(*alice.store, u"新工单"_s, u"还没上传"_s);
    REQUIRE(alice.store->addMessage(unsent, MessageKind::Agent, u"回复"_s));
    const int pending = alice.outboxSize();
    REQUIRE(pending >= 4);
    CHECK(serverCount(server, u"SELECT count(*) FROM deskline.messages WHERE body = '已为您申请退回多扣的款项。'"_s) ==
          0);

    const QString path = alice.store->path();
    alice.engine->stop();
    alice.store->close();
    // The conversations' pages go bad; the outbox, the drafts and the tickets can still be read.
    damageTables(path, {u"messages"_s, u"search_docs"_s});
    {
        LocalStore damaged(alice.clock);
        damaged.setTeamMode(true);
        REQUIRE(damaged.open(path));
        QSqlQuery scan(damaged.database());
        // The table itself, not a smaller index count(*) could use.
        CHECK_FALSE((scan.exec(u"SELECT sum(length(body)) FROM messages"_s) && scan.next()));
        CHECK(LocalStore::isDamageError(scan.lastError()));
    }

    SECTION("with the server away nothing is changed")
    {
        ServerAddress nowhere = server.as(u"alice"_s);
        nowhere.port = 1; // nothing listens there
        TeamRebuild rebuild(path, nowhere, alice.clock);
        CHECK_FALSE(rebuild.run());
        CHECK(rebuild.errorString().contains(u"could not be reached"_s));
        CHECK_FALSE(QFileInfo::exists(path + u".rebuilding"_s));
        CHECK(QDir(alice.dir.path()).entryList({u"*.damaged-*"_s}).isEmpty());
    }
    SECTION("rebuilt, the pending changes go up and the draft is back")
    {
        TeamRebuild rebuild(path, server.as(u"alice"_s), alice.clock);
        const auto outcome = rebuild.run();
        INFO(rebuild.errorString());
        REQUIRE(outcome);
        // The new ticket goes up again; the reply to it names a ticket no copy can find.
        CHECK(outcome->changesKept == pending - 1);
        CHECK(outcome->changesLost == 1);
        CHECK(outcome->draftsKept == 1);
        CHECK(QFileInfo::exists(outcome->asidePath));
        const QString told = TeamRebuild::describe(*outcome);
        CHECK(told.contains(u"kept"_s));
        CHECK(told.contains(QDir::toNativeSeparators(outcome->asidePath)));

        // The desk opens its new copy and syncs: the reply and the tag reach the server once.
        alice.store->setTeamMode(true);
        REQUIRE(alice.store->open(path));
        CHECK(BackupStore::quickCheck(path).isEmpty());
        const qint64 otherHere = alice.localTicket(otherOnServer);
        REQUIRE(otherHere > 0);
        const auto draft = DraftStore(*alice.store).draft(otherHere);
        REQUIRE(draft);
        CHECK(draft->body == u"Your refund was sent on"_s);
        alice.engine = std::make_unique<SyncEngine>(path, server.as(u"alice"_s), alice.clock);
        alice.engine->setWakeUps(false);
        alice.engine->start();
        REQUIRE(alice.sync());
        CHECK(alice.outboxSize() == 0);
        CHECK(serverCount(server,
                          u"SELECT count(*) FROM deskline.messages WHERE body = '已为您申请退回多扣的款项。'"_s) == 1);
        CHECK(serverCount(server, u"SELECT count(*) FROM deskline.tickets WHERE subject = '新工单'"_s) == 1);
        REQUIRE(alice.sync());
        CHECK(alice.store->tags(otherHere) == QStringList{u"refund"_s});
        const qint64 mineHere = alice.localTicket(mineOnServer);
        REQUIRE(mineHere > 0);
        CHECK(alice.store->messages(mineHere).size() == 2);
    }
}
