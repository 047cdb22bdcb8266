#pragma once

#include "attachmentinput.h"
#include "inboundmail.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// An agent's reply as the bytes an SMTP server takes (CRLF lines), written by GMime 3:
// encoded words and RFC 2231 file names where the text is not ASCII, a text/plain UTF-8
// body, attachments in base64.
class MailComposer
{
    Q_DECLARE_TR_FUNCTIONS(MailComposer)

public:
    struct Reply {
        MailAddress from; // the agent's name and the mailbox's address
        QList<MailAddress> to;
        QList<MailAddress> cc;
        QString subject;   // as it goes out; replyTo() makes "Re: ..." of the customer's
        QString messageId; // from MailThreading::newMessageId, without angle brackets
        QString inReplyTo;
        QStringList references;
        QDateTime date;
        QString text; // the agent's text, the quote already in it (replyTo() adds it)
        QList<AttachmentInput> attachments;
    };

    // A reply to the customer's mail: to its Reply-To or From, "Re: " once, In-Reply-To and
    // References continued, the ticket's tag in the subject, and the mail quoted under the text.
    static Reply replyTo(const InboundMail &mail, const MailAddress &from, const QString &text, qint64 ticket,
                         const QString &messageId, const QDateTime &date);
    static QByteArray compose(const Reply &reply);

    // "Re: " before a subject that has none yet: "RE: Fwd: 回复: x" stays one "Re: x".
    static QString replySubject(const QString &subject);
    // "On <date>, <who> wrote:" and every line under it with "> ".
    static QString quoted(const QString &text, const MailAddress &who, const QDateTime &when);
};
