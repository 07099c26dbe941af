// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadImport.h"

#include "PhoneRepair.h"
#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "channels/PhoneNumbers.h"
#include "core/EmailAddress.h"
#include "core/Clock.h"
#include "core/TextFolding.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>

namespace Prospecta {

namespace {

Q_LOGGING_CATEGORY(lcImport, "prospecta.spreadsheets", QtInfoMsg)

constexpr LeadField allFields[] = {LeadField::Name,   LeadField::Phone,    LeadField::Email,      LeadField::Country,
                                   LeadField::Source, LeadField::Status,   LeadField::Score,      LeadField::Campaign,
                                   LeadField::AssignedTo, LeadField::Notes};

// A header or value compared without case, accents, spaces or punctuation.
QString matchKey(const QString &text)
{
    const QString folded = TextFolding::fold(text);
    QString key;
    key.reserve(folded.size());
    for (const QChar c : folded) {
        if (c.isLetterOrNumber())
            key += c;
    }
    return key;
}

// Header names per field, already in matchKey() form.
const QList<QPair<LeadField, QStringList>> &headerAliases()
{
    static const QList<QPair<LeadField, QStringList>> aliases = {
        {LeadField::Name,
         {QStringLiteral("nombre"), QStringLiteral("nombrecompleto"), QStringLiteral("name"),
          QStringLiteral("fullname")}},
        {LeadField::Phone,
         {QStringLiteral("telefono"), QStringLiteral("celular"), QStringLiteral("movil"), QStringLiteral("whatsapp"),
          QStringLiteral("phone"), QStringLiteral("phonenumber"), QStringLiteral("mobile"),
          QStringLiteral("numerodetelefono")}},
        {LeadField::Email,
         {QStringLiteral("correo"), QStringLiteral("correoelectronico"), QStringLiteral("email"),
          QStringLiteral("mail")}},
        {LeadField::Country, {QStringLiteral("pais"), QStringLiteral("country")}},
        {LeadField::Notes,
         {QStringLiteral("notas"), QStringLiteral("nota"), QStringLiteral("notes"), QStringLiteral("comentarios"),
          QStringLiteral("comments")}},
        {LeadField::Status, {QStringLiteral("estado"), QStringLiteral("status")}},
        {LeadField::Source, {QStringLiteral("origen"), QStringLiteral("fuente"), QStringLiteral("source")}},
        {LeadField::Campaign, {QStringLiteral("campana"), QStringLiteral("campaign")}},
        {LeadField::Score, {QStringLiteral("puntaje"), QStringLiteral("puntuacion"), QStringLiteral("score")}},
        {LeadField::AssignedTo,
         {QStringLiteral("asignado"), QStringLiteral("asignadoa"), QStringLiteral("assignedto"),
          QStringLiteral("owner"), QStringLiteral("responsable")}},
    };
    return aliases;
}

// Spanish names of the statuses and sources as the desktop shows them, beside the
// conventions' English values.
std::optional<LeadStatus> statusFromCell(const QString &cell)
{
    const QString key = matchKey(cell);
    if (auto status = fromString<LeadStatus>(key))
        return status;
    static const QHash<QString, LeadStatus> spanish = {
        {QStringLiteral("nuevo"), LeadStatus::New},           {QStringLiteral("contactado"), LeadStatus::Contacted},
        {QStringLiteral("calificado"), LeadStatus::Qualified}, {QStringLiteral("convertido"), LeadStatus::Converted},
        {QStringLiteral("perdido"), LeadStatus::Lost},
    };
    if (auto it = spanish.constFind(key); it != spanish.constEnd())
        return *it;
    return std::nullopt;
}

std::optional<LeadSource> sourceFromCell(const QString &cell)
{
    const QString key = matchKey(cell);
    if (auto source = fromString<LeadSource>(key))
        return source;
    static const QHash<QString, LeadSource> spanish = {
        {QStringLiteral("llamada"), LeadSource::Call},      {QStringLiteral("importacion"), LeadSource::Import},
        {QStringLiteral("otro"), LeadSource::Other},        {QStringLiteral("otra"), LeadSource::Other},
    };
    if (auto it = spanish.constFind(key); it != spanish.constEnd())
        return *it;
    return std::nullopt;
}

bool isDigits(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    return digits.match(text).hasMatch();
}

QString outcomeName(ImportOutcome outcome)
{
    switch (outcome) {
    case ImportOutcome::Created:
        return QStringLiteral("created");
    case ImportOutcome::Updated:
        return QStringLiteral("updated");
    case ImportOutcome::Merged:
        return QStringLiteral("merged");
    case ImportOutcome::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

// The cells of one row, checked and converted. An empty optional leaves the field alone.
struct RowValues
{
    std::optional<QString> name;
    std::optional<QString> email;
    std::optional<LeadSource> source;
    std::optional<LeadStatus> status;
    std::optional<int> score;
    std::optional<qint64> campaignId;
    std::optional<qint64> assignedUserId;
    std::optional<QString> notes;
};

// The state of one import run: who imports, the lookups it caches and the identities
// seen so far in the file.
class ImportRun
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadImport)

public:
    ImportRun(const Database &database, const Clock &clock, const LeadColumnMapping &mapping, QString region)
        : m_database(database)
        , m_clock(clock)
        , m_mapping(mapping)
        , m_region(std::move(region))
    {
    }

    Status loadCampaigns()
    {
        auto campaigns = CampaignRepository(m_database).list();
        if (!campaigns)
            return campaigns.error();
        for (const Campaign &campaign : std::as_const(*campaigns)) {
            m_campaignIds.insert(campaign.id);
            m_campaignsByName.insert(matchKey(campaign.name), campaign.id);
        }
        return {};
    }

    void setPrincipal(const Principal &principal) { m_principal = principal; }
    const Principal &principal() const { return m_principal; }

    // The report row for `record`, or an Error that stops the import (the database
    // failed). Rows the data makes invalid are Rejected rows, not errors.
    Result<ImportReportRow> process(const CsvRecord &record);

private:
    // The cell for `field`, trimmed unless `trim` is false (notes keep their text as
    // written, so an export followed by an import changes nothing).
    QString cell(const CsvRecord &record, LeadField field, bool trim = true) const
    {
        const auto it = m_mapping.constFind(field);
        if (it == m_mapping.constEnd())
            return QString();
        const QString text = record.fields.value(*it);
        return trim ? text.trimmed() : text;
    }

    // Fills `values` from the row. Returns the reason when a cell is invalid (empty when
    // all are valid), or an Error when a lookup failed.
    Result<QString> readValues(const CsvRecord &record, RowValues &values);
    Result<std::optional<qint64>> findUser(const QString &cell);
    static void applyValues(const RowValues &values, Lead &lead);

    const Database &m_database;
    const Clock &m_clock;
    const LeadColumnMapping &m_mapping;
    QString m_region;
    Principal m_principal;
    QSet<qint64> m_campaignIds;
    QHash<QString, qint64> m_campaignsByName;
    QHash<QString, qint64> m_activeUsers; // cell text -> user id, 0 for none or inactive
    QHash<QString, qint64> m_seenInFile;  // phoneKey -> lead id
};

Result<std::optional<qint64>> ImportRun::findUser(const QString &cell)
{
    const QString key = cell.toLower();
    if (auto it = m_activeUsers.constFind(key); it != m_activeUsers.constEnd())
        return *it == 0 ? std::optional<qint64>() : std::optional<qint64>(*it);
    UserRepository users(m_database);
    auto found = isDigits(key) ? users.findById(key.toLongLong()) : users.findByEmail(key);
    if (!found)
        return found.error();
    const qint64 id = *found && (*found)->user.active ? (*found)->user.id : 0;
    m_activeUsers.insert(key, id);
    return id == 0 ? std::optional<qint64>() : std::optional<qint64>(id);
}

Result<QString> ImportRun::readValues(const CsvRecord &record, RowValues &values)
{
    if (const QString name = cell(record, LeadField::Name); !name.isEmpty()) {
        if (name.size() > 200)
            return tr("The name is longer than 200 characters; shorten it.");
        values.name = name;
    }
    if (const QString email = cell(record, LeadField::Email).toLower(); !email.isEmpty()) {
        // The same rule as LeadService, so an imported lead can be edited unchanged.
        if (!isEmailAddress(email))
            return tr("Invalid email \"%1\"; write it as name@example.com.").arg(email);
        values.email = email;
    }
    if (const QString source = cell(record, LeadField::Source); !source.isEmpty()) {
        values.source = sourceFromCell(source);
        if (!values.source)
            return tr("Unknown source \"%1\"; valid sources: %2.")
                .arg(source, allNames<LeadSource>().join(QStringLiteral(", ")));
    }
    if (const QString status = cell(record, LeadField::Status); !status.isEmpty()) {
        values.status = statusFromCell(status);
        if (!values.status)
            return tr("Unknown status \"%1\"; valid statuses: %2.")
                .arg(status, allNames<LeadStatus>().join(QStringLiteral(", ")));
    }
    if (const QString score = cell(record, LeadField::Score); !score.isEmpty()) {
        bool ok = false;
        const int value = score.toInt(&ok);
        if (!ok || value < 0 || value > 100)
            return tr("Invalid score \"%1\"; the score is a whole number from 0 to 100.").arg(score);
        values.score = value;
    }
    if (const QString campaign = cell(record, LeadField::Campaign); !campaign.isEmpty()) {
        if (isDigits(campaign) && m_campaignIds.contains(campaign.toLongLong()))
            values.campaignId = campaign.toLongLong();
        else if (auto it = m_campaignsByName.constFind(matchKey(campaign)); it != m_campaignsByName.constEnd())
            values.campaignId = *it;
        else
            return tr("Unknown campaign \"%1\"; give a campaign's id or name (`prospecta campaign list`).")
                .arg(campaign);
    }
    if (const QString owner = cell(record, LeadField::AssignedTo); !owner.isEmpty()) {
        auto user = findUser(owner);
        if (!user)
            return user.error();
        if (!*user)
            return tr("Unknown user \"%1\", or the user is deactivated; give an active user's email or id.")
                .arg(owner);
        const bool toSelf = m_principal.actor.kind == Actor::Kind::User && **user == m_principal.actor.userId;
        if (!toSelf && !m_principal.allows(Permission::AssignLeads))
            return Authorizer::forbidden(m_principal, Permission::AssignLeads).message;
        values.assignedUserId = **user;
    }
    if (const QString notes = cell(record, LeadField::Notes, false); !notes.trimmed().isEmpty())
        values.notes = notes;
    return QString();
}

void ImportRun::applyValues(const RowValues &values, Lead &lead)
{
    if (values.name)
        lead.name = *values.name;
    if (values.email)
        lead.email = *values.email;
    if (values.source)
        lead.source = *values.source;
    if (values.status)
        lead.status = *values.status;
    if (values.score)
        lead.score = *values.score;
    if (values.campaignId)
        lead.campaignId = *values.campaignId;
    if (values.assignedUserId)
        lead.assignedUserId = *values.assignedUserId;
    if (values.notes)
        lead.notes = *values.notes;
}

Result<ImportReportRow> ImportRun::process(const CsvRecord &record)
{
    ImportReportRow row;
    row.line = record.line;
    if (record.rejected()) {
        row.reason = record.error;
        return row;
    }

    const QString phoneCell = cell(record, LeadField::Phone);
    if (phoneCell.isEmpty()) {
        row.reason = tr("The phone is missing: every lead needs a phone number.");
        return row;
    }
    QString region = m_region;
    if (const QString country = cell(record, LeadField::Country); PhoneNumbers::isSupportedRegion(country))
        region = country.toUpper();
    auto phone = PhoneRepair::parse(phoneCell, region);
    if (!phone) {
        row.reason = tr("Invalid phone: %1").arg(phone.error().message);
        return row;
    }

    RowValues values;
    auto invalid = readValues(record, values);
    if (!invalid)
        return invalid.error();
    if (!invalid->isEmpty()) {
        row.reason = *invalid;
        return row;
    }

    LeadRepository leads(m_database);
    const qint64 nowMs = m_clock.nowMs();
    std::optional<Lead> existing;
    if (auto seen = m_seenInFile.constFind(phone->phoneKey); seen != m_seenInFile.constEnd()) {
        auto found = leads.findById(*seen);
        if (!found)
            return found.error();
        existing = *found;
        row.outcome = ImportOutcome::Merged;
    } else {
        auto found = leads.findByPhoneKey(phone->phoneKey);
        if (!found)
            return found.error();
        existing = *found;
        row.outcome = ImportOutcome::Updated;
    }

    if (existing) {
        if (auto allowed = Authorizer(m_database).requireLead(m_principal, existing->id); !allowed) {
            if (allowed.error().kind != ErrorKind::Forbidden)
                return allowed.error();
            row.outcome = ImportOutcome::Rejected;
            row.reason = allowed.error().message;
            return row;
        }
        // The stored phone keeps its form: the row's number has the same identity, and
        // a conversation may already use the stored one.
        Lead lead = *existing;
        applyValues(values, lead);
        if (auto saved = leads.save(lead, nowMs); !saved)
            return saved.error();
        if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(m_principal, *existing, lead); !audited)
            return audited.error();
        row.leadId = lead.id;
        m_seenInFile.insert(phone->phoneKey, lead.id);
        return row;
    }

    Lead lead;
    lead.source = LeadSource::Import;
    lead.phone = phone->e164;
    lead.phoneKey = phone->phoneKey;
    lead.country = phone->country;
    applyValues(values, lead);
    auto id = leads.create(lead, nowMs);
    if (!id)
        return id.error();
    lead.id = *id;
    Lead before = lead;
    before.status = LeadStatus::New;
    before.assignedUserId = 0;
    if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(m_principal, before, lead); !audited)
        return audited.error();
    row.outcome = ImportOutcome::Created;
    row.leadId = *id;
    m_seenInFile.insert(phone->phoneKey, *id);
    return row;
}

} // namespace

QByteArray LeadImportReport::csvHeader()
{
    const CsvWriter writer;
    return CsvWriter::byteOrderMark()
        + writer.encodeLine({QStringLiteral("line"), QStringLiteral("result"), QStringLiteral("leadId"),
                             QStringLiteral("reason")});
}

QByteArray LeadImportReport::csvLines(const QList<ImportReportRow> &rows)
{
    const CsvWriter writer;
    QByteArray csv;
    for (const ImportReportRow &row : rows) {
        csv += writer.encodeLine({QString::number(row.line), outcomeName(row.outcome),
                                  row.leadId > 0 ? QString::number(row.leadId) : QString(), row.reason});
    }
    return csv;
}

QByteArray LeadImportReport::toCsv() const
{
    return csvHeader() + csvLines(rows);
}

Status LeadImportReport::writeCsv(const QString &filePath) const
{
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(toCsv()) < 0 || !file.commit())
        return makeError(ErrorKind::InvalidArgument,
                         LeadImport::tr("Could not write the report %1: %2. Choose another folder or file name.")
                             .arg(filePath, file.errorString()),
                         {QStringLiteral("report")});
    return {};
}

QString LeadImportReport::summary() const
{
    return QStringLiteral("created=%1\tupdated=%2\tmerged=%3\trejected=%4").arg(created).arg(updated).arg(merged).arg(
        rejected);
}

LeadImport::LeadImport(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

QString LeadImport::fieldName(LeadField field)
{
    switch (field) {
    case LeadField::Name:
        return QStringLiteral("name");
    case LeadField::Phone:
        return QStringLiteral("phone");
    case LeadField::Email:
        return QStringLiteral("email");
    case LeadField::Country:
        return QStringLiteral("country");
    case LeadField::Source:
        return QStringLiteral("source");
    case LeadField::Status:
        return QStringLiteral("status");
    case LeadField::Score:
        return QStringLiteral("score");
    case LeadField::Campaign:
        return QStringLiteral("campaign");
    case LeadField::AssignedTo:
        return QStringLiteral("assignedTo");
    case LeadField::Notes:
        break;
    }
    return QStringLiteral("notes");
}

std::optional<LeadField> LeadImport::fieldFromName(QStringView name)
{
    for (const LeadField field : allFields) {
        if (name.compare(fieldName(field), Qt::CaseInsensitive) == 0)
            return field;
    }
    return std::nullopt;
}

QStringList LeadImport::fieldNames()
{
    QStringList names;
    for (const LeadField field : allFields)
        names << fieldName(field);
    return names;
}

LeadColumnMapping LeadImport::guessMapping(const QStringList &header)
{
    LeadColumnMapping mapping;
    QSet<int> taken;
    for (const auto &[field, aliases] : headerAliases()) {
        for (int column = 0; column < header.size(); ++column) {
            if (!taken.contains(column) && aliases.contains(matchKey(header.at(column)))) {
                mapping.insert(field, column);
                taken.insert(column);
                break;
            }
        }
    }
    return mapping;
}

Result<LeadColumnMapping> LeadImport::applyOverrides(const QStringList &header, LeadColumnMapping mapping,
                                                     const QStringList &overrides)
{
    QStringList columns;
    for (int i = 0; i < header.size(); ++i)
        columns << QStringLiteral("%1 \"%2\"").arg(i + 1).arg(header.at(i));
    for (const QString &pair : overrides) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        const auto field = eq > 0 ? fieldFromName(pair.left(eq).trimmed()) : std::nullopt;
        if (!field)
            return makeError(ErrorKind::InvalidArgument,
                             tr("\"%1\" is not FIELD=COLUMN with a known field. Valid fields: %2.")
                                 .arg(pair, fieldNames().join(QStringLiteral(", "))),
                             {QStringLiteral("mapping")});
        const QString column = pair.mid(eq + 1).trimmed();
        int index = int(header.indexOf(column));
        if (index < 0) {
            for (int i = 0; i < header.size() && index < 0; ++i) {
                if (!column.isEmpty() && matchKey(header.at(i)) == matchKey(column))
                    index = i;
            }
        }
        if (index < 0 && isDigits(column) && column.toInt() >= 1 && column.toInt() <= header.size())
            index = column.toInt() - 1;
        if (index < 0)
            return makeError(ErrorKind::InvalidArgument,
                             tr("The file has no column \"%1\" for %2. Columns: %3.")
                                 .arg(column, fieldName(*field), columns.join(QStringLiteral(", "))),
                             {QStringLiteral("mapping")});
        // A column fills one field, so a guess that used it gives way.
        for (auto it = mapping.begin(); it != mapping.end();) {
            if (it.value() == index && it.key() != *field)
                it = mapping.erase(it);
            else
                ++it;
        }
        mapping.insert(*field, index);
    }
    return mapping;
}

Result<LeadImportReport> LeadImport::run(const Actor &actor, CsvReader &reader, const LeadColumnMapping &mapping,
                                         const LeadImportOptions &options, const ImportProgress &progress) const
{
    if (!mapping.contains(LeadField::Phone))
        return makeError(ErrorKind::MissingField,
                         tr("No column is mapped to the phone, and every lead needs one. Map it (for example "
                            "phone=Teléfono); columns: %1.")
                             .arg(reader.header().join(QStringLiteral(", "))),
                         {QStringLiteral("phone")});
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();

    QString region = options.region.trimmed().toUpper();
    if (region.isEmpty()) {
        auto settings = SettingsRepository(m_database).load();
        if (!settings)
            return settings.error();
        region = settings->text(QStringLiteral("phone.defaultRegion"));
    }
    if (!PhoneNumbers::isSupportedRegion(region))
        return makeError(ErrorKind::InvalidArgument,
                         tr("Unknown region \"%1\"; give an ISO 3166 alpha-2 code such as MX or PE.").arg(region),
                         {QStringLiteral("region")});

    ImportRun importRun(m_database, m_clock, mapping, region);
    importRun.setPrincipal(*principal);
    if (auto loaded = importRun.loadCampaigns(); !loaded)
        return loaded.error();

    qCInfo(lcImport) << "lead import started by" << principal->auditName() << "region" << region << "bytes"
                     << reader.totalBytes();
    LeadImportReport report;
    report.lastLine = 1;
    const int batchSize = std::max(1, options.batchSize);
    qint64 rowsDone = 0;
    for (;;) {
        QList<ImportReportRow> batch;
        bool endOfFile = false;
        bool cancelled = false;
        std::optional<Error> failure;
        {
            Transaction transaction(m_database);
            if (!transaction.started()) {
                failure = transaction.started().error();
            } else if (auto renewed = Authorizer(m_database).require(actor, Permission::WorkLeads); !renewed) {
                // A role change or a deactivation applies from the next batch on.
                failure = renewed.error();
            } else {
                importRun.setPrincipal(*renewed);
            }
            while (!failure && batch.size() < batchSize) {
                const std::optional<CsvRecord> record = reader.next();
                if (!record) {
                    endOfFile = true;
                    break;
                }
                auto row = importRun.process(*record);
                if (!row) {
                    failure = row.error();
                    break;
                }
                batch << *row;
                ++rowsDone;
                if (progress && !progress(rowsDone, reader.bytesRead(), reader.totalBytes())) {
                    cancelled = true;
                    break;
                }
            }
            if (!failure && !cancelled) {
                if (auto committed = transaction.commit(); !committed)
                    failure = committed.error();
            }
            // Leaving the scope rolls back a batch that was cancelled or failed.
        }
        if (failure) {
            report.stopReason = tr("The import stopped after line %1 because of an error: %2. Rows after line %1 "
                                   "were not imported.")
                                    .arg(report.lastLine)
                                    .arg(failure->message);
            qCWarning(lcImport) << "lead import stopped after line" << report.lastLine << ":" << failure->message;
            break;
        }
        if (cancelled) {
            report.stopReason =
                tr("The import was cancelled after line %1. Rows after line %1 were not imported.").arg(report.lastLine);
            qCInfo(lcImport) << "lead import cancelled after line" << report.lastLine;
            break;
        }
        for (const ImportReportRow &row : std::as_const(batch)) {
            switch (row.outcome) {
            case ImportOutcome::Created:
                ++report.created;
                break;
            case ImportOutcome::Updated:
                ++report.updated;
                break;
            case ImportOutcome::Merged:
                ++report.merged;
                break;
            case ImportOutcome::Rejected:
                ++report.rejected;
                break;
            }
            report.lastLine = row.line;
        }
        report.rows += batch;
        if (options.batchCommitted)
            options.batchCommitted(batch);
        if (endOfFile) {
            report.completed = true;
            break;
        }
    }

    const QString detail = QStringLiteral("created=%1 updated=%2 merged=%3 rejected=%4 lastLine=%5 completed=%6")
                               .arg(report.created)
                               .arg(report.updated)
                               .arg(report.merged)
                               .arg(report.rejected)
                               .arg(report.lastLine)
                               .arg(report.completed ? QStringLiteral("true") : QStringLiteral("false"));
    Transaction transaction(m_database);
    Status audited = transaction.started();
    if (audited)
        audited = AuditLog(m_database, m_clock)
                      .record(importRun.principal(), AuditAction::Imported, QStringLiteral("leads"), QString(), detail);
    if (audited)
        audited = transaction.commit();
    if (!audited) {
        qCWarning(lcImport) << "lead import: the audit row could not be written:" << audited.error().message;
        if (report.completed) {
            report.completed = false;
            report.stopReason = tr("The rows were imported, but the audit row could not be written: %1")
                                    .arg(audited.error().message);
        }
    }
    qCInfo(lcImport) << "lead import finished:" << detail;
    return report;
}

} // namespace Prospecta
