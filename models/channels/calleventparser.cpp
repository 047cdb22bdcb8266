#include "calleventparser.h"

#include "phonenumbers.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

bool hasControls(const QString &text)
{
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

} // namespace

QString CallEventParser::eventKey(CallEvent::Kind kind)
{
    switch (kind) {
    case CallEvent::Kind::NewCall:
        return u"newCall"_s;
    case CallEvent::Kind::Answer:
        return u"answer"_s;
    case CallEvent::Kind::Hangup:
        break;
    }
    return u"hangup"_s;
}

bool CallEventParser::fail(const QString &field, const QString &message)
{
    m_problem = {field, message};
    return false;
}

std::optional<CallEvent> CallEventParser::parse(const QByteArray &json)
{
    m_problem = {};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        fail(QString(), tr("The body is not JSON: %1 at byte %2.").arg(error.errorString()).arg(error.offset));
        return std::nullopt;
    }
    if (!document.isObject()) {
        fail(QString(), tr("The body is not a JSON object."));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    // A text field: a string of at most max characters, no control characters; required or not.
    const auto text = [&](const QString &field, bool required, qsizetype max, QString *into) {
        const QJsonValue value = object.value(field);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                return fail(field, tr("\"%1\" is required.").arg(field));
            return true;
        }
        if (!value.isString())
            return fail(field, tr("\"%1\" must be a string.").arg(field));
        const QString string = value.toString().trimmed();
        if (required && string.isEmpty())
            return fail(field, tr("\"%1\" is required.").arg(field));
        if (string.size() > max)
            return fail(field, tr("\"%1\" is longer than %2 characters.").arg(field).arg(max));
        if (hasControls(string))
            return fail(field, tr("\"%1\" holds control characters.").arg(field));
        *into = string;
        return true;
    };

    CallEvent event;
    QString kind;
    if (!text(u"event"_s, true, 20, &kind))
        return std::nullopt;
    if (kind == u"newCall")
        event.kind = CallEvent::Kind::NewCall;
    else if (kind == u"answer")
        event.kind = CallEvent::Kind::Answer;
    else if (kind == u"hangup")
        event.kind = CallEvent::Kind::Hangup;
    else {
        fail(u"event"_s, tr("\"event\" must be newCall, answer or hangup."));
        return std::nullopt;
    }
    if (!text(u"call_id"_s, true, maxIdentifier, &event.callId) || !text(u"from"_s, true, 40, &event.from) ||
        !text(u"to"_s, false, 40, &event.to) ||
        !text(u"agent_login"_s, event.kind == CallEvent::Kind::Answer, maxIdentifier, &event.agentLogin))
        return std::nullopt;
    if (PhoneNumbers::e164(event.from, PhoneNumbers::defaultRegion()).isEmpty()) {
        fail(u"from"_s, tr("\"from\" is not a phone number."));
        return std::nullopt;
    }
    return event;
}
