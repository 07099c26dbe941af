// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditLog.h"

#include "core/Clock.h"
#include "storage/AuditRepository.h"
#include "storage/UserRepository.h"

namespace Prospecta {

AuditLog::AuditLog(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Status AuditLog::append(AuditEntry entry) const
{
    entry.occurredMs = m_clock.nowMs();
    auto appended = AuditRepository(m_database).append(entry);
    if (!appended)
        return appended.error();
    return {};
}

Status AuditLog::record(const Principal &principal, const char *action, const QString &targetKind,
                        const QString &targetId, const QString &detail) const
{
    AuditEntry entry;
    entry.actorKind = principal.auditKind();
    entry.actorUserId = principal.actor.kind == Actor::Kind::User ? principal.actor.userId : 0;
    entry.actorName = principal.auditName();
    entry.client = principal.actor.client;
    entry.action = QString::fromLatin1(action);
    entry.targetKind = targetKind;
    entry.targetId = targetId;
    entry.detail = detail;
    return append(std::move(entry));
}

Status AuditLog::recordLeadChanges(const Principal &principal, const Lead &before, const Lead &after,
                                   const QStringList &tagsBefore, const QStringList &tagsAfter) const
{
    const QString id = QString::number(after.id);
    QStringList edited;
    if (before.name != after.name)
        edited << QStringLiteral("name");
    if (before.phone != after.phone)
        edited << QStringLiteral("phone");
    if (before.email != after.email)
        edited << QStringLiteral("email");
    if (before.country != after.country)
        edited << QStringLiteral("country");
    if (before.source != after.source)
        edited << QStringLiteral("source");
    if (before.campaignId != after.campaignId)
        edited << QStringLiteral("campaign");
    if (before.score != after.score)
        edited << QStringLiteral("score %1 -> %2").arg(before.score).arg(after.score);
    if (before.notes != after.notes)
        edited << QStringLiteral("notes");
    if (before.metadata != after.metadata)
        edited << QStringLiteral("metadata");
    if (tagsBefore != tagsAfter)
        edited << QStringLiteral("tags");
    if (!edited.isEmpty()) {
        if (auto recorded = record(principal, AuditAction::LeadEdited, QStringLiteral("lead"), id,
                                   edited.join(QStringLiteral(", ")));
            !recorded)
            return recorded;
    }
    if (before.status != after.status) {
        if (auto recorded = record(principal, AuditAction::LeadStatusChanged, QStringLiteral("lead"), id,
                                   toString(before.status) + QStringLiteral(" -> ") + toString(after.status));
            !recorded)
            return recorded;
    }
    if (before.assignedUserId != after.assignedUserId) {
        QString detail = QStringLiteral("unassigned");
        if (after.assignedUserId != 0) {
            auto owner = UserRepository(m_database).findById(after.assignedUserId);
            detail = QStringLiteral("to ") + (owner && *owner ? (*owner)->user.email : QString::number(after.assignedUserId));
        }
        if (auto recorded = record(principal, AuditAction::LeadAssigned, QStringLiteral("lead"), id, detail); !recorded)
            return recorded;
    }
    return {};
}

Status AuditLog::recordAnonymous(const QString &actorName, const QString &client, const char *action,
                                 const QString &detail) const
{
    AuditEntry entry;
    entry.actorKind = QStringLiteral("user");
    entry.actorName = actorName;
    entry.client = client;
    entry.action = QString::fromLatin1(action);
    entry.targetKind = QStringLiteral("user");
    entry.targetId = actorName;
    entry.detail = detail;
    return append(std::move(entry));
}

} // namespace Prospecta
