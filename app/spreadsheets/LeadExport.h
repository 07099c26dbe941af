// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Actor.h"
#include "storage/LeadRepository.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QStringList>

namespace Prospecta {

class Clock;
class Database;

// Managers and administrators save the leads of a filtered view as CSV for a spreadsheet.
// The columns are the ones LeadImport reads, so an export followed by an import changes
// nothing: the campaign by name, the owner by email, formula protection undone by the
// reader. Each export is audited as `data.exported` with the row count, never the rows.
class LeadExport
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadExport)

public:
    LeadExport(const Database &database, const Clock &clock);

    // "id", "name", "phone", "email", "country", "source", "status", "score", "campaign",
    // "assignedTo", "notes", "createdAt".
    static QStringList columns();

    // Writes the leads that `filter` matches, as far as the actor may see them, to
    // `filePath` atomically (QSaveFile), with the separator spreadsheets expect for
    // `locale`. The filter's limit and offset are ignored: the whole view is written.
    // Returns the number of leads written. Forbidden without Permission::Export.
    Result<int> writeCsv(const Actor &actor, LeadListFilter filter, const QString &filePath,
                         const QLocale &locale) const;

    // The CSV text: a byte-order mark, the header and one line per row. `ownerEmails` maps
    // user ids to emails; an owner missing from it is written as its id, which the
    // importer also reads.
    static QByteArray toCsv(const QList<LeadRepository::Row> &rows, const QHash<qint64, QString> &ownerEmails,
                            QChar delimiter);

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
