#pragma once

#include "fieldcodes.h"

#include <QString>

// What one line of the ticket list shows: small, so a long list stays cheap.
struct TicketRow {
    qint64 id = 0;
    QString externalId;
    QString subject;
    QString customerName;
    Channel channel = Channel::Email;
    Category category = Category::Other;
    Priority priority = Priority::Normal;
    TicketStatus status = TicketStatus::New;
    qint64 assigneeId = 0;
    QString assigneeName;
    qint64 dueAtMs = 0; // SlaSchedule::noDeadline when no clock runs
    qint64 updatedAtMs = 0;
    qint64 createdAtMs = 0;
    int escalationTier = 0;

    QString displayId() const { return externalId.isEmpty() ? u'#' + QString::number(id) : externalId; }
};
