#pragma once

#include "mailbackend.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QSqlDatabase>

class QSqlQuery;

// The gateway in team mode: the mail goes into the team's PostgreSQL through the functions of
// the deskline_gateway role (gateway_receive: one transaction with the mailbox's read position,
// which a second gateway cannot take twice), its files put once per content by SHA-256, and the
// replies the agents wrote on their desks read from the server's outbox and their delivery
// recorded there, for every desk to see. The parsing, the noise verdict, the HMAC of our own
// Message-IDs and the words for the agent stay here, as on a standalone desk (MailIntake).
class ServerMailBackend : public MailBackend
{
    Q_DECLARE_TR_FUNCTIONS(ServerMailBackend)

public:
    // The connection registered under connectionName (ServerConnection::open, in the thread
    // that uses this backend), logged in with a member of deskline_gateway; the backend closes
    // and removes it when it goes.
    ServerMailBackend(QString connectionName, QByteArray secret);
    ~ServerMailBackend() override;
    ServerMailBackend(const ServerMailBackend &) = delete;
    ServerMailBackend &operator=(const ServerMailBackend &) = delete;

    QList<Mailbox> mailboxes() override;
    std::optional<Mailbox> mailbox(qint64 id) override;
    bool claim(qint64 mailboxId) override;
    void release(qint64 mailboxId) override;
    bool claimOutbox() override;
    bool resetReadPosition(qint64 mailboxId, quint32 uidValidity) override;
    std::optional<MailIntake::Result> take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid,
                                           const InboundMail &mail) override;
    QString ticketLabel(qint64 ticketId) override;
    QList<MailOutbox::Outgoing> due(int limit) override;
    bool sent(const MailOutbox::Outgoing &mail) override;
    std::optional<MailOutbox::Failed> failed(const MailOutbox::Outgoing &mail, bool permanent,
                                             const QString &serverReply) override;
    void setFloodLimit(int mailsPerMinute) override { m_floodLimit = mailsPerMinute; }
    std::optional<qint64> pruneChangeLog() override;
    QString errorString() const override { return m_error; }

private:
    // Runs a prepared statement; a lost connection is opened again once (and the locks it held
    // are gone with it).
    bool run(QSqlQuery &query, const QVariantList &values);
    QSqlQuery statement();
    std::optional<QString> putContent(const QByteArray &content);
    std::optional<QByteArray> content(const QString &sha256);
    bool recordDelivery(qint64 messageId, int delivery, const QString &detail, qint64 nextAttemptAt);
    std::optional<MailOutbox::Outgoing> compose(const QJsonObject &due, const QHash<qint64, Mailbox> &mailboxes);

    QString m_connectionName;
    QSqlDatabase m_db;
    QByteArray m_secret;
    int m_floodLimit = MailIntake::defaultFloodLimit;
    QSet<qint64> m_claimed; // 0: the outbox
    QString m_error;
};
