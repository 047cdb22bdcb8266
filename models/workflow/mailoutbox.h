#pragma once

#include "attachmentinput.h"
#include "inboundmail.h"
#include "mailbox.h"
#include "mailfacts.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class LocalStore;

// The agents' replies waiting to go out by mail, as the gateway sends them: each composed
// with its Message-ID fixed at the first try (a retry is the same mail), then recorded as sent,
// retried with a growing pause after a temporary failure, or failed for good with the
// server's answer, which the thread shows on the reply.
class MailOutbox
{
    Q_DECLARE_TR_FUNCTIONS(MailOutbox)

public:
    struct Outgoing {
        qint64 messageId = 0;
        qint64 ticketId = 0;
        Mailbox mailbox;
        QStringList recipients;
        QString rfcMessageId;
        int attempts = 0; // tries before this one
        qint64 writtenAtMs = 0;
        QByteArray bytes;
    };

    // A reply still failing after this many tries, or this long, has failed for good.
    static constexpr int maxAttempts = 12;
    static constexpr qint64 giveUpAfterMs = 48LL * 3600 * 1000;

    MailOutbox(LocalStore &store, QByteArray secret);

    // The replies of these mailboxes due now, composed; a reply that cannot be composed (its
    // ticket or mailbox gone) is failed with the reason and left out.
    static constexpr int batchSize = 50;
    QList<Outgoing> due(int limit = batchSize);
    bool sent(const Outgoing &mail);
    // What became of a reply the server did not take.
    enum class Failed { WillRetry, GaveUp };
    // nullopt (errorString()) when the store refused to record it.
    std::optional<Failed> failed(const Outgoing &mail, bool permanent, const QString &serverReply);

    QString errorString() const { return m_error; }

    // A reply's mail: answering the customer's last mail (`answered`, empty when there was
    // none) with the agent's text and files, to the recipients, under its fixed Message-ID.
    static QByteArray composeReply(InboundMail answered, const QStringList &recipients, const MailAddress &from,
                                   const QString &text, qint64 ticketId, const QString &rfcMessageId,
                                   const QDateTime &writtenAt, const QList<AttachmentInput> &files);

    // The pause before try number `attempt` (1 after the first failure): 1, 2, 4 … 60 minutes.
    static qint64 retryDelayMs(int attempt);

private:
    std::optional<Outgoing> compose(const MailFacts &facts);

    LocalStore &m_store;
    QByteArray m_secret;
    QString m_error;
};
