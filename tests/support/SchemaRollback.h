// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/Database.h"

#include <QStringList>

namespace Prospecta::TestSupport {

// Removes what schema version 16 added. The caller deletes the schema_migrations row.
inline Status undoSchemaVersion16(const Database &database)
{
    QStringList statements;
    if (database.engine() == SqlEngine::Sqlite)
        statements << QStringLiteral("DROP TRIGGER leads_mark_deleted_id")
                   << QStringLiteral("DROP TRIGGER conversations_mark_deleted_id")
                   << QStringLiteral("DROP TRIGGER campaigns_mark_deleted_id");
    statements << QStringLiteral("DROP TABLE deleted_id_marks");
    for (const QString &statement : std::as_const(statements)) {
        if (auto done = database.exec(statement); !done)
            return done.error();
    }
    return {};
}

// Removes what schema versions 15 and 16 added, so an upgrade test can start from
// version 14. The caller deletes the schema_migrations rows.
inline Status undoSchemaVersionsAfter14(const Database &database)
{
    if (auto undone = undoSchemaVersion16(database); !undone)
        return undone;
    QStringList statements{QStringLiteral("DROP TABLE inbox_read_through")};
    if (database.engine() == SqlEngine::Postgres)
        statements << QStringLiteral("DROP TRIGGER leads_owner_lowers_read_through ON leads")
                   << QStringLiteral("DROP FUNCTION leads_owner_lowers_read_through()");
    else
        statements << QStringLiteral("DROP TRIGGER leads_owner_lowers_read_through");
    for (const QString &statement : std::as_const(statements)) {
        if (auto done = database.exec(statement); !done)
            return done.error();
    }
    return {};
}

// Removes what schema versions 12 to 16 added and restores the index that 12 replaced,
// so an upgrade test can start from version 11. The caller deletes the schema_migrations
// rows.
inline Status undoSchemaVersionsAfter11(const Database &database)
{
    if (auto undone = undoSchemaVersionsAfter14(database); !undone)
        return undone;
    const char *const statements[] = {
        "DROP INDEX leads_unassigned",
        "DROP INDEX leads_owner_inbox",
        "DROP INDEX conversations_held",
        "DROP INDEX conversations_last_lead",
        "DROP INDEX conversations_inbox_order",
        "DROP INDEX conversations_needs_human",
        "CREATE INDEX conversations_activity ON conversations(last_message_at, id)",
        "ALTER TABLE conversations DROP COLUMN last_lead_message_id",
    };
    for (const char *statement : statements) {
        if (auto done = database.exec(QString::fromUtf8(statement)); !done)
            return done.error();
    }
    return {};
}

} // namespace Prospecta::TestSupport
