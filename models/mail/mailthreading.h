#pragma once

#include "inboundmail.h"

#include <QByteArray>
#include <QString>

#include <optional>

// Which ticket a reply belongs to. Our own Message-IDs name the ticket and carry an
// HMAC-SHA256 of it under a secret of this installation,
// <T-000123.<random>.<hmac>@domain>, so a reply's In-Reply-To or References leads back to
// the ticket and a header someone wrote or edited leads nowhere.
class MailThreading
{
public:
    // A new Message-ID (without angle brackets) for a mail about that ticket.
    static QString newMessageId(qint64 ticket, const QByteArray &secret, const QString &domain);
    // The ticket of one of our Message-IDs, or nothing when the id is not ours or its HMAC is wrong.
    static std::optional<qint64> ticketOf(const QString &messageId, const QByteArray &secret);
    // The ticket named by a valid id of ours in In-Reply-To, else in References (newest first).
    static std::optional<qint64> ticketFromReferences(const InboundMail &mail, const QByteArray &secret);

    // "[T-000123]" in a subject. Anyone can type it: the caller trusts it only from that
    // ticket's customer.
    static std::optional<qint64> subjectToken(const QString &subject);
    static QString subjectTag(qint64 ticket);
};
