// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatabaseDiagnosis.h"

#include "DatabaseLocation.h"

#include <QDir>
#include <QFileInfo>

namespace Prospecta {

DatabaseDiagnosis::Cause DatabaseDiagnosis::classifySqlite(int primaryCode)
{
    switch (primaryCode) {
    case 5:  // SQLITE_BUSY
    case 6:  // SQLITE_LOCKED
        return Cause::Busy;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return Cause::NotADatabase;
    case 8: // SQLITE_READONLY
        return Cause::ReadOnly;
    case 3:  // SQLITE_PERM
    case 14: // SQLITE_CANTOPEN
        return Cause::CannotOpen;
    case 13: // SQLITE_FULL, also when a size limit such as max_page_count is reached
        return Cause::DiskFull;
    case 10: // SQLITE_IOERR
        return Cause::InputOutput;
    default:
        return Cause::Other;
    }
}

DatabaseDiagnosis::Cause DatabaseDiagnosis::classifyPostgres(const QString &sqlState)
{
    // serialization_failure and lock_not_available mean "try again later".
    if (sqlState == QLatin1String("40001") || sqlState == QLatin1String("55P03"))
        return Cause::Busy;
    if (sqlState == QLatin1String("42501")) // insufficient_privilege
        return Cause::PermissionDenied;
    if (sqlState == QLatin1String("25006")) // read_only_sql_transaction
        return Cause::ReadOnlyServer;
    if (sqlState == QLatin1String("53100")) // disk_full
        return Cause::DiskFull;
    if (sqlState == QLatin1String("57014")) // query_canceled, which statement_timeout raises
        return Cause::StatementTimeout;
    // Class 08 is connection_exception; 57P01 to 57P03 a server shutting down or starting.
    if (sqlState.startsWith(QLatin1String("08")) || sqlState.startsWith(QLatin1String("57P")))
        return Cause::ConnectionLost;
    return Cause::Other;
}

QString DatabaseDiagnosis::describe(Cause cause, const DatabaseLocation &location, const QString &driverText)
{
    const QString database = location.displayName();
    // A connection that PostgreSQL dropped fails with an empty text.
    const QString detail = driverText.simplified().isEmpty() ? tr("no details") : driverText.simplified();
    const bool sqlite = location.engine == SqlEngine::Sqlite;
    const QString folder = QDir::toNativeSeparators(QFileInfo(location.filePath).absolutePath());

    switch (cause) {
    case Cause::Busy:
        return tr("The database %1 is busy: another program is writing to it (%2). Try again in a moment.")
            .arg(database, detail);
    case Cause::NotADatabase:
        return tr("%1 is not a Prospecta database, or it is damaged (%2). Check the path given with --database, "
                  "or restore the file from a backup.")
            .arg(database, detail);
    case Cause::ReadOnly:
        // SQLite in WAL mode creates the -wal and -shm files beside the database even to
        // read it, so a folder without write access fails as a read-only file does.
        return tr("Prospecta cannot write to the database %1 (%2). It needs write access to the file and to its "
                  "folder %3, where SQLite keeps the -wal and -shm files. Check their permissions, or copy the "
                  "database to a folder you may write.")
            .arg(database, detail, folder);
    case Cause::CannotOpen:
        return tr("Prospecta cannot open the database file %1 or the -wal and -shm files beside it (%2). Check that "
                  "the path names a file, not a folder, and that you may read and write it and its folder %3.")
            .arg(database, detail, folder);
    case Cause::DiskFull:
        if (sqlite)
            return tr("The disk that holds the database %1 is full (%2), so the change in progress was not saved. "
                      "Free some disk space, then try again.")
                .arg(database, detail);
        return tr("The PostgreSQL server of %1 has run out of disk space (%2), so the change in progress was not "
                  "saved. Ask the server's administrator to free some space.")
            .arg(database, detail);
    case Cause::InputOutput:
        return tr("Reading or writing the database file %1 failed (%2). Check that its disk works and has free "
                  "space, and that a network drive is still connected, then try again.")
            .arg(database, detail);
    case Cause::PermissionDenied:
        return tr("The PostgreSQL user %1 is not allowed to do this in the database %2 (%3). Connect as the user "
                  "that owns the database, or ask the server's administrator to grant %1 the rights on the "
                  "database, its schema public and its tables.")
            .arg(location.userName, database, detail);
    case Cause::ReadOnlyServer:
        return tr("The PostgreSQL server of %1 accepts no changes (%2): it is a standby or is set to read-only. "
                  "Connect to the primary server.")
            .arg(database, detail);
    case Cause::StatementTimeout:
        return tr("A statement on the database %1 took too long and the server cancelled it (%2). Try again; if "
                  "it happens again, ask the server's administrator to check the server's load.")
            .arg(database, detail);
    case Cause::ConnectionLost:
        return tr("The connection to the database %1 was lost (%2). Check the network and that the server is "
                  "running, then try again.")
            .arg(database, detail);
    case Cause::Other:
        break;
    }
    return tr("The database %1 reported an error (%2). Try again; if the error comes back, keep the log file "
              "logs/prospecta.log for whoever supports your Prospecta.")
        .arg(database, detail);
}

} // namespace Prospecta
