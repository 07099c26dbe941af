// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InboundEventRepository.h"

#include "Database.h"

namespace Prospecta {

InboundEventRepository::InboundEventRepository(const Database &database)
    : m_database(database)
{
}

QString InboundEventRepository::stateName(State state)
{
    switch (state) {
    case State::Pending: return QStringLiteral("pending");
    case State::Processed: return QStringLiteral("processed");
    case State::Ignored: return QStringLiteral("ignored");
    case State::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("pending");
}

Result<qint64> InboundEventRepository::insert(const StoredInboundEvent &event) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO inbound_events (provider, kind, dedup_key, item_index, body, received_at, state) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, dedup_key) DO NOTHING RETURNING id"),
        {toString(event.provider), event.kind, event.dedupKey, event.itemIndex, QString::fromUtf8(event.body),
         event.receivedMs, event.ignored ? stateName(State::Ignored) : stateName(State::Pending)});
}

Result<QList<StoredInboundEvent>> InboundEventRepository::pending(int limit) const
{
    auto query = m_database.execCached(
        QStringLiteral("SELECT id, provider, kind, dedup_key, item_index, body, received_at, attempts "
                       "FROM inbound_events WHERE state = 'pending' ORDER BY id LIMIT ?"),
        {limit});
    if (!query)
        return query.error();
    QList<StoredInboundEvent> events;
    while (query->next()) {
        StoredInboundEvent event;
        event.id = query->value(0).toLongLong();
        event.provider = fromString<Provider>(query->value(1).toString()).value_or(Provider::Other);
        event.kind = query->value(2).toString();
        event.dedupKey = query->value(3).toString();
        event.itemIndex = query->value(4).toInt();
        event.body = query->value(5).toString().toUtf8();
        event.receivedMs = query->value(6).toLongLong();
        event.attempts = query->value(7).toInt();
        events << event;
    }
    query->finish();
    return events;
}

Result<bool> InboundEventRepository::claim(qint64 id) const
{
    // SQLite has one writer per file (BEGIN IMMEDIATE and the lock file), so the state
    // check is the whole claim there.
    const QString lock = m_database.engine() == SqlEngine::Postgres ? QStringLiteral(" FOR UPDATE SKIP LOCKED")
                                                                     : QString();
    auto query = m_database.execCached(
        QStringLiteral("SELECT id FROM inbound_events WHERE id = ? AND state = 'pending'") + lock, {id});
    if (!query)
        return query.error();
    const bool claimed = query->next();
    query->finish();
    return claimed;
}

Result<int> InboundEventRepository::countPending() const
{
    auto count = m_database.scalar(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'pending'"), {}, 0);
    if (!count)
        return count.error();
    return count->toInt();
}

Status InboundEventRepository::mark(qint64 id, State state, const QString &error, qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE inbound_events SET state = ?, error = ?, processed_at = ? WHERE id = ?"),
        {stateName(state), error, nowMs, id});
    if (!updated)
        return updated.error();
    return {};
}

Status InboundEventRepository::countAttempt(qint64 id) const
{
    auto updated = m_database.update(QStringLiteral("UPDATE inbound_events SET attempts = attempts + 1 WHERE id = ?"), {id});
    if (!updated)
        return updated.error();
    return {};
}

} // namespace Prospecta
