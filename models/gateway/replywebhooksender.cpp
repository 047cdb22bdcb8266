#include "replywebhooksender.h"

#include "replywebhookqueue.h"
#include "webhooksignature.h"

#include <QUrl>

using namespace Qt::StringLiterals;

ReplyWebhookSender::ReplyWebhookSender(ReplyWebhookQueue &queue, QString secretsPath, WebhookClient client)
    : m_queue(queue)
    , m_secrets(std::move(secretsPath))
    , m_client(std::move(client))
{}

ReplyWebhookSender::Tally ReplyWebhookSender::sendDue()
{
    Tally tally;
    ReplyWebhookQueue &outbox = m_queue;
    const QList<ReplyWebhookQueue::Outgoing> due = outbox.due();
    if (!outbox.errorString().isEmpty())
        tally.problems << outbox.errorString();
    if (due.isEmpty())
        return tally;
    const auto keys = m_secrets.keys(outbox.nowMs());
    for (const ReplyWebhookQueue::Outgoing &webhook : due) {
        const QList<QByteArray> sourceKeys = keys ? keys->value(webhook.reply.sourceName) : QList<QByteArray>();
        WebhookClient::Result result;
        if (sourceKeys.isEmpty()) {
            // A secrets file made unsafe or lost is for an administrator to mend; until then
            // the reply waits rather than going out unsigned.
            result.detail = keys ? tr("the source %1 has no signing secret").arg(webhook.reply.sourceName)
                                 : m_secrets.errorString();
        } else {
            const QByteArray id = webhook.reply.webhookId.toUtf8();
            const qint64 timestamp = outbox.nowMs() / 1000;
            result = m_client.post(
                QUrl(webhook.reply.replyUrl),
                {{"webhook-id", id},
                 {"webhook-timestamp", QByteArray::number(timestamp)},
                 {"webhook-signature", WebhookSignature::sign(sourceKeys.first(), id, timestamp, webhook.body)}},
                webhook.body);
        }
        QString outcome;
        if (result.delivered) {
            if (!outbox.sent(webhook)) {
                tally.problems << outbox.errorString();
                continue;
            }
            ++tally.sent;
            outcome = tr("sent (%1)").arg(result.detail);
        } else {
            const auto failed = outbox.failed(webhook, result.permanent, result.detail);
            if (!failed) {
                tally.problems << outbox.errorString();
                continue;
            }
            if (*failed == ReplyWebhookQueue::Failed::GaveUp) {
                ++tally.failed;
                outcome = tr("not delivered: %1").arg(result.detail);
            } else {
                ++tally.retrying;
                outcome = tr("will be tried again: %1").arg(result.detail);
            }
        }
        if (m_log)
            m_log(tr("reply webhook %1 to %2: %3").arg(webhook.reply.webhookId, webhook.reply.sourceName, outcome));
    }
    return tally;
}
