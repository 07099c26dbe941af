// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"
#include "core/Result.h"
#include "security/SecretBox.h"

#include <QByteArray>
#include <QCoreApplication>

namespace Prospecta {

class Clock;
class Database;

// Bearer tokens for the REST API: JWT HS256 carrying the user, the issue and expiry times
// and the user's token version. The signing key is 32 random bytes sealed to the
// installation's key pair in the installation table, so only the process holding the
// private key can issue or check tokens. Every check reloads the user: a deactivation,
// a role change or a password reset (which raise the token version) ends older tokens at
// once.
class ApiTokens
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::ApiTokens)

public:
    ApiTokens(const Database &database, const Clock &clock, const KeyPair &keys);

    // A token for `userId`, valid for `lifetimeMinutes`.
    Result<QByteArray> issue(qint64 userId, int lifetimeMinutes) const;

    // The principal behind an "Authorization: Bearer …" header value; Unauthorized for a
    // missing, malformed, expired, revoked or foreign token and for inactive users.
    Result<Principal> authenticate(const QByteArray &authorizationHeader, const QString &client) const;

private:
    Result<QByteArray> signingKey() const;

    const Database &m_database;
    const Clock &m_clock;
    KeyPair m_keys;
};

} // namespace Prospecta
