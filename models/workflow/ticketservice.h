#pragma once

#include "auditevent.h"
#include "customer.h"
#include "fieldcodes.h"
#include "newticketinput.h"
#include "ticket.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class LocalStore;

// Tickets as the window and the channels open, read and change them: who holds one, its
// status, priority, category and tags. Each change is one transaction of the store with its
// history entry and, in team mode, its mutation for the server; a refused one changes nothing
// and errorString() says why, in words for the agent.
class TicketService
{
    Q_DECLARE_TR_FUNCTIONS(TicketService)

public:
    explicit TicketService(LocalStore &store);

    std::optional<Ticket> ticket(qint64 id) const;
    // A ticket number as agents type it: the external number ("T-000042", in any case), "#42" or "42".
    std::optional<qint64> findByNumber(const QString &number) const;
    QList<Ticket> ticketsOfCustomer(qint64 customerId, int limit = 100) const;
    QStringList knownTags() const;
    QList<AuditEvent> history(qint64 ticketId) const;
    // True while this desk's claim of the ticket waits for the server's answer (team mode).
    bool claimPending(qint64 ticketId) const;

    // Opens a ticket; with newCustomer, for a customer created in the same transaction, so
    // neither exists without the other.
    std::optional<qint64> open(NewTicketInput input, const std::optional<Customer> &newCustomer = {});
    bool take(qint64 ticketId);
    bool assign(qint64 ticketId, qint64 agentId); // agentId 0 unassigns
    // A supervisor's reassignment of several tickets, all or none.
    bool reassign(const QList<qint64> &ticketIds, qint64 agentId);
    // A supervisor moves tickets not yet solved to another team's queue, unassigned; all or none.
    bool moveToTeam(const QList<qint64> &ticketIds, qint64 teamId);
    bool setStatus(qint64 ticketId, TicketStatus status);
    bool setPriority(qint64 ticketId, Priority priority);
    bool setCategory(qint64 ticketId, Category category);
    bool addTag(qint64 ticketId, const QString &tag);
    bool removeTag(qint64 ticketId, const QString &tag);

    QString errorString() const { return m_error; }

private:
    bool done(bool ok);

    LocalStore &m_store;
    QString m_error;
};
