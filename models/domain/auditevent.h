#pragma once

#include <QDateTime>
#include <QString>

struct AuditEvent {
    qint64 id = 0;
    qint64 ticketId = 0;
    qint64 agentId = 0;
    QString agentName;
    QString action; // stable key, e.g. "status", "assign", "reply"
    QString detail;
    QDateTime at;
};
