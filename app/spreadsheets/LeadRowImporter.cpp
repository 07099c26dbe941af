// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadRowImporter.h"

#include "Csv.h"
#include "LeadRecordReader.h"
#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "core/EmailAddress.h"
#include "core/TextFolding.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/SearchIndex.h"
#include "storage/UserRepository.h"

#include <QRegularExpression>

namespace Prospecta {

namespace ImportCells {

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

bool isDigits(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    return digits.match(text).hasMatch();
}

QString cell(const CsvRecord &record, const LeadColumnMapping &mapping, LeadField field, bool trim)
{
    const auto it = mapping.constFind(field);
    if (it == mapping.constEnd())
        return QString();
    const QString text = record.fields.value(*it);
    return trim ? text.trimmed() : text;
}

} // namespace ImportCells

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

    static constexpr quint32 bit(LeadField field) { return 1u << int(field); }

    // The fields this row fills, as bits of LeadField.
    quint32 filledFields() const
    {
        quint32 fields = 0;
        fields |= name ? bit(LeadField::Name) : 0;
        fields |= email ? bit(LeadField::Email) : 0;
        fields |= source ? bit(LeadField::Source) : 0;
        fields |= status ? bit(LeadField::Status) : 0;
        fields |= score ? bit(LeadField::Score) : 0;
        fields |= campaignId ? bit(LeadField::Campaign) : 0;
        fields |= assignedUserId ? bit(LeadField::AssignedTo) : 0;
        fields |= notes ? bit(LeadField::Notes) : 0;
        return fields;
    }

    // Leaves out the fields in `fields` (bits of LeadField).
    void leaveOut(quint32 fields)
    {
        if (fields & bit(LeadField::Name))
            name.reset();
        if (fields & bit(LeadField::Email))
            email.reset();
        if (fields & bit(LeadField::Source))
            source.reset();
        if (fields & bit(LeadField::Status))
            status.reset();
        if (fields & bit(LeadField::Score))
            score.reset();
        if (fields & bit(LeadField::Campaign))
            campaignId.reset();
        if (fields & bit(LeadField::AssignedTo))
            assignedUserId.reset();
        if (fields & bit(LeadField::Notes))
            notes.reset();
    }

    void applyTo(Lead &lead) const
    {
        if (name)
            lead.name = *name;
        if (email)
            lead.email = *email;
        if (source)
            lead.source = *source;
        if (status)
            lead.status = *status;
        if (score)
            lead.score = *score;
        if (campaignId)
            lead.campaignId = *campaignId;
        if (assignedUserId)
            lead.assignedUserId = *assignedUserId;
        if (notes)
            lead.notes = *notes;
    }
};

namespace {

using ImportCells::isDigits;
using ImportCells::matchKey;

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
        {QStringLiteral("ganado"), LeadStatus::Converted},     {QStringLiteral("perdido"), LeadStatus::Lost},
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

// Whether `after` differs from `before` in a field a row can fill.
bool fieldsDiffer(const Lead &before, const Lead &after)
{
    return before.name != after.name || before.email != after.email || before.source != after.source
        || before.status != after.status || before.score != after.score || before.campaignId != after.campaignId
        || before.assignedUserId != after.assignedUserId || before.notes != after.notes;
}

// The phone key's digits as a number; 0 when it is not "+" and up to 18 digits.
qint64 phoneKeyNumber(const QString &phoneKey)
{
    if (!phoneKey.startsWith(QLatin1Char('+')) || phoneKey.size() > 19)
        return 0;
    bool ok = false;
    const qint64 number = QStringView(phoneKey).mid(1).toLongLong(&ok);
    return ok && number > 0 ? number : 0;
}

} // namespace

LeadRowImporter::LeadRowImporter(const Database &database, const Clock &clock, LeadColumnMapping mapping)
    : m_database(database)
    , m_clock(clock)
    , m_mapping(std::move(mapping))
{
}

LeadRowImporter::~LeadRowImporter() = default;

Status LeadRowImporter::loadCampaigns()
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

LeadRepository LeadRowImporter::leads()
{
    LeadRepository repository(m_database);
    repository.deferSearchTerms(&m_searchTerms);
    return repository;
}

Status LeadRowImporter::flushSearchTerms()
{
    return SearchIndex(m_database).insertBatch(m_searchTerms);
}

Result<std::optional<qint64>> LeadRowImporter::findUser(const QString &cell)
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

Result<QString> LeadRowImporter::readValues(const CsvRecord &record, RowValues &values)
{
    if (const QString name = cell(record, LeadField::Name); !name.isEmpty()) {
        // The same rule as LeadService, so an imported lead can be edited unchanged.
        if (auto valid = NameRule::check(name, QStringLiteral("name")); !valid)
            return valid.error().message;
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
    if (const QString notes = cell(record, LeadField::Notes, false); !notes.trimmed().isEmpty()) {
        // Every list and search result carries the notes, so one huge cell would slow
        // them all; 10,000 characters is several pages of text.
        if (notes.size() > 10000)
            return tr("The notes have %1 characters, more than 10,000; shorten them.").arg(notes.size());
        values.notes = notes;
    }
    return QString();
}

LeadRowImporter::FileLead *LeadRowImporter::fileLead(const QString &phoneKey)
{
    const auto it = m_fileLeads.find(phoneKeyNumber(phoneKey));
    return it == m_fileLeads.end() ? nullptr : &it.value();
}

void LeadRowImporter::rememberFileLead(const QString &phoneKey, const FileLead &lead)
{
    if (const qint64 number = phoneKeyNumber(phoneKey); number > 0)
        m_fileLeads.insert(number, lead);
}

Result<ImportReportRow> LeadRowImporter::process(const LeadRecord &lead)
{
    const CsvRecord &record = lead.csv;
    ImportReportRow row;
    row.line = record.line;
    if (record.blank) {
        row.reason = tr("The line is blank, so there is nothing to import.");
        return row;
    }
    if (record.rejected()) {
        row.reason = record.error;
        return row;
    }

    if (!lead.invalidCountry.isEmpty()) {
        row.reason = lead.invalidCountry;
        return row;
    }
    const Result<PhoneIdentity> &phone = lead.phone;
    if (!phone) {
        row.reason = phone.error().kind == ErrorKind::MissingField
            ? tr("The phone is missing: every lead needs a phone number.")
            : tr("Invalid phone: %1").arg(phone.error().message);
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

    LeadRepository leads = this->leads();
    if (FileLead *earlier = fileLead(phone->phoneKey)) {
        auto found = leads.findById(earlier->leadId);
        if (!found)
            return found.error();
        // Another writer may have deleted that lead between two batches, so the row is
        // then matched as if it were the first with its phone.
        if (*found)
            return updateExisting(row, **found, values, earlier);
    }
    // Most rows of a large file are new leads, so the cheap id lookup comes first.
    auto existingId = leads.idByPhoneKey(phone->phoneKey);
    if (!existingId)
        return existingId.error();
    if (*existingId == 0)
        return createLead(row, *phone, values);
    auto found = leads.findById(*existingId);
    if (!found)
        return found.error();
    if (!*found)
        return createLead(row, *phone, values);
    return updateExisting(row, **found, values, nullptr);
}

// Applies the row to `existing`, a lead in the database. `earlier` is the first row of
// the file with the same phone, or null when this row is the first.
Result<ImportReportRow> LeadRowImporter::updateExisting(ImportReportRow row, const Lead &existing, RowValues values,
                                                        FileLead *earlier)
{
    if (auto allowed = Authorizer(m_database).requireLead(m_principal, existing.id); !allowed) {
        if (allowed.error().kind != ErrorKind::Forbidden)
            return allowed.error();
        row.outcome = ImportOutcome::Rejected;
        row.reason = allowed.error().message;
        return row;
    }

    const quint32 rowFields = values.filledFields();
    if (earlier)
        values.leaveOut(earlier->filledFields);

    // The stored phone keeps its form: the row's number has the same identity, and a
    // conversation may already use the stored one.
    Lead lead = existing;
    values.applyTo(lead);
    const bool changed = fieldsDiffer(existing, lead);
    if (changed) {
        if (auto saved = leads().save(lead, m_clock.nowMs()); !saved)
            return saved.error();
        if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(m_principal, existing, lead); !audited)
            return audited.error();
    }

    row.leadId = lead.id;
    if (earlier) {
        earlier->filledFields |= rowFields;
        row.outcome = ImportOutcome::Merged;
        row.reason = tr("Merged into line %1.").arg(earlier->firstLine);
    } else {
        rememberFileLead(lead.phoneKey, FileLead{lead.id, row.line, rowFields});
        row.outcome = changed ? ImportOutcome::Updated : ImportOutcome::Unchanged;
        if (!changed)
            row.reason = tr("No field changed.");
    }
    return row;
}

Result<ImportReportRow> LeadRowImporter::createLead(ImportReportRow row, const PhoneIdentity &phone,
                                                    const RowValues &values)
{
    Lead lead;
    lead.source = LeadSource::Import;
    lead.phone = phone.e164;
    lead.phoneKey = phone.phoneKey;
    lead.country = phone.country;
    values.applyTo(lead);
    auto id = leads().create(lead, m_clock.nowMs());
    if (!id)
        return id.error();
    lead.id = *id;

    // A new lead starts as new and unassigned. A status or owner from the file is audited
    // as the change it would be in the lead's file.
    Lead before = lead;
    before.status = LeadStatus::New;
    before.assignedUserId = 0;
    if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(m_principal, before, lead); !audited)
        return audited.error();

    rememberFileLead(phone.phoneKey, FileLead{*id, row.line, values.filledFields()});
    row.outcome = ImportOutcome::Created;
    row.leadId = *id;
    return row;
}

} // namespace Prospecta
