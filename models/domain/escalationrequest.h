#pragma once

#include "escalation.h"

#include <QList>
#include <QString>

struct EscalationRequest {
    qint64 ticketId = 0;
    EscalationKind kind = EscalationKind::Functional;
    qint64 toTeamId = 0;  // functional: the specialists' team
    qint64 toAgentId = 0; // functional: optional; hierarchical: the supervisor
    QString reason;
    QString summary;
    QList<EscalationFact> facts;
    Priority urgency = Priority::Normal;
};
