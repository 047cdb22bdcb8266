#pragma once

#include "fieldcodes.h"

#include <QHash>
#include <QtGlobal>

// The service targets in business time: how soon a ticket gets its first answer, each later
// answer, and its solution. Defaults from the brief: phone 2 minutes, chat 5, social media
// 4 hours, email and web forms 24 hours to the first answer (the same for later answers);
// 48 hours to solve; an urgent ticket gets half of each.
class SlaPolicy
{
public:
    enum class Target { FirstResponse, NextResponse, Resolution };

    SlaPolicy();

    qint64 targetMsecs(Target target, Channel channel, Priority priority) const;
    // The target before the urgent halving.
    qint64 baseMsecs(Target target, Channel channel) const;
    void setBaseMsecs(Target target, Channel channel, qint64 msecs);

private:
    QHash<int, qint64> m_base; // (target, channel) → business milliseconds
};
