// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "spreadsheets/LeadImport.h"
#include "spreadsheets/LeadImportRun.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QFile;

namespace Prospecta {

class Clock;
class Database;

// A request to import a file: its path, how to read it, the mapping and the options.
struct LeadImportRequest
{
    QString filePath;
    CsvReaderOptions readerOptions;
    LeadColumnMapping mapping; // empty: the mapping guessed from the header
    LeadImportOptions options;
};

// A lead import that shares the service thread with the webhook server and every other
// write. Each event-loop turn imports one batch (one transaction, LeadImportRun) and then
// queues the next batch, so requests and writes that arrive meanwhile run between two
// batches instead of waiting for the whole file. Lives on the service thread, owned by
// ServiceCore.
class ImportJob : public QObject
{
    Q_OBJECT

public:
    ImportJob(qint64 id, const Database &database, const Clock &clock, QObject *parent = nullptr);
    // An import still running is stopped as LeadImportRun::StopCause::Closing.
    ~ImportJob() override;

    qint64 id() const { return m_id; }
    bool isRunning() const;

    // Opens the file, checks the mapping against its header and begins the import; the
    // first batch runs on a later event-loop turn. An Error means nothing was imported
    // and finished() will not be sent.
    Status start(const Actor &actor, const LeadImportRequest &request);

    // Ends the import before its next batch; the committed batches stay. Sends finished()
    // before it returns.
    void stop(LeadImportRun::StopCause cause);

signals:
    // After the first batch, then at most every ProgressIntervalMs.
    void progressed(qint64 importId, const Prospecta::LeadImportProgress &progress);
    // Sent once, when the import ended: completed, stopped or failed after some batches.
    void finished(qint64 importId, const Prospecta::LeadImportReport &report);

private:
    struct LineCount;

    static constexpr int ProgressIntervalMs = 100;

    void queueNextBatch();
    void importNextBatch();
    // Counts the file's lines on the global thread pool; progress includes the count
    // once it is known.
    void countLinesInBackground(const QString &filePath);
    LeadImportProgress currentProgress() const;
    void reportEnd();

    const qint64 m_id;
    const Database &m_database;
    const Clock &m_clock;
    std::unique_ptr<QFile> m_file;
    std::unique_ptr<CsvReader> m_reader;
    std::unique_ptr<LeadImportRun> m_run;
    std::shared_ptr<LineCount> m_lineCount;
    QElapsedTimer m_sinceProgress;
    bool m_endReported = false;
};

} // namespace Prospecta
