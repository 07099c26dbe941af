// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTextStream>

namespace Prospecta {

// `prospecta migrate --from FILE --to postgresql://…`: copies a single desktop's SQLite
// database into an empty PostgreSQL database for team mode. Prints one `table=rows` line
// per table; progress goes to standard error. Returns the exit status.
int runMigrate(const QString &from, const QString &to, QTextStream &out, QTextStream &err);

} // namespace Prospecta
