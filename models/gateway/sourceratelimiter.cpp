#include "sourceratelimiter.h"

std::optional<int> SourceRateLimiter::admit(qint64 sourceId, int perMinute, qint64 nowMs)
{
    if (perMinute <= 0)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    return m_buckets[sourceId].take(perMinute, nowMs);
}
