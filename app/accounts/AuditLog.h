// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Authorizer.h"
#include "core/Result.h"
#include "domain/Entities.h"
#include "storage/AuditRepository.h"

#include <QString>
#include <QStringList>

namespace Prospecta {

class Clock;
class Database;

// The actions the audit log records, as stored in its action column.
namespace AuditAction {
inline constexpr char LoginSucceeded[] = "login.succeeded";
inline constexpr char LoginFailed[] = "login.failed";
inline constexpr char UserCreated[] = "user.created";
inline constexpr char UserRoleChanged[] = "user.role_changed";
inline constexpr char UserDeactivated[] = "user.deactivated";
inline constexpr char UserReactivated[] = "user.reactivated";
inline constexpr char UserPasswordReset[] = "user.password_reset";
inline constexpr char IntegrationChanged[] = "integration.changed";
inline constexpr char WebhookUrlShown[] = "integration.webhook_url_shown";
inline constexpr char SettingChanged[] = "setting.changed";
inline constexpr char CampaignCreated[] = "campaign.created";
inline constexpr char CampaignUpdated[] = "campaign.updated";
inline constexpr char CampaignDeleted[] = "campaign.deleted";
inline constexpr char LeadAssigned[] = "lead.assigned";
inline constexpr char LeadStatusChanged[] = "lead.status_changed";
inline constexpr char LeadEdited[] = "lead.edited";
inline constexpr char LeadDeleted[] = "lead.deleted";
inline constexpr char ConversationTakenOver[] = "conversation.taken_over";
inline constexpr char ConversationGivenBack[] = "conversation.given_back";
inline constexpr char ConversationClosed[] = "conversation.closed";
inline constexpr char TemplateSent[] = "conversation.template_sent";
inline constexpr char SharedCannedReplyChanged[] = "canned_reply.shared_changed";
inline constexpr char MessageTemplateChanged[] = "template.changed";
inline constexpr char Exported[] = "data.exported";
inline constexpr char Imported[] = "data.imported";
} // namespace AuditAction

// Appends to the audit log inside the caller's transaction, so an audited change and its
// audit row commit together or not at all.
class AuditLog
{
public:
    AuditLog(const Database &database, const Clock &clock);

    Status record(const Principal &principal, const char *action, const QString &targetKind,
                  const QString &targetId, const QString &detail = {}) const;

    // The rows a lead change needs: its status (pipeline step) and its owner, each when it
    // changed, and one LeadEdited row naming the other fields that changed ("name, score
    // 10 -> 40, tags"), without their values except the score. Shared by the lead service
    // and the spreadsheet import; callers that do not change tags pass none.
    Status recordLeadChanges(const Principal &principal, const Lead &before, const Lead &after,
                             const QStringList &tagsBefore = {}, const QStringList &tagsAfter = {}) const;

    // For events without a resolved principal: a failed login names the email typed.
    Status recordAnonymous(const QString &actorName, const QString &client, const char *action,
                           const QString &detail = {}) const;

private:
    Status append(AuditEntry entry) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
