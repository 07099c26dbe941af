// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresDiagnosis.h"

#include "DatabaseLocation.h"

namespace Prospecta {

namespace {

bool has(const QString &message, const char *fragment)
{
    return message.contains(QLatin1String(fragment), Qt::CaseInsensitive);
}

} // namespace

PostgresDiagnosis::Cause PostgresDiagnosis::classify(const QString &message)
{
    // Order matters: libpq appends hints to some messages, and the TLS failures mention
    // the host too.
    if (has(message, "server does not support SSL"))
        return Cause::TlsRefused;
    if (has(message, "certificate") || has(message, "SSL error") || has(message, "SSL SYSCALL"))
        return Cause::TlsFailed;
    if (has(message, "could not translate host name"))
        return Cause::HostUnknown;
    if (has(message, "Connection refused"))
        return Cause::Refused;
    if (has(message, "timeout expired") || has(message, "timed out"))
        return Cause::TimedOut;
    if (has(message, "No route to host") || has(message, "Network is unreachable"))
        return Cause::Unreachable;
    if (has(message, "no password supplied"))
        return Cause::PasswordMissing;
    if (has(message, "password authentication failed") || has(message, "authentication failed"))
        return Cause::PasswordRejected;
    if (has(message, "no pg_hba.conf entry"))
        return Cause::HostNotAllowed;
    if (has(message, "role \"") && has(message, "does not exist"))
        return Cause::RoleMissing;
    if (has(message, "database \"") && has(message, "does not exist"))
        return Cause::DatabaseMissing;
    if (has(message, "permission denied for database"))
        return Cause::ConnectDenied;
    // "sorry, too many clients already", "too many connections for role", "… for database".
    if (has(message, "too many clients") || has(message, "too many connections"))
        return Cause::TooManyConnections;
    if (has(message, "the database system is starting up") || has(message, "the database system is shutting down")
        || has(message, "the database system is in recovery mode"))
        return Cause::ServerStarting;
    return Cause::Other;
}

QString PostgresDiagnosis::describe(Cause cause, const DatabaseLocation &location, const QString &serverText,
                                    const QString &serverVersion)
{
    const QString host = location.host;
    const QString port = QString::number(location.port);
    const QString database = location.databaseName;
    const QString user = location.userName;
    const QString detail = serverText.simplified();

    switch (cause) {
    case Cause::HostUnknown:
        return tr("The server name %1 was not found. Check the name in the connection settings, or use "
                  "the server's IP address.")
            .arg(host);
    case Cause::Refused:
        return tr("Nothing answers on %1, port %2. Check that PostgreSQL runs there, listens on that port "
                  "and accepts connections from the network (listen_addresses in postgresql.conf).")
            .arg(host, port);
    case Cause::Unreachable:
        return tr("The server %1 cannot be reached from this computer. Check the network connection, "
                  "the VPN, or a firewall between them.")
            .arg(host);
    case Cause::TimedOut:
        return tr("The server %1 did not answer in time. Check the network connection, the VPN, or a "
                  "firewall that drops connections to port %2.")
            .arg(host, port);
    case Cause::PasswordRejected:
        return tr("PostgreSQL refused the password of the user %1. Type the password again in the "
                  "connection settings (or correct ~/.pgpass or PGPASSWORD).")
            .arg(user);
    case Cause::PasswordMissing:
        return tr("PostgreSQL asks for a password for the user %1 and none is saved. Type it in the "
                  "connection settings.")
            .arg(user);
    case Cause::HostNotAllowed:
        return tr("The server %1 does not accept connections from this computer for the user %2 and the "
                  "database %3. Its administrator must allow them in pg_hba.conf.")
            .arg(host, user, database);
    case Cause::RoleMissing:
        return tr("The user %1 does not exist on the server %2. Check the user name, or ask the "
                  "server's administrator to create it.")
            .arg(user, host);
    case Cause::DatabaseMissing:
        return tr("The database %1 does not exist on the server %2. Check its name, or create it first "
                  "(createdb %1).")
            .arg(database, host);
    case Cause::ConnectDenied:
        return tr("The user %1 may not connect to the database %2 on the server %3. Ask the server's "
                  "administrator to allow it (GRANT CONNECT ON DATABASE %2 TO %1), or connect as another user.")
            .arg(user, database, host);
    case Cause::TooManyConnections:
        return tr("The server %1 has no free connection for the user %2 (its max_connections or a connection "
                  "limit is reached). Close Prospecta where it is not in use, or ask the server's administrator "
                  "to raise the limit.")
            .arg(host, user);
    case Cause::ServerStarting:
        return tr("The server %1 is starting up or shutting down and accepts no connections now. Try again in a "
                  "minute; if it lasts, ask its administrator.")
            .arg(host);
    case Cause::TlsRefused:
        return tr("The server %1 does not accept encrypted connections (TLS), which Prospecta requires "
                  "for a server on another computer. Turn on ssl in postgresql.conf; only on a network "
                  "you trust, add sslmode=disable to the connection.")
            .arg(host);
    case Cause::TlsFailed:
        return tr("The encrypted connection (TLS) to %1 failed: %2. Check the server's certificate and "
                  "the sslmode and sslrootcert of the connection.")
            .arg(host, detail);
    case Cause::ServerTooOld:
        return tr("The server %1 runs PostgreSQL %2; Prospecta needs PostgreSQL 13 or newer. Ask its "
                  "administrator to upgrade it.")
            .arg(host, serverVersion);
    case Cause::Other:
        break;
    }
    return tr("Prospecta could not connect to %1: %2").arg(location.displayName(), detail);
}

} // namespace Prospecta
