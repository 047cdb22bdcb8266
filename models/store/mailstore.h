#pragma once

#include "mailbox.h"
#include "mailfacts.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

class LocalStore;

// The email channel's rows: mailboxes and how far each was read, the mail behind each message
// that came in or goes out by email, and the mails set aside (auto-replies, bounces, floods).
// MailIntake and MailboxService decide what is written; each write here joins the caller's
// transaction when there is one.
class MailStore
{
    Q_DECLARE_TR_FUNCTIONS(MailStore)

public:
    // Why a mail opened no ticket.
    // SurveyAnswer: a score mailed back after the ticket closed (by itself, days after it was
    // solved): recorded on the survey, the mail kept here since a closed ticket takes no message.
    enum class SetAsideReason : int { AutoReply, Bounce, Flood, SurveyAnswer };

    struct Received {
        qint64 messageId = 0;
        qint64 mailboxId = 0;
        QString rfcMessageId;
        QString sender;
        QStringList recipients;
        QString html;
        QStringList remoteImages;
        QStringList references; // In-Reply-To and References, without brackets
        QByteArray raw;
    };

    // The mail a reply on the ticket answers: the newest one received on it.
    struct LastReceived {
        qint64 messageId = 0;
        qint64 mailboxId = 0;
        QString rfcMessageId;
        QString sender;
    };

    explicit MailStore(LocalStore &store);

    QList<Mailbox> mailboxes() const;
    std::optional<Mailbox> mailbox(qint64 id) const;
    std::optional<Mailbox> mailboxByName(const QString &name) const;
    std::optional<qint64> addMailbox(const Mailbox &mailbox);
    bool removeMailbox(qint64 id);
    bool setReadPosition(qint64 mailboxId, quint32 uidValidity, quint32 lastUid);

    // Whether a mail of that Message-ID was taken in or set aside already.
    bool knows(const QString &rfcMessageId) const;
    bool recordReceived(const Received &mail);
    // The facts of a mail carried over by an import (no mailbox, no raw bytes); a Message-ID
    // this store knows already keeps its first message, and the import's is left without.
    bool importFacts(const MailFacts &facts);
    bool setAside(qint64 mailboxId, const QString &rfcMessageId, const QString &sender, const QString &subject,
                  SetAsideReason reason, const QString &detail, const QByteArray &raw);
    // Mails from the sender received or set aside at or after sinceMs.
    int mailsFromSince(const QString &sender, qint64 sinceMs) const;
    // The customer whose address this is, if the desk knows one.
    std::optional<qint64> customerByAddress(const QString &address) const;

    std::optional<MailFacts> facts(qint64 messageId) const;
    // The mail behind the messages of these tickets that are mails, by message id, without the
    // HTML itself (hasHtml says whether there is some; facts() reads it).
    QHash<qint64, MailFacts> factsOfTickets(const QList<qint64> &ticketIds) const;
    QByteArray raw(qint64 messageId) const;
    std::optional<LastReceived> lastReceived(qint64 ticketId) const;
    // The ticket of a mail that sender sent under that Message-ID.
    std::optional<qint64> ticketOfReceived(const QString &rfcMessageId, const QString &sender) const;
    // The ticket of a mail from that sender which named the Message-ID as one it answers.
    std::optional<qint64> ticketReferring(const QString &rfcMessageId, const QString &sender) const;
    // The message that went out under that Message-ID.
    std::optional<qint64> sentMessage(const QString &rfcMessageId) const;

    // An agent's reply, to be sent from the mailbox to the recipients.
    bool queueReply(qint64 messageId, qint64 mailboxId, const QStringList &recipients);
    // Replies whose (next) try is due, oldest first.
    QList<MailFacts> repliesDue(qint64 nowMs, int limit) const;
    bool assignMessageId(qint64 messageId, const QString &rfcMessageId);
    bool markSent(qint64 messageId, qint64 atMs);
    bool markRetry(qint64 messageId, qint64 nextAttemptAtMs, const QString &detail);
    bool markFailed(qint64 messageId, const QString &detail);
    bool markBounced(qint64 messageId, const QString &detail);

private:
    std::optional<Mailbox> mailboxWhere(const QString &condition, const QVariant &key) const;
    bool setDelivery(qint64 messageId, MailDelivery delivery, const QString &detail, qint64 nextAttemptAt,
                     qint64 sentAt, bool countAttempt);

    LocalStore &m_store;
};
