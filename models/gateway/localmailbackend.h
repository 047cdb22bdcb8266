#pragma once

#include "mailbackend.h"

#include <QByteArray>

class LocalStore;

// The gateway on a standalone desk: the mail goes into this desk's store (MailIntake) and the
// replies come from its outbox (MailOutbox). Nothing else reads a desk's store's mailboxes, so
// claims always succeed.
class LocalMailBackend : public MailBackend
{
public:
    LocalMailBackend(LocalStore &store, QByteArray secret);

    QList<Mailbox> mailboxes() override;
    std::optional<Mailbox> mailbox(qint64 id) override;
    bool claim(qint64) override { return true; }
    void release(qint64) override {}
    bool claimOutbox() override { return true; }
    bool resetReadPosition(qint64 mailboxId, quint32 uidValidity) override;
    std::optional<MailIntake::Result> take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid,
                                           const InboundMail &mail) override;
    QString ticketLabel(qint64 ticketId) override;
    QList<MailOutbox::Outgoing> due(int limit) override;
    bool sent(const MailOutbox::Outgoing &mail) override;
    std::optional<MailOutbox::Failed> failed(const MailOutbox::Outgoing &mail, bool permanent,
                                             const QString &serverReply) override;
    void setFloodLimit(int mailsPerMinute) override { m_intake.setFloodLimit(mailsPerMinute); }
    QString errorString() const override { return m_error; }

    LocalStore &store() { return m_store; }

private:
    LocalStore &m_store;
    MailIntake m_intake;
    MailOutbox m_outbox;
    QString m_error;
};
