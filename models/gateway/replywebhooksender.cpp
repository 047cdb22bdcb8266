#include "replywebhooksender.h"

#include "localstore.h"
#include "replywebhookoutbox.h"
#include "webhooksignature.h"

#include <QUrl>

using namespace Qt::StringLiterals;

ReplyWebhookSender::ReplyWebhookSender(LocalStore &store, QString secretsPath, WebhookClient client)
    : m_store(store)
    , m_secrets(std::move(secretsPath))
    , m_client(std::move(client))
{}

ReplyWebhookSender::Tally ReplyWebhookSender::sendDue()
{
    Tally tally;
    ReplyWebhookOutbox outbox(m_store);
    const QList<ReplyWebhookOutbox::Outgoing> due = outbox.due();
    if (!outbox.errorString().isEmpty())
        tally.problems << outbox.errorString();
    if (due.isEmpty())
        return tally;
    const auto keys = m_secrets.keys(m_store.nowMs());
    for (const ReplyWebhookOutbox::Outgoing &webhook : due) {
        const QList<QByteArray> sourceKeys = keys ? keys->value(webhook.reply.sourceName) : QList<QByteArray>();
        WebhookClient::Result result;
        if (sourceKeys.isEmpty()) {
            // A secrets file made unsafe or lost is for an administrator to mend; until then
            // the reply waits rather than going out unsigned.
            result.detail = keys ? tr("the source %1 has no signing secret").arg(webhook.reply.sourceName)
                                 : m_secrets.errorString();
        } else {
            const QByteArray id = webhook.reply.webhookId.toUtf8();
            const qint64 timestamp = m_store.nowMs() / 1000;
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
            if (*failed == ReplyWebhookOutbox::Failed::GaveUp) {
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
