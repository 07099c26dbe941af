// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "JsonWebToken.h"

#include "SecretBox.h"
#include "core/Logging.h"
#include "core/StrictJson.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMetaType>
#include <QSet>
#include <QVariant>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <optional>

namespace Prospecta {

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// The only header that sign() writes. verify() accepts it with or without "typ".
constexpr QByteArrayView SignedHeader(R"({"alg":"HS256","typ":"JWT"})");

QByteArray hmacSha256(const QByteArray &key, QByteArrayView message)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLength = 0;
    if (!HMAC(EVP_sha256(), key.constData(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(message.data()),
              static_cast<size_t>(message.size()), out, &outLength)) {
        qCWarning(lcSecurity) << "HMAC-SHA256 computation failed in OpenSSL";
        return {};
    }
    return QByteArray(reinterpret_cast<const char *>(out), static_cast<qsizetype>(outLength));
}

// Decodes unpadded base64url (RFC 7515 section 2). Padding, characters outside the
// base64url alphabet and non-canonical encodings (unused low bits set, which would give
// one value several spellings) are rejected.
std::optional<QByteArray> decodeBase64Url(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 4 == 1)
        return std::nullopt;
    const bool alphabetOnly = std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!alphabetOnly)
        return std::nullopt;

    const auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(),
                                                        Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(Base64Url) != text.toByteArray())
        return std::nullopt;
    return decoded.decoded;
}

// True when every number in `json` is written as an integer ("7", not "7.0" or "7e0").
// Qt 6.4 reads 7.0 and 7e0 as the integer 7, so the text itself is scanned: outside
// string literals, '.' and 'e' or 'E' only occur in such numbers or in true and false,
// which no claim accepts anyway.
bool hasOnlyIntegerNumbers(const QByteArray &json)
{
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '.' || c == 'e' || c == 'E') {
            return false;
        }
    }
    return true;
}

// A JSON integer: Qt keeps integral numbers that fit as qint64 and others as double.
std::optional<qint64> integerValue(const QJsonValue &value)
{
    const QVariant variant = value.toVariant();
    if (variant.typeId() != QMetaType::LongLong)
        return std::nullopt;
    return variant.toLongLong();
}

// The user id in "sub": a positive decimal string with no sign, spaces or leading zeros.
std::optional<qint64> userIdValue(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    if (text.isEmpty() || text.front() == QLatin1Char('0')
        || !std::all_of(text.begin(), text.end(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }))
        return std::nullopt;
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return id;
}

bool isAcceptedHeader(const QByteArray &headerJson)
{
    const Result<QJsonDocument> document = StrictJson::parse(headerJson);
    if (!document || !document->isObject())
        return false;
    const QJsonObject header = document->object();
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() != QLatin1String("alg") && it.key() != QLatin1String("typ"))
            return false;
    }
    // The algorithm is compared exactly: "none", "HS512" and "hs256" are all rejected.
    if (header.value(QLatin1String("alg")) != QJsonValue(QStringLiteral("HS256")))
        return false;
    return !header.contains(QLatin1String("typ")) || header.value(QLatin1String("typ")) == QJsonValue(QStringLiteral("JWT"));
}

std::optional<TokenClaims> parseClaims(const QByteArray &payloadJson)
{
    const Result<QJsonDocument> document = StrictJson::parse(payloadJson);
    if (!document || !document->isObject() || !hasOnlyIntegerNumbers(payloadJson))
        return std::nullopt;
    const QJsonObject payload = document->object();
    static const QSet<QString> claimNames{QStringLiteral("sub"), QStringLiteral("iat"),
                                          QStringLiteral("exp"), QStringLiteral("ver")};
    if (payload.size() != claimNames.size())
        return std::nullopt;
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        if (!claimNames.contains(it.key()))
            return std::nullopt;
    }

    const std::optional<qint64> userId = userIdValue(payload.value(QLatin1String("sub")));
    const std::optional<qint64> issuedAt = integerValue(payload.value(QLatin1String("iat")));
    const std::optional<qint64> expiresAt = integerValue(payload.value(QLatin1String("exp")));
    const std::optional<qint64> version = integerValue(payload.value(QLatin1String("ver")));
    if (!userId || !issuedAt || !expiresAt || !version)
        return std::nullopt;
    if (*issuedAt < 0 || *expiresAt <= *issuedAt || *version < 0)
        return std::nullopt;

    return TokenClaims{*userId, *issuedAt, *expiresAt, *version};
}

// One message for every failed check, so an API client cannot probe which one failed.
Error invalidToken(const char *reason)
{
    qCDebug(lcSecurity) << "Token rejected:" << reason;
    return makeError(ErrorKind::Unauthorized,
                     QCoreApplication::translate("Prospecta::JsonWebToken", "The token is invalid; log in again."));
}

} // namespace

QByteArray JsonWebToken::sign(const TokenClaims &claims, const QByteArray &key)
{
    if (key.size() < MinimumKeyBytes) {
        qCWarning(lcSecurity) << "Token not signed: the signing key has" << key.size()
                              << "bytes, fewer than" << MinimumKeyBytes;
        return {};
    }

    // Written by hand so the claims and their order are exactly what verify() accepts.
    const QByteArray payload = "{\"sub\":\"" + QByteArray::number(claims.userId)
        + "\",\"iat\":" + QByteArray::number(claims.issuedAtSec)
        + ",\"exp\":" + QByteArray::number(claims.expiresAtSec)
        + ",\"ver\":" + QByteArray::number(claims.tokenVersion) + '}';

    const QByteArray signingInput = SignedHeader.toByteArray().toBase64(Base64Url) + '.' + payload.toBase64(Base64Url);
    const QByteArray signature = hmacSha256(key, signingInput);
    if (signature.isEmpty())
        return {};
    return signingInput + '.' + signature.toBase64(Base64Url);
}

Result<TokenClaims> JsonWebToken::verify(const QByteArray &token, const QByteArray &key, qint64 nowSec)
{
    if (key.size() < MinimumKeyBytes)
        return invalidToken("the verification key is shorter than 32 bytes");

    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return invalidToken("the token does not have three parts");
    const QByteArray &encodedHeader = parts[0];
    const QByteArray &encodedPayload = parts[1];
    const QByteArray &encodedSignature = parts[2];
    if (encodedSignature.isEmpty())
        return invalidToken("the signature is empty");

    const std::optional<QByteArray> headerJson = decodeBase64Url(encodedHeader);
    const std::optional<QByteArray> payloadJson = decodeBase64Url(encodedPayload);
    if (!headerJson || !payloadJson || !decodeBase64Url(encodedSignature))
        return invalidToken("a part is not canonical unpadded base64url");

    if (!isAcceptedHeader(*headerJson))
        return invalidToken("the header is not {\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    // The signature is compared as text. decodeBase64Url() has checked that it is
    // canonical, so equal text means equal bytes and no second spelling of it passes.
    const QByteArray signingInput = encodedHeader + '.' + encodedPayload;
    const QByteArray expected = hmacSha256(key, signingInput).toBase64(Base64Url);
    if (expected.isEmpty() || !SecretBox::constantTimeEquals(expected, encodedSignature))
        return invalidToken("the signature does not match");

    // The payload is parsed only once the signature shows it was issued here.
    const std::optional<TokenClaims> claims = parseClaims(*payloadJson);
    if (!claims)
        return invalidToken("the claims are not exactly sub, iat, exp and ver with valid values");

    // A token issued more than MaxClockSkewSec ahead of this clock is rejected, because
    // it means that the clocks disagree or that the key has leaked.
    if (claims->issuedAtSec > nowSec + MaxClockSkewSec)
        return invalidToken("the token was issued in the future");
    if (claims->expiresAtSec <= nowSec) {
        qCDebug(lcSecurity) << "Token rejected: expired at" << claims->expiresAtSec << "for user" << claims->userId;
        return makeError(ErrorKind::Unauthorized,
                         QCoreApplication::translate("Prospecta::JsonWebToken", "The token is expired; log in again."));
    }
    return *claims;
}

} // namespace Prospecta
