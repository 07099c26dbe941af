// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Prospecta {

struct DatabaseLocation;

// The reason a connection to PostgreSQL failed, described so that the person at the
// desktop can tell what to change. QPSQL reports a failed connection as libpq's text
// without a SQLSTATE, so the cause is recognised from libpq's English wording. A server
// configured to reply in another language falls back to its own text.
class PostgresDiagnosis
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::PostgresDiagnosis)

public:
    enum class Cause {
        HostUnknown,
        Refused,
        Unreachable,
        TimedOut,
        PasswordRejected,
        PasswordMissing,
        HostNotAllowed,
        RoleMissing,
        DatabaseMissing,
        ConnectDenied,      // the user lacks the CONNECT privilege on the database
        TooManyConnections, // max_connections, or the role's or database's connection limit
        ServerStarting,     // starting up, shutting down or recovering
        TlsRefused,
        TlsFailed,
        ServerTooOld,
        Other,
    };

    // The oldest server Prospecta supports, as server_version_num counts.
    static constexpr int MinimumServerVersion = 130000;

    static Cause classify(const QString &libpqMessage);

    // One translated sentence or two: what failed, on which server, database or user,
    // and what to do next. `serverText` is libpq's message (used for Cause::Other and
    // the TLS details); `serverVersion` is the version text for Cause::ServerTooOld.
    static QString describe(Cause cause, const DatabaseLocation &location, const QString &serverText,
                            const QString &serverVersion = {});
};

} // namespace Prospecta
