#pragma once

#include "attachmentinput.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

class LocalStore;

// A closed ticket stays closed: what the customer writes afterwards (or an agent's need to
// write to them again) starts a new ticket linked to it. The link is kept both ways for the
// header of each.
class FollowUpStore
{
    Q_DECLARE_TR_FUNCTIONS(FollowUpStore)

public:
    explicit FollowUpStore(LocalStore &store);

    // A new ticket for the closed ticket's customer, same channel, category and priority,
    // with `customerText` and `attachments` as its first message (both empty when an agent starts it).
    std::optional<qint64> createFollowUp(qint64 closedTicketId, const QString &customerText = {},
                                         const QList<AttachmentInput> &attachments = {});
    struct Received {
        qint64 ticketId = 0;
        qint64 messageId = 0;
        bool followUp = false;
    };
    // A customer's message for a ticket: added to it (or to the ticket it was merged into), or
    // to a new follow-up when that is closed.
    std::optional<Received> receiveCustomerMessage(qint64 addressedTicketId, const QString &body,
                                                   const QList<AttachmentInput> &attachments = {});

    std::optional<qint64> followUpOf(qint64 ticketId) const;
    QList<qint64> followUps(qint64 ticketId) const;

private:
    LocalStore &m_store;
};
