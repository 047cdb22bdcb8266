#include "intakerequestparser.h"

#include "phonenumbers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// Control characters other than line breaks and tabs are never part of what a person wrote;
// NUL in particular would cut the text short in C libraries further on.
QString withoutControls(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (QChar c : text) {
        if (c == u'\n' || c == u'\t' || c.category() != QChar::Other_Control)
            result.append(c);
    }
    return result;
}

QString safeFileName(const QString &raw)
{
    // Only the last part of a path, with nothing a file system or a shell reads as special.
    QString name = raw.section(u'/', -1).section(u'\\', -1).simplified();
    name = withoutControls(name);
    while (name.startsWith(u'.'))
        name.remove(0, 1);
    return name.left(200);
}

} // namespace

IntakeRequestParser::IntakeRequestParser(Channel sourceChannel, Limits limits)
    : m_sourceChannel(sourceChannel)
    , m_limits(limits)
{}

bool IntakeRequestParser::fail(const QString &field, const QString &message)
{
    m_problem = {field, message};
    return false;
}

std::optional<IntakeRequest> IntakeRequestParser::parse(const QByteArray &json)
{
    m_problem = {};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        fail(QString(), tr("The body is not JSON: %1 at byte %2.").arg(error.errorString()).arg(error.offset));
        return std::nullopt;
    }
    if (!document.isObject()) {
        fail(QString(), tr("The body must be a JSON object."));
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    IntakeRequest request;
    request.channel = m_sourceChannel;

    // A string field: absent is empty; anything but a string, or longer than the limit, fails.
    const auto text = [this](const QJsonObject &object, const QString &key, const QString &field, qsizetype limit,
                             QString *into) {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString())
            return fail(field, tr("%1 must be a string.").arg(field));
        const QString s = withoutControls(value.toString());
        if (s.size() > limit)
            return fail(field, tr("%1 is longer than %2 characters.").arg(field).arg(limit));
        *into = key == u"body"_s ? s : s.trimmed();
        return true;
    };

    if (!text(root, u"external_id"_s, u"external_id"_s, m_limits.maxIdentifier, &request.externalId))
        return std::nullopt;
    QString channel;
    if (!text(root, u"channel"_s, u"channel"_s, 20, &channel))
        return std::nullopt;
    if (!channel.isEmpty()) {
        // A source posts for its own channel: a web form cannot open phone tickets.
        const auto named = fieldFromKey<Channel>(channel);
        if (!named || *named != m_sourceChannel) {
            fail(u"channel"_s, tr("channel must be \"%1\", this source's channel.").arg(fieldKey(m_sourceChannel)));
            return std::nullopt;
        }
    }

    const QJsonValue customer = root.value(u"customer"_s);
    if (!customer.isObject()) {
        fail(u"customer"_s, tr("customer must be an object with at least an email, a phone, a username or an "
                               "external_id."));
        return std::nullopt;
    }
    const QJsonObject person = customer.toObject();
    IntakeRequest::Person &who = request.customer;
    if (!text(person, u"external_id"_s, u"customer.external_id"_s, m_limits.maxIdentifier, &who.externalId) ||
        !text(person, u"name"_s, u"customer.name"_s, 200, &who.name) ||
        !text(person, u"email"_s, u"customer.email"_s, 254, &who.email) ||
        !text(person, u"phone"_s, u"customer.phone"_s, 40, &who.phone) ||
        !text(person, u"username"_s, u"customer.username"_s, 100, &who.username))
        return std::nullopt;
    static const QRegularExpression emailShape(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
    if (!who.email.isEmpty() && !emailShape.match(who.email).hasMatch()) {
        fail(u"customer.email"_s, tr("customer.email is not an email address."));
        return std::nullopt;
    }
    if (!who.phone.isEmpty() && PhoneNumbers::nationalDigits(who.phone, PhoneNumbers::defaultRegion()).isEmpty()) {
        fail(u"customer.phone"_s, tr("customer.phone is not a phone number."));
        return std::nullopt;
    }
    if (who.email.isEmpty() && who.phone.isEmpty() && who.username.isEmpty() && who.externalId.isEmpty()) {
        fail(u"customer"_s, tr("customer needs an email, a phone, a username or an external_id, so that replies "
                               "and later requests find them."));
        return std::nullopt;
    }

    if (!text(root, u"subject"_s, u"subject"_s, m_limits.maxSubject, &request.subject) ||
        !text(root, u"body"_s, u"body"_s, m_limits.maxBody, &request.body))
        return std::nullopt;

    const QJsonValue files = root.value(u"attachments"_s);
    if (!files.isUndefined() && !files.isNull()) {
        if (!files.isArray()) {
            fail(u"attachments"_s, tr("attachments must be a list."));
            return std::nullopt;
        }
        const QJsonArray list = files.toArray();
        if (list.size() > m_limits.maxAttachments) {
            fail(u"attachments"_s, tr("attachments holds more than %1 files.").arg(m_limits.maxAttachments));
            return std::nullopt;
        }
        static const QMimeDatabase mimes;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString field = u"attachments[%1]"_s.arg(i);
            if (!list.at(i).isObject()) {
                fail(field, tr("%1 must be an object with name and content_base64.").arg(field));
                return std::nullopt;
            }
            const QJsonObject file = list.at(i).toObject();
            QString name;
            QString type;
            const QJsonValue content = file.value(u"content_base64"_s);
            if (!text(file, u"name"_s, field + u".name"_s, 255, &name) ||
                !text(file, u"mime_type"_s, field + u".mime_type"_s, 100, &type))
                return std::nullopt;
            name = safeFileName(name);
            if (name.isEmpty()) {
                fail(field + u".name"_s, tr("%1 needs a file name.").arg(field));
                return std::nullopt;
            }
            if (!content.isString()) {
                fail(field + u".content_base64"_s, tr("%1.content_base64 must be a base64 string.").arg(field));
                return std::nullopt;
            }
            const auto decoded =
                QByteArray::fromBase64Encoding(content.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                fail(field + u".content_base64"_s, tr("%1.content_base64 is not valid base64.").arg(field));
                return std::nullopt;
            }
            if (decoded.decoded.size() > m_limits.maxAttachmentBytes) {
                fail(field + u".content_base64"_s,
                     tr("%1 is larger than %2 bytes.").arg(field).arg(m_limits.maxAttachmentBytes));
                return std::nullopt;
            }
            // The type is the sender's word; a name that says otherwise is not believed either,
            // so the desk names the type from the bytes.
            const QString sniffed = mimes.mimeTypeForData(decoded.decoded).name();
            request.attachments.append(
                {name, sniffed.isEmpty() ? u"application/octet-stream"_s : sniffed, decoded.decoded});
        }
    }
    if (request.body.trimmed().isEmpty() && request.attachments.isEmpty()) {
        fail(u"body"_s, tr("body is empty and there are no attachments: the request says nothing."));
        return std::nullopt;
    }

    const QJsonValue tags = root.value(u"tags"_s);
    if (!tags.isUndefined() && !tags.isNull()) {
        if (!tags.isArray() || tags.toArray().size() > m_limits.maxTags) {
            fail(u"tags"_s, tr("tags must be a list of at most %1 words.").arg(m_limits.maxTags));
            return std::nullopt;
        }
        const QJsonArray list = tags.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString field = u"tags[%1]"_s.arg(i);
            const QString tag = withoutControls(list.at(i).toString()).simplified();
            if (!list.at(i).isString() || tag.isEmpty() || tag.size() > m_limits.maxTag) {
                fail(field, tr("%1 must be a word of 1 to %2 characters.").arg(field).arg(m_limits.maxTag));
                return std::nullopt;
            }
            if (!request.tags.contains(tag))
                request.tags.append(tag);
        }
    }
    return request;
}
