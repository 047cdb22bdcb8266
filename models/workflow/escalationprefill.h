#pragma once

#include "escalation.h"

#include <QCoreApplication>

class LocalStore;

// The facts an escalation collects, pre-filled from what the desk already knows about the
// ticket: its customer's account, latest order and device, and the attachments in the thread.
class EscalationPrefill
{
    Q_DECLARE_TR_FUNCTIONS(EscalationPrefill)

public:
    static QList<EscalationFact> facts(LocalStore &store, qint64 ticketId);
};
