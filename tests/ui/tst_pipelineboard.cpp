// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The pipeline board against a real service on 127.0.0.1 and a temporary SQLite file.
// Covered: column counts, the filters, moving cards between stages (stored and audited),
// a move the core rejects, and a change made elsewhere that reaches the board through
// the service's change notice.
// Runs offscreen, where QDrag::exec() returns Qt::IgnoreAction at once (the offscreen
// plugin's QOffscreenDrag in Qt 6), so a mouse drag cannot be played back. The drop is
// delivered to the target column's view as drag-enter, drag-move and drop events instead.

#include "AccountsTestSupport.h"
#include "DisplayNames.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "PipelineBoard.h"
#include "PipelineColumnModel.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDropEvent>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::ServiceHarness;

namespace {

constexpr qint64 NowMs = 1735740000000;
const QString Password = QStringLiteral("correct horse battery");

} // namespace

class PipelineBoardTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void columnTitlesShowCounts_data();
    void columnTitlesShowCounts();
    void cardShowsNamePhoneAndOwner();
    void dropOnQualifiedStoresAndAudits();
    void dropEventOnViewMovesCard();
    void agentMovingColleaguesLeadIsRejected();
    void deactivatedAgentMoveEndsSession();
    void campaignFilterNarrowsColumns_data();
    void campaignFilterNarrowsColumns();
    void ownerFilterShowsUnassignedOnly();
    void agentOwnerFilterIsFixed();
    void changeElsewhereMovesCard();
    void columnShowsAtMost200Cards();
    void columnModelsPassModelTester();
    void mainWindowActionOpensOneBoard();

private:
    qint64 createCampaign(const QString &name);
    qint64 createLead(const QString &name, const QString &phone, LeadStatus status, qint64 campaignId,
                      qint64 ownerUserId);
    std::unique_ptr<PipelineBoard> showBoard(Session *session);
    // The stage stored for `leadId`, in its string form; empty when the lead is missing.
    QString storedStatus(qint64 leadId);
    int auditRows(const QString &action, qint64 leadId);
    static QString expectedTitle(LeadStatus status, int count);
    static QMimeData *dragData(PipelineBoard &board, LeadStatus from, qint64 leadId);

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<Database> m_database; // the test's own connection, for setup and checks
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_admin;
    std::unique_ptr<Session> m_agent;
    qint64 m_agentId = 0;
    qint64 m_colleagueId = 0;
    qint64 m_summerId = 0;
    qint64 m_winterId = 0;
    // Leads of the standard set.
    qint64 m_newUnassigned = 0;   // Ana: new, summer, unassigned
    qint64 m_newOwned = 0;        // Bruno: new, winter, the agent's
    qint64 m_contacted = 0;       // Carla: contacted, summer, the colleague's
    qint64 m_qualified = 0;       // Diego: qualified, winter, unassigned
    qint64 m_lost = 0;            // Eva: lost, summer, the colleague's
};

void PipelineBoardTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void PipelineBoardTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_database = std::make_unique<Database>();
    const Status prepared = m_harness->prepare(*m_database, QStringLiteral("test-board"), NowMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));
    const Status aiOff = ServiceHarness::setSetting(*m_database, QStringLiteral("ai.enabled"), QStringLiteral("false"), NowMs);
    QVERIFY2(aiOff.ok(), qPrintable(Testing::messageOf(aiOff)));

    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(std::make_shared<ManualClock>(NowMs)));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));

    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"), QStringLiteral("ana@example.com"), Password);
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    const auto admin = Testing::resolve(*m_host, *adminId);
    QVERIFY2(admin.ok(), qPrintable(Testing::messageOf(admin)));
    m_admin = std::make_unique<Session>(*admin);

    const auto agentId = Testing::addUser(*m_host, m_admin->actor(), QStringLiteral("Beto Asesor"),
                                          QStringLiteral("beto@example.com"), UserRole::Agent, Password);
    QVERIFY2(agentId.ok(), qPrintable(Testing::messageOf(agentId)));
    m_agentId = *agentId;
    const auto colleagueId = Testing::addUser(*m_host, m_admin->actor(), QStringLiteral("Carmen Asesora"),
                                              QStringLiteral("carmen@example.com"), UserRole::Agent, Password);
    QVERIFY2(colleagueId.ok(), qPrintable(Testing::messageOf(colleagueId)));
    m_colleagueId = *colleagueId;
    const auto agent = Testing::resolve(*m_host, m_agentId);
    QVERIFY2(agent.ok(), qPrintable(Testing::messageOf(agent)));
    m_agent = std::make_unique<Session>(*agent);

    m_summerId = createCampaign(QStringLiteral("Verano"));
    m_winterId = createCampaign(QStringLiteral("Invierno"));
    QVERIFY(m_summerId > 0 && m_winterId > 0);
    m_newUnassigned = createLead(QStringLiteral("Ana Nueva"), QStringLiteral("+51999000101"), LeadStatus::New, m_summerId, 0);
    m_newOwned = createLead(QStringLiteral("Bruno Nuevo"), QStringLiteral("+51999000102"), LeadStatus::New, m_winterId, m_agentId);
    m_contacted = createLead(QStringLiteral("Carla Contactada"), QStringLiteral("+51999000103"), LeadStatus::Contacted,
                             m_summerId, m_colleagueId);
    m_qualified = createLead(QStringLiteral("Diego Calificado"), QStringLiteral("+51999000104"), LeadStatus::Qualified,
                             m_winterId, 0);
    m_lost = createLead(QStringLiteral("Eva Perdida"), QStringLiteral("+51999000105"), LeadStatus::Lost, m_summerId,
                        m_colleagueId);
    QVERIFY(m_newUnassigned > 0 && m_newOwned > 0 && m_contacted > 0 && m_qualified > 0 && m_lost > 0);

    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();
}

void PipelineBoardTest::cleanup()
{
    m_reader.reset();
    m_agent.reset();
    m_admin.reset();
    m_host.reset();
    m_database.reset();
    m_harness.reset();
}

qint64 PipelineBoardTest::createCampaign(const QString &name)
{
    Campaign campaign;
    campaign.name = name;
    const auto id = CampaignRepository(*m_database).create(campaign, NowMs);
    return id ? *id : 0;
}

qint64 PipelineBoardTest::createLead(const QString &name, const QString &phone, LeadStatus status, qint64 campaignId,
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

std::unique_ptr<PipelineBoard> PipelineBoardTest::showBoard(Session *session)
{
    auto board = std::make_unique<PipelineBoard>(m_host.get(), m_reader.get(), session);
    board->resize(1000, 600);
    board->show();
    return board;
}

QString PipelineBoardTest::storedStatus(qint64 leadId)
{
    const auto lead = LeadRepository(*m_database).findById(leadId);
    return lead && *lead ? toString((*lead)->status) : QString();
}

int PipelineBoardTest::auditRows(const QString &action, qint64 leadId)
{
    AuditFilter filter;
    filter.action = action;
    const auto entries = AuditRepository(*m_database).query(filter);
    if (!entries)
        return -1;
    int count = 0;
    for (const AuditEntry &entry : *entries)
        count += entry.targetKind == QLatin1String("lead") && entry.targetId == QString::number(leadId) ? 1 : 0;
    return count;
}

QString PipelineBoardTest::expectedTitle(LeadStatus status, int count)
{
    return QStringLiteral("%1 (%2)").arg(DisplayNames::leadStage(status)).arg(count);
}

QMimeData *PipelineBoardTest::dragData(PipelineBoard &board, LeadStatus from, qint64 leadId)
{
    PipelineColumnModel *model = board.columnModel(from);
    const int row = model->rowOfLead(leadId);
    return row < 0 ? nullptr : model->mimeData({model->index(row)});
}

void PipelineBoardTest::columnTitlesShowCounts_data()
{
    QTest::addColumn<bool>("asAgent");
    QTest::addColumn<LeadStatus>("status");
    QTest::addColumn<int>("count");

    // The administrator sees every lead.
    QTest::newRow("admin new") << false << LeadStatus::New << 2;
    QTest::newRow("admin contacted") << false << LeadStatus::Contacted << 1;
    QTest::newRow("admin qualified") << false << LeadStatus::Qualified << 1;
    QTest::newRow("admin converted") << false << LeadStatus::Converted << 0;
    QTest::newRow("admin lost") << false << LeadStatus::Lost << 1;
    // The agent sees only their own and the unassigned leads.
    QTest::newRow("agent new") << true << LeadStatus::New << 2;
    QTest::newRow("agent contacted") << true << LeadStatus::Contacted << 0;
    QTest::newRow("agent qualified") << true << LeadStatus::Qualified << 1;
    QTest::newRow("agent lost") << true << LeadStatus::Lost << 0;
}

void PipelineBoardTest::columnTitlesShowCounts()
{
    QFETCH(bool, asAgent);
    QFETCH(LeadStatus, status);
    QFETCH(int, count);

    auto board = showBoard(asAgent ? m_agent.get() : m_admin.get());
    QTRY_COMPARE(board->columnTitle(status)->text(), expectedTitle(status, count));
    QCOMPARE(board->columnModel(status)->rowCount(), count);
    QVERIFY(board->columnNote(status)->isHidden());
}

void PipelineBoardTest::cardShowsNamePhoneAndOwner()
{
    auto board = showBoard(m_admin.get());
    PipelineColumnModel *contacted = board->columnModel(LeadStatus::Contacted);
    QTRY_COMPARE(contacted->rowCount(), 1);

    const QModelIndex card = contacted->index(0);
    QCOMPARE(card.data(PipelineColumnModel::LeadIdRole).toLongLong(), m_contacted);
    QCOMPARE(card.data(Qt::DisplayRole).toString(),
             QStringLiteral("Carla Contactada\n+51999000103\nCarmen Asesora"));

    PipelineColumnModel *qualified = board->columnModel(LeadStatus::Qualified);
    QTRY_COMPARE(qualified->rowCount(), 1);
    QCOMPARE(qualified->index(0).data(PipelineColumnModel::OwnerRole).toString(), QStringLiteral("Unassigned"));
}

void PipelineBoardTest::dropOnQualifiedStoresAndAudits()
{
    auto board = showBoard(m_admin.get());
    PipelineColumnModel *fresh = board->columnModel(LeadStatus::New);
    PipelineColumnModel *qualified = board->columnModel(LeadStatus::Qualified);
    QTRY_VERIFY(fresh->rowOfLead(m_newUnassigned) >= 0);
    QSignalSpy moved(board.get(), &PipelineBoard::leadMoved);

    std::unique_ptr<QMimeData> data(dragData(*board, LeadStatus::New, m_newUnassigned));
    QVERIFY(data);
    QVERIFY(qualified->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, {}));
    QVERIFY(!fresh->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, {}));
    QVERIFY(qualified->dropMimeData(data.get(), Qt::MoveAction, -1, 0, {}));

    QVERIFY(moved.wait(5000));
    QCOMPARE(moved.first().at(0).toLongLong(), m_newUnassigned);
    QCOMPARE(storedStatus(m_newUnassigned), QStringLiteral("qualified"));
    QCOMPARE(auditRows(QStringLiteral("lead.status_changed"), m_newUnassigned), 1);

    QTRY_COMPARE(board->columnTitle(LeadStatus::Qualified)->text(), expectedTitle(LeadStatus::Qualified, 2));
    QCOMPARE(board->columnTitle(LeadStatus::New)->text(), expectedTitle(LeadStatus::New, 1));
    QVERIFY(qualified->rowOfLead(m_newUnassigned) >= 0);
    QCOMPARE(fresh->rowOfLead(m_newUnassigned), -1);
}

void PipelineBoardTest::dropEventOnViewMovesCard()
{
    auto board = showBoard(m_admin.get());
    QVERIFY(QTest::qWaitForWindowExposed(board.get()));
    QTRY_VERIFY(board->columnModel(LeadStatus::New)->rowOfLead(m_newOwned) >= 0);
    QSignalSpy moved(board.get(), &PipelineBoard::leadMoved);

    // The drop lands below the cards, on the column's empty area.
    QListView *target = board->columnView(LeadStatus::Converted);
    const QPointF point(target->viewport()->width() / 2, target->viewport()->height() - 5);
    std::unique_ptr<QMimeData> data(dragData(*board, LeadStatus::New, m_newOwned));
    QVERIFY(data);

    QDragEnterEvent enter(point.toPoint(), Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(point.toPoint(), Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target->viewport(), &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(point, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    drop.setDropAction(Qt::MoveAction);
    QApplication::sendEvent(target->viewport(), &drop);
    QVERIFY(drop.isAccepted());

    QVERIFY(moved.wait(5000));
    QCOMPARE(storedStatus(m_newOwned), QStringLiteral("converted"));
    QTRY_COMPARE(board->columnTitle(LeadStatus::Converted)->text(), expectedTitle(LeadStatus::Converted, 1));
    QVERIFY(board->columnModel(LeadStatus::Converted)->rowOfLead(m_newOwned) >= 0);
}

void PipelineBoardTest::agentMovingColleaguesLeadIsRejected()
{
    auto board = showBoard(m_agent.get());
    QTRY_VERIFY(board->columnModel(LeadStatus::New)->rowOfLead(m_newUnassigned) >= 0);

    // The lead goes to a colleague behind the board's back (no change notice), so the
    // agent still sees it and drags it.
    const Status reassigned = LeadRepository(*m_database).setAssignedUser(m_newUnassigned, m_colleagueId, NowMs);
    QVERIFY2(reassigned.ok(), qPrintable(Testing::messageOf(reassigned)));
    MessageBoxes::prepareAnswer(QMessageBox::Ok);
    const int dialogsBefore = MessageBoxes::shownCount();
    QSignalSpy failed(board.get(), &PipelineBoard::moveFailed);

    board->moveLead(m_newUnassigned, LeadStatus::Qualified);
    QVERIFY(failed.wait(5000));

    QCOMPARE(MessageBoxes::shownCount(), dialogsBefore + 1);
    QVERIFY(!MessageBoxes::lastText().isEmpty());
    QVERIFY(!m_agent->isEnded());
    QCOMPARE(storedStatus(m_newUnassigned), QStringLiteral("new"));
    QCOMPARE(auditRows(QStringLiteral("lead.status_changed"), m_newUnassigned), 0);
    // The board reloads, so the card leaves Qualified; the lead is no longer the agent's to see.
    QTRY_COMPARE(board->columnModel(LeadStatus::Qualified)->rowOfLead(m_newUnassigned), -1);
    QTRY_COMPARE(board->columnTitle(LeadStatus::Qualified)->text(), expectedTitle(LeadStatus::Qualified, 1));
}

void PipelineBoardTest::deactivatedAgentMoveEndsSession()
{
    auto board = showBoard(m_agent.get());
    QTRY_VERIFY(board->columnModel(LeadStatus::New)->rowOfLead(m_newOwned) >= 0);
    const Status deactivated = Testing::setUserActive(*m_host, m_admin->actor(), QStringLiteral("beto@example.com"), false);
    QVERIFY2(deactivated.ok(), qPrintable(Testing::messageOf(deactivated)));
    const int dialogsBefore = MessageBoxes::shownCount();
    QSignalSpy failed(board.get(), &PipelineBoard::moveFailed);

    board->moveLead(m_newOwned, LeadStatus::Contacted);
    QVERIFY(failed.wait(5000));

    QVERIFY(m_agent->isEnded());
    QCOMPARE(MessageBoxes::shownCount(), dialogsBefore);
    QCOMPARE(storedStatus(m_newOwned), QStringLiteral("new"));
}

void PipelineBoardTest::campaignFilterNarrowsColumns_data()
{
    QTest::addColumn<QString>("campaign");
    QTest::addColumn<QList<int>>("counts"); // new, contacted, qualified, converted, lost

    QTest::newRow("all") << QStringLiteral("All campaigns") << QList<int>{2, 1, 1, 0, 1};
    QTest::newRow("summer") << QStringLiteral("Verano") << QList<int>{1, 1, 0, 0, 1};
    QTest::newRow("winter") << QStringLiteral("Invierno") << QList<int>{1, 0, 1, 0, 0};
}

void PipelineBoardTest::campaignFilterNarrowsColumns()
{
    QFETCH(QString, campaign);
    QFETCH(QList<int>, counts);

    auto board = showBoard(m_admin.get());
    QComboBox *filter = board->campaignFilter();
    QTRY_VERIFY(filter->findText(campaign) >= 0);
    QTRY_COMPARE(filter->count(), 3);
    filter->setCurrentIndex(filter->findText(campaign));

    const QList<LeadStatus> stages = PipelineBoard::stages();
    for (int index = 0; index < stages.size(); ++index)
        QTRY_COMPARE(board->columnTitle(stages.at(index))->text(), expectedTitle(stages.at(index), counts.at(index)));
}

void PipelineBoardTest::ownerFilterShowsUnassignedOnly()
{
    auto board = showBoard(m_admin.get());
    QComboBox *filter = board->ownerFilter();
    QVERIFY(filter->isEnabled());
    // Any owner, Unassigned and the three active users.
    QTRY_COMPARE(filter->count(), 5);
    QVERIFY(filter->findText(QStringLiteral("Carmen Asesora")) >= 0);

    filter->setCurrentIndex(filter->findText(QStringLiteral("Unassigned")));
    QTRY_COMPARE(board->columnTitle(LeadStatus::New)->text(), expectedTitle(LeadStatus::New, 1));
    QTRY_COMPARE(board->columnTitle(LeadStatus::Lost)->text(), expectedTitle(LeadStatus::Lost, 0));
    QCOMPARE(board->columnModel(LeadStatus::New)->rowOfLead(m_newUnassigned), 0);

    filter->setCurrentIndex(filter->findText(QStringLiteral("Carmen Asesora")));
    QTRY_COMPARE(board->columnTitle(LeadStatus::Lost)->text(), expectedTitle(LeadStatus::Lost, 1));
    QTRY_COMPARE(board->columnTitle(LeadStatus::New)->text(), expectedTitle(LeadStatus::New, 0));
    QCOMPARE(board->columnTitle(LeadStatus::Contacted)->text(), expectedTitle(LeadStatus::Contacted, 1));
}

void PipelineBoardTest::agentOwnerFilterIsFixed()
{
    auto board = showBoard(m_agent.get());
    QTRY_COMPARE(board->columnTitle(LeadStatus::New)->text(), expectedTitle(LeadStatus::New, 2));
    QCOMPARE(board->ownerFilter()->count(), 1);
    QCOMPARE(board->ownerFilter()->currentText(), QStringLiteral("Mine and unassigned"));
    QVERIFY(!board->ownerFilter()->isEnabled());
}

void PipelineBoardTest::changeElsewhereMovesCard()
{
    auto board = showBoard(m_admin.get());
    QTRY_VERIFY(board->columnModel(LeadStatus::Qualified)->rowOfLead(m_qualified) >= 0);

    Status changed = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    const Actor admin = m_admin->actor();
    const qint64 leadId = m_qualified;
    m_host->runOnServiceThread([&changed, admin, leadId](ServiceCore &core) {
        changed = core.setLeadStatus(admin, leadId, LeadStatus::Converted);
    });
    QVERIFY2(changed.ok(), qPrintable(Testing::messageOf(changed)));

    QTRY_VERIFY(board->columnModel(LeadStatus::Converted)->rowOfLead(m_qualified) >= 0);
    QCOMPARE(board->columnModel(LeadStatus::Qualified)->rowOfLead(m_qualified), -1);
    QTRY_COMPARE(board->columnTitle(LeadStatus::Converted)->text(), expectedTitle(LeadStatus::Converted, 1));
    QCOMPARE(board->columnTitle(LeadStatus::Qualified)->text(), expectedTitle(LeadStatus::Qualified, 0));
}

void PipelineBoardTest::columnShowsAtMost200Cards()
{
    const int extra = PipelineBoard::MaxCardsPerColumn + 5;
    Transaction transaction(*m_database);
    QVERIFY(transaction.started().ok());
    for (int index = 0; index < extra; ++index) {
        const QString phone = QStringLiteral("+5198800%1").arg(index, 4, 10, QLatin1Char('0'));
        QVERIFY(createLead(QStringLiteral("Lote %1").arg(index), phone, LeadStatus::Contacted, 0, 0) > 0);
    }
    QVERIFY(transaction.commit().ok());

    auto board = showBoard(m_admin.get());
    QTRY_COMPARE(board->columnTitle(LeadStatus::Contacted)->text(), expectedTitle(LeadStatus::Contacted, extra + 1));
    QCOMPARE(board->columnModel(LeadStatus::Contacted)->rowCount(), PipelineBoard::MaxCardsPerColumn);
    QLabel *note = board->columnNote(LeadStatus::Contacted);
    QVERIFY(!note->isHidden());
    QCOMPARE(note->text(), QStringLiteral("Showing 200 of %1").arg(extra + 1));
}

void PipelineBoardTest::columnModelsPassModelTester()
{
    auto board = showBoard(m_admin.get());
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
    for (LeadStatus status : PipelineBoard::stages()) {
        testers.push_back(std::make_unique<QAbstractItemModelTester>(
            board->columnModel(status), QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    QTRY_COMPARE(board->columnModel(LeadStatus::New)->rowCount(), 2);

    // A move takes a card out of one model and inserts it into another.
    QSignalSpy moved(board.get(), &PipelineBoard::leadMoved);
    board->moveLead(m_newUnassigned, LeadStatus::Contacted);
    QCOMPARE(board->columnModel(LeadStatus::Contacted)->rowOfLead(m_newUnassigned), 0);
    QVERIFY(moved.wait(5000));
    QTRY_COMPARE(board->columnTitle(LeadStatus::Contacted)->text(), expectedTitle(LeadStatus::Contacted, 2));
}

void PipelineBoardTest::mainWindowActionOpensOneBoard()
{
    MainWindow window(m_host.get(), m_reader.get(), m_admin.get());
    QVERIFY(window.pipelineAction());
    window.pipelineAction()->trigger();
    PipelineBoard *board = window.findChild<PipelineBoard *>();
    QVERIFY(board);
    QVERIFY(board->isVisible());
    QVERIFY(board->isWindow());
    QTRY_COMPARE(board->columnTitle(LeadStatus::New)->text(), expectedTitle(LeadStatus::New, 2));

    // A second trigger raises the same board instead of opening another.
    window.pipelineAction()->trigger();
    QCOMPARE(window.findChildren<PipelineBoard *>().size(), 1);
    QCOMPARE(window.showPipeline(), board);
}

QTEST_MAIN(PipelineBoardTest)
#include "tst_pipelineboard.moc"
