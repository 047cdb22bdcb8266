#pragma once

#include "escalation.h"
#include "escalationrequest.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

class LocalStore;

// Escalations as the window makes and shows them: handing a ticket up to specialists or a
// supervisor with the facts collected so far, and the receiver handing it back with a note.
// A request without a reason, a summary or a receiver above the ticket's tier is refused before
// anything is written; each escalation or hand-back is one transaction.
class EscalationService
{
    Q_DECLARE_TR_FUNCTIONS(EscalationService)

public:
    explicit EscalationService(LocalStore &store);

    // Why the request cannot be made, or empty.
    QString problem(const EscalationRequest &request) const;
    // The escalation's id, or nullopt with errorString().
    std::optional<qint64> escalate(const EscalationRequest &request);
    // Back to the agent who escalated, with what the receiver found.
    bool handBack(qint64 ticketId, const QString &note);

    std::optional<Escalation> openEscalation(qint64 ticketId) const;
    QList<Escalation> escalations(qint64 ticketId) const; // oldest first
    // The facts the receiver needs, pre-filled from the customer's records and the thread.
    QList<EscalationFact> facts(qint64 ticketId) const;
    // What the customer asked last, in their own words: where a summary starts.
    QString customerRequest(qint64 ticketId) const;

    QString errorString() const { return m_error; }

private:
    LocalStore &m_store;
    QString m_error;
};
