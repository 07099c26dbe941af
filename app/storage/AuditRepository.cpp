// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditRepository.h"

#include "Database.h"

namespace Prospecta {

AuditRepository::AuditRepository(const Database &database)
    : m_database(database)
{
}

Result<qint64> AuditRepository::append(const AuditEntry &entry) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO audit_log (occurred_at, actor_kind, actor_user_id, actor_name, client, action, "
                       "target_kind, target_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {entry.occurredMs, entry.actorKind, Database::nullableId(entry.actorUserId), entry.actorName, entry.client,
         entry.action, entry.targetKind, entry.targetId, entry.detail});
}

Result<QList<AuditEntry>> AuditRepository::query(const AuditFilter &filter) const
{
    QStringList conditions;
    QVariantList values;
    if (!filter.actorName.isEmpty()) {
        conditions << QStringLiteral("LOWER(actor_name) = LOWER(?)");
        values << filter.actorName;
    }
    if (!filter.action.isEmpty()) {
        conditions << QStringLiteral("action = ?");
        values << filter.action;
    }
    if (filter.fromMs > 0) {
        conditions << QStringLiteral("occurred_at >= ?");
        values << filter.fromMs;
    }
    if (filter.toMs > 0) {
        conditions << QStringLiteral("occurred_at < ?");
        values << filter.toMs;
    }
    if (filter.beforeId > 0) {
        conditions << QStringLiteral("id < ?");
        values << filter.beforeId;
    }
    if (!filter.targetKind.isEmpty()) {
        conditions << QStringLiteral("target_kind = ? AND target_id = ?");
        values << filter.targetKind << filter.targetId;
    }
    const QString where = conditions.isEmpty() ? QString()
                                               : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    values << qBound(1, filter.limit, 100000);

    auto query = m_database.exec(
        QStringLiteral("SELECT id, occurred_at, actor_kind, actor_user_id, actor_name, client, action, target_kind, "
                       "target_id, detail FROM audit_log%1 ORDER BY id DESC LIMIT ?")
            .arg(where),
        values);
    if (!query)
        return query.error();
    QList<AuditEntry> entries;
    while (query->next()) {
        AuditEntry entry;
        entry.id = query->value(0).toLongLong();
        entry.occurredMs = query->value(1).toLongLong();
        entry.actorKind = query->value(2).toString();
        entry.actorUserId = query->value(3).toLongLong();
        entry.actorName = query->value(4).toString();
        entry.client = query->value(5).toString();
        entry.action = query->value(6).toString();
        entry.targetKind = query->value(7).toString();
        entry.targetId = query->value(8).toString();
        entry.detail = query->value(9).toString();
        entries << entry;
    }
    query->finish();
    return entries;
}

Result<QStringList> AuditRepository::distinct(const QString &column) const
{
    auto query = m_database.exec(QStringLiteral("SELECT DISTINCT %1 FROM audit_log ORDER BY %1").arg(column));
    if (!query)
        return query.error();
    QStringList values;
    while (query->next())
        values << query->value(0).toString();
    query->finish();
    return values;
}

Result<QStringList> AuditRepository::actorNames() const
{
    return distinct(QStringLiteral("actor_name"));
}

Result<QStringList> AuditRepository::actions() const
{
    return distinct(QStringLiteral("action"));
}

} // namespace Prospecta
