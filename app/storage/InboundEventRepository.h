// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Enums.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Prospecta {

class Database;

struct StoredInboundEvent
{
    qint64 id = 0;
    Provider provider = Provider::Gupshup;
    QString kind;
    QString dedupKey;
    int itemIndex = 0;
    QByteArray body;
    qint64 receivedMs = 0;
    int attempts = 0;
    bool ignored = false; // a kind Prospecta does not handle: stored, never processed
};

// Raw webhook events. An event is stored once per deduplication key; processing
// marks it processed, ignored or failed.
class InboundEventRepository
{
public:
    enum class State { Pending, Processed, Ignored, Failed };

    explicit InboundEventRepository(const Database &database);

    // Inserts the event unless its key is known; returns the new id, or 0 for a
    // duplicate.
    Result<qint64> insert(const StoredInboundEvent &event) const;

    Result<QList<StoredInboundEvent>> pending(int limit) const;

    // Claims a pending event for the caller's open transaction. On PostgreSQL the row is
    // locked FOR UPDATE SKIP LOCKED, so of several processes exactly one gets it. The lock
    // ends with the transaction, so a process that dies mid-event leaves the event pending
    // for another. Returns false when the event is no longer pending or another process
    // has locked it.
    Result<bool> claim(qint64 id) const;
    Result<int> countPending() const;
    Status mark(qint64 id, State state, const QString &error, qint64 nowMs) const;
    Status countAttempt(qint64 id) const;

    static QString stateName(State state);

private:
    const Database &m_database;
};

} // namespace Prospecta
