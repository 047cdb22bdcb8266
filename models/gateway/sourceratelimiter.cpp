#include "sourceratelimiter.h"

#include <cmath>

std::optional<int> SourceRateLimiter::admit(qint64 sourceId, int perMinute, qint64 nowMs)
{
    if (perMinute <= 0)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    const auto found = m_buckets.find(sourceId);
    Bucket bucket = found == m_buckets.end() ? Bucket{double(perMinute), nowMs} : found.value();
    const double perMs = perMinute / 60000.0;
    bucket.tokens = std::min(double(perMinute), bucket.tokens + std::max<qint64>(0, nowMs - bucket.atMs) * perMs);
    bucket.atMs = nowMs;
    std::optional<int> wait;
    if (bucket.tokens >= 1.0)
        bucket.tokens -= 1.0;
    else
        wait = std::max(1, int(std::ceil((1.0 - bucket.tokens) / perMs / 1000.0)));
    m_buckets.insert(sourceId, bucket);
    return wait;
}
