// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The desktop app against a real service on 127.0.0.1, logged in as its administrator.
// Gupshup webhooks go in over HTTP and come out in the leads table and the chat view. The
// composer sends through a fake Gupshup. Also the AI switch and the quit confirmation.
// Runs offscreen and makes no AI calls, because ai.enabled is false and no openai
// integration exists.

#include "AccountsTestSupport.h"
#include "AlertsBanner.h"
#include "ChatView.h"
#include "Fixtures.h"
#include "FakeGupshup.h"
#include "HttpTestClient.h"
#include "LeadsModel.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/AlertRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/SettingsRepository.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QDateTime>
#include <QTest>
#include <QTextBrowser>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::HttpTestClient;
using Prospecta::Testing::ServiceHarness;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString LeadName = QStringLiteral("Cliente Prueba");
const QString LeadPhone = QStringLiteral("+51999000111");
// The fixtures' "timestamp". The service clock is set a minute later, inside the 24-hour
// window that the lead's first message opens.
constexpr qint64 FixtureTimestampMs = 1735740000000;

QByteArray readFixture(const QString &relativePath)
{
    return Prospecta::Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/") + relativePath);
}

// The text of a v2 text-message fixture, as the service should show it.
QString fixtureText(const QString &relativePath)
{
    const QJsonObject root = QJsonDocument::fromJson(readFixture(relativePath)).object();
    return root.value(QLatin1String("payload")).toObject().value(QLatin1String("payload")).toObject()
        .value(QLatin1String("text")).toString();
}

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void webhookLeadAppearsInTableAndChat();
    void newMessageAppearsLiveInChat();
    void selectionSurvivesNewLead();
    void humanReplyRoundTripsEmoji();
    void takeOverAndGiveBack();
    void leadsModelPassesModelTester();
    void pauseAiActionStoresSetting();
    void adminSeesAndResolvesAlert();
    void searchBoxFiltersLeads();
    void quitAsksWhileServerRuns_data();
    void quitAsksWhileServerRuns();

private:
    int postWebhook(const QString &fixture);
    QString storedSetting(const QString &key);
    int rowOf(const QString &name) const;
    void selectLead(const QString &name);
    QString transcriptText() const;

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    HttpTestClient m_http{10000};
};

void MainWindowTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void MainWindowTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());

    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());

    // Configure the installation before the service starts, as the command line would.
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));

    m_host = std::make_unique<ServiceHost>(
        m_harness->serviceOptions(std::make_shared<ManualClock>(FixtureTimestampMs + 60'000)));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QVERIFY(m_host->port() != 0);

    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();

    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"),
                                                   QStringLiteral("ana@example.com"), QStringLiteral("correct horse battery"));
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    const auto admin = Testing::resolve(*m_host, *adminId);
    QVERIFY2(admin.ok(), qPrintable(Testing::messageOf(admin)));
    m_session = std::make_unique<Session>(*admin);

    bool aiEnabled = true;
    m_host->runOnServiceThread([&aiEnabled](ServiceCore &core) {
        aiEnabled = core.settings().flag(QStringLiteral("ai.enabled"));
    });
    m_window = std::make_unique<MainWindow>(m_host.get(), m_reader.get(), m_session.get());
    m_window->showAiEnabled(aiEnabled);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void MainWindowTest::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
}

int MainWindowTest::postWebhook(const QString &fixture)
{
    return m_http.request(m_host->port(), "POST", QStringLiteral("/api/webhooks/gupshup/") + WebhookToken,
                          readFixture(fixture))
        .status;
}

QString MainWindowTest::storedSetting(const QString &key)
{
    Database database;
    if (!database.open(m_harness->location(), QStringLiteral("test-check")))
        return QStringLiteral("<cannot open the database>");
    auto settings = SettingsRepository(database).load();
    return settings ? settings->text(key) : QStringLiteral("<cannot read the settings>");
}

int MainWindowTest::rowOf(const QString &name) const
{
    const QAbstractItemModel *model = m_window->leadsView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, LeadsModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

void MainWindowTest::selectLead(const QString &name)
{
    QTRY_VERIFY(rowOf(name) >= 0);
    m_window->leadsView()->selectRow(rowOf(name));
}

QString MainWindowTest::transcriptText() const
{
    const auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    return transcript ? transcript->toPlainText() : QString();
}

void MainWindowTest::webhookLeadAppearsInTableAndChat()
{
    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);

    const QAbstractItemModel *model = m_window->leadsView()->model();
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, LeadsModel::NameColumn).data().toString(), LeadName);
    QCOMPARE(model->index(0, LeadsModel::PhoneColumn).data().toString(), LeadPhone);
    QCOMPARE(model->index(0, LeadsModel::StageColumn).data().toString(), QStringLiteral("New"));
    QCOMPARE(model->index(0, LeadsModel::SourceColumn).data().toString(), QStringLiteral("WhatsApp"));
    QVERIFY(!model->index(0, LeadsModel::LastContactColumn).data().toString().isEmpty());

    selectLead(LeadName);
    const QString text = fixtureText(QStringLiteral("message-text.json"));
    QVERIFY(text.contains(QString::fromUtf8("¿tienen precios")));
    QVERIFY(text.contains(QString::fromUtf8("información")));
    QTRY_VERIFY2(transcriptText().contains(text), qPrintable(transcriptText()));
    QVERIFY(transcriptText().contains(LeadName));
}

void MainWindowTest::newMessageAppearsLiveInChat()
{
    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);
    selectLead(LeadName);
    QTRY_VERIFY(transcriptText().contains(fixtureText(QStringLiteral("message-text.json"))));

    QCOMPARE(postWebhook(QStringLiteral("message-text-reply-with-context.json")), 200);
    const QString reply = fixtureText(QStringLiteral("message-text-reply-with-context.json"));
    QVERIFY(reply.contains(QString::fromUtf8("¿Puedo pagar")));
    QTRY_VERIFY2(transcriptText().contains(reply), qPrintable(transcriptText()));
    QCOMPARE(m_window->leadsView()->model()->rowCount(), 1);
}

void MainWindowTest::selectionSurvivesNewLead()
{
    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);
    selectLead(LeadName);
    const qint64 selectedLeadId = m_window->chatView()->leadId();
    QVERIFY(selectedLeadId != 0);

    QCOMPARE(postWebhook(QStringLiteral("message-text-mexico-521.json")), 200);
    QTRY_COMPARE(m_window->leadsView()->model()->rowCount(), 2);

    const QModelIndexList selected = m_window->leadsView()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(LeadsModel::LeadIdRole).toLongLong(), selectedLeadId);
    QCOMPARE(selected.first().siblingAtColumn(LeadsModel::NameColumn).data().toString(), LeadName);
    QCOMPARE(m_window->chatView()->leadId(), selectedLeadId);
    QVERIFY(transcriptText().contains(fixtureText(QStringLiteral("message-text.json"))));
}

void MainWindowTest::humanReplyRoundTripsEmoji()
{
    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);
    selectLead(LeadName);
    QTRY_VERIFY(m_window->chatView()->conversation().id != 0);

    // A non-BMP emoji (a surrogate pair in UTF-16) and accented letters.
    const QString reply = QString::fromUtf8("Claro 😀 ¿le sirve el lunes? Información enviada.");
    auto *composer = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composer"));
    auto *sendButton = m_window->findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(composer);
    QVERIFY(sendButton);
    composer->setPlainText(reply);
    QVERIFY(sendButton->isEnabled());
    QTest::mouseClick(sendButton, Qt::LeftButton);

    QTRY_COMPARE(m_gupshup->sentMessages().size(), 1);
    QCOMPARE(m_gupshup->sentMessages().first().text, reply);
    QCOMPARE(m_gupshup->sentMessages().first().destination, QStringLiteral("51999000111"));
    QTRY_VERIFY2(transcriptText().contains(reply), qPrintable(transcriptText()));
    QTRY_VERIFY(composer->toPlainText().isEmpty());
}

void MainWindowTest::takeOverAndGiveBack()
{
    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);
    selectLead(LeadName);
    QTRY_VERIFY(m_window->chatView()->conversation().id != 0);

    auto *holdButton = m_window->findChild<QPushButton *>(QStringLiteral("holdButton"));
    QVERIFY(holdButton);
    QCOMPARE(m_window->chatView()->conversation().humanUserId, 0);
    QCOMPARE(holdButton->text(), QStringLiteral("Take over"));

    QTest::mouseClick(holdButton, Qt::LeftButton);
    QTRY_COMPARE(m_window->chatView()->conversation().humanUserId, m_session->userId());
    QTRY_COMPARE(holdButton->text(), QStringLiteral("Give back to the AI"));

    QTest::mouseClick(holdButton, Qt::LeftButton);
    QTRY_COMPARE(m_window->chatView()->conversation().humanUserId, 0);
    QTRY_COMPARE(holdButton->text(), QStringLiteral("Take over"));
}

void MainWindowTest::leadsModelPassesModelTester()
{
    LeadsModel model(m_reader.get(), m_host.get(), m_session.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy refreshed(&model, &LeadsModel::refreshed);
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(LeadsModel::ColumnCount));

    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOfLead(model.leadRow(0).lead.id), 0);

    QCOMPARE(postWebhook(QStringLiteral("message-text-reply-with-context.json")), 200);
    QCOMPARE(postWebhook(QStringLiteral("message-text-argentina-549.json")), 200);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.totalLeads(), 2);
    QCOMPARE(model.rowOfLead(-5), -1);
    QCOMPARE(model.leadRow(7).lead.id, 0);
    QCOMPARE(model.headerData(LeadsModel::PhoneColumn, Qt::Horizontal).toString(), QStringLiteral("Phone"));
}

// An alert the agents raised (here, stored directly as they store it) appears above the
// views for the administrator with what to do, and "Mark as resolved" closes it.
void MainWindowTest::adminSeesAndResolvesAlert()
{
    AlertsBanner *banner = m_window->alertsBanner();
    QVERIFY(banner);
    QTRY_VERIFY(banner->isHidden());

    qint64 alertId = 0;
    m_host->runOnServiceThread([&alertId](ServiceCore &core) {
        auto raised = AlertRepository(core.database())
                          .raiseOnce(QStringLiteral("openai.keyOrQuota"),
                                     QStringLiteral("OpenAI answered 401 invalid_api_key"), QDateTime::currentMSecsSinceEpoch());
        alertId = raised ? *raised : -1;
    });
    QVERIFY(alertId > 0);
    banner->refresh();
    QTRY_VERIFY(banner->isVisible());
    QVERIFY(banner->text().startsWith(AlertsBanner::headline(QStringLiteral("openai.keyOrQuota"))));
    QVERIFY(banner->text().contains(QStringLiteral("invalid_api_key")));

    QTest::mouseClick(banner->findChild<QPushButton *>(QStringLiteral("dismissAlert")), Qt::LeftButton);
    QTRY_VERIFY(banner->isHidden());
    qint64 open = -1;
    m_host->runOnServiceThread([&open](ServiceCore &core) {
        open = AlertRepository(core.database()).open().valueOr({}).size();
    });
    QCOMPARE(open, 0);
}

// Typing in the search box keeps the leads whose words or phone digits match.
void MainWindowTest::searchBoxFiltersLeads()
{
    m_host->runOnServiceThread([](ServiceCore &core) {
        for (const auto &[name, phone] : {std::pair{QStringLiteral("Martín Ruiz"), QStringLiteral("+525511112222")},
                                          std::pair{QStringLiteral("Lucía Díaz"), QStringLiteral("+51999333444")}}) {
            Lead lead;
            lead.name = name;
            lead.phone = phone;
            lead.phoneKey = phone;
            QVERIFY(LeadRepository(core.database()).create(lead, QDateTime::currentMSecsSinceEpoch()).ok());
        }
    });
    m_window->leadsModel()->refresh();
    QTRY_COMPARE(m_window->leadsView()->model()->rowCount(), 2);

    QTest::keyClicks(m_window->searchEdit(), QStringLiteral("martin"));
    QTRY_COMPARE(m_window->leadsView()->model()->rowCount(), 1);
    QCOMPARE(m_window->leadsModel()->leadRow(0).lead.name, QStringLiteral("Martín Ruiz"));

    m_window->searchEdit()->setText(QStringLiteral("9993 334"));
    QTRY_COMPARE(m_window->leadsModel()->leadRow(0).lead.name, QStringLiteral("Lucía Díaz"));
    QCOMPARE(m_window->leadsView()->model()->rowCount(), 1);

    m_window->searchEdit()->clear();
    QTRY_COMPARE(m_window->leadsView()->model()->rowCount(), 2);
}

void MainWindowTest::pauseAiActionStoresSetting()
{
    QAction *pauseAi = m_window->pauseAiAction();
    auto *pausedLabel = m_window->findChild<QLabel *>(QStringLiteral("aiPausedLabel"));
    QVERIFY(pausedLabel);
    QCOMPARE(storedSetting(QStringLiteral("ai.enabled")), QStringLiteral("false"));
    QVERIFY(pauseAi->isChecked());
    QVERIFY(!pausedLabel->isHidden());

    pauseAi->trigger();
    QTRY_COMPARE(storedSetting(QStringLiteral("ai.enabled")), QStringLiteral("true"));
    QTRY_VERIFY(pauseAi->isEnabled());
    QVERIFY(!pauseAi->isChecked());
    QVERIFY(pausedLabel->isHidden());

    pauseAi->trigger();
    QTRY_COMPARE(storedSetting(QStringLiteral("ai.enabled")), QStringLiteral("false"));
    QTRY_VERIFY(pauseAi->isEnabled());
    QVERIFY(pauseAi->isChecked());
    QVERIFY(!pausedLabel->isHidden());
}

void MainWindowTest::quitAsksWhileServerRuns_data()
{
    QTest::addColumn<bool>("byClosingWindow");
    QTest::addColumn<QMessageBox::StandardButton>("answer");
    QTest::addColumn<bool>("quits");

    QTest::newRow("quit action, yes") << false << QMessageBox::Yes << true;
    QTest::newRow("quit action, no") << false << QMessageBox::No << false;
    QTest::newRow("close window, yes") << true << QMessageBox::Yes << true;
    QTest::newRow("close window, no") << true << QMessageBox::No << false;
}

void MainWindowTest::quitAsksWhileServerRuns()
{
    QFETCH(bool, byClosingWindow);
    QFETCH(QMessageBox::StandardButton, answer);
    QFETCH(bool, quits);
    if (byClosingWindow && QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("With a system tray, closing the window hides it instead of asking.");

    QSignalSpy quitRequested(m_window.get(), &MainWindow::quitRequested);
    MessageBoxes::prepareAnswer(answer);
    if (byClosingWindow)
        m_window->close();
    else
        m_window->findChild<QAction *>(QStringLiteral("quitAction"))->trigger();

    QCOMPARE(MessageBoxes::shownCount(), 1);
    QCOMPARE(MessageBoxes::lastText(),
             QStringLiteral("The webhook server stops and leads get no answers until you start Prospecta again."));
    QCOMPARE(quitRequested.size(), quits ? 1 : 0);
    if (!quits)
        QVERIFY(m_window->isVisible());
}

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
