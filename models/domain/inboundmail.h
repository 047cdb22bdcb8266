#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

struct MailAddress {
    QString name; // display name, decoded; may be empty
    QString address;

    bool operator==(const MailAddress &) const = default;
};

struct MailHeader {
    QString name;
    QString value; // unfolded, encoded words decoded
};

struct InboundAttachment {
    QString fileName;
    QString mimeType;  // lower case, "image/png"
    QString contentId; // without angle brackets; what a cid: link in the HTML names
    bool isInline = false;
    QByteArray content;
};

// An attachment over the caller's size limit: its bytes are not kept, but the ticket can
// still say what was sent.
struct OversizedAttachment {
    QString fileName;
    QString mimeType;
    qint64 size = 0;
};

// One received mail as a ticket needs it. Message-IDs are kept without angle brackets.
struct InboundMail {
    QByteArray raw; // always kept, so the agent can save the .eml even when nothing else was read
    QString messageId;
    QString inReplyTo;
    QStringList references; // oldest first, as the header lists them
    MailAddress from;
    QList<MailAddress> to;
    QList<MailAddress> cc;
    QList<MailAddress> replyTo;
    QString subject;
    QDateTime date; // invalid when the mail had no readable Date
    QString textBody;
    QString html;              // sanitised; empty when the mail had no HTML
    QStringList remoteImages;  // blocked in html until the agent loads them for this mail
    QString contentType;       // of the top part, lower case: "multipart/report"
    QString reportType;        // its report-type parameter, lower case: "delivery-status"
    QList<MailHeader> headers; // the top-level headers, in order
    QList<InboundAttachment> attachments;
    QList<OversizedAttachment> oversized;
    QStringList problems; // what was wrong with the mail, in the agent's language
    bool readable = true; // false when the bytes were not a mail at all

    // The first header of that name (case-insensitive), or a null string.
    QString header(QStringView name) const
    {
        for (const MailHeader &h : headers) {
            if (h.name.compare(name, Qt::CaseInsensitive) == 0)
                return h.value;
        }
        return {};
    }
    bool hasHeader(QStringView name) const
    {
        for (const MailHeader &h : headers) {
            if (h.name.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};
