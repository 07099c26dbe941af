// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QPair>
#include <QString>

#include <functional>

namespace Prospecta {

class Database;

// Copies a whole Prospecta database into an empty one, table by table in the order the
// foreign keys need, in one transaction on the target: a failure leaves the target as
// empty as it was. Both databases must have the current schema. Identity sequences on
// PostgreSQL are moved past the copied ids so new rows get fresh ones.
class DatabaseCopier
{
public:
    // rows copied so far of `table`, and its row count
    using Progress = std::function<void(const QString &table, qint64 copied, qint64 total)>;

    // The tables in copy order (parents before children).
    static QStringList tables();

    // Returns true when the caller wants the copy stopped. It is called before each row.
    using StopRequested = std::function<bool()>;

    // Returns the rows copied per table. The error is Conflict when the target already
    // contains data, and Unavailable when `stopRequested` returned true and the copy was
    // rolled back.
    static Result<QList<QPair<QString, qint64>>> copy(const Database &source, const Database &target,
                                                     const Progress &progress = {},
                                                     const StopRequested &stopRequested = {});
};

} // namespace Prospecta
