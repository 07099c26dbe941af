// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

namespace Prospecta {

class Database;

// Versioned schema changes, applied in order at start, each in its own transaction.
// The same statements run on SQLite and PostgreSQL: the few type names that differ are
// written as placeholders ({id}, {blob}) and replaced per engine here.
class Migrations
{
public:
    // The schema version this program writes.
    static int latestVersion();

    // The version recorded in the database (0 for an empty database).
    static Result<int> currentVersion(const Database &database);

    // Brings the schema up to latestVersion(). A database whose version is newer than
    // this program is refused with ErrorKind::SchemaTooNew and left untouched.
    static Status apply(const Database &database, qint64 nowMs);
};

} // namespace Prospecta
