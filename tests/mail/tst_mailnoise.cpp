#include "catchcompat.h"
#include "maildata.h"
#include "mailnoise.h"
#include "mailparser.h"
#include "mailthreading.h"

namespace {

InboundMail withHeader(const QByteArray &header)
{
    return MailParser().parse("From: Kim <kim@example.com>\r\nTo: support@example.com\r\nSubject: x\r\n" + header +
                              "\r\n\r\nbody\r\n");
}

} // namespace

TEST_CASE("MailNoise lets a mail a person wrote through", "[mail]")
{
    CHECK(MailNoise::classify(MailParser().parse(sampleMail("outlook_big5.eml"))).kind == MailNoise::Kind::Normal);
    CHECK(MailNoise::classify(withHeader("Auto-Submitted: no")).kind == MailNoise::Kind::Normal);
    CHECK(MailNoise::classify(withHeader("Precedence: first-class")).kind == MailNoise::Kind::Normal);
}

TEST_CASE("MailNoise knows auto-replies by their headers", "[mail]")
{
    const MailNoise::Verdict ooo = MailNoise::classify(MailParser().parse(sampleMail("out_of_office.eml")));
    CHECK(ooo.kind == MailNoise::Kind::AutoReply);
    CHECK(ooo.why == u"Auto-Submitted: auto-replied");
    for (const char *header : {"Auto-Submitted: auto-generated", "Precedence: bulk", "Precedence: junk",
                               "Precedence: List", "X-Autoreply: yes", "X-Auto-Response-Suppress: All"})
        CHECK(MailNoise::classify(withHeader(header)).kind == MailNoise::Kind::AutoReply);
}

TEST_CASE("MailNoise reads a delivery status notification of one of our replies", "[mail]")
{
    const QByteArray secret("installation secret");
    const QString ours = MailThreading::newMessageId(123, secret, QStringLiteral("deskline.example"));
    QByteArray raw = sampleMail("dsn_bounce.eml");
    raw.replace("@@ORIGINAL_ID@@", ours.toUtf8());
    const MailNoise::Verdict bounce = MailNoise::classify(MailParser().parse(raw));
    CHECK(bounce.kind == MailNoise::Kind::Bounce);
    CHECK(bounce.originalMessageId == ours);
    CHECK(MailThreading::ticketOf(bounce.originalMessageId, secret) == 123);
    CHECK(bounce.recipient == u"nobody@example.org");
    CHECK(bounce.status == u"5.1.1");
    CHECK(bounce.diagnostic ==
          u"550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table");
}

TEST_CASE("MailNoise counts a mail from MAILER-DAEMON or postmaster as a bounce", "[mail]")
{
    const InboundMail daemon = MailParser().parse(
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example>\r\nSubject: failure\r\n\r\n"
        "Delivery failed.\r\n\r\n   Message-ID: <T-000005.0011223344556677.8899aabbccddeeff@deskline.example>\r\n");
    const MailNoise::Verdict verdict = MailNoise::classify(daemon);
    CHECK(verdict.kind == MailNoise::Kind::Bounce);
    CHECK(verdict.originalMessageId == u"T-000005.0011223344556677.8899aabbccddeeff@deskline.example");
    CHECK(MailNoise::classify(MailParser().parse("From: postmaster@corp.example\r\nSubject: x\r\n\r\nx\r\n")).kind ==
          MailNoise::Kind::Bounce);
}
