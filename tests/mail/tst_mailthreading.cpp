#include "catchcompat.h"
#include "mailparser.h"
#include "mailthreading.h"

namespace {

const QByteArray secret("per-installation secret");
const QString domain = QStringLiteral("deskline.example");

InboundMail replyWith(const QString &inReplyTo, const QString &references)
{
    return MailParser().parse("From: c@example.com\r\nSubject: Re: x\r\nIn-Reply-To: " + inReplyTo.toUtf8() +
                              "\r\nReferences: " + references.toUtf8() + "\r\n\r\nthanks\r\n");
}

} // namespace

TEST_CASE("MailThreading's Message-IDs name their ticket and check out under the secret only", "[mail]")
{
    const QString id = MailThreading::newMessageId(123, secret, domain);
    CHECK(id.startsWith(u"T-000123."));
    CHECK(id.endsWith(u"@deskline.example"));
    CHECK(id != MailThreading::newMessageId(123, secret, domain));
    CHECK(MailThreading::ticketOf(id, secret) == 123);
    CHECK(MailThreading::ticketOf(id, QByteArray("another installation")) == std::nullopt);
    CHECK(MailThreading::ticketOf(MailThreading::newMessageId(1234567, secret, domain), secret) == 1234567);
}

TEST_CASE("MailThreading finds the ticket of a reply by In-Reply-To or References", "[mail]")
{
    const QString id = MailThreading::newMessageId(42, secret, domain);
    CHECK(MailThreading::ticketFromReferences(replyWith(u'<' + id + u'>', QString()), secret) == 42);
    CHECK(MailThreading::ticketFromReferences(
              replyWith(QStringLiteral("<other@gmail.com>"), u"<root@x> <" + id + u"> <other@gmail.com>"), secret) ==
          42);
    CHECK(MailThreading::ticketFromReferences(replyWith(QStringLiteral("<a@b>"), QStringLiteral("<c@d>")), secret) ==
          std::nullopt);
}

TEST_CASE("MailThreading gives nothing for a forged or edited Message-ID", "[mail]")
{
    const QString id = MailThreading::newMessageId(42, secret, domain);
    QString otherTicket = id;
    otherTicket.replace(QStringLiteral("T-000042"), QStringLiteral("T-000043"));
    QString otherMac = id;
    const qsizetype at = otherMac.indexOf(u'@');
    otherMac[at - 1] = otherMac[at - 1] == u'0' ? u'1' : u'0';
    for (const QString &forged :
         {otherTicket, otherMac, QStringLiteral("T-000042.0011223344556677.0000000000000000@deskline.example"),
          QStringLiteral("T-000042@deskline.example")}) {
        CHECK(MailThreading::ticketOf(forged, secret) == std::nullopt);
        CHECK(MailThreading::ticketFromReferences(replyWith(u'<' + forged + u'>', u'<' + forged + u'>'), secret) ==
              std::nullopt);
    }
    CHECK(MailThreading::ticketOf(id, QByteArray()) == std::nullopt);
}

TEST_CASE("MailThreading finds a ticket token in a subject", "[mail]")
{
    CHECK(MailThreading::subjectToken(QStringLiteral("Re: Printer [T-000123]")) == 123);
    CHECK(MailThreading::subjectToken(QStringLiteral("回复：[t-000007] 发票")) == 7);
    CHECK(MailThreading::subjectToken(QStringLiteral("T-000123 without brackets")) == std::nullopt);
    CHECK(MailThreading::subjectToken(QStringLiteral("[T-] empty")) == std::nullopt);
    CHECK(MailThreading::subjectTag(123) == u"[T-000123]");
}
