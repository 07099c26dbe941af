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
    auto open = m_database.exec(
        QStringLiteral("SELECT id, message FROM alerts WHERE kind = ? AND resolved_at IS NULL ORDER BY id LIMIT 1"), {kind});
    if (!open)
        return open.error();
    if (open->next()) {
        const qint64 id = open->value(0).toLongLong();
        const bool sameMessage = open->value(1).toString() == message;
        open->finish();
        if (sameMessage)
            return qint64(0);
        // The open alert takes the latest reason: after a rejected key was replaced, an
        // exhausted quota must not be reported as the old key.
        auto updated = m_database.update(QStringLiteral("UPDATE alerts SET message = ? WHERE id = ?"), {message, id});
        if (!updated)
            return updated.error();
        return id;
    }
    open->finish();
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
