// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Csv.h"
#include "LeadImportReport.h"
#include "core/Result.h"
#include "domain/Actor.h"

#include <QCoreApplication>
#include <QList>
#include <QLoggingCategory>
#include <QMap>

#include <functional>
#include <memory>
#include <optional>

namespace Prospecta {

Q_DECLARE_LOGGING_CATEGORY(lcSpreadsheets)

class Clock;
class Database;
class LeadImportRun;

// The lead fields a spreadsheet column can fill.
enum class LeadField { Name, Phone, Email, Country, Source, Status, Score, Campaign, AssignedTo, Notes };

// Which column (0-based) fills each field.
using LeadColumnMapping = QMap<LeadField, int>;

struct LeadImportOptions
{
    // The region for numbers without "+" when the row has no valid country; empty for
    // the phone.defaultRegion setting.
    QString region;
    int batchSize = 200; // the maximum rows per transaction
    // A batch that has taken this long commits with the rows it has, so the service
    // thread, which also serves webhooks, is never held longer by one batch. 0: no limit.
    // Into a database of a million leads, a webhook's p99 during an import was 54-55 ms
    // with 20 ms batches and 39-41 ms with 10 ms ones, for about the same import time.
    int maxBatchMs = 10;
    // Copies the WAL into the database file after each batch (SQLite). Set it for an import
    // that holds the instance lock, because no service writer checkpoints then, and the WAL
    // kept every page the import wrote (3 GB for 1,000,000 rows) until the import closed it.
    bool checkpointAfterBatch = false;
    // Runs after each batch is committed, with that batch's rows: a caller that keeps the
    // report on disk as it goes leaves a true one behind even if the process is killed.
    std::function<void(const QList<ImportReportRow> &rows)> batchCommitted;
};

// Called by LeadImport::run() after each committed batch. Returning false cancels the
// import before the next batch.
using ImportProgress = std::function<bool(const LeadImportProgress &progress)>;

// Imports leads from a CSV file. Each row is matched by the phone's identity (phoneKey)
// and gets one outcome (ImportOutcome): a phone new to the database and to the file
// creates a lead (source `import` unless a column gives one); a lead already in the
// database takes the row's non-empty cells (updated, or unchanged when they change
// nothing); a phone repeated in the file is merged into the lead of its first row, filling
// only the fields the earlier rows left empty. Invalid rows are rejected with the reason,
// and the import goes on.
//
// Rows are written in batches, one transaction each (LeadImportRun), so other writers get
// the database between batches. Cancelling takes effect between batches; an error rolls
// back the batch in progress only. The committed batches stay, and the report says the
// last line committed. Status and owner changes are audited per lead as LeadService does.
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

    // Checks what applies to the whole import (a phone column, the actor's permission,
    // the region) and returns a run that imports `reader`'s rows batch by batch. An
    // Error means nothing was imported. The run keeps references to `reader` and to this
    // object's database and clock, which must outlive it.
    Result<std::unique_ptr<LeadImportRun>> begin(const Actor &actor, CsvReader &reader,
                                                 const LeadColumnMapping &mapping,
                                                 const LeadImportOptions &options = {}) const;

    // Imports every batch at once: begin(), then batches until the end of the file, a
    // failed batch or `progress` returning false. An Error means nothing was imported; a
    // report with completed == false means it stopped after some batches.
    Result<LeadImportReport> run(const Actor &actor, CsvReader &reader, const LeadColumnMapping &mapping,
                                 const LeadImportOptions &options = {}, const ImportProgress &progress = {}) const;

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
