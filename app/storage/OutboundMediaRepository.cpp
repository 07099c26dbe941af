// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "OutboundMediaRepository.h"

#include "Database.h"

namespace Prospecta {

OutboundMediaRepository::OutboundMediaRepository(const Database &database)
    : m_database(database)
{
}

Result<qint64> OutboundMediaRepository::insert(const OutboundMedia &media) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO outbound_media (token, conversation_id, file_name, content_type, size_bytes, bytes, "
                       "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {media.token, media.conversationId, media.fileName, media.contentType, qint64(media.bytes.size()), media.bytes,
         media.createdMs, Database::nullableId(media.createdBy)});
}

Result<std::optional<OutboundMedia>> OutboundMediaRepository::findByToken(const QString &token) const
{
    auto query = m_database.exec(
        QStringLiteral("SELECT id, token, conversation_id, file_name, content_type, size_bytes, bytes, created_at, "
                       "created_by FROM outbound_media WHERE token = ?"),
        {token});
    if (!query)
        return query.error();
    std::optional<OutboundMedia> found;
    if (query->next()) {
        OutboundMedia media;
        media.id = query->value(0).toLongLong();
        media.token = query->value(1).toString();
        media.conversationId = query->value(2).toLongLong();
        media.fileName = query->value(3).toString();
        media.contentType = query->value(4).toString();
        media.sizeBytes = query->value(5).toLongLong();
        media.bytes = query->value(6).toByteArray();
        media.createdMs = query->value(7).toLongLong();
        media.createdBy = query->value(8).toLongLong();
        found = media;
    }
    query->finish();
    return found;
}

} // namespace Prospecta
