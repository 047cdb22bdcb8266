#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// The Standard Webhooks scheme (standardwebhooks.com): a secret "whsec_" + base64 of its key;
// a request carries webhook-id, webhook-timestamp (Unix seconds) and webhook-signature, a
// space-separated list of "v1,BASE64" where BASE64 is the HMAC-SHA256 of "id.timestamp.body".
class WebhookSignature
{
    Q_DECLARE_TR_FUNCTIONS(WebhookSignature)

public:
    // Older or newer than this (seconds) and a request is refused as replayed or forged.
    static constexpr qint64 toleranceSeconds = 5 * 60;
    static constexpr qsizetype maxIdLength = 200;

    enum class Verdict { Valid, Unsigned, Malformed, Stale, Mismatch };

    // A new secret: "whsec_" and the base64 of 32 random bytes.
    static QString newSecret();
    // The key inside a secret; nullopt when it is not one.
    static std::optional<QByteArray> keyOf(const QString &secret);

    static QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp, const QByteArray &body);
    // The headers' shape and age, before any key is tried.
    static Verdict checkHeaders(const QByteArray &id, const QByteArray &timestamp, const QByteArray &signatures,
                                qint64 nowSeconds);
    // Whether one of the signatures is the key's for this id, timestamp and body; compared in
    // constant time.
    static bool matches(const QByteArray &key, const QByteArray &id, const QByteArray &timestamp,
                        const QByteArray &body, const QByteArray &signatures);
    static QString describe(Verdict verdict);
};
