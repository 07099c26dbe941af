// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LeadImport.h"
#include "accounts/Authorizer.h"
#include "domain/Entities.h"
#include "storage/LeadRepository.h"
#include "storage/SearchIndex.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <optional>

namespace Prospecta {

class Clock;
class Database;
struct CsvRecord;
struct LeadRecord;
struct PhoneIdentity;
struct RowValues;

namespace ImportCells {

// `text` without case, accents, spaces or punctuation, for comparing header names and
// names typed in cells ("Teléfono" and "TELEFONO" give "telefono").
QString matchKey(const QString &text);
bool isDigits(const QString &text);
// The cell of `record` that `mapping` gives `field`, trimmed unless `trim` is false (notes
// keep their text as written, so an export followed by an import changes nothing).
QString cell(const CsvRecord &record, const LeadColumnMapping &mapping, LeadField field, bool trim = true);

} // namespace ImportCells

// Imports one CSV row at a time into the caller's open transaction: checks and converts
// the cells, finds the lead by the phone's identity (phoneKey) and creates, updates or
// merges it, which the row's ImportOutcome records. It remembers every phone of the file
// imported so far, so one importer serves one whole import.
class LeadRowImporter
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadImport)

public:
    LeadRowImporter(const Database &database, const Clock &clock, LeadColumnMapping mapping);
    ~LeadRowImporter();
    LeadRowImporter(const LeadRowImporter &) = delete;
    LeadRowImporter &operator=(const LeadRowImporter &) = delete;

    // Loads the campaigns that a campaign cell may name.
    Status loadCampaigns();

    // Whose permissions apply; renewed before each batch.
    void setPrincipal(const Principal &principal) { m_principal = principal; }
    const Principal &principal() const { return m_principal; }

    // The report row for `record`, or an Error that stops the import because the
    // database failed. A row whose data is invalid gives a Rejected row, not an Error.
    Result<ImportReportRow> process(const LeadRecord &record);

    // Inserts the search terms of the rows processed since the last call, before the batch
    // commits. discardSearchTerms() drops them after a batch that rolled back.
    Status flushSearchTerms();
    void discardSearchTerms() { m_searchTerms.clear(); }

private:
    // The first row of the file with a given phone: its lead, its line and the fields
    // (bits of LeadField) that rows with this phone have filled so far.
    struct FileLead
    {
        qint64 leadId = 0;
        qint64 firstLine = 0;
        quint32 filledFields = 0;
    };

    QString cell(const CsvRecord &record, LeadField field, bool trim = true) const
    {
        return ImportCells::cell(record, m_mapping, field, trim);
    }
    // Fills `values` from the row. Returns the reason when a cell is invalid (empty when
    // all are valid), or an Error when a lookup failed.
    Result<QString> readValues(const CsvRecord &record, RowValues &values);
    Result<std::optional<qint64>> findUser(const QString &cell);

    FileLead *fileLead(const QString &phoneKey);
    void rememberFileLead(const QString &phoneKey, const FileLead &lead);

    Result<ImportReportRow> updateExisting(ImportReportRow row, const Lead &existing, RowValues values,
                                           FileLead *earlier);
    Result<ImportReportRow> createLead(ImportReportRow row, const PhoneIdentity &phone, const RowValues &values);
    // The leads, with new search terms held in m_searchTerms.
    LeadRepository leads();

    const Database &m_database;
    const Clock &m_clock;
    const LeadColumnMapping m_mapping;
    Principal m_principal;
    QSet<qint64> m_campaignIds;
    QHash<QString, qint64> m_campaignsByName;
    QHash<QString, qint64> m_activeUsers; // cell text -> user id, 0 for none or inactive
    // Keyed by the phone key's digits, which take far less memory than the text for the
    // million rows a large file has. Every phone key is "+" and digits (E.164).
    QHash<qint64, FileLead> m_fileLeads;
    SearchTermBatch m_searchTerms;
};

} // namespace Prospecta
