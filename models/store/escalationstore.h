#pragma once

#include "escalation.h"
#include "escalationrequest.h"

#include <QCoreApplication>

#include <optional>

class LocalStore;

// Escalations and hand-backs. Each is one transaction: the record, the ticket moved to its
// receiver (team, person, tier, priority raised to the urgency), an internal note the receiver
// reads in the thread, the history entry and, in team mode, one mutation for the server.
class EscalationStore
{
    Q_DECLARE_TR_FUNCTIONS(EscalationStore)

public:
    explicit EscalationStore(LocalStore &store);

    // Why the request cannot be made, or empty.
    QString problem(const EscalationRequest &request) const;
    std::optional<qint64> escalate(const EscalationRequest &request);
    // Back to the agent who escalated, with the receiver's note; refused without a note or
    // without an open escalation.
    bool handBack(qint64 ticketId, const QString &note);

    QList<Escalation> escalations(qint64 ticketId) const; // oldest first
    std::optional<Escalation> openEscalation(qint64 ticketId) const;

private:
    int currentTier(qint64 ticketId) const;

    LocalStore &m_store;
};
