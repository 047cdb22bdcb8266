#pragma once

#include "escalation.h"

#include <QCoreApplication>

class LocalStore;

// What a receiver of an escalation needs collected first: the customer's account, the order,
// the device with its system version, the steps already tried and the attachments, each
// pre-filled from what the desk already knows about the ticket.
class EscalationFacts
{
    Q_DECLARE_TR_FUNCTIONS(EscalationFacts)

public:
    static QStringList keys();
    static QString label(const QString &key);
    static QList<EscalationFact> prefill(const LocalStore &store, qint64 ticketId);
    // The internal note the receiver reads in the thread.
    static QString noteText(const Escalation &escalation);
};
