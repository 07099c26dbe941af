// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/Database.h"

namespace Prospecta::TestSupport {

// Removes what schema versions 12 to 14 added and restores the index that 12 replaced,
// so an upgrade test can start from version 11. The caller deletes the schema_migrations
// rows.
inline Status undoSchemaVersionsAfter11(const Database &database)
{
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
