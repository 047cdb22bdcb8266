#include "localmailbackend.h"

#include "localstore.h"
#include "mailstore.h"

LocalMailBackend::LocalMailBackend(LocalStore &store, QByteArray secret)
    : m_store(store)
    , m_intake(store, secret)
    , m_outbox(store, secret)
{}

QList<Mailbox> LocalMailBackend::mailboxes()
{
    QList<Mailbox> result = MailStore(m_store).mailboxes();
    m_error = m_store.isDamaged() ? m_store.errorString() : QString();
    return result;
}

std::optional<Mailbox> LocalMailBackend::mailbox(qint64 id)
{
    return MailStore(m_store).mailbox(id);
}

bool LocalMailBackend::resetReadPosition(qint64 mailboxId, quint32 uidValidity)
{
    const bool ok = MailStore(m_store).setReadPosition(mailboxId, uidValidity, 0);
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

std::optional<MailIntake::Result> LocalMailBackend::take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid,
                                                         const InboundMail &mail)
{
    auto result = m_intake.take(mailbox, uidValidity, uid, mail);
    m_error = result ? QString() : m_intake.errorString();
    return result;
}

QString LocalMailBackend::ticketLabel(qint64 ticketId)
{
    return m_store.ticket(ticketId).value_or(Ticket{}).displayId();
}

QList<MailOutbox::Outgoing> LocalMailBackend::due(int limit)
{
    return m_outbox.due(limit);
}

bool LocalMailBackend::sent(const MailOutbox::Outgoing &mail)
{
    const bool ok = m_outbox.sent(mail);
    m_error = ok ? QString() : m_outbox.errorString();
    return ok;
}

std::optional<MailOutbox::Failed> LocalMailBackend::failed(const MailOutbox::Outgoing &mail, bool permanent,
                                                           const QString &serverReply)
{
    const auto result = m_outbox.failed(mail, permanent, serverReply);
    m_error = result ? QString() : m_outbox.errorString();
    return result;
}
