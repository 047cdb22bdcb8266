#include "serverreplywebhookoutbox.h"

#include "serverconnection.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ServerReplyWebhookOutbox::ServerReplyWebhookOutbox(QString connectionName)
    : m_connectionName(std::move(connectionName))
    , m_db(QSqlDatabase::database(m_connectionName, false))
{}

ServerReplyWebhookOutbox::~ServerReplyWebhookOutbox()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

qint64 ServerReplyWebhookOutbox::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

QList<ReplyWebhookQueue::Outgoing> ServerReplyWebhookOutbox::due(int limit)
{
    QList<Outgoing> result;
    if (!ServerConnection::ensureOpen(m_db, &m_error))
        return result;
    QSqlQuery query(m_db);
    if (!ServerConnection::prepare(query, u"SELECT deskline.gateway_replies_due(?, ?)::text"_s, &m_error) ||
        !ServerConnection::execReopening(m_db, query, {limit, leaseMs}, &m_error) || !query.next())
        return result;
    const QJsonArray taken = QJsonDocument::fromJson(query.value(0).toString().toUtf8()).array();
    query.finish();
    QString refused;
    for (const QJsonValue &entry : taken) {
        if (auto webhook = compose(entry.toObject())) {
            result.append(std::move(*webhook));
            continue;
        }
        // Why a reply could not be composed is on the reply; only the server's refusal is ours.
        const QString why = m_error;
        if (!record(entry.toObject().value(u"message_id"_s).toInteger(), MailDelivery::Failed, why, 0))
            refused = m_error;
    }
    m_error = refused;
    return result;
}

std::optional<ReplyWebhookQueue::Outgoing> ServerReplyWebhookOutbox::compose(const QJsonObject &due)
{
    Outgoing out;
    IntakeReply &reply = out.reply;
    reply.messageId = due.value(u"message_id"_s).toInteger();
    reply.ticketId = due.value(u"ticket_id"_s).toInteger();
    reply.sourceId = due.value(u"source_id"_s).toInteger();
    reply.sourceName = due.value(u"source"_s).toString();
    reply.replyUrl = due.value(u"reply_url"_s).toString();
    reply.webhookId = due.value(u"webhook_id"_s).toString();
    reply.externalId = due.value(u"external_id"_s).toString();
    reply.attempts = due.value(u"attempts"_s).toInt();
    if (reply.sourceId <= 0) {
        m_error = QCoreApplication::translate("ReplyWebhookOutbox",
                                              "The source this reply was to go back to has been removed.");
        return std::nullopt;
    }
    if (reply.replyUrl.isEmpty()) {
        m_error = QCoreApplication::translate("ReplyWebhookOutbox", "The source %1 has no reply URL any more.")
                      .arg(reply.sourceName);
        return std::nullopt;
    }
    const QJsonObject person = due.value(u"customer"_s).toObject();
    QJsonObject customer{{u"name"_s, person.value(u"name"_s)}};
    // The source's own id for the customer, without the prefix that scopes it on the server.
    const QString prefix = u"intake:%1:"_s.arg(reply.sourceId);
    if (const QString external = person.value(u"external_id"_s).toString(); external.startsWith(prefix))
        customer.insert(u"external_id"_s, external.mid(prefix.size()));
    for (const QString &field : {u"email"_s, u"phone"_s, u"username"_s}) {
        if (!person.value(field).toString().isEmpty())
            customer.insert(field, person.value(field));
    }
    QJsonArray files;
    for (const QJsonValue &value : due.value(u"attachments"_s).toArray()) {
        const QJsonObject file = value.toObject();
        QSqlQuery fetch(m_db);
        if (!ServerConnection::prepare(fetch, u"SELECT deskline.fetch_content(?)"_s, &m_error) ||
            !ServerConnection::execReopening(m_db, fetch, {file.value(u"sha256"_s).toString()}, &m_error) ||
            !fetch.next() || fetch.value(0).isNull()) {
            m_error = tr("The file %1 of the reply is not on the server.").arg(file.value(u"name"_s).toString());
            return std::nullopt;
        }
        files.append(QJsonObject{{u"name"_s, file.value(u"name"_s)},
                                 {u"mime_type"_s, file.value(u"mime_type"_s)},
                                 {u"size"_s, file.value(u"size"_s)},
                                 {u"content_base64"_s, QString::fromLatin1(fetch.value(0).toByteArray().toBase64())}});
    }
    const QDateTime written = QDateTime::fromMSecsSinceEpoch(due.value(u"created_at"_s).toInteger(), Qt::UTC);
    out.writtenAtMs = written.toMSecsSinceEpoch();
    out.body = bodyFor(reply, u"#%1"_s.arg(reply.ticketId), customer, due.value(u"author"_s).toString(),
                       due.value(u"body"_s).toString(), files, written);
    return out;
}

bool ServerReplyWebhookOutbox::record(qint64 messageId, MailDelivery delivery, const QString &detail,
                                      qint64 nextAttemptAtMs)
{
    if (!ServerConnection::ensureOpen(m_db, &m_error))
        return false;
    QSqlQuery query(m_db);
    const QVariant next = nextAttemptAtMs > 0 ? QVariant(nextAttemptAtMs) : QVariant(QMetaType::fromType<qint64>());
    if (!ServerConnection::prepare(query, u"SELECT deskline.gateway_reply_record(?, ?, ?, ?)"_s, &m_error) ||
        !ServerConnection::execReopening(m_db, query, {messageId, int(delivery), detail, next}, &m_error))
        return false;
    m_error.clear();
    return true;
}

bool ServerReplyWebhookOutbox::sent(const Outgoing &webhook)
{
    return record(webhook.reply.messageId, MailDelivery::Sent, QString(), 0);
}

std::optional<ReplyWebhookQueue::Failed> ServerReplyWebhookOutbox::failed(const Outgoing &webhook, bool permanent,
                                                                          const QString &detail)
{
    const bool last = givesUp(webhook, permanent, nowMs());
    const bool ok = last ? record(webhook.reply.messageId, MailDelivery::Failed, detail, 0)
                         : record(webhook.reply.messageId, MailDelivery::Waiting, detail,
                                  nowMs() + retryDelayMs(webhook.reply.attempts + 1));
    if (!ok)
        return std::nullopt;
    return last ? Failed::GaveUp : Failed::WillRetry;
}
