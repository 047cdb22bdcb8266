#include "followupstore.h"

#include "localstore.h"
#include "mergestore.h"
#include "ticketlifecycle.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

FollowUpStore::FollowUpStore(LocalStore &store)
    : m_store(store)
{}

std::optional<qint64> FollowUpStore::createFollowUp(qint64 closedTicketId, const QString &customerText,
                                                    const QList<AttachmentInput> &attachments)
{
    const std::optional<Ticket> closed = m_store.ticket(closedTicketId);
    if (!closed) {
        m_store.setError(tr("The ticket no longer exists."));
        return std::nullopt;
    }
    if (!TicketLifecycle::isFinal(closed->status)) {
        m_store.setError(tr("%1 is not closed; write in it.").arg(closed->displayId()));
        return std::nullopt;
    }
    std::optional<qint64> followUp;
    const bool ok = m_store.transaction([&] {
        m_store.noteTicketsChanged({closedTicketId});
        NewTicketInput input;
        input.customerId = closed->customerId;
        input.subject = tr("Follow-up: %1").arg(closed->subject);
        input.channel = closed->channel;
        input.category = closed->category;
        input.priority = closed->priority;
        // The ticket's first message carries no files: with some, the message is added after it.
        input.firstMessage = attachments.isEmpty() ? customerText : QString();
        input.assignToMe = customerText.trimmed().isEmpty() && attachments.isEmpty(); // started by the agent: theirs
        followUp = m_store.createTicket(input);
        if (!followUp)
            return false;
        if (!attachments.isEmpty() && !m_store.addMessage(*followUp, MessageKind::Customer, customerText, attachments))
            return false;
        QSqlQuery link = m_store.prepare(u"UPDATE tickets SET follow_up_of = :closed WHERE id = :id"_s);
        link.bindValue(u":closed"_s, closedTicketId);
        link.bindValue(u":id"_s, *followUp);
        if (!m_store.exec(link))
            return false;
        QSqlQuery clientId = m_store.prepare(u"SELECT coalesce(client_id, '') FROM tickets WHERE id = :id"_s);
        clientId.bindValue(u":id"_s, *followUp);
        if (!m_store.exec(clientId) || !clientId.next())
            return false;
        // Named by the follow-up's client id: the server numbers it only when its create arrives.
        return m_store.audit(*followUp, u"follow_up_of"_s, closed->displayId()) &&
               m_store.audit(closedTicketId, u"followed_up"_s, m_store.ticket(*followUp)->displayId()) &&
               m_store.enqueue(
                   u"ticket.link_follow_up"_s, closedTicketId,
                   {{u"ticket_id"_s, closedTicketId}, {u"follow_up_client_id"_s, clientId.value(0).toString()}});
    });
    if (!ok)
        return std::nullopt;
    return followUp;
}

std::optional<FollowUpStore::Received> FollowUpStore::receiveCustomerMessage(qint64 addressedTicketId,
                                                                             const QString &body,
                                                                             const QList<AttachmentInput> &attachments)
{
    // A duplicate was closed by its merge: the customer's answer belongs where the case went on.
    const qint64 ticketId = MergeStore(m_store).carriedOnIn(addressedTicketId);
    const std::optional<Ticket> ticket = m_store.ticket(ticketId);
    if (!ticket) {
        m_store.setError(tr("The ticket no longer exists."));
        return std::nullopt;
    }
    if (body.trimmed().isEmpty() && attachments.isEmpty()) {
        m_store.setError(tr("The message is empty."));
        return std::nullopt;
    }
    if (TicketLifecycle::isFinal(ticket->status)) {
        const auto followUp = createFollowUp(ticketId, body, attachments);
        if (!followUp)
            return std::nullopt;
        const QList<Message> messages = m_store.messages(*followUp);
        return Received{*followUp, messages.isEmpty() ? 0 : messages.first().id, true};
    }
    const auto message = m_store.addMessage(ticketId, MessageKind::Customer, body, attachments);
    if (!message)
        return std::nullopt;
    return Received{ticketId, *message, false};
}

std::optional<qint64> FollowUpStore::followUpOf(qint64 ticketId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(u"SELECT follow_up_of FROM tickets WHERE id = :id AND follow_up_of IS NOT NULL"_s);
    query.bindValue(u":id"_s, ticketId);
    if (query.exec() && query.next())
        return query.value(0).toLongLong();
    return std::nullopt;
}

QList<qint64> FollowUpStore::followUps(qint64 ticketId) const
{
    return m_store.selectIds(u"SELECT id FROM tickets WHERE follow_up_of = :id ORDER BY id"_s, ticketId);
}
