// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QHttpServerResponse>

namespace Prospecta::Http {

// The one place where core errors become HTTP responses:
// {"error": CODE, "message": TEXT} plus "fields" for validation errors.
int statusFor(ErrorKind kind);
QByteArray codeFor(ErrorKind kind);
QHttpServerResponse errorResponse(const Error &error);
QHttpServerResponse errorResponse(int status, const QByteArray &code, const QString &message,
                                  const QStringList &fields = {}, qint64 retryAfterMs = 0);

} // namespace Prospecta::Http
