// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QList>
#include <optional>

namespace Prospecta {

class Database;

// A user row with what only the accounts code may see.
struct UserRecord
{
    User user;
    QString passwordHash; // empty: the user cannot log in until a password is set
    qint64 lastLoginMs = 0;
    qint64 createdMs = 0;
    qint64 tokenVersion = 0; // REST API tokens carry it; a higher value revokes them
};

// The users table. Emails are unique compared without case: the column email_key holds
// the case-folded, trimmed form and carries the unique index.
class UserRepository
{
public:
    explicit UserRepository(const Database &database);

    static QString emailKey(const QString &email);

    // Conflict when another user has the same email.
    Result<qint64> insert(const User &user, const QString &passwordHash, qint64 nowMs) const;

    Result<std::optional<UserRecord>> findById(qint64 id) const;
    Result<std::optional<UserRecord>> findByEmail(const QString &email) const;

    // Every user, active ones first, then by name.
    Result<QList<User>> list() const;

    Result<int> count() const;
    Result<int> countActiveAdmins() const;

    // Changing the role, the active flag or the password raises token_version.
    Status setRole(qint64 id, UserRole role, qint64 nowMs) const;
    Status setActive(qint64 id, bool active, qint64 nowMs) const;
    Status setPasswordHash(qint64 id, const QString &passwordHash, qint64 nowMs) const;
    // The same password hashed with current parameters: tokens stay valid.
    Status upgradePasswordHash(qint64 id, const QString &passwordHash, qint64 nowMs) const;
    Status recordLogin(qint64 id, qint64 nowMs) const;

private:
    Result<std::optional<UserRecord>> findOne(const QString &column, const QVariant &value) const;
    Status updateOne(qint64 id, const QString &assignments, const QVariantList &values) const;

    const Database &m_database;
};

} // namespace Prospecta
