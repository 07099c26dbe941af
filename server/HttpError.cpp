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
                                  const QStringList &fields)
{
    QJsonObject body{{QStringLiteral("error"), QString::fromLatin1(code)},
                     {QStringLiteral("message"), message}};
    if (!fields.isEmpty())
        body.insert(QStringLiteral("fields"), QJsonArray::fromStringList(fields));

    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact),
                                 static_cast<QHttpServerResponse::StatusCode>(status));
    if (status == 503)
        response.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5"));
    return response;
}

QHttpServerResponse errorResponse(const Error &error)
{
    return errorResponse(statusFor(error.kind), codeFor(error.kind), error.message, error.fields);
}

} // namespace Prospecta::Http
