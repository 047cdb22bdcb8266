#include "mailparser.h"

#include "gmimeobject.h"
#include "htmlsanitizer.h"
#include "mailcharset.h"

#include <QTimeZone>

namespace {

QString utf8(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArray bytesOf(GMimeDataWrapper *content)
{
    if (!content)
        return {};
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    // Writes the content with its Content-Transfer-Encoding undone.
    g_mime_data_wrapper_write_to_stream(content, stream.get());
    GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    return QByteArray(reinterpret_cast<const char *>(array->data), qsizetype(array->len));
}

QByteArray serialised(GMimeObject *object)
{
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(object, nullptr, stream.get());
    GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    return QByteArray(reinterpret_cast<const char *>(array->data), qsizetype(array->len));
}

void addAddresses(InternetAddressList *list, QList<MailAddress> &out)
{
    if (!list)
        return;
    const int count = internet_address_list_length(list);
    for (int i = 0; i < count; ++i) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(address)) {
            addAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out);
            continue;
        }
        if (!INTERNET_ADDRESS_IS_MAILBOX(address))
            continue;
        MailAddress mailbox;
        mailbox.name = utf8(internet_address_get_name(address)).trimmed();
        mailbox.address = utf8(internet_address_mailbox_get_idn_addr(INTERNET_ADDRESS_MAILBOX(address))).trimmed();
        if (!mailbox.address.isEmpty() || !mailbox.name.isEmpty())
            out.append(mailbox);
    }
}

QString mimeTypeOf(GMimeObject *object)
{
    GMimeContentType *type = g_mime_object_get_content_type(object);
    if (!type)
        return QStringLiteral("application/octet-stream");
    gchar *text = g_mime_content_type_get_mime_type(type);
    QString result = utf8(text).toLower();
    g_free(text);
    return result;
}

QString fallbackName(const QString &mimeType, int index)
{
    QString extension = QStringLiteral(".bin");
    if (mimeType == u"message/rfc822")
        extension = QStringLiteral(".eml");
    else if (mimeType.startsWith(u"text/") || mimeType.startsWith(u"message/"))
        extension = QStringLiteral(".txt");
    else if (mimeType.startsWith(u"image/"))
        extension = u'.' + mimeType.mid(6);
    return QStringLiteral("part-%1").arg(index) + extension;
}

struct Walk {
    qint64 maxAttachmentBytes = 0;
    InboundMail *mail = nullptr;
    QStringList plain;
    QStringList html;
    int partIndex = 0;
};

void addAttachment(Walk &walk, GMimeObject *object, const QString &mimeType, QByteArray content)
{
    ++walk.partIndex;
    QString fileName;
    if (GMIME_IS_PART(object))
        fileName = utf8(g_mime_part_get_filename(GMIME_PART(object))).trimmed();
    if (fileName.isEmpty() && GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        const QString subject = inner ? utf8(g_mime_message_get_subject(inner)).trimmed() : QString();
        if (!subject.isEmpty())
            fileName = subject + u".eml";
    }
    if (fileName.isEmpty())
        fileName = fallbackName(mimeType, walk.partIndex);
    if (content.size() > walk.maxAttachmentBytes) {
        walk.mail->oversized.append({fileName, mimeType, content.size()});
        return;
    }
    InboundAttachment attachment;
    attachment.fileName = fileName;
    attachment.mimeType = mimeType;
    attachment.contentId = utf8(g_mime_object_get_content_id(object));
    const QString disposition = utf8(g_mime_object_get_disposition(object)).toLower();
    attachment.isInline = disposition == u"inline" || (disposition.isEmpty() && !attachment.contentId.isEmpty());
    attachment.content = std::move(content);
    walk.mail->attachments.append(attachment);
}

void walkPart(Walk &walk, GMimeObject *object, int depth)
{
    if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart *multipart = GMIME_MULTIPART(object);
        const int count = g_mime_multipart_get_count(multipart);
        for (int i = 0; i < count; ++i)
            walkPart(walk, g_mime_multipart_get_part(multipart, i), depth + 1);
        return;
    }
    const QString mimeType = mimeTypeOf(object);
    if (GMIME_IS_MESSAGE_PART(object)) {
        // A forwarded mail or the returned one in a bounce: kept whole, as the .eml it was.
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        addAttachment(walk, object, mimeType, inner ? serialised(GMIME_OBJECT(inner)) : QByteArray());
        return;
    }
    if (!GMIME_IS_PART(object))
        return;
    GMimePart *part = GMIME_PART(object);
    const QByteArray content = bytesOf(g_mime_part_get_content(part));
    const bool isText = mimeType == u"text/plain" || mimeType == u"text/html";
    const bool isAttachment = g_mime_part_is_attachment(part) || g_mime_part_get_filename(part) != nullptr;
    if (!isText || isAttachment) {
        addAttachment(walk, object, mimeType, content);
        return;
    }
    const QByteArray charset = g_mime_object_get_content_type_parameter(object, "charset");
    bool lossless = true;
    QString text = MailCharset::decode(content, charset, &lossless);
    // Mail travels with CRLF lines; the ticket keeps \n, as everything typed in the window does.
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (!lossless) {
        walk.mail->problems.append(
            MailParser::tr("Some characters of the text could not be read in its character set (%1).")
                .arg(charset.isEmpty() ? MailParser::tr("none given") : QString::fromLatin1(charset)));
    }
    (mimeType == u"text/html" ? walk.html : walk.plain).append(text);
}

struct Problems {
    QStringList list;
};

void onWarning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
    Q_UNUSED(offset);
    Q_UNUSED(item);
    QStringList &list = static_cast<Problems *>(data)->list;
    QString text;
    switch (code) {
    case GMIME_WARN_TRUNCATED_MESSAGE:
        text = MailParser::tr("The mail ends too early: a closing MIME boundary is missing.");
        break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        text = MailParser::tr("A multipart part has no boundary.");
        break;
    case GMIME_WARN_MALFORMED_MULTIPART:
        text = MailParser::tr("A multipart part holds no parts.");
        break;
    case GMIME_WARN_MALFORMED_MESSAGE:
    case GMIME_CRIT_INVALID_HEADER_NAME:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        text = MailParser::tr("The mail is malformed.");
        break;
    case GMIME_CRIT_NESTING_OVERFLOW:
        text = MailParser::tr("The mail nests too many parts; the deepest were not read.");
        break;
    case GMIME_WARN_INVALID_CONTENT_TYPE:
        text = MailParser::tr("A part has an invalid content type.");
        break;
    default:
        return; // duplicated headers, raw 8-bit headers: common and read fine
    }
    if (!list.contains(text))
        list.append(text);
}

} // namespace

MailParser::MailParser(qint64 maxAttachmentBytes)
    : m_maxAttachmentBytes(maxAttachmentBytes)
{}

QStringList MailParser::messageIds(const QString &header)
{
    ensureGMime();
    QStringList ids;
    if (header.trimmed().isEmpty())
        return ids;
    GMimeReferences *references = g_mime_references_parse(nullptr, header.toUtf8().constData());
    if (!references)
        return ids;
    const int count = g_mime_references_length(references);
    for (int i = 0; i < count; ++i)
        ids.append(utf8(g_mime_references_get_message_id(references, i)));
    g_mime_references_free(references);
    return ids;
}

InboundMail MailParser::parse(const QByteArray &raw) const
{
    ensureGMime();
    InboundMail mail;
    mail.raw = raw;

    Problems problems;
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(options, onWarning, &problems);
    // Raw 8-bit headers with no charset: UTF-8 when they are valid UTF-8, else Windows-1252.
    const char *fallback[] = {"UTF-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, fallback);

    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.constData(), size_t(raw.size())));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GObjectPtr<GMimeMessage> message(raw.trimmed().isEmpty() ? nullptr
                                                             : g_mime_parser_construct_message(parser.get(), options));
    g_mime_parser_options_free(options);
    mail.problems = problems.list;

    if (!message) {
        mail.readable = false;
        mail.problems.append(tr("This is not a mail that can be read; the raw message is kept."));
        return mail;
    }

    GMimeObject *top = GMIME_OBJECT(message.get());
    GMimeHeaderList *headers = g_mime_object_get_header_list(top);
    const int headerCount = g_mime_header_list_get_count(headers);
    for (int i = 0; i < headerCount; ++i) {
        GMimeHeader *header = g_mime_header_list_get_header_at(headers, i);
        mail.headers.append({utf8(g_mime_header_get_name(header)), utf8(g_mime_header_get_value(header)).trimmed()});
    }
    if (mail.headers.isEmpty()) {
        mail.readable = false;
        mail.problems.append(tr("This is not a mail that can be read; the raw message is kept."));
        return mail;
    }

    mail.messageId = utf8(g_mime_message_get_message_id(message.get()));
    const QStringList inReplyTo = messageIds(mail.header(u"In-Reply-To"));
    if (!inReplyTo.isEmpty())
        mail.inReplyTo = inReplyTo.constLast();
    mail.references = messageIds(mail.header(u"References"));

    QList<MailAddress> from;
    addAddresses(g_mime_message_get_from(message.get()), from);
    if (from.isEmpty())
        addAddresses(g_mime_message_get_sender(message.get()), from);
    if (!from.isEmpty())
        mail.from = from.constFirst();
    addAddresses(g_mime_message_get_to(message.get()), mail.to);
    addAddresses(g_mime_message_get_cc(message.get()), mail.cc);
    addAddresses(g_mime_message_get_reply_to(message.get()), mail.replyTo);
    mail.subject = utf8(g_mime_message_get_subject(message.get())).trimmed();
    if (GDateTime *date = g_mime_message_get_date(message.get())) {
        mail.date = QDateTime::fromSecsSinceEpoch(
            g_date_time_to_unix(date), QTimeZone(int(g_date_time_get_utc_offset(date) / G_TIME_SPAN_SECOND)));
    }

    GMimeObject *body = g_mime_message_get_mime_part(message.get());
    if (body) {
        mail.contentType = mimeTypeOf(body);
        mail.reportType = utf8(g_mime_object_get_content_type_parameter(body, "report-type")).toLower();
        Walk walk;
        walk.maxAttachmentBytes = m_maxAttachmentBytes;
        walk.mail = &mail;
        walkPart(walk, body, 0);
        mail.textBody = walk.plain.join(u'\n');
        if (!walk.html.isEmpty()) {
            const QString html = walk.html.join(u'\n');
            HtmlSanitizer::Result clean = HtmlSanitizer::sanitize(html);
            mail.html = clean.html;
            mail.remoteImages = clean.remoteImages;
            if (mail.textBody.trimmed().isEmpty())
                mail.textBody = HtmlSanitizer::plainText(html);
        }
    }
    return mail;
}
