#include "peerratelimiter.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace {

constexpr qint64 forgetAfterMs = 10 * 60 * 1000;

} // namespace

std::optional<int> PeerRateLimiter::admit(const QString &key, int perMinute, qint64 nowMs)
{
    if (perMinute <= 0)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    if (nowMs - m_sweptAtMs > forgetAfterMs) {
        m_sweptAtMs = nowMs;
        for (auto it = m_buckets.begin(); it != m_buckets.end();)
            it = nowMs - it->atMs > forgetAfterMs ? m_buckets.erase(it) : std::next(it);
    }
    const auto found = m_buckets.find(key);
    Bucket bucket = found == m_buckets.end() ? Bucket{double(perMinute), nowMs} : found.value();
    const double perMs = perMinute / 60000.0;
    bucket.tokens = std::min(double(perMinute), bucket.tokens + std::max<qint64>(0, nowMs - bucket.atMs) * perMs);
    bucket.atMs = nowMs;
    std::optional<int> wait;
    if (bucket.tokens >= 1.0)
        bucket.tokens -= 1.0;
    else
        wait = std::max(1, int(std::ceil((1.0 - bucket.tokens) / perMs / 1000.0)));
    m_buckets.insert(key, bucket);
    return wait;
}
