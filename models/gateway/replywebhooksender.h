#pragma once

#include "intakesecrets.h"
#include "webhookclient.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>

class LocalStore;

// One pass over a standalone store's replies due to intake sources: each signed with its
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
        QStringList problems; // the store's refusals; a receiver's answer is on its reply
    };
    using Log = std::function<void(const QString &)>;

    ReplyWebhookSender(LocalStore &store, QString secretsPath, WebhookClient client = WebhookClient());
    // A line per webhook: its id, the source and what came of it; never the URL (it may hold
    // the receiver's token), the body or a secret.
    void setLog(Log log) { m_log = std::move(log); }

    Tally sendDue();

private:
    LocalStore &m_store;
    IntakeSecrets m_secrets;
    WebhookClient m_client;
    Log m_log;
};
