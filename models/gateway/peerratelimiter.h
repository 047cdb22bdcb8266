#pragma once

#include "tokenbucket.h"

#include <QHash>
#include <QString>

#include <mutex>
#include <optional>

// How often one address may call the chat's public endpoints: a bucket per address and kind
// of call that holds a minute's allowance and fills at that rate (as SourceRateLimiter does for
// the signed intake). Buckets of addresses not seen for ten minutes are dropped, so a crowd of
// one-time visitors does not grow it without end.
class PeerRateLimiter
{
public:
    // nullopt when the call may go ahead (and is counted); else the seconds to wait.
    std::optional<int> admit(const QString &key, int perMinute, qint64 nowMs);

private:
    std::mutex m_mutex;
    QHash<QString, TokenBucket> m_buckets;
    qint64 m_sweptAtMs = 0;
};
