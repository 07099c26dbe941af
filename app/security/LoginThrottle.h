// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <list>
#include <memory>

namespace Prospecta {

class Clock;

// Slows down password guessing. Failures are counted per (email, client) and per client,
// in a sliding window of 15 minutes:
// - after each failure for an email from a client, that pair waits 1, 2, 4, 8 seconds
//   before its next attempt; after the 5th failure within the window it waits 15 minutes;
// - a client that fails 20 times within the window, whatever the emails, waits 15 minutes.
// The desktop's own login is the client "desktop", REST callers are their IP address, so
// a stranger hammering the REST API with the admin's email never delays the admin at the
// desktop. A success clears the pair's failures (not the client's).
// Counts live in memory on the service thread: they do not survive a restart. At most
// maxTrackedPairs pairs and maxTrackedClients clients are kept; beyond that the ones whose
// last failure is oldest are forgotten, so a flood of random emails cannot grow memory.
// Not thread-safe: one thread owns an instance.
class LoginThrottle
{
public:
    static constexpr int lockoutFailures = 5;
    static constexpr int clientLockoutFailures = 20;
    static constexpr qint64 windowMs = 15 * 60 * 1000;
    static constexpr qint64 lockoutMs = 15 * 60 * 1000;
    static constexpr int maxTrackedPairs = 10000;
    static constexpr int maxTrackedClients = 10000;

    explicit LoginThrottle(std::shared_ptr<const Clock> clock);
    // Copies would share nothing but the clock, and Window::recency points into one list.
    Q_DISABLE_COPY_MOVE(LoginThrottle)

    // Milliseconds until `client` may try `emailKey` again; 0 when it may try now.
    qint64 retryAfterMs(const QString &emailKey, const QString &client) const;

    void recordFailure(const QString &emailKey, const QString &client);
    void recordSuccess(const QString &emailKey, const QString &client);

    // A loopback address stands for everyone behind a tunnel (when the server does not
    // trust the tunnel's forwarding headers), so it never gets the client-wide lockout:
    // that would let one stranger lock every API login out. The per-email wait applies.
    static bool isSharedClient(const QString &client);

    // Failures of the pair within the window (tests, audit details). Counts stop at
    // lockoutFailures, because more failures change nothing.
    int recentFailures(const QString &emailKey, const QString &client) const;

    // Pairs and clients currently tracked (tests of the memory bound).
    int trackedPairs() const { return int(m_pairs.windows.size()); }
    int trackedClients() const { return int(m_clients.windows.size()); }

private:
    struct Window
    {
        // Oldest first. Only the latest `lockoutAt` failures are kept, and the older of
        // those may have left the window.
        QList<qint64> failuresMs;
        // Set when a failure reaches the lockout count: the lockout lasts lockoutMs from
        // that failure even after older failures leave the window.
        qint64 lockedUntilMs = 0;
        std::list<QString>::iterator recency; // this window's key in Table::recency
    };

    // Windows by key, with the keys ordered by their latest failure so that expired and
    // evicted entries come off the front in constant time.
    struct Table
    {
        QHash<QString, Window> windows;
        std::list<QString> recency; // least recent failure first

        void record(const QString &key, qint64 nowMs, int lockoutAt);
        void remove(const QString &key);
        void pruneExpired(qint64 nowMs);
        void evictBeyond(int maxEntries);
    };

    qint64 nowMs() const;
    static int recentCount(const Window &window, qint64 nowMs);
    qint64 waitFor(const Table &table, const QString &key, int lockoutAt, bool growing) const;

    std::shared_ptr<const Clock> m_clock;
    Table m_pairs;   // emailKey + '\n' + client
    Table m_clients; // client
};

} // namespace Prospecta
