// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lead import on a real database: SQLite in a temporary folder and, with
// PROSPECTA_TEST_PG_URL set, PostgreSQL in a database of its own (imp_<pid>) that the
// suite creates and drops, so other suites on the same server are not disturbed.

#include "SearchTermRows.h"
#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "spreadsheets/CountryCell.h"
#include "spreadsheets/Csv.h"
#include "spreadsheets/LeadImport.h"
#include "spreadsheets/LeadImportRun.h"
#include "spreadsheets/PhoneRepair.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/SearchIndex.h"
#include "storage/Migrations.h"
#include "storage/UserRepository.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <numeric>

using namespace Prospecta;

namespace {

// The audit rows of one action, newest first.
AuditFilter auditFilter(const QString &action)
{
    AuditFilter filter;
    filter.action = action;
    return filter;
}

constexpr qint64 StartMs = 1767225600000; // 2026-01-01T00:00:00Z

QString describe(const Error &error)
{
    return error.message;
}

#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifyOkResult = (expression);                                                 \
        QVERIFY2(verifyOkResult.ok(), verifyOkResult.ok() ? "" : qPrintable(describe(verifyOkResult.error()))); \
    } while (false)

QString outcomeText(const ImportReportRow &row)
{
    switch (row.outcome) {
    case ImportOutcome::Created:
        return QStringLiteral("created");
    case ImportOutcome::Updated:
        return QStringLiteral("updated");
    case ImportOutcome::Unchanged:
        return QStringLiteral("unchanged");
    case ImportOutcome::Merged:
        return QStringLiteral("merged");
    case ImportOutcome::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

// "2:created" per report row.
QStringList outcomes(const LeadImportReport &report)
{
    QStringList lines;
    for (const ImportReportRow &row : report.rows)
        lines << QString::number(row.line) + QLatin1Char(':') + outcomeText(row);
    return lines;
}

QString mappingText(const LeadColumnMapping &mapping)
{
    QStringList parts;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it)
        parts << LeadImport::fieldName(it.key()) + QLatin1Char('=') + QString::number(it.value() + 1);
    return parts.join(QLatin1Char(' '));
}

} // namespace

class LeadImportTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void phoneRepair_data();
    void phoneRepair();
    void countryCell_data();
    void countryCell();
    void mappingGuess_data();
    void mappingGuess();
    void mappingOverrides();

    void spanishFileEncodings_data();
    void spanishFileEncodings();
    void countryCellsChooseRegion();
    void scientificNotationPhones();
    void duplicatesMergedAndUpdated();
    void searchTermsMatchARebuild();
    void duplicateFillsOnlyEmptyFields();
    void unchangedRowsCountedApart();
    void extraFieldsRejectedWithLine();
    void spanishStageNamesImported();
    void invalidCellsRejectedWithReason();
    void hugeNotesRejected();
    void cancelKeepsWholeBatches();
    void failedBatchRolledBackAlone();
    void closingRunRecordsWhereItStopped();
    void runDroppedWhileReadingAheadEnds();
    void slowBatchCommitsEarly();
    void checkpointAfterBatchKeepsTheWalShort();
    void exportThenImportIsLossless();
    void auditedWithCountsOnly();
    void agentCannotAssignOthers();
    void reportCsv();
    void blankLinesReported();

private:
    Result<LeadImportReport> importBytes(const QByteArray &bytes, const QStringList &overrides = {},
                                         const Actor &actor = Actor::commandLine(QStringLiteral("tester")),
                                         LeadImportOptions options = {}, const ImportProgress &progress = {});
    // Begins a run over `reader` as the command line's user, in batches of exactly 200 rows.
    Result<std::unique_ptr<LeadImportRun>> beginRun(CsvReader &reader);
    qint64 addUser(const QString &email, UserRole role);
    Lead leadByPhone(const QString &phoneKey);
    int leadCount();

    QTemporaryDir m_dir;
    std::optional<DatabaseLocation> m_postgres; // the suite's own database
    std::unique_ptr<Database> m_db;
    ManualClock m_clock{StartMs};
    int m_connections = 0;
};

void LeadImportTest::initTestCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void LeadImportTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());

    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty())
        return;
    auto server = DatabaseLocation::parse(url);
    VERIFY_OK(server);
    Database admin;
    VERIFY_OK(admin.open(*server, QStringLiteral("tst_leadimport_admin")));
    const QString name = QStringLiteral("imp_%1").arg(QCoreApplication::applicationPid());
    VERIFY_OK(admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name)));
    VERIFY_OK(admin.exec(QStringLiteral("CREATE DATABASE %1").arg(name)));
    m_postgres = *server;
    m_postgres->databaseName = name;
}

void LeadImportTest::init()
{
    QFETCH_GLOBAL(QString, engine);
    DatabaseLocation location;
    if (engine == QLatin1String("sqlite")) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = m_dir.filePath(QStringLiteral("import-%1.db").arg(m_connections));
    } else {
        if (!m_postgres)
            QSKIP("PROSPECTA_TEST_PG_URL is not set");
        location = *m_postgres;
    }
    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_leadimport_%1").arg(++m_connections)));
    if (engine != QLatin1String("sqlite")) {
        VERIFY_OK(m_db->exec(QStringLiteral("SET client_min_messages = warning")));
        VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    }
    VERIFY_OK(Migrations::apply(*m_db, StartMs));
}

void LeadImportTest::cleanup()
{
    m_db.reset();
}

void LeadImportTest::cleanupTestCase()
{
    if (!m_postgres)
        return;
    auto server = DatabaseLocation::parse(qEnvironmentVariable("PROSPECTA_TEST_PG_URL"));
    if (!server)
        return;
    Database admin;
    if (admin.open(*server, QStringLiteral("tst_leadimport_drop")))
        (void)admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_postgres->databaseName));
}

Result<LeadImportReport> LeadImportTest::importBytes(const QByteArray &bytes, const QStringList &overrides,
                                                     const Actor &actor, LeadImportOptions options,
                                                     const ImportProgress &progress)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(buffer);
    if (auto opened = reader.open(); !opened)
        return opened.error();
    auto mapping = LeadImport::applyOverrides(reader.header(), LeadImport::guessMapping(reader.header()), overrides);
    if (!mapping)
        return mapping.error();
    return LeadImport(*m_db, m_clock).run(actor, reader, *mapping, options, progress);
}

Result<std::unique_ptr<LeadImportRun>> LeadImportTest::beginRun(CsvReader &reader)
{
    LeadImportOptions options;
    options.maxBatchMs = 0;
    return LeadImport(*m_db, m_clock)
        .begin(Actor::commandLine(QStringLiteral("tester")), reader, LeadImport::guessMapping(reader.header()),
               options);
}

qint64 LeadImportTest::addUser(const QString &email, UserRole role)
{
    User user;
    user.email = email;
    user.name = email.section(QLatin1Char('@'), 0, 0);
    user.role = role;
    auto id = UserRepository(*m_db).insert(user, QString(), StartMs);
    return id ? *id : 0;
}

Lead LeadImportTest::leadByPhone(const QString &phoneKey)
{
    auto found = LeadRepository(*m_db).findByPhoneKey(phoneKey);
    if (!found || !*found)
        return Lead{};
    return **found;
}

int LeadImportTest::leadCount()
{
    auto count = LeadRepository(*m_db).count();
    return count ? *count : -1;
}

// ---------------------------------------------------------------------------------------
// Cells and headers

void LeadImportTest::phoneRepair_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("phoneKey");      // empty when rejected
    QTest::addColumn<QString>("expectedError"); // part of the reason when rejected

    const QString mx = QStringLiteral("MX");
    const QString pe = QStringLiteral("PE");
    const QString lost = QStringLiteral("digits were lost");
    QTest::newRow("scientific, every digit") << QStringLiteral("5.215512345678E+12") << mx
                                             << QStringLiteral("+525512345678") << QString();
    QTest::newRow("scientific, decimal comma") << QStringLiteral("5,215512345678E+12") << mx
                                               << QStringLiteral("+525512345678") << QString();
    QTest::newRow("scientific, lower-case e") << QStringLiteral("5.1991234567e10") << pe
                                              << QStringLiteral("+51991234567") << QString();
    QTest::newRow("scientific, digits lost") << QStringLiteral("5.2155E+12") << mx << QString() << lost;
    // A dropped trailing zero cannot be distinguished from a rounded-away digit.
    QTest::newRow("scientific, one digit short") << QStringLiteral("5.21551234567E+12") << mx << QString() << lost;
    QTest::newRow("scientific, not whole") << QStringLiteral("5.215512345678E+5") << mx << QString()
                                           << QStringLiteral("not a whole number");
    QTest::newRow("trailing .0") << QStringLiteral("5512345678.0") << mx << QStringLiteral("+525512345678")
                                 << QString();
    QTest::newRow("trailing ,00") << QStringLiteral("991234567,00") << pe << QStringLiteral("+51991234567")
                                  << QString();
    QTest::newRow("spaces dashes parentheses") << QStringLiteral("(55) 1234-5678") << mx
                                               << QStringLiteral("+525512345678") << QString();
    QTest::newRow("dots") << QStringLiteral("55.1234.5678") << mx << QStringLiteral("+525512345678") << QString();
    QTest::newRow("no-break spaces") << QStringLiteral("55\u00A01234\u00A05678") << mx
                                     << QStringLiteral("+525512345678") << QString();
    QTest::newRow("Peruvian mobile as is") << QStringLiteral("991234567") << pe << QStringLiteral("+51991234567")
                                           << QString();
    QTest::newRow("lost plus, other country") << QStringLiteral("51991234567") << mx
                                              << QStringLiteral("+51991234567") << QString();
    QTest::newRow("Mexican old mobile 1") << QStringLiteral("+52 1 55 1234 5678") << pe
                                          << QStringLiteral("+525512345678") << QString();
    QTest::newRow("text apostrophe") << QStringLiteral("'+51 991 234 567") << mx << QStringLiteral("+51991234567")
                                     << QString();
    QTest::newRow("too short, libphonenumber's reason") << QStringLiteral("12 34") << mx << QString()
                                                        << QStringLiteral("too short");
    QTest::newRow("letters") << QStringLiteral("call me") << mx << QString() << QStringLiteral("invalid phone number");
}

void LeadImportTest::phoneRepair()
{
    QFETCH(QString, cell);
    QFETCH(QString, region);
    QFETCH(QString, phoneKey);
    QFETCH(QString, expectedError);

    const auto parsed = PhoneRepair::parse(cell, region);
    if (phoneKey.isEmpty()) {
        QVERIFY2(!parsed, parsed ? qPrintable(parsed->e164) : "");
        QVERIFY2(parsed.error().message.contains(expectedError), qPrintable(parsed.error().message));
    } else {
        VERIFY_OK(parsed);
        QCOMPARE(parsed->phoneKey, phoneKey);
    }
}

void LeadImportTest::countryCell_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("region"); // empty when the cell names no country

    QTest::newRow("alpha-2") << QStringLiteral("CO") << QStringLiteral("CO");
    QTest::newRow("alpha-2, lower case") << QStringLiteral("pe") << QStringLiteral("PE");
    QTest::newRow("alpha-3") << QStringLiteral("COL") << QStringLiteral("CO");
    QTest::newRow("alpha-3, lower case") << QStringLiteral("mex") << QStringLiteral("MX");
    QTest::newRow("English name") << QStringLiteral("Colombia") << QStringLiteral("CO");
    QTest::newRow("English name of two words") << QStringLiteral("united states") << QStringLiteral("US");
    QTest::newRow("native name") << QStringLiteral("Perú") << QStringLiteral("PE");
    QTest::newRow("native name, Portuguese") << QStringLiteral("Brasil") << QStringLiteral("BR");
    QTest::newRow("native name, German") << QStringLiteral("Deutschland") << QStringLiteral("DE");
    QTest::newRow("upper case without accent") << QStringLiteral("MEXICO") << QStringLiteral("MX");
    QTest::newRow("Spanish name, Haiti") << QStringLiteral("Haití") << QStringLiteral("HT");
    QTest::newRow("Spanish name, Belize") << QStringLiteral("belice") << QStringLiteral("BZ");
    QTest::newRow("Spanish name, United States") << QStringLiteral("Estados Unidos") << QStringLiteral("US");
    QTest::newRow("Spanish abbreviation") << QStringLiteral("EE. UU.") << QStringLiteral("US");
    QTest::newRow("Spanish name without accents") << QStringLiteral("Republica Dominicana") << QStringLiteral("DO");
    QTest::newRow("surrounding spaces") << QStringLiteral("  Chile ") << QStringLiteral("CL");
    QTest::newRow("unknown alpha-2") << QStringLiteral("ZZ") << QString();
    QTest::newRow("unknown alpha-3") << QStringLiteral("XYZ") << QString();
    QTest::newRow("unknown name") << QStringLiteral("Narnia") << QString();
    QTest::newRow("misspelt name") << QStringLiteral("Colombiaa") << QString();
    QTest::newRow("digits") << QStringLiteral("57") << QString();
}

void LeadImportTest::countryCell()
{
    QFETCH(QString, cell);
    QFETCH(QString, region);

    QCOMPARE(CountryCell::regionOf(cell).value_or(QString()), region);
}

void LeadImportTest::mappingGuess_data()
{
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QString>("expected");

    QTest::newRow("Spanish with accents")
        << QStringList{QStringLiteral("Nombre Completo"), QStringLiteral("Teléfono"), QStringLiteral("Correo Electrónico"),
                       QStringLiteral("País"), QStringLiteral("Notas"), QStringLiteral("Estado"), QStringLiteral("Origen"),
                       QStringLiteral("Campaña"), QStringLiteral("Puntaje"), QStringLiteral("Asignado a")}
        << QStringLiteral("name=1 phone=2 email=3 country=4 source=7 status=6 score=9 campaign=8 assignedTo=10 notes=5");
    QTest::newRow("Spanish upper case, no accents")
        << QStringList{QStringLiteral("NOMBRE"), QStringLiteral("CELULAR"), QStringLiteral("CORREO"), QStringLiteral("PAIS"),
                       QStringLiteral("COMENTARIOS"), QStringLiteral("FUENTE"), QStringLiteral("CAMPANA"),
                       QStringLiteral("ASIGNADO")}
        << QStringLiteral("name=1 phone=2 email=3 country=4 source=6 campaign=7 assignedTo=8 notes=5");
    QTest::newRow("English")
        << QStringList{QStringLiteral("Full Name"), QStringLiteral("Mobile"), QStringLiteral("E-mail"),
                       QStringLiteral("Country"), QStringLiteral("Status"), QStringLiteral("Source"),
                       QStringLiteral("Campaign"), QStringLiteral("Score"), QStringLiteral("Assigned to"),
                       QStringLiteral("Notes")}
        << QStringLiteral("name=1 phone=2 email=3 country=4 source=6 status=5 score=8 campaign=7 assignedTo=9 notes=10");
    QTest::newRow("móvil, whatsapp and owner")
        << QStringList{QStringLiteral("Móvil"), QStringLiteral("WhatsApp"), QStringLiteral("Owner")}
        << QStringLiteral("phone=1 assignedTo=3");
    // The glossary's word for the funnel step; it was ignored without a warning.
    QTest::newRow("etapa")
        << QStringList{QStringLiteral("Nombre"), QStringLiteral("Teléfono"), QStringLiteral("Etapa")}
        << QStringLiteral("name=1 phone=2 status=3");
    QTest::newRow("unknown columns left out")
        << QStringList{QStringLiteral("id"), QStringLiteral("Empresa"), QStringLiteral("Phone")}
        << QStringLiteral("phone=3");
}

void LeadImportTest::mappingGuess()
{
    QFETCH(QStringList, header);
    QFETCH(QString, expected);

    QCOMPARE(mappingText(LeadImport::guessMapping(header)), expected);
}

void LeadImportTest::mappingOverrides()
{
    const QStringList header = {QStringLiteral("Nombre"), QStringLiteral("Tel 1"), QStringLiteral("Teléfono")};
    const LeadColumnMapping guessed = LeadImport::guessMapping(header);
    QCOMPARE(mappingText(guessed), QStringLiteral("name=1 phone=3"));

    auto byName = LeadImport::applyOverrides(header, guessed, {QStringLiteral("phone=Tel 1")});
    VERIFY_OK(byName);
    QCOMPARE(mappingText(*byName), QStringLiteral("name=1 phone=2"));

    auto byIndexAndFolded = LeadImport::applyOverrides(
        header, guessed, {QStringLiteral("notes=1"), QStringLiteral("name=TELEFONO"), QStringLiteral("phone=2")});
    VERIFY_OK(byIndexAndFolded);
    QCOMPARE(mappingText(*byIndexAndFolded), QStringLiteral("name=3 phone=2 notes=1"));

    auto unknownField = LeadImport::applyOverrides(header, guessed, {QStringLiteral("celular=2")});
    QVERIFY(!unknownField);
    QVERIFY2(unknownField.error().message.contains(QStringLiteral("assignedTo")), qPrintable(unknownField.error().message));

    auto unknownColumn = LeadImport::applyOverrides(header, guessed, {QStringLiteral("email=Correo")});
    QVERIFY(!unknownColumn);
    QVERIFY2(unknownColumn.error().message.contains(QStringLiteral("\"Correo\"")), qPrintable(unknownColumn.error().message));
    QVERIFY2(unknownColumn.error().message.contains(QStringLiteral("2 \"Tel 1\"")),
             qPrintable(unknownColumn.error().message));

    auto indexOutOfRange = LeadImport::applyOverrides(header, guessed, {QStringLiteral("email=4")});
    QVERIFY(!indexOutOfRange);

    // One field from two columns: the second silently replaced the first.
    auto fieldTwice = LeadImport::applyOverrides(header, guessed, {QStringLiteral("phone=1"), QStringLiteral("phone=2")});
    QVERIFY(!fieldTwice);
    QVERIFY2(fieldTwice.error().message.contains(QStringLiteral("2 \"Tel 1\"")), qPrintable(fieldTwice.error().message));
}

// ---------------------------------------------------------------------------------------
// Imports

void LeadImportTest::spanishFileEncodings_data()
{
    QTest::addColumn<QByteArray>("bytes");

    const QString text = QStringLiteral("Nombre;Teléfono;País;Notas\r\n"
                                        "José Muñoz;991 234 567;PE;“cliente” – señal €\r\n"
                                        "Ana Peña;55 1234 5678;;\r\n");
    QTest::newRow("UTF-8 with BOM") << (CsvWriter::byteOrderMark() + text.toUtf8());
    QTest::newRow("UTF-8 without BOM") << text.toUtf8();
    QByteArray windows1252 = "Nombre;Tel\xE9" "fono;Pa\xEDs;Notas\r\n"
                             "Jos\xE9 Mu\xF1oz;991 234 567;PE;\x93" "cliente\x94 \x96 se\xF1" "al \x80\r\n"
                             "Ana Pe\xF1" "a;55 1234 5678;;\r\n";
    QTest::newRow("Windows-1252") << windows1252;
    // Saved as UTF-8, then José's line added by a program that writes Windows-1252.
    QByteArray mixed = "Nombre;Tel\xC3\xA9" "fono;Pa\xC3\xADs;Notas\r\n"
                       "Jos\xE9 Mu\xF1oz;991 234 567;PE;\x93" "cliente\x94 \x96 se\xF1" "al \x80\r\n"
                       "Ana Pe\xC3\xB1" "a;55 1234 5678;;\r\n";
    QTest::newRow("UTF-8 with one Windows-1252 line") << mixed;
}

void LeadImportTest::spanishFileEncodings()
{
    QFETCH(QByteArray, bytes);

    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QVERIFY(report->completed);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:created"), QStringLiteral("3:created")}));

    const Lead jose = leadByPhone(QStringLiteral("+51991234567"));
    QCOMPARE(jose.name, QStringLiteral("José Muñoz"));
    QCOMPARE(jose.country, QStringLiteral("PE"));
    QCOMPARE(jose.notes, QStringLiteral("“cliente” – señal €"));
    QCOMPARE(toString(jose.source), QStringLiteral("import"));
    // No country cell: phone.defaultRegion (MX) applies.
    const Lead ana = leadByPhone(QStringLiteral("+525512345678"));
    QCOMPARE(ana.name, QStringLiteral("Ana Peña"));
    QCOMPARE(ana.country, QStringLiteral("MX"));
}

void LeadImportTest::countryCellsChooseRegion()
{
    const QByteArray bytes = "Nombre,Teléfono,País\n"
                             "Diego,300 222 0004,Colombia\n"
                             "Alicia,991 222 001,Perú\n"
                             "Carla,2 2345 6789,CHL\n"
                             "Fabio,55 1234 0001,ZZ\n"
                             "Gina,55 1234 0002,Narnia\n"
                             "Hugo,55 1234 0003,\n";
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report),
             (QStringList{QStringLiteral("2:created"), QStringLiteral("3:created"), QStringLiteral("4:created"),
                          QStringLiteral("5:rejected"), QStringLiteral("6:rejected"), QStringLiteral("7:created")}));

    QCOMPARE(leadByPhone(QStringLiteral("+573002220004")).country, QStringLiteral("CO"));
    QCOMPARE(leadByPhone(QStringLiteral("+51991222001")).country, QStringLiteral("PE"));
    QCOMPARE(leadByPhone(QStringLiteral("+56223456789")).country, QStringLiteral("CL"));
    // An empty country cell keeps the fallback, phone.defaultRegion (MX).
    QCOMPARE(leadByPhone(QStringLiteral("+525512340003")).country, QStringLiteral("MX"));
    QCOMPARE(leadCount(), 4);

    const QString zz = report->rows.at(3).reason;
    QVERIFY2(zz.contains(QStringLiteral("\"ZZ\"")), qPrintable(zz));
    QVERIFY2(zz.contains(QStringLiteral("such as CO")), qPrintable(zz));
    const QString narnia = report->rows.at(4).reason;
    QVERIFY2(narnia.contains(QStringLiteral("\"Narnia\"")), qPrintable(narnia));
}

void LeadImportTest::scientificNotationPhones()
{
    const QByteArray bytes = "name,phone\n"
                             "Repaired,5.215512345678E+12\n"
                             "Lost,5.2155E+12\n"
                             "Number column,5587654321.0\n";
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:created"), QStringLiteral("3:rejected"),
                                             QStringLiteral("4:created")}));
    QVERIFY2(report->rows.at(1).reason.contains(QStringLiteral("digits were lost")), qPrintable(report->rows.at(1).reason));
    QVERIFY2(report->rows.at(1).reason.contains(QStringLiteral("as text")), qPrintable(report->rows.at(1).reason));
    QCOMPARE(leadByPhone(QStringLiteral("+525512345678")).name, QStringLiteral("Repaired"));
    QCOMPARE(leadByPhone(QStringLiteral("+525587654321")).name, QStringLiteral("Number column"));
    QCOMPARE(leadCount(), 2);
}

void LeadImportTest::duplicatesMergedAndUpdated()
{
    Lead existing;
    existing.name = QStringLiteral("Old name");
    existing.phone = QStringLiteral("+525512345678");
    existing.phoneKey = QStringLiteral("+525512345678");
    existing.country = QStringLiteral("MX");
    existing.email = QStringLiteral("old@example.com");
    auto existingId = LeadRepository(*m_db).create(existing, StartMs);
    VERIFY_OK(existingId);

    const QByteArray bytes = "nombre,telefono,pais,correo\n"
                             "New name,+52 1 55 1234 5678,,\n"           // +52 1 is the stored +52 lead
                             "Same again,55 1234 5678,MX,new@example.com\n" // merged into it
                             "Peru,+51 991 234 567,,\n"                  // created
                             ",991234567,PE,peru@example.com\n";         // merged into line 4's lead
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:updated"), QStringLiteral("3:merged"),
                                             QStringLiteral("4:created"), QStringLiteral("5:merged")}));
    QCOMPARE(report->rows.at(0).leadId, *existingId);
    QCOMPARE(report->rows.at(1).leadId, *existingId);
    QCOMPARE(report->rows.at(3).leadId, report->rows.at(2).leadId);
    QCOMPARE(report->rows.at(1).reason, QStringLiteral("Merged into line 2."));
    QCOMPARE(report->rows.at(3).reason, QStringLiteral("Merged into line 4."));
    QCOMPARE(report->rows.at(0).reason, QString());
    QCOMPARE(report->updated, 1);
    QCOMPARE(report->unchanged, 0);
    QCOMPARE(report->merged, 2);
    QCOMPARE(report->created, 1);
    QCOMPARE(leadCount(), 2);

    // Line 2 gave the name first, so line 3's name is ignored; line 2 left the email
    // empty, so line 3 fills it.
    const Lead updated = leadByPhone(QStringLiteral("+525512345678"));
    QCOMPARE(updated.id, *existingId);
    QCOMPARE(updated.name, QStringLiteral("New name"));
    QCOMPARE(updated.email, QStringLiteral("new@example.com"));
    QCOMPARE(updated.phone, QStringLiteral("+525512345678")); // the stored form stays
    QCOMPARE(toString(updated.source), QStringLiteral("manual"));             // not mapped, not changed

    const Lead peru = leadByPhone(QStringLiteral("+51991234567"));
    QCOMPARE(peru.name, QStringLiteral("Peru")); // an empty cell leaves the field alone
    QCOMPARE(peru.email, QStringLiteral("peru@example.com"));
}

// The import inserts search terms once per batch. Creating, merging and updating leads in
// one batch must leave exactly the rows that indexing every lead from scratch gives.
void LeadImportTest::searchTermsMatchARebuild()
{
    Lead existing;
    existing.name = QStringLiteral("Nombre Viejo");
    existing.phone = QStringLiteral("+525512345678");
    existing.phoneKey = QStringLiteral("+525512345678");
    existing.email = QStringLiteral("contacto@example.com");
    VERIFY_OK(LeadRepository(*m_db).create(existing, StartMs));

    const QByteArray bytes = "nombre,telefono,pais,correo,notas\n"
                             "Nombre Nuevo,+52 1 55 1234 5678,,,\n"            // updates the stored lead
                             "Ana Pérez,+51 991 234 567,,,cliente frecuente\n" // created
                             ",991234567,PE,ana@example.com,\n"                // merged: fills the email
                             "Luis Gómez,+51 992 000 111,,,\n"                 // created
                             // Punctuation and an emoji, which folding drops from the terms.
                             "\"Eva \"\"La Jefa\"\" \\o/\",+51 993 000 222,,,\"ruta C:\\datos\tfin 😀\"\n";
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(report->created, 3);
    QCOMPARE(report->merged, 1);
    QCOMPARE(report->updated, 1);

    auto termRows = [this] { return TestSupport::searchTermRows(*m_db); };
    const QStringList imported = termRows();
    QVERIFY(imported.contains(QStringLiteral("nuevo %1 0").arg(leadByPhone(QStringLiteral("+525512345678")).id)));
    QVERIFY(imported.filter(QStringLiteral("viejo ")).isEmpty());
    QVERIFY(imported.filter(QRegularExpression(QStringLiteral("^nombre \\d+ 0$"))).size() == 1);
    const qint64 eva = leadByPhone(QStringLiteral("+51993000222")).id;
    QVERIFY(eva > 0);
    QVERIFY2(imported.filter(QRegularExpression(QStringLiteral(" %1 0$").arg(eva))).size() >= 4,
             qPrintable(imported.join(QLatin1Char('\n'))));

    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM search_terms")));
    VERIFY_OK(SearchIndex(*m_db).populate());
    QCOMPARE(imported, termRows());
}

void LeadImportTest::duplicateFillsOnlyEmptyFields()
{
    const QByteArray bytes = "name,phone,email,status,score,notes\n"
                             "Ana,5512345678,,contacted,,first note\n"                  // 2: created
                             "Ana Two,55 1234 5678,ana@example.com,lost,70,\n"          // 3: fills email, score
                             "Ana Three,+52 55 1234 5678,other@example.com,,90,third\n"; // 4: fills nothing
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:created"), QStringLiteral("3:merged"),
                                             QStringLiteral("4:merged")}));
    QCOMPARE(report->rows.at(1).reason, QStringLiteral("Merged into line 2."));
    QCOMPARE(report->rows.at(2).reason, QStringLiteral("Merged into line 2."));
    QCOMPARE(report->created, 1);
    QCOMPARE(report->merged, 2);
    QCOMPARE(leadCount(), 1);

    // The first value of each field wins; later rows only fill what earlier rows left empty.
    const Lead ana = leadByPhone(QStringLiteral("+525512345678"));
    QCOMPARE(ana.name, QStringLiteral("Ana"));
    QCOMPARE(ana.email, QStringLiteral("ana@example.com"));
    QCOMPARE(toString(ana.status), QStringLiteral("contacted"));
    QCOMPARE(ana.score, 70);
    QCOMPARE(ana.notes, QStringLiteral("first note"));

    // Line 3's fill is audited as an edit; line 4 changed nothing and wrote nothing.
    auto edits = AuditRepository(*m_db).query(auditFilter(QStringLiteral("lead.edited")));
    VERIFY_OK(edits);
    QCOMPARE(edits->size(), 1);
    QCOMPARE(edits->first().detail, QStringLiteral("email, score 0 -> 70"));
    auto statusChanges = AuditRepository(*m_db).query(auditFilter(QStringLiteral("lead.status_changed")));
    VERIFY_OK(statusChanges);
    QCOMPARE(statusChanges->size(), 1);
}

void LeadImportTest::unchangedRowsCountedApart()
{
    Lead existing;
    existing.name = QStringLiteral("Ana");
    existing.phone = QStringLiteral("+525512345678");
    existing.phoneKey = QStringLiteral("+525512345678");
    existing.country = QStringLiteral("MX");
    existing.email = QStringLiteral("ana@example.com");
    const qint64 createdMs = m_clock.nowMs();
    auto existingId = LeadRepository(*m_db).create(existing, createdMs);
    VERIFY_OK(existingId);
    m_clock.advance(60'000);

    // The same values as stored, and an empty cell, which leaves a field alone.
    auto same = importBytes("name,phone,email\n"
                            "Ana,55 1234 5678,ana@example.com\n"
                            "Beto,5587654321,\n"
                            "Ana,5512345678,\n");
    VERIFY_OK(same);
    QCOMPARE(outcomes(*same), (QStringList{QStringLiteral("2:unchanged"), QStringLiteral("3:created"),
                                           QStringLiteral("4:merged")}));
    QCOMPARE(same->unchanged, 1);
    QCOMPARE(same->updated, 0);
    QCOMPARE(same->created, 1);
    QCOMPARE(same->merged, 1);
    QCOMPARE(same->rows.at(0).leadId, *existingId);
    QCOMPARE(same->rows.at(0).reason, QStringLiteral("No field changed."));
    // Nothing was written: the lead keeps its time of change and no edit was audited.
    QCOMPARE(leadByPhone(QStringLiteral("+525512345678")).updatedMs, createdMs);
    auto edits = AuditRepository(*m_db).query(auditFilter(QStringLiteral("lead.edited")));
    VERIFY_OK(edits);
    QVERIFY(edits->isEmpty());

    // One field that differs makes the row an update.
    auto changed = importBytes("name,phone,email\nAna María,5512345678,ana@example.com\n");
    VERIFY_OK(changed);
    QCOMPARE(outcomes(*changed), QStringList{QStringLiteral("2:updated")});
    QCOMPARE(changed->updated, 1);
    QCOMPARE(changed->unchanged, 0);
    const Lead ana = leadByPhone(QStringLiteral("+525512345678"));
    QCOMPARE(ana.name, QStringLiteral("Ana María"));
    QCOMPARE(ana.updatedMs, createdMs + 60'000);
}

void LeadImportTest::extraFieldsRejectedWithLine()
{
    const QByteArray bytes = "name,phone,notes\r\n"
                             "Ana,5512345678,\"two\r\nlines\"\r\n" // lines 2-3
                             "Gómez, Luis,5587654321,x\r\n"        // line 4: four fields
                             "Bob,5511112222\r\n";                 // line 5
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:created"), QStringLiteral("4:rejected"),
                                             QStringLiteral("5:created")}));
    QVERIFY2(report->rows.at(1).reason.contains(QStringLiteral("4 fields")), qPrintable(report->rows.at(1).reason));
    QCOMPARE(report->rows.at(1).leadId, 0);
    // Nothing of the rejected row was stored, not even shifted.
    QCOMPARE(leadCount(), 2);
    QCOMPARE(leadByPhone(QStringLiteral("+525587654321")).id, 0);
    QCOMPARE(leadByPhone(QStringLiteral("+525512345678")).notes, QStringLiteral("two\r\nlines"));
}

// The stages as the desktop shows them in Spanish: "Ganado" was rejected although the
// funnel calls converted leads so.
void LeadImportTest::spanishStageNamesImported()
{
    const QByteArray bytes = "Nombre,Teléfono,Etapa\r\n"
                             "Ana,5512345678,Ganado\r\n"
                             "Bob,5511112222,Contactado\r\n"
                             "Eva,5587654321,convertido\r\n";
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:created"), QStringLiteral("3:created"),
                                             QStringLiteral("4:created")}));
    QVERIFY(leadByPhone(QStringLiteral("+525512345678")).status == LeadStatus::Converted);
    QVERIFY(leadByPhone(QStringLiteral("+525511112222")).status == LeadStatus::Contacted);
    QVERIFY(leadByPhone(QStringLiteral("+525587654321")).status == LeadStatus::Converted);
}

void LeadImportTest::invalidCellsRejectedWithReason()
{
    Campaign campaign;
    campaign.name = QStringLiteral("Promoción Verano");
    auto campaignId = CampaignRepository(*m_db).create(campaign, StartMs);
    VERIFY_OK(campaignId);
    const qint64 agentId = addUser(QStringLiteral("agente@example.com"), UserRole::Agent);
    QVERIFY(agentId > 0);

    const QByteArray bytes = "phone,email,status,campaign,assignedTo,score\n"
                             ",,,,,\n"                                       // 2: all empty, a blank line
                             "5512340001,not-an-email,,,,\n"                 // 3
                             "5512340002,,cerrado,,,\n"                      // 4
                             "5512340003,,,Otoño,,\n"                        // 5
                             "5512340004,,,,nadie@example.com,\n"           // 6
                             "5512340005,,,,,101\n"                          // 7
                             "12,,,,,\n"                                     // 8
                             ",x@example.com,,,,\n"                          // 9
                             "5512340009,,Contactado,promocion verano,agente@example.com,80\n"; // 10
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report),
             (QStringList{QStringLiteral("2:rejected"), QStringLiteral("3:rejected"), QStringLiteral("4:rejected"),
                          QStringLiteral("5:rejected"), QStringLiteral("6:rejected"), QStringLiteral("7:rejected"),
                          QStringLiteral("8:rejected"), QStringLiteral("9:rejected"), QStringLiteral("10:created")}));
    const QStringList expectedReasons = {QStringLiteral("blank"),   QStringLiteral("email"),   QStringLiteral("status"),
                                         QStringLiteral("campaign"), QStringLiteral("user"),
                                         QStringLiteral("score"),   QStringLiteral("phone"),
                                         QStringLiteral("phone is missing")};
    for (int i = 0; i < expectedReasons.size(); ++i)
        QVERIFY2(report->rows.at(i).reason.contains(expectedReasons.at(i), Qt::CaseInsensitive),
                 qPrintable(report->rows.at(i).reason));

    const Lead created = leadByPhone(QStringLiteral("+525512340009"));
    QCOMPARE(toString(created.status), QStringLiteral("contacted"));
    QCOMPARE(created.campaignId, *campaignId);
    QCOMPARE(created.assignedUserId, agentId);
    QCOMPARE(created.score, 80);
}

void LeadImportTest::hugeNotesRejected()
{
    const QByteArray bytes = "phone,notes\n"
                             "5512340001," + QByteArray(10001, 'x') + "\n"
                             "5512340002," + QByteArray(10000, 'y') + "\n";
    auto report = importBytes(bytes);
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:rejected"), QStringLiteral("3:created")}));
    QVERIFY2(report->rows.at(0).reason.contains(QStringLiteral("10001")), qPrintable(report->rows.at(0).reason));
    QCOMPARE(leadByPhone(QStringLiteral("+525512340002")).notes.size(), 10000);
}

void LeadImportTest::cancelKeepsWholeBatches()
{
    QByteArray bytes = "nombre,telefono\n";
    for (int i = 0; i < 450; ++i)
        bytes += "Lead " + QByteArray::number(i) + ",55" + QByteArray::number(20000000 + i) + "\n";

    QList<LeadImportProgress> progressSeen;
    // What a caller keeping the report on disk as it goes would have written.
    QList<ImportReportRow> streamed;
    int batches = 0;
    LeadImportOptions options;
    options.maxBatchMs = 0; // batches of exactly 200 rows, however slow the machine
    options.batchCommitted = [&](const QList<ImportReportRow> &rows) {
        streamed += rows;
        ++batches;
    };
    auto report = importBytes(bytes, {}, Actor::commandLine(QStringLiteral("tester")), options,
                              [&](const LeadImportProgress &progress) {
                                  progressSeen << progress;
                                  return false; // cancel after the first batch
                              });
    VERIFY_OK(report);
    QVERIFY(!report->completed);
    QCOMPARE(progressSeen.size(), 1);
    QCOMPARE(progressSeen.first().rowsDone, 200);
    QCOMPARE(progressSeen.first().lastLine, 201);
    QCOMPARE(progressSeen.first().totalBytes, qint64(bytes.size()));
    QVERIFY(progressSeen.first().bytesRead > 0);
    // The first batch of 200 stays, and nothing after it was imported.
    QCOMPARE(leadCount(), 200);
    QCOMPARE(report->created, 200);
    QCOMPARE(report->rows.size(), 200);
    QCOMPARE(report->lastLine, qint64(201));
    QVERIFY2(report->stopReason.contains(QStringLiteral("cancelled after line 201")), qPrintable(report->stopReason));
    QVERIFY(leadByPhone(QStringLiteral("+525520000199")).id > 0);
    QCOMPARE(leadByPhone(QStringLiteral("+525520000200")).id, 0);
    // The streamed report is the final one.
    QCOMPARE(batches, 1);
    QCOMPARE(LeadImportReport::csvHeader(CsvByteOrderMark::Write) + LeadImportReport::csvLines(streamed),
             report->toCsv(CsvByteOrderMark::Write));

    auto audit = AuditRepository(*m_db).query(auditFilter(QStringLiteral("data.imported")));
    VERIFY_OK(audit);
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->first().detail,
             QStringLiteral("created=200 updated=0 unchanged=0 merged=0 rejected=0 lastLine=201 completed=false"));

    // Importing the same file again finds the first 200 unchanged and creates the rest.
    auto again = importBytes(bytes);
    VERIFY_OK(again);
    QVERIFY(again->completed);
    QCOMPARE(again->unchanged, 200);
    QCOMPARE(again->updated, 0);
    QCOMPARE(again->created, 250);
    QCOMPARE(leadCount(), 450);
}

void LeadImportTest::failedBatchRolledBackAlone()
{
    // The database rejects one lead of the second batch, as a full disk or a lost
    // connection would reject a write.
    QFETCH_GLOBAL(QString, engine);
    if (engine == QLatin1String("sqlite")) {
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE TRIGGER refuse_lead BEFORE INSERT ON leads "
                                            "WHEN NEW.phone_key = '+525520000300' "
                                            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")));
    } else {
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE FUNCTION refuse_lead() RETURNS trigger AS $$ BEGIN "
                                            "IF NEW.phone_key = '+525520000300' THEN "
                                            "RAISE EXCEPTION 'injected failure'; END IF; "
                                            "RETURN NEW; END $$ LANGUAGE plpgsql")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE TRIGGER refuse_lead BEFORE INSERT ON leads "
                                            "FOR EACH ROW EXECUTE FUNCTION refuse_lead()")));
    }
    QByteArray bytes = "nombre,telefono\n";
    for (int i = 0; i < 450; ++i)
        bytes += "Lead " + QByteArray::number(i) + ",55" + QByteArray::number(20000000 + i) + "\n";

    int batches = 0;
    LeadImportOptions options;
    options.maxBatchMs = 0;
    options.batchCommitted = [&](const QList<ImportReportRow> &) { ++batches; };
    auto report = importBytes(bytes, {}, Actor::commandLine(QStringLiteral("tester")), options);
    VERIFY_OK(report);

    QVERIFY(!report->completed);
    QCOMPARE(batches, 1);
    QCOMPARE(report->created, 200);
    QCOMPARE(report->lastLine, qint64(201));
    QVERIFY2(report->stopReason.contains(QStringLiteral("stopped after line 201")), qPrintable(report->stopReason));
    QVERIFY2(report->stopReason.contains(QStringLiteral("injected failure")), qPrintable(report->stopReason));
    // The rows of the failed batch before the rejected one are gone with it.
    QCOMPARE(leadCount(), 200);
    QCOMPARE(leadByPhone(QStringLiteral("+525520000200")).id, 0);
    QCOMPARE(leadByPhone(QStringLiteral("+525520000299")).id, 0);

    auto audit = AuditRepository(*m_db).query(auditFilter(QStringLiteral("data.imported")));
    VERIFY_OK(audit);
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->first().detail,
             QStringLiteral("created=200 updated=0 unchanged=0 merged=0 rejected=0 lastLine=201 completed=false"));
}

void LeadImportTest::closingRunRecordsWhereItStopped()
{
    QByteArray bytes = "nombre,telefono\n";
    for (int i = 0; i < 450; ++i)
        bytes += "Lead " + QByteArray::number(i) + ",55" + QByteArray::number(20000000 + i) + "\n";
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer);
    VERIFY_OK(reader.open());

    auto run = beginRun(reader);
    VERIFY_OK(run);
    (*run)->importBatch();
    QVERIFY(!(*run)->isFinished());
    QCOMPARE((*run)->progress().rowsDone, 200);
    QCOMPARE((*run)->progress().lastLine, 201);

    // The program closes between two batches.
    (*run)->stop(LeadImportRun::StopCause::Closing);
    QVERIFY((*run)->isFinished());
    QVERIFY(!(*run)->report().completed);
    QVERIFY2((*run)->report().stopReason.contains(QStringLiteral("closed during the import, after line 201")),
             qPrintable((*run)->report().stopReason));
    (*run)->importBatch(); // a finished run imports nothing more
    run->reset();
    QCOMPARE(leadCount(), 200);

    auto audit = AuditRepository(*m_db).query(auditFilter(QStringLiteral("data.imported")));
    VERIFY_OK(audit);
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->first().detail,
             QStringLiteral("created=200 updated=0 unchanged=0 merged=0 rejected=0 lastLine=201 completed=false"));

    // A run dropped unfinished records itself the same way.
    QVERIFY(buffer.seek(0));
    CsvReader again(buffer);
    VERIFY_OK(again.open());
    auto dropped = beginRun(again);
    VERIFY_OK(dropped);
    (*dropped)->importBatch();
    dropped->reset();
    audit = AuditRepository(*m_db).query(auditFilter(QStringLiteral("data.imported")));
    VERIFY_OK(audit);
    QCOMPARE(audit->size(), 2);
    QCOMPARE(audit->first().detail,
             QStringLiteral("created=0 updated=0 unchanged=200 merged=0 rejected=0 lastLine=201 completed=false"));
}

void LeadImportTest::runDroppedWhileReadingAheadEnds()
{
    // Far more rows than the reader thread parses ahead, so it waits for room in its queue
    // when the run is dropped. Each batch of 200 rows is longer than the CsvReader's 64 KiB
    // chunks, which makes the bytes read grow with every batch.
    constexpr int RowBytes = 400;
    QByteArray bytes = "nombre,telefono,notas\n";
    for (int i = 0; i < 5000; ++i) {
        QByteArray row = "Lead " + QByteArray::number(i) + ",55" + QByteArray::number(20000000 + i) + ",";
        bytes += row + QByteArray(RowBytes - row.size() - 1, 'n') + "\n";
    }
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer);
    VERIFY_OK(reader.open());

    auto run = beginRun(reader);
    VERIFY_OK(run);
    qint64 bytesRead = 0;
    for (int batch = 1; batch <= 3; ++batch) {
        (*run)->importBatch();
        // Progress counts the records the batches took, give or take the reader's chunk of
        // 256 records and the CsvReader's 64 KiB, not the records parsed ahead.
        const qint64 now = (*run)->progress().bytesRead;
        QVERIFY2(now > bytesRead, qPrintable(QStringLiteral("batch %1: %2 after %3").arg(batch).arg(now).arg(bytesRead)));
        QVERIFY2(now <= qint64(batch * 200 + 256) * RowBytes + 65536, qPrintable(QString::number(now)));
        bytesRead = now;
    }
    QCOMPARE((*run)->progress().rowsDone, 600);
    QCOMPARE((*run)->progress().lastLine, 601);
    run->reset();

    QCOMPARE(leadCount(), 600);
    QCOMPARE(leadByPhone(QStringLiteral("+525520000599")).name, QStringLiteral("Lead 599"));
    QCOMPARE(leadByPhone(QStringLiteral("+525520000600")).id, 0);
}

void LeadImportTest::slowBatchCommitsEarly()
{
    QByteArray bytes = "nombre,telefono\n";
    for (int i = 0; i < 450; ++i)
        bytes += "Lead " + QByteArray::number(i) + ",55" + QByteArray::number(20000000 + i) + "\n";

    // Every row costs several statements, so 450 rows take far more than a millisecond.
    QList<int> batchSizes;
    LeadImportOptions options;
    options.batchSize = 10000;
    options.maxBatchMs = 1;
    options.batchCommitted = [&](const QList<ImportReportRow> &rows) { batchSizes << int(rows.size()); };
    auto report = importBytes(bytes, {}, Actor::commandLine(QStringLiteral("tester")), options);
    VERIFY_OK(report);
    QVERIFY(report->completed);
    QCOMPARE(report->created, 450);
    QVERIFY2(batchSizes.size() > 1, qPrintable(QString::number(batchSizes.size())));
    QVERIFY(!batchSizes.contains(0));
    QCOMPARE(std::accumulate(batchSizes.cbegin(), batchSizes.cend(), 0), 450);
}

void LeadImportTest::checkpointAfterBatchKeepsTheWalShort()
{
    QFETCH_GLOBAL(QString, engine);
    if (engine != QLatin1String("sqlite"))
        QSKIP("PostgreSQL has no WAL file to checkpoint");

    QByteArray bytes = "nombre,telefono\n";
    for (int i = 0; i < 2000; ++i)
        bytes += "Lead " + QByteArray::number(i) + ",55" + QByteArray::number(20000000 + i) + "\n";
    LeadImportOptions options;
    options.maxBatchMs = 0;

    // The WAL's pages after an import; nothing else checkpoints in this test.
    const auto walFramesAfterImport = [&](const QByteArray &file) -> qint64 {
        auto report = importBytes(file, {}, Actor::commandLine(QStringLiteral("tester")), options);
        if (!report || !report->completed)
            return -1;
        // A truncating checkpoint reports no pages, as it empties the file.
        auto progress = m_db->checkpoint(Database::CheckpointMode::Passive);
        if (!progress || !m_db->checkpoint(Database::CheckpointMode::Truncate))
            return -1;
        return progress->walFrames;
    };
    const qint64 withoutCheckpoints = walFramesAfterImport(bytes);

    // The same rows again, as updates, with a checkpoint after each of the ten batches:
    // the WAL starts over after each, so it ends with about one batch's pages.
    options.checkpointAfterBatch = true;
    const qint64 checkpointed = walFramesAfterImport(bytes.replace("Lead ", "Cliente "));
    QVERIFY2(withoutCheckpoints > 0, qPrintable(QString::number(withoutCheckpoints)));
    QVERIFY2(checkpointed > 0, qPrintable(QString::number(checkpointed)));
    QVERIFY2(checkpointed * 4 < withoutCheckpoints,
             qPrintable(QStringLiteral("%1 pages against %2").arg(checkpointed).arg(withoutCheckpoints)));
    QCOMPARE(leadByPhone(QStringLiteral("+525520001999")).name, QStringLiteral("Cliente 1999"));
}

void LeadImportTest::exportThenImportIsLossless()
{
    const QList<QStringList> rows = {
        {QStringLiteral("=SUM(A1)"), QStringLiteral("+525512345678"), QStringLiteral("a@example.com"),
         QStringLiteral("-1 @cliente")},
        {QStringLiteral("+Plus"), QStringLiteral("+51991234567"), QString(), QStringLiteral("@mention")},
        {QStringLiteral("'=already quoted"), QStringLiteral("+5491112345678"), QString(),
         QStringLiteral("\t=tab first")},
        {QStringLiteral("Gómez, \"Luis\"; jr."), QStringLiteral("+525587654321"), QString(),
         QStringLiteral("línea 1\r\nlínea 2")},
    };
    for (const QString &delimiter : {QStringLiteral(","), QStringLiteral(";")}) {
        const CsvWriter writer(delimiter.front());
        QByteArray exported = CsvWriter::byteOrderMark()
            + writer.encodeLine({QStringLiteral("name"), QStringLiteral("phone"), QStringLiteral("email"),
                                 QStringLiteral("notes")});
        for (const QStringList &row : rows)
            exported += writer.encodeLine(row);

        auto report = importBytes(exported);
        VERIFY_OK(report);
        QCOMPARE(report->rejected, 0);
        for (const QStringList &row : rows) {
            auto found = LeadRepository(*m_db).findByPhoneKey(PhoneNumbers::phoneKeyFor(row.at(1)));
            VERIFY_OK(found);
            QVERIFY2(found->has_value(), qPrintable(row.at(1)));
            const Lead lead = **found;
            QCOMPARE(lead.name, row.at(0));
            QCOMPARE(lead.phone, row.at(1));
            QCOMPARE(lead.email, row.at(2));
            QCOMPARE(lead.notes, row.at(3));
            VERIFY_OK(LeadRepository(*m_db).remove(lead.id));
        }
    }
}

void LeadImportTest::auditedWithCountsOnly()
{
    const QByteArray bytes = "name,phone,status\n"
                             "Secret Name,5512345678,contacted\n"
                             "Again,5512345678,\n"
                             "Bad,12,\n";
    auto report = importBytes(bytes, {}, Actor::commandLine(QStringLiteral("ops-user")));
    VERIFY_OK(report);

    auto imported = AuditRepository(*m_db).query(auditFilter(QStringLiteral("data.imported")));
    VERIFY_OK(imported);
    QCOMPARE(imported->size(), 1);
    const AuditEntry &entry = imported->first();
    QCOMPARE(entry.actorName, QStringLiteral("ops-user"));
    QCOMPARE(entry.detail,
             QStringLiteral("created=1 updated=0 unchanged=0 merged=1 rejected=1 lastLine=4 completed=true"));
    QVERIFY(!entry.detail.contains(QStringLiteral("Secret")));

    // The status given by the file is audited per lead, as an edit would be.
    auto statusChanges = AuditRepository(*m_db).query(auditFilter(QStringLiteral("lead.status_changed")));
    VERIFY_OK(statusChanges);
    QCOMPARE(statusChanges->size(), 1);
    QCOMPARE(statusChanges->first().detail, QStringLiteral("new -> contacted"));
}

void LeadImportTest::agentCannotAssignOthers()
{
    const qint64 agentId = addUser(QStringLiteral("agente@example.com"), UserRole::Agent);
    const qint64 otherId = addUser(QStringLiteral("otra@example.com"), UserRole::Agent);
    QVERIFY(agentId > 0 && otherId > 0);

    const QByteArray bytes = "phone,owner\n"
                             "5512340001,agente@example.com\n"
                             "5512340002,otra@example.com\n"
                             "5512340003,\n";
    auto report = importBytes(bytes, {}, Actor::user(agentId));
    VERIFY_OK(report);
    QCOMPARE(outcomes(*report), (QStringList{QStringLiteral("2:created"), QStringLiteral("3:rejected"),
                                             QStringLiteral("4:created")}));
    QCOMPARE(leadByPhone(QStringLiteral("+525512340001")).assignedUserId, agentId);
    QCOMPARE(leadByPhone(QStringLiteral("+525512340002")).id, 0);

    // A lead the other agent owns is not theirs to update.
    VERIFY_OK(LeadRepository(*m_db).setAssignedUser(leadByPhone(QStringLiteral("+525512340003")).id, otherId, StartMs));
    auto second = importBytes("phone,name\n5512340003,Taken\n", {}, Actor::user(agentId));
    VERIFY_OK(second);
    QCOMPARE(outcomes(*second), QStringList{QStringLiteral("2:rejected")});
    QCOMPARE(leadByPhone(QStringLiteral("+525512340003")).name, QString());
}

void LeadImportTest::reportCsv()
{
    Lead stored;
    stored.name = QStringLiteral("Stored");
    stored.phone = QStringLiteral("+525587654321");
    stored.phoneKey = stored.phone;
    stored.country = QStringLiteral("MX");
    auto storedId = LeadRepository(*m_db).create(stored, StartMs);
    VERIFY_OK(storedId);
    Lead other = stored;
    other.name = QStringLiteral("Other");
    other.phone = QStringLiteral("+525511112222");
    other.phoneKey = other.phone;
    auto otherId = LeadRepository(*m_db).create(other, StartMs);
    VERIFY_OK(otherId);

    auto report = importBytes("name,phone\n"
                              "=Boss,5512345678\n"
                              "Bad,12\n"
                              "Dup,+52 1 55 1234 5678\n"
                              "Stored,5587654321\n"
                              "Renamed,5511112222\n");
    VERIFY_OK(report);
    const qint64 id = report->rows.at(0).leadId;
    const QByteArray csv = report->toCsv(CsvByteOrderMark::Write);
    QVERIFY(csv.startsWith(CsvWriter::byteOrderMark()));
    QVERIFY(report->toCsv(CsvByteOrderMark::Omit).startsWith("line,result,leadId,reason\r\n"));
    const QStringList lines = QString::fromUtf8(csv.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.at(0), QStringLiteral("line,result,leadId,reason"));
    QCOMPARE(lines.at(1), QStringLiteral("2,created,%1,").arg(id));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("3,rejected,,")), qPrintable(lines.at(2)));
    QCOMPARE(lines.at(3), QStringLiteral("4,merged,%1,Merged into line 2.").arg(id));
    // The result column keeps the documented values, so the reason marks an unchanged row.
    QCOMPARE(lines.at(4), QStringLiteral("5,updated,%1,No field changed.").arg(*storedId));
    QCOMPARE(lines.at(5), QStringLiteral("6,updated,%1,").arg(*otherId));
    QCOMPARE(report->summary(), QStringLiteral("created=1\tupdated=1\tunchanged=1\tmerged=1\trejected=1"));
}

// Blank lines were skipped and left out of the report, so its line numbers had gaps that
// a reader could not tell from lost rows. Each one before the last row is now a rejected
// row with its reason; those after it only end the file.
void LeadImportTest::blankLinesReported()
{
    auto report = importBytes("name,phone\n"
                              "Ana,5512345678\n"
                              "\n"
                              ",\n"
                              "Bea,5587654321\n"
                              "  ,  \n"
                              "Ceci,5511112222\n"
                              "\n"
                              ",\n");
    VERIFY_OK(report);
    QVERIFY(report->completed);
    QCOMPARE(report->rows.size(), 6);
    const QList<qint64> expectedLines = {2, 3, 4, 5, 6, 7};
    for (int i = 0; i < report->rows.size(); ++i)
        QCOMPARE(report->rows.at(i).line, expectedLines.at(i));
    for (const int blank : {1, 2, 4}) {
        QCOMPARE(report->rows.at(blank).outcome, ImportOutcome::Rejected);
        QCOMPARE(report->rows.at(blank).reason, QStringLiteral("The line is blank, so there is nothing to import."));
    }
    QCOMPARE(report->created, 3);
    QCOMPARE(report->rejected, 3);
    QCOMPARE(leadCount(), 3);
}

QTEST_GUILESS_MAIN(LeadImportTest)
#include "tst_leadimport.moc"
