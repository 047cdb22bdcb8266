#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <utility>

// A real HTTP client for the intake's tests (libcurl over loopback): one request, its status,
// headers and body; the signature made the Standard Webhooks way from a source's secret.
class IntakeClient
{
public:
    struct Reply {
        long status = 0; // 0: no answer (connection refused, reset)
        QByteArray body;
        QHash<QByteArray, QByteArray> headers; // lower-case names
    };

    explicit IntakeClient(QString baseUrl);
    void setTimeoutSeconds(long seconds) { m_timeoutSeconds = seconds; }

    Reply post(const QString &path, const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers);
    Reply get(const QString &path);
    Reply get(const QString &path, const QList<std::pair<QByteArray, QByteArray>> &headers);
    // Any method (OPTIONS, PUT, DELETE…), with a body when given one.
    Reply send(const QByteArray &method, const QString &path, const QByteArray *body,
               const QList<std::pair<QByteArray, QByteArray>> &headers);
    // Signed with the secret for this id at the timestamp (Unix seconds).
    Reply postSigned(const QString &secret, const QByteArray &webhookId, qint64 timestamp, const QByteArray &body,
                     const QString &path = QStringLiteral("/v1/requests"));

private:
    Reply perform(const QString &path, const QByteArray *body, const QList<std::pair<QByteArray, QByteArray>> &headers,
                  const QByteArray &method = {});

    QString m_baseUrl;
    long m_timeoutSeconds = 30;
};
