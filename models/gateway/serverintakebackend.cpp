#include "serverintakebackend.h"

#include "callservice.h"
#include "customerstore.h"
#include "phonenumbers.h"
#include "requestintake.h"
#include "serverconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ServerIntakeBackend::ServerIntakeBackend(QString connectionName)
    : m_connectionName(std::move(connectionName))
    , m_db(QSqlDatabase::database(m_connectionName, false))
{}

ServerIntakeBackend::~ServerIntakeBackend()
{
    m_statements.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlQuery *ServerIntakeBackend::statement(const QString &sql)
{
    // Another statement's exec opened the connection again: what was prepared on the old one is gone.
    if (m_reopened || !m_db.isOpen()) {
        m_statements.clear();
        m_reopened = false;
    }
    if (const auto found = m_statements.find(sql); found != m_statements.end())
        return &found->second;
    QSqlQuery query(m_db);
    if (!ServerConnection::prepareReopening(m_db, query, sql, &m_error))
        return nullptr;
    return &m_statements.insert_or_assign(sql, std::move(query)).first->second;
}

bool ServerIntakeBackend::run(QSqlQuery &query, const QVariantList &values)
{
    bool reopened = false;
    const bool ran = ServerConnection::execReopening(m_db, query, values, &m_error, &reopened);
    m_reopened = m_reopened || reopened;
    return ran;
}

std::optional<QJsonObject> ServerIntakeBackend::call(const QString &function, const QVariantList &values)
{
    QString placeholders;
    for (int i = 0; i < values.size(); ++i)
        placeholders += i + 1 < values.size() ? u"?, "_s : u"?::jsonb"_s;
    QSqlQuery *query = statement(u"SELECT deskline.%1(%2)::text"_s.arg(function, placeholders));
    if (!query || !run(*query, values) || !query->next())
        return std::nullopt;
    m_error.clear();
    const QByteArray answer = query->value(0).toString().toUtf8();
    query->finish();
    return QJsonDocument::fromJson(answer).object();
}

std::optional<QList<IntakeSource>> ServerIntakeBackend::sources()
{
    QSqlQuery *statement = this->statement(u"SELECT id, name, channel, reply_url, requests_per_minute"
                                           " FROM deskline.gateway_intake_sources()"_s);
    if (!statement || !run(*statement, {}))
        return std::nullopt;
    QSqlQuery &query = *statement;
    QList<IntakeSource> result;
    while (query.next()) {
        IntakeSource source;
        source.id = query.value(0).toLongLong();
        source.name = query.value(1).toString();
        source.channel = Channel(query.value(2).toInt());
        source.replyUrl = query.value(3).toString();
        source.requestsPerMinute = query.value(4).toInt();
        result.append(source);
    }
    query.finish();
    m_error.clear();
    return result;
}

std::optional<RequestIntake::Result> ServerIntakeBackend::take(const IntakeSource &source, const QString &webhookId,
                                                               const IntakeRequest &request)
{
    const QString body = RequestIntake::bodyOf(request);
    const IntakeRequest::Person &person = request.customer;
    const QString national = PhoneNumbers::nationalDigits(person.phone, PhoneNumbers::defaultRegion());

    QJsonArray files;
    for (const AttachmentInput &file : request.attachments) {
        QSqlQuery *put = statement(u"SELECT deskline.put_content(?)"_s);
        if (!put || !run(*put, {file.content}) || !put->next())
            return std::nullopt;
        files.append(QJsonObject{
            {u"name"_s, file.name}, {u"mime_type"_s, file.mimeType}, {u"sha256"_s, put->value(0).toString()}});
        put->finish();
    }
    const QJsonObject described{
        {u"external_id"_s, request.externalId},
        {u"channel"_s, int(request.channel)},
        {u"customer"_s,
         QJsonObject{{u"external_id"_s, person.externalId},
                     {u"name"_s, RequestIntake::customerNameOf(source, person)},
                     {u"email"_s, person.email},
                     {u"phone"_s, person.phone},
                     {u"phone_key"_s, national.isEmpty() ? QString() : CustomerStore::phoneKey(national)},
                     {u"username"_s, person.username}}},
        {u"subject"_s, RequestIntake::subjectOf(request)},
        {u"body"_s, body},
        {u"tags"_s, QJsonArray::fromStringList(request.tags)},
        {u"attachments"_s, files},
        {u"follow_up_subject"_s, QCoreApplication::translate("FollowUpStore", "Follow-up: %1")},
    };
    const auto answer =
        call(u"gateway_intake_request"_s,
             {source.id, webhookId, QString::fromUtf8(QJsonDocument(described).toJson(QJsonDocument::Compact))});
    if (!answer)
        return std::nullopt;
    static const QHash<QString, RequestIntake::Outcome> outcomes{
        {u"new_ticket"_s, RequestIntake::Outcome::NewTicket},
        {u"added_to_ticket"_s, RequestIntake::Outcome::AddedToTicket},
        {u"follow_up"_s, RequestIntake::Outcome::FollowUp},
    };
    RequestIntake::Result result;
    result.outcome = outcomes.value(answer->value(u"outcome"_s).toString(), RequestIntake::Outcome::Repeat);
    result.ticketId = answer->value(u"ticket_id"_s).toInteger();
    result.status = answer->value(u"status"_s).toInt();
    result.answer = answer->value(u"answer"_s).toString().toUtf8();
    return result;
}

std::optional<CallIntake::Result> ServerIntakeBackend::takeCall(const IntakeSource &source, const QString &webhookId,
                                                                const CallEvent &event)
{
    const QString region = PhoneNumbers::defaultRegion();
    const QString number = PhoneNumbers::e164(event.from, region);
    const QString readable = PhoneNumbers::readable(number, region);
    const QString national = PhoneNumbers::nationalDigits(number, region);
    static const QHash<CallEvent::Kind, QString> kinds{{CallEvent::Kind::NewCall, u"new_call"_s},
                                                       {CallEvent::Kind::Answer, u"answer"_s},
                                                       {CallEvent::Kind::Hangup, u"hangup"_s}};
    // CallIntake's and CallService's words, with what only the server knows left to fill.
    const auto words = [](const char *context, const char *text) { return QCoreApplication::translate(context, text); };
    const QString missedText =
        event.to.isEmpty()
            ? words("CallIntake", "Missed call from %1 at %2. Call them back.").arg(readable, u"{started}"_s)
            : words("CallIntake", "Missed call from %1 to %2 at %3. Call them back.")
                  .arg(readable, event.to, u"{started}"_s);
    const QJsonObject described{
        {u"kind"_s, kinds.value(event.kind)},
        {u"call_id"_s, event.callId},
        {u"from"_s, number},
        {u"readable"_s, readable},
        {u"phone_key"_s, national.isEmpty() ? QString() : CustomerStore::phoneKey(national)},
        {u"to"_s, event.to},
        {u"agent_login"_s, event.agentLogin},
        {u"caller_name"_s, words("CallIntake", "Caller %1").arg(readable)},
        {u"call_subject"_s, words("CallIntake", "Call from %1").arg(readable)},
        {u"missed_subject"_s, words("CallIntake", "Missed call from %1").arg(readable)},
        {u"missed_text"_s, missedText},
        {u"answered_note"_s,
         words("CallService", "Call from %1, answered by %2, lasted %3.").arg(readable, u"{agent}"_s, u"{duration}"_s)},
        {u"note"_s, words("CallService", "Call from %1 lasted %2.").arg(readable, u"{duration}"_s)},
    };
    const auto answer =
        call(u"gateway_intake_call"_s,
             {source.id, webhookId, QString::fromUtf8(QJsonDocument(described).toJson(QJsonDocument::Compact))});
    if (!answer)
        return std::nullopt;
    CallIntake::Result result;
    result.status = answer->value(u"status"_s).toInt();
    result.answer = answer->value(u"answer"_s).toString().toUtf8();
    result.repeat = answer->value(u"repeat"_s).toBool();
    result.ticketId = answer->value(u"ticket_id"_s).toInteger();
    result.callRowId = answer->value(u"call_row_id"_s).toInteger();
    result.agentLogin = answer->value(u"agent_login"_s).toString();
    result.answeredNow = answer->value(u"answered_now"_s).toBool();
    result.endedNow = answer->value(u"ended_now"_s).toBool();
    return result;
}
