#include "catchcompat.h"
#include "mailcomposer.h"
#include "maildata.h"
#include "mailparser.h"
#include "mailthreading.h"

#include <QTimeZone>

TEST_CASE("MailComposer says Re: once", "[mail]")
{
    CHECK(MailComposer::replySubject(QStringLiteral("Printer")) == u"Re: Printer");
    CHECK(MailComposer::replySubject(QStringLiteral("RE: Fwd: re[2]: Printer")) == u"Re: Printer");
    CHECK(MailComposer::replySubject(QStringLiteral("回复：发票")) == QStringLiteral("Re: 发票"));
    CHECK(MailComposer::replySubject(QStringLiteral("Reading list")) == u"Re: Reading list");
}

TEST_CASE("MailComposer's reply parses back to what it was given", "[mail]")
{
    const QByteArray secret("secret");
    const InboundMail customer = MailParser().parse(sampleMail("gmail_utf8.eml"));
    const QString id = MailThreading::newMessageId(123, secret, QStringLiteral("deskline.example"));
    const QDateTime when(QDate(2026, 12, 2), QTime(9, 30), QTimeZone(3600));
    MailComposer::Reply reply =
        MailComposer::replyTo(customer, {QStringLiteral("李娜 (Deskline)"), QStringLiteral("support@example.com")},
                              QStringLiteral("您好 Anna, fixed now 😀"), 123, id, when);
    reply.attachments.append({QStringLiteral("日志 log.txt"), QStringLiteral("text/plain"), QByteArray("a\0b", 3)});
    reply.attachments.append({QStringLiteral("empty.bin"), QString(), QByteArray()});
    const QByteArray raw = MailComposer::compose(reply);
    CHECK(raw.contains("\r\n"));
    CHECK(!raw.contains("😀")); // 7-bit on the wire

    const InboundMail back = MailParser().parse(raw);
    CHECK(back.problems.isEmpty());
    CHECK(back.messageId == id);
    CHECK(MailThreading::ticketFromReferences(back, secret) == std::nullopt); // points at Gmail's id, not ours
    CHECK(back.inReplyTo == u"CAF=abc123+def@mail.gmail.com");
    CHECK(back.references == customer.references + QStringList{customer.messageId});
    CHECK(back.from == MailAddress{QStringLiteral("李娜 (Deskline)"), QStringLiteral("support@example.com")});
    CHECK(back.to == QList<MailAddress>{customer.from});
    CHECK(back.subject == QStringLiteral("Re: 订单 😀 𠀋 problem [T-000123]"));
    CHECK(MailThreading::subjectToken(back.subject) == 123);
    CHECK(back.date == when);
    CHECK(back.textBody.startsWith(QStringLiteral("您好 Anna, fixed now 😀\n\n")));
    CHECK(back.textBody.contains(QStringLiteral("> Still broken 😀 𠀋")));
    CHECK(back.textBody.contains(u">> Please try again."));
    REQUIRE(back.attachments.size() == 2);
    CHECK(back.attachments[0].fileName == QStringLiteral("日志 log.txt"));
    CHECK(back.attachments[0].content == QByteArray("a\0b", 3));
    CHECK(back.attachments[1].fileName == u"empty.bin");
    CHECK(back.attachments[1].mimeType == u"application/octet-stream");
    CHECK(back.attachments[1].content.isEmpty());
}

TEST_CASE("MailComposer's reply to a reply keeps one Re: and one tag", "[mail]")
{
    InboundMail customer;
    customer.subject = QStringLiteral("Re: Printer [T-000123]");
    customer.from = {QStringLiteral("Kim"), QStringLiteral("kim@example.com")};
    customer.replyTo = {{QString(), QStringLiteral("kim-replies@example.com")}};
    customer.messageId = QStringLiteral("m2@example.com");
    customer.inReplyTo = QStringLiteral("m1@example.com");
    customer.textBody = QStringLiteral("line one\n\nline two");
    const MailComposer::Reply reply = MailComposer::replyTo(customer, {}, QStringLiteral("ok"), 123, QString(), {});
    CHECK(reply.subject == u"Re: Printer [T-000123]");
    CHECK(reply.to == QList<MailAddress>{{QString(), QStringLiteral("kim-replies@example.com")}});
    CHECK(reply.references == QStringList{QStringLiteral("m1@example.com"), QStringLiteral("m2@example.com")});
    CHECK(reply.text == u"ok\n\nKim <kim@example.com> wrote:\n> line one\n>\n> line two\n");
}
