// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoginThrottle.h"

#include "core/Clock.h"
#include "core/Logging.h"

#include <QHostAddress>

namespace Prospecta {

namespace {

// Pruning drops an entry once its latest failure has left the window, which is only
// lossless while no wait, lockouts included, outlasts the window.
static_assert(LoginThrottle::lockoutMs <= LoginThrottle::windowMs);

// The wait after the n-th failure within the window, for n below the lockout: 1, 2, 4,
// 8 seconds.
qint64 growingDelayMs(int failures)
{
    return qint64(1000) << (failures - 1);
}

QString pairKey(const QString &emailKey, const QString &client)
{
    // An email address cannot contain a line feed, so the key is unambiguous.
    return emailKey + QLatin1Char('\n') + client;
}

} // namespace

LoginThrottle::LoginThrottle(std::shared_ptr<const Clock> clock)
    : m_clock(std::move(clock))
{
    Q_ASSERT(m_clock);
}

bool LoginThrottle::isSharedClient(const QString &client)
{
    const QHostAddress address(client);
    return !address.isNull() && address.isLoopback();
}

qint64 LoginThrottle::retryAfterMs(const QString &emailKey, const QString &client) const
{
    const qint64 pairWait = waitFor(m_pairs, pairKey(emailKey, client), lockoutFailures, true);
    const qint64 clientWait = isSharedClient(client) ? 0 : waitFor(m_clients, client, clientLockoutFailures, false);
    return qMax(pairWait, clientWait);
}

void LoginThrottle::recordFailure(const QString &emailKey, const QString &client)
{
    const qint64 now = nowMs();
    m_pairs.pruneExpired(now);
    m_clients.pruneExpired(now);

    const QString key = pairKey(emailKey, client);
    const int pairFailuresBefore = recentCount(m_pairs.windows.value(key), now);
    const int clientFailuresBefore = recentCount(m_clients.windows.value(client), now);
    m_pairs.record(key, now, lockoutFailures);
    if (!isSharedClient(client))
        m_clients.record(client, now, clientLockoutFailures);

    // Logged once, when a lockout starts, so a caller that keeps failing cannot flood
    // the log.
    if (pairFailuresBefore == lockoutFailures - 1) {
        qCInfo(lcSecurity).noquote() << "Logins as" << emailKey << "from" << client << "paused for"
                                     << lockoutMs / 60000 << "minutes after" << lockoutFailures
                                     << "failures";
    }
    if (!isSharedClient(client) && clientFailuresBefore == clientLockoutFailures - 1) {
        qCWarning(lcSecurity).noquote() << "Client" << client << "locked out for"
                                        << lockoutMs / 60000 << "minutes after"
                                        << clientLockoutFailures << "failed logins";
    }

    m_pairs.evictBeyond(maxTrackedPairs);
    m_clients.evictBeyond(maxTrackedClients);
}

void LoginThrottle::recordSuccess(const QString &emailKey, const QString &client)
{
    m_pairs.remove(pairKey(emailKey, client));
}

int LoginThrottle::recentFailures(const QString &emailKey, const QString &client) const
{
    const auto it = m_pairs.windows.constFind(pairKey(emailKey, client));
    return it == m_pairs.windows.cend() ? 0 : recentCount(*it, nowMs());
}

qint64 LoginThrottle::nowMs() const
{
    return m_clock->nowMs();
}

int LoginThrottle::recentCount(const Window &window, qint64 nowMs)
{
    int count = 0;
    for (const qint64 failureMs : window.failuresMs) {
        if (failureMs > nowMs - windowMs)
            ++count;
    }
    return count;
}

qint64 LoginThrottle::waitFor(const Table &table, const QString &key, int lockoutAt, bool growing) const
{
    const auto it = table.windows.constFind(key);
    if (it == table.windows.cend())
        return 0;

    const qint64 now = nowMs();
    const int failures = recentCount(*it, now);
    qint64 waitMs = it->lockedUntilMs - now;
    if (growing && failures > 0 && failures < lockoutAt) {
        // Waits run from the latest failure, which is the last one recorded.
        waitMs = qMax(waitMs, it->failuresMs.last() + growingDelayMs(failures) - now);
    }
    return qMax<qint64>(0, waitMs);
}

void LoginThrottle::Table::record(const QString &key, qint64 nowMs, int lockoutAt)
{
    auto it = windows.find(key);
    if (it == windows.end()) {
        recency.push_back(key);
        Window window;
        window.recency = std::prev(recency.end());
        it = windows.insert(key, window);
    } else {
        // The latest failure is now, so the key moves to the back of the order.
        recency.splice(recency.end(), recency, it->recency);
    }

    it->failuresMs.append(nowMs);
    // Failures beyond the lockout count change no wait, so older ones are dropped to
    // bound each entry's size.
    while (it->failuresMs.size() > lockoutAt)
        it->failuresMs.removeFirst();

    if (recentCount(*it, nowMs) >= lockoutAt)
        it->lockedUntilMs = nowMs + lockoutMs;
}

void LoginThrottle::Table::remove(const QString &key)
{
    const auto it = windows.find(key);
    if (it == windows.end())
        return;
    recency.erase(it->recency);
    windows.erase(it);
}

void LoginThrottle::Table::pruneExpired(qint64 nowMs)
{
    // The front has the oldest latest failure. NOTE: if the clock steps backwards the
    // order is only approximate, and an expired entry may stay until eviction.
    while (!recency.empty()) {
        const auto it = windows.constFind(recency.front());
        Q_ASSERT(it != windows.cend());
        if (it->failuresMs.last() > nowMs - windowMs)
            break;
        windows.erase(it);
        recency.pop_front();
    }
}

void LoginThrottle::Table::evictBeyond(int maxEntries)
{
    while (windows.size() > maxEntries) {
        windows.remove(recency.front());
        recency.pop_front();
    }
}

} // namespace Prospecta
