#include "catchcompat.h"
#include "conversationservice.h"
#include "customerstore.h"
#include "maildata.h"
#include "mailintake.h"
#include "mailoutbox.h"
#include "mailparser.h"
#include "mailstore.h"
#include "mailthreading.h"
#include "surveystore.h"
#include "teststore.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

const QByteArray secret = "intake-test-secret";

QByteArray mail(const QString &from, const QString &subject, const QString &messageId, const QString &body,
                const QString &inReplyTo = {}, const QString &extraHeaders = {})
{
    QString text = u"From: "_s + from + u"\r\nTo: support@example.test\r\nSubject: "_s + subject +
                   u"\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\n"_s;
    if (!messageId.isEmpty())
        text += u"Message-ID: <"_s + messageId + u">\r\n"_s;
    if (!inReplyTo.isEmpty())
        text += u"In-Reply-To: <"_s + inReplyTo + u">\r\nReferences: <"_s + inReplyTo + u">\r\n"_s;
    text += extraHeaders;
    text +=
        u"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"_s +
        body + u"\r\n"_s;
    return text.toUtf8();
}

struct Intake {
    Intake()
    {
        Mailbox box;
        box.name = u"support"_s;
        box.address = u"support@example.test"_s;
        box.imapUrl = u"imaps://support%40example.test@127.0.0.1:55993/INBOX"_s;
        box.smtpUrl = u"smtps://support%40example.test@127.0.0.1:55465"_s;
        box.maxAttachmentBytes = 1024 * 1024;
        const auto id = MailStore(*t.store).addMailbox(box);
        REQUIRE(id);
        mailboxId = *id;
    }

    Mailbox mailbox() const { return *MailStore(*t.store).mailbox(mailboxId); }

    MailIntake::Result take(const QByteArray &raw)
    {
        MailIntake intake(*t.store, secret);
        const Mailbox box = mailbox();
        const auto result = intake.take(box, 7, box.lastUid + 1, MailParser(box.maxAttachmentBytes).parse(raw));
        INFO(intake.errorString().toStdString());
        REQUIRE(result);
        return *result;
    }

    int count(const QString &table) const
    {
        QSqlQuery query(t.store->database());
        REQUIRE(query.exec(u"SELECT count(*) FROM "_s + table));
        REQUIRE(query.next());
        return query.value(0).toInt();
    }

    TestStore t;
    qint64 mailboxId = 0;
};

// An email ticket answered, solved and its survey mailed: what a customer's score answers.
struct SurveyMailed {
    SurveyMailed()
    {
        opened = in.take(mail(u"Li Lei <lilei@example.com>"_s, u"Printer offline"_s, u"s1@example.com"_s,
                              u"The printer is offline again"_s));
        REQUIRE(ConversationService(*in.t.store).reply(opened.ticketId, u"Restart it, please."_s));
        MailOutbox outbox(*in.t.store, secret);
        for (const auto &out : outbox.due())
            REQUIRE(outbox.sent(out));
        SurveyStore surveys(*in.t.store);
        REQUIRE(surveys.resolve({opened.ticketId, Resolution::Resolved, SurveyMode::Queued, 0, {}, {}}));
        in.t.clock.advance(qint64(surveys.delayMinutes()) * 60 * 1000);
        REQUIRE(surveys.sendDue() == 1);
        const auto due = outbox.due();
        REQUIRE(due.size() == 1);
        survey = due[0];
        REQUIRE(outbox.sent(survey));
    }

    // The customer (or whoever) answering the survey mail.
    MailIntake::Result answer(const QString &body, const QString &from = u"Li Lei <lilei@example.com>"_s)
    {
        return in.take(mail(from, u"Re: How satisfied are you?"_s, u"a%1@example.com"_s.arg(++answers), body,
                            survey.rfcMessageId));
    }

    TicketStatus status() const { return in.t.store->ticket(opened.ticketId)->status; }
    Survey recorded() const { return SurveyStore(*in.t.store).surveys(opened.ticketId).last(); }

    Intake in;
    MailIntake::Result opened;
    MailOutbox::Outgoing survey;
    int answers = 0;
};

} // namespace

TEST_CASE("A customer's first mail opens an email ticket for a customer found or created by address", "[mail][intake]")
{
    Intake in;
    const auto first = in.take(mail(u"=?UTF-8?B?5byg5Lyf?= <Zhang.Wei@example.com>"_s, u"无法登录账号"_s,
                                    u"first@example.com"_s, u"密码正确但登录不了 😀"_s));
    CHECK(first.outcome == MailIntake::Outcome::NewTicket);
    const Ticket ticket = *in.t.store->ticket(first.ticketId);
    CHECK(ticket.channel == Channel::Email);
    CHECK(ticket.subject == u"无法登录账号"_s);
    const Customer customer = *CustomerStore(*in.t.store).customer(ticket.customerId);
    CHECK(customer.name == u"张伟"_s);
    CHECK(customer.email == u"Zhang.Wei@example.com"_s);
    const auto thread = in.t.store->messages(ticket.id);
    REQUIRE(thread.size() == 1);
    CHECK(thread[0].kind == MessageKind::Customer);
    CHECK(thread[0].body.contains(u"登录不了 😀"_s)); // four-byte characters kept
    const MailFacts facts = *MailStore(*in.t.store).facts(first.messageId);
    CHECK(facts.rfcMessageId == u"first@example.com"_s);
    CHECK(facts.sender == u"zhang.wei@example.com"_s);
    CHECK(facts.direction == MailDirection::Received);
    CHECK(MailStore(*in.t.store).raw(first.messageId).contains("Message-ID: <first@example.com>"));
    CHECK(in.mailbox().uidValidity == 7);
    CHECK(in.mailbox().lastUid == 1);

    // A second, unrelated mail of the same address: a new ticket for the same customer.
    const auto second = in.take(
        mail(u"zhang.wei@EXAMPLE.com"_s, u"订单没发货"_s, u"second@example.com"_s, u"订单 TP20260001 还没发货"_s));
    CHECK(second.outcome == MailIntake::Outcome::NewTicket);
    CHECK(second.ticketId != first.ticketId);
    CHECK(in.t.store->ticket(second.ticketId)->customerId == ticket.customerId);
    CHECK(in.mailbox().lastUid == 2);
}

TEST_CASE("The same mail delivered twice adds nothing, with or without a Message-ID", "[mail][intake]")
{
    Intake in;
    const QByteArray raw = mail(u"a@example.com"_s, u"Hello"_s, u"once@example.com"_s, u"Just once"_s);
    const QByteArray anonymous = mail(u"b@example.com"_s, u"No id"_s, {}, u"I have no Message-ID"_s);
    REQUIRE(in.take(raw).outcome == MailIntake::Outcome::NewTicket);
    REQUIRE(in.take(anonymous).outcome == MailIntake::Outcome::NewTicket);
    const int tickets = in.count(u"tickets"_s);
    const int messages = in.count(u"messages"_s);
    CHECK(in.take(raw).outcome == MailIntake::Outcome::Duplicate);
    CHECK(in.take(anonymous).outcome == MailIntake::Outcome::Duplicate);
    CHECK(in.count(u"tickets"_s) == tickets);
    CHECK(in.count(u"messages"_s) == messages);
    CHECK(in.mailbox().lastUid == 4); // read past, not read again
}

TEST_CASE("A reply finds its ticket by our signed Message-ID; a forged one opens a new ticket", "[mail][intake]")
{
    Intake in;
    const auto opened = in.take(mail(u"c@example.com"_s, u"Refund"_s, u"c1@example.com"_s, u"Where is my refund?"_s));
    const QString ours = MailThreading::newMessageId(opened.ticketId, secret, u"example.test"_s);
    const auto reply = in.take(mail(u"c@example.com"_s, u"Re: Refund"_s, u"c2@example.com"_s, u"Thanks"_s, ours));
    CHECK(reply.outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(reply.ticketId == opened.ticketId);

    // The same shape, but signed with another key: someone else's guess at our ids.
    const QString forged = MailThreading::newMessageId(opened.ticketId, "not-our-secret", u"example.test"_s);
    const auto intruder =
        in.take(mail(u"mallory@example.net"_s, u"Re: Refund"_s, u"m1@example.net"_s, u"Send it to me"_s, forged));
    CHECK(intruder.outcome == MailIntake::Outcome::NewTicket);
    CHECK(intruder.ticketId != opened.ticketId);
    CHECK(in.t.store->messages(opened.ticketId).size() == 2);
}

TEST_CASE("A subject tag threads only from the ticket's customer", "[mail][intake]")
{
    Intake in;
    const auto opened = in.take(mail(u"d@example.com"_s, u"Printer"_s, u"d1@example.com"_s, u"It jams"_s));
    const QString tag = MailThreading::subjectTag(opened.ticketId);
    const auto own = in.take(mail(u"D@example.com"_s, u"More info "_s + tag, u"d2@example.com"_s, u"Photo later"_s));
    CHECK(own.outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(own.ticketId == opened.ticketId);
    const auto other = in.take(mail(u"e@example.com"_s, u"Me too "_s + tag, u"e1@example.com"_s, u"Mine jams"_s));
    CHECK(other.outcome == MailIntake::Outcome::NewTicket);
    CHECK(other.ticketId != opened.ticketId);
}

TEST_CASE("A customer's mails thread in either order of arrival", "[mail][intake]")
{
    Intake in;
    // The follow-up is read first, as when a backlog is fetched newest first.
    const auto later =
        in.take(mail(u"f@example.com"_s, u"Re: Login"_s, u"f2@example.com"_s, u"Still broken"_s, u"f1@example.com"_s));
    CHECK(later.outcome == MailIntake::Outcome::NewTicket);
    const auto earlier = in.take(mail(u"f@example.com"_s, u"Login"_s, u"f1@example.com"_s, u"Cannot log in"_s));
    CHECK(earlier.outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(earlier.ticketId == later.ticketId);
    // And the usual order.
    const auto third =
        in.take(mail(u"f@example.com"_s, u"Re: Login"_s, u"f3@example.com"_s, u"Any news?"_s, u"f1@example.com"_s));
    CHECK(third.ticketId == later.ticketId);
    // Another sender naming the customer's Message-ID does not get into the ticket.
    const auto stranger =
        in.take(mail(u"g@example.com"_s, u"Re: Login"_s, u"g1@example.com"_s, u"Hijack"_s, u"f1@example.com"_s));
    CHECK(stranger.ticketId != later.ticketId);
}

TEST_CASE("A mail to a closed ticket opens a follow-up", "[mail][intake]")
{
    Intake in;
    const auto opened = in.take(mail(u"h@example.com"_s, u"Invoice"_s, u"h1@example.com"_s, u"Need an invoice"_s));
    REQUIRE(in.t.store->setStatus(opened.ticketId, TicketStatus::Solved));
    REQUIRE(in.t.store->setStatus(opened.ticketId, TicketStatus::Closed));
    const QString ours = MailThreading::newMessageId(opened.ticketId, secret, u"example.test"_s);
    const auto again = in.take(mail(u"h@example.com"_s, u"Re: Invoice"_s, u"h2@example.com"_s, u"Wrong VAT"_s, ours));
    CHECK(again.outcome == MailIntake::Outcome::FollowUp);
    CHECK(again.ticketId != opened.ticketId);
    CHECK(in.t.store->ticket(again.ticketId)->followUpOf == opened.ticketId);
    CHECK(in.t.store->ticket(opened.ticketId)->status == TicketStatus::Closed);
}

TEST_CASE("Auto-replies and floods open no ticket and are kept aside", "[mail][intake][noise]")
{
    Intake in;
    const int tickets = in.count(u"tickets"_s);
    const auto away = in.take(sampleMail("out_of_office.eml"));
    CHECK(away.outcome == MailIntake::Outcome::AutoReply);
    CHECK(in.count(u"tickets"_s) == tickets);
    CHECK(in.count(u"mail_set_aside"_s) == 1);

    MailIntake intake(*in.t.store, secret);
    intake.setFloodLimit(3);
    int held = 0;
    for (int i = 0; i < 5; ++i) {
        const Mailbox box = in.mailbox();
        const auto result = intake.take(box, 7, box.lastUid + 1,
                                        MailParser().parse(mail(u"spam@example.net"_s, u"Buy %1"_s.arg(i),
                                                                u"spam%1@example.net"_s.arg(i), u"Cheap"_s)));
        REQUIRE(result);
        held += result->outcome == MailIntake::Outcome::Held ? 1 : 0;
    }
    CHECK(held == 2);
    CHECK(in.count(u"tickets"_s) == tickets + 3);
    CHECK(in.count(u"mail_set_aside"_s) == 3);
}

TEST_CASE("A bounce of one of our replies marks that reply undelivered with the server's reason",
          "[mail][intake][outbox]")
{
    Intake in;
    const auto opened = in.take(mail(u"nobody@example.org"_s, u"Question"_s, u"q1@example.org"_s, u"Hello?"_s));
    ConversationService conversation(*in.t.store);
    const auto reply = conversation.reply(opened.ticketId, u"Hello! How can we help?"_s);
    REQUIRE(reply);
    MailOutbox outbox(*in.t.store, secret);
    const auto due = outbox.due();
    REQUIRE(due.size() == 1);
    REQUIRE(outbox.sent(due[0]));

    QByteArray bounce = sampleMail("dsn_bounce.eml");
    bounce.replace("@@ORIGINAL_ID@@", due[0].rfcMessageId.toUtf8());
    const int tickets = in.count(u"tickets"_s);
    const auto result = in.take(bounce);
    CHECK(result.outcome == MailIntake::Outcome::Bounce);
    CHECK(result.messageId == *reply);
    CHECK(in.count(u"tickets"_s) == tickets);
    const MailFacts facts = *MailStore(*in.t.store).facts(*reply);
    CHECK(facts.delivery == MailDelivery::Bounced);
    CHECK(facts.deliveryDetail.contains(u"5.1.1"_s));
}

TEST_CASE("A mail the parser cannot read, or a file over the limit, still reaches the agent with a note",
          "[mail][intake]")
{
    Intake in;
    const auto broken = in.take(sampleMail("missing_boundary.eml"));
    REQUIRE(broken.outcome == MailIntake::Outcome::NewTicket);
    const auto thread = in.t.store->messages(broken.ticketId);
    REQUIRE(thread.size() == 2);
    CHECK(thread[1].kind == MessageKind::Note);
    CHECK_FALSE(thread[1].body.isEmpty());

    const QByteArray big(2 * 1024 * 1024, 'x');
    const QByteArray withFiles =
        "From: k@example.com\r\nTo: support@example.test\r\nSubject: Files\r\nMessage-ID: <k1@example.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        "Content-Type: text/plain\r\n\r\nSee the files\r\n--b\r\n"
        "Content-Type: application/octet-stream; name=\"empty.bin\"\r\nContent-Disposition: attachment; "
        "filename=\"empty.bin\"\r\n\r\n\r\n--b\r\n"
        "Content-Type: application/octet-stream; name=\"big.bin\"\r\nContent-Disposition: attachment; "
        "filename=\"big.bin\"\r\n\r\n" +
        big + "\r\n--b--\r\n";
    const auto files = in.take(withFiles);
    const auto messages = in.t.store->messages(files.ticketId);
    REQUIRE(messages.size() == 2);
    REQUIRE(messages[0].attachments.size() == 1);
    CHECK(messages[0].attachments[0].name == u"empty.bin"_s);
    CHECK(messages[0].attachments[0].size == 0);
    CHECK(messages[1].kind == MessageKind::Note);
    CHECK(messages[1].body.contains(u"big.bin"_s));
}

TEST_CASE("A mail the store refuses leaves nothing behind and is read again", "[mail][intake][faults]")
{
    Intake in;
    TestStore::rawSql(in.t.path(), {u"CREATE TRIGGER refuse BEFORE INSERT ON mail_messages"
                                    " BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s});
    const int tickets = in.count(u"tickets"_s);
    const int customers = in.count(u"customers"_s);
    MailIntake intake(*in.t.store, secret);
    const Mailbox box = in.mailbox();
    const auto result =
        intake.take(box, 7, 1, MailParser().parse(mail(u"z@example.com"_s, u"Lost?"_s, u"z1@example.com"_s, u"No"_s)));
    CHECK_FALSE(result);
    CHECK(intake.errorString().contains(u"disk full"_s));
    CHECK(in.count(u"tickets"_s) == tickets);
    CHECK(in.count(u"customers"_s) == customers);
    CHECK(in.mailbox().lastUid == 0);
}

TEST_CASE("An agent's reply to an email ticket is queued once and composed as a reply to the customer's mail",
          "[mail][outbox]")
{
    Intake in;
    const auto opened = in.take(mail(u"Li Lei <lilei@example.com>"_s, u"Payment failed"_s, u"p1@example.com"_s,
                                     u"My card was charged twice"_s));
    ConversationService conversation(*in.t.store);
    REQUIRE(conversation.addNote(opened.ticketId, u"internal: check the gateway log"_s));
    const auto reply = conversation.reply(opened.ticketId, u"We refunded the second charge."_s,
                                          {{u"receipt.txt"_s, u"text/plain"_s, "refund 42.00"}});
    REQUIRE(reply);

    MailOutbox outbox(*in.t.store, secret);
    auto due = outbox.due();
    REQUIRE(due.size() == 1);                // the note never leaves
    const MailOutbox::Outgoing out = due[0]; // a copy: due is read again below
    CHECK(out.messageId == *reply);
    CHECK(out.recipients == QStringList{u"lilei@example.com"_s});
    CHECK(MailThreading::ticketOf(out.rfcMessageId, secret) == opened.ticketId);
    const InboundMail sent = MailParser().parse(out.bytes);
    CHECK(sent.inReplyTo == u"p1@example.com"_s);
    CHECK(sent.references.contains(u"p1@example.com"_s));
    CHECK(sent.subject.contains(MailThreading::subjectTag(opened.ticketId)));
    CHECK(sent.from.address == u"support@example.test"_s);
    CHECK(sent.from.name == u"李娜"_s);
    CHECK(sent.textBody.contains(u"We refunded the second charge."_s));
    CHECK(sent.textBody.contains(u"My card was charged twice"_s)); // quoted
    REQUIRE(sent.attachments.size() == 1);
    CHECK(sent.attachments[0].content == "refund 42.00");

    // A temporary failure keeps the same Message-ID for the retry, after a pause.
    REQUIRE(outbox.failed(out, false, u"451 4.3.0 Try later"_s) == MailOutbox::Failed::WillRetry);
    CHECK(outbox.due().isEmpty());
    in.t.clock.advance(MailOutbox::retryDelayMs(1));
    due = outbox.due();
    REQUIRE(due.size() == 1);
    CHECK(due[0].rfcMessageId == out.rfcMessageId);
    CHECK(due[0].attempts == 1);
    // A permanent one ends it, with the server's words on the reply.
    REQUIRE(outbox.failed(due[0], true, u"550 5.1.1 No such user"_s) == MailOutbox::Failed::GaveUp);
    in.t.clock.advance(24LL * 3600 * 1000);
    CHECK(outbox.due().isEmpty());
    const MailFacts facts = *MailStore(*in.t.store).facts(*reply);
    CHECK(facts.delivery == MailDelivery::Failed);
    CHECK(facts.deliveryDetail == u"550 5.1.1 No such user"_s);
}

TEST_CASE("A reply on a ticket that did not come by mail queues nothing", "[mail][outbox]")
{
    Intake in;
    const qint64 ticket =
        in.t.addTicket(in.t.addCustomer(u"王芳"_s), u"Phone call"_s, u"Called about X"_s, Channel::Phone);
    REQUIRE(ConversationService(*in.t.store).reply(ticket, u"Done"_s));
    CHECK(MailOutbox(*in.t.store, secret).due().isEmpty());
}

TEST_CASE("The survey of an email ticket goes out by mail to its customer, saying how to answer", "[mail][survey]")
{
    SurveyMailed s;
    CHECK(s.survey.ticketId == s.opened.ticketId);
    CHECK(s.survey.recipients == QStringList{u"lilei@example.com"_s});
    const QString tag = s.in.t.store->ticket(s.opened.ticketId)->displayId();
    const InboundMail sent = MailParser().parse(s.survey.bytes);
    CHECK(sent.textBody.contains(SurveyStore::mailText(tag)));
    CHECK(sent.subject.contains(MailThreading::subjectTag(s.opened.ticketId)));
    CHECK(s.in.t.store->messages(s.opened.ticketId).last().body == SurveyStore::mailText(tag));
    CHECK(SurveyStore(*s.in.t.store).awaitingAnswer(s.opened.ticketId));
}

TEST_CASE("A score mailed back answers the survey, stays on the ticket and leaves it solved", "[mail][survey]")
{
    SurveyMailed s;
    const auto answered = s.answer(u"4 thanks\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, Support <support@example.test> "
                                   "wrote:\r\n> How satisfied are you\r\n"_s);
    CHECK(answered.outcome == MailIntake::Outcome::SurveyAnswer);
    CHECK(answered.ticketId == s.opened.ticketId);
    CHECK(s.recorded().score == 4);
    CHECK(s.recorded().comment == u"thanks"_s);
    CHECK(s.recorded().answeredAt.isValid());
    CHECK(s.status() == TicketStatus::Solved);
    CHECK(!s.in.t.store->ticket(s.opened.ticketId)->awaitingReplySince.isValid());
    const Message kept = s.in.t.store->messages(s.opened.ticketId).last();
    CHECK(kept.id == answered.messageId);
    CHECK(kept.kind == MessageKind::Customer);
    CHECK(kept.body.startsWith(u"4 thanks"_s));
    CHECK(MailStore(*s.in.t.store).facts(answered.messageId)->direction == MailDirection::Received);
    CHECK(!SurveyStore(*s.in.t.store).awaitingAnswer(s.opened.ticketId));
}

TEST_CASE("Chinese scores and stars answer the survey too", "[mail][survey]")
{
    SurveyMailed chinese;
    CHECK(chinese.answer(u"5分，非常满意\n\n在 2026年12月1日，李娜 写道：\n> 您满意吗\n"_s).outcome ==
          MailIntake::Outcome::SurveyAnswer);
    CHECK(chinese.recorded().score == 5);
    CHECK(chinese.recorded().comment == u"非常满意"_s);

    SurveyMailed stars;
    CHECK(stars.answer(u"★★☆☆☆ slow"_s).outcome == MailIntake::Outcome::SurveyAnswer);
    CHECK(stars.recorded().score == 2);
}

TEST_CASE("A number inside the customer's sentence is no score: the mail reopens the ticket as before",
          "[mail][survey]")
{
    SurveyMailed s;
    const auto talk = s.answer(u"order 3 arrived, but the printer is offline again"_s);
    CHECK(talk.outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(s.status() == TicketStatus::Open);
    CHECK(!s.recorded().isAnswered());
    // Reopened, the ticket takes no score any more: a digit now is the customer talking.
    CHECK(s.answer(u"5"_s).outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(!s.recorded().isAnswered());
}

TEST_CASE("A score from someone other than the ticket's customer is not recorded", "[mail][survey]")
{
    SurveyMailed s;
    // Threads by our signed Message-ID (a forwarded copy, a forged From), but rates nothing.
    const auto forged = s.answer(u"1"_s, u"Mallory <mallory@example.net>"_s);
    CHECK(forged.outcome != MailIntake::Outcome::SurveyAnswer);
    CHECK(!s.recorded().isAnswered());
    CHECK(SurveyStore(*s.in.t.store).surveys(s.opened.ticketId).size() == 1);
}

TEST_CASE("The first mailed score counts, and a second mail is the customer talking", "[mail][survey]")
{
    SurveyMailed s;
    REQUIRE(s.answer(u"4"_s).outcome == MailIntake::Outcome::SurveyAnswer);
    const auto second = s.answer(u"2 - the printer stopped again"_s);
    CHECK(second.outcome == MailIntake::Outcome::AddedToTicket);
    CHECK(s.recorded().score == 4);
    // …and it reopens the ticket, since it may well be a new problem for an agent to read.
    CHECK(s.status() == TicketStatus::Open);
}
