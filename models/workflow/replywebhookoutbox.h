#pragma once

#include "intakereply.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// The agents' public replies waiting to go back to their intake sources as webhooks, as the
// gateway sends them: each composed as JSON under the webhook-id it was given when queued (a
// retry is the same webhook), then recorded as sent, retried with a growing pause after a
// temporary failure, or failed for good with the receiver's answer, which the thread shows.
class ReplyWebhookOutbox
{
    Q_DECLARE_TR_FUNCTIONS(ReplyWebhookOutbox)

public:
    struct Outgoing {
        IntakeReply reply;
        qint64 writtenAtMs = 0;
        QByteArray body; // the webhook's JSON (docs/intake-api.yaml, ReplyWebhook)
    };

    // A reply still failing after this many tries, or this long, has failed for good.
    static constexpr int maxAttempts = 10;
    static constexpr qint64 giveUpAfterMs = 24LL * 3600 * 1000;
    static constexpr int batchSize = 50;
    // How long a sender holds the replies it took (a batch at the client's timeout each).
    static constexpr qint64 leaseMs = 15LL * 60 * 1000;

    explicit ReplyWebhookOutbox(LocalStore &store);

    // The replies due now, taken for this sender (IntakeReplyStore::claimDue) and composed; a
    // reply that cannot be composed (its source removed, the reply gone) is failed with the
    // reason and left out.
    QList<Outgoing> due(int limit = batchSize);
    bool sent(const Outgoing &webhook);
    enum class Failed { WillRetry, GaveUp };
    // nullopt (errorString()) when the store refused to record it.
    std::optional<Failed> failed(const Outgoing &webhook, bool permanent, const QString &detail);

    // The pause before try number `attempt` (1 after the first failure): 10 s, 30 s, 1.5 min …
    // tripling up to an hour.
    static qint64 retryDelayMs(int attempt);

    QString errorString() const { return m_error; }

private:
    std::optional<Outgoing> compose(const IntakeReply &reply);

    LocalStore &m_store;
    QString m_error;
};
