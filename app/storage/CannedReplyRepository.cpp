// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedReplyRepository.h"

#include "Database.h"

namespace Prospecta {

namespace {

const QString Columns = QStringLiteral("id, owner_user_id, title, body, updated_at");

Result<QList<CannedReply>> readReplies(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    QList<CannedReply> replies;
    while (query->next()) {
        CannedReply reply;
        reply.id = query->value(0).toLongLong();
        reply.ownerUserId = query->value(1).toLongLong();
        reply.title = query->value(2).toString();
        reply.body = query->value(3).toString();
        reply.updatedMs = query->value(4).toLongLong();
        replies << reply;
    }
    query->finish();
    return replies;
}

} // namespace

CannedReplyRepository::CannedReplyRepository(const Database &database)
    : m_database(database)
{
}

Result<QList<CannedReply>> CannedReplyRepository::visibleTo(qint64 userId) const
{
    return readReplies(m_database.exec(
        QStringLiteral("SELECT %1 FROM canned_replies WHERE owner_user_id IS NULL OR owner_user_id = ? "
                       "ORDER BY LOWER(title), id")
            .arg(Columns),
        {userId}));
}

Result<std::optional<CannedReply>> CannedReplyRepository::findById(qint64 id) const
{
    auto replies = readReplies(
        m_database.exec(QStringLiteral("SELECT %1 FROM canned_replies WHERE id = ?").arg(Columns), {id}));
    if (!replies)
        return replies.error();
    if (replies->isEmpty())
        return std::optional<CannedReply>();
    return std::optional<CannedReply>(replies->first());
}

Result<qint64> CannedReplyRepository::create(const CannedReply &reply, qint64 createdBy, qint64 nowMs) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO canned_replies (owner_user_id, title, body, created_by, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
        {Database::nullableId(reply.ownerUserId), reply.title, reply.body, Database::nullableId(createdBy), nowMs,
         nowMs});
}

Status CannedReplyRepository::update(const CannedReply &reply, qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE canned_replies SET title = ?, body = ?, updated_at = ? WHERE id = ?"),
        {reply.title, reply.body, nowMs, reply.id});
    if (!updated)
        return updated.error();
    return {};
}

Status CannedReplyRepository::remove(qint64 id) const
{
    auto removed = m_database.update(QStringLiteral("DELETE FROM canned_replies WHERE id = ?"), {id});
    if (!removed)
        return removed.error();
    return {};
}

} // namespace Prospecta
