#pragma once

#include "fieldcodes.h"

#include <QString>
#include <QStringList>

struct NewTicketInput {
    qint64 customerId = 0;
    QString externalId;
    QString subject;
    Channel channel = Channel::Phone;
    Category category = Category::Other;
    Priority priority = Priority::Normal;
    QString firstMessage; // what the customer asked, as the agent took it down
    bool assignToMe = false;
    qint64 teamId = 0; // the queue it starts in; 0: the assignee's team, or none
    QStringList tags;
};
