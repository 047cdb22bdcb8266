#include "webhooksignature.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {

const QString prefix = u"whsec_"_s;
constexpr qsizetype keyBytes = 32;
// Ten signatures is more than any sender rotating keys sends; a list longer than that is
// someone making the gateway compute HMACs for nothing.
constexpr qsizetype maxSignatures = 10;

bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

std::optional<qint64> secondsOf(const QByteArray &timestamp)
{
    if (timestamp.isEmpty() || timestamp.size() > 12)
        return std::nullopt;
    for (char c : timestamp) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    return timestamp.toLongLong();
}

} // namespace

QString WebhookSignature::newSecret()
{
    QByteArray key(keyBytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    return prefix + QString::fromLatin1(key.toBase64());
}

std::optional<QByteArray> WebhookSignature::keyOf(const QString &secret)
{
    if (!secret.startsWith(prefix))
        return std::nullopt;
    const auto decoded =
        QByteArray::fromBase64Encoding(secret.mid(prefix.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < 16 || decoded.decoded.size() > 64)
        return std::nullopt;
    return decoded.decoded;
}

QByteArray WebhookSignature::sign(const QByteArray &key, const QByteArray &id, qint64 timestamp, const QByteArray &body)
{
    QMessageAuthenticationCode code(QCryptographicHash::Sha256, key);
    code.addData(id);
    code.addData(".");
    code.addData(QByteArray::number(timestamp));
    code.addData(".");
    code.addData(body);
    return "v1," + code.result().toBase64();
}

WebhookSignature::Verdict WebhookSignature::checkHeaders(const QByteArray &id, const QByteArray &timestamp,
                                                         const QByteArray &signatures, qint64 nowSeconds)
{
    if (id.isEmpty() && timestamp.isEmpty() && signatures.isEmpty())
        return Verdict::Unsigned;
    if (id.isEmpty() || id.size() > maxIdLength || signatures.isEmpty() || signatures.size() > 1024)
        return Verdict::Malformed;
    for (char c : id) {
        // Printable ASCII without the separator the signed text uses.
        if (c < 0x21 || c > 0x7e)
            return Verdict::Malformed;
    }
    const auto seconds = secondsOf(timestamp);
    if (!seconds)
        return Verdict::Malformed;
    if (qAbs(nowSeconds - *seconds) > toleranceSeconds)
        return Verdict::Stale;
    return Verdict::Valid;
}

bool WebhookSignature::matches(const QByteArray &key, const QByteArray &id, const QByteArray &timestamp,
                               const QByteArray &body, const QByteArray &signatures)
{
    const auto seconds = secondsOf(timestamp);
    if (!seconds)
        return false;
    const QByteArray expected = sign(key, id, *seconds, body);
    bool found = false;
    qsizetype tried = 0;
    for (const QByteArray &candidate : signatures.split(' ')) {
        if (candidate.isEmpty())
            continue;
        if (++tried > maxSignatures)
            break;
        // Every candidate is compared, so the time taken says nothing about which one matched.
        found = sameBytes(candidate, expected) || found;
    }
    return found;
}

QString WebhookSignature::describe(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Valid:
        return tr("The signature is valid.");
    case Verdict::Unsigned:
        return tr("The request is not signed: send webhook-id, webhook-timestamp and webhook-signature.");
    case Verdict::Malformed:
        return tr("The signature headers are malformed.");
    case Verdict::Stale:
        return tr("The request's timestamp is more than five minutes away from the gateway's clock.");
    case Verdict::Mismatch:
        break;
    }
    return tr("The signature does not match any secret of a source.");
}
