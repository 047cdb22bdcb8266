#pragma once

#include "fieldcodes.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QtGlobal>

#include <optional>

// The service targets in business time: how soon a ticket gets its first answer, each later
// answer, and its solution. Defaults from the brief: phone 2 minutes, chat 5, social media
// 4 hours, email and web forms 24 hours to the first answer (the same for later answers);
// 48 hours to solve; an urgent ticket gets half of each.
class SlaPolicy
{
    Q_DECLARE_TR_FUNCTIONS(SlaPolicy)

public:
    static constexpr qint64 maxTargetMsecs = 30LL * 24 * 3600 * 1000;

    enum class Target { FirstResponse, NextResponse, Resolution };

    SlaPolicy();

    qint64 targetMsecs(Target target, Channel channel, Priority priority) const;
    // The target before the urgent halving.
    qint64 baseMsecs(Target target, Channel channel) const;
    void setBaseMsecs(Target target, Channel channel, qint64 msecs);

    // {"email": {"first_response_min": 1440, "next_response_min": 1440, "resolution_min": 2880}, ...};
    // channels left out keep their defaults.
    QJsonObject toJson() const;
    static std::optional<SlaPolicy> fromJson(const QJsonObject &json, QString *problem = nullptr);
    // Why the policy cannot be used (a target of nothing or of more than 30 days), or empty.
    QString problem() const;

private:
    QHash<int, qint64> m_base; // (target, channel) → business milliseconds
};
