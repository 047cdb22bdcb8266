#pragma once

#include "inboundmail.h"
#include "mailbox.h"
#include "mailintake.h"
#include "mailoutbox.h"

#include <QList>
#include <QString>

#include <optional>

// Where the gateway keeps what it reads and finds what it sends: a standalone desk's store
// (LocalMailBackend) or the team's server (ServerMailBackend). Each backend is one connection,
// used by one thread; the gateway makes one per worker.
class MailBackend
{
public:
    virtual ~MailBackend() = default;

    // Empty with errorString() when they could not be read (the server is down).
    virtual QList<Mailbox> mailboxes() = 0;
    // With its read position as it is now; nullopt when the mailbox was removed.
    virtual std::optional<Mailbox> mailbox(qint64 id) = 0;

    // Exactly one reader per mailbox (and one sender for the outbox): true when this backend
    // holds the mailbox now. On the server a lock that another gateway may hold; held until
    // release() or until this backend's connection ends.
    virtual bool claim(qint64 mailboxId) = 0;
    virtual void release(qint64 mailboxId) = 0;
    virtual bool claimOutbox() = 0;

    // The folder was renumbered (UIDVALIDITY): read again from the start.
    virtual bool resetReadPosition(qint64 mailboxId, quint32 uidValidity) = 0;
    // The mail read at (uidValidity, uid), taken in one transaction with the read position;
    // nullopt with errorString() when nothing was written (it is read again later).
    virtual std::optional<MailIntake::Result> take(const Mailbox &mailbox, quint32 uidValidity, quint32 uid,
                                                   const InboundMail &mail) = 0;
    // How the log names a ticket.
    virtual QString ticketLabel(qint64 ticketId) = 0;

    // The replies due now, composed; see MailOutbox.
    virtual QList<MailOutbox::Outgoing> due(int limit) = 0;
    virtual bool sent(const MailOutbox::Outgoing &mail) = 0;
    virtual std::optional<MailOutbox::Failed> failed(const MailOutbox::Outgoing &mail, bool permanent,
                                                     const QString &serverReply) = 0;

    virtual void setFloodLimit(int mailsPerMinute) = 0;
    // The gateway's housekeeping, run by the service at start and hourly: on a team's server
    // the change log's old rows are pruned (the rows removed); a desk's store has nothing to do.
    virtual std::optional<qint64> pruneChangeLog() { return 0; }
    virtual QString errorString() const = 0;
};
