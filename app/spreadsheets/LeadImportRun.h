// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LeadImport.h"

#include <QCoreApplication>

#include <memory>

namespace Prospecta {

class LeadRecordReader;
class LeadRowImporter;

// One lead import in progress (LeadImport::begin), advanced one batch at a time, so the
// caller decides what runs between two batches: LeadImport::run() goes on at once, and
// ImportJob returns to the service thread's event loop so webhooks are served.
//
// Each batch is one transaction of at most LeadImportOptions::batchSize rows, cut short
// once it has taken maxBatchMs. A batch that fails is rolled back whole and ends the run,
// and a stop takes effect between batches. Either way the committed batches stay, and the
// report's lastLine and stopReason give the line where the import stopped. The run
// writes its audit row `data.imported` (the counts, never the rows' contents) once, when
// it ends.
class LeadImportRun
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadImport)

public:
    // The reason a caller ends a run before the end of the file.
    enum class StopCause {
        Cancelled, // the user cancelled it
        Closing,   // the program is closing
    };

    // A run that has not finished is stopped as Closing.
    ~LeadImportRun();
    LeadImportRun(const LeadImportRun &) = delete;
    LeadImportRun &operator=(const LeadImportRun &) = delete;

    // Imports the next batch and commits it. Does nothing once the run has finished.
    void importBatch();
    // Ends the run before its next batch, with `cause` in the report's stopReason.
    void stop(StopCause cause);

    bool isFinished() const { return m_finished; }
    const LeadImportReport &report() const { return m_report; }
    // The progress so far. totalLines stays 0, because counting the lines is left to the
    // caller (CsvReader::countLines).
    LeadImportProgress progress() const;

private:
    friend class LeadImport;

    LeadImportRun(const Database &database, const Clock &clock, const Actor &actor,
                  std::unique_ptr<LeadRecordReader> records, const LeadImportOptions &options,
                  std::unique_ptr<LeadRowImporter> rows);

    // Records the end of the run: the flags, the log line and the audit row.
    void finish(bool completed, const QString &stopReason);

    const Database &m_database;
    const Clock &m_clock;
    const Actor m_actor;
    std::unique_ptr<LeadRecordReader> m_records;
    const LeadImportOptions m_options;
    std::unique_ptr<LeadRowImporter> m_rows;
    LeadImportReport m_report;
    bool m_finished = false;
};

} // namespace Prospecta
