// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "GatherRule.h"

#include "Database.h"

namespace Prospecta {

Result<bool> GatherRule::gathers(const Database &database, const QString &select, const QVariantList &values) const
{
    QVariantList bound = values;
    bound << maxLeads;
    auto count = database.scalar(QStringLiteral("SELECT COUNT(*) FROM (%1 LIMIT ?) AS counted").arg(select), bound, 0);
    if (!count)
        return count.error();
    if (count->toLongLong() >= maxLeads)
        return false;

    // The highest id is used as the number of leads: one index lookup, where a count would
    // read every lead.
    auto leads = database.scalar(QStringLiteral("SELECT MAX(id) FROM leads"), {}, 0);
    if (!leads)
        return leads.error();
    return count->toLongLong() * sparseness < leads->toLongLong();
}

} // namespace Prospecta
