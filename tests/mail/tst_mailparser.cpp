#include "catchcompat.h"
#include "maildata.h"
#include "mailparser.h"

#include <QTimeZone>

namespace {

const InboundAttachment *attachmentNamed(const InboundMail &mail, const QString &name)
{
    for (const InboundAttachment &attachment : mail.attachments) {
        if (attachment.fileName == name)
            return &attachment;
    }
    return nullptr;
}

QByteArray withAttachment(qint64 bytes, const char *name)
{
    QByteArray content(bytes, 'x');
    for (qint64 i = 0; i < bytes; i += 97)
        content[i] = char(i % 251);
    QByteArray encoded = content.toBase64();
    QByteArray lines;
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        lines += encoded.mid(i, 76) + "\r\n";
    return "From: big@example.com\r\nTo: support@example.com\r\nSubject: big\r\nMessage-ID: <big@example.com>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n--b\r\n"
           "Content-Type: application/zip\r\nContent-Disposition: attachment; filename=\"" +
           QByteArray(name) + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + lines + "--b--\r\n";
}

} // namespace

TEST_CASE("MailParser reads Foxmail's gb2312-labelled GBK mail as GB18030", "[mail]")
{
    const QByteArray raw = sampleMail("foxmail_gbk.eml");
    REQUIRE(!raw.isEmpty());
    const InboundMail mail = MailParser().parse(raw);
    CHECK(mail.readable);
    CHECK(mail.raw == raw);
    CHECK(mail.messageId == u"tencent_1A2B3C4D@qq.com");
    CHECK(mail.from.name == QStringLiteral("王喆"));
    CHECK(mail.from.address == u"wangzhe@qq.com");
    CHECK(mail.subject == QStringLiteral("发票问题（王喆、珺）"));
    CHECK(mail.textBody.contains(QStringLiteral("我是王喆，朱镕基的同事")));
    CHECK(mail.html.contains(QStringLiteral("朱镕基")));
    CHECK(!mail.html.contains(u"<meta"));
    REQUIRE(mail.to.size() == 1);
    CHECK(mail.to[0].address == u"support@example.com");
    CHECK(mail.date == QDateTime(QDate(2026, 12, 1), QTime(2, 15, 30), QTimeZone::utc()));
    CHECK(mail.problems.isEmpty());
}

TEST_CASE("MailParser decodes encoded-word and RFC 2231 file names, and keeps empty and TNEF attachments", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("foxmail_gbk.eml"));
    REQUIRE(mail.attachments.size() == 5);
    const InboundAttachment *pdf = attachmentNamed(mail, QStringLiteral("发票扫描件.pdf"));
    REQUIRE(pdf);
    CHECK(pdf->mimeType == u"application/pdf");
    CHECK(pdf->content == "%PDF-1.4 fake invoice\n");
    CHECK(!pdf->isInline);
    CHECK(attachmentNamed(mail, QStringLiteral("报价单（第二版）.xls")));
    const InboundAttachment *contract = attachmentNamed(mail, QStringLiteral("合同附件喆.txt"));
    REQUIRE(contract);
    // An attachment's bytes are kept as sent, in their own charset.
    CHECK(contract->content == QByteArray("\xba\xcf\xcd\xac\xd5\xfd\xce\xc4"));
    const InboundAttachment *empty = attachmentNamed(mail, QStringLiteral("empty.log"));
    REQUIRE(empty);
    CHECK(empty->content.isEmpty());
    const InboundAttachment *tnef = attachmentNamed(mail, QStringLiteral("winmail.dat"));
    REQUIRE(tnef);
    CHECK(tnef->mimeType == u"application/ms-tnef");
    CHECK(tnef->content.size() == 68);
}

TEST_CASE("MailParser reads Outlook's Big5 with its addresses and Reply-To", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("outlook_big5.eml"));
    CHECK(mail.subject == QStringLiteral("印表機無法連線"));
    CHECK(mail.from.name == QStringLiteral("陳大文"));
    CHECK(mail.textBody.contains(QStringLiteral("我們的印表機無法連線，請協助處理。")));
    REQUIRE(mail.cc.size() == 2);
    CHECK(mail.cc[0].name == QStringLiteral("林小姐"));
    CHECK(mail.cc[1].address == u"boss@example.com.tw");
    REQUIRE(mail.replyTo.size() == 1);
    CHECK(mail.replyTo[0].address == u"helpdesk-replies@example.com.tw");
    CHECK(mail.html.isEmpty());
    CHECK(mail.problems.isEmpty());
}

TEST_CASE("MailParser reads Shift_JIS as CP932 and ISO-2022-JP words", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("shift_jis.eml"));
    CHECK(mail.subject == QStringLiteral("注文について"));
    CHECK(mail.from.name == QStringLiteral("山田太郎"));
    CHECK(mail.textBody.contains(QStringLiteral("注文①の件でご連絡しました。")));
    CHECK(mail.problems.isEmpty());
}

TEST_CASE("MailParser keeps 4-byte UTF-8 characters, the thread headers and cid images", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("gmail_utf8.eml"));
    CHECK(mail.subject == QStringLiteral("Re: 订单 😀 𠀋 problem"));
    CHECK(mail.textBody.startsWith(QStringLiteral("Still broken 😀 𠀋")));
    CHECK(mail.html.contains(QStringLiteral("😀 𠀋")));
    CHECK(mail.messageId == u"CAF=abc123+def@mail.gmail.com");
    CHECK(mail.inReplyTo == u"T-000123.0011223344556677.0000000000000000@deskline.example");
    CHECK(mail.references ==
          QStringList{QStringLiteral("root@deskline.example"),
                      QStringLiteral("T-000123.0011223344556677.0000000000000000@deskline.example")});
    REQUIRE(mail.attachments.size() == 1);
    CHECK(mail.attachments[0].contentId == u"ii_logo1");
    CHECK(mail.attachments[0].isInline);
    CHECK(mail.html.contains(u"src=\"cid:ii_logo1\""));
    CHECK(mail.html.contains(u"class=\"deskline-quote\""));
}

TEST_CASE("MailParser makes plain text and safe HTML of an HTML-only mail", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("html_only_hostile.eml"));
    CHECK(mail.textBody.contains(QStringLiteral("Café invoice attached.")));
    CHECK(mail.textBody.contains(u"- one\n- two"));
    CHECK(!mail.textBody.contains(u"alert"));
    CHECK(!mail.html.isEmpty());
    CHECK(!mail.html.contains(u"script"));
    CHECK(!mail.html.contains(u"onclick"));
    CHECK(mail.remoteImages == QStringList{QStringLiteral("https://tracker.example/open.gif?u=42")});
}

TEST_CASE("MailParser lists an attachment over the limit instead of keeping it", "[mail]")
{
    const qint64 twoMegabytes = 2 * 1024 * 1024;
    const InboundMail kept = MailParser(3 * 1024 * 1024).parse(withAttachment(twoMegabytes, "logs.zip"));
    REQUIRE(kept.attachments.size() == 1);
    CHECK(kept.attachments[0].content.size() == twoMegabytes);
    CHECK(kept.attachments[0].content[97] == char(97));
    CHECK(kept.oversized.isEmpty());

    const InboundMail over = MailParser(1024 * 1024).parse(withAttachment(twoMegabytes, "logs.zip"));
    CHECK(over.attachments.isEmpty());
    REQUIRE(over.oversized.size() == 1);
    CHECK(over.oversized[0].fileName == u"logs.zip");
    CHECK(over.oversized[0].size == twoMegabytes);
    CHECK(over.textBody.trimmed() == u"see attached");
}

TEST_CASE("MailParser reads what there is of a multipart without its closing boundary, and says so", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("missing_boundary.eml"));
    CHECK(mail.readable);
    CHECK(mail.textBody.trimmed() == u"The text arrived.");
    REQUIRE(!mail.problems.isEmpty());
    CHECK(mail.problems.join(u' ').contains(u"boundary"));
}

TEST_CASE("MailParser turns bytes that are no mail into an InboundMail with the raw bytes and a problem", "[mail]")
{
    QByteArray garbage;
    for (int i = 0; i < 4096; ++i)
        garbage.append(char((i * 7919 + 13) % 256));
    for (const QByteArray &raw : {garbage, QByteArray(), QByteArray("\0\1\2\xff\xfe", 5)}) {
        const InboundMail mail = MailParser().parse(raw);
        CHECK(!mail.readable);
        CHECK(mail.raw == raw);
        CHECK(!mail.problems.isEmpty());
        CHECK(mail.messageId.isEmpty());
    }
}

TEST_CASE("MailParser notes text that is not what its charset says", "[mail]")
{
    const QByteArray raw = "From: a@example.com\r\nSubject: bad\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                           "ok \xff\xfe end\r\n";
    const InboundMail mail = MailParser().parse(raw);
    CHECK(mail.textBody.startsWith(u"ok "));
    CHECK(mail.textBody.contains(QChar(0xFFFD)));
    CHECK(mail.problems.size() == 1);
}

TEST_CASE("MailParser reads an undeclared 8-bit body as UTF-8 or else Windows-1252", "[mail]")
{
    const QByteArray utf8 = "From: a@example.com\r\nSubject: x\r\n\r\n" + QStringLiteral("Grüße 😀").toUtf8();
    CHECK(MailParser().parse(utf8).textBody.trimmed() == QStringLiteral("Grüße 😀"));
    const QByteArray latin = "From: a@example.com\r\nSubject: x\r\n\r\nGr\xfc\xdf"
                             "e \x80";
    CHECK(MailParser().parse(latin).textBody.trimmed() == QStringLiteral("Grüße €"));
}

TEST_CASE("MailParser reads Apple Mail's reply and marks its cited quote", "[mail]")
{
    const InboundMail mail = MailParser().parse(sampleMail("apple_mail.eml"));
    CHECK(mail.from == MailAddress{QStringLiteral("Ben Carter"), QStringLiteral("ben@icloud.com")});
    CHECK(mail.messageId == u"5F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0@icloud.com");
    CHECK(mail.inReplyTo == u"T-000042.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb@deskline.example");
    CHECK(mail.textBody.startsWith(QStringLiteral("Yes, I cleared the cache — still fails.\n")));
    CHECK(mail.html.contains(u"<blockquote class=\"deskline-quote\">"));
    CHECK(!mail.html.contains(u"style="));
    CHECK(mail.attachments.isEmpty());
    CHECK(mail.problems.isEmpty());
}
