// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AlertRepository.h"

#include "Database.h"

#include <QCoreApplication>

namespace Prospecta {

AlertRepository::AlertRepository(const Database &database)
    : m_database(database)
{
}

Result<qint64> AlertRepository::raiseOnce(const QString &kind, const QString &message, qint64 nowMs) const
{
    auto openCount = m_database.scalar(
        QStringLiteral("SELECT COUNT(*) FROM alerts WHERE kind = ? AND resolved_at IS NULL"), {kind}, 0);
    if (!openCount)
        return openCount.error();
    if (openCount->toInt() > 0)
        return qint64(0);
    return m_database.insert(
        QStringLiteral("INSERT INTO alerts (kind, message, created_at) VALUES (?, ?, ?) RETURNING id"),
        {kind, message, nowMs});
}

Result<QList<AdminAlert>> AlertRepository::open() const
{
    auto query = m_database.exec(
        QStringLiteral("SELECT id, kind, message, created_at FROM alerts WHERE resolved_at IS NULL ORDER BY id"));
    if (!query)
        return query.error();
    QList<AdminAlert> alerts;
    while (query->next())
        alerts << AdminAlert{query->value(0).toLongLong(), query->value(1).toString(), query->value(2).toString(),
                             query->value(3).toLongLong()};
    query->finish();
    return alerts;
}

Status AlertRepository::resolve(qint64 id, qint64 nowMs) const
{
    auto changed = m_database.update(
        QStringLiteral("UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL"), {nowMs, id});
    if (!changed)
        return changed.error();
    if (*changed == 0)
        return makeError(ErrorKind::NotFound, QCoreApplication::translate("Prospecta::AlertRepository", "Alert %1 is not open; refresh the view.").arg(id));
    return {};
}

} // namespace Prospecta
