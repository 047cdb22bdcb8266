#pragma once

#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <cmath>
#include <functional>

// Small helpers both benchmarks share: timing and order statistics.
namespace BenchStats {

inline double elapsedMs(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

inline double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto index = qsizetype(std::ceil(p * double(samples.size()))) - 1;
    return samples.at(std::clamp<qsizetype>(index, 0, samples.size() - 1));
}

inline double median(const QList<double> &samples)
{
    return percentile(samples, 0.5);
}

inline double round2(double value)
{
    return std::round(value * 100.0) / 100.0;
}

} // namespace BenchStats
