// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Csv.h"
#include "core/Result.h"
#include "domain/Actor.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>

#include <functional>
#include <optional>

namespace Prospecta {

class Clock;
class Database;

// The lead fields a spreadsheet column can fill.
enum class LeadField { Name, Phone, Email, Country, Source, Status, Score, Campaign, AssignedTo, Notes };

// Which column (0-based) fills each field.
using LeadColumnMapping = QMap<LeadField, int>;

enum class ImportOutcome { Created, Updated, Merged, Rejected };

// One row of the import report.
struct ImportReportRow
{
    qint64 line = 0; // the header is line 1
    ImportOutcome outcome = ImportOutcome::Rejected;
    qint64 leadId = 0; // 0 for rejected rows
    QString reason;    // why the row was rejected
};

struct LeadImportReport
{
    int created = 0;
    int updated = 0;
    int merged = 0;
    int rejected = 0;
    QList<ImportReportRow> rows;

    bool completed = false; // false when cancelled or stopped by an error
    qint64 lastLine = 0;    // the last line whose row is committed (1: none)
    QString stopReason;     // why it stopped, and where, when not completed

    // "line,result,leadId,reason" and one line per row, UTF-8 with a byte-order mark.
    QByteArray toCsv() const;
    // The same, in parts: the byte-order mark and the header, then the lines of `rows`.
    static QByteArray csvHeader();
    static QByteArray csvLines(const QList<ImportReportRow> &rows);
    Status writeCsv(const QString &filePath) const;
    // "created=3\tupdated=1\tmerged=1\trejected=2"
    QString summary() const;
};

struct LeadImportOptions
{
    // The region for numbers without "+" when the row has no valid country; empty for
    // the phone.defaultRegion setting.
    QString region;
    int batchSize = 200; // rows per transaction
    // Runs after each batch is committed, with that batch's rows: a caller that keeps the
    // report on disk as it goes leaves a true one behind even if the process is killed.
    std::function<void(const QList<ImportReportRow> &rows)> batchCommitted;
};

// Called after each row: rows done, bytes read, the file's size in bytes (0 when
// unknown). Returning false cancels the import.
using ImportProgress = std::function<bool(qint64 rowsDone, qint64 bytesRead, qint64 totalBytes)>;

// Imports leads from a CSV file. Each row is matched by the phone's identity (phoneKey):
// a lead already in the database is updated with the row's non-empty cells, a phone seen
// earlier in the file is merged into that lead, anything else creates a lead (source
// `import` unless a column gives one). Invalid rows are rejected with the reason and the
// import goes on.
//
// Rows are written in transactions of at most `batchSize` rows, so a running service
// gets the write lock between batches. Cancelling or an error rolls back the batch in
// progress only; the committed batches stay and the report says the last line committed.
// One audit row `data.imported` records the counts (never the rows' contents); status
// and owner changes are audited per lead as LeadService does.
class LeadImport
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadImport)

public:
    LeadImport(const Database &database, const Clock &clock);

    // "name", "phone", "email", "country", "source", "status", "score", "campaign",
    // "assignedTo", "notes".
    static QString fieldName(LeadField field);
    static std::optional<LeadField> fieldFromName(QStringView name);
    static QStringList fieldNames();

    // Guesses the mapping from Spanish and English header names, compared without case,
    // accents, spaces or punctuation ("Teléfono", "E-mail", "Assigned to"). The first
    // column that matches a field wins.
    static LeadColumnMapping guessMapping(const QStringList &header);

    // Applies "FIELD=COLUMN" overrides to `mapping`. COLUMN is a header name (exact,
    // else without case and accents) or a 1-based column number. InvalidArgument names
    // the valid fields or columns.
    static Result<LeadColumnMapping> applyOverrides(const QStringList &header, LeadColumnMapping mapping,
                                                    const QStringList &overrides);

    // Runs the import over an opened reader. An Error means nothing was imported (no
    // permission, no phone column, the settings could not be read); a report with
    // completed == false means it stopped after some batches.
    Result<LeadImportReport> run(const Actor &actor, CsvReader &reader, const LeadColumnMapping &mapping,
                                 const LeadImportOptions &options = {}, const ImportProgress &progress = {}) const;

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
