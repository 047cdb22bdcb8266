#include "replywebhookqueue.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

qint64 ReplyWebhookQueue::retryDelayMs(int attempt)
{
    qint64 delay = 10 * 1000;
    for (int i = 1; i < attempt && delay < 3600 * 1000; ++i)
        delay *= 3;
    return std::min<qint64>(delay, 3600 * 1000);
}

bool ReplyWebhookQueue::givesUp(const Outgoing &webhook, bool permanent, qint64 nowMs)
{
    return permanent || webhook.reply.attempts + 1 >= maxAttempts || nowMs - webhook.writtenAtMs > giveUpAfterMs;
}

QByteArray ReplyWebhookQueue::bodyFor(const IntakeReply &reply, const QString &ticketLabel, const QJsonObject &customer,
                                      const QString &author, const QString &text, const QJsonArray &files,
                                      const QDateTime &written)
{
    const QString at = written.toUTC().toString(Qt::ISODateWithMs);
    const QJsonObject data{{u"source"_s, reply.sourceName}, {u"external_id"_s, reply.externalId},
                           {u"ticket"_s, ticketLabel},      {u"customer"_s, customer},
                           {u"author"_s, author},           {u"body"_s, text},
                           {u"attachments"_s, files},       {u"created_at"_s, at}};
    return QJsonDocument(QJsonObject{{u"type"_s, u"reply.created"_s}, {u"timestamp"_s, at}, {u"data"_s, data}})
        .toJson(QJsonDocument::Compact);
}
