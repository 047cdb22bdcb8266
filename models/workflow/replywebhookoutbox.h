#pragma once

#include "replywebhookqueue.h"

#include <QCoreApplication>

class LocalStore;

// A standalone desk's replies waiting to go back to their intake sources (IntakeReplyStore),
// taken with a lease (claimDue) so that the window's sender and `deskctl gateway`'s on one
// file never post one at once.
class ReplyWebhookOutbox : public ReplyWebhookQueue
{
    Q_DECLARE_TR_FUNCTIONS(ReplyWebhookOutbox)

public:
    explicit ReplyWebhookOutbox(LocalStore &store);

    QList<Outgoing> due(int limit = batchSize) override;
    bool sent(const Outgoing &webhook) override;
    std::optional<Failed> failed(const Outgoing &webhook, bool permanent, const QString &detail) override;
    qint64 nowMs() const override;
    QString errorString() const override { return m_error; }

private:
    std::optional<Outgoing> compose(const IntakeReply &reply);

    LocalStore &m_store;
    QString m_error;
};
