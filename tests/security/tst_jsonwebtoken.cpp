// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/JsonWebToken.h"

#include <QTest>

#include <limits>

#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace Prospecta;

namespace {

const QByteArray Key = "0123456789abcdef0123456789abcdef"; // exactly 32 bytes
const QByteArray Header = R"({"alg":"HS256","typ":"JWT"})";
const QByteArray Payload = R"({"sub":"42","iat":1767225600,"exp":1767254400,"ver":3})";
constexpr qint64 IssuedAt = 1767225600; // 2026-01-01T00:00:00Z
constexpr qint64 ExpiresAt = 1767254400; // eight hours later
const QString InvalidMessage = QStringLiteral("The token is invalid; log in again.");
const QString ExpiredMessage = QStringLiteral("The token is expired; log in again.");

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// HMAC-SHA256 straight from OpenSSL, independent of the code under test.
QByteArray opensslHmacSha256(const QByteArray &key, const QByteArray &message)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char *>(message.constData()), static_cast<size_t>(message.size()), out,
         &length);
    return QByteArray(reinterpret_cast<const char *>(out), static_cast<qsizetype>(length));
}

// A token over exactly the given header and payload text, correctly signed with `key`.
QByteArray forge(const QByteArray &header, const QByteArray &payload, const QByteArray &key = Key)
{
    const QByteArray signingInput = header.toBase64(Base64Url) + '.' + payload.toBase64(Base64Url);
    return signingInput + '.' + opensslHmacSha256(key, signingInput).toBase64(Base64Url);
}

QByteArray replacePart(const QByteArray &token, int index, const QByteArray &part)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = part;
    return parts.join('.');
}

TokenClaims defaultClaims()
{
    return TokenClaims{42, IssuedAt, ExpiresAt, 3};
}

} // namespace

class JsonWebTokenTest : public QObject
{
    Q_OBJECT

private slots:
    void signMatchesOpensslVector();
    void verifyAcceptsOpensslVector();
    void verifyAcceptsHeaderWithoutTyp();
    void verifyAcceptsReorderedClaims();
    void roundTrip_data();
    void roundTrip();
    void signRefusesShortKey();
    void verifyRejects_data();
    void verifyRejects();
    void expiryBoundary_data();
    void expiryBoundary();
    void issuedAtBoundary_data();
    void issuedAtBoundary();
};

// Known vector: the expected token is built here from OpenSSL's HMAC, not from sign().
void JsonWebTokenTest::signMatchesOpensslVector()
{
    QCOMPARE(JsonWebToken::sign(defaultClaims(), Key), forge(Header, Payload));
}

void JsonWebTokenTest::verifyAcceptsOpensslVector()
{
    const Result<TokenClaims> claims = JsonWebToken::verify(forge(Header, Payload), Key, IssuedAt);

    QVERIFY2(claims.ok(), qPrintable(claims.ok() ? QString() : claims.error().message));
    QCOMPARE(claims->userId, 42);
    QCOMPARE(claims->issuedAtSec, IssuedAt);
    QCOMPARE(claims->expiresAtSec, ExpiresAt);
    QCOMPARE(claims->tokenVersion, 3);
}

void JsonWebTokenTest::verifyAcceptsHeaderWithoutTyp()
{
    const QByteArray token = forge(R"({"alg":"HS256"})", Payload);

    QVERIFY(JsonWebToken::verify(token, Key, IssuedAt).ok());
}

void JsonWebTokenTest::verifyAcceptsReorderedClaims()
{
    const QByteArray token = forge(R"({"typ":"JWT", "alg":"HS256"})",
                                   R"({"ver":3,"exp":1767254400,"sub":"42","iat":1767225600})");

    const Result<TokenClaims> claims = JsonWebToken::verify(token, Key, IssuedAt);
    QVERIFY(claims.ok());
    QCOMPARE(claims->userId, 42);
    QCOMPARE(claims->tokenVersion, 3);
}

void JsonWebTokenTest::roundTrip_data()
{
    QTest::addColumn<qint64>("userId");
    QTest::addColumn<qint64>("tokenVersion");
    QTest::addColumn<QByteArray>("key");

    QTest::newRow("first user") << qint64(1) << qint64(0) << Key;
    QTest::newRow("raised version") << qint64(42) << qint64(7) << Key;
    QTest::newRow("largest user id") << std::numeric_limits<qint64>::max() << qint64(1) << Key;
    QTest::newRow("binary 64-byte key") << qint64(9) << qint64(2) << QByteArray(64, '\xA5');
}

void JsonWebTokenTest::roundTrip()
{
    QFETCH(qint64, userId);
    QFETCH(qint64, tokenVersion);
    QFETCH(QByteArray, key);

    const QByteArray token = JsonWebToken::sign(TokenClaims{userId, IssuedAt, ExpiresAt, tokenVersion}, key);
    QCOMPARE(token.count('.'), 2);
    QVERIFY(!token.contains('='));

    const Result<TokenClaims> claims = JsonWebToken::verify(token, key, IssuedAt + 1);
    QVERIFY(claims.ok());
    QCOMPARE(claims->userId, userId);
    QCOMPARE(claims->issuedAtSec, IssuedAt);
    QCOMPARE(claims->expiresAtSec, ExpiresAt);
    QCOMPARE(claims->tokenVersion, tokenVersion);
}

void JsonWebTokenTest::signRefusesShortKey()
{
    QTest::ignoreMessage(QtWarningMsg, "Token not signed: the signing key has 31 bytes, fewer than 32");
    QTest::ignoreMessage(QtWarningMsg, "Token not signed: the signing key has 0 bytes, fewer than 32");
    QVERIFY(JsonWebToken::sign(defaultClaims(), Key.chopped(1)).isEmpty());
    QVERIFY(JsonWebToken::sign(defaultClaims(), QByteArray()).isEmpty());
}

void JsonWebTokenTest::verifyRejects_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("key");

    const QByteArray valid = forge(Header, Payload);
    const QList<QByteArray> parts = valid.split('.');
    const QByteArray &signature = parts[2];

    // Header attacks.
    QTest::newRow("alg none with empty signature")
        << QByteArray(QByteArray(R"({"alg":"none","typ":"JWT"})").toBase64(Base64Url) + '.' + parts[1] + '.') << Key;
    QTest::newRow("alg none, signed") << forge(R"({"alg":"none","typ":"JWT"})", Payload) << Key;
    QTest::newRow("alg HS512, same signature")
        << replacePart(valid, 0, QByteArray(R"({"alg":"HS512","typ":"JWT"})").toBase64(Base64Url)) << Key;
    QTest::newRow("alg HS512, signed") << forge(R"({"alg":"HS512","typ":"JWT"})", Payload) << Key;
    QTest::newRow("alg hs256 lowercase") << forge(R"({"alg":"hs256","typ":"JWT"})", Payload) << Key;
    QTest::newRow("alg RS256") << forge(R"({"alg":"RS256","typ":"JWT"})", Payload) << Key;
    QTest::newRow("alg missing") << forge(R"({"typ":"JWT"})", Payload) << Key;
    QTest::newRow("typ not JWT") << forge(R"({"alg":"HS256","typ":"jwt"})", Payload) << Key;
    QTest::newRow("extra header field") << forge(R"({"alg":"HS256","typ":"JWT","kid":"1"})", Payload) << Key;
    QTest::newRow("duplicate alg") << forge(R"({"alg":"none","alg":"HS256","typ":"JWT"})", Payload) << Key;
    QTest::newRow("header not an object") << forge(R"(["HS256"])", Payload) << Key;

    // Payload and signature tampering.
    QTest::newRow("payload changed, same signature")
        << replacePart(valid, 1, QByteArray(R"({"sub":"1","iat":1767225600,"exp":1767254400,"ver":3})").toBase64(Base64Url))
        << Key;
    QByteArray firstCharChanged = signature;
    firstCharChanged[0] = firstCharChanged[0] == 'A' ? 'B' : 'A';
    QTest::newRow("signature first character changed") << replacePart(valid, 2, firstCharChanged) << Key;
    // The last of 43 characters carries 4 bits of the hash and 2 unused bits. Flipping an
    // unused bit decodes to the same bytes, and the token must still be rejected.
    QByteArray unusedBitsSet = signature;
    const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unusedBitsSet[42] = alphabet[alphabet.indexOf(unusedBitsSet[42]) ^ 1];
    QTest::newRow("signature with unused bits set") << replacePart(valid, 2, unusedBitsSet) << Key;
    QTest::newRow("signature truncated") << replacePart(valid, 2, signature.chopped(1)) << Key;
    QTest::newRow("empty signature") << replacePart(valid, 2, QByteArray()) << Key;
    // This signature's base64url text contains '_', so the standard alphabet spells it with '/'.
    const QByteArray standardSignature =
        opensslHmacSha256(Key, parts[0] + '.' + parts[1]).toBase64(QByteArray::OmitTrailingEquals);
    QVERIFY(standardSignature != signature);
    QTest::newRow("signature in standard base64") << replacePart(valid, 2, standardSignature) << Key;
    QTest::newRow("signature padded") << QByteArray(valid + '=') << Key;
    QTest::newRow("wrong key") << valid << QByteArray("0123456789abcdef0123456789abcdeF");
    QTest::newRow("key shorter than 32 bytes") << forge(Header, Payload, Key.chopped(1)) << Key.chopped(1);

    // Structure and encoding.
    QTest::newRow("empty token") << QByteArray() << Key;
    QTest::newRow("two parts") << QByteArray(parts[0] + '.' + parts[1]) << Key;
    QTest::newRow("four parts") << QByteArray(valid + ".e30") << Key;
    QTest::newRow("trailing newline") << QByteArray(valid + '\n') << Key;
    QByteArray paddedPayload = Payload;
    while (paddedPayload.size() % 3 == 0)
        paddedPayload.append(' ');
    const QByteArray paddedInput = parts[0] + '.' + paddedPayload.toBase64(QByteArray::Base64UrlEncoding);
    QVERIFY(paddedInput.endsWith('='));
    QTest::newRow("payload with base64 padding")
        << QByteArray(paddedInput + '.' + opensslHmacSha256(Key, paddedInput).toBase64(Base64Url)) << Key;
    const QByteArray starInput = parts[0] + ".*" + parts[1];
    QTest::newRow("payload with invalid character")
        << QByteArray(starInput + '.' + opensslHmacSha256(Key, starInput).toBase64(Base64Url)) << Key;

    // Claims, each token correctly signed so only the claim check can reject it.
    QTest::newRow("extra claim")
        << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400,"ver":3,"role":"admin"})") << Key;
    QTest::newRow("missing ver") << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400})") << Key;
    QTest::newRow("missing sub") << forge(Header, R"({"iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("duplicate sub")
        << forge(Header, R"({"sub":"42","sub":"1","iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("sub as number") << forge(Header, R"({"sub":42,"iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("sub with leading zero")
        << forge(Header, R"({"sub":"042","iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("sub negative") << forge(Header, R"({"sub":"-1","iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("sub not decimal")
        << forge(Header, R"({"sub":"4a","iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("sub overflows")
        << forge(Header, R"({"sub":"9223372036854775808","iat":1767225600,"exp":1767254400,"ver":3})") << Key;
    QTest::newRow("iat as string")
        << forge(Header, R"({"sub":"42","iat":"1767225600","exp":1767254400,"ver":3})") << Key;
    QTest::newRow("exp with fraction")
        << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400.5,"ver":3})") << Key;
    QTest::newRow("exp with decimal point")
        << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400.0,"ver":3})") << Key;
    QTest::newRow("exp in exponent form")
        << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1.7672544e9,"ver":3})") << Key;
    QTest::newRow("ver as boolean") << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400,"ver":true})") << Key;
    QTest::newRow("ver null") << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400,"ver":null})") << Key;
    QTest::newRow("ver negative") << forge(Header, R"({"sub":"42","iat":1767225600,"exp":1767254400,"ver":-1})") << Key;
    QTest::newRow("exp before iat")
        << forge(Header, R"({"sub":"42","iat":1767254400,"exp":1767225600,"ver":3})") << Key;
    QTest::newRow("payload not an object") << forge(Header, R"([42])") << Key;
    QTest::newRow("payload not JSON") << forge(Header, "sub=42") << Key;
}

void JsonWebTokenTest::verifyRejects()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, key);

    const Result<TokenClaims> claims = JsonWebToken::verify(token, key, IssuedAt);
    QVERIFY(!claims.ok());
    QCOMPARE(claims.error().kind, ErrorKind::Unauthorized);
    QCOMPARE(claims.error().message, InvalidMessage);
}

void JsonWebTokenTest::expiryBoundary_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<bool>("valid");

    QTest::newRow("one second before exp") << ExpiresAt - 1 << true;
    QTest::newRow("at exp") << ExpiresAt << false;
    QTest::newRow("one second after exp") << ExpiresAt + 1 << false;
    QTest::newRow("a day after exp") << ExpiresAt + 86400 << false;
}

void JsonWebTokenTest::expiryBoundary()
{
    QFETCH(qint64, now);
    QFETCH(bool, valid);

    const Result<TokenClaims> claims = JsonWebToken::verify(forge(Header, Payload), Key, now);
    QCOMPARE(claims.ok(), valid);
    if (!valid) {
        QCOMPARE(claims.error().kind, ErrorKind::Unauthorized);
        QCOMPARE(claims.error().message, ExpiredMessage);
    }
}

void JsonWebTokenTest::issuedAtBoundary_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<bool>("valid");

    QTest::newRow("at iat") << IssuedAt << true;
    QTest::newRow("clock 60 s behind iat") << IssuedAt - 60 << true;
    QTest::newRow("clock 61 s behind iat") << IssuedAt - 61 << false;
    QTest::newRow("clock an hour behind iat") << IssuedAt - 3600 << false;
}

void JsonWebTokenTest::issuedAtBoundary()
{
    QFETCH(qint64, now);
    QFETCH(bool, valid);

    const Result<TokenClaims> claims = JsonWebToken::verify(forge(Header, Payload), Key, now);
    QCOMPARE(claims.ok(), valid);
    if (!valid)
        QCOMPARE(claims.error().message, InvalidMessage);
}

QTEST_GUILESS_MAIN(JsonWebTokenTest)
#include "tst_jsonwebtoken.moc"
