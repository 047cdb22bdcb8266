#pragma once

#include "inboundmail.h"

#include <QByteArray>
#include <QCoreApplication>

// Raw RFC 5322 bytes into an InboundMail, with GMime 3 doing all the MIME work. Never fails:
// bytes that are no mail at all still give an InboundMail with them in raw, readable false and
// a problem saying so, so the gateway can open a ticket with the raw message attached.
class MailParser
{
    Q_DECLARE_TR_FUNCTIONS(MailParser)

public:
    static constexpr qint64 defaultMaxAttachmentBytes = 25 * 1024 * 1024;

    // An attachment bigger than maxAttachmentBytes is listed in InboundMail::oversized
    // instead of being kept.
    explicit MailParser(qint64 maxAttachmentBytes = defaultMaxAttachmentBytes);

    InboundMail parse(const QByteArray &raw) const;

    // "<a@b> <c@d>" or "a@b" as a list of ids without angle brackets, GMime's reading of it.
    static QStringList messageIds(const QString &header);

private:
    qint64 m_maxAttachmentBytes;
};
