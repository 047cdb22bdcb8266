#pragma once

#include "replywebhookqueue.h"

#include <QCoreApplication>
#include <QSqlDatabase>

// The team's replies waiting to go back to their intake sources, on the shared database: the
// server queues an agent's public reply on a source's ticket when it arrives from any desk
// (queue_intake_reply), the gateway takes the due ones with a lease (gateway_replies_due, so
// two gateways never post one at once) and records what came of each (gateway_reply_record),
// which every desk then shows on the reply.
class ServerReplyWebhookOutbox : public ReplyWebhookQueue
{
    Q_DECLARE_TR_FUNCTIONS(ServerReplyWebhookOutbox)

public:
    // The connection registered under connectionName (ServerConnection::open, in the thread
    // that uses it), logged in with a member of deskline_gateway; closed and removed with this.
    explicit ServerReplyWebhookOutbox(QString connectionName);
    ~ServerReplyWebhookOutbox() override;
    ServerReplyWebhookOutbox(const ServerReplyWebhookOutbox &) = delete;
    ServerReplyWebhookOutbox &operator=(const ServerReplyWebhookOutbox &) = delete;

    QList<Outgoing> due(int limit = batchSize) override;
    bool sent(const Outgoing &webhook) override;
    std::optional<Failed> failed(const Outgoing &webhook, bool permanent, const QString &detail) override;
    qint64 nowMs() const override;
    QString errorString() const override { return m_error; }

private:
    bool record(qint64 messageId, MailDelivery delivery, const QString &detail, qint64 nextAttemptAtMs);
    std::optional<Outgoing> compose(const QJsonObject &due);

    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_error;
};
