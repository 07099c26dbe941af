// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"
#include "core/Result.h"
#include "domain/Entities.h"

#include <QCoreApplication>
#include <QList>

#include <functional>

namespace Prospecta {

class Clock;
class Database;

// Users and their roles. Password hashes are made by the caller (PasswordHasher, off the
// server and GUI threads) and passed in; this class only stores them. Every change is
// checked, audited and committed in one transaction.
class AccountService
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::AccountService)

public:
    AccountService(const Database &database, const Clock &clock);

    // Name, email and role are acceptable for a new user (no hashing needed to tell).
    static Status validateNewUser(const User &user);

    Result<bool> hasUsers() const;

    // The first administrator, created from the desktop's first-run dialog. Refused
    // (Conflict) once any user exists, so it can never be used to add a second one.
    Result<qint64> createFirstAdmin(User user, const QString &passwordHash, const QString &client) const;

    Result<qint64> addUser(const Actor &actor, const User &user, const QString &passwordHash) const;
    Result<QList<User>> list(const Actor &actor) const;

    // Demoting or deactivating the last active administrator is refused.
    Status setRole(const Actor &actor, const QString &email, UserRole role) const;
    Status setActive(const Actor &actor, const QString &email, bool active) const;
    Status resetPassword(const Actor &actor, const QString &email, const QString &passwordHash) const;

private:
    using UserChange = std::function<Status(const Principal &, const User &)>;

    // In one transaction: checks ManageUsers, finds the user by email, applies `change`
    // (which audits itself) and commits; nothing is kept when any step fails.
    Status changeUser(const Actor &actor, const QString &email, const UserChange &change) const;
    Status keepsAnAdmin(const User &user, UserRole newRole, bool newActive) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
