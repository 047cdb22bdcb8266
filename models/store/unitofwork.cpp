#include "unitofwork.h"

void UnitOfWork::ticketChanged(qint64 ticketId)
{
    if (ticketId > 0 && !m_ticketSet.contains(ticketId)) {
        m_ticketSet.insert(ticketId);
        m_tickets.append(ticketId);
    }
}

void UnitOfWork::ticketsChanged(const QList<qint64> &ticketIds)
{
    for (qint64 id : ticketIds)
        ticketChanged(id);
}

void UnitOfWork::messageAdded(qint64 ticketId, qint64 messageId)
{
    if (!m_messages.contains(ticketId))
        m_messageTickets.append(ticketId);
    m_messages[ticketId].append(messageId);
    ticketChanged(ticketId);
}
