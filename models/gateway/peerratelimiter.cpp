#include "peerratelimiter.h"

#include <algorithm>
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
    return m_buckets[key].take(perMinute, nowMs);
}
