#include "slapolicy.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;

int keyOf(SlaPolicy::Target target, Channel channel)
{
    return int(target) * 16 + int(channel);
}

struct TargetKey {
    SlaPolicy::Target target;
    const char *key;
};
constexpr TargetKey targetKeys[] = {{SlaPolicy::Target::FirstResponse, "first_response_min"},
                                    {SlaPolicy::Target::NextResponse, "next_response_min"},
                                    {SlaPolicy::Target::Resolution, "resolution_min"}};

} // namespace

SlaPolicy::SlaPolicy()
{
    for (Channel channel : allFieldValues<Channel>()) {
        qint64 firstResponse = 24 * hourMs;
        switch (channel) {
        case Channel::Phone:
            firstResponse = 2 * minuteMs;
            break;
        case Channel::Chat:
            firstResponse = 5 * minuteMs;
            break;
        case Channel::Social:
            firstResponse = 4 * hourMs;
            break;
        case Channel::Email:
        case Channel::Web:
            break;
        }
        setBaseMsecs(Target::FirstResponse, channel, firstResponse);
        setBaseMsecs(Target::NextResponse, channel, firstResponse);
        setBaseMsecs(Target::Resolution, channel, 48 * hourMs);
    }
}

qint64 SlaPolicy::baseMsecs(Target target, Channel channel) const
{
    return m_base.value(keyOf(target, channel));
}

void SlaPolicy::setBaseMsecs(Target target, Channel channel, qint64 msecs)
{
    m_base.insert(keyOf(target, channel), std::max<qint64>(0, msecs));
}

qint64 SlaPolicy::targetMsecs(Target target, Channel channel, Priority priority) const
{
    const qint64 base = baseMsecs(target, channel);
    return priority == Priority::Urgent ? base / 2 : base;
}

QJsonObject SlaPolicy::toJson() const
{
    QJsonObject json;
    for (Channel channel : allFieldValues<Channel>()) {
        QJsonObject targets;
        for (const TargetKey &t : targetKeys)
            targets.insert(QLatin1StringView(t.key), baseMsecs(t.target, channel) / minuteMs);
        json.insert(fieldKey(channel), targets);
    }
    return json;
}

std::optional<SlaPolicy> SlaPolicy::fromJson(const QJsonObject &json, QString *problem)
{
    SlaPolicy policy;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const std::optional<Channel> channel = fieldFromKey<Channel>(it.key());
        if (!channel) {
            if (problem)
                *problem = tr("Unknown channel \"%1\".").arg(it.key());
            return std::nullopt;
        }
        const QJsonObject targets = it.value().toObject();
        for (const TargetKey &t : targetKeys) {
            const QJsonValue minutes = targets.value(QLatin1StringView(t.key));
            if (minutes.isUndefined())
                continue;
            policy.setBaseMsecs(t.target, *channel, qint64(minutes.toDouble(-1)) * minuteMs);
        }
    }
    if (const QString why = policy.problem(); !why.isEmpty()) {
        if (problem)
            *problem = why;
        return std::nullopt;
    }
    return policy;
}

QString SlaPolicy::problem() const
{
    for (Channel channel : allFieldValues<Channel>()) {
        for (const TargetKey &t : targetKeys) {
            const qint64 ms = baseMsecs(t.target, channel);
            if (ms < minuteMs || ms > maxTargetMsecs)
                return tr("Each target of %1 is at least a minute and at most 30 days.").arg(fieldLabel(channel));
        }
    }
    return {};
}
