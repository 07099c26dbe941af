// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportJob.h"

#include "core/Logging.h"
#include "storage/Database.h"

#include <QFile>
#include <QThreadPool>

#include <atomic>

namespace Prospecta {

// The state shared with the line count on the thread pool. The count may outlive the job,
// so it checks `stop` and leaves its result in `lines` instead of calling the job back.
struct ImportJob::LineCount
{
    std::atomic<bool> stop{false};
    std::atomic<qint64> lines{0};
};

ImportJob::ImportJob(qint64 id, const Database &database, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_database(database)
    , m_clock(clock)
{
}

ImportJob::~ImportJob()
{
    if (m_lineCount)
        m_lineCount->stop = true;
    stop(LeadImportRun::StopCause::Closing);
}

bool ImportJob::isRunning() const
{
    return m_run && !m_run->isFinished();
}

Status ImportJob::start(const Actor &actor, const LeadImportRequest &request)
{
    m_file = std::make_unique<QFile>(request.filePath);
    if (!m_file->open(QIODevice::ReadOnly))
        return makeError(ErrorKind::InvalidArgument,
                         tr("Could not read %1: %2. Choose another file.").arg(request.filePath, m_file->errorString()),
                         {QStringLiteral("file")});
    m_reader = std::make_unique<CsvReader>(*m_file, request.readerOptions);
    if (auto opened = m_reader->open(); !opened)
        return opened.error();

    const QStringList &header = m_reader->header();
    const LeadColumnMapping mapping = request.mapping.isEmpty() ? LeadImport::guessMapping(header) : request.mapping;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it) {
        if (it.value() < 0 || it.value() >= header.size())
            return makeError(ErrorKind::InvalidArgument,
                             tr("The field %1 is mapped to column %2, but the file has %3 columns. Map it again.")
                                 .arg(LeadImport::fieldName(it.key()))
                                 .arg(it.value() + 1)
                                 .arg(header.size()),
                             {QStringLiteral("mapping")});
    }

    auto begun = LeadImport(m_database, m_clock).begin(actor, *m_reader, mapping, request.options);
    if (!begun)
        return begun.error();
    m_run = std::move(*begun);
    qCInfo(lcRuntime) << "lead import" << m_id << "started";

    countLinesInBackground(request.filePath);
    queueNextBatch();
    return {};
}

void ImportJob::stop(LeadImportRun::StopCause cause)
{
    if (!isRunning())
        return;
    qCInfo(lcRuntime) << "lead import" << m_id
                      << (cause == LeadImportRun::StopCause::Cancelled ? "cancelled" : "stopped for shutdown");
    m_run->stop(cause);
    reportEnd();
}

void ImportJob::queueNextBatch()
{
    // A queued call rather than a loop, so the event loop first serves what arrived during
    // the batch (webhooks, other writes) and then runs the next batch.
    QMetaObject::invokeMethod(this, &ImportJob::importNextBatch, Qt::QueuedConnection);
}

void ImportJob::importNextBatch()
{
    if (!isRunning())
        return;
    m_run->importBatch();
    if (m_run->isFinished()) {
        reportEnd();
        return;
    }
    if (!m_sinceProgress.isValid() || m_sinceProgress.elapsed() >= ProgressIntervalMs) {
        m_sinceProgress.start();
        emit progressed(m_id, currentProgress());
    }
    queueNextBatch();
}

void ImportJob::countLinesInBackground(const QString &filePath)
{
    m_lineCount = std::make_shared<LineCount>();
    QThreadPool::globalInstance()->start([count = m_lineCount, filePath] {
        QFile file(filePath);
        if (!file.open(QIODevice::ReadOnly))
            return;
        if (const std::optional<qint64> lines = CsvReader::countLines(file, &count->stop))
            count->lines = *lines;
    });
}

LeadImportProgress ImportJob::currentProgress() const
{
    LeadImportProgress progress = m_run->progress();
    if (m_lineCount)
        progress.totalLines = m_lineCount->lines;
    return progress;
}

void ImportJob::reportEnd()
{
    if (m_endReported)
        return;
    m_endReported = true;
    if (m_lineCount)
        m_lineCount->stop = true;
    emit progressed(m_id, currentProgress());
    emit finished(m_id, m_run->report());
}

} // namespace Prospecta
