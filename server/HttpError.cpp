// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Prospecta::Http {

int statusFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::InvalidArgument:
    case ErrorKind::MissingField:
    case ErrorKind::InvalidJson:
        return 400;
    case ErrorKind::Unauthorized:
        return 401;
    case ErrorKind::Forbidden:
        return 403;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::PayloadTooLarge:
        return 413;
    case ErrorKind::TooManyRequests:
        return 429;
    case ErrorKind::Unavailable:
    case ErrorKind::Database:
    case ErrorKind::Network:
    case ErrorKind::SchemaTooNew:
    case ErrorKind::SecretUnavailable:
        return 503;
    case ErrorKind::Internal:
        break;
    }
    return 500;
}

QByteArray codeFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::InvalidArgument: return "invalid_field";
    case ErrorKind::MissingField: return "missing_field";
    case ErrorKind::InvalidJson: return "invalid_json";
    case ErrorKind::Unauthorized: return "unauthorized";
    case ErrorKind::Forbidden: return "forbidden";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::PayloadTooLarge: return "payload_too_large";
    case ErrorKind::TooManyRequests: return "too_many_requests";
    case ErrorKind::Unavailable:
    case ErrorKind::Database:
    case ErrorKind::Network:
    case ErrorKind::SchemaTooNew:
    case ErrorKind::SecretUnavailable:
        return "unavailable";
    case ErrorKind::Internal:
        break;
    }
    return "internal_error";
}

QHttpServerResponse errorResponse(int status, const QByteArray &code, const QString &message,
                                  const QStringList &fields, qint64 retryAfterMs)
{
    QJsonObject body{{QStringLiteral("error"), QString::fromLatin1(code)},
                     {QStringLiteral("message"), message}};
    if (!fields.isEmpty())
        body.insert(QStringLiteral("fields"), QJsonArray::fromStringList(fields));

    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact),
                                 static_cast<QHttpServerResponse::StatusCode>(status));
    // Retry-After is in whole seconds, rounded up so a client never comes back too early.
    if (status == 503 || status == 429) {
        const qint64 seconds = retryAfterMs > 0 ? (retryAfterMs + 999) / 1000 : 5;
        response.setHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(seconds));
    }
    return response;
}

QHttpServerResponse errorResponse(const Error &error)
{
    return errorResponse(statusFor(error.kind), codeFor(error.kind), error.message, error.fields,
                         error.retryAfterMs);
}

} // namespace Prospecta::Http
