#pragma once

#include "attachmentinput.h"
#include "fieldcodes.h"

#include <QList>
#include <QString>
#include <QStringList>

// One request posted by an intake source, already checked: every field within its limits.
struct IntakeRequest {
    struct Person {
        QString externalId; // the customer's id in the source's own system
        QString name;
        QString email;
        QString phone;
        QString username;
    };

    // The conversation in the source's system (a thread, a form entry): later requests with the
    // same id go to the same ticket. Empty: every request is a ticket of its own.
    QString externalId;
    Channel channel = Channel::Web;
    Person customer;
    QString subject;
    QString body;
    QList<AttachmentInput> attachments;
    QStringList tags;
};
