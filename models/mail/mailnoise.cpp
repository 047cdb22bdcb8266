#include "mailnoise.h"

#include "gmimeobject.h"
#include "mailparser.h"

#include <QRegularExpression>

namespace {

// Header blocks (a delivery-status part, text/rfc822-headers) read by GMime's header parser:
// each block is parsed as if it were the header of a message.
QList<QList<MailHeader>> headerBlocks(const QByteArray &bytes)
{
    QList<QList<MailHeader>> blocks;
    QByteArray normalised = bytes;
    normalised.replace("\r\n", "\n");
    const QList<QByteArray> parts = normalised.split('\n');
    QByteArray current;
    const auto flush = [&] {
        if (current.trimmed().isEmpty()) {
            current.clear();
            return;
        }
        current.append("\n");
        GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(current.constData(), size_t(current.size())));
        GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
        GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
        if (message) {
            QList<MailHeader> block;
            GMimeHeaderList *list = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
            const int count = g_mime_header_list_get_count(list);
            for (int i = 0; i < count; ++i) {
                GMimeHeader *header = g_mime_header_list_get_header_at(list, i);
                block.append({QString::fromUtf8(g_mime_header_get_name(header)),
                              QString::fromUtf8(g_mime_header_get_value(header)).trimmed()});
            }
            blocks.append(block);
        }
        current.clear();
    };
    for (const QByteArray &line : parts) {
        if (line.trimmed().isEmpty())
            flush();
        else
            current.append(line).append('\n');
    }
    flush();
    return blocks;
}

QString field(const QList<MailHeader> &block, QStringView name)
{
    for (const MailHeader &header : block) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0)
            return header.value;
    }
    return {};
}

// "rfc822; user@example.com" and "smtp; 550 5.1.1 ..." carry their type first.
QString withoutType(const QString &value)
{
    const qsizetype semicolon = value.indexOf(u';');
    return (semicolon >= 0 ? value.mid(semicolon + 1) : value).simplified();
}

bool isMailerDaemon(const QString &address)
{
    const QString local = address.section(u'@', 0, 0).toLower();
    return local == u"mailer-daemon" || local == u"postmaster" || local == u"mail-daemon";
}

void readBounce(const InboundMail &mail, MailNoise::Verdict &verdict)
{
    for (const InboundAttachment &part : mail.attachments) {
        if (part.mimeType == u"message/delivery-status" || part.mimeType == u"message/global-delivery-status") {
            const QList<QList<MailHeader>> blocks = headerBlocks(part.content);
            // The first block is about the reporting server; the recipients follow.
            for (qsizetype i = 1; i < blocks.size(); ++i) {
                const QString action = field(blocks[i], u"Action").toLower();
                if (!action.isEmpty() && action != u"failed" && action != u"delayed")
                    continue;
                verdict.recipient = withoutType(field(blocks[i], u"Final-Recipient"));
                if (verdict.recipient.isEmpty())
                    verdict.recipient = withoutType(field(blocks[i], u"Original-Recipient"));
                verdict.status = field(blocks[i], u"Status").section(u' ', 0, 0);
                verdict.diagnostic = withoutType(field(blocks[i], u"Diagnostic-Code"));
                break;
            }
        } else if (verdict.originalMessageId.isEmpty() &&
                   (part.mimeType == u"message/rfc822" || part.mimeType == u"text/rfc822-headers" ||
                    part.mimeType == u"message/global" || part.mimeType == u"message/global-headers")) {
            const QList<QList<MailHeader>> blocks = headerBlocks(part.content);
            if (!blocks.isEmpty()) {
                const QStringList ids = MailParser::messageIds(field(blocks.constFirst(), u"Message-ID"));
                if (!ids.isEmpty())
                    verdict.originalMessageId = ids.constFirst();
            }
        }
    }
    // A bounce that is not a DSN (qmail, old Exchange) quotes the mail in its text.
    if (verdict.originalMessageId.isEmpty()) {
        static const QRegularExpression quoted(QStringLiteral("^\\s*Message-ID:\\s*<([^>\\s]+)>"),
                                               QRegularExpression::CaseInsensitiveOption |
                                                   QRegularExpression::MultilineOption);
        const QRegularExpressionMatch match = quoted.match(mail.textBody);
        if (match.hasMatch())
            verdict.originalMessageId = match.captured(1);
    }
}

} // namespace

MailNoise::Verdict MailNoise::classify(const InboundMail &mail)
{
    ensureGMime();
    Verdict verdict;
    const bool report = mail.contentType == u"multipart/report" && mail.reportType == u"delivery-status";
    if (report || isMailerDaemon(mail.from.address)) {
        verdict.kind = Kind::Bounce;
        verdict.why = report ? QStringLiteral("Content-Type: multipart/report; report-type=delivery-status")
                             : QStringLiteral("From: ") + mail.from.address;
        readBounce(mail, verdict);
        return verdict;
    }
    const auto autoReply = [&](const QString &why) {
        verdict.kind = Kind::AutoReply;
        verdict.why = why;
        return verdict;
    };
    const QString autoSubmitted = mail.header(u"Auto-Submitted").section(u';', 0, 0).trimmed().toLower();
    if (!autoSubmitted.isEmpty() && autoSubmitted != u"no")
        return autoReply(QStringLiteral("Auto-Submitted: ") + autoSubmitted);
    const QString precedence = mail.header(u"Precedence").trimmed().toLower();
    if (precedence == u"bulk" || precedence == u"junk" || precedence == u"list")
        return autoReply(QStringLiteral("Precedence: ") + precedence);
    for (const QStringView name :
         {QStringView(u"X-Autoreply"), QStringView(u"X-Autorespond"), QStringView(u"X-Auto-Response-Suppress")}) {
        if (mail.hasHeader(name))
            return autoReply(name.toString() + u": " + mail.header(name));
    }
    return verdict;
}
