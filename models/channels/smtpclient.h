#pragma once

#include "mailserveraddress.h"
#include "transportfailure.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

// Mail submission over libcurl's SMTP, blocking, for the gateway's worker thread. smtps:// is
// TLS from the start, smtp:// must agree to STARTTLS (required, never plaintext); the
// certificate chain and host name are verified against the system's CAs, or the mailbox's CA
// file. The password is only handed to libcurl, never logged or kept in a result.
class SmtpClient
{
    Q_DECLARE_TR_FUNCTIONS(SmtpClient)

public:
    using Failure = TransportFailure;
    static constexpr int defaultTimeoutMs = 30000;

    struct SmtpResult {
        bool sent = false;
        // True when the server refused for good (5xx): retrying the same mail will not help.
        // A 4xx answer, a timeout or a dropped connection is temporary.
        bool permanent = false;
        int code = 0;        // the server's last reply code, 0 when there was none
        QString serverReply; // that reply's text, e.g. "550 5.1.1 No such user"
        Failure failure = Failure::None;
        QString errorString; // for a person, in their language
    };

    // caFile: PEM with the CA to trust instead of the system's (a private CA).
    SmtpClient(MailServerAddress address, QByteArray password, QString caFile = {});

    void setTimeout(int ms) { m_timeoutMs = ms; }
    int timeout() const { return m_timeoutMs; }
    const MailServerAddress &address() const { return m_address; }

    // One SMTP dialogue: MAIL FROM envelopeFrom, RCPT TO each recipient, DATA the bytes
    // (RFC 5322 with CRLF line ends, dot-stuffed by libcurl).
    SmtpResult send(const QString &envelopeFrom, const QStringList &recipients, const QByteArray &rfc5322Bytes) const;
    // Connects, TLS, AUTH and a NOOP, sending nothing: what `test-mailbox` asks.
    SmtpResult check() const;

private:
    SmtpResult run(const QString *envelopeFrom, const QStringList &recipients, const QByteArray *bytes) const;

    MailServerAddress m_address;
    QByteArray m_password;
    QString m_caFile;
    int m_timeoutMs = defaultTimeoutMs;
};
