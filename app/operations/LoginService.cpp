// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoginService.h"

#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "security/PasswordHasher.h"
#include "storage/Database.h"
#include "storage/UserRepository.h"

#include <QVariant>

namespace Prospecta {

namespace {

// The email as it goes into the audit log: typed by a stranger, so bounded.
QString auditableEmail(const QString &typed)
{
    return typed.trimmed().left(254);
}

QString waitText(qint64 retryAfterMs)
{
    // Singular and plural spelled out rather than "%n" forms, so the text reads right
    // where no translator is installed (the command line, the REST API).
    const qint64 seconds = (retryAfterMs + 999) / 1000;
    if (seconds < 120)
        return seconds == 1 ? LoginService::tr("1 second") : LoginService::tr("%1 seconds").arg(seconds);
    const qint64 minutes = (seconds + 59) / 60;
    return LoginService::tr("%1 minutes").arg(minutes);
}

} // namespace

LoginService::LoginService(const Database &database, std::shared_ptr<const Clock> clock, HashingPool &pool,
                           QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
    , m_pool(pool)
    , m_throttle(std::move(clock))
{
}

void LoginService::login(const QString &email, const QString &password, const QString &client, Done done)
{
    const QString emailKey = UserRepository::emailKey(email);

    // A throttled attempt is rejected at once, before any hashing, so a flood costs no
    // Argon2id work.
    if (const qint64 waitMs = m_throttle.retryAfterMs(emailKey, client); waitMs > 0) {
        Error error = makeError(ErrorKind::TooManyRequests,
                                tr("Too many failed attempts to log in as %1 from here. Wait %2 and try again.")
                                    .arg(auditableEmail(email), waitText(waitMs)));
        error.retryAfterMs = waitMs;
        done(error);
        return;
    }

    auto record = UserRepository(m_database).findByEmail(email);
    if (!record) {
        done(record.error());
        return;
    }
    const qint64 userId = *record ? (*record)->user.id : 0;
    const QString storedHash = *record && !(*record)->passwordHash.isEmpty() ? (*record)->passwordHash : QString();

    // On the hashing thread: whether the password matched and, when the stored hash is
    // outdated, its replacement.
    auto work = [storedHash, password]() -> QVariant {
        // Unknown emails and users without a password are checked against the decoy, so
        // every response costs one verification.
        const QString hash = storedHash.isEmpty() ? PasswordHasher::decoyHash() : storedHash;
        const bool matched = PasswordHasher::verify(hash, password) && !storedHash.isEmpty();
        QString newHash;
        if (matched && PasswordHasher::needsRehash(storedHash)) {
            if (auto fresh = PasswordHasher::hash(password))
                newHash = *fresh;
        }
        return QVariantList{matched, newHash};
    };
    auto finished = [this, emailKey, typed = email, client, userId, done](const QVariant &value) {
        const QVariantList parts = value.toList();
        finish(emailKey, typed, client, userId, parts.value(0).toBool(), parts.value(1).toString(), done);
    };
    if (auto queued = m_pool.submit(std::move(work), this, std::move(finished)); !queued) {
        Error error = queued.error();
        error.retryAfterMs = 2000;
        done(error);
    }
}

Error LoginService::failed(const QString &emailKey, const QString &typedEmail, const QString &client,
                           const QString &reason)
{
    m_throttle.recordFailure(emailKey, client);
    if (auto audited = AuditLog(m_database, *m_clock).recordAnonymous(auditableEmail(typedEmail), client,
                                                                      AuditAction::LoginFailed, reason);
        !audited)
        qCWarning(lcSecurity) << "could not audit a failed login:" << audited.error().message;
    // Every failure is in the audit log. The developer log keeps them at debug level, so a
    // guessing flood does not push the rest of the log out.
    qCDebug(lcSecurity) << "failed login from" << client << "(" << reason << ")";
    return makeError(ErrorKind::Unauthorized, tr("The email or the password is wrong. Check both and try again."));
}

void LoginService::finish(const QString &emailKey, const QString &typedEmail, const QString &client, qint64 userId,
                          bool verified, const QString &newHash, const Done &done)
{
    if (!verified) {
        done(failed(emailKey, typedEmail, client, QStringLiteral("wrong email or password")));
        return;
    }

    // The account may have changed while the password was being checked.
    Transaction transaction(m_database);
    if (!transaction.started()) {
        done(transaction.started().error());
        return;
    }
    UserRepository users(m_database);
    auto record = users.findById(userId);
    if (!record) {
        done(record.error());
        return;
    }
    if (!*record || !(*record)->user.active) {
        (void)failed(emailKey, typedEmail, client, QStringLiteral("account deactivated"));
        (void)transaction.commit();
        done(makeError(ErrorKind::Unauthorized,
                       tr("The account %1 is deactivated. Ask an administrator to reactivate it.")
                           .arg(auditableEmail(typedEmail))));
        return;
    }

    const qint64 nowMs = m_clock->nowMs();
    const User &user = (*record)->user;
    const Principal principal{Actor::user(user.id, client), user.role, user.name, user.email};
    Status stored = users.recordLogin(user.id, nowMs);
    if (stored && !newHash.isEmpty())
        stored = users.upgradePasswordHash(user.id, newHash, nowMs);
    if (stored)
        stored = AuditLog(m_database, *m_clock)
                     .record(principal, AuditAction::LoginSucceeded, QStringLiteral("user"), user.email,
                             newHash.isEmpty() ? QString() : QStringLiteral("password hash upgraded"));
    if (stored)
        stored = transaction.commit();
    if (!stored) {
        done(stored.error());
        return;
    }
    m_throttle.recordSuccess(emailKey, client);
    qCInfo(lcSecurity) << "user" << user.id << "logged in from" << client;
    done(principal);
}

} // namespace Prospecta
