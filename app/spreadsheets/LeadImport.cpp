// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadImport.h"

#include "LeadImportRun.h"
#include "LeadRecordReader.h"
#include "LeadRowImporter.h"
#include "accounts/Authorizer.h"
#include "channels/PhoneNumbers.h"
#include "storage/SettingsRepository.h"

#include <QHash>
#include <QSet>

namespace Prospecta {

Q_LOGGING_CATEGORY(lcSpreadsheets, "prospecta.spreadsheets", QtInfoMsg)

namespace {

using ImportCells::isDigits;
using ImportCells::matchKey;

constexpr LeadField allFields[] = {LeadField::Name,   LeadField::Phone,    LeadField::Email,      LeadField::Country,
                                   LeadField::Source, LeadField::Status,   LeadField::Score,      LeadField::Campaign,
                                   LeadField::AssignedTo, LeadField::Notes};

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
        // The glossary's word for a lead's step in the funnel is "etapa".
        {LeadField::Status,
         {QStringLiteral("etapa"), QStringLiteral("estado"), QStringLiteral("stage"), QStringLiteral("status")}},
        {LeadField::Source, {QStringLiteral("origen"), QStringLiteral("fuente"), QStringLiteral("source")}},
        {LeadField::Campaign, {QStringLiteral("campana"), QStringLiteral("campaign")}},
        {LeadField::Score, {QStringLiteral("puntaje"), QStringLiteral("puntuacion"), QStringLiteral("score")}},
        {LeadField::AssignedTo,
         {QStringLiteral("asignado"), QStringLiteral("asignadoa"), QStringLiteral("assignedto"),
          QStringLiteral("owner"), QStringLiteral("responsable")}},
    };
    return aliases;
}

} // namespace

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
    QHash<int, LeadField> overridden; // column index to the field an override gave it
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
        // A column fills one field. Two overrides that give it different fields are a
        // mistake the user must see; a guess that used it gives way.
        if (const auto earlier = overridden.constFind(index); earlier != overridden.cend() && *earlier != *field)
            return makeError(ErrorKind::InvalidArgument,
                             tr("Column %1 is mapped to both %2 and %3; map each column to one field.")
                                 .arg(columns.at(index), fieldName(*earlier), fieldName(*field)),
                             {QStringLiteral("mapping")});
        // Likewise one field read from two columns: the later override replaced the first.
        for (auto it = overridden.cbegin(); it != overridden.cend(); ++it) {
            if (it.value() == *field && it.key() != index)
                return makeError(ErrorKind::InvalidArgument,
                                 tr("%1 is mapped to both column %2 and column %3; map each field to one column.")
                                     .arg(fieldName(*field), columns.at(it.key()), columns.at(index)),
                                 {QStringLiteral("mapping")});
        }
        overridden.insert(index, *field);
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

Result<std::unique_ptr<LeadImportRun>> LeadImport::begin(const Actor &actor, CsvReader &reader,
                                                         const LeadColumnMapping &mapping,
                                                         const LeadImportOptions &options) const
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

    auto rows = std::make_unique<LeadRowImporter>(m_database, m_clock, mapping);
    rows->setPrincipal(*principal);
    if (auto loaded = rows->loadCampaigns(); !loaded)
        return loaded.error();

    qCInfo(lcSpreadsheets) << "lead import started by" << principal->auditName() << "region" << region << "bytes"
                           << reader.totalBytes();
    // A blank line gets its own report row, so the report's line numbers can be checked
    // against the file line by line.
    reader.setKeepBlankRecords(true);
    // The worker starts reading only now, after every check that can refuse the import.
    auto records = std::make_unique<LeadRecordReader>(reader, mapping, region);
    return std::unique_ptr<LeadImportRun>(
        new LeadImportRun(m_database, m_clock, actor, std::move(records), options, std::move(rows)));
}

Result<LeadImportReport> LeadImport::run(const Actor &actor, CsvReader &reader, const LeadColumnMapping &mapping,
                                         const LeadImportOptions &options, const ImportProgress &progress) const
{
    auto importRun = begin(actor, reader, mapping, options);
    if (!importRun)
        return importRun.error();
    LeadImportRun &batches = **importRun;
    while (!batches.isFinished()) {
        batches.importBatch();
        if (!batches.isFinished() && progress && !progress(batches.progress()))
            batches.stop(LeadImportRun::StopCause::Cancelled);
    }
    return batches.report();
}

} // namespace Prospecta
