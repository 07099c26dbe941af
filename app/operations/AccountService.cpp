// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AccountService.h"

#include "accounts/AuditLog.h"
#include "core/EmailAddress.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "storage/Database.h"
#include "storage/UserRepository.h"

#include <QRegularExpression>

namespace Prospecta {

AccountService::AccountService(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Status AccountService::validateNewUser(const User &user)
{
    if (user.name.trimmed().isEmpty())
        return makeError(ErrorKind::MissingField, tr("The name is missing: write the user's name."), {QStringLiteral("name")});
    if (auto valid = NameRule::check(user.name.trimmed(), QStringLiteral("name")); !valid)
        return valid;
    const QString email = user.email.trimmed();
    if (email.isEmpty())
        return makeError(ErrorKind::MissingField, tr("The email is missing: write the user's email address."), {QStringLiteral("email")});
    if (!isEmailAddress(email))
        return makeError(ErrorKind::InvalidArgument,
                         tr("\"%1\" is not an email address; write it as name@example.com.").arg(email),
                         {QStringLiteral("email")});
    return {};
}

Result<bool> AccountService::hasUsers() const
{
    auto count = UserRepository(m_database).count();
    if (!count)
        return count.error();
    return *count > 0;
}

Result<qint64> AccountService::createFirstAdmin(User user, const QString &passwordHash, const QString &client) const
{
    user.role = UserRole::Admin;
    user.active = true;
    if (auto valid = validateNewUser(user); !valid)
        return valid.error();

    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    UserRepository users(m_database);
    auto count = users.count();
    if (!count)
        return count.error();
    if (*count > 0)
        return makeError(ErrorKind::Conflict,
                         tr("Prospecta already has users; log in, and ask an administrator to add you."));
    auto id = users.insert(user, passwordHash, m_clock.nowMs());
    if (!id)
        return id.error();
    const Principal creator{Actor::user(*id, client), UserRole::Admin, user.name, user.email.trimmed()};
    if (auto audited = AuditLog(m_database, m_clock).record(creator, AuditAction::UserCreated, QStringLiteral("user"),
                                                            user.email.trimmed(), QStringLiteral("role=admin first-run"));
        !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    qCInfo(lcSecurity) << "first administrator created, user" << *id;
    return *id;
}

Result<qint64> AccountService::addUser(const Actor &actor, const User &user, const QString &passwordHash) const
{
    if (auto valid = validateNewUser(user); !valid)
        return valid.error();

    return protectedChange(m_database, actor, Permission::ManageUsers, [&](const Principal &principal) -> Result<qint64> {
        // Without an administrator nobody could manage the others from the desktop.
        auto count = UserRepository(m_database).count();
        if (!count)
            return count.error();
        if (*count == 0 && user.role != UserRole::Admin)
            return makeError(ErrorKind::Forbidden,
                             tr("The first user must be an administrator; add one with the role admin first."),
                             {QStringLiteral("role")});
        auto id = UserRepository(m_database).insert(user, passwordHash, m_clock.nowMs());
        if (!id)
            return id;
        if (auto audited = AuditLog(m_database, m_clock).record(principal, AuditAction::UserCreated,
                                                                QStringLiteral("user"), user.email.trimmed(),
                                                                QStringLiteral("role=") + toString(user.role));
            !audited)
            return audited.error();
        return id;
    });
}

Result<QList<User>> AccountService::list(const Actor &actor) const
{
    auto principal = Authorizer(m_database).require(actor, Permission::ManageUsers);
    if (!principal)
        return principal.error();
    return UserRepository(m_database).list();
}

Status AccountService::changeUser(const Actor &actor, const QString &email, const UserChange &change) const
{
    return protectedChange(m_database, actor, Permission::ManageUsers, [&](const Principal &principal) -> Status {
        auto record = UserRepository(m_database).findByEmail(email);
        if (!record)
            return record.error();
        if (!*record)
            return makeError(ErrorKind::NotFound,
                             tr("No user has the email %1; check the spelling in the user list.").arg(email.trimmed()),
                             {QStringLiteral("email")});
        return change(principal, (*record)->user);
    });
}

Status AccountService::keepsAnAdmin(const User &user, UserRole newRole, bool newActive) const
{
    const bool losesAdmin = user.role == UserRole::Admin && user.active
        && (newRole != UserRole::Admin || !newActive);
    if (!losesAdmin)
        return {};
    auto admins = UserRepository(m_database).countActiveAdmins();
    if (!admins)
        return admins.error();
    if (*admins <= 1)
        return makeError(ErrorKind::Forbidden,
                         tr("%1 is the last active administrator; make another user an administrator first. "
                            "Nothing was changed.")
                             .arg(user.email));
    return {};
}

Status AccountService::setRole(const Actor &actor, const QString &email, UserRole role) const
{
    return changeUser(actor, email, [&](const Principal &principal, const User &user) -> Status {
        if (user.role == role)
            return {};
        if (auto kept = keepsAnAdmin(user, role, user.active); !kept)
            return kept;
        if (auto changed = UserRepository(m_database).setRole(user.id, role, m_clock.nowMs()); !changed)
            return changed;
        return AuditLog(m_database, m_clock).record(principal, AuditAction::UserRoleChanged, QStringLiteral("user"),
                                                    user.email,
                                                    toString(user.role) + QStringLiteral(" -> ") + toString(role));
    });
}

Status AccountService::setActive(const Actor &actor, const QString &email, bool active) const
{
    return changeUser(actor, email, [&](const Principal &principal, const User &user) -> Status {
        if (user.active == active)
            return {};
        if (auto kept = keepsAnAdmin(user, user.role, active); !kept)
            return kept;
        if (auto changed = UserRepository(m_database).setActive(user.id, active, m_clock.nowMs()); !changed)
            return changed;
        return AuditLog(m_database, m_clock).record(
            principal, active ? AuditAction::UserReactivated : AuditAction::UserDeactivated, QStringLiteral("user"),
            user.email);
    });
}

Status AccountService::resetPassword(const Actor &actor, const QString &email, const QString &passwordHash) const
{
    return changeUser(actor, email, [&](const Principal &principal, const User &user) -> Status {
        if (auto changed = UserRepository(m_database).setPasswordHash(user.id, passwordHash, m_clock.nowMs()); !changed)
            return changed;
        return AuditLog(m_database, m_clock).record(principal, AuditAction::UserPasswordReset, QStringLiteral("user"),
                                                    user.email);
    });
}

} // namespace Prospecta
