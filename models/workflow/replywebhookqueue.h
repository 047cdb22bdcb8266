#pragma once

#include "intakereply.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// The agents' public replies waiting to go back to their intake sources as webhooks, as
// ReplyWebhookSender sends them: a standalone desk's store (ReplyWebhookOutbox) or the team's
// server (ServerReplyWebhookOutbox). Each is taken for this sender, composed as JSON under the
// webhook-id it was given when queued (a retry is the same webhook), then recorded as sent,
// retried with a growing pause, or failed for good with the receiver's answer.
class ReplyWebhookQueue
{
public:
    struct Outgoing {
        IntakeReply reply;
        qint64 writtenAtMs = 0;
        QByteArray body; // the webhook's JSON (docs/intake-api.yaml, ReplyWebhook)
    };
    enum class Failed { WillRetry, GaveUp };

    // A reply still failing after this many tries, or this long, has failed for good.
    static constexpr int maxAttempts = 10;
    static constexpr qint64 giveUpAfterMs = 24LL * 3600 * 1000;
    static constexpr int batchSize = 50;
    // How long a sender holds the replies it took (a batch at the client's timeout each).
    static constexpr qint64 leaseMs = 15LL * 60 * 1000;

    virtual ~ReplyWebhookQueue() = default;

    // The replies due now, taken for this sender; one that cannot be composed (its source
    // removed, the reply gone) is failed with the reason and left out. errorString() says when
    // the queue itself refused.
    virtual QList<Outgoing> due(int limit = batchSize) = 0;
    virtual bool sent(const Outgoing &webhook) = 0;
    // nullopt (errorString()) when the queue refused to record it.
    virtual std::optional<Failed> failed(const Outgoing &webhook, bool permanent, const QString &detail) = 0;
    virtual qint64 nowMs() const = 0;
    virtual QString errorString() const = 0;

    // The pause before try number `attempt` (1 after the first failure): 10 s, 30 s, 1.5 min …
    // tripling up to an hour.
    static qint64 retryDelayMs(int attempt);
    // Whether a failed try is the last: the receiver refused for good, or too many tries, or too long.
    static bool givesUp(const Outgoing &webhook, bool permanent, qint64 nowMs);
    // The webhook's JSON: {"type": "reply.created", "timestamp", "data": {…}}.
    static QByteArray bodyFor(const IntakeReply &reply, const QString &ticketLabel, const QJsonObject &customer,
                              const QString &author, const QString &text, const QJsonArray &files,
                              const QDateTime &written);
};
