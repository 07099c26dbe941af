// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApiTokens.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "security/JsonWebToken.h"
#include "storage/Database.h"
#include "storage/UserRepository.h"

#include <sodium.h>

namespace Prospecta {

namespace {

const QString signingKeyName = QStringLiteral("api.signingKey");
constexpr int signingKeyBytes = 32;

Error invalidToken()
{
    return makeError(ErrorKind::Unauthorized, ApiTokens::tr("The token is missing, invalid or expired; log in again."));
}

} // namespace

ApiTokens::ApiTokens(const Database &database, const Clock &clock, const KeyPair &keys)
    : m_database(database)
    , m_clock(clock)
    , m_keys(keys)
{
}

Result<QByteArray> ApiTokens::signingKey() const
{
    const QString select = QStringLiteral("SELECT value FROM installation WHERE key = ?");
    auto stored = m_database.scalar(select, {signingKeyName});
    if (!stored)
        return stored.error();
    if (stored->toString().isEmpty()) {
        // First use: make the key. Another process may insert its own at the same time;
        // the row that wins is the key everyone uses.
        QByteArray fresh(signingKeyBytes, Qt::Uninitialized);
        randombytes_buf(fresh.data(), size_t(fresh.size()));
        const QByteArray sealed = SecretBox::seal(fresh, m_keys.publicKey);
        sodium_memzero(fresh.data(), size_t(fresh.size()));
        auto inserted = m_database.exec(
            QStringLiteral("INSERT INTO installation (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
            {signingKeyName, QString::fromLatin1(sealed)});
        if (!inserted)
            return inserted.error();
        stored = m_database.scalar(select, {signingKeyName});
        if (!stored)
            return stored.error();
        qCInfo(lcSecurity) << "created the REST API signing key";
    }
    return SecretBox::open(stored->toString().toLatin1(), m_keys);
}

Result<QByteArray> ApiTokens::issue(qint64 userId, int lifetimeMinutes) const
{
    auto user = UserRepository(m_database).findById(userId);
    if (!user)
        return user.error();
    if (!*user || !(*user)->user.active)
        return invalidToken();
    auto key = signingKey();
    if (!key)
        return key.error();
    const qint64 nowSec = m_clock.nowMs() / 1000;
    TokenClaims claims;
    claims.userId = userId;
    claims.issuedAtSec = nowSec;
    claims.expiresAtSec = nowSec + qint64(lifetimeMinutes) * 60;
    claims.tokenVersion = (*user)->tokenVersion;
    return JsonWebToken::sign(claims, *key);
}

Result<Principal> ApiTokens::authenticate(const QByteArray &authorizationHeader, const QString &client) const
{
    // The scheme name is case-insensitive (RFC 9110, section 11.1).
    const QByteArray prefix = QByteArrayLiteral("bearer ");
    if (authorizationHeader.size() <= prefix.size() || authorizationHeader.left(prefix.size()).toLower() != prefix)
        return invalidToken();
    auto key = signingKey();
    if (!key)
        return key.error();
    auto claims = JsonWebToken::verify(authorizationHeader.mid(prefix.size()).trimmed(), *key, m_clock.nowMs() / 1000);
    if (!claims)
        return invalidToken();

    auto record = UserRepository(m_database).findById(claims->userId);
    if (!record)
        return record.error();
    if (!*record || !(*record)->user.active || (*record)->tokenVersion != claims->tokenVersion) {
        qCDebug(lcSecurity) << "rejected a revoked token of user" << claims->userId;
        return invalidToken();
    }
    const User &user = (*record)->user;
    return Principal{Actor::user(user.id, client), user.role, user.name, user.email};
}

} // namespace Prospecta
