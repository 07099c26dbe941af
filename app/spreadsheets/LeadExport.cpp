// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadExport.h"

#include "Csv.h"
#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/UserRepository.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSaveFile>

namespace Prospecta {

namespace {
// The same category name as the lead import, so both show under one filter.
Q_LOGGING_CATEGORY(lcExport, "prospecta.spreadsheets", QtInfoMsg)
} // namespace

LeadExport::LeadExport(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

QStringList LeadExport::columns()
{
    return {QStringLiteral("id"),     QStringLiteral("name"),     QStringLiteral("phone"),
            QStringLiteral("email"),  QStringLiteral("country"),  QStringLiteral("source"),
            QStringLiteral("status"), QStringLiteral("score"),    QStringLiteral("campaign"),
            QStringLiteral("assignedTo"), QStringLiteral("notes"), QStringLiteral("createdAt")};
}

QByteArray LeadExport::toCsv(const QList<LeadRepository::Row> &rows, const QHash<qint64, QString> &ownerEmails,
                             QChar delimiter)
{
    // The phone goes through the writer like every other cell: its "+" is protected with
    // an apostrophe, so a spreadsheet keeps it as text instead of computing a number,
    // and the reader removes the apostrophe again.
    const CsvWriter writer(delimiter);
    QByteArray csv = CsvWriter::byteOrderMark();
    csv += writer.encodeLine(columns());
    for (const LeadRepository::Row &row : rows) {
        const Lead &lead = row.lead;
        QString owner;
        if (lead.assignedUserId != 0)
            owner = ownerEmails.value(lead.assignedUserId, QString::number(lead.assignedUserId));
        const QStringList fields{
            QString::number(lead.id),
            lead.name,
            lead.phone,
            lead.email,
            lead.country,
            toString(lead.source),
            toString(lead.status),
            QString::number(lead.score),
            row.campaignName,
            owner,
            lead.notes,
            QDateTime::fromMSecsSinceEpoch(lead.createdMs, Qt::UTC).toString(Qt::ISODateWithMs),
        };
        csv += writer.encodeLine(fields);
    }
    return csv;
}

Result<int> LeadExport::writeCsv(const Actor &actor, LeadListFilter filter, const QString &filePath,
                                 const QLocale &locale) const
{
    return protectedChange(m_database, actor, Permission::Export, [&](const Principal &principal) -> Result<int> {
        // Export is a manager's permission, and managers see every lead; the visibility
        // rule still applies so that a role given Export alone sees no more than it may.
        filter.visibility.agentUserId =
            principal.allows(Permission::SeeAllLeads) ? 0 : principal.actor.userId;
        filter.limit = 0;
        filter.offset = 0;
        auto rows = LeadRepository(m_database).listRows(filter);
        if (!rows)
            return rows.error();
        auto users = UserRepository(m_database).list();
        if (!users)
            return users.error();
        QHash<qint64, QString> ownerEmails;
        for (const User &user : std::as_const(*users))
            ownerEmails.insert(user.id, user.email);

        QSaveFile file(filePath);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(toCsv(*rows, ownerEmails, CsvWriter::delimiterFor(locale))) < 0 || !file.commit())
            return makeError(ErrorKind::InvalidArgument,
                             tr("Could not write %1: %2. Choose another folder or file name.")
                                 .arg(filePath, file.errorString()),
                             {QStringLiteral("file")});

        const int count = int(rows->size());
        if (auto audited = AuditLog(m_database, m_clock)
                               .record(principal, AuditAction::Exported, QStringLiteral("leads"), QString(),
                                       QStringLiteral("leads rows=%1").arg(count));
            !audited)
            return audited.error();
        qCInfo(lcExport) << "lead export by" << principal.auditName() << "rows" << count;
        return count;
    });
}

} // namespace Prospecta
