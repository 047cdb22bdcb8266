#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// Posts one webhook (JSON) over HTTP or HTTPS with libcurl, with the certificate checked and no
// redirect followed (a receiver that moved says so, and a supervisor changes the URL). Says
// whether the receiver took it, or whether trying again later may help.
class WebhookClient
{
    Q_DECLARE_TR_FUNCTIONS(WebhookClient)

public:
    struct Result {
        bool delivered = false; // a 2xx answer
        bool permanent = false; // trying again cannot help (a 4xx other than 408 and 429, a bad URL)
        int httpStatus = 0;     // 0: no answer
        QString detail;         // for the agent: the status and the start of the answer, or the failure
    };

    // The answer's first bytes kept for the detail; the rest is read and dropped.
    static constexpr qsizetype detailBytes = 200;

    explicit WebhookClient(int timeoutMs = 10000);
    // A CA bundle (PEM) to trust instead of the system's, for a receiver with a private CA.
    void setCaFile(const QString &path) { m_caFile = path; }

    Result post(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body) const;

private:
    int m_timeoutMs;
    QString m_caFile;
};
