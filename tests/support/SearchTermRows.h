// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/Database.h"

#include <QStringList>

namespace Prospecta::TestSupport {

// Every row of search_terms as "term lead_id origin", sorted, to compare two ways of
// filling the index.
inline QStringList searchTermRows(const Database &database)
{
    QStringList rows;
    auto query = database.exec(QStringLiteral("SELECT term, lead_id, origin FROM search_terms"));
    while (query && query->next()) {
        rows << QStringLiteral("%1 %2 %3").arg(query->value(0).toString(), query->value(1).toString(),
                                               query->value(2).toString());
    }
    rows.sort();
    return rows;
}

} // namespace Prospecta::TestSupport
