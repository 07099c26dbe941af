// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

namespace Prospecta {

// The claims of a REST API token: nothing but the user, when it was issued, when it
// expires and the user's token version (raised by a password reset, a role change or a
// deactivation, which revokes every older token).
struct TokenClaims
{
    qint64 userId = 0;        // "sub", as a decimal string in the token
    qint64 issuedAtSec = 0;   // "iat"
    qint64 expiresAtSec = 0;  // "exp"
    qint64 tokenVersion = 0;  // "ver"
};

// JSON Web Tokens signed with HS256 (RFC 7519, RFC 7515). Only {"alg":"HS256","typ":"JWT"}
// headers are accepted; "none", any other algorithm, extra or missing claims, malformed
// base64url and bad signatures are rejected with ErrorKind::Unauthorized.
class JsonWebToken
{
public:
    // HS256 keys shorter than the hash output (RFC 7518 section 3.2) are refused.
    static constexpr qsizetype MinimumKeyBytes = 32;
    // How far "iat" may lie ahead of the verifier's clock.
    static constexpr qint64 MaxClockSkewSec = 60;

    // Signs the claims and returns header.payload.signature, or an empty array when
    // `key` is shorter than MinimumKeyBytes.
    static QByteArray sign(const TokenClaims &claims, const QByteArray &key);

    // Checks the signature (constant time), the header and the claims, and that
    // `nowSec` is before "exp" and not more than MaxClockSkewSec before "iat". Every
    // failure is ErrorKind::Unauthorized with one of two messages for API clients: "The
    // token is expired; log in again." or "The token is invalid; log in again."
    static Result<TokenClaims> verify(const QByteArray &token, const QByteArray &key, qint64 nowSec);
};

} // namespace Prospecta
