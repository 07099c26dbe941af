// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Prospecta {

// How providers sign their webhooks, and the checks. Every comparison runs in constant
// time (SecretBox::constantTimeEquals), so a caller learns nothing from timing.
namespace WebhookSignatures {

// Twilio's X-Twilio-Signature: base64 of HMAC-SHA1 keyed with the account's auth token,
// over the full public URL of the request (with its query string) followed by each POST
// parameter's name and value, sorted by name (then by value for repeated names).
// `formParameters` are the decoded pairs of an application/x-www-form-urlencoded body.
QByteArray twilioSignature(const QString &authToken, const QString &publicUrl,
                           const QList<QPair<QString, QString>> &formParameters);

// Checks a Twilio request. `contentType` and `body` decide the scheme:
// - a form body: the signature above over the URL and the decoded parameters;
// - any other body (JSON): the URL must carry a bodySHA256 query parameter equal to the
//   lowercase hex SHA-256 of the raw body, and the signature covers the URL alone.
// When `sharedKey` is not empty, a signature made with HMAC-SHA256 keyed with it (same
// string to sign, base64) is accepted as well.
bool verifyTwilio(const QString &authToken, const QString &sharedKey, const QString &publicUrl,
                  const QByteArray &contentType, const QByteArray &body, const QByteArray &signatureHeader);

// Meta's X-Hub-Signature-256: "sha256=" and the lowercase hex HMAC-SHA256 of the raw body
// keyed with the app secret. The check accepts the hex in either case.
QByteArray metaSignature(const QString &appSecret, const QByteArray &body);
bool verifyMeta(const QString &appSecret, const QByteArray &body, const QByteArray &signatureHeader);

// Decodes an application/x-www-form-urlencoded body ('+' is a space, %XX escapes are
// UTF-8), keeping the order and repeated names. Malformed escapes make the result empty
// and `ok` false.
QList<QPair<QString, QString>> decodeForm(const QByteArray &body, bool *ok = nullptr);

} // namespace WebhookSignatures

} // namespace Prospecta
