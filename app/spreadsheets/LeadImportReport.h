// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Csv.h"
#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Prospecta {

// The outcome of one imported row. Rows are matched by the phone's identity (phoneKey):
// - Created: the phone matched no lead, neither in the database nor on an earlier row.
// - Updated: it matched a lead already in the database, and the row changed at least one field.
// - Unchanged: it matched a lead already in the database, and the row changed nothing.
// - Merged: the phone repeats an earlier row of the same file. The row fills only the
//   fields that the earlier rows left empty (the first value wins).
// - Rejected: the row was not imported, and the report row gives the reason.
enum class ImportOutcome { Created, Updated, Unchanged, Merged, Rejected };

// One row of the import report.
struct ImportReportRow
{
    qint64 line = 0; // the header is line 1
    ImportOutcome outcome = ImportOutcome::Rejected;
    qint64 leadId = 0; // 0 for rejected rows
    // The reason a row was rejected. A merged row names the line it was merged into, and
    // an unchanged row says that no field changed. Empty for created and updated rows.
    QString reason;
};

struct LeadImportReport
{
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int merged = 0;
    int rejected = 0;
    QList<ImportReportRow> rows;

    bool completed = false; // false when cancelled or stopped by an error
    qint64 lastLine = 0;    // the last line whose row is committed (1: none)
    QString stopReason;     // why it stopped, and where, when not completed

    // Counts `row` and appends it to `rows`.
    void add(const ImportReportRow &row);
    int rowCount() const { return created + updated + unchanged + merged + rejected; }

    // The CSV report: "line,result,leadId,reason" and one line per row, UTF-8 with or
    // without a byte-order mark. The result column has the four values the command line
    // documents (created, updated, merged, rejected). An unchanged row is therefore written
    // as "updated" with the reason "No field changed." (csvResult()), and a blank line as
    // "rejected" with its reason.
    QByteArray toCsv(CsvByteOrderMark mark) const;
    // The same, in parts: the byte-order mark (when written) and the header, then the
    // lines of `rows`.
    static QByteArray csvHeader(CsvByteOrderMark mark);
    static QByteArray csvLines(const QList<ImportReportRow> &rows);
    static QString csvResult(ImportOutcome outcome);
    Status writeCsv(const QString &filePath, CsvByteOrderMark mark) const;
    // "created=3\tupdated=1\tunchanged=2\tmerged=1\trejected=2"
    QString summary() const;
};

// How far an import got. Sent after each batch.
struct LeadImportProgress
{
    qint64 rowsDone = 0;   // rows read and committed, rejected ones included
    qint64 lastLine = 1;   // the last line whose row is committed (1: none)
    qint64 totalLines = 0; // the file's line count, the header included; 0 until counted
    qint64 bytesRead = 0;  // ahead of the committed rows by up to one read chunk
    qint64 totalBytes = 0; // 0 when the size is unknown (a pipe)
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::LeadImportReport)
Q_DECLARE_METATYPE(Prospecta::LeadImportProgress)
