// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lead export: the CSV a spreadsheet opens (byte-order mark, the locale's separator,
// the columns the importer reads), who may export, the audit row, and that an export read
// back by LeadImport gives the same leads, formula-looking text and "+" phones included.

#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "spreadsheets/Csv.h"
#include "spreadsheets/LeadExport.h"
#include "spreadsheets/LeadImport.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/UserRepository.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Prospecta;

namespace {

constexpr qint64 StartMs = 1767225600000; // 2026-01-01T00:00:00Z

#define VERIFY_OK(expression)                                                                                   \
    do {                                                                                                        \
        const auto &verifyOkResult = (expression);                                                              \
        QVERIFY2(verifyOkResult.ok(), verifyOkResult.ok() ? "" : qPrintable(verifyOkResult.error().message));   \
    } while (false)

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class LeadExportTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void separatorFollowsLocale_data();
    void separatorFollowsLocale();
    void searchLimitsRows();
    void agentIsForbidden();
    void auditedWithRowCountOnly();
    void exportThenImportIsLossless();

private:
    qint64 addLead(const QString &name, const QString &phone, const QString &notes = {});
    QList<AuditEntry> exportAuditRows();

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    ManualClock m_clock{StartMs};
    int m_connections = 0;
    qint64 m_campaignId = 0;
    qint64 m_managerId = 0;
    qint64 m_agentId = 0;
};

void LeadExportTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void LeadExportTest::init()
{
    DatabaseLocation location;
    location.engine = SqlEngine::Sqlite;
    location.filePath = m_dir.filePath(QStringLiteral("export-%1.db").arg(m_connections));
    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_leadexport_%1").arg(++m_connections)));
    VERIFY_OK(Migrations::apply(*m_db, StartMs));

    Campaign campaign;
    campaign.name = QStringLiteral("Campaña Verano");
    auto campaignId = CampaignRepository(*m_db).create(campaign, StartMs);
    VERIFY_OK(campaignId);
    m_campaignId = *campaignId;

    UserRepository users(*m_db);
    auto managerId = users.insert(User{0, QStringLiteral("Marta"), QStringLiteral("marta@example.com"),
                                       UserRole::Manager, true},
                                  QStringLiteral("unused-hash"), StartMs);
    VERIFY_OK(managerId);
    m_managerId = *managerId;
    auto agentId = users.insert(User{0, QStringLiteral("Alan"), QStringLiteral("alan@example.com"), UserRole::Agent,
                                     true},
                                QStringLiteral("unused-hash"), StartMs);
    VERIFY_OK(agentId);
    m_agentId = *agentId;
}

void LeadExportTest::cleanup()
{
    m_db.reset();
}

qint64 LeadExportTest::addLead(const QString &name, const QString &phone, const QString &notes)
{
    Lead lead;
    lead.name = name;
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.country = phone.startsWith(QLatin1String("+52")) ? QStringLiteral("MX") : QStringLiteral("PE");
    lead.notes = notes;
    auto id = LeadRepository(*m_db).create(lead, StartMs);
    return id ? *id : 0;
}

QList<AuditEntry> LeadExportTest::exportAuditRows()
{
    AuditFilter filter;
    filter.action = QString::fromLatin1(AuditAction::Exported);
    auto rows = AuditRepository(*m_db).query(filter);
    return rows ? *rows : QList<AuditEntry>();
}

void LeadExportTest::separatorFollowsLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("separator");

    // Excel takes the list separator from the decimal separator: "1,5" means ';'.
    QTest::newRow("Spain uses a decimal comma") << QStringLiteral("es_ES") << QStringLiteral(";");
    QTest::newRow("Mexico uses a decimal point") << QStringLiteral("es_MX") << QStringLiteral(",");
    QTest::newRow("Peru uses a decimal point") << QStringLiteral("es_PE") << QStringLiteral(",");
    QTest::newRow("United States") << QStringLiteral("en_US") << QStringLiteral(",");
    QTest::newRow("Germany uses a decimal comma") << QStringLiteral("de_DE") << QStringLiteral(";");
}

void LeadExportTest::separatorFollowsLocale()
{
    QFETCH(QString, locale);
    QFETCH(QString, separator);
    QVERIFY(addLead(QStringLiteral("José Peña"), QStringLiteral("+51999000111")) > 0);

    const QString path = m_dir.filePath(QStringLiteral("separator-%1.csv").arg(locale));
    const auto written = LeadExport(*m_db, m_clock).writeCsv(Actor::user(m_managerId), {}, path, QLocale(locale));
    VERIFY_OK(written);
    QCOMPARE(*written, 1);

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith(CsvWriter::byteOrderMark()));
    const QList<QByteArray> lines = bytes.mid(3).split('\n');
    QCOMPARE(QString::fromUtf8(lines.value(0)).trimmed(), LeadExport::columns().join(separator));
    QVERIFY2(QString::fromUtf8(lines.value(1)).contains(QString::fromUtf8("José Peña") + separator),
             lines.value(1).constData());
}

void LeadExportTest::searchLimitsRows()
{
    QVERIFY(addLead(QStringLiteral("Ana Torres"), QStringLiteral("+51999000111")) > 0);
    QVERIFY(addLead(QStringLiteral("Beto Ruiz"), QStringLiteral("+51999000222")) > 0);

    LeadListFilter filter;
    filter.search = QStringLiteral("torres");
    const QString path = m_dir.filePath(QStringLiteral("search.csv"));
    const auto written = LeadExport(*m_db, m_clock).writeCsv(Actor::user(m_managerId), filter, path, QLocale::c());
    VERIFY_OK(written);
    QCOMPARE(*written, 1);
    const QString text = QString::fromUtf8(readAll(path));
    QVERIFY(text.contains(QStringLiteral("Ana Torres")));
    QVERIFY(!text.contains(QStringLiteral("Beto Ruiz")));
}

void LeadExportTest::agentIsForbidden()
{
    QVERIFY(addLead(QStringLiteral("Ana Torres"), QStringLiteral("+51999000111")) > 0);

    const QString path = m_dir.filePath(QStringLiteral("agent.csv"));
    const auto written = LeadExport(*m_db, m_clock).writeCsv(Actor::user(m_agentId), {}, path, QLocale::c());
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind, ErrorKind::Forbidden);
    QVERIFY(!QFile::exists(path));
    QVERIFY(exportAuditRows().isEmpty());
}

void LeadExportTest::auditedWithRowCountOnly()
{
    QVERIFY(addLead(QStringLiteral("Ana Torres"), QStringLiteral("+51999000111")) > 0);
    QVERIFY(addLead(QStringLiteral("Beto Ruiz"), QStringLiteral("+51999000222")) > 0);

    const QString path = m_dir.filePath(QStringLiteral("audited.csv"));
    VERIFY_OK(LeadExport(*m_db, m_clock).writeCsv(Actor::user(m_managerId), {}, path, QLocale::c()));

    const QList<AuditEntry> rows = exportAuditRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().action, QStringLiteral("data.exported"));
    QCOMPARE(rows.first().actorName, QStringLiteral("marta@example.com"));
    QCOMPARE(rows.first().detail, QStringLiteral("leads rows=2"));
}

void LeadExportTest::exportThenImportIsLossless()
{
    // Text that a spreadsheet would run as a formula, a "+" phone, an apostrophe that
    // really starts a note, accents, a delimiter and a line break inside a cell.
    const qint64 formulaId = addLead(QStringLiteral("=SUM(1)"), QStringLiteral("+51999000111"),
                                     QStringLiteral("-resta; y\nsegunda línea"));
    const qint64 plainId = addLead(QStringLiteral("Añoranza Núñez"), QStringLiteral("+51999000222"),
                                   QStringLiteral("'=ya protegido"));
    const qint64 atId = addLead(QStringLiteral("@usuario"), QStringLiteral("+525512345678"),
                                QStringLiteral("+50 por ciento"));
    QVERIFY(formulaId > 0 && plainId > 0 && atId > 0);
    LeadRepository leads(*m_db);
    {
        auto lead = leads.findById(formulaId);
        VERIFY_OK(lead);
        Lead changed = **lead;
        changed.email = QStringLiteral("suma@example.com");
        changed.status = LeadStatus::Qualified;
        changed.source = LeadSource::Web;
        changed.score = 87;
        changed.campaignId = m_campaignId;
        changed.assignedUserId = m_agentId;
        VERIFY_OK(leads.save(changed, StartMs));
    }
    auto before = leads.list();
    VERIFY_OK(before);
    QCOMPARE(before->size(), 3);

    const QString path = m_dir.filePath(QStringLiteral("roundtrip.csv"));
    const auto written = LeadExport(*m_db, m_clock).writeCsv(Actor::user(m_managerId), {}, path, QLocale(QStringLiteral("es_ES")));
    VERIFY_OK(written);
    QCOMPARE(*written, 3);
    // The phone keeps its "+" behind the writer's apostrophe, so a spreadsheet sees text.
    QVERIFY(readAll(path).contains("'+51999000111"));

    for (const Lead &lead : std::as_const(*before))
        VERIFY_OK(leads.remove(lead.id));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    CsvReader reader(file);
    VERIFY_OK(reader.open());
    QCOMPARE(reader.delimiter(), QLatin1Char(';'));
    const LeadColumnMapping mapping = LeadImport::guessMapping(reader.header());
    const auto report = LeadImport(*m_db, m_clock).run(Actor::user(m_managerId), reader, mapping);
    VERIFY_OK(report);
    QVERIFY2(report->completed, qPrintable(report->stopReason));
    QCOMPARE(report->created, 3);
    QCOMPARE(report->rejected, 0);

    for (const Lead &original : std::as_const(*before)) {
        auto found = leads.findByPhoneKey(original.phoneKey);
        VERIFY_OK(found);
        QVERIFY2(found->has_value(), qPrintable(original.phone));
        const Lead &imported = **found;
        QCOMPARE(imported.name, original.name);
        QCOMPARE(imported.phone, original.phone);
        QCOMPARE(imported.email, original.email);
        QCOMPARE(imported.country, original.country);
        QCOMPARE(Prospecta::toString(imported.source), Prospecta::toString(original.source));
        QCOMPARE(Prospecta::toString(imported.status), Prospecta::toString(original.status));
        QCOMPARE(imported.score, original.score);
        QCOMPARE(imported.campaignId, original.campaignId);
        QCOMPARE(imported.assignedUserId, original.assignedUserId);
        QCOMPARE(imported.notes, original.notes);
    }
}

QTEST_GUILESS_MAIN(LeadExportTest)
#include "tst_leadexport.moc"
