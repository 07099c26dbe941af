// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrateCommand.h"

#include "CommandLine.h"
#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseCopier.h"
#include "storage/Migrations.h"

#include <QFileInfo>
#include <QLockFile>

namespace Prospecta {

int runMigrate(const QString &from, const QString &to, QTextStream &out, QTextStream &err)
{
    if (from.isEmpty() || to.isEmpty()) {
        err << "migrate needs --from FILE (a SQLite database) and --to postgresql://user@host:port/db.\n";
        return ExitUsage;
    }
    auto source = DatabaseLocation::parse(from);
    auto target = DatabaseLocation::parse(to);
    if (!source || !target) {
        err << (!source ? source.error().message : target.error().message) << '\n';
        return ExitUsage;
    }
    if (source->engine != SqlEngine::Sqlite || target->engine != SqlEngine::Postgres) {
        err << "migrate copies a SQLite file (--from) into a PostgreSQL database (--to postgresql://…).\n";
        return ExitUsage;
    }
    if (!QFileInfo::exists(source->filePath)) {
        err << "The database " << source->filePath << " does not exist; check the path given with --from.\n";
        return ExitFailure;
    }

    // A running Prospecta would keep writing to the file while it is copied.
    QLockFile lock(source->filePath + QStringLiteral(".lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        err << "Prospecta is running on " << source->filePath << "; close it (and any prospecta --headless) before "
            << "copying the database.\n";
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

    auto copied = DatabaseCopier::copy(sourceDatabase, targetDatabase,
                                       [&err](const QString &table, qint64 done, qint64 total) {
                                           err << "copying " << table << ": " << done << " of " << total << '\n';
                                           err.flush();
                                       });
    if (!copied) {
        err << copied.error().message << " Nothing was copied.\n";
        return ExitFailure;
    }
    for (const auto &[table, rows] : std::as_const(*copied))
        out << table << '=' << rows << '\n';
    err << "Copied " << source->filePath << " to " << target->displayName()
        << ". Point every desktop at it with --database or PROSPECTA_DATABASE; the integration secrets open only "
           "where this installation's private key is (installation.key).\n";
    return ExitSuccess;
}

} // namespace Prospecta
