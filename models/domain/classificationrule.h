#pragma once

#include "fieldcodes.h"

#include <QString>
#include <QStringList>

#include <optional>

// One rule of classification on arrival: when every condition it sets holds for a new
// ticket, it suggests the outcomes it sets. A phrase matches anywhere in Chinese text; a
// Latin phrase matches whole words, and a trailing * lets it match longer forms ("refund*").
struct ClassificationRule {
    qint64 id = 0;
    QString name;
    QStringList phrases; // any one of them in the subject or the customer's first message
    std::optional<Channel> channel;
    std::optional<AccountStatus> accountStatus;
    std::optional<Category> category;
    std::optional<Priority> priority;
    QStringList tags;
    qint64 teamId = 0; // 0: no team suggested
    bool enabled = true;

    bool hasCondition() const { return !phrases.isEmpty() || channel || accountStatus; }
    bool hasOutcome() const { return category || priority || !tags.isEmpty() || teamId != 0; }
};
