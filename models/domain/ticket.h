#pragma once

#include "fieldcodes.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

struct Ticket {
    qint64 id = 0;
    QString externalId;
    QString subject;
    Channel channel = Channel::Email;
    Category category = Category::Other;
    Priority priority = Priority::Normal;
    TicketStatus status = TicketStatus::New;
    qint64 customerId = 0;
    QString customerName;
    qint64 assigneeId = 0; // 0: unassigned
    QString assigneeName;
    qint64 teamId = 0;
    QString teamName;
    QStringList tags;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime dueAt; // invalid: no running target
    QDateTime firstResponseAt;
    QDateTime awaitingReplySince; // a customer's later message waits for an answer since then
    QDateTime solvedAt;
    QDateTime closedAt;
    int messageCount = 0;
    int escalationTier = 0; // the tier an open escalation put it at; 0: not escalated
    QDateTime archivedAt;   // valid: archived, read-only until a supervisor restores it
    qint64 followUpOf = 0;  // the closed ticket this one continues
    qint64 mergedInto = 0;  // the ticket this duplicate was merged into (and closed for)

    // What an agent calls the ticket: the imported id where there is one.
    QString displayId() const { return externalId.isEmpty() ? u'#' + QString::number(id) : externalId; }
};
