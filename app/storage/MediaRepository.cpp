// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaRepository.h"

#include "Database.h"

namespace Prospecta {

MediaRepository::MediaRepository(const Database &database)
    : m_database(database)
{
}

Result<QList<PendingMedia>> MediaRepository::due(qint64 nowMs, int limit) const
{
    // The order follows messages_media_state, so the index serves both the filter and the
    // order. Ordered by id, a planner whose statistics show that most messages have no media walks all of
    // them in id order instead (1.3 s on 10 million messages).
    // Runs after every stored message, so its prepared form is kept.
    auto query = m_database.execCached(
        QStringLiteral("SELECT id, media_url, content_type, media_attempts FROM messages "
                       "WHERE media_state = 'pending' AND media_next_attempt_at <= ? "
                       "ORDER BY media_next_attempt_at, id LIMIT ?"),
        {nowMs, limit});
    if (!query)
        return query.error();
    QList<PendingMedia> pending;
    while (query->next())
        pending << PendingMedia{query->value(0).toLongLong(), query->value(1).toString(), query->value(2).toString(),
                                query->value(3).toInt()};
    query->finish();
    return pending;
}

Result<qint64> MediaRepository::nextDueMs() const
{
    auto value = m_database.scalar(
        QStringLiteral("SELECT MIN(media_next_attempt_at) FROM messages WHERE media_state = 'pending'"), {}, 0);
    if (!value)
        return value.error();
    return value->toLongLong();
}

Status MediaRepository::markDownloaded(qint64 messageId, const QString &relativePath) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE messages SET media_state = 'downloaded', media_path = ?, media_error = '', "
                       "media_next_attempt_at = NULL WHERE id = ?"),
        {relativePath, messageId});
    if (!updated)
        return updated.error();
    return {};
}

Status MediaRepository::markFailed(qint64 messageId, const QString &error, int attempts, qint64 nextAttemptMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE messages SET media_state = ?, media_error = ?, media_attempts = ?, "
                       "media_next_attempt_at = ? WHERE id = ?"),
        {nextAttemptMs > 0 ? QStringLiteral("pending") : QStringLiteral("failed"), error, attempts,
         Database::nullableInstant(nextAttemptMs), messageId});
    if (!updated)
        return updated.error();
    return {};
}

} // namespace Prospecta
