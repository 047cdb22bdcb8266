#include "ticketservice.h"

#include "customerstore.h"
#include "localstore.h"
#include "ticketlistquery.h"

TicketService::TicketService(LocalStore &store)
    : m_store(store)
{}

std::optional<Ticket> TicketService::ticket(qint64 id) const
{
    return m_store.ticket(id);
}

std::optional<qint64> TicketService::findByNumber(const QString &number) const
{
    return TicketListQuery(m_store).ticketByNumber(number);
}

QList<Ticket> TicketService::ticketsOfCustomer(qint64 customerId, int limit) const
{
    return m_store.ticketsOfCustomer(customerId, limit);
}

QStringList TicketService::knownTags() const
{
    return m_store.knownTags();
}

QList<AuditEvent> TicketService::history(qint64 ticketId) const
{
    return m_store.auditEvents(ticketId);
}

bool TicketService::claimPending(qint64 ticketId) const
{
    return m_store.teamMode() && m_store.hasPendingClaim(ticketId);
}

bool TicketService::done(bool ok)
{
    m_error = ok ? QString() : m_store.errorString();
    return ok;
}

std::optional<qint64> TicketService::open(NewTicketInput input, const std::optional<Customer> &newCustomer)
{
    if (input.subject.trimmed().isEmpty()) {
        m_error = tr("Enter a subject.");
        return std::nullopt;
    }
    if (!newCustomer && input.customerId <= 0) {
        m_error = tr("A ticket needs a customer.");
        return std::nullopt;
    }
    if (newCustomer && newCustomer->name.trimmed().isEmpty()) {
        m_error = tr("Enter the new customer's name.");
        return std::nullopt;
    }
    qint64 ticketId = 0;
    const bool ok = m_store.transaction([&] {
        if (newCustomer) {
            const auto customerId = CustomerStore(m_store).createCustomer(*newCustomer);
            if (!customerId)
                return false;
            input.customerId = *customerId;
        }
        const auto id = m_store.createTicket(input);
        if (!id)
            return false;
        ticketId = *id;
        return true;
    });
    if (!done(ok))
        return std::nullopt;
    return ticketId;
}

bool TicketService::take(qint64 ticketId)
{
    return done(m_store.takeTicket(ticketId));
}

bool TicketService::assign(qint64 ticketId, qint64 agentId)
{
    return done(m_store.assign(ticketId, agentId));
}

bool TicketService::reassign(const QList<qint64> &ticketIds, qint64 agentId)
{
    return done(m_store.reassign(ticketIds, agentId));
}

bool TicketService::moveToTeam(const QList<qint64> &ticketIds, qint64 teamId)
{
    return done(m_store.moveToTeam(ticketIds, teamId));
}

bool TicketService::setStatus(qint64 ticketId, TicketStatus status)
{
    return done(m_store.setStatus(ticketId, status));
}

bool TicketService::setPriority(qint64 ticketId, Priority priority)
{
    return done(m_store.setPriority(ticketId, priority));
}

bool TicketService::setCategory(qint64 ticketId, Category category)
{
    return done(m_store.setCategory(ticketId, category));
}

bool TicketService::addTag(qint64 ticketId, const QString &tag)
{
    return done(m_store.addTag(ticketId, tag));
}

bool TicketService::removeTag(qint64 ticketId, const QString &tag)
{
    return done(m_store.removeTag(ticketId, tag));
}
