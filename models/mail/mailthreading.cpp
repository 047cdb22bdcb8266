#include "mailthreading.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace {

// 64 bits of HMAC: a forger has one chance in 2^64 per try, and the id stays short enough
// for mail programs that cut long References.
constexpr qsizetype macLength = 16;

QString ticketText(qint64 ticket)
{
    return QStringLiteral("T-%1").arg(ticket, 6, 10, QLatin1Char('0'));
}

QByteArray macOf(const QString &signedPart, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(signedPart.toUtf8(), secret, QCryptographicHash::Sha256)
        .toHex()
        .left(macLength);
}

// Compares every byte, so the time taken says nothing about how much of a guess was right.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

QString MailThreading::newMessageId(qint64 ticket, const QByteArray &secret, const QString &domain)
{
    const quint64 random = QRandomGenerator::system()->generate64();
    const QString signedPart = ticketText(ticket) + u'.' + QStringLiteral("%1").arg(random, 16, 16, QLatin1Char('0'));
    return signedPart + u'.' + QString::fromLatin1(macOf(signedPart, secret)) + u'@' + domain;
}

std::optional<qint64> MailThreading::ticketOf(const QString &messageId, const QByteArray &secret)
{
    if (secret.isEmpty())
        return std::nullopt;
    static const QRegularExpression ours(QStringLiteral("^(T-(\\d{6,18})\\.[0-9a-f]{16})\\.([0-9a-fA-F]{16})@"));
    const QRegularExpressionMatch match = ours.match(messageId.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    if (!sameBytes(match.captured(3).toLower().toLatin1(), macOf(match.captured(1), secret)))
        return std::nullopt;
    bool ok = false;
    const qint64 ticket = match.captured(2).toLongLong(&ok);
    if (!ok || ticket <= 0)
        return std::nullopt;
    return ticket;
}

std::optional<qint64> MailThreading::ticketFromReferences(const InboundMail &mail, const QByteArray &secret)
{
    if (auto ticket = ticketOf(mail.inReplyTo, secret))
        return ticket;
    for (auto it = mail.references.crbegin(); it != mail.references.crend(); ++it) {
        if (auto ticket = ticketOf(*it, secret))
            return ticket;
    }
    return std::nullopt;
}

std::optional<qint64> MailThreading::subjectToken(const QString &subject)
{
    static const QRegularExpression token(QStringLiteral("\\[T-(\\d{1,18})\\]"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = token.match(subject);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 ticket = match.captured(1).toLongLong(&ok);
    if (!ok || ticket <= 0)
        return std::nullopt;
    return ticket;
}

QString MailThreading::subjectTag(qint64 ticket)
{
    return u'[' + ticketText(ticket) + u']';
}
