// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <list>
#include <memory>

namespace Prospecta {

class Clock;

// Requests per minute per key (a client address, or a webhook route for authenticated
// providers), as a token bucket that refills continuously: `perMinute` requests in a
// burst, then one every 60/perMinute seconds. Keys idle for longer than a full refill are
// forgotten, and at most `maxKeys` are tracked (the least recently used go first), so a
// flood of spoofed addresses cannot grow memory without bound. A perMinute of 0 or less
// turns the limit off.
class RateLimiter
{
public:
    RateLimiter(std::shared_ptr<const Clock> clock, int perMinute, int maxKeys = 50000);

    void setPerMinute(int perMinute);

    // Takes one request from `key`'s budget; returns 0 when allowed, else the milliseconds
    // until the next request would be allowed (for Retry-After).
    qint64 acquire(const QString &key);

    int trackedKeys() const;

private:
    struct Bucket;
    void forgetIdleKeys(qint64 nowMs);
    void forget(const QString &key);

    std::shared_ptr<const Clock> m_clock;
    int m_perMinute;
    int m_maxKeys;
    QHash<QString, std::shared_ptr<Bucket>> m_buckets;
    std::list<QString> m_recentKeys; // least recently used first
};

} // namespace Prospecta
