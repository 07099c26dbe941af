// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallRepository.h"

#include "Database.h"

namespace Prospecta {

namespace {

const QString callColumns = QStringLiteral(
    "c.id, c.lead_id, c.direction, c.status, c.start_at, c.end_at, c.duration_seconds, c.recording_url, "
    "c.call_sid, c.notes");

Call readCall(const QSqlQuery &query)
{
    Call call;
    call.id = query.value(0).toLongLong();
    call.leadId = query.value(1).toLongLong();
    call.direction = query.value(2).toString();
    call.status = fromString<CallStatus>(query.value(3).toString()).value_or(CallStatus::Failed);
    call.startMs = query.value(4).toLongLong();
    call.endMs = query.value(5).toLongLong();
    call.durationSeconds = query.value(6).toInt();
    call.recordingUrl = query.value(7).toString();
    call.callSid = query.value(8).toString();
    call.notes = query.value(9).toString();
    return call;
}

// The WHERE clause shared by list() and count(), over calls c joined with leads l.
QString visibleCalls(qint64 agentUserId, qint64 leadId, QVariantList &values)
{
    QStringList conditions;
    if (agentUserId > 0) {
        conditions << QStringLiteral("(l.assigned_user_id IS NULL OR l.assigned_user_id = ?)");
        values << agentUserId;
    }
    if (leadId > 0) {
        conditions << QStringLiteral("c.lead_id = ?");
        values << leadId;
    }
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

} // namespace

CallRepository::CallRepository(const Database &database)
    : m_database(database)
{
}

Result<QList<Call>> CallRepository::list(qint64 agentUserId, qint64 leadId, int limit, int offset) const
{
    QVariantList values;
    QString sql = QStringLiteral("SELECT %1 FROM calls c JOIN leads l ON l.id = c.lead_id").arg(callColumns)
                  + visibleCalls(agentUserId, leadId, values)
                  + QStringLiteral(" ORDER BY COALESCE(c.start_at, c.created_at) DESC, c.id DESC LIMIT ? OFFSET ?");
    values << limit << offset;
    auto query = m_database.exec(sql, values);
    if (!query)
        return query.error();
    QList<Call> calls;
    while (query->next())
        calls << readCall(*query);
    query->finish();
    return calls;
}

Result<int> CallRepository::count(qint64 agentUserId, qint64 leadId) const
{
    QVariantList values;
    const QString sql = QStringLiteral("SELECT COUNT(*) FROM calls c JOIN leads l ON l.id = c.lead_id")
                        + visibleCalls(agentUserId, leadId, values);
    auto value = m_database.scalar(sql, values, 0);
    if (!value)
        return value.error();
    return value->toInt();
}

Result<std::optional<Call>> CallRepository::findById(qint64 id) const
{
    auto query = m_database.exec(QStringLiteral("SELECT %1 FROM calls c WHERE c.id = ?").arg(callColumns), {id});
    if (!query)
        return query.error();
    std::optional<Call> call;
    if (query->next())
        call = readCall(*query);
    query->finish();
    return call;
}

} // namespace Prospecta
