// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadRecordReader.h"

#include "LeadRowImporter.h"
#include "PhoneRepair.h"

#include <QThread>

namespace Prospecta {

LeadRecordReader::LeadRecordReader(CsvReader &reader, LeadColumnMapping mapping, QString region)
    : m_reader(reader)
    , m_mapping(std::move(mapping))
    , m_region(std::move(region))
    , m_totalBytes(reader.totalBytes())
{
    m_worker.reset(QThread::create([this] { readAhead(); }));
    m_worker->setObjectName(QStringLiteral("Lead import reader"));
    m_worker->start();
}

LeadRecordReader::~LeadRecordReader()
{
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_chunkTaken.wakeAll();
    }
    m_worker->wait();
}

Result<PhoneIdentity> LeadRecordReader::parsePhone(const CsvRecord &record, const LeadColumnMapping &mapping,
                                                   const QString &region)
{
    const QString phoneCell = record.rejected() ? QString() : ImportCells::cell(record, mapping, LeadField::Phone);
    if (phoneCell.isEmpty())
        return makeError(ErrorKind::MissingField, QString(), {QStringLiteral("phone")});
    if (const QString country = ImportCells::cell(record, mapping, LeadField::Country);
        PhoneNumbers::isSupportedRegion(country))
        return PhoneRepair::parse(phoneCell, country.toUpper());
    return PhoneRepair::parse(phoneCell, region);
}

void LeadRecordReader::readAhead()
{
    for (;;) {
        Chunk chunk;
        chunk.records.reserve(RecordsPerChunk);
        while (int(chunk.records.size()) < RecordsPerChunk) {
            std::optional<CsvRecord> record = m_reader.next();
            if (!record) {
                chunk.endOfFile = true;
                break;
            }
            Result<PhoneIdentity> phone = parsePhone(*record, m_mapping, m_region);
            chunk.records.push_back(LeadRecord{std::move(*record), std::move(phone)});
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
