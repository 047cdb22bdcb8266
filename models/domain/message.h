#pragma once

#include "attachment.h"
#include "fieldcodes.h"

#include <QDateTime>
#include <QList>
#include <QString>

struct Message {
    qint64 id = 0;
    qint64 ticketId = 0;
    MessageKind kind = MessageKind::Customer;
    qint64 authorAgentId = 0;
    QString authorName;
    QString body;
    QDateTime createdAt;
    QList<Attachment> attachments; // listing only: name, type, size
};
