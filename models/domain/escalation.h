#pragma once

#include "fieldcodes.h"

#include <QDateTime>
#include <QList>
#include <QString>

// One fact the escalating agent has collected for the receiver ("order": "DL2026…").
struct EscalationFact {
    QString key; // account, order, device, steps, attachments
    QString value;
    bool collected = false;
};

// A ticket handed up a tier (or to a supervisor), with what the receiver needs to start, and,
// once they hand it back, their note.
struct Escalation {
    qint64 id = 0;
    qint64 ticketId = 0;
    EscalationKind kind = EscalationKind::Functional;
    int toTier = 2;
    qint64 fromAgentId = 0;
    QString fromAgentName;
    qint64 fromTeamId = 0;
    qint64 toTeamId = 0;
    QString toTeamName;
    qint64 toAgentId = 0; // 0: anyone in the team
    QString toAgentName;
    QString reason;
    QString summary;
    QList<EscalationFact> facts;
    Priority urgency = Priority::Normal;
    QDateTime createdAt;
    QDateTime handedBackAt; // invalid while the receiver has it
    QString handBackNote;

    bool isOpen() const { return !handedBackAt.isValid(); }
};
