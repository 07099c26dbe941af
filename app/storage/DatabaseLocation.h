// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QMap>
#include <QString>

namespace Prospecta {

enum class SqlEngine { Sqlite, Postgres };

// The database's location, a SQLite file or a PostgreSQL server, parsed from --database,
// PROSPECTA_DATABASE, or the default file.
struct DatabaseLocation
{
    SqlEngine engine = SqlEngine::Sqlite;
    QString filePath;              // SQLite
    QString host;                  // PostgreSQL
    int port = 5432;
    QString databaseName;
    QString userName;
    QMap<QString, QString> options; // libpq parameters from the URL's query
    // A password typed into the connection page for this run only: never parsed from a
    // URL, written to a file, logged or shown. Empty: PGPASSWORD, the credential store or
    // ~/.pgpass.
    QString password;
    // The default file, AppLocalDataLocation/prospecta.db, as resolve() picks it when no
    // location is given. Database::open() creates the folder of this file only, because a
    // missing folder in a path someone typed is more likely a typo than a wish for a new
    // database there.
    bool isDefault = false;

    // A file path or a postgresql://user@host:port/db?param=value URL.
    static Result<DatabaseLocation> parse(const QString &value);

    // --database if given, else PROSPECTA_DATABASE, else `desktopChoice` (the GUI's saved
    // connection, when there is one), else AppLocalDataLocation/prospecta.db.
    static Result<DatabaseLocation> resolve(const QString &commandLineValue, const QString &desktopChoice = {});

    // The URL that parse() reads back (PostgreSQL), or the file path (SQLite).
    QString toString() const;

    // The name under which this server's password is kept in the operating system's
    // credential store: the URL's user, host, port and database.
    QString credentialAccount() const;

    static QString defaultFilePath();

    // For messages and logs: the file path, or the URL without any password.
    QString displayName() const;
};

} // namespace Prospecta
