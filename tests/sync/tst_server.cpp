#include "catchcompat.h"
#include "serveradmin.h"
#include "serverconnection.h"
#include "serverschema.h"
#include "testserver.h"
#include "ticketlifecycle.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>
#include <latch>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

// Calls the mutation function as the login of `address` on its own connection.
QJsonObject mutate(const QString &connection, const QString &name, const QJsonObject &args,
                   const QString &mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlQuery call(QSqlDatabase::database(connection, false));
    call.prepare(u"SELECT deskline.apply_mutation(?::uuid, ?, ?::jsonb)::text"_s);
    call.addBindValue(mutationId);
    call.addBindValue(name);
    call.addBindValue(QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact)));
    INFO(call.lastError().text().toStdString());
    REQUIRE(call.exec());
    REQUIRE(call.next());
    return QJsonDocument::fromJson(call.value(0).toString().toUtf8()).object();
}

struct Login {
    Login(const ServerAddress &address, const QString &name)
        : name(name)
    {
        ServerConnection connection;
        INFO(connection.errorString().toStdString());
        REQUIRE(connection.openAsDesk(address, name));
    }
    ~Login()
    {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    QString name;
};

qint64 createTicket(const QString &connection, const QString &subject)
{
    const QJsonObject outcome = mutate(connection, u"ticket.create"_s,
                                       {{u"client_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                        {u"subject"_s, subject},
                                        {u"channel"_s, 1},
                                        {u"category"_s, 0},
                                        {u"priority"_s, 1},
                                        {u"body"_s, u"客户说无法登录"_s},
                                        {u"customer"_s, QJsonObject{{u"name"_s, u"王芳"_s}}}});
    REQUIRE(outcome.value(u"status"_s).toString() == u"applied"_s);
    return outcome.value(u"result"_s).toObject().value(u"ticket_id"_s).toInteger();
}

} // namespace

TEST_CASE("The shared schema is applied once and a newer one is refused", "[server]")
{
    TestServer server;
    ServerSchema schema(server.admin());
    CHECK(schema.installedVersion() == ServerSchema::latestVersion());
    CHECK(schema.migrate() == ServerSchema::latestVersion()); // nothing to do the second time

    QSqlQuery query(server.admin());
    REQUIRE(query.exec(u"UPDATE deskline.meta SET value = '99' WHERE key = 'schema_version'"_s));
    CHECK_FALSE(schema.migrate());
    CHECK(schema.errorString().contains(u"newer"_s));
    CHECK(schema.installedVersion() == 99);

    ServerConnection desk;
    CHECK_FALSE(desk.openAsDesk(server.as(u"alice"_s), u"newer-schema"_s));
    CHECK(desk.problem() == ServerConnection::Problem::NewerSchema);
    QSqlDatabase::removeDatabase(u"newer-schema"_s);
}

TEST_CASE("A database at schema version 1 is upgraded with its tickets, and its desks can escalate", "[server]")
{
    TestServer server;
    const QString old = server.database() + u"_v1"_s;
    QSqlQuery create(server.admin());
    REQUIRE(create.exec(u"CREATE DATABASE %1"_s.arg(old)));
    ServerAddress owner = server.adminAddress();
    owner.database = old;
    ServerConnection ownerConnection;
    REQUIRE(ownerConnection.open(owner, u"v1-owner"_s));
    ServerSchema schema(QSqlDatabase::database(u"v1-owner"_s, false));
    REQUIRE(schema.migrate(1) == 0);
    REQUIRE(schema.installedVersion() == 1);

    ServerAdmin people(QSqlDatabase::database(u"v1-owner"_s, false));
    const QString login = old + u"_li"_s;
    ServerAdmin::NewAgent agent{login, u"李娜"_s, AgentRole::Agent, u"L1"_s, 1, u"pw-li-na-1"_s};
    REQUIRE(people.addAgent(agent));
    ServerAdmin::NewAgent specialist{old + u"_liu"_s, u"刘洋"_s, AgentRole::Agent, u"L2"_s, 2, u"pw-liu-yang-2"_s};
    REQUIRE(people.addAgent(specialist));
    ServerAddress desk = owner;
    desk.login = login;
    desk.password = agent.password;
    ServerConnection v1Desk; // a desk of this version refuses an old schema, so a plain login writes
    REQUIRE(v1Desk.open(desk, u"v1-desk"_s));
    CHECK_FALSE(ServerConnection().openAsDesk(desk, u"v1-refused"_s));
    const qint64 ticket = createTicket(u"v1-desk"_s, u"Before the upgrade"_s);
    for (const QString &name : {u"v1-desk"_s, u"v1-refused"_s}) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }

    REQUIRE(schema.migrate() == 1);
    CHECK(schema.installedVersion() == ServerSchema::latestVersion());
    Login after(desk, u"v2-desk"_s);
    QSqlQuery read(QSqlDatabase::database(after.name, false));
    REQUIRE(read.exec(u"SELECT subject, escalation_tier FROM deskline.v_tickets WHERE id = %1"_s.arg(ticket)));
    REQUIRE(read.next());
    CHECK(read.value(0).toString() == u"Before the upgrade"_s);
    CHECK(read.value(1).toInt() == 0);
    // The mutations of step 1 still work through the new dispatch, and step 2's are there.
    CHECK(mutate(after.name, u"ticket.set_priority"_s, {{u"ticket_id"_s, ticket}, {u"priority"_s, 2}})
              .value(u"status"_s)
              .toString() == u"applied"_s);
    REQUIRE(read.exec(u"SELECT id FROM deskline.v_teams WHERE tier = 2"_s));
    REQUIRE(read.next());
    const QJsonObject escalated = mutate(after.name, u"ticket.escalate"_s,
                                         {{u"ticket_id"_s, ticket},
                                          {u"kind"_s, 0},
                                          {u"to_team_id"_s, read.value(0).toLongLong()},
                                          {u"reason"_s, u"Needs L2"_s},
                                          {u"urgency"_s, 3}});
    CHECK(escalated.value(u"status"_s).toString() == u"applied"_s);
    CHECK(escalated.value(u"result"_s).toObject().value(u"to_tier"_s).toInt() == 2);
    CHECK(mutate(after.name, u"ticket.no_such_thing"_s, {}).value(u"reason"_s).toString() == u"unknown_mutation"_s);
    // An agent still cannot call a mutation's function directly.
    QSqlQuery direct(QSqlDatabase::database(after.name, false));
    CHECK_FALSE(direct.exec(u"SELECT deskline.mut_ticket_hand_back(NULL, '{}'::jsonb)"_s));
    QSqlDatabase::database(u"v1-owner"_s, false).close();
    QSqlDatabase::removeDatabase(u"v1-owner"_s);
}

TEST_CASE("Connecting tells a wrong password, an unreachable server and a missing schema apart", "[server]")
{
    TestServer server;
    ServerAddress wrong = server.as(u"alice"_s);
    wrong.password = u"not-the-password"_s;
    ServerConnection connection;
    CHECK_FALSE(connection.open(wrong, u"wrong-password"_s));
    CHECK(connection.problem() == ServerConnection::Problem::WrongPassword);
    CHECK(connection.errorString().contains(wrong.login));

    ServerAddress closed = server.as(u"alice"_s);
    closed.port = 1; // nothing listens there
    CHECK_FALSE(connection.open(closed, u"unreachable"_s));
    CHECK(connection.problem() == ServerConnection::Problem::Unreachable);

    QSqlQuery query(server.admin());
    const QString empty = server.database() + u"_empty"_s;
    REQUIRE(query.exec(u"CREATE DATABASE %1"_s.arg(empty)));
    ServerAddress bare = server.adminAddress();
    bare.database = empty;
    CHECK_FALSE(connection.openAsDesk(bare, u"no-schema"_s));
    CHECK(connection.problem() == ServerConnection::Problem::NoSchema);

    ServerAddress missing = server.adminAddress();
    missing.database = server.database() + u"_missing"_s;
    CHECK_FALSE(connection.open(missing, u"no-database"_s));
    CHECK(connection.problem() == ServerConnection::Problem::NoDatabase);
    for (const QString &name : {u"wrong-password"_s, u"unreachable"_s, u"no-schema"_s, u"no-database"_s}) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

TEST_CASE("Agents write only through mutations and see only what their team may see", "[server][roles]")
{
    TestServer server;
    Login alice(server.as(u"alice"_s), u"alice"_s);
    Login carol(server.as(u"carol"_s), u"carol"_s);
    Login sam(server.as(u"sam"_s), u"sam"_s);

    const qint64 ticket = createTicket(carol.name, u"账单异常"_s);
    QSqlQuery direct(QSqlDatabase::database(alice.name, false));
    CHECK_FALSE(direct.exec(u"UPDATE deskline.tickets SET priority = 0"_s));
    CHECK(direct.lastError().databaseText().contains(u"permission denied"_s));
    CHECK_FALSE(direct.exec(u"INSERT INTO deskline.ticket_tags(ticket_id, tag) VALUES (%1, 'x')"_s.arg(ticket)));
    CHECK_FALSE(direct.exec(u"SELECT count(*) FROM deskline.messages"_s));

    // Restricted to team L2: carol (L2) and the supervisor see it, alice (L1) does not.
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"UPDATE deskline.tickets SET restricted = true WHERE id = %1"_s.arg(ticket)));
    auto sees = [ticket](const QString &connection) {
        QSqlQuery query(QSqlDatabase::database(connection, false));
        REQUIRE(query.exec(u"SELECT count(*) FROM deskline.v_tickets WHERE id = %1"_s.arg(ticket)));
        REQUIRE(query.next());
        return query.value(0).toInt() == 1;
    };
    CHECK_FALSE(sees(alice.name));
    CHECK(sees(carol.name));
    CHECK(sees(sam.name));
    CHECK(mutate(alice.name, u"ticket.claim"_s, {{u"ticket_id"_s, ticket}}).value(u"reason"_s) == u"not_found"_s);

    const QJsonObject archive = mutate(carol.name, u"ticket.archive"_s, {{u"ticket_id"_s, ticket}});
    CHECK(archive.value(u"status"_s) == u"rejected"_s);
    CHECK(archive.value(u"reason"_s) == u"not_allowed"_s);

    // Carol takes it; only a supervisor may hand it to someone else.
    CHECK(mutate(carol.name, u"ticket.claim"_s, {{u"ticket_id"_s, ticket}}).value(u"status"_s) == u"applied"_s);
    const qint64 bob = server.agentId(u"bob"_s);
    const QJsonObject grab = mutate(carol.name, u"ticket.assign"_s, {{u"ticket_id"_s, ticket}, {u"agent_id"_s, bob}});
    CHECK(grab.value(u"reason"_s) == u"not_allowed"_s);
    CHECK(mutate(sam.name, u"ticket.assign"_s, {{u"ticket_id"_s, ticket}, {u"agent_id"_s, bob}}).value(u"status"_s) ==
          u"applied"_s);
    REQUIRE(admin.exec(u"SELECT assignee_id FROM deskline.tickets WHERE id = %1"_s.arg(ticket)));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toLongLong() == bob);
}

TEST_CASE("A mutation sent twice is applied once", "[server]")
{
    TestServer server;
    Login alice(server.as(u"alice"_s), u"alice"_s);
    const qint64 ticket = createTicket(alice.name, u"Refund not received"_s);
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject reply{{u"ticket_id"_s, ticket},
                            {u"client_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                            {u"kind"_s, 1},
                            {u"body"_s, u"We sent it again."_s}};
    const QJsonObject first = mutate(alice.name, u"message.add"_s, reply, id);
    const QJsonObject again = mutate(alice.name, u"message.add"_s, reply, id);
    CHECK(first.value(u"status"_s) == u"applied"_s);
    CHECK(again == first);
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"SELECT count(*) FROM deskline.messages WHERE body = 'We sent it again.'"_s));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toInt() == 1);
}

TEST_CASE("Of 64 simultaneous claims exactly one wins and the others learn who", "[server][claim]")
{
    TestServer server;
    ServerAdmin people(server.admin());
    constexpr int claimers = 64;
    QList<ServerAddress> addresses;
    for (int i = 0; i < claimers; ++i) {
        ServerAdmin::NewAgent agent;
        agent.login = server.login(u"claimer%1"_s.arg(i));
        agent.name = u"Claimer %1"_s.arg(i);
        agent.team = u"L1"_s;
        agent.password = u"claim-password"_s;
        const auto added = people.addAgent(agent);
        INFO(people.errorString().toStdString());
        REQUIRE(added);
        ServerAddress address = server.adminAddress();
        address.login = agent.login;
        address.password = agent.password;
        addresses << address;
    }
    Login alice(server.as(u"alice"_s), u"alice"_s);
    const qint64 ticket = createTicket(alice.name, u"Everyone wants this one"_s);

    std::latch ready(claimers);
    std::atomic<int> applied{0}, refusedWithWinner{0}, failures{0};
    std::vector<std::thread> threads;
    QList<QString> winners(claimers);
    for (int i = 0; i < claimers; ++i) {
        threads.emplace_back([&, i] {
            const QString name = u"claimer-connection-%1"_s.arg(i);
            {
                ServerConnection connection;
                if (!connection.open(addresses[i], name)) {
                    ++failures;
                    ready.count_down();
                    return;
                }
                QSqlQuery call(QSqlDatabase::database(name, false));
                call.prepare(u"SELECT deskline.apply_mutation(?::uuid, 'ticket.claim', ?::jsonb)::text"_s);
                call.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
                call.addBindValue(u"{\"ticket_id\": %1}"_s.arg(ticket));
                ready.arrive_and_wait(); // all connected: now claim at once
                if (!call.exec() || !call.next()) {
                    ++failures;
                } else {
                    const QJsonObject outcome = QJsonDocument::fromJson(call.value(0).toString().toUtf8()).object();
                    if (outcome.value(u"status"_s) == u"applied"_s)
                        ++applied;
                    else if (outcome.value(u"reason"_s) == u"already_claimed"_s)
                        ++refusedWithWinner,
                            winners[i] = outcome.value(u"result"_s).toObject().value(u"assignee_name"_s).toString();
                }
                QSqlDatabase::database(name, false).close();
            }
            QSqlDatabase::removeDatabase(name);
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    CHECK(failures == 0);
    CHECK(applied == 1);
    CHECK(refusedWithWinner == claimers - 1);
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"SELECT a.name FROM deskline.tickets t JOIN deskline.agents a ON a.id = t.assignee_id"
                       " WHERE t.id = %1"_s.arg(ticket)));
    REQUIRE(admin.next());
    const QString winner = admin.value(0).toString();
    for (const QString &seen : std::as_const(winners)) {
        if (!seen.isEmpty())
            CHECK(seen == winner);
    }
}

TEST_CASE("The shared database allows the same status moves as the desks", "[server][lifecycle]")
{
    TestServer server;
    QSqlQuery rows(server.admin());
    REQUIRE(rows.exec(u"SELECT from_status, to_status FROM deskline.status_transitions ORDER BY 1, 2"_s));
    QList<TicketLifecycle::Transition> onServer;
    while (rows.next())
        onServer.append(
            {fieldFromInt<TicketStatus>(rows.value(0).toInt()), fieldFromInt<TicketStatus>(rows.value(1).toInt())});
    QList<TicketLifecycle::Transition> onDesk = TicketLifecycle::transitions();
    std::sort(onDesk.begin(), onDesk.end());
    CHECK(onServer == onDesk);
}

TEST_CASE("New tickets go to a team's online agents by turns or by load, within their capacity", "[server][assign]")
{
    TestServer server;
    Login sam(server.as(u"sam"_s), u"sam"_s); // L1's supervisor: tickets sam creates wait in L1
    Login alice(server.as(u"alice"_s), u"alice"_s);
    const qint64 aliceId = server.agentId(u"alice"_s);
    const qint64 bobId = server.agentId(u"bob"_s);
    QSqlQuery admin(server.admin());
    REQUIRE(admin.exec(u"SELECT team_id FROM deskline.agents WHERE id = %1"_s.arg(aliceId)));
    REQUIRE(admin.next());
    const QString l1 = admin.value(0).toString();
    const auto assignee = [&](qint64 ticket) {
        QSqlQuery q(server.admin());
        REQUIRE(q.exec(u"SELECT coalesce(assignee_id, 0) FROM deskline.tickets WHERE id = %1"_s.arg(ticket)));
        REQUIRE(q.next());
        return q.value(0).toLongLong();
    };
    // Presence as the desks' heartbeats leave it: seen now, or a minute ago (gone).
    const auto seen = [&](qint64 agent, int secondsAgo) {
        QSqlQuery q(server.admin());
        REQUIRE(q.exec(u"INSERT INTO deskline.presence (agent_id, seen_at) VALUES (%1, now() - interval '%2 seconds')"
                       " ON CONFLICT (agent_id) DO UPDATE SET seen_at = excluded.seen_at"_s.arg(agent)
                           .arg(secondsAgo)));
    };
    const auto setting = [&](const QString &connection, const QString &key, const QJsonObject &value) {
        return mutate(connection, u"setting.save"_s, {{u"key"_s, key}, {u"value"_s, value}})
            .value(u"status"_s)
            .toString();
    };
    seen(aliceId, 0);
    seen(bobId, 0);

    // Without the setting a new ticket waits in the queue.
    CHECK(assignee(createTicket(u"sam"_s, u"Before"_s)) == 0);
    // Only a supervisor switches it on, and only to a known way.
    CHECK(setting(u"alice"_s, u"auto_assign"_s, {{l1, u"round_robin"_s}}) == u"rejected"_s);
    CHECK(setting(u"sam"_s, u"auto_assign"_s, {{l1, u"at_random"_s}}) == u"rejected"_s);
    REQUIRE(setting(u"sam"_s, u"auto_assign"_s, {{l1, u"round_robin"_s}}) == u"applied"_s);

    // Round robin: each online agent in turn (sam, a supervisor, is never given one).
    const qint64 first = assignee(createTicket(u"sam"_s, u"One"_s));
    const qint64 second = assignee(createTicket(u"sam"_s, u"Two"_s));
    const qint64 third = assignee(createTicket(u"sam"_s, u"Three"_s));
    CHECK(QSet<qint64>{first, second} == QSet<qint64>{aliceId, bobId});
    CHECK(third == first);
    REQUIRE(admin.exec(u"SELECT action, detail FROM deskline.ticket_events e JOIN deskline.tickets t"
                       " ON t.id = e.ticket_id WHERE t.subject = 'One'"_s));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toString() == u"auto_assign"_s);
    CHECK(admin.value(1).toString() == server.login(first == aliceId ? u"alice"_s : u"bob"_s));

    // By load: whoever holds fewer open tickets (second holds one, first two).
    REQUIRE(setting(u"sam"_s, u"auto_assign"_s, {{l1, u"by_load"_s}}) == u"applied"_s);
    CHECK(assignee(createTicket(u"sam"_s, u"Four"_s)) == second);
    // Both hold two now; a capacity of two fills `second` up, so `first` gets the next.
    REQUIRE(setting(u"sam"_s, u"agent_capacity"_s, {{QString::number(second), 2}}) == u"applied"_s);
    CHECK(assignee(createTicket(u"sam"_s, u"Five"_s)) == first);

    // An agent whose desk is gone gets nothing; nobody online leaves the ticket in the queue.
    REQUIRE(setting(u"sam"_s, u"agent_capacity"_s, {}) == u"applied"_s);
    seen(first, 60);
    CHECK(assignee(createTicket(u"sam"_s, u"Six"_s)) == second);
    // An agent away from a desk still signed in is passed over as well.
    const QString secondLogin = second == aliceId ? u"alice"_s : u"bob"_s;
    Login secondDesk(server.as(secondLogin), u"second-desk"_s);
    QSqlQuery away(QSqlDatabase::database(u"second-desk"_s, false));
    REQUIRE(away.exec(u"SELECT deskline.set_presence(NULL, false, true)"_s));
    CHECK(assignee(createTicket(u"sam"_s, u"Seven"_s)) == 0);
    REQUIRE(admin.exec(u"SELECT away FROM deskline.v_presence WHERE agent_id = %1"_s.arg(second)));
    REQUIRE(admin.next());
    CHECK(admin.value(0).toBool());
    REQUIRE(away.exec(u"SELECT deskline.set_presence(NULL, false, false)"_s));
    CHECK(assignee(createTicket(u"sam"_s, u"Eight"_s)) == second);

    // A ticket its creator takes is not handed out: the desk's claim follows.
    seen(aliceId, 0);
    const QJsonObject mine = mutate(u"alice"_s, u"ticket.create"_s,
                                    {{u"client_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                     {u"subject"_s, u"Mine"_s},
                                     {u"channel"_s, 2},
                                     {u"category"_s, 0},
                                     {u"priority"_s, 1},
                                     {u"assign_to_me"_s, true},
                                     {u"customer"_s, QJsonObject{{u"name"_s, u"李雷"_s}}}});
    REQUIRE(mine.value(u"status"_s).toString() == u"applied"_s);
    CHECK(assignee(mine.value(u"result"_s).toObject().value(u"ticket_id"_s).toInteger()) == 0);
}
