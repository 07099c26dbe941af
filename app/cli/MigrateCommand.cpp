// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrateCommand.h"

#include "CommandLine.h"
#include "InterruptGuard.h"
#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseCopier.h"
#include "storage/Migrations.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLockFile>

namespace Prospecta {

namespace {

// The translation context of the command's messages.
struct MigrateCommand
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::MigrateCommand)
};

} // namespace

int runMigrate(const QString &from, const QString &to, QTextStream &out, QTextStream &err)
{
    if (from.isEmpty() || to.isEmpty()) {
        err << MigrateCommand::tr("migrate needs --from FILE (a SQLite database) and --to postgresql://user@host:port/db.") << '\n';
        return ExitUsage;
    }
    auto source = DatabaseLocation::parse(from);
    auto target = DatabaseLocation::parse(to);
    if (!source || !target) {
        err << (!source ? source.error().message : target.error().message) << '\n';
        return ExitUsage;
    }
    if (source->engine != SqlEngine::Sqlite || target->engine != SqlEngine::Postgres) {
        err << MigrateCommand::tr("migrate copies a SQLite file (--from) into a PostgreSQL database (--to postgresql://…).") << '\n';
        return ExitUsage;
    }
    if (!QFileInfo::exists(source->filePath)) {
        err << MigrateCommand::tr("The database %1 does not exist; check the path given with --from.").arg(source->filePath) << '\n';
        return ExitFailure;
    }

    // A running Prospecta would keep writing to the file while it is copied.
    QLockFile lock(source->filePath + QStringLiteral(".lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        err << MigrateCommand::tr("Prospecta is running on %1; close it (and any prospecta --headless) before copying the database.")
                   .arg(source->filePath)
            << '\n';
        return ExitFailure;
    }

    SystemClock clock;
    Database sourceDatabase;
    Database targetDatabase;
    for (const auto &[database, location, name] :
         {std::tuple{&sourceDatabase, *source, QStringLiteral("migrate-source")},
          std::tuple{&targetDatabase, *target, QStringLiteral("migrate-target")}}) {
        if (auto opened = database->open(location, name); !opened) {
            err << opened.error().message << '\n';
            return ExitFailure;
        }
        // The source comes up to the current schema as any start would; the target gets it.
        if (auto migrated = Migrations::apply(*database, clock.nowMs()); !migrated) {
            err << migrated.error().message << '\n';
            return ExitFailure;
        }
    }

    // Every signal InterruptGuard catches (Ctrl+C, SIGTERM, SIGHUP, Ctrl+Break) stops the
    // copy at the next row and rolls it back, so the target stays empty and the command
    // can simply be run again.
    InterruptGuard interruptGuard;
    auto copied = DatabaseCopier::copy(
        sourceDatabase, targetDatabase,
        [&err](const QString &table, qint64 done, qint64 total) {
            err << MigrateCommand::tr("copying %1: %2 of %3").arg(table).arg(done).arg(total) << '\n';
            err.flush();
        },
        [] { return InterruptGuard::received() != 0; });
    if (InterruptGuard::received() != 0 && !copied) {
        err << MigrateCommand::tr("Interrupted: nothing was copied, and %1 is still empty.").arg(target->displayName())
            << '\n';
        // The command ran and did not finish: exit status 1, as an interrupted import.
        return ExitFailure;
    }
    if (!copied) {
        err << copied.error().message << ' ' << MigrateCommand::tr("Nothing was copied.") << '\n';
        return ExitFailure;
    }
    for (const auto &[table, rows] : std::as_const(*copied))
        out << table << '=' << rows << '\n';
    err << MigrateCommand::tr("Copied %1 to %2. Point every desktop at it with --database or PROSPECTA_DATABASE; the integration "
              "secrets open only where this installation's private key is (installation.key).")
               .arg(source->filePath, target->displayName())
        << '\n';
    return ExitSuccess;
}

} // namespace Prospecta
