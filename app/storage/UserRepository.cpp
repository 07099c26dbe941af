// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserRepository.h"

#include "Database.h"

#include <QCoreApplication>

namespace Prospecta {

namespace {

const QString userColumns =
    QStringLiteral("id, name, email, role, active, password_hash, last_login_at, created_at, token_version");

UserRecord readUser(const QSqlQuery &query)
{
    UserRecord record;
    record.user.id = query.value(0).toLongLong();
    record.user.name = query.value(1).toString();
    record.user.email = query.value(2).toString();
    // An unknown role read back (a newer program wrote it) gets the least power.
    record.user.role = fromString<UserRole>(query.value(3).toString()).value_or(UserRole::Agent);
    record.user.active = query.value(4).toInt() != 0;
    record.passwordHash = query.value(5).toString();
    record.lastLoginMs = query.value(6).toLongLong();
    record.createdMs = query.value(7).toLongLong();
    record.tokenVersion = query.value(8).toLongLong();
    return record;
}

} // namespace

UserRepository::UserRepository(const Database &database)
    : m_database(database)
{
}

QString UserRepository::emailKey(const QString &email)
{
    // Composed and decomposed accents ("é" as one or two code points) are one email.
    return email.trimmed().normalized(QString::NormalizationForm_C).toCaseFolded();
}

Result<qint64> UserRepository::insert(const User &user, const QString &passwordHash, qint64 nowMs) const
{
    const QString key = emailKey(user.email);
    auto existing = m_database.scalar(QStringLiteral("SELECT id FROM users WHERE email_key = ?"), {key}, 0);
    if (!existing)
        return existing.error();
    if (existing->toLongLong() != 0)
        return makeError(ErrorKind::Conflict,
                         QCoreApplication::translate("Prospecta::UserRepository", "A user with the email %1 already exists.")
                             .arg(user.email.trimmed()),
                         {QStringLiteral("email")});
    return m_database.insert(
        QStringLiteral("INSERT INTO users (name, email, email_key, role, active, password_hash, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {user.name.trimmed(), user.email.trimmed().normalized(QString::NormalizationForm_C), key, toString(user.role), user.active ? 1 : 0,
         Database::nullableText(passwordHash), nowMs, nowMs});
}

Result<std::optional<UserRecord>> UserRepository::findOne(const QString &column, const QVariant &value) const
{
    auto query = m_database.exec(QStringLiteral("SELECT %1 FROM users WHERE %2 = ?").arg(userColumns, column), {value});
    if (!query)
        return query.error();
    std::optional<UserRecord> record;
    if (query->next())
        record = readUser(*query);
    query->finish();
    return record;
}

Result<std::optional<UserRecord>> UserRepository::findById(qint64 id) const
{
    return findOne(QStringLiteral("id"), id);
}

Result<std::optional<UserRecord>> UserRepository::findByEmail(const QString &email) const
{
    return findOne(QStringLiteral("email_key"), emailKey(email));
}

Result<QList<User>> UserRepository::list() const
{
    auto query = m_database.exec(
        QStringLiteral("SELECT %1 FROM users ORDER BY active DESC, name, id").arg(userColumns));
    if (!query)
        return query.error();
    QList<User> users;
    while (query->next())
        users << readUser(*query).user;
    query->finish();
    return users;
}

Result<int> UserRepository::count() const
{
    auto value = m_database.scalar(QStringLiteral("SELECT COUNT(*) FROM users"), {}, 0);
    if (!value)
        return value.error();
    return value->toInt();
}

Result<int> UserRepository::countActiveAdmins() const
{
    auto value = m_database.scalar(QStringLiteral("SELECT COUNT(*) FROM users WHERE role = ? AND active = 1"),
                                   {toString(UserRole::Admin)}, 0);
    if (!value)
        return value.error();
    return value->toInt();
}

Status UserRepository::updateOne(qint64 id, const QString &assignments, const QVariantList &values) const
{
    auto changed = m_database.update(QStringLiteral("UPDATE users SET %1 WHERE id = ?").arg(assignments),
                                     QVariantList(values) << id);
    if (!changed)
        return changed.error();
    if (*changed == 0)
        return makeError(ErrorKind::NotFound,
                         QCoreApplication::translate("Prospecta::UserRepository", "User %1 does not exist.").arg(id));
    return {};
}

Status UserRepository::setRole(qint64 id, UserRole role, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("role = ?, token_version = token_version + 1, updated_at = ?"),
                     {toString(role), nowMs});
}

Status UserRepository::setActive(qint64 id, bool active, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("active = ?, token_version = token_version + 1, updated_at = ?"),
                     {active ? 1 : 0, nowMs});
}

Status UserRepository::setPasswordHash(qint64 id, const QString &passwordHash, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("password_hash = ?, token_version = token_version + 1, updated_at = ?"),
                     {passwordHash, nowMs});
}

Status UserRepository::upgradePasswordHash(qint64 id, const QString &passwordHash, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("password_hash = ?, updated_at = ?"), {passwordHash, nowMs});
}

Status UserRepository::recordLogin(qint64 id, qint64 nowMs) const
{
    return updateOne(id, QStringLiteral("last_login_at = ?"), {nowMs});
}

} // namespace Prospecta
