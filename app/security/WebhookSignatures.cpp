// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebhookSignatures.h"

#include "SecretBox.h"
#include "core/Logging.h"

#include <QMap>
#include <QStringDecoder>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <optional>

namespace Prospecta::WebhookSignatures {

namespace {

QByteArray hmac(const EVP_MD *digest, const QByteArray &key, const QByteArray &message)
{
    // An empty key is passed as a valid pointer with length 0, because OpenSSL's HMAC
    // functions read a null key pointer as "reuse the previous key".
    static const unsigned char emptyKey = 0;
    const auto *keyData = key.isEmpty() ? &emptyKey : reinterpret_cast<const unsigned char *>(key.constData());

    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLength = 0;
    if (!HMAC(digest, keyData, static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(message.constData()),
              static_cast<size_t>(message.size()), out, &outLength)) {
        qCWarning(lcSecurity) << "HMAC computation failed in OpenSSL";
        return {};
    }
    return QByteArray(reinterpret_cast<const char *>(out), static_cast<qsizetype>(outLength));
}

QByteArray sha256Hex(const QByteArray &data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLength = 0;
    if (!EVP_Digest(data.constData(), static_cast<size_t>(data.size()), out, &outLength, EVP_sha256(), nullptr)) {
        qCWarning(lcSecurity) << "SHA-256 computation failed in OpenSSL";
        return {};
    }
    return QByteArray(reinterpret_cast<const char *>(out), static_cast<qsizetype>(outLength)).toHex();
}

// The string Twilio signs: the URL, then name + value for every parameter, names sorted
// by UTF-16 code unit (JavaScript's default sort). Values of a repeated name are
// de-duplicated and sorted. The vectors in tests/fixtures/twilio/signature-cases.json,
// cross-checked with the npm package twilio 6.3.1, pin down both rules.
QByteArray twilioStringToSign(const QString &publicUrl, const QList<QPair<QString, QString>> &formParameters)
{
    QMap<QString, QStringList> valuesByName;
    for (const auto &[name, value] : formParameters)
        valuesByName[name].append(value);

    QString text = publicUrl;
    for (auto it = valuesByName.begin(); it != valuesByName.end(); ++it) {
        QStringList values = it.value();
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (const QString &value : std::as_const(values))
            text += it.key() + value;
    }
    return text.toUtf8();
}

// The URL as received plus its form with the scheme's default port added or removed.
// Twilio may sign "https://host/path" while a proxy reports "https://host:443/path", or
// the reverse, and twilio-node 6.3.1's validateRequest() accepts both forms too. Other
// ports are never added or removed, because they are part of what Twilio signed.
QStringList twilioUrlCandidates(const QString &publicUrl)
{
    QStringList candidates{publicUrl};

    const qsizetype schemeEnd = publicUrl.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0)
        return candidates;
    const QString scheme = publicUrl.left(schemeEnd).toLower();
    QString defaultPort;
    if (scheme == QLatin1String("https"))
        defaultPort = QStringLiteral("443");
    else if (scheme == QLatin1String("http"))
        defaultPort = QStringLiteral("80");
    else
        return candidates;

    const qsizetype authorityStart = schemeEnd + 3;
    qsizetype authorityEnd = publicUrl.size();
    for (const QChar delimiter : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype at = publicUrl.indexOf(delimiter, authorityStart);
        if (at >= 0)
            authorityEnd = std::min(authorityEnd, at);
    }
    const QString authority = publicUrl.mid(authorityStart, authorityEnd - authorityStart);

    // The port follows the last ':' after the host, unless that ':' is inside an IPv6
    // literal, which ends with ']'.
    const qsizetype hostStart = authority.lastIndexOf(QLatin1Char('@')) + 1;
    const qsizetype colon = authority.lastIndexOf(QLatin1Char(':'));
    const qsizetype bracket = authority.lastIndexOf(QLatin1Char(']'));
    const bool hasPort = colon >= hostStart && colon > bracket;

    QString otherAuthority;
    if (hasPort) {
        if (authority.mid(colon + 1) != defaultPort)
            return candidates;
        otherAuthority = authority.left(colon);
    } else {
        otherAuthority = authority + QLatin1Char(':') + defaultPort;
    }
    candidates.append(publicUrl.left(authorityStart) + otherAuthority + publicUrl.mid(authorityEnd));
    return candidates;
}

// The value of the bodySHA256 parameter in the URL's query, nullopt when there is none.
// A parameter given more than once yields an empty value, which matches no hash, so an
// ambiguous URL never passes.
std::optional<QByteArray> bodySha256FromUrl(const QString &publicUrl)
{
    const qsizetype queryStart = publicUrl.indexOf(QLatin1Char('?'));
    if (queryStart < 0)
        return std::nullopt;
    qsizetype queryEnd = publicUrl.indexOf(QLatin1Char('#'), queryStart);
    if (queryEnd < 0)
        queryEnd = publicUrl.size();

    QByteArray found;
    int occurrences = 0;
    const QString query = publicUrl.mid(queryStart + 1, queryEnd - queryStart - 1);
    for (const QString &pair : query.split(QLatin1Char('&'))) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals < 0 || pair.left(equals) != QLatin1String("bodySHA256"))
            continue;
        found = pair.mid(equals + 1).toLatin1();
        ++occurrences;
    }
    if (occurrences == 0)
        return std::nullopt;
    return occurrences == 1 ? found : QByteArray();
}

bool isFormContentType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    return mediaType == "application/x-www-form-urlencoded";
}

int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Decodes one name or value of a form body. False on a malformed %XX escape or on bytes
// that are not UTF-8.
bool decodeFormComponent(QByteArrayView encoded, QString *decoded)
{
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+') {
            bytes.append(' ');
        } else if (c == '%') {
            if (i + 2 >= encoded.size())
                return false;
            const int high = hexDigitValue(encoded[i + 1]);
            const int low = hexDigitValue(encoded[i + 2]);
            if (high < 0 || low < 0)
                return false;
            bytes.append(static_cast<char>(high * 16 + low));
            i += 2;
        } else {
            bytes.append(c);
        }
    }

    QStringDecoder toUtf16(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *decoded = toUtf16.decode(bytes);
    return !toUtf16.hasError();
}

} // namespace

QByteArray twilioSignature(const QString &authToken, const QString &publicUrl,
                           const QList<QPair<QString, QString>> &formParameters)
{
    return hmac(EVP_sha1(), authToken.toUtf8(), twilioStringToSign(publicUrl, formParameters)).toBase64();
}

bool verifyTwilio(const QString &authToken, const QString &sharedKey, const QString &publicUrl,
                  const QByteArray &contentType, const QByteArray &body, const QByteArray &signatureHeader)
{
    const QByteArray signature = signatureHeader.trimmed();
    if (signature.isEmpty()) {
        qCDebug(lcSecurity) << "Twilio request rejected: the X-Twilio-Signature header is missing or empty";
        return false;
    }
    if (authToken.isEmpty()) {
        qCWarning(lcSecurity) << "Twilio request rejected: no auth token is configured";
        return false;
    }

    // JSON bodies are bound to the signature through the bodySHA256 query parameter, and
    // the signature then covers the URL alone. A URL that carries bodySHA256 is held to
    // it whatever the content type, so a signed URL cannot be replayed with another body.
    const std::optional<QByteArray> claimedHash = bodySha256FromUrl(publicUrl);
    if (claimedHash && !SecretBox::constantTimeEquals(sha256Hex(body), *claimedHash)) {
        qCDebug(lcSecurity) << "Twilio request rejected: the body does not match bodySHA256";
        return false;
    }

    // A request with no body at all (a GET, or a POST without parameters) is signed like
    // a form with no parameters, whatever its content type is.
    QList<QPair<QString, QString>> parameters;
    if (isFormContentType(contentType) || body.isEmpty()) {
        bool ok = false;
        parameters = decodeForm(body, &ok);
        if (!ok) {
            qCDebug(lcSecurity) << "Twilio request rejected: the form body has a malformed escape or invalid UTF-8";
            return false;
        }
    } else if (!claimedHash) {
        qCDebug(lcSecurity) << "Twilio request rejected: a body that is not a form needs a bodySHA256 parameter in the URL";
        return false;
    }

    const QByteArray authTokenBytes = authToken.toUtf8();
    const QByteArray sharedKeyBytes = sharedKey.toUtf8();
    bool valid = false;
    // Every candidate is computed and compared, so the time taken does not depend on
    // which one matched.
    for (const QString &url : twilioUrlCandidates(publicUrl)) {
        const QByteArray stringToSign = twilioStringToSign(url, parameters);
        if (SecretBox::constantTimeEquals(hmac(EVP_sha1(), authTokenBytes, stringToSign).toBase64(), signature))
            valid = true;
        if (!sharedKeyBytes.isEmpty()
            && SecretBox::constantTimeEquals(hmac(EVP_sha256(), sharedKeyBytes, stringToSign).toBase64(), signature))
            valid = true;
    }
    if (!valid)
        qCDebug(lcSecurity) << "Twilio request rejected: the signature does not match";
    return valid;
}

QByteArray metaSignature(const QString &appSecret, const QByteArray &body)
{
    return "sha256=" + hmac(EVP_sha256(), appSecret.toUtf8(), body).toHex();
}

bool verifyMeta(const QString &appSecret, const QByteArray &body, const QByteArray &signatureHeader)
{
    if (appSecret.isEmpty()) {
        qCWarning(lcSecurity) << "Meta request rejected: no app secret is configured";
        return false;
    }

    // Only X-Hub-Signature-256 is accepted: the legacy "sha1=" header is not a fallback.
    static constexpr QByteArrayView prefix("sha256=");
    const QByteArray header = signatureHeader.trimmed();
    if (!header.startsWith(prefix)) {
        qCDebug(lcSecurity) << "Meta request rejected: the signature header is missing or does not start with sha256=";
        return false;
    }
    const QByteArray hex = header.mid(prefix.size()).toLower();
    const bool wellFormed = hex.size() == 64
        && std::all_of(hex.cbegin(), hex.cend(), [](char c) { return hexDigitValue(c) >= 0; });
    if (!wellFormed) {
        qCDebug(lcSecurity) << "Meta request rejected: the signature is not 64 hex digits";
        return false;
    }

    const bool valid = SecretBox::constantTimeEquals(hmac(EVP_sha256(), appSecret.toUtf8(), body).toHex(), hex);
    if (!valid)
        qCDebug(lcSecurity) << "Meta request rejected: the signature does not match";
    return valid;
}

QList<QPair<QString, QString>> decodeForm(const QByteArray &body, bool *ok)
{
    if (ok)
        *ok = false;

    QList<QPair<QString, QString>> parameters;
    const QList<QByteArray> pairs = body.split('&');
    for (const QByteArray &pair : pairs) {
        // Empty pairs ("a=1&&b=2", a trailing '&') carry nothing, so they are skipped, as
        // the WHATWG URL Standard's form parser skips them.
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArrayView encodedName = equals < 0 ? QByteArrayView(pair) : QByteArrayView(pair).first(equals);
        const QByteArrayView encodedValue = equals < 0 ? QByteArrayView() : QByteArrayView(pair).sliced(equals + 1);

        QString name;
        QString value;
        if (!decodeFormComponent(encodedName, &name) || !decodeFormComponent(encodedValue, &value))
            return {};
        parameters.append({name, value});
    }

    if (ok)
        *ok = true;
    return parameters;
}

} // namespace Prospecta::WebhookSignatures
