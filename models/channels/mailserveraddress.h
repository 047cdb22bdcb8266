#pragma once

#include <QCoreApplication>
#include <QString>

// Where a mailbox's mail is fetched or sent: imaps://LOGIN@HOST:PORT/FOLDER (implicit TLS),
// imap://… (STARTTLS, required), smtps://LOGIN@HOST:PORT and smtp://… (STARTTLS, required).
// There is no plaintext mode at all: a password never crosses the network unencrypted.
// Logins are usually mail addresses, so `support%40example.test@host` and the raw
// `support@example.test@host` both work (the host follows the last "@").
class MailServerAddress
{
    Q_DECLARE_TR_FUNCTIONS(MailServerAddress)

public:
    enum class Protocol { Imap, Smtp };
    enum class Security { ImplicitTls, StartTls };

    MailServerAddress() = default;

    // An invalid address (isValid() false) when the text is no such URL; *error then says why.
    static MailServerAddress parse(const QString &url, QString *error = nullptr);

    bool isValid() const { return !m_host.isEmpty(); }
    Protocol protocol() const { return m_protocol; }
    Security security() const { return m_security; }
    QString login() const { return m_login; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString folder() const { return m_folder; } // IMAP only; INBOX unless given

    // The address as a URL again, the login percent-encoded; it holds no password, so it
    // may go into logs and the store.
    QString toString() const;

    static int defaultPort(Protocol protocol, Security security);

private:
    Protocol m_protocol = Protocol::Imap;
    Security m_security = Security::ImplicitTls;
    QString m_login;
    QString m_host;
    int m_port = 0;
    QString m_folder;
};
