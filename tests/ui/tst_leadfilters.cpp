// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The leads tab's campaign and owner filters and the export of what the tab lists,
// against a real service on 127.0.0.1 and a temporary SQLite file. The filter SQL is
// shared with the pipeline board, so the PostgreSQL side is covered by the storage suite.

#include "AccountsTestSupport.h"
#include "FileDialogs.h"
#include "LeadFilterBar.h"
#include "LeadsModel.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "PipelineBoard.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "spreadsheets/Csv.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Prospecta;
using Prospecta::Testing::ServiceHarness;

namespace {

constexpr qint64 NowMs = 1735740000000;
const QString Password = QStringLiteral("correct horse battery");

QStringList sorted(QStringList names)
{
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

class LeadFiltersTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void campaignFilterNarrowsLeads();
    void ownerChoicesForManagers();
    void ownerFilterSelectsLeads_data();
    void ownerFilterSelectsLeads();
    void agentOwnerFilterStaysWithinOwnLeads_data();
    void agentOwnerFilterStaysWithinOwnLeads();
    void filtersCombineWithSearchAndStage();
    void pipelineKeepsItsOwnChoices();
    void deactivatedOwnerFallsBackToAnyOwner();
    void exportWritesWhatTheTabLists();
    void exportFilterReachesCore();

private:
    qint64 createCampaign(const QString &name);
    qint64 createLead(const QString &name, const QString &phone, LeadStatus status, qint64 campaignId,
                      qint64 ownerUserId);
    void openWindow(qint64 userId);
    LeadFilterBar *filterBar() const { return m_window->leadFilterBar(); }
    LeadsModel *leads() const { return m_window->leadsModel(); }
    // The names the leads table lists, once every row has arrived.
    QStringList listedNames() const;
    QList<qint64> listedIds() const;
    static QStringList itemTexts(const QComboBox *combo);
    // Selects the item of `combo` showing `text`; false when there is none.
    static bool choose(QComboBox *combo, const QString &text);
    // Waits until the model runs the query of the filters chosen, and every row arrived.
    void waitForRows(int count);

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<Database> m_database; // the test's own connection, for setup
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_adminId = 0;
    qint64 m_managerId = 0;
    qint64 m_agentId = 0;
    qint64 m_colleagueId = 0;
    qint64 m_summerId = 0;
    qint64 m_winterId = 0;
};

void LeadFiltersTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void LeadFiltersTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_database = std::make_unique<Database>();
    const Status prepared = m_harness->prepare(*m_database, QStringLiteral("test-filters"), NowMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));
    const Status aiOff = ServiceHarness::setSetting(*m_database, QStringLiteral("ai.enabled"), QStringLiteral("false"), NowMs);
    QVERIFY2(aiOff.ok(), qPrintable(Testing::messageOf(aiOff)));

    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(std::make_shared<ManualClock>(NowMs)));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));

    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"), QStringLiteral("ana@example.com"), Password);
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    m_adminId = *adminId;
    const Actor admin = Actor::user(m_adminId);
    const auto add = [&](const QString &name, const QString &email, UserRole role) {
        const auto id = Testing::addUser(*m_host, admin, name, email, role, Password);
        return id ? *id : 0;
    };
    m_managerId = add(QStringLiteral("Mario Supervisor"), QStringLiteral("mario@example.com"), UserRole::Manager);
    m_agentId = add(QStringLiteral("Beto Asesor"), QStringLiteral("beto@example.com"), UserRole::Agent);
    m_colleagueId = add(QStringLiteral("Carmen Asesora"), QStringLiteral("carmen@example.com"), UserRole::Agent);
    const qint64 formerId = add(QStringLiteral("Dora Inactiva"), QStringLiteral("dora@example.com"), UserRole::Agent);
    QVERIFY(m_managerId > 0 && m_agentId > 0 && m_colleagueId > 0 && formerId > 0);
    const Status deactivated = Testing::setUserActive(*m_host, admin, QStringLiteral("dora@example.com"), false);
    QVERIFY2(deactivated.ok(), qPrintable(Testing::messageOf(deactivated)));

    m_summerId = createCampaign(QStringLiteral("Verano"));
    m_winterId = createCampaign(QStringLiteral("Invierno"));
    QVERIFY(m_summerId > 0 && m_winterId > 0);
    QVERIFY(createLead(QStringLiteral("Ana Nueva"), QStringLiteral("+51999000101"), LeadStatus::New, m_summerId, 0) > 0);
    QVERIFY(createLead(QStringLiteral("Bruno Nuevo"), QStringLiteral("+51999000102"), LeadStatus::New, m_winterId,
                       m_agentId) > 0);
    QVERIFY(createLead(QStringLiteral("Carla Contactada"), QStringLiteral("+51999000103"), LeadStatus::Contacted,
                       m_summerId, m_colleagueId) > 0);
    QVERIFY(createLead(QStringLiteral("Diego Calificado"), QStringLiteral("+51999000104"), LeadStatus::Qualified,
                       m_winterId, 0) > 0);
    QVERIFY(createLead(QStringLiteral("Eva Perdida"), QStringLiteral("+51999000105"), LeadStatus::Lost, m_summerId,
                       m_colleagueId) > 0);
    QVERIFY(createLead(QStringLiteral("Fabio Propio"), QStringLiteral("+51999000106"), LeadStatus::Contacted,
                       m_summerId, m_adminId) > 0);
    // Dora's lead stays hers after she left: only "Any owner" lists it.
    QVERIFY(createLead(QStringLiteral("Gina Heredada"), QStringLiteral("+51999000107"), LeadStatus::New, 0, formerId)
            > 0);

    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();
}

void LeadFiltersTest::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_session.reset();
    m_reader.reset();
    m_host.reset();
    m_database.reset();
    m_harness.reset();
}

qint64 LeadFiltersTest::createCampaign(const QString &name)
{
    Campaign campaign;
    campaign.name = name;
    const auto id = CampaignRepository(*m_database).create(campaign, NowMs);
    return id ? *id : 0;
}

qint64 LeadFiltersTest::createLead(const QString &name, const QString &phone, LeadStatus status, qint64 campaignId,
                                   qint64 ownerUserId)
{
    Lead lead;
    lead.name = name;
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.country = QStringLiteral("PE");
    lead.status = status;
    lead.campaignId = campaignId;
    lead.assignedUserId = ownerUserId;
    const auto id = LeadRepository(*m_database).create(lead, NowMs);
    return id ? *id : 0;
}

void LeadFiltersTest::openWindow(qint64 userId)
{
    const auto principal = Testing::resolve(*m_host, userId);
    QVERIFY2(principal.ok(), qPrintable(Testing::messageOf(principal)));
    m_session = std::make_unique<Session>(*principal);
    m_window = std::make_unique<MainWindow>(m_host.get(), m_reader.get(), m_session.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(leads(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->resize(1200, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The campaigns arrive with the first refresh.
    QTRY_COMPARE(filterBar()->campaignFilter()->count(), 3);
}

QStringList LeadFiltersTest::listedNames() const
{
    QStringList names;
    for (int row = 0; row < leads()->rowCount(); ++row)
        names << leads()->leadRow(row).lead.name;
    return names;
}

QList<qint64> LeadFiltersTest::listedIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < leads()->rowCount(); ++row)
        ids << leads()->leadRow(row).lead.id;
    return ids;
}

QStringList LeadFiltersTest::itemTexts(const QComboBox *combo)
{
    QStringList texts;
    for (int index = 0; index < combo->count(); ++index)
        texts << combo->itemText(index);
    return texts;
}

bool LeadFiltersTest::choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

void LeadFiltersTest::waitForRows(int count)
{
    QTRY_COMPARE(leads()->rowCount(), count);
    QTRY_VERIFY(leads()->allRowsLoaded());
}

void LeadFiltersTest::campaignFilterNarrowsLeads()
{
    openWindow(m_adminId);
    QComboBox *campaigns = filterBar()->campaignFilter();
    // The campaigns by name, after the choice that shows every lead.
    QCOMPARE(itemTexts(campaigns), (QStringList{QStringLiteral("All campaigns"), QStringLiteral("Invierno"),
                                                QStringLiteral("Verano")}));
    waitForRows(7);

    QVERIFY(choose(campaigns, QStringLiteral("Verano")));
    QCOMPARE(leads()->campaignFilter(), m_summerId);
    waitForRows(4);
    QCOMPARE(sorted(listedNames()), (QStringList{QStringLiteral("Ana Nueva"), QStringLiteral("Carla Contactada"),
                                                 QStringLiteral("Eva Perdida"), QStringLiteral("Fabio Propio")}));

    QVERIFY(choose(campaigns, QStringLiteral("All campaigns")));
    QCOMPARE(leads()->campaignFilter(), 0);
    waitForRows(7);
}

void LeadFiltersTest::ownerChoicesForManagers()
{
    openWindow(m_adminId);
    // Any owner, the unassigned leads, the user's own, then every other active user by
    // name: neither the user (already "Mine") nor deactivated Dora.
    QTRY_COMPARE(itemTexts(filterBar()->ownerFilter()),
                 (QStringList{QStringLiteral("Any owner"), QStringLiteral("Unassigned"), QStringLiteral("Mine"),
                              QStringLiteral("Beto Asesor"), QStringLiteral("Carmen Asesora"),
                              QStringLiteral("Mario Supervisor")}));
    QCOMPARE(filterBar()->ownerFilter()->currentText(), QStringLiteral("Any owner"));
    QVERIFY(filterBar()->ownerFilter()->isEnabled());
}

void LeadFiltersTest::ownerFilterSelectsLeads_data()
{
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("any owner") << QStringLiteral("Any owner")
                               << QStringList{QStringLiteral("Ana Nueva"), QStringLiteral("Bruno Nuevo"),
                                              QStringLiteral("Carla Contactada"), QStringLiteral("Diego Calificado"),
                                              QStringLiteral("Eva Perdida"), QStringLiteral("Fabio Propio"),
                                              QStringLiteral("Gina Heredada")};
    QTest::newRow("unassigned") << QStringLiteral("Unassigned")
                                << QStringList{QStringLiteral("Ana Nueva"), QStringLiteral("Diego Calificado")};
    QTest::newRow("mine") << QStringLiteral("Mine") << QStringList{QStringLiteral("Fabio Propio")};
    QTest::newRow("a colleague") << QStringLiteral("Carmen Asesora")
                                 << QStringList{QStringLiteral("Carla Contactada"), QStringLiteral("Eva Perdida")};
    QTest::newRow("a user without leads") << QStringLiteral("Mario Supervisor") << QStringList();
}

void LeadFiltersTest::ownerFilterSelectsLeads()
{
    QFETCH(QString, owner);
    QFETCH(QStringList, expected);

    openWindow(m_adminId);
    waitForRows(7);
    QTRY_VERIFY(filterBar()->ownerFilter()->findText(owner) >= 0);
    // Start from another choice, so choosing `owner` always changes the filter.
    QVERIFY(choose(filterBar()->ownerFilter(), owner == QLatin1String("Unassigned") ? QStringLiteral("Mine")
                                                                                    : QStringLiteral("Unassigned")));
    QVERIFY(choose(filterBar()->ownerFilter(), owner));
    waitForRows(int(expected.size()));
    QCOMPARE(sorted(listedNames()), expected);
}

void LeadFiltersTest::agentOwnerFilterStaysWithinOwnLeads_data()
{
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QString>("campaign");
    QTest::addColumn<QStringList>("expected");

    // Beto sees his own and the unassigned leads only, whatever he chooses.
    QTest::newRow("mine and unassigned") << QStringLiteral("Mine and unassigned") << QStringLiteral("All campaigns")
                                         << QStringList{QStringLiteral("Ana Nueva"), QStringLiteral("Bruno Nuevo"),
                                                        QStringLiteral("Diego Calificado")};
    QTest::newRow("unassigned") << QStringLiteral("Unassigned") << QStringLiteral("All campaigns")
                                << QStringList{QStringLiteral("Ana Nueva"), QStringLiteral("Diego Calificado")};
    QTest::newRow("mine") << QStringLiteral("Mine") << QStringLiteral("All campaigns")
                          << QStringList{QStringLiteral("Bruno Nuevo")};
    QTest::newRow("summer campaign") << QStringLiteral("Mine and unassigned") << QStringLiteral("Verano")
                                     << QStringList{QStringLiteral("Ana Nueva")};
    QTest::newRow("mine in winter") << QStringLiteral("Mine") << QStringLiteral("Invierno")
                                    << QStringList{QStringLiteral("Bruno Nuevo")};
}

void LeadFiltersTest::agentOwnerFilterStaysWithinOwnLeads()
{
    QFETCH(QString, owner);
    QFETCH(QString, campaign);
    QFETCH(QStringList, expected);

    openWindow(m_agentId);
    QComboBox *owners = filterBar()->ownerFilter();
    // No colleague is offered: the reader sends no user list to an agent.
    QCOMPARE(itemTexts(owners), (QStringList{QStringLiteral("Mine and unassigned"), QStringLiteral("Unassigned"),
                                             QStringLiteral("Mine")}));
    waitForRows(3);

    QVERIFY(choose(owners, owner));
    QVERIFY(choose(filterBar()->campaignFilter(), campaign));
    waitForRows(int(expected.size()));
    QCOMPARE(sorted(listedNames()), expected);
}

void LeadFiltersTest::filtersCombineWithSearchAndStage()
{
    openWindow(m_adminId);
    waitForRows(7);

    QVERIFY(choose(filterBar()->stageFilter(), QStringLiteral("New")));
    QVERIFY(choose(filterBar()->campaignFilter(), QStringLiteral("Verano")));
    waitForRows(1);
    QCOMPARE(listedNames(), QStringList{QStringLiteral("Ana Nueva")});

    QVERIFY(choose(filterBar()->stageFilter(), QStringLiteral("All stages")));
    QVERIFY(choose(filterBar()->campaignFilter(), QStringLiteral("All campaigns")));
    QVERIFY(choose(filterBar()->ownerFilter(), QStringLiteral("Unassigned")));
    filterBar()->searchEdit()->setText(QStringLiteral("diego"));
    QTRY_COMPARE(leads()->search(), QStringLiteral("diego"));
    waitForRows(1);
    QCOMPARE(listedNames(), QStringList{QStringLiteral("Diego Calificado")});
}

void LeadFiltersTest::pipelineKeepsItsOwnChoices()
{
    openWindow(m_adminId);
    QVERIFY(choose(filterBar()->campaignFilter(), QStringLiteral("Verano")));
    waitForRows(4);

    // The board offers the same lists, from its own selection.
    PipelineBoard *board = m_window->showPipeline();
    QVERIFY(board);
    QTRY_COMPARE(itemTexts(board->campaignFilter()), itemTexts(filterBar()->campaignFilter()));
    QCOMPARE(board->campaignFilter()->currentText(), QStringLiteral("All campaigns"));
    QCOMPARE(board->ownerFilter()->currentText(), QStringLiteral("Any owner"));

    // A choice on the board leaves the leads tab alone, and the other way round.
    QVERIFY(choose(board->ownerFilter(), QStringLiteral("Unassigned")));
    QVERIFY(choose(filterBar()->ownerFilter(), QStringLiteral("Carmen Asesora")));
    waitForRows(2);
    QCOMPARE(board->ownerFilter()->currentText(), QStringLiteral("Unassigned"));
    QCOMPARE(board->campaignFilter()->currentText(), QStringLiteral("All campaigns"));
    QCOMPARE(filterBar()->campaignFilter()->currentText(), QStringLiteral("Verano"));
    QCOMPARE(leads()->campaignFilter(), m_summerId);
    QCOMPARE(leads()->ownerFilter(), m_colleagueId);
}

void LeadFiltersTest::deactivatedOwnerFallsBackToAnyOwner()
{
    openWindow(m_adminId);
    QTRY_VERIFY(filterBar()->ownerFilter()->findText(QStringLiteral("Carmen Asesora")) >= 0);
    QVERIFY(choose(filterBar()->ownerFilter(), QStringLiteral("Carmen Asesora")));
    waitForRows(2);

    // The service announces the change of the users table, and the list loses Carmen. The
    // filter goes back to every lead instead of keeping a choice the list no longer shows.
    const Status deactivated = Testing::setUserActive(*m_host, Actor::user(m_adminId), QStringLiteral("carmen@example.com"),
                                                      false);
    QVERIFY2(deactivated.ok(), qPrintable(Testing::messageOf(deactivated)));
    QTRY_COMPARE(filterBar()->ownerFilter()->findText(QStringLiteral("Carmen Asesora")), -1);
    QCOMPARE(filterBar()->ownerFilter()->currentText(), QStringLiteral("Any owner"));
    QCOMPARE(leads()->ownerFilter(), 0);
    waitForRows(7);
}

void LeadFiltersTest::exportWritesWhatTheTabLists()
{
    openWindow(m_managerId);
    waitForRows(7);
    QVERIFY(choose(filterBar()->campaignFilter(), QStringLiteral("Verano")));
    QVERIFY(choose(filterBar()->ownerFilter(), QStringLiteral("Any owner")));
    m_window->leadsView()->sortByColumn(LeadsModel::NameColumn, Qt::DescendingOrder);
    waitForRows(4);
    QTRY_COMPARE(listedNames(), (QStringList{QStringLiteral("Fabio Propio"), QStringLiteral("Eva Perdida"),
                                             QStringLiteral("Carla Contactada"), QStringLiteral("Ana Nueva")}));
    const QList<qint64> shown = listedIds();

    const QString path = m_harness->filePath(QStringLiteral("verano.csv"));
    FileDialogs::preparePath(path);
    QVERIFY(m_window->exportLeadsAction()->isEnabled());
    m_window->exportLeadsAction()->trigger();
    QTRY_VERIFY(QFile::exists(path));
    QTRY_VERIFY(m_window->exportLeadsAction()->isEnabled());
    QCOMPARE(MessageBoxes::shownCount(), 0);

    // One line per lead the tab lists, in the tab's order, the id first.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith(CsvWriter::byteOrderMark()));
    const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    const QChar delimiter = CsvWriter::delimiterFor(QLocale());
    QList<qint64> exported;
    for (const QString &line : lines.mid(1))
        exported << line.section(delimiter, 0, 0).toLongLong();
    QCOMPARE(exported, shown);

    // A narrower view exports fewer lines.
    QVERIFY(choose(filterBar()->ownerFilter(), QStringLiteral("Carmen Asesora")));
    QVERIFY(choose(filterBar()->stageFilter(), QStringLiteral("Lost")));
    waitForRows(1);
    const QString narrowPath = m_harness->filePath(QStringLiteral("perdidos.csv"));
    FileDialogs::preparePath(narrowPath);
    m_window->exportLeadsAction()->trigger();
    QTRY_VERIFY(QFile::exists(narrowPath));
    QFile narrow(narrowPath);
    QVERIFY(narrow.open(QIODevice::ReadOnly));
    const QStringList narrowLines =
        QString::fromUtf8(narrow.readAll().mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(narrowLines.size(), 2);
    QVERIFY2(narrowLines.at(1).contains(QStringLiteral("Eva Perdida")), qPrintable(narrowLines.at(1)));
}

void LeadFiltersTest::exportFilterReachesCore()
{
    const QString path = m_harness->filePath(QStringLiteral("core.csv"));
    const auto exportWith = [&](const Actor &actor, const LeadListFilter &filter) {
        Result<int> exported = makeError(ErrorKind::Internal, QStringLiteral("not run"));
        m_host->runOnServiceThread([&](ServiceCore &core) { exported = core.exportLeads(actor, filter, path, QLocale::c()); });
        return exported;
    };
    const Actor manager = Actor::user(m_managerId);

    LeadListFilter unassigned;
    unassigned.assignedUserId = -1;
    auto written = exportWith(manager, unassigned);
    QVERIFY2(written.ok(), qPrintable(Testing::messageOf(written)));
    QCOMPARE(*written, 2);

    LeadListFilter winter;
    winter.campaignId = m_winterId;
    written = exportWith(manager, winter);
    QVERIFY2(written.ok(), qPrintable(Testing::messageOf(written)));
    QCOMPARE(*written, 2);

    LeadListFilter colleaguesLost;
    colleaguesLost.assignedUserId = m_colleagueId;
    colleaguesLost.status = LeadStatus::Lost;
    written = exportWith(manager, colleaguesLost);
    QVERIFY2(written.ok(), qPrintable(Testing::messageOf(written)));
    QCOMPARE(*written, 1);

    // An agent may not export, whatever the filter, and no file is written.
    QVERIFY(QFile::remove(path));
    written = exportWith(Actor::user(m_agentId), unassigned);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind, ErrorKind::Forbidden);
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(LeadFiltersTest)
#include "tst_leadfilters.moc"
