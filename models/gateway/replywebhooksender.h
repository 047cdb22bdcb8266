#pragma once

#include "intakesecrets.h"
#include "webhookclient.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>

class ReplyWebhookQueue;

// One pass over the replies due to intake sources (a standalone store's or the team server's
// queue): each signed with its
// source's current secret (Standard Webhooks, the scheme the source signs its requests with)
// and posted to the source's reply URL; the receiver's answer recorded on the reply.
class ReplyWebhookSender
{
    Q_DECLARE_TR_FUNCTIONS(ReplyWebhookSender)

public:
    struct Tally {
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        QStringList problems; // the queue's refusals; a receiver's answer is on its reply
    };
    using Log = std::function<void(const QString &)>;

    ReplyWebhookSender(ReplyWebhookQueue &queue, QString secretsPath, WebhookClient client = WebhookClient());
    // A line per webhook: its id, the source and what came of it; never the URL (it may hold
    // the receiver's token), the body or a secret.
    void setLog(Log log) { m_log = std::move(log); }

    Tally sendDue();

private:
    ReplyWebhookQueue &m_queue;
    IntakeSecrets m_secrets;
    WebhookClient m_client;
    Log m_log;
};
