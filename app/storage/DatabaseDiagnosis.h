// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Prospecta {

struct DatabaseLocation;

// The reason a statement, or the opening of a SQLite file, failed, described so that the
// person at the desktop or the command line can tell what to change. The drivers' own
// texts are English ("attempt to write a readonly database"), so they follow only as a
// detail. A failed connection to PostgreSQL is PostgresDiagnosis's.
class DatabaseDiagnosis
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::DatabaseDiagnosis)

public:
    enum class Cause {
        Busy,             // another connection holds the lock: try again later
        NotADatabase,     // the file is no SQLite database, or it is damaged
        ReadOnly,         // the file, its folder or the file system cannot be written
        CannotOpen,       // the file or its -wal and -shm files cannot be opened
        DiskFull,         // the disk (SQLite) or the server's disk (PostgreSQL) is full
        InputOutput,      // the operating system failed to read or write the file
        PermissionDenied, // the PostgreSQL user lacks a privilege
        ReadOnlyServer,   // a PostgreSQL standby, or default_transaction_read_only
        StatementTimeout, // PostgreSQL cancelled the statement after statement_timeout
        ConnectionLost,   // PostgreSQL dropped the connection
        Other,
    };

    // The cause of a SQLite error from its primary result code (the low byte of an
    // extended code, https://www.sqlite.org/rescode.html).
    static Cause classifySqlite(int primaryCode);
    // The cause of a PostgreSQL error from its SQLSTATE
    // (https://www.postgresql.org/docs/15/errcodes-appendix.html).
    static Cause classifyPostgres(const QString &sqlState);

    // One translated sentence or three: what failed, on which database, and what to do
    // next, with `driverText` in brackets as the detail.
    static QString describe(Cause cause, const DatabaseLocation &location, const QString &driverText);
};

} // namespace Prospecta
