// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditExport.h"

#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "core/Clock.h"
#include "spreadsheets/Csv.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QSaveFile>

namespace Prospecta {

AuditExport::AuditExport(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<QList<AuditEntry>> AuditExport::query(const Actor &actor, const AuditFilter &filter) const
{
    auto principal = Authorizer(m_database).require(actor, Permission::ViewAudit);
    if (!principal)
        return principal.error();
    return AuditRepository(m_database).query(filter);
}

QByteArray AuditExport::toCsv(const QList<AuditEntry> &entries)
{
    // A name typed by a stranger at the login prompt must not run as a formula, which
    // CsvWriter's formula protection prevents.
    const CsvWriter writer;
    QByteArray csv = CsvWriter::byteOrderMark();
    csv += writer.encodeLine({QStringLiteral("id"), QStringLiteral("occurredAt"), QStringLiteral("actorKind"),
                              QStringLiteral("actorName"), QStringLiteral("client"), QStringLiteral("action"),
                              QStringLiteral("targetKind"), QStringLiteral("targetId"), QStringLiteral("detail")});
    for (const AuditEntry &entry : entries) {
        const QStringList fields{
            QString::number(entry.id),
            QDateTime::fromMSecsSinceEpoch(entry.occurredMs, Qt::UTC).toString(Qt::ISODateWithMs),
            entry.actorKind,
            entry.actorName,
            entry.client,
            entry.action,
            entry.targetKind,
            entry.targetId,
            entry.detail,
        };
        csv += writer.encodeLine(fields);
    }
    return csv;
}

Result<int> AuditExport::writeCsv(const Actor &actor, AuditFilter filter, const QString &filePath) const
{
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    auto principal = Authorizer(m_database).require(actor, Permission::ViewAudit);
    if (!principal)
        return principal.error();
    filter.limit = 100000;
    filter.beforeId = 0;
    auto entries = AuditRepository(m_database).query(filter);
    if (!entries)
        return entries.error();

    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(toCsv(*entries)) < 0 || !file.commit())
        return makeError(ErrorKind::InvalidArgument,
                         tr("Could not write %1: %2. Choose another folder or file name.")
                             .arg(filePath, file.errorString()),
                         {QStringLiteral("file")});

    if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::Exported, QStringLiteral("audit"),
                                                            QString(), QStringLiteral("rows=%1").arg(entries->size()));
        !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return int(entries->size());
}

} // namespace Prospecta
