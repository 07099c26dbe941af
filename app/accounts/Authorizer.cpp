// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Authorizer.h"

#include "core/Logging.h"
#include "storage/Database.h"
#include "storage/UserRepository.h"

namespace Prospecta {

QString Principal::auditKind() const
{
    switch (actor.kind) {
    case Actor::Kind::User: return QStringLiteral("user");
    case Actor::Kind::CommandLine: return QStringLiteral("cli");
    case Actor::Kind::System: return QStringLiteral("system");
    }
    return QStringLiteral("system");
}

Authorizer::Authorizer(const Database &database)
    : m_database(database)
{
}

Result<Principal> Authorizer::resolve(const Actor &actor) const
{
    if (actor.kind != Actor::Kind::User)
        return Principal{actor, UserRole::Admin, actor.name, QString()};

    auto record = UserRepository(m_database).findById(actor.userId);
    if (!record)
        return record.error();
    if (!*record || !(*record)->user.active) {
        qCInfo(lcSecurity) << "refused an action of user" << actor.userId << "whose account is inactive or gone";
        return makeError(ErrorKind::Unauthorized,
                         tr("Your account was deactivated, so your session has ended. Ask an administrator "
                            "if you need access again."));
    }
    const User &user = (*record)->user;
    return Principal{actor, user.role, user.name, user.email};
}

Error Authorizer::forbidden(const Principal &principal, Permission permission)
{
    return makeError(ErrorKind::Forbidden,
                     tr("Your role (%1) does not allow you to %2; nothing was changed. Ask an administrator "
                        "if you need to.")
                         .arg(AccessPolicy::roleName(principal.role), AccessPolicy::describe(permission)));
}

Result<Principal> Authorizer::require(const Actor &actor, Permission permission) const
{
    auto principal = resolve(actor);
    if (!principal)
        return principal;
    if (!principal->allows(permission)) {
        qCInfo(lcSecurity) << "refused" << int(permission) << "to user" << actor.userId << "with role"
                           << toString(principal->role);
        return forbidden(*principal, permission);
    }
    return principal;
}

Status Authorizer::requireLead(const Principal &principal, qint64 leadId) const
{
    auto owner = m_database.scalar(QStringLiteral("SELECT COALESCE(assigned_user_id, 0) FROM leads WHERE id = ?"),
                                   {leadId}, -1);
    if (!owner)
        return owner.error();
    if (owner->toLongLong() < 0)
        return makeError(ErrorKind::NotFound, tr("Lead %1 no longer exists; reload the list.").arg(leadId));
    if (principal.allows(Permission::SeeAllLeads))
        return {};
    const qint64 ownerId = owner->toLongLong();
    if (ownerId == 0 || ownerId == principal.actor.userId)
        return {};
    qCInfo(lcSecurity) << "refused lead" << leadId << "to user" << principal.actor.userId << "(assigned to another)";
    return makeError(ErrorKind::Forbidden,
                     tr("Lead %1 is assigned to someone else, so you cannot work it; nothing was changed. Ask "
                        "a manager to assign it to you.")
                         .arg(leadId));
}

Result<qint64> Authorizer::requireConversation(const Principal &principal, qint64 conversationId) const
{
    auto leadId = m_database.scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"),
                                    {conversationId}, 0);
    if (!leadId)
        return leadId.error();
    if (leadId->toLongLong() == 0)
        return makeError(ErrorKind::NotFound,
                         tr("Conversation %1 no longer exists; select the lead again to reload it.").arg(conversationId));
    if (auto allowed = requireLead(principal, leadId->toLongLong()); !allowed)
        return allowed.error();
    return leadId->toLongLong();
}

} // namespace Prospecta
