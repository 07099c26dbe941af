// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadImportRun.h"

#include "LeadRecordReader.h"
#include "LeadRowImporter.h"
#include "accounts/AuditLog.h"
#include "storage/Database.h"

#include <QElapsedTimer>

namespace Prospecta {

LeadImportRun::LeadImportRun(const Database &database, const Clock &clock, const Actor &actor,
                             std::unique_ptr<LeadRecordReader> records, const LeadImportOptions &options,
                             std::unique_ptr<LeadRowImporter> rows)
    : m_database(database)
    , m_clock(clock)
    , m_actor(actor)
    , m_records(std::move(records))
    , m_options(options)
    , m_rows(std::move(rows))
{
    m_report.lastLine = 1;
}

LeadImportRun::~LeadImportRun()
{
    if (!m_finished)
        stop(StopCause::Closing);
}

LeadImportProgress LeadImportRun::progress() const
{
    LeadImportProgress progress;
    progress.rowsDone = m_report.rowCount();
    progress.lastLine = m_report.lastLine;
    progress.bytesRead = m_records->bytesRead();
    progress.totalBytes = m_records->totalBytes();
    return progress;
}

void LeadImportRun::importBatch()
{
    if (m_finished)
        return;

    const int batchSize = std::max(1, m_options.batchSize);
    QElapsedTimer elapsed;
    elapsed.start();
    QList<ImportReportRow> batch;
    bool endOfFile = false;
    std::optional<Error> failure;
    {
        Transaction transaction(m_database);
        if (!transaction.started()) {
            failure = transaction.started().error();
        } else if (auto renewed = Authorizer(m_database).require(m_actor, Permission::WorkLeads); !renewed) {
            // A role change or a deactivation applies from the next batch on.
            failure = renewed.error();
        } else {
            m_rows->setPrincipal(*renewed);
        }
        m_rows->discardSearchTerms();
        while (!failure && batch.size() < batchSize) {
            if (m_options.maxBatchMs > 0 && !batch.isEmpty() && elapsed.elapsed() >= m_options.maxBatchMs)
                break;
            const LeadRecord *record = m_records->next();
            if (!record) {
                endOfFile = true;
                break;
            }
            auto row = m_rows->process(*record);
            if (!row) {
                failure = row.error();
                break;
            }
            batch << *row;
        }
        if (!failure) {
            if (auto flushed = m_rows->flushSearchTerms(); !flushed)
                failure = flushed.error();
        }
        if (!failure) {
            if (auto committed = transaction.commit(); !committed)
                failure = committed.error();
        }
        // Leaving the scope rolls back a batch that failed.
    }

    if (failure) {
        qCWarning(lcSpreadsheets) << "lead import batch after line" << m_report.lastLine
                                  << "rolled back:" << failure->message;
        // The error's own message comes last, because it ends with what to do next.
        finish(false, tr("The import stopped after line %1 because of an error, so rows after line %1 were not "
                         "imported. %2")
                          .arg(m_report.lastLine)
                          .arg(failure->message));
        return;
    }
    for (const ImportReportRow &row : std::as_const(batch)) {
        m_report.add(row);
        m_report.lastLine = row.line;
    }
    if (m_options.checkpointAfterBatch && !batch.isEmpty()) {
        // A failed checkpoint loses nothing (the rows are in the WAL), so the import goes on.
        if (auto checkpointed = m_database.checkpoint(Database::CheckpointMode::Passive); !checkpointed)
            qCWarning(lcSpreadsheets) << "lead import: the checkpoint after line" << m_report.lastLine
                                      << "failed:" << checkpointed.error().message;
    }
    if (m_options.batchCommitted && !batch.isEmpty())
        m_options.batchCommitted(batch);
    if (endOfFile)
        finish(true, QString());
}

void LeadImportRun::stop(StopCause cause)
{
    if (m_finished)
        return;
    switch (cause) {
    case StopCause::Cancelled:
        finish(false, tr("The import was cancelled after line %1. Rows after line %1 were not imported.")
                          .arg(m_report.lastLine));
        return;
    case StopCause::Closing:
        break;
    }
    finish(false, tr("Prospecta was closed during the import, after line %1. Rows after line %1 were not imported.")
                      .arg(m_report.lastLine));
}

void LeadImportRun::finish(bool completed, const QString &stopReason)
{
    m_finished = true;
    m_records->stop();
    m_report.completed = completed;
    m_report.stopReason = stopReason;
    if (!completed)
        qCInfo(lcSpreadsheets) << "lead import stopped after line" << m_report.lastLine;

    const QString detail =
        QStringLiteral("created=%1 updated=%2 unchanged=%3 merged=%4 rejected=%5 lastLine=%6 completed=%7")
            .arg(m_report.created)
            .arg(m_report.updated)
            .arg(m_report.unchanged)
            .arg(m_report.merged)
            .arg(m_report.rejected)
            .arg(m_report.lastLine)
            .arg(completed ? QStringLiteral("true") : QStringLiteral("false"));
    Transaction transaction(m_database);
    Status audited = transaction.started();
    if (audited)
        audited = AuditLog(m_database, m_clock)
                      .record(m_rows->principal(), AuditAction::Imported, QStringLiteral("leads"), QString(), detail);
    if (audited)
        audited = transaction.commit();
    if (!audited) {
        qCWarning(lcSpreadsheets) << "lead import: the audit row could not be written:" << audited.error().message;
        if (m_report.completed) {
            m_report.completed = false;
            m_report.stopReason = tr("The rows were imported, but the audit row could not be written: %1")
                                      .arg(audited.error().message);
        }
    }
    qCInfo(lcSpreadsheets) << "lead import finished:" << detail;
}

} // namespace Prospecta
