#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The real dovecot and SMTP receiver that CTest's "mail" fixture started
// (tests/mail/mailservers.py, which describes them in servers.json in the build folder, or
// $DESKLINE_TEST_MAIL_INFO). Mail goes in through dovecot's own LDA, so it is indexed as a
// real delivery; what clients send is read back from the receiver's spool.
class TestMailServer
{
public:
    enum class SmtpStage { Mail, Rcpt, Data };

    struct SentMessage {
        QString mailFrom;
        QStringList rcptTo;
        QString authLogin; // empty without AUTH
        bool tls = false;
        int port = 0;
        QByteArray raw;
    };

    TestMailServer();

    QString host() const { return m_info.value(u"host").toString(); }
    QString hostname() const { return m_info.value(u"hostname").toString(); }
    int imapPort() const { return m_info.value(u"imap_port").toInt(); }   // STARTTLS
    int imapsPort() const { return m_info.value(u"imaps_port").toInt(); } // implicit TLS
    int smtpPort() const { return m_info.value(u"smtp_port").toInt(); }   // optional STARTTLS
    int smtpsPort() const { return m_info.value(u"smtps_port").toInt(); } // implicit TLS
    // The private CA that signed the servers' certificate (localhost, 127.0.0.1).
    QString caFile() const { return m_info.value(u"ca_file").toString(); }
    QStringList users() const;
    QString password(const QString &user) const;
    QString maildir(const QString &user) const;

    // Delivers a raw RFC 5322 message to the user's mailbox through dovecot-lda;
    // REQUIREs success.
    void deliver(const QString &user, const QByteArray &raw, const QString &mailbox = QStringLiteral("INBOX"),
                 const QString &envelopeSender = QString()) const;
    // doveadm mailbox status: messages, unseen, uidvalidity, uidnext.
    QJsonObject mailboxStatus(const QString &user, const QString &mailbox = QStringLiteral("INBOX")) const;
    // A new UIDVALIDITY on the mailbox, as after the server rebuilt it.
    void setUidValidity(const QString &user, quint32 uidValidity,
                        const QString &mailbox = QStringLiteral("INBOX")) const;
    // Every message left in the mailbox, deleted (expunged).
    void clearMailbox(const QString &user, const QString &mailbox = QStringLiteral("INBOX")) const;

    // What the receiver accepted, oldest first.
    QList<SentMessage> sentMessages() const;
    void clearSent() const;
    // The receiver answers `reply` (e.g. "451 4.3.0 Try later", "550 5.1.1 No such user")
    // at that stage of every dialogue from now on, or drops the connection for "close".
    void refuseSmtp(SmtpStage stage, const QByteArray &reply) const;
    void acceptSmtp() const; // all refusals lifted

    // Runs doveadm with this server's config; REQUIREs success, returns its output.
    QByteArray doveadm(const QStringList &arguments) const;

private:
    QJsonObject user(const QString &login) const;

    QJsonObject m_info;
};
