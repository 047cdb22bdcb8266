#pragma once

#include <QtGlobal>

#include <optional>

// A minute's allowance of calls that fills again at that rate: a caller may burst up to the
// limit, then keeps to it. The rate limiters of the signed intake (per source) and of the chat's
// public endpoints (per address) each keep one per key.
struct TokenBucket {
    double tokens = -1; // below zero: not used yet, full at the first take
    qint64 atMs = 0;

    // nullopt when the call may go ahead (and is counted); else the seconds to wait.
    std::optional<int> take(int perMinute, qint64 nowMs);
};
