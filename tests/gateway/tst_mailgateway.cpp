#include "autocloser.h"
#include "catchcompat.h"
#include "channelservice.h"
#include "conversationservice.h"
#include "mailboxcheck.h"
#include "maildata.h"
#include "mailgateway.h"
#include "mailgatewayservice.h"
#include "mailoutbox.h"
#include "mailparser.h"
#include "mailpasswords.h"
#include "mailsecret.h"
#include "mailstore.h"
#include "surveystore.h"
#include "testmailserver.h"
#include "teststore.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>

#include <future>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

const QString support = u"support@example.test"_s;
const QByteArray secret = "gateway-test-secret";

// A desk with the support mailbox of the test dovecot, emptied, and an SMTP receiver that
// takes everything.
struct MailDesk {
    MailDesk()
    {
        server.clearMailbox(support);
        server.clearSent();
        server.acceptSmtp();
        passwordFile = t.ownerOnlyFile(u"support.password"_s, server.password(support).toUtf8() + '\n');
        const auto id = MailStore(*t.store).addMailbox(mailbox());
        REQUIRE(id);
        mailboxId = *id;
    }

    Mailbox mailbox() const
    {
        Mailbox box;
        box.name = u"Support"_s;
        box.address = support;
        box.imapUrl = u"imaps://support%40example.test@localhost:%1/INBOX"_s.arg(server.imapsPort());
        box.smtpUrl = u"smtps://support%40example.test@localhost:%1"_s.arg(server.smtpsPort());
        box.caFile = server.caFile();
        box.passwordFile = passwordFile;
        return box;
    }

    MailGateway::Tally once(bool expectProblems = false)
    {
        MailGateway gateway(*t.store, secret);
        gateway.setTimeout(10000);
        const MailGateway::Tally tally = gateway.runOnce();
        INFO(tally.problems.join(u"\n"_s).toStdString());
        CHECK(tally.problems.isEmpty() != expectProblems);
        return tally;
    }

    int count(const QString &table) const
    {
        QSqlQuery query(t.store->database());
        REQUIRE(query.exec(u"SELECT count(*) FROM "_s + table));
        REQUIRE(query.next());
        return query.value(0).toInt();
    }

    qint64 ticketOf(const QString &rfcMessageId) const
    {
        QSqlQuery query(t.store->database());
        query.prepare(u"SELECT m.ticket_id FROM mail_messages mm JOIN messages m ON m.id = mm.message_id"
                      u" WHERE mm.rfc_message_id = ?"_s);
        query.addBindValue(rfcMessageId);
        REQUIRE(query.exec());
        REQUIRE(query.next());
        return query.value(0).toLongLong();
    }

    qint64 unseen() const { return server.mailboxStatus(support).value(u"unseen").toInteger(); }

    TestMailServer server;
    TestStore t;
    QString passwordFile;
    qint64 mailboxId = 0;
};

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::NormalExit;
    QString out;
    QString err;
};

Run deskctl(const QStringList &arguments, const QByteArray &failpoint = {}, const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!failpoint.isEmpty())
        env.insert(u"DESKLINE_FAILPOINT"_s, QString::fromLatin1(failpoint));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(DESKCTL_PATH), arguments);
    REQUIRE(process.waitForStarted());
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(120000));
    return {process.exitCode(), process.exitStatus(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

TEST_CASE("Mail in a mailbox becomes tickets, and the agent's reply goes out once, threaded", "[gateway][mail]")
{
    MailDesk desk;
    desk.server.deliver(support, supportMail(u"=?UTF-8?B?5byg5Lyf?= <zhang.wei@example.com>"_s, u"打印机坏了"_s,
                                             u"m1@example.com"_s, u"打印机不能用了 😀"_s));
    desk.server.deliver(support, sampleMail("foxmail_gbk.eml"));
    desk.server.deliver(support, supportMail(u"zhang.wei@example.com"_s, u"Re: 打印机坏了"_s, u"m2@example.com"_s,
                                             u"还是坏的"_s, u"m1@example.com"_s));
    const int ticketsBefore = desk.count(u"tickets"_s);

    MailGateway::Tally tally = desk.once();
    CHECK(tally.fetched == 3);
    CHECK(tally.newTickets == 2);
    CHECK(tally.addedToTickets == 1);
    CHECK(desk.count(u"tickets"_s) == ticketsBefore + 2);
    CHECK(desk.unseen() == 0);
    const qint64 ticket = desk.ticketOf(u"m1@example.com"_s);
    CHECK(desk.ticketOf(u"m2@example.com"_s) == ticket);
    const auto messages = desk.t.store->messages(ticket);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0].body.contains(u"😀"_s));

    // A second pass finds nothing new and takes nothing twice.
    tally = desk.once();
    CHECK(tally.fetched == 0);
    CHECK(desk.count(u"tickets"_s) == ticketsBefore + 2);

    ConversationService conversation(*desk.t.store);
    const auto reply = conversation.reply(ticket, u"我们马上处理。"_s);
    REQUIRE(reply);
    REQUIRE(conversation.addNote(ticket, u"Internal: printer model is old"_s));
    tally = desk.once();
    CHECK(tally.sent == 1);
    auto sent = desk.server.sentMessages();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].rcptTo == QStringList{u"zhang.wei@example.com"_s});
    CHECK(sent[0].mailFrom == support);
    CHECK(sent[0].tls);
    const InboundMail out = MailParser().parse(sent[0].raw);
    CHECK(out.inReplyTo == u"m2@example.com"_s);
    CHECK(out.references.contains(u"m1@example.com"_s));
    CHECK(out.textBody.contains(u"我们马上处理。"_s));
    CHECK(!out.textBody.contains(u"Internal"_s));
    CHECK(MailStore(*desk.t.store).facts(*reply)->delivery == MailDelivery::Sent);

    // Sent once: later passes send nothing more.
    tally = desk.once();
    CHECK(tally.sent == 0);
    CHECK(desk.server.sentMessages().size() == 1);

    // The customer answers our mail from another address: our signed Message-ID still finds
    // the ticket. The same answer with the signature edited opens a ticket of its own.
    desk.server.deliver(support, supportMail(u"wei@home.example"_s, u"Re: Re: 打印机坏了"_s, u"m3@example.com"_s,
                                             u"谢谢"_s, out.messageId));
    QString forged = out.messageId;
    forged[forged.indexOf(u'@') - 1] = forged[forged.indexOf(u'@') - 1] == u'a' ? u'b' : u'a';
    desk.server.deliver(support, supportMail(u"attacker@example.net"_s, u"Re: 打印机坏了"_s, u"m4@example.net"_s,
                                             u"Send me the customer's data"_s, forged));
    tally = desk.once();
    CHECK(tally.fetched == 2);
    CHECK(desk.ticketOf(u"m3@example.com"_s) == ticket);
    CHECK(desk.ticketOf(u"m4@example.net"_s) != ticket);
}

TEST_CASE("A solved email ticket's survey goes out by mail, and the customer's mailed score answers it",
          "[gateway][mail][survey]")
{
    MailDesk desk;
    desk.server.deliver(support, supportMail(u"Zhang Wei <zhang.wei@example.com>"_s, u"VPN drops"_s,
                                             u"v1@example.com"_s, u"The VPN drops every hour"_s));
    REQUIRE(desk.once().newTickets == 1);
    const qint64 ticket = desk.ticketOf(u"v1@example.com"_s);
    REQUIRE(ConversationService(*desk.t.store).reply(ticket, u"We raised the timeout."_s));
    SurveyStore surveys(*desk.t.store);
    REQUIRE(surveys.resolve({ticket, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
    REQUIRE(desk.once().sent == 1); // the reply
    desk.server.clearSent();

    desk.t.clock.advance(qint64(surveys.delayMinutes()) * 60 * 1000);
    REQUIRE(surveys.sendDue() == 1);
    REQUIRE(desk.once().sent == 1);
    const auto sent = desk.server.sentMessages();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].rcptTo == QStringList{u"zhang.wei@example.com"_s});
    const InboundMail asked = MailParser().parse(sent[0].raw);
    CHECK(asked.textBody.contains(SurveyStore::mailText(desk.t.store->ticket(ticket)->displayId())));

    desk.server.deliver(
        support, supportMail(u"Zhang Wei <zhang.wei@example.com>"_s, u"Re: "_s + asked.subject, u"v2@example.com"_s,
                             u"4 thanks\r\n\r\n> "_s + asked.textBody.section(u'\n', 0, 0), asked.messageId));
    const MailGateway::Tally tally = desk.once();
    CHECK(tally.fetched == 1);
    CHECK(tally.surveyAnswers == 1);
    CHECK(desk.ticketOf(u"v2@example.com"_s) == ticket);
    const Survey answered = surveys.surveys(ticket).last();
    CHECK(answered.score == 4);
    CHECK(answered.comment == u"thanks"_s);
    CHECK(desk.t.store->ticket(ticket)->status == TicketStatus::Solved);
    CHECK(desk.t.store->messages(ticket).last().body.startsWith(u"4 thanks"_s));
}

TEST_CASE("A score mailed back after the solved ticket closed by itself is recorded, and opens no follow-up",
          "[gateway][mail][survey]")
{
    MailDesk desk;
    desk.server.deliver(support, supportMail(u"Li Na <li.na@example.com>"_s, u"Invoice"_s, u"c1@example.com"_s,
                                             u"Where is my invoice?"_s));
    REQUIRE(desk.once().newTickets == 1);
    const qint64 ticket = desk.ticketOf(u"c1@example.com"_s);
    REQUIRE(ConversationService(*desk.t.store).reply(ticket, u"Sent again."_s));
    SurveyStore surveys(*desk.t.store);
    REQUIRE(surveys.resolve({ticket, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
    desk.t.clock.advance(qint64(surveys.delayMinutes()) * 60 * 1000);
    REQUIRE(surveys.sendDue() == 1);
    REQUIRE(desk.once().sent == 2);
    const InboundMail asked = MailParser().parse(desk.server.sentMessages().last().raw);

    AutoCloser closer(*desk.t.store);
    desk.t.clock.advance(qint64(closer.days() + 1) * 24 * 3600 * 1000);
    REQUIRE(closer.closeDue() == 1);
    REQUIRE(desk.t.store->ticket(ticket)->status == TicketStatus::Closed);
    const int tickets = desk.count(u"tickets"_s);

    desk.server.deliver(support, supportMail(u"li.na@example.com"_s, u"Re: "_s + asked.subject, u"c2@example.com"_s,
                                             u"5 very quick"_s, asked.messageId));
    const MailGateway::Tally tally = desk.once();
    CHECK(tally.surveyAnswers == 1);
    CHECK(tally.followUps == 0);
    CHECK(desk.count(u"tickets"_s) == tickets);
    CHECK(surveys.surveys(ticket).last().score == 5);
    CHECK(surveys.surveys(ticket).last().comment == u"very quick"_s);
    CHECK(desk.t.store->ticket(ticket)->status == TicketStatus::Closed);
    // The mail itself is kept, beside the mailbox: nothing the customer sent is lost.
    QSqlQuery kept(desk.t.store->database());
    REQUIRE(kept.exec(u"SELECT reason, length(raw) > 0 FROM mail_set_aside WHERE rfc_message_id = 'c2@example.com'"_s));
    REQUIRE(kept.next());
    CHECK(kept.value(0).toInt() == int(MailStore::SetAsideReason::SurveyAnswer));
    CHECK(kept.value(1).toBool());
}

TEST_CASE("A folder renumbered by the server (UIDVALIDITY) is read again without a mail taken twice", "[gateway][mail]")
{
    MailDesk desk;
    desk.server.deliver(support, supportMail(u"a@example.com"_s, u"One"_s, u"v1@example.com"_s, u"1"_s));
    desk.server.deliver(support, supportMail(u"b@example.com"_s, u"Two"_s, u"v2@example.com"_s, u"2"_s));
    CHECK(desk.once().newTickets == 2);
    const int tickets = desk.count(u"tickets"_s);
    const quint32 oldValidity = MailStore(*desk.t.store).mailbox(desk.mailboxId)->uidValidity;

    desk.server.setUidValidity(support, oldValidity + 1000);
    MailGateway::Tally tally = desk.once();
    CHECK(tally.fetched == 2);
    CHECK(tally.duplicates == 2);
    CHECK(desk.count(u"tickets"_s) == tickets);
    const Mailbox box = *MailStore(*desk.t.store).mailbox(desk.mailboxId);
    CHECK(box.uidValidity == oldValidity + 1000);

    desk.server.deliver(support, supportMail(u"c@example.com"_s, u"Three"_s, u"v3@example.com"_s, u"3"_s));
    tally = desk.once();
    CHECK(tally.fetched == 1);
    CHECK(tally.newTickets == 1);
}

TEST_CASE("The SMTP server failing in the middle of a send: the reply waits, then goes out once", "[gateway][mail]")
{
    MailDesk desk;
    desk.server.deliver(support, supportMail(u"li@example.com"_s, u"Order"_s, u"o1@example.com"_s, u"Where is it?"_s));
    desk.once();
    const qint64 ticket = desk.ticketOf(u"o1@example.com"_s);
    const auto reply = ConversationService(*desk.t.store).reply(ticket, u"It ships today."_s);
    REQUIRE(reply);

    desk.server.refuseSmtp(TestMailServer::SmtpStage::Data, "close");
    MailGateway::Tally tally = desk.once();
    CHECK(tally.retrying == 1);
    CHECK(desk.server.sentMessages().isEmpty());
    MailFacts facts = *MailStore(*desk.t.store).facts(*reply);
    CHECK(facts.delivery == MailDelivery::Waiting);
    CHECK(facts.attempts == 1);

    // Not due again yet, even with the server back.
    desk.server.acceptSmtp();
    CHECK(desk.once().sent == 0);
    desk.t.clock.advance(MailOutbox::retryDelayMs(1) + 1000);
    CHECK(desk.once().sent == 1);
    desk.t.clock.advance(24 * 3600 * 1000);
    CHECK(desk.once().sent == 0);
    CHECK(desk.server.sentMessages().size() == 1);
    CHECK(MailStore(*desk.t.store).facts(*reply)->delivery == MailDelivery::Sent);
}

TEST_CASE("A recipient the server refuses for good shows on the reply with the server's answer", "[gateway][mail]")
{
    MailDesk desk;
    desk.server.deliver(support, supportMail(u"gone@example.com"_s, u"Hi"_s, u"g1@example.com"_s, u"Hello"_s));
    desk.once();
    const auto reply = ConversationService(*desk.t.store).reply(desk.ticketOf(u"g1@example.com"_s), u"Hello!"_s);
    REQUIRE(reply);
    desk.server.refuseSmtp(TestMailServer::SmtpStage::Rcpt, "550 5.1.1 No such user");
    const MailGateway::Tally tally = desk.once();
    CHECK(tally.failed == 1);
    const MailFacts facts = *MailStore(*desk.t.store).facts(*reply);
    CHECK(facts.delivery == MailDelivery::Failed);
    CHECK(facts.deliveryDetail.contains(u"5.1.1"_s));
    desk.server.acceptSmtp();
    desk.t.clock.advance(3600 * 1000);
    CHECK(desk.once().sent == 0);
}

TEST_CASE("deskctl gateway killed before a commit or before flagging a mail seen loses nothing and takes nothing twice",
          "[gateway][mail][deskctl]")
{
    MailDesk desk;
    const QString store = desk.t.path();
    REQUIRE(MailStore(*desk.t.store).removeMailbox(desk.mailboxId));
    Run added =
        deskctl({u"channel"_s, u"add-mailbox"_s, u"--database"_s, store, u"--name"_s, u"Support"_s, u"--address"_s,
                 support, u"--imap"_s, u"imap://support@example.test@localhost:%1/INBOX"_s.arg(desk.server.imapPort()),
                 u"--smtp"_s, u"smtp://support@example.test@localhost:%1"_s.arg(desk.server.smtpPort()),
                 u"--starttls"_s, u"--password-file"_s, desk.passwordFile, u"--ca-file"_s, desk.server.caFile()});
    INFO(added.err.toStdString());
    REQUIRE(added.exitCode == 0);
    Run tested = deskctl({u"channel"_s, u"test-mailbox"_s, u"--database"_s, store, u"--name"_s, u"Support"_s});
    INFO(tested.out.toStdString());
    CHECK(tested.exitCode == 0);
    CHECK(tested.out.contains(u"IMAP: ok"_s));
    CHECK(tested.out.contains(u"SMTP: ok"_s));

    for (int i = 1; i <= 3; ++i)
        desk.server.deliver(support, supportMail(u"k%1@example.com"_s.arg(i), u"Crash %1"_s.arg(i),
                                                 u"k%1@example.com"_s.arg(i), u"body"_s));
    const int tickets = desk.count(u"tickets"_s);
    const QStringList once{u"gateway"_s, u"--once"_s, u"--database"_s, store};

    // Killed after fetching the second mail, before committing it.
    Run crashed = deskctl(once, "gateway-before-commit:2");
    CHECK(crashed.exitCode == 70);
    CHECK(desk.count(u"tickets"_s) == tickets + 1);
    CHECK(desk.unseen() == 3);

    // Killed after committing the rest, before flagging them \Seen. The first mail, committed
    // by the run before, was flagged when this run started.
    crashed = deskctl(once, "gateway-before-seen:1");
    CHECK(crashed.exitCode == 70);
    CHECK(desk.count(u"tickets"_s) == tickets + 3);
    CHECK(desk.unseen() == 2);

    Run clean = deskctl(once);
    INFO(clean.out.toStdString() + clean.err.toStdString());
    CHECK(clean.exitCode == 0);
    CHECK(desk.count(u"tickets"_s) == tickets + 3);
    CHECK(desk.count(u"mail_messages"_s) == 3);
    CHECK(desk.unseen() == 0);

    Run listed = deskctl({u"channel"_s, u"list-mailboxes"_s, u"--database"_s, store, u"--json"_s});
    INFO(listed.out.toStdString());
    const qint64 lastUid = desk.server.mailboxStatus(support).value(u"uidnext"_s).toInteger() - 1;
    CHECK(listed.out.contains(u"\"last_uid\": %1"_s.arg(lastUid)));
    CHECK(!listed.out.contains(desk.server.password(support)));
    Run removed = deskctl({u"channel"_s, u"remove-mailbox"_s, u"--database"_s, store, u"--name"_s, u"Support"_s});
    CHECK(removed.exitCode == 0);
    CHECK(MailStore(*desk.t.store).mailboxes().isEmpty());
    CHECK(desk.count(u"mail_messages"_s) == 3);
}

TEST_CASE("A mailbox's check names what fails: login, certificate, folder, port, host", "[gateway][mail]")
{
    MailDesk desk;
    const QByteArray password = desk.server.password(support).toUtf8();
    Mailbox box = desk.mailbox();
    MailboxCheck::Report report = MailboxCheck::run(box, password, 10000);
    CHECK(report.ok());

    report = MailboxCheck::run(box, "wrong-password", 10000);
    CHECK(report.imap.failure == TransportFailure::Login);
    CHECK(report.smtp.failure == TransportFailure::Login);

    Mailbox untrusted = box;
    untrusted.caFile.clear();
    report = MailboxCheck::run(untrusted, password, 10000);
    CHECK(report.imap.failure == TransportFailure::UntrustedCertificate);
    CHECK(report.smtp.failure == TransportFailure::UntrustedCertificate);
    CHECK(report.imap.problem.contains(u"--ca-file"_s));

    Mailbox folder = box;
    folder.imapUrl = u"imaps://support%40example.test@localhost:%1/Nowhere"_s.arg(desk.server.imapsPort());
    CHECK(MailboxCheck::run(folder, password, 10000).imap.failure == TransportFailure::NoSuchFolder);

    Mailbox closed = box;
    closed.imapUrl = u"imaps://support%40example.test@127.0.0.1:1/INBOX"_s;
    closed.smtpUrl = u"smtps://support%40example.test@no-such-host.invalid:465"_s;
    report = MailboxCheck::run(closed, password, 10000);
    CHECK(report.imap.failure == TransportFailure::Refused);
    CHECK(report.smtp.failure == TransportFailure::NoSuchHost);
}

TEST_CASE("The service staying up takes a new mail as IDLE reports it, and stops when asked", "[gateway][mail]")
{
    MailDesk desk;
    MailGatewayService::Options options;
    options.timeoutMs = 10000;
    MailGatewayService service(desk.t.path(), desk.t.clock, secret, options);
    std::promise<void> listening;
    std::promise<QList<qint64>> changed;
    std::atomic<bool> listened = false, announced = false;
    QObject::connect(
        &service, &MailGatewayService::listening, &service,
        [&](qint64) {
            if (!listened.exchange(true))
                listening.set_value();
        },
        Qt::DirectConnection);
    QObject::connect(
        &service, &MailGatewayService::ticketsChanged, &service,
        [&](const QList<qint64> &ids) {
            if (!announced.exchange(true))
                changed.set_value(ids);
        },
        Qt::DirectConnection);
    QStringList lines;
    std::mutex linesMutex;
    std::promise<void> removed;
    std::atomic<bool> toldRemoved = false;
    QObject::connect(
        &service, &MailGatewayService::logged, &service,
        [&](const QString &line) {
            std::lock_guard lock(linesMutex);
            lines.append(line);
            if (line.contains(u"no longer read"_s) && !toldRemoved.exchange(true))
                removed.set_value();
        },
        Qt::DirectConnection);
    auto ran = std::async(std::launch::async, [&] { return service.run(); });

    REQUIRE(listening.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    desk.server.deliver(support, supportMail(u"idle@example.com"_s, u"Live"_s, u"idle1@example.com"_s, u"Now"_s));
    auto announcement = changed.get_future();
    REQUIRE(announcement.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    const qint64 ticket = desk.ticketOf(u"idle1@example.com"_s);
    CHECK(announcement.get().contains(ticket));

    // A mailbox removed while its worker waits in IDLE (for up to five minutes) stops being read
    // as soon as the service looks at its mailboxes again.
    REQUIRE(ChannelService(*desk.t.store, ChannelService::Caller::StoreOwner).remove(desk.mailboxId));
    service.rereadMailboxes();
    CHECK(removed.get_future().wait_for(std::chrono::seconds(20)) == std::future_status::ready);

    service.stop();
    REQUIRE(ran.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    CHECK(ran.get());
    std::lock_guard lock(linesMutex);
    CHECK(lines.join(u"\n"_s).contains(u"idle1@example.com"_s));
}

TEST_CASE("A password file or mail key others may read is refused; the key is made owner-only", "[gateway]")
{
    TestStore t;
    const QString passwordFile = t.ownerOnlyFile(u"password"_s, "s3cret\n");
    QString error;
    CHECK(MailPasswords::readFile(passwordFile, &error) == QByteArray("s3cret"));
    QFile::setPermissions(passwordFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    CHECK(!MailPasswords::readFile(passwordFile, &error));
    CHECK(error.contains(u"chmod 600"_s));

    const QString store = t.path();
    const auto key = MailSecret::loadOrCreate(store, &error);
    REQUIRE(key);
    CHECK(key->size() == MailSecret::size);
    CHECK(QFile::permissions(MailSecret::pathFor(store)) ==
          (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
    CHECK(MailSecret::loadOrCreate(store, &error) == key);
    QFile::setPermissions(MailSecret::pathFor(store), QFileDevice::ReadOwner | QFileDevice::ReadGroup);
    CHECK(!MailSecret::loadOrCreate(store, &error));
}
