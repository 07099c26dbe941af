// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Spreadsheets in the desktop app, against a real service on 127.0.0.1: the import
// dialog (detection, preview, guessed mapping, import, report, cancel) and the File
// menu's lead export (who may use it, the searched view, the locale's separator, the
// audit row). Runs offscreen; file dialogs and message boxes are pre-answered.

#include "AccountsTestSupport.h"
#include "FakeGupshup.h"
#include "FileDialogs.h"
#include "ImportLeadsDialog.h"
#include "LeadsModel.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ImportJob.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "spreadsheets/Csv.h"
#include "spreadsheets/LeadExport.h"
#include "storage/AuditRepository.h"
#include "storage/LeadRepository.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include <memory>
#include <optional>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::ServiceHarness;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString Password = QStringLiteral("correct horse battery");
constexpr qint64 StartMs = 1767225600000; // 2026-01-01T00:00:00Z
constexpr int ImportTimeoutMs = 15000;
// Thousands of rows in a Debug build on a busy machine.
constexpr int LargeImportTimeoutMs = 120000;

// A file as Excel on a Spanish Windows saves "CSV (delimited by commas)": Windows-1252
// and semicolons. Latin-1 and Windows-1252 agree on every character used here.
QByteArray spanishWindowsFile()
{
    const QString text = QString::fromUtf8("Nombre;Teléfono;Correo electrónico;País;Notas\r\n"
                                           "José Peña;999 000 111;jose@example.com;PE;Año nuevo\r\n"
                                           "María Núñez;(999) 000-222;maria@example.com;PE;\r\n"
                                           "José Peña;+51 999 000 111;;;llamó otra vez\r\n"
                                           "Sin Teléfono;;nadie@example.com;PE;\r\n");
    return text.toLatin1();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class SpreadsheetsGuiTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void importPreviewsWindows1252Semicolons();
    void importShowsCountsAndSavesReport();
    void cancelStopsImport();
    void cancelHalfWayKeepsBatches();
    void exportActionFollowsRole_data();
    void exportActionFollowsRole();
    void managerExportsSearchedView_data();
    void managerExportsSearchedView();

private:
    void openWindow(qint64 userId);
    ImportLeadsDialog *openImportDialog(const QByteArray &fileBytes);
    QList<Lead> storedLeads();
    QList<AuditEntry> exportAuditRows();
    qint64 userIdFor(UserRole role) const;

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    qint64 m_adminId = 0;
    qint64 m_managerId = 0;
    qint64 m_agentId = 0;
};

void SpreadsheetsGuiTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void SpreadsheetsGuiTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    // Peru is the default region, so the Peruvian numbers of the files parse without "+".
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, StartMs,
                                                               {{QStringLiteral("phone.defaultRegion"), QStringLiteral("PE")}});
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));

    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(std::make_shared<ManualClock>(StartMs)));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));
    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();

    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"), QStringLiteral("ana@example.com"),
                                                   Password);
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    m_adminId = *adminId;
    const Actor admin = Actor::user(m_adminId);
    const auto managerId = Testing::addUser(*m_host, admin, QStringLiteral("Marta Manager"),
                                            QStringLiteral("marta@example.com"), UserRole::Manager, Password);
    QVERIFY2(managerId.ok(), qPrintable(Testing::messageOf(managerId)));
    m_managerId = *managerId;
    const auto agentId = Testing::addUser(*m_host, admin, QStringLiteral("Alan Agente"), QStringLiteral("alan@example.com"),
                                          UserRole::Agent, Password);
    QVERIFY2(agentId.ok(), qPrintable(Testing::messageOf(agentId)));
    m_agentId = *agentId;
}

void SpreadsheetsGuiTest::cleanup()
{
    QLocale::setDefault(QLocale::c());
    m_window.reset();
    m_session.reset();
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
}

qint64 SpreadsheetsGuiTest::userIdFor(UserRole role) const
{
    switch (role) {
    case UserRole::Admin:
        return m_adminId;
    case UserRole::Manager:
        return m_managerId;
    case UserRole::Agent:
        return m_agentId;
    }
    return 0;
}

void SpreadsheetsGuiTest::openWindow(qint64 userId)
{
    const auto principal = Testing::resolve(*m_host, userId);
    QVERIFY2(principal.ok(), qPrintable(Testing::messageOf(principal)));
    m_session = std::make_unique<Session>(*principal);
    m_window = std::make_unique<MainWindow>(m_host.get(), m_reader.get(), m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

ImportLeadsDialog *SpreadsheetsGuiTest::openImportDialog(const QByteArray &fileBytes)
{
    const QString path = m_harness->filePath(QStringLiteral("leads.csv"));
    if (!writeFile(path, fileBytes))
        return nullptr;
    ImportLeadsDialog *dialog = m_window->showImportLeads();
    if (!dialog)
        return nullptr;
    FileDialogs::preparePath(path);
    dialog->findChild<QPushButton *>(QStringLiteral("chooseFileButton"))->click();
    return dialog;
}

QList<Lead> SpreadsheetsGuiTest::storedLeads()
{
    QList<Lead> leads;
    m_host->runOnServiceThread([&leads](ServiceCore &core) {
        auto listed = LeadRepository(core.database()).list();
        if (listed)
            leads = *listed;
    });
    return leads;
}

QList<AuditEntry> SpreadsheetsGuiTest::exportAuditRows()
{
    QList<AuditEntry> rows;
    m_host->runOnServiceThread([&rows](ServiceCore &core) {
        AuditFilter filter;
        filter.action = QStringLiteral("data.exported");
        auto found = AuditRepository(core.database()).query(filter);
        if (found)
            rows = *found;
    });
    return rows;
}

void SpreadsheetsGuiTest::importPreviewsWindows1252Semicolons()
{
    openWindow(m_agentId);
    QVERIFY(m_window->importLeadsAction()->isEnabled());
    ImportLeadsDialog *dialog = openImportDialog(spanishWindowsFile());
    QVERIFY(dialog);
    QCOMPARE(dialog->shownError(), QString());

    QCOMPARE(TextEncoding(dialog->encodingCombo()->currentData().toInt()), TextEncoding::Windows1252);
    QCOMPARE(dialog->delimiterCombo()->currentData().toChar(), QLatin1Char(';'));

    const QTableWidget *preview = dialog->previewTable();
    QCOMPARE(preview->columnCount(), 5);
    QCOMPARE(preview->rowCount(), 4);
    QCOMPARE(preview->horizontalHeaderItem(1)->text(), QString::fromUtf8("Teléfono"));
    QCOMPARE(preview->item(0, 0)->text(), QString::fromUtf8("José Peña"));
    QCOMPARE(preview->item(1, 0)->text(), QString::fromUtf8("María Núñez"));
    QCOMPARE(preview->item(0, 4)->text(), QString::fromUtf8("Año nuevo"));

    // The mapping is guessed from the Spanish headers.
    QCOMPARE(dialog->mappingCombo(LeadField::Name)->currentData().toInt(), 0);
    QCOMPARE(dialog->mappingCombo(LeadField::Phone)->currentData().toInt(), 1);
    QCOMPARE(dialog->mappingCombo(LeadField::Email)->currentData().toInt(), 2);
    QCOMPARE(dialog->mappingCombo(LeadField::Country)->currentData().toInt(), 3);
    QCOMPARE(dialog->mappingCombo(LeadField::Notes)->currentData().toInt(), 4);
    QCOMPARE(dialog->mappingCombo(LeadField::Campaign)->currentData().toInt(), -1);
    QTRY_COMPARE(dialog->regionCombo()->currentText(), QStringLiteral("PE"));

    // Reading the same bytes as UTF-8 instead shows replacement characters, so the
    // encoding box really drives the reader.
    dialog->encodingCombo()->setCurrentIndex(dialog->encodingCombo()->findData(int(TextEncoding::Utf8)));
    emit dialog->encodingCombo()->activated(dialog->encodingCombo()->currentIndex());
    QVERIFY(dialog->previewTable()->item(0, 0)->text().contains(QChar(0xFFFD)));
    QCOMPARE(dialog->mappingCombo(LeadField::Phone)->currentData().toInt(), 1);

    // A comma as the delimiter leaves one column and no phone to map.
    dialog->delimiterCombo()->setCurrentIndex(dialog->delimiterCombo()->findData(QChar(QLatin1Char(','))));
    emit dialog->delimiterCombo()->activated(dialog->delimiterCombo()->currentIndex());
    QCOMPARE(dialog->previewTable()->columnCount(), 1);
    QVERIFY(!dialog->importButton()->isEnabled());
}

void SpreadsheetsGuiTest::importShowsCountsAndSavesReport()
{
    openWindow(m_agentId);
    ImportLeadsDialog *dialog = openImportDialog(spanishWindowsFile());
    QVERIFY(dialog);
    QVERIFY(dialog->importButton()->isEnabled());

    QSignalSpy finished(dialog, &ImportLeadsDialog::importFinished);
    dialog->importButton()->click();
    QVERIFY(finished.wait(ImportTimeoutMs));
    QCOMPARE(dialog->shownError(), QString());
    QVERIFY(dialog->report().has_value());
    const LeadImportReport &report = *dialog->report();
    QVERIFY2(report.completed, qPrintable(report.stopReason));
    QCOMPARE(report.created, 2);
    QCOMPARE(report.merged, 1);
    QCOMPARE(report.rejected, 1);
    QCOMPARE(dialog->summaryLabel()->text(),
             QStringLiteral("Created: 2. Updated: 0. Unchanged: 0. Duplicates merged: 1. Rejected: 1."));
    QVERIFY(!dialog->progressBar()->isVisible());

    const QList<Lead> leads = storedLeads();
    QCOMPARE(leads.size(), 2);
    QStringList names;
    for (const Lead &lead : leads)
        names << lead.name + QLatin1Char(' ') + lead.phone;
    names.sort();
    QCOMPARE(names, QStringList({QString::fromUtf8("José Peña +51999000111"),
                                 QString::fromUtf8("María Núñez +51999000222")}));
    QTRY_COMPARE(m_window->leadsModel()->rowCount(), 2);

    const QString reportPath = m_harness->filePath(QStringLiteral("report.csv"));
    FileDialogs::preparePath(reportPath);
    QVERIFY(dialog->saveReportButton()->isEnabled());
    dialog->saveReportButton()->click();
    const QByteArray saved = readFile(reportPath);
    QVERIFY(saved.startsWith(CsvWriter::byteOrderMark() + "line,result,leadId,reason"));
    QVERIFY(saved.contains("\r\n5,rejected,,"));
}

void SpreadsheetsGuiTest::cancelStopsImport()
{
    openWindow(m_adminId);
    ImportLeadsDialog *dialog = openImportDialog(spanishWindowsFile());
    QVERIFY(dialog);

    // Hold the service thread, so the cancel is certainly made while the import waits to
    // run; the import then stops at its first row and rolls that row's batch back.
    QSemaphore entered;
    QSemaphore release;
    QObject context;
    m_host->call<bool>(
        &context,
        [&entered, &release](ServiceCore &) -> Result<bool> {
            entered.release();
            return release.tryAcquire(1, ImportTimeoutMs);
        },
        {});
    QVERIFY(entered.tryAcquire(1, ImportTimeoutMs));

    QSignalSpy finished(dialog, &ImportLeadsDialog::importFinished);
    dialog->importButton()->click();
    QVERIFY(dialog->importRunning());
    QVERIFY(dialog->cancelImportButton()->isEnabled());
    QVERIFY(!dialog->importButton()->isEnabled());
    dialog->cancelImportButton()->click();
    QVERIFY(!dialog->cancelImportButton()->isEnabled());
    release.release();

    QVERIFY(finished.wait(ImportTimeoutMs));
    QVERIFY(dialog->report().has_value());
    QVERIFY(!dialog->report()->completed);
    QCOMPARE(dialog->report()->created, 0);
    QCOMPARE(dialog->report()->lastLine, 1);
    QVERIFY2(dialog->summaryLabel()->text().contains(QStringLiteral("cancelled")),
             qPrintable(dialog->summaryLabel()->text()));
    QVERIFY(storedLeads().isEmpty());
    QVERIFY(dialog->importButton()->isEnabled());
}

void SpreadsheetsGuiTest::cancelHalfWayKeepsBatches()
{
    constexpr int rowCount = 6000;
    QByteArray file = "nombre;telefono\r\n";
    for (int i = 0; i < rowCount; ++i)
        file += "Prospecto " + QByteArray::number(i) + ";+51 999 " + QByteArray::number(100000 + i) + "\r\n";

    openWindow(m_adminId);
    ImportLeadsDialog *dialog = openImportDialog(file);
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &ImportLeadsDialog::importFinished);
    dialog->importButton()->click();

    // The dialog follows the import batch by batch, with the file's line count once known.
    QTRY_VERIFY_WITH_TIMEOUT(dialog->progress().rowsDone >= rowCount / 4 && dialog->progress().totalLines > 0,
                             LargeImportTimeoutMs);
    QCOMPARE(dialog->progress().totalLines, qint64(rowCount + 1));
    QVERIFY(dialog->progressBar()->isVisible());
    QVERIFY2(dialog->progressBar()->format().contains(QStringLiteral("of %1").arg(rowCount + 1)),
             qPrintable(dialog->progressBar()->format()));
    QVERIFY(dialog->importRunning());
    dialog->cancelImportButton()->click();

    QVERIFY(finished.wait(ImportTimeoutMs));
    QVERIFY(!dialog->importRunning());
    QVERIFY(dialog->report().has_value());
    const LeadImportReport &report = *dialog->report();
    QVERIFY(!report.completed);
    QVERIFY2(report.created >= rowCount / 4 && report.created < rowCount, qPrintable(QString::number(report.created)));
    QCOMPARE(report.lastLine, qint64(report.created + 1));
    QVERIFY2(dialog->summaryLabel()->text().contains(QStringLiteral("cancelled after line %1").arg(report.lastLine)),
             qPrintable(dialog->summaryLabel()->text()));
    // The committed batches stay, and they are exactly the rows the report lists.
    QCOMPARE(storedLeads().size(), report.created);
    QVERIFY(dialog->saveReportButton()->isEnabled());
}

void SpreadsheetsGuiTest::exportActionFollowsRole_data()
{
    QTest::addColumn<UserRole>("role");
    QTest::addColumn<bool>("mayExport");

    QTest::newRow("agent") << UserRole::Agent << false;
    QTest::newRow("manager") << UserRole::Manager << true;
    QTest::newRow("admin") << UserRole::Admin << true;
}

void SpreadsheetsGuiTest::exportActionFollowsRole()
{
    QFETCH(UserRole, role);
    QFETCH(bool, mayExport);
    openWindow(userIdFor(role));

    QVERIFY(m_window->importLeadsAction()->isEnabled());
    QCOMPARE(m_window->exportLeadsAction()->isEnabled(), mayExport);

    // The core refuses as well, whatever a view shows.
    const QString path = m_harness->filePath(QStringLiteral("role.csv"));
    Result<int> exported = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    const Actor actor = m_session->actor();
    m_host->runOnServiceThread([&](ServiceCore &core) {
        exported = core.exportLeads(actor, LeadListFilter(), path, QLocale::c());
    });
    QCOMPARE(exported.ok(), mayExport);
    if (!mayExport) {
        QCOMPARE(exported.error().kind, ErrorKind::Forbidden);
        QVERIFY(!QFile::exists(path));
    }
}

void SpreadsheetsGuiTest::managerExportsSearchedView_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("separator");

    QTest::newRow("es_ES decimal comma") << QStringLiteral("es_ES") << QStringLiteral(";");
    QTest::newRow("es_MX decimal point") << QStringLiteral("es_MX") << QStringLiteral(",");
}

void SpreadsheetsGuiTest::managerExportsSearchedView()
{
    QFETCH(QString, locale);
    QFETCH(QString, separator);

    // Two leads through the service's import, one of which the search finds.
    LeadImportRequest seed;
    seed.filePath = m_harness->filePath(QStringLiteral("seed.csv"));
    QVERIFY(writeFile(seed.filePath, "name,phone\r\nAna Torres,+51999000111\r\nBeto Ruiz,+51999000222\r\n"));
    std::optional<Result<LeadImportReport>> seeded;
    QObject context;
    m_host->startLeadImport(Actor::user(m_adminId), seed, &context,
                            [&seeded](const Result<LeadImportReport> &result) { seeded = result; });
    QTRY_VERIFY_WITH_TIMEOUT(seeded.has_value(), ImportTimeoutMs);
    QVERIFY2(seeded->ok(), qPrintable(Testing::messageOf(*seeded)));
    QCOMPARE((*seeded)->created, 2);

    openWindow(m_managerId);
    QTRY_COMPARE(m_window->leadsModel()->rowCount(), 2);
    m_window->searchEdit()->setText(QStringLiteral("torres"));
    QTRY_COMPARE(m_window->leadsModel()->search(), QStringLiteral("torres"));

    QLocale::setDefault(QLocale(locale));
    const QString path = m_harness->filePath(QStringLiteral("export.csv"));
    FileDialogs::preparePath(path);
    QVERIFY(m_window->exportLeadsAction()->isEnabled());
    m_window->exportLeadsAction()->trigger();
    QTRY_VERIFY(QFile::exists(path));
    QTRY_VERIFY(m_window->exportLeadsAction()->isEnabled());
    QCOMPARE(MessageBoxes::shownCount(), 0);

    const QByteArray bytes = readFile(path);
    QVERIFY(bytes.startsWith(CsvWriter::byteOrderMark()));
    const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), LeadExport::columns().join(separator));
    QVERIFY2(lines.at(1).contains(QStringLiteral("Ana Torres") + separator + QStringLiteral("'+51999000111") + separator),
             qPrintable(lines.at(1)));

    const QList<AuditEntry> audit = exportAuditRows();
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().actorName, QStringLiteral("marta@example.com"));
    QCOMPARE(audit.first().detail, QStringLiteral("leads rows=1"));
}

QTEST_MAIN(SpreadsheetsGuiTest)
#include "tst_spreadsheetsgui.moc"
