// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Csv.h"
#include "LeadImport.h"
#include "channels/PhoneNumbers.h"
#include "core/Result.h"

#include <QMutex>
#include <QWaitCondition>

#include <deque>
#include <vector>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace Prospecta {

// A record of a lead import, with its phone cell already parsed.
struct LeadRecord
{
    CsvRecord csv;
    // The parsed phone, or why it is not one: ErrorKind::MissingField when the phone
    // cell is empty or the record is rejected.
    Result<PhoneIdentity> phone = PhoneIdentity{};
};

// Reads a lead import's CSV records and parses their phones on a worker thread, a few
// chunks ahead of the caller, so libphonenumber (about a fifth of an import's CPU time in
// a profile) runs on another core than the writer's inserts. The worker owns the CsvReader
// until this object is destroyed, which stops the worker and waits for it.
class LeadRecordReader
{
public:
    LeadRecordReader(CsvReader &reader, LeadColumnMapping mapping, QString region);
    ~LeadRecordReader();
    LeadRecordReader(const LeadRecordReader &) = delete;
    LeadRecordReader &operator=(const LeadRecordReader &) = delete;

    // The next record, waiting for the worker when it is not ahead; null at the end of the
    // file. The record stays valid until the next call.
    const LeadRecord *next();

    // The CsvReader's bytesRead() when it had read the chunk of the last record returned.
    qint64 bytesRead() const { return m_bytesRead; }
    // The CsvReader's totalBytes(), which does not change after it opened.
    qint64 totalBytes() const { return m_totalBytes; }

    // The phone of `record` as LeadRecord::phone holds it. Safe on any thread.
    static Result<PhoneIdentity> parsePhone(const CsvRecord &record, const LeadColumnMapping &mapping,
                                            const QString &region);

private:
    struct Chunk
    {
        std::vector<LeadRecord> records;
        qint64 bytesRead = 0;
        bool endOfFile = false;
    };

    // Enough to keep the writer busy while the worker is descheduled, and small enough
    // that a stopped import leaves little parsed for nothing.
    static constexpr int RecordsPerChunk = 256;
    static constexpr int MaxQueuedChunks = 4;

    void readAhead();

    CsvReader &m_reader;
    const LeadColumnMapping m_mapping;
    const QString m_region;
    const qint64 m_totalBytes;

    QMutex m_mutex;
    QWaitCondition m_chunkQueued;
    QWaitCondition m_chunkTaken;
    std::deque<Chunk> m_queue; // guarded by m_mutex
    bool m_stopping = false;   // guarded by m_mutex

    // The caller's side.
    Chunk m_current;
    size_t m_nextInChunk = 0;
    qint64 m_bytesRead = 0;
    bool m_endOfFile = false;

    std::unique_ptr<QThread> m_worker;
};

} // namespace Prospecta
