#pragma once

#include "fieldcodes.h"

#include <QDateTime>
#include <QString>

// Satisfaction with one solved ticket, recorded by the agent who solved it: asked live, sent
// as a message after a delay (then answered by the customer later), or skipped with a reason.
struct Survey {
    qint64 id = 0;
    qint64 ticketId = 0;
    qint64 agentId = 0;
    QString agentName;
    Resolution resolution = Resolution::Resolved;
    SurveyMode mode = SurveyMode::Live;
    int score = 0; // 1 to 5; 0 while unanswered
    QString comment;
    QString skipReason;
    QDateTime createdAt;
    QDateTime sendAt; // queued surveys: when the message goes out
    QDateTime sentAt;
    QDateTime answeredAt;

    bool isAnswered() const { return score > 0; }
};
