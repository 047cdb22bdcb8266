#pragma once

#include "mailfacts.h"

#include <QString>

// An agent's public reply going back to the intake source its ticket came from, as a signed
// webhook to the source's reply URL. The delivery states are the mail outbox's (Waiting, Sent,
// Failed), so that the thread shows both the same way.
struct IntakeReply {
    qint64 messageId = 0;
    qint64 ticketId = 0;
    qint64 sourceId = 0; // 0 once the source has been removed
    QString sourceName;
    QString replyUrl;
    QString webhookId;  // the same for every try
    QString externalId; // the conversation in the source's own system
    MailDelivery delivery = MailDelivery::Waiting;
    QString deliveryDetail; // the receiver's answer to the last failed try
    int attempts = 0;
    qint64 nextAttemptAt = 0;
    qint64 sentAt = 0;
};
