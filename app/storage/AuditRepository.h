// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Prospecta {

class Database;

// One row of the audit log: who did what to which thing, when and from where.
struct AuditEntry
{
    qint64 id = 0;
    qint64 occurredMs = 0;
    QString actorKind;   // "user", "cli" or "system"
    qint64 actorUserId = 0;
    QString actorName;   // the user's email, or the operating-system user for "cli"
    QString client;      // "desktop", "cli", or the REST caller's address
    QString action;      // "login.failed", "user.role_changed", … (AuditActions.h)
    QString targetKind;  // "user", "lead", "conversation", "integration", "setting", …
    QString targetId;    // an id, an email, a provider or a setting's key
    QString detail;      // what changed, never a value that could be secret
};

// What the audit view asks for; empty fields do not filter. Newest first.
struct AuditFilter
{
    QString actorName;  // exact, compared without case
    QString action;     // exact
    qint64 fromMs = 0;  // inclusive
    qint64 toMs = 0;    // exclusive; 0 for no upper bound
    qint64 beforeId = 0; // paging: rows older than this id
    int limit = 500;
    QString targetKind; // exact, with targetId: the rows about one thing, such as one lead
    QString targetId;
};

// The append-only audit log. The database refuses UPDATE and DELETE on it (triggers in
// the migration), so nothing here could change a row even by mistake.
class AuditRepository
{
public:
    explicit AuditRepository(const Database &database);

    Result<qint64> append(const AuditEntry &entry) const;
    Result<QList<AuditEntry>> query(const AuditFilter &filter) const;

    // The actor names and actions that occur, sorted, for the view's filter lists.
    Result<QStringList> actorNames() const;
    Result<QStringList> actions() const;

private:
    Result<QStringList> distinct(const QString &column) const;

    const Database &m_database;
};

} // namespace Prospecta
