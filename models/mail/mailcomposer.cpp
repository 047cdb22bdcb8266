#include "mailcomposer.h"

#include "gmimeobject.h"
#include "mailthreading.h"

#include <QLocale>
#include <QRegularExpression>

namespace {

// Long threads would make References grow without end; RFC 5322 3.6.4 lets a writer keep the
// first id (the thread's root) and the latest ones.
constexpr qsizetype maxReferences = 20;

QByteArray utf8(const QString &text)
{
    return text.toUtf8();
}

void addMailboxes(GMimeMessage *message, GMimeAddressType type, const QList<MailAddress> &addresses)
{
    for (const MailAddress &address : addresses)
        g_mime_message_add_mailbox(message, type, utf8(address.name).constData(), utf8(address.address).constData());
}

QString bracketed(const QStringList &ids)
{
    QStringList out;
    for (const QString &id : ids)
        out.append(u'<' + id + u'>');
    return out.join(u' ');
}

GMimePart *attachmentPart(const AttachmentInput &input)
{
    const QByteArray mimeType =
        input.mimeType.isEmpty() ? QByteArray("application/octet-stream") : utf8(input.mimeType);
    const qsizetype slash = mimeType.indexOf('/');
    const QByteArray type = slash > 0 ? mimeType.left(slash) : QByteArray("application");
    const QByteArray subtype = slash > 0 ? mimeType.mid(slash + 1) : QByteArray("octet-stream");
    GMimePart *part = g_mime_part_new_with_type(type.constData(), subtype.constData());
    g_mime_part_set_filename(part, utf8(input.name).constData());
    g_mime_object_set_disposition(GMIME_OBJECT(part), "attachment");
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(input.content.constData(), size_t(input.content.size())));
    GObjectPtr<GMimeDataWrapper> content(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part, content.get());
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
    return part;
}

} // namespace

QString MailComposer::replySubject(const QString &subject)
{
    static const QRegularExpression prefix(
        QStringLiteral("^\\s*(re|aw|sv|fw|fwd|wg|antw|回复|回覆|答复|转发|轉寄)\\s*(\\[\\d+\\])?\\s*[:：]\\s*"),
        QRegularExpression::CaseInsensitiveOption);
    QString rest = subject.trimmed();
    for (;;) {
        const QRegularExpressionMatch match = prefix.match(rest);
        if (!match.hasMatch())
            break;
        rest = rest.mid(match.capturedLength());
    }
    return QStringLiteral("Re: ") + rest;
}

QString MailComposer::quoted(const QString &text, const MailAddress &who, const QDateTime &when)
{
    const QString name = who.name.isEmpty() ? who.address : who.name + u" <" + who.address + u'>';
    const QString header = when.isValid()
                               ? tr("On %1, %2 wrote:").arg(QLocale().toString(when, QLocale::LongFormat), name)
                               : tr("%1 wrote:").arg(name);
    QStringList lines = text.trimmed().split(u'\n');
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        line = line.startsWith(u'>') ? u'>' + line : (line.isEmpty() ? QStringLiteral(">") : u"> " + line);
    }
    return header + u'\n' + lines.join(u'\n');
}

MailComposer::Reply MailComposer::replyTo(const InboundMail &mail, const MailAddress &from, const QString &text,
                                          qint64 ticket, const QString &messageId, const QDateTime &date)
{
    Reply reply;
    reply.from = from;
    reply.to = mail.replyTo.isEmpty() ? QList<MailAddress>{mail.from} : mail.replyTo;
    reply.subject = replySubject(mail.subject);
    if (ticket > 0 && MailThreading::subjectToken(reply.subject) != ticket)
        reply.subject += u' ' + MailThreading::subjectTag(ticket);
    reply.messageId = messageId;
    reply.inReplyTo = mail.messageId;
    reply.references = mail.references;
    if (reply.references.isEmpty() && !mail.inReplyTo.isEmpty())
        reply.references.append(mail.inReplyTo);
    if (!mail.messageId.isEmpty())
        reply.references.append(mail.messageId);
    if (reply.references.size() > maxReferences) {
        QStringList kept{reply.references.constFirst()};
        kept += reply.references.mid(reply.references.size() - (maxReferences - 1));
        reply.references = kept;
    }
    reply.date = date;
    reply.text = text.trimmed() + u"\n\n" + quoted(mail.textBody, mail.from, mail.date) + u'\n';
    return reply;
}

QByteArray MailComposer::compose(const Reply &reply)
{
    ensureGMime();
    GObjectPtr<GMimeMessage> message(g_mime_message_new(TRUE));
    addMailboxes(message.get(), GMIME_ADDRESS_TYPE_FROM, {reply.from});
    addMailboxes(message.get(), GMIME_ADDRESS_TYPE_TO, reply.to);
    addMailboxes(message.get(), GMIME_ADDRESS_TYPE_CC, reply.cc);
    g_mime_message_set_subject(message.get(), utf8(reply.subject).constData(), "utf-8");
    if (!reply.messageId.isEmpty())
        g_mime_message_set_message_id(message.get(), utf8(reply.messageId).constData());
    GMimeObject *top = GMIME_OBJECT(message.get());
    if (!reply.inReplyTo.isEmpty())
        g_mime_object_set_header(top, "In-Reply-To", utf8(bracketed({reply.inReplyTo})).constData(), nullptr);
    if (!reply.references.isEmpty())
        g_mime_object_set_header(top, "References", utf8(bracketed(reply.references)).constData(), nullptr);
    const QDateTime date = reply.date.isValid() ? reply.date : QDateTime::currentDateTime();
    GTimeZone *zone = g_time_zone_new_offset(date.offsetFromUtc());
    GDateTime *utc = g_date_time_new_from_unix_utc(date.toSecsSinceEpoch());
    GDateTime *local = g_date_time_to_timezone(utc, zone);
    g_mime_message_set_date(message.get(), local);
    g_date_time_unref(local);
    g_date_time_unref(utc);
    g_time_zone_unref(zone);

    GObjectPtr<GMimeTextPart> body(g_mime_text_part_new_with_subtype("plain"));
    QString text = reply.text;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    g_mime_text_part_set_text(body.get(), utf8(text).constData());
    g_mime_text_part_set_charset(body.get(), "utf-8");
    g_mime_part_set_content_encoding(
        GMIME_PART(body.get()),
        g_mime_part_get_best_content_encoding(GMIME_PART(body.get()), GMIME_ENCODING_CONSTRAINT_7BIT));

    if (reply.attachments.isEmpty()) {
        g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(body.get()));
    } else {
        GObjectPtr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
        g_mime_multipart_add(mixed.get(), GMIME_OBJECT(body.get()));
        for (const AttachmentInput &attachment : reply.attachments) {
            GObjectPtr<GMimePart> part(attachmentPart(attachment));
            g_mime_multipart_add(mixed.get(), GMIME_OBJECT(part.get()));
        }
        g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(mixed.get()));
    }

    GMimeFormatOptions *format = g_mime_format_options_clone(nullptr);
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(top, format, stream.get());
    g_mime_format_options_free(format);
    GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    return QByteArray(reinterpret_cast<const char *>(array->data), qsizetype(array->len));
}
