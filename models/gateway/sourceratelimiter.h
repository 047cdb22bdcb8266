#pragma once

#include "tokenbucket.h"

#include <QHash>

#include <mutex>
#include <optional>

// How many requests each intake source may post: a bucket per source that holds a minute's
// allowance and fills at that rate, so a source may burst up to its limit and then keeps to it.
class SourceRateLimiter
{
public:
    // nullopt when the request may go ahead (and is counted); else the seconds to wait.
    std::optional<int> admit(qint64 sourceId, int perMinute, qint64 nowMs);

private:
    std::mutex m_mutex;
    QHash<qint64, TokenBucket> m_buckets;
};
