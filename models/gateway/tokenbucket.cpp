#include "tokenbucket.h"

#include <algorithm>
#include <cmath>

std::optional<int> TokenBucket::take(int perMinute, qint64 nowMs)
{
    const double perMs = perMinute / 60000.0;
    tokens = tokens < 0 ? double(perMinute)
                        : std::min(double(perMinute), tokens + std::max<qint64>(0, nowMs - atMs) * perMs);
    atMs = nowMs;
    if (tokens >= 1.0) {
        tokens -= 1.0;
        return std::nullopt;
    }
    return std::max(1, int(std::ceil((1.0 - tokens) / perMs / 1000.0)));
}
