#include "catchcompat.h"
#include "conversationservice.h"
#include "maildata.h"
#include "mailgateway.h"
#include "mailparser.h"
#include "serveradmin.h"
#include "servermailbackend.h"
#include "servermailboxes.h"
#include "surveystore.h"
#include "testdesk.h"
#include "testmailserver.h"
#include "testserver.h"
#include "teststore.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

const QString support = u"support@example.test"_s;
const QByteArray secret = "team-gateway-test-secret";

// A team's server with a gateway login and the support mailbox of the test dovecot on it, added
// by the supervisor; the dovecot folder emptied and an SMTP receiver that takes everything.
struct TeamMail {
    TeamMail()
    {
        mailServer.clearMailbox(support);
        mailServer.clearSent();
        mailServer.acceptSmtp();
        passwordFile = t.ownerOnlyFile(u"support.password"_s, mailServer.password(support).toUtf8() + '\n');
        ServerAdmin admin(server.admin());
        REQUIRE(admin.addGateway(gatewayLogin(), u"gateway-password"_s));

        ServerConnection supervisor;
        REQUIRE(supervisor.open(server.as(u"sam"_s), u"team-mail-sam"_s));
        {
            Mailbox box;
            box.name = u"Support"_s;
            box.address = support;
            box.imapUrl = u"imaps://support%40example.test@localhost:%1/INBOX"_s.arg(mailServer.imapsPort());
            box.smtpUrl = u"smtps://support%40example.test@localhost:%1"_s.arg(mailServer.smtpsPort());
            box.caFile = mailServer.caFile();
            box.passwordFile = passwordFile;
            ServerMailboxes mailboxes(QSqlDatabase::database(u"team-mail-sam"_s, false));
            const auto id = mailboxes.add(box, u"L1"_s);
            INFO(mailboxes.errorString().toStdString());
            REQUIRE(id);
            mailboxId = *id;
        }
        QSqlDatabase::database(u"team-mail-sam"_s, false).close();
        QSqlDatabase::removeDatabase(u"team-mail-sam"_s);
    }

    QString gatewayLogin() const { return server.database() + u"_gw"_s; }

    ServerAddress gatewayAddress() const
    {
        ServerAddress address = server.adminAddress();
        address.login = gatewayLogin();
        address.password = u"gateway-password"_s;
        return address;
    }

    QString gatewayUrl() const { return gatewayAddress().toUrl(true); }

    // A backend on a connection of its own, as each gateway (and each of its workers) has.
    std::unique_ptr<ServerMailBackend> backend(const QString &name) const
    {
        ServerConnection connection;
        REQUIRE(connection.open(gatewayAddress(), name));
        return std::make_unique<ServerMailBackend>(name, secret);
    }

    MailGateway::Tally once(MailBackend &backend, bool expectProblems = false) const
    {
        MailGateway gateway(backend);
        gateway.setTimeout(10000);
        const MailGateway::Tally tally = gateway.runOnce();
        INFO(tally.problems.join(u"\n"_s).toStdString());
        CHECK(tally.problems.isEmpty() != expectProblems);
        return tally;
    }

    qint64 count(const QString &sql) const
    {
        QSqlQuery query(server.admin());
        INFO(sql.toStdString());
        REQUIRE(query.exec(sql));
        REQUIRE(query.next());
        return query.value(0).toLongLong();
    }

    qint64 ticketOf(const QString &rfcMessageId) const
    {
        return count(u"SELECT coalesce(min(m.ticket_id), 0) FROM deskline.mail_messages f"
                     " JOIN deskline.messages m ON m.id = f.message_id WHERE f.rfc_message_id = '"_s +
                     rfcMessageId + u"'"_s);
    }

    TestServer server;
    TestMailServer mailServer;
    TestStore t;
    QString passwordFile;
    qint64 mailboxId = 0;
};

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::NormalExit;
    QString out;
};

QProcess *startDeskctl(const QStringList &arguments, const QByteArray &failpoint = {})
{
    auto *process = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!failpoint.isEmpty())
        env.insert(u"DESKLINE_FAILPOINT"_s, QString::fromLatin1(failpoint));
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(DESKCTL_PATH), arguments);
    return process;
}

Run finish(QProcess *process)
{
    REQUIRE(process->waitForFinished(120000));
    Run run{process->exitCode(), process->exitStatus(), QString::fromUtf8(process->readAll())};
    delete process;
    return run;
}

} // namespace

TEST_CASE("In team mode the gateway takes mail into the server's tickets once, and a reply written on a desk "
          "goes out once, threaded",
          "[gateway][mail][team]")
{
    TeamMail team;
    team.mailServer.deliver(support, supportMail(u"Zhang Wei <zhang.wei@example.com>"_s, u"打印机坏了"_s,
                                                 u"t1@example.com"_s, u"打印机不能用了 😀"_s));
    team.mailServer.deliver(support, supportMail(u"zhang.wei@example.com"_s, u"Re: 打印机坏了"_s, u"t2@example.com"_s,
                                                 u"还是坏的"_s, u"t1@example.com"_s));
    team.mailServer.deliver(support, supportMail(u"zhang.wei@example.com"_s, u"Out of office"_s, u"t3@example.com"_s,
                                                 u"I am away"_s, {}, u"Auto-Submitted: auto-replied\r\n"_s));
    const auto backend = team.backend(u"team-gw-1"_s);

    MailGateway::Tally tally = team.once(*backend);
    CHECK(tally.fetched == 3);
    CHECK(tally.newTickets == 1);
    CHECK(tally.addedToTickets == 1);
    CHECK(tally.setAside == 1);
    const qint64 ticket = team.ticketOf(u"t1@example.com"_s);
    REQUIRE(ticket > 0);
    CHECK(team.ticketOf(u"t2@example.com"_s) == ticket);
    CHECK(team.ticketOf(u"t3@example.com"_s) == 0);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 1);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets t JOIN deskline.teams m ON m.id = t.team_id"
                     " WHERE m.name = 'L1' AND t.channel = 0"_s) == 1);
    CHECK(team.count(u"SELECT count(*) FROM deskline.messages WHERE body LIKE '%😀%'"_s) == 1);
    CHECK(team.count(u"SELECT count(*) FROM deskline.mail_set_aside WHERE reason = 0"_s) == 1);
    CHECK(team.mailServer.mailboxStatus(support).value(u"unseen").toInteger() == 0);

    // Read again: nothing new, nothing twice.
    tally = team.once(*backend);
    CHECK(tally.fetched == 0);
    CHECK(team.count(u"SELECT count(*) FROM deskline.messages"_s) == 2);

    // Alice sees the ticket on her desk and answers it there; the server's gateway sends it.
    TestDesk alice(team.server.as(u"alice"_s));
    REQUIRE(alice.sync());
    const qint64 local = alice.localTicket(ticket);
    REQUIRE(local > 0);
    CHECK(alice.store->ticket(local)->channel == Channel::Email);
    REQUIRE(ConversationService(*alice.store).reply(local, u"我们马上处理。"_s));
    REQUIRE(ConversationService(*alice.store).addNote(local, u"Internal: printer model is old"_s));
    REQUIRE(alice.sync());
    CHECK(alice.outboxSize() == 0);
    CHECK(team.count(u"SELECT count(*) FROM deskline.mail_messages WHERE direction = 1 AND delivery = 1"_s) == 1);

    tally = team.once(*backend);
    CHECK(tally.sent == 1);
    const auto sent = team.mailServer.sentMessages();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].rcptTo == QStringList{u"zhang.wei@example.com"_s});
    CHECK(sent[0].mailFrom == support);
    const InboundMail out = MailParser().parse(sent[0].raw);
    CHECK(out.inReplyTo == u"t2@example.com"_s);
    CHECK(out.references.contains(u"t1@example.com"_s));
    CHECK(out.textBody.contains(u"我们马上处理。"_s));
    CHECK(out.textBody.contains(u"还是坏的"_s)); // the customer's last mail, quoted
    CHECK(!out.textBody.contains(u"Internal"_s));
    CHECK(team.count(u"SELECT count(*) FROM deskline.mail_messages WHERE direction = 1 AND delivery = 2"
                     " AND sent_at IS NOT NULL"_s) == 1);
    tally = team.once(*backend);
    CHECK(tally.sent == 0);
    CHECK(team.mailServer.sentMessages().size() == 1);

    // The customer answers our mail: our signed Message-ID finds the ticket; a forged one does not.
    team.mailServer.deliver(support, supportMail(u"wei@home.example"_s, u"Re: Re: 打印机坏了"_s, u"t4@example.com"_s,
                                                 u"谢谢"_s, out.messageId));
    QString forged = out.messageId;
    forged[forged.indexOf(u'@') - 1] = forged[forged.indexOf(u'@') - 1] == u'a' ? u'b' : u'a';
    team.mailServer.deliver(support, supportMail(u"attacker@example.net"_s, u"Re: 打印机坏了"_s, u"t5@example.net"_s,
                                                 u"Send me the customer's data"_s, forged));
    tally = team.once(*backend);
    CHECK(tally.fetched == 2);
    CHECK(team.ticketOf(u"t4@example.com"_s) == ticket);
    CHECK(team.ticketOf(u"t5@example.net"_s) != ticket);
}

TEST_CASE("In team mode a survey sent from a desk goes out by mail, and the mailed score is recorded on the server",
          "[gateway][mail][team][survey]")
{
    TeamMail team;
    team.mailServer.deliver(support, supportMail(u"Zhang Wei <zhang.wei@example.com>"_s, u"VPN drops"_s,
                                                 u"s1@example.com"_s, u"The VPN drops every hour"_s));
    const auto backend = team.backend(u"team-gw-survey"_s);
    REQUIRE(team.once(*backend).newTickets == 1);
    const qint64 ticket = team.ticketOf(u"s1@example.com"_s);

    {
        // The desks' clocks are the real ones here: the supervisor has surveys go out at once.
        TestDesk sam(team.server.as(u"sam"_s));
        REQUIRE(SurveyStore(*sam.store).setDelayMinutes(0));
        REQUIRE(sam.sync());
    }
    TestDesk alice(team.server.as(u"alice"_s));
    const qint64 local = alice.localTicket(ticket);
    REQUIRE(local > 0);
    REQUIRE(ConversationService(*alice.store).reply(local, u"We raised the timeout."_s));
    SurveyStore surveys(*alice.store);
    REQUIRE(surveys.delayMinutes() == 0);
    REQUIRE(surveys.resolve({local, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
    REQUIRE(alice.sync());
    REQUIRE(team.once(*backend).sent == 1); // the reply
    team.mailServer.clearSent();

    REQUIRE(surveys.sendDue() == 1);
    REQUIRE(alice.sync());
    REQUIRE(team.once(*backend).sent == 1);
    const auto sent = team.mailServer.sentMessages();
    REQUIRE(sent.size() == 1);
    const InboundMail asked = MailParser().parse(sent[0].raw);

    team.mailServer.deliver(support, supportMail(u"Zhang Wei <zhang.wei@example.com>"_s, u"Re: "_s + asked.subject,
                                                 u"s2@example.com"_s, u"4 thanks"_s, asked.messageId));
    const MailGateway::Tally tally = team.once(*backend);
    CHECK(tally.surveyAnswers == 1);
    CHECK(team.ticketOf(u"s2@example.com"_s) == ticket);
    CHECK(team.count(u"SELECT score FROM deskline.surveys WHERE ticket_id = "_s + QString::number(ticket) +
                     u" ORDER BY id DESC LIMIT 1"_s) == 4);
    CHECK(team.count(u"SELECT status FROM deskline.tickets WHERE id = "_s + QString::number(ticket)) ==
          int(TicketStatus::Solved));
    REQUIRE(alice.sync());
    CHECK(surveys.surveys(local).last().score == 4);
}

TEST_CASE("Two gateways on one mailbox: one reads it, the other leaves it to it, and no mail becomes two tickets",
          "[gateway][mail][team]")
{
    TeamMail team;
    for (int i = 0; i < 12; ++i)
        team.mailServer.deliver(support, supportMail(u"customer%1@example.com"_s.arg(i), u"Question %1"_s.arg(i),
                                                     u"two-%1@example.com"_s.arg(i), u"Hello"_s));
    {
        const auto first = team.backend(u"team-gw-a"_s);
        const auto second = team.backend(u"team-gw-b"_s);
        REQUIRE(first->claim(team.mailboxId));
        CHECK(!second->claim(team.mailboxId));
        CHECK(team.once(*second).fetched == 0); // left to the other
        CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 0);
        first->release(team.mailboxId);
        CHECK(second->claim(team.mailboxId));
        second->release(team.mailboxId);
        // A gateway that goes away lets go of its mailbox with its connection.
        REQUIRE(first->claim(team.mailboxId));
    }
    CHECK(team.backend(u"team-gw-c"_s)->claim(team.mailboxId));

    // Two whole gateways at once, as two machines of a team would run them.
    QProcess *a = startDeskctl({u"gateway"_s, u"--url"_s, team.gatewayUrl(), u"--once"_s, u"--key-file"_s,
                                team.t.dir.filePath(u"team.mailkey"_s)});
    QProcess *b = startDeskctl({u"gateway"_s, u"--url"_s, team.gatewayUrl(), u"--once"_s, u"--key-file"_s,
                                team.t.dir.filePath(u"team.mailkey"_s)});
    const Run ranA = finish(a);
    const Run ranB = finish(b);
    INFO(ranA.out.toStdString());
    INFO(ranB.out.toStdString());
    CHECK(ranA.exitCode == 0);
    CHECK(ranB.exitCode == 0);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 12);
    CHECK(team.count(u"SELECT count(*) FROM deskline.messages"_s) == 12);
    CHECK(team.count(u"SELECT count(DISTINCT rfc_message_id) FROM deskline.mail_messages"_s) == 12);
}

TEST_CASE("deskctl gateway --url killed before a commit or before flagging a mail seen loses nothing and takes "
          "nothing twice",
          "[gateway][mail][team]")
{
    TeamMail team;
    for (int i = 0; i < 4; ++i)
        team.mailServer.deliver(support, supportMail(u"k%1@example.com"_s.arg(i), u"Crash %1"_s.arg(i),
                                                     u"kill-%1@example.com"_s.arg(i), u"Body %1"_s.arg(i)));
    const QStringList arguments{u"gateway"_s, u"--url"_s,      team.gatewayUrl(),
                                u"--once"_s,  u"--key-file"_s, team.t.dir.filePath(u"team.mailkey"_s)};
    Run run = finish(startDeskctl(arguments, "gateway-before-commit:3"));
    INFO(run.out.toStdString());
    CHECK(run.exitCode == 70);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 2);

    run = finish(startDeskctl(arguments, "gateway-before-seen:1"));
    CHECK(run.exitCode == 70);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 4);
    CHECK(team.mailServer.mailboxStatus(support).value(u"unseen").toInteger() > 0);

    run = finish(startDeskctl(arguments));
    CHECK(run.exitCode == 0);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 4);
    CHECK(team.count(u"SELECT count(*) FROM deskline.messages"_s) == 4);
    CHECK(team.mailServer.mailboxStatus(support).value(u"unseen").toInteger() == 0);
}

TEST_CASE("The gateway's login takes mail and records deliveries, nothing else, and agents cannot act as the gateway",
          "[gateway][team]")
{
    TeamMail team;
    ServerConnection gateway;
    REQUIRE(gateway.open(team.gatewayAddress(), u"team-gw-rights"_s));
    QSqlDatabase db = QSqlDatabase::database(u"team-gw-rights"_s, false);
    const QString mutation =
        u"SELECT deskline.apply_mutation('%1'::uuid, 'ticket.set_priority',"
        " '{\"ticket_id\": 1, \"priority\": 3}')"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    for (const QString &refused :
         {u"SELECT count(*) FROM deskline.tickets"_s, u"SELECT count(*) FROM deskline.v_tickets"_s,
          u"SELECT count(*) FROM deskline.customers"_s, u"SELECT * FROM deskline.pull_changes('0'::xid8, 0, 10)"_s,
          mutation, u"SELECT deskline.mailbox_remove('Support')"_s, u"UPDATE deskline.mailboxes SET last_uid = 0"_s}) {
        QSqlQuery query(db);
        INFO(refused.toStdString());
        CHECK(!query.exec(refused));
    }
    QSqlQuery allowed(db);
    CHECK(allowed.exec(u"SELECT count(*) FROM deskline.gateway_mailboxes()"_s));
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"team-gw-rights"_s);

    // An agent's login may not take mail, read the mailboxes' settings, or change them.
    ServerConnection agent;
    REQUIRE(agent.open(team.server.as(u"alice"_s), u"team-gw-alice"_s));
    db = QSqlDatabase::database(u"team-gw-alice"_s, false);
    for (const QString &refused :
         {u"SELECT deskline.gateway_receive(1, 1, 99, '{\"key\": \"x@y\", \"sender\": \"x@y\"}')"_s,
          u"SELECT * FROM deskline.gateway_mailboxes()"_s, u"SELECT deskline.gateway_lock_mailbox(1)"_s,
          u"SELECT deskline.mailbox_remove('Support')"_s}) {
        QSqlQuery query(db);
        INFO(refused.toStdString());
        CHECK(!query.exec(refused));
    }
    QSqlQuery listed(db);
    REQUIRE(listed.exec(u"SELECT count(*) FROM deskline.v_mailboxes"_s));
    REQUIRE(listed.next());
    CHECK(listed.value(0).toInt() == 0); // an agent sees no mailbox's settings
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"team-gw-alice"_s);
    CHECK(team.count(u"SELECT count(*) FROM deskline.mailboxes"_s) == 1);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 0);
}

TEST_CASE("In team mode a sender held for flooding a mailbox is told to the supervisors' desks, not the agents'",
          "[gateway][mail][team]")
{
    TeamMail team;
    TestDesk sam(team.server.as(u"sam"_s));
    TestDesk alice(team.server.as(u"alice"_s));
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    QSignalSpy samTold(sam.engine.get(), &SyncEngine::senderHeld);
    QSignalSpy aliceTold(alice.engine.get(), &SyncEngine::senderHeld);

    for (int i = 0; i < 4; ++i)
        team.mailServer.deliver(support, supportMail(u"loop@robot.example"_s, u"Alert %1"_s.arg(i),
                                                     u"flood%1@robot.example"_s.arg(i), u"disk full"_s));
    const auto backend = team.backend(u"team-gw-flood"_s);
    MailGateway gateway(*backend);
    gateway.setFloodLimit(2);
    gateway.setTimeout(10000);
    const MailGateway::Tally tally = gateway.runOnce();
    INFO(tally.problems.join(u"\n"_s).toStdString());
    REQUIRE(tally.problems.isEmpty());
    CHECK(tally.newTickets == 2); // the limit's two, then held
    CHECK(team.count(u"SELECT count(*) FROM deskline.mail_set_aside WHERE reason = 2"_s) == 2);

    CHECK(team.count(u"SELECT count(*) FROM deskline.change_log WHERE entity = 'mail_held'"_s) == 2);
    REQUIRE(sam.sync());
    REQUIRE(alice.sync());
    REQUIRE(samTold.size() == 2);
    CHECK(samTold[0][0].toString() == u"Support"_s);
    CHECK(samTold[0][1].toString() == u"loop@robot.example"_s);
    CHECK(samTold[0][2].toString().contains(u"loop@robot.example"_s));
    CHECK(aliceTold.isEmpty());

    // Told once: the next pull brings nothing new to tell.
    REQUIRE(sam.sync());
    CHECK(samTold.size() == 2);
}

TEST_CASE("In team mode the gateway goes on after the server restarts: the mail that came meanwhile is taken once",
          "[gateway][mail][team][faults]")
{
    if (!TestServer::canRestart()) {
        WARN("Skipped: the server given by DESKLINE_TEST_PG_URL is not restarted by tests");
        return;
    }
    TeamMail team;
    const auto backend = team.backend(u"team-gw-restart"_s);
    team.mailServer.deliver(support,
                            supportMail(u"li@example.com"_s, u"登录失败"_s, u"r1@example.com"_s, u"无法登录"_s));
    CHECK(team.once(*backend).newTickets == 1);

    TestServer::stopServer();
    team.mailServer.deliver(support, supportMail(u"wang@example.com"_s, u"退款"_s, u"r2@example.com"_s, u"请退款"_s));
    team.once(*backend, true); // the server is down: a problem said, nothing flagged as taken
    TestServer::startServer();
    team.server.reconnect();

    // The same backend (the staying-up gateway's) opens its connection again and takes the mail.
    const MailGateway::Tally tally = team.once(*backend);
    CHECK(tally.newTickets == 1);
    CHECK(team.ticketOf(u"r2@example.com"_s) > 0);
    CHECK(team.count(u"SELECT count(*) FROM deskline.tickets"_s) == 2);
    CHECK(team.once(*backend).fetched == 0);
}
