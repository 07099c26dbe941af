// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadImportReport.h"

#include "Csv.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace Prospecta {

void LeadImportReport::add(const ImportReportRow &row)
{
    switch (row.outcome) {
    case ImportOutcome::Created:
        ++created;
        break;
    case ImportOutcome::Updated:
        ++updated;
        break;
    case ImportOutcome::Unchanged:
        ++unchanged;
        break;
    case ImportOutcome::Merged:
        ++merged;
        break;
    case ImportOutcome::Rejected:
        ++rejected;
        break;
    }
    rows << row;
}

QString LeadImportReport::csvResult(ImportOutcome outcome)
{
    switch (outcome) {
    case ImportOutcome::Created:
        return QStringLiteral("created");
    case ImportOutcome::Updated:
    case ImportOutcome::Unchanged:
        // The command line's report format lists only created, updated, merged and
        // rejected, so an unchanged row is marked by its reason instead.
        return QStringLiteral("updated");
    case ImportOutcome::Merged:
        return QStringLiteral("merged");
    case ImportOutcome::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

QByteArray LeadImportReport::csvHeader(CsvByteOrderMark mark)
{
    const CsvWriter writer;
    return (mark == CsvByteOrderMark::Write ? CsvWriter::byteOrderMark() : QByteArray())
        + writer.encodeLine({QStringLiteral("line"), QStringLiteral("result"), QStringLiteral("leadId"),
                             QStringLiteral("reason")});
}

QByteArray LeadImportReport::csvLines(const QList<ImportReportRow> &rows)
{
    const CsvWriter writer;
    QByteArray csv;
    for (const ImportReportRow &row : rows) {
        csv += writer.encodeLine({QString::number(row.line), csvResult(row.outcome),
                                  row.leadId > 0 ? QString::number(row.leadId) : QString(), row.reason});
    }
    return csv;
}

QByteArray LeadImportReport::toCsv(CsvByteOrderMark mark) const
{
    return csvHeader(mark) + csvLines(rows);
}

Status LeadImportReport::writeCsv(const QString &filePath, CsvByteOrderMark mark) const
{
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(toCsv(mark)) < 0 || !file.commit())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::LeadImport",
                                                     "Could not write the report %1: %2. Choose another folder or "
                                                     "file name.")
                             .arg(filePath, file.errorString()),
                         {QStringLiteral("report")});
    return {};
}

QString LeadImportReport::summary() const
{
    return QStringLiteral("created=%1\tupdated=%2\tunchanged=%3\tmerged=%4\trejected=%5")
        .arg(created)
        .arg(updated)
        .arg(unchanged)
        .arg(merged)
        .arg(rejected);
}

} // namespace Prospecta
