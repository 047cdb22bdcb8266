#pragma once

#include <QString>
#include <QStringList>

enum class MailDirection : int { Received, Sent };
// Received: a customer's mail. Waiting: a reply the gateway has still to send (or retry).
enum class MailDelivery : int { Received, Waiting, Sent, Failed, Bounced };

// What is known about a message that is a mail, beside its text in the thread.
struct MailFacts {
    qint64 messageId = 0;
    qint64 ticketId = 0;
    qint64 mailboxId = 0;
    MailDirection direction = MailDirection::Received;
    QString rfcMessageId; // without angle brackets; empty for a reply not yet tried
    QString sender;
    QStringList recipients;
    QString html; // sanitised; empty when the mail had only text, or was not read
    bool hasHtml = false;
    QStringList remoteImages; // blocked in html until the agent loads them
    MailDelivery delivery = MailDelivery::Received;
    QString deliveryDetail; // the remote server's answer for a failure or a bounce
    int attempts = 0;
    qint64 nextAttemptAt = 0;
    qint64 sentAt = 0;
    // The mail's bytes as received: hasRaw when this desk has them; a team desk fetches them
    // from the server by rawSha256 (lower-case hex) when an agent saves the mail.
    bool hasRaw = false;
    QString rawSha256;
};
