#pragma once

#include <QDateTime>
#include <QString>

// Time an agent spent on a ticket: counted while the ticket was open in a focused window, or
// entered by hand (a call taken away from the desk, a correction).
struct TimeEntry {
    qint64 id = 0;
    qint64 ticketId = 0;
    qint64 agentId = 0;
    QString agentName;
    QDateTime startedAt;
    qint64 durationMs = 0;
    QString note;
    bool manual = false;
};
