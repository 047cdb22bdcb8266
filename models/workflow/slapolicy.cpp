#include "slapolicy.h"

namespace {

constexpr qint64 minuteMs = 60 * 1000;
constexpr qint64 hourMs = 60 * minuteMs;

int keyOf(SlaPolicy::Target target, Channel channel)
{
    return int(target) * 16 + int(channel);
}

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
