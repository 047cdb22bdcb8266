#pragma once

#include "escalation.h"

#include <QCoreApplication>

// What a receiver of an escalation needs collected first (the customer's account, the order,
// the device with its system version, the steps already tried and the attachments) and the
// note that hands them over. EscalationPrefill fills the values in from the store.
class EscalationFacts
{
    Q_DECLARE_TR_FUNCTIONS(EscalationFacts)

public:
    static QStringList keys();
    static QString label(const QString &key);
    // The internal note the receiver reads in the thread.
    static QString noteText(const Escalation &escalation);
};
