// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Actor.h"
#include "storage/AuditRepository.h"

#include <QCoreApplication>

namespace Prospecta {

class Clock;
class Database;

// Administrators read the audit log and save it as CSV for a spreadsheet. The export
// itself is audited.
class AuditExport
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::AuditExport)

public:
    AuditExport(const Database &database, const Clock &clock);

    Result<QList<AuditEntry>> query(const Actor &actor, const AuditFilter &filter) const;

    // Writes the rows that match `filter` (newest first, at most 100,000) to `filePath`
    // atomically; returns the number of rows written.
    Result<int> writeCsv(const Actor &actor, AuditFilter filter, const QString &filePath) const;

    // The CSV text: a header line, one line per entry, UTF-8 with a byte-order mark so
    // spreadsheets on Windows read accents right. A field that a spreadsheet would take
    // as a formula (= + - @ at its start) is prefixed with an apostrophe.
    static QByteArray toCsv(const QList<AuditEntry> &entries);

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
