// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Csv.h"
#include "LeadImport.h"
#include "channels/PhoneNumbers.h"
#include "core/Result.h"

#include <QMutex>
#include <QWaitCondition>

#include <atomic>
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
    // The reason the country cell names no country, or empty. Such a row is rejected and
    // its phone is not parsed, since the fallback region may not be the country meant.
    QString invalidCountry;
};

// Reads a lead import's CSV records and parses their phones on a worker thread, a few
// chunks ahead of the caller. libphonenumber (about a fifth of an import's CPU time in a
// profile) then runs on another core than the writer's inserts. The worker owns the
// CsvReader until stop() or the destructor, which stop it and wait for it.
class LeadRecordReader
{
public:
    LeadRecordReader(CsvReader &reader, LeadColumnMapping mapping, QString region);
    ~LeadRecordReader();
    LeadRecordReader(const LeadRecordReader &) = delete;
    LeadRecordReader &operator=(const LeadRecordReader &) = delete;

    // Returns the next record, waiting for the worker when it is not ahead, or null at the
    // end of the file or after stop(). The record stays valid until the next call.
    const LeadRecord *next();

    // Stops the worker after the record it is reading, and waits for it. The import calls
    // this when it ends, so a cancelled import reads no further than its last batch.
    void stop();

    // The CsvReader's bytesRead() when it had read the chunk of the last record returned.
    qint64 bytesRead() const { return m_bytesRead; }
    // The CsvReader's totalBytes(), which does not change after it opened.
    qint64 totalBytes() const { return m_totalBytes; }

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
    // Reads and parses one record. Returns false at the end of the file.
    bool readOne(LeadRecord &record);

    CsvReader &m_reader;
    const LeadColumnMapping m_mapping;
    const QString m_region;
    const qint64 m_totalBytes;

    QMutex m_mutex;
    QWaitCondition m_chunkQueued;
    QWaitCondition m_chunkTaken;
    std::deque<Chunk> m_queue; // guarded by m_mutex
    // Set under m_mutex, and read by the worker between records too, so a stop need not
    // wait for a whole chunk.
    std::atomic<bool> m_stopping = false;

    // The caller's side.
    Chunk m_current;
    size_t m_nextInChunk = 0;
    qint64 m_bytesRead = 0;
    bool m_endOfFile = false;

    // Null when the thread could not be started, and next() then reads on the caller's
    // thread. NOTE: no test covers that path, since a thread start cannot be made to fail.
    std::unique_ptr<QThread> m_worker;
};

} // namespace Prospecta
