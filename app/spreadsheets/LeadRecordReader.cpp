// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadRecordReader.h"

#include "CountryCell.h"
#include "LeadRowImporter.h"
#include "PhoneRepair.h"

#include <QCoreApplication>
#include <QThread>

namespace Prospecta {

namespace {

// Parses the phone of `record.csv` into record.phone, with the row's country when its
// cell names one and `region` when the cell is empty. Safe on any thread.
void parsePhone(LeadRecord &record, const LeadColumnMapping &mapping, const QString &region)
{
    const CsvRecord &csv = record.csv;
    const QString phoneCell = csv.rejected() ? QString() : ImportCells::cell(csv, mapping, LeadField::Phone);
    if (phoneCell.isEmpty()) {
        record.phone = makeError(ErrorKind::MissingField, QString(), {QStringLiteral("phone")});
        return;
    }
    const QString country = ImportCells::cell(csv, mapping, LeadField::Country);
    if (country.isEmpty()) {
        record.phone = PhoneRepair::parse(phoneCell, region);
        return;
    }
    const std::optional<QString> countryRegion = CountryCell::regionOf(country);
    if (!countryRegion) {
        record.invalidCountry = QCoreApplication::translate("Prospecta::LeadImport",
                                                            "Unknown country \"%1\"; write its ISO 3166 code, such "
                                                            "as CO or COL, or its name, such as Colombia.")
                                        .arg(country);
        record.phone = makeError(ErrorKind::InvalidArgument, record.invalidCountry, {QStringLiteral("country")});
        return;
    }
    record.phone = PhoneRepair::parse(phoneCell, *countryRegion);
}

} // namespace

LeadRecordReader::LeadRecordReader(CsvReader &reader, LeadColumnMapping mapping, QString region)
    : m_reader(reader)
    , m_mapping(std::move(mapping))
    , m_region(std::move(region))
    , m_totalBytes(reader.totalBytes())
{
    m_worker.reset(QThread::create([this] { readAhead(); }));
    m_worker->setObjectName(QStringLiteral("Lead import reader"));
    m_worker->start();
    if (!m_worker->isRunning() && !m_worker->isFinished()) {
        qCWarning(lcSpreadsheets) << "lead import: the reader thread did not start; reading on the writer's thread";
        m_worker.reset();
    }
}

LeadRecordReader::~LeadRecordReader()
{
    stop();
}

void LeadRecordReader::stop()
{
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_chunkTaken.wakeAll();
    }
    if (m_worker)
        m_worker->wait();
    m_current.records.clear();
    m_nextInChunk = 0;
    m_endOfFile = true;
}

bool LeadRecordReader::readOne(LeadRecord &record)
{
    std::optional<CsvRecord> csv = m_reader.next();
    if (!csv)
        return false;
    record.csv = std::move(*csv);
    record.invalidCountry.clear();
    parsePhone(record, m_mapping, m_region);
    return true;
}

void LeadRecordReader::readAhead()
{
    for (;;) {
        Chunk chunk;
        chunk.records.reserve(RecordsPerChunk);
        while (int(chunk.records.size()) < RecordsPerChunk) {
            if (m_stopping)
                return;
            LeadRecord record;
            if (!readOne(record)) {
                chunk.endOfFile = true;
                break;
            }
            chunk.records.push_back(std::move(record));
        }
        chunk.bytesRead = m_reader.bytesRead();
        const bool endOfFile = chunk.endOfFile;

        QMutexLocker locker(&m_mutex);
        while (!m_stopping && int(m_queue.size()) >= MaxQueuedChunks)
            m_chunkTaken.wait(&m_mutex);
        if (m_stopping)
            return;
        m_queue.push_back(std::move(chunk));
        m_chunkQueued.wakeOne();
        if (endOfFile)
            return;
    }
}

const LeadRecord *LeadRecordReader::next()
{
    if (!m_worker && !m_endOfFile) {
        m_current.records.resize(1);
        m_nextInChunk = 0;
        m_endOfFile = !readOne(m_current.records.front());
        if (m_endOfFile)
            m_current.records.clear();
        m_current.bytesRead = m_reader.bytesRead();
    }
    while (m_nextInChunk == m_current.records.size()) {
        if (m_endOfFile)
            return nullptr;
        QMutexLocker locker(&m_mutex);
        while (m_queue.empty())
            m_chunkQueued.wait(&m_mutex);
        m_current = std::move(m_queue.front());
        m_queue.pop_front();
        m_chunkTaken.wakeOne();
        m_nextInChunk = 0;
        m_endOfFile = m_current.endOfFile;
    }
    m_bytesRead = m_current.bytesRead;
    return &m_current.records[m_nextInChunk++];
}

} // namespace Prospecta
