// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "RateLimiter.h"

#include "core/Clock.h"

#include <algorithm>

namespace Prospecta {

namespace {

constexpr qint64 MinuteMs = 60000;
// Keeps scaled instants (milliseconds times perMinute) far from qint64's limit.
constexpr int MaxPerMinute = 1000000;

} // namespace

// The generic cell rate algorithm, a token bucket kept as one instant: the theoretical
// arrival time of the next request. Times are scaled by perMinute, so one request costs
// exactly MinuteMs and every wait is an exact number of milliseconds, with no rounding
// drift. A bucket whose instant is in the past has a full burst.
struct RateLimiter::Bucket
{
    qint64 nextScaled = 0;
    std::list<QString>::iterator recency;
};

RateLimiter::RateLimiter(std::shared_ptr<const Clock> clock, int perMinute, int maxKeys)
    : m_clock(std::move(clock))
    , m_perMinute(std::min(perMinute, MaxPerMinute))
    , m_maxKeys(std::max(maxKeys, 1))
{
}

void RateLimiter::setPerMinute(int perMinute)
{
    perMinute = std::min(perMinute, MaxPerMinute);
    if (perMinute == m_perMinute)
        return;

    // A client keeps the requests it has already used: its debt, counted in requests of
    // MinuteMs scaled units each, is the same on either scale.
    const int previous = m_perMinute;
    m_perMinute = perMinute;
    if (previous <= 0 || perMinute <= 0) {
        m_buckets.clear();
        m_recentKeys.clear();
        return;
    }
    const qint64 nowMs = m_clock->nowMs();
    for (auto &bucket : m_buckets) {
        const qint64 debt = std::max<qint64>(bucket->nextScaled - nowMs * previous, 0);
        bucket->nextScaled = nowMs * perMinute + debt;
    }
}

qint64 RateLimiter::acquire(const QString &key)
{
    if (m_perMinute <= 0)
        return 0;

    const qint64 nowMs = m_clock->nowMs();
    const qint64 nowScaled = nowMs * m_perMinute;
    const qint64 burstScaled = qint64(m_perMinute - 1) * MinuteMs;

    auto found = m_buckets.find(key);
    if (found == m_buckets.end()) {
        if (m_buckets.size() >= m_maxKeys)
            forgetIdleKeys(nowMs);
        if (m_buckets.size() >= m_maxKeys)
            forget(m_recentKeys.front());
        auto bucket = std::make_shared<Bucket>();
        bucket->recency = m_recentKeys.insert(m_recentKeys.end(), key);
        found = m_buckets.insert(key, bucket);
    } else {
        m_recentKeys.splice(m_recentKeys.end(), m_recentKeys, (*found)->recency);
    }

    Bucket &bucket = **found;
    const qint64 next = std::max(bucket.nextScaled, nowScaled);
    if (next - nowScaled > burstScaled) {
        const qint64 waitScaled = next - burstScaled - nowScaled;
        return (waitScaled + m_perMinute - 1) / m_perMinute;
    }
    bucket.nextScaled = next + MinuteMs;
    return 0;
}

int RateLimiter::trackedKeys() const
{
    return int(m_buckets.size());
}

void RateLimiter::forgetIdleKeys(qint64 nowMs)
{
    // A key whose instant has passed has a full burst again, the same state as an
    // unknown key. The scan starts at the least recently used keys, where such keys
    // gather, and stops at the first key still in debt.
    const qint64 nowScaled = nowMs * m_perMinute;
    while (!m_recentKeys.empty()) {
        const auto found = m_buckets.constFind(m_recentKeys.front());
        if ((*found)->nextScaled > nowScaled)
            break;
        forget(m_recentKeys.front());
    }
}

void RateLimiter::forget(const QString &key)
{
    const auto found = m_buckets.find(key);
    if (found == m_buckets.end())
        return;
    m_recentKeys.erase((*found)->recency);
    m_buckets.erase(found);
}

} // namespace Prospecta
