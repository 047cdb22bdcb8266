#include "responsetargets.h"

namespace {
constexpr qint64 minute = 60 * 1000;
constexpr qint64 hour = 60 * minute;

qint64 scaled(qint64 msecs, Priority priority)
{
    return priority == Priority::Urgent ? msecs / 2 : msecs;
}
} // namespace

qint64 ResponseTargets::firstResponseMsecs(Channel channel, Priority priority)
{
    qint64 target = 24 * hour;
    switch (channel) {
    case Channel::Phone:
        target = 2 * minute;
        break;
    case Channel::Chat:
        target = 5 * minute;
        break;
    case Channel::Social:
        target = 4 * hour;
        break;
    case Channel::Email:
    case Channel::Web:
        target = 24 * hour;
        break;
    }
    return scaled(target, priority);
}

qint64 ResponseTargets::resolutionMsecs(Priority priority)
{
    return scaled(48 * hour, priority);
}

qint64 ResponseTargets::dueAt(qint64 createdAtMs, Channel channel, Priority priority, TicketStatus status,
                              bool firstResponseSent)
{
    switch (status) {
    case TicketStatus::Pending:
    case TicketStatus::OnHold:
    case TicketStatus::Solved:
    case TicketStatus::Closed:
        return noDeadline;
    case TicketStatus::New:
    case TicketStatus::Open:
        break;
    }
    if (!firstResponseSent)
        return createdAtMs + firstResponseMsecs(channel, priority);
    return createdAtMs + resolutionMsecs(priority);
}
