// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Accounts on the desktop against a real service on 127.0.0.1. Covered: the first-run
// dialog, the login dialog and its throttling, what each role's main window offers, and
// a deactivated user's session ending at the next action. Also the administrators' users
// and audit log dialogs. Runs offscreen, with message boxes and file dialogs behind their
// test seams.

#include "AccountsTestSupport.h"
#include "AuditLogDialog.h"
#include "ChatView.h"
#include "DesktopController.h"
#include "FakeGupshup.h"
#include "FileDialogs.h"
#include "Fixtures.h"
#include "FirstRunDialog.h"
#include "HttpTestClient.h"
#include "LeadsModel.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "Session.h"
#include "UserFormDialog.h"
#include "UsersDialog.h"
#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/AuditRepository.h"
#include "storage/Database.h"
#include "storage/UserRepository.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::HttpTestClient;
using Prospecta::Testing::ServiceHarness;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString AdminName = QStringLiteral("Ana Admin");
const QString AdminEmail = QStringLiteral("ana@example.com");
const QString AdminPassword = QStringLiteral("correct horse battery");
const QString AgentEmail = QStringLiteral("beto@example.com");
const QString AgentPassword = QStringLiteral("asesor-password-1");
const QString LeadName = QStringLiteral("Cliente Prueba");
// The fixtures' "timestamp". The service clock is set a minute later, inside the 24-hour
// window that the lead's first message opens.
constexpr qint64 FixtureTimestampMs = 1735740000000;

} // namespace

class AccountDialogsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void firstRunStatesPasswordRule();
    void firstRunRefusals_data();
    void firstRunRefusals();
    void firstRunCreatesAdmin();
    void loginWrongPasswordStaysOpen();
    void loginThrottledAfterFiveFailures();
    void mainWindowFollowsRole_data();
    void mainWindowFollowsRole();
    void deactivatedAgentSessionEndsOnSend();
    void logoutShowsLoginWithoutMessage();
    void usersDialogAddsAndRefuses();
    void auditDialogListsFiltersAndExports();

private:
    qint64 makeAdmin();
    qint64 makeUser(const QString &name, const QString &email, UserRole role, const QString &password);
    Principal principalOf(qint64 userId);
    int postWebhook(const QString &fixture);
    void fillFirstRun(FirstRunDialog &dialog, const QString &email, const QString &password, const QString &repeat);
    void logIn(LoginDialog &dialog, const QString &email, const QString &password);
    void advanceClock(qint64 ms);

    std::unique_ptr<ServiceHarness> m_harness;
    qint64 m_adminId = 0;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    HttpTestClient m_http{10000};
};

void AccountDialogsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void AccountDialogsTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());

    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());

    // Configure the installation before the service starts, as the command line would.
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));

    m_clock = std::make_shared<ManualClock>(FixtureTimestampMs + 60'000);
    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(m_clock));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));

    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();
}

void AccountDialogsTest::cleanup()
{
    m_adminId = 0;
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
}

qint64 AccountDialogsTest::makeAdmin()
{
    const auto id = Testing::createFirstAdmin(*m_host, AdminName, AdminEmail, AdminPassword);
    if (!id.ok())
        qWarning() << "Creating the administrator failed:" << id.error().message;
    m_adminId = id.valueOr(0);
    return m_adminId;
}

qint64 AccountDialogsTest::makeUser(const QString &name, const QString &email, UserRole role, const QString &password)
{
    const qint64 adminId = makeAdmin();
    const auto id = Testing::addUser(*m_host, Actor::user(adminId), name, email, role, password);
    if (!id.ok())
        qWarning() << "Adding" << email << "failed:" << id.error().message;
    return id.valueOr(0);
}

Principal AccountDialogsTest::principalOf(qint64 userId)
{
    const auto principal = Testing::resolve(*m_host, userId);
    if (!principal.ok())
        qWarning() << "Resolving user" << userId << "failed:" << principal.error().message;
    return principal.valueOr(Principal{});
}

int AccountDialogsTest::postWebhook(const QString &fixture)
{
    return m_http.request(m_host->port(), "POST", QStringLiteral("/api/webhooks/gupshup/") + WebhookToken,
                          Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/") + fixture))
        .status;
}

void AccountDialogsTest::fillFirstRun(FirstRunDialog &dialog, const QString &email, const QString &password,
                                      const QString &repeat)
{
    dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(AdminName);
    dialog.findChild<QLineEdit *>(QStringLiteral("emailEdit"))->setText(email);
    dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(password);
    dialog.findChild<QLineEdit *>(QStringLiteral("repeatPasswordEdit"))->setText(repeat);
}

void AccountDialogsTest::logIn(LoginDialog &dialog, const QString &email, const QString &password)
{
    dialog.findChild<QLineEdit *>(QStringLiteral("emailEdit"))->setText(email);
    dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(password);
    auto *loginButton = dialog.findChild<QPushButton *>(QStringLiteral("loginButton"));
    QVERIFY(loginButton->isEnabled());
    QTest::mouseClick(loginButton, Qt::LeftButton);
    QVERIFY(dialog.isBusy());
    QVERIFY(!loginButton->isEnabled());
    // A successful login may close and delete the dialog, so it is watched through a guard.
    const QPointer<LoginDialog> guard(&dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!guard || !guard->isBusy(), Testing::ServiceAnswerTimeoutMs);
}

// On the service thread, which is the clock's only reader besides this one, so the two
// never race.
void AccountDialogsTest::advanceClock(qint64 ms)
{
    ManualClock *clock = m_clock.get();
    m_host->runOnServiceThread([clock, ms](ServiceCore &) { clock->advance(ms); });
}

void AccountDialogsTest::firstRunStatesPasswordRule()
{
    FirstRunDialog dialog(m_host.get());
    const auto *rule = dialog.findChild<QLabel *>(QStringLiteral("passwordRuleLabel"));
    QVERIFY(rule);
    QCOMPARE(rule->text(), QStringLiteral("The password needs at least 10 characters."));
}

void AccountDialogsTest::firstRunRefusals_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("repeat");
    QTest::addColumn<QString>("expectedPart");

    QTest::newRow("nine characters") << AdminEmail << QStringLiteral("123456789") << QStringLiteral("123456789")
                                     << QStringLiteral("10");
    QTest::newRow("passwords differ") << AdminEmail << AdminPassword << QStringLiteral("correct horse battery!")
                                      << QStringLiteral("differ");
    QTest::newRow("invalid email") << QStringLiteral("ana.example.com") << AdminPassword << AdminPassword
                                   << QStringLiteral("not an email address");
}

void AccountDialogsTest::firstRunRefusals()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(QString, repeat);
    QFETCH(QString, expectedPart);

    FirstRunDialog dialog(m_host.get());
    dialog.show();
    fillFirstRun(dialog, email, password, repeat);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("createButton")), Qt::LeftButton);

    QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), Testing::ServiceAnswerTimeoutMs);
    QVERIFY2(dialog.errorText().contains(expectedPart), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.isBusy());
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    const auto hasUsers = Testing::awaitService<bool>(
        *m_host, [](ServiceCore &core, std::function<void(Result<bool>)> reply) { reply(core.hasUsers()); });
    QVERIFY(hasUsers.ok());
    QVERIFY(!*hasUsers);
}

void AccountDialogsTest::firstRunCreatesAdmin()
{
    FirstRunDialog dialog(m_host.get());
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    fillFirstRun(dialog, AdminEmail, AdminPassword, AdminPassword);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("createButton")), Qt::LeftButton);
    QVERIFY(dialog.isBusy());
    QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->isEnabled());

    QVERIFY(accepted.wait(Testing::ServiceAnswerTimeoutMs));
    QCOMPARE(dialog.createdEmail(), AdminEmail);
    QVERIFY(dialog.errorText().isEmpty());

    Database database;
    QVERIFY(database.open(m_harness->location(), QStringLiteral("test-check")).ok());
    const auto users = UserRepository(database).list();
    QVERIFY(users.ok());
    QCOMPARE(users->size(), 1);
    QCOMPARE(users->first().email, AdminEmail);
    QCOMPARE(users->first().name, AdminName);
    QCOMPARE(Prospecta::toString(users->first().role), Prospecta::toString(UserRole::Admin));
    QVERIFY(users->first().active);

    AuditFilter filter;
    filter.action = QString::fromLatin1(AuditAction::UserCreated);
    const auto created = AuditRepository(database).query(filter);
    QVERIFY(created.ok());
    QCOMPARE(created->size(), 1);
    QCOMPARE(created->first().targetId, AdminEmail);
}

void AccountDialogsTest::loginWrongPasswordStaysOpen()
{
    const qint64 adminId = makeAdmin();
    QVERIFY(adminId != 0);

    LoginDialog dialog(m_host.get());
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    logIn(dialog, AdminEmail, QStringLiteral("not the password"));
    QCOMPARE(dialog.errorText(), QStringLiteral("The email or the password is wrong. Check both and try again."));
    QVERIFY(dialog.isVisible());
    QCOMPARE(accepted.size(), 0);
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text().isEmpty());

    // Past the one-second wait that follows a first failure.
    advanceClock(1000);
    logIn(dialog, AdminEmail, AdminPassword);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.principal().actor.userId, adminId);
    QCOMPARE(dialog.principal().actor.kind, Actor::Kind::User);
    QCOMPARE(dialog.principal().actor.client, QStringLiteral("desktop"));
    QCOMPARE(Prospecta::toString(dialog.principal().role), Prospecta::toString(UserRole::Admin));
    QCOMPARE(dialog.principal().email, AdminEmail);

    // The email is remembered for the next start, the password is not.
    LoginDialog next(m_host.get());
    QCOMPARE(next.findChild<QLineEdit *>(QStringLiteral("emailEdit"))->text(), AdminEmail);
    QVERIFY(next.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text().isEmpty());
}

void AccountDialogsTest::loginThrottledAfterFiveFailures()
{
    QVERIFY(makeAdmin() != 0);

    LoginDialog dialog(m_host.get());
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    for (int attempt = 1; attempt <= 5; ++attempt) {
        logIn(dialog, AdminEmail, QStringLiteral("wrong password %1").arg(attempt));
        QVERIFY2(dialog.errorText().contains(QStringLiteral("wrong")), qPrintable(dialog.errorText()));
        // Past the growing waits between failures (1, 2, 4, 8 seconds), all five failures
        // within 15 minutes.
        if (attempt < 5)
            advanceClock(60'000);
    }

    // Throttled even with the right password, and the message states the wait.
    logIn(dialog, AdminEmail, AdminPassword);
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("Too many failed attempts")), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.errorText().contains(QStringLiteral("15 minute")), qPrintable(dialog.errorText()));
    QCOMPARE(accepted.size(), 0);
    QVERIFY(dialog.isVisible());

    advanceClock(15 * 60'000);
    logIn(dialog, AdminEmail, AdminPassword);
    QCOMPARE(accepted.size(), 1);
}

void AccountDialogsTest::mainWindowFollowsRole_data()
{
    QTest::addColumn<UserRole>("role");
    QTest::addColumn<QString>("statusText");
    QTest::addColumn<bool>("pauseEnabled");
    QTest::addColumn<bool>("hasAdministration");

    QTest::newRow("agent") << UserRole::Agent << QStringLiteral("Beto (Sales agent)") << false << false;
    QTest::newRow("manager") << UserRole::Manager << QStringLiteral("Beto (Manager)") << true << false;
    QTest::newRow("admin") << UserRole::Admin << QStringLiteral("Beto (Administrator)") << true << true;
}

void AccountDialogsTest::mainWindowFollowsRole()
{
    QFETCH(UserRole, role);
    QFETCH(QString, statusText);
    QFETCH(bool, pauseEnabled);
    QFETCH(bool, hasAdministration);

    const qint64 userId = makeUser(QStringLiteral("Beto"), AgentEmail, role, AgentPassword);
    QVERIFY(userId != 0);
    Session session(principalOf(userId));
    QCOMPARE(Prospecta::toString(session.role()), Prospecta::toString(role));
    MainWindow window(m_host.get(), m_reader.get(), &session);
    window.show();

    const auto *userLabel = window.findChild<QLabel *>(QStringLiteral("userLabel"));
    QVERIFY(userLabel);
    QCOMPARE(userLabel->text(), statusText);
    QCOMPARE(window.pauseAiAction()->isEnabled(), pauseEnabled);
    QCOMPARE(window.administrationMenu() != nullptr, hasAdministration);
    QCOMPARE(window.findChild<QMenu *>(QStringLiteral("administrationMenu")) != nullptr, hasAdministration);
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("usersAction")) != nullptr, hasAdministration);
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("auditLogAction")) != nullptr, hasAdministration);
    QCOMPARE(window.showUsers() != nullptr, hasAdministration);
    QCOMPARE(window.showAuditLog() != nullptr, hasAdministration);
}

void AccountDialogsTest::deactivatedAgentSessionEndsOnSend()
{
    const qint64 agentId = makeUser(QStringLiteral("Beto"), AgentEmail, UserRole::Agent, AgentPassword);
    QVERIFY(agentId != 0);
    QCOMPARE(postWebhook(QStringLiteral("message-text.json")), 200);

    DesktopController controller(m_host.get(), m_reader.get());
    QSignalSpy loginShown(&controller, &DesktopController::loginShown);
    QSignalSpy mainWindowShown(&controller, &DesktopController::mainWindowShown);
    controller.start();
    QVERIFY(loginShown.wait(Testing::ServiceAnswerTimeoutMs));
    QVERIFY(controller.loginDialog());
    logIn(*controller.loginDialog(), AgentEmail, AgentPassword);
    QTRY_COMPARE(mainWindowShown.size(), 1);
    MainWindow *window = controller.mainWindow();
    QVERIFY(window);
    QCOMPARE(controller.session()->userId(), agentId);

    // The agent sees the unassigned lead and opens its conversation.
    QTRY_COMPARE(window->leadsModel()->rowCount(), 1);
    window->leadsView()->selectRow(0);
    QTRY_VERIFY(window->chatView()->conversation().id != 0);

    const Status deactivated = Testing::setUserActive(*m_host, Actor::user(m_adminId), AgentEmail, false);
    QVERIFY2(deactivated.ok(), qPrintable(Testing::messageOf(deactivated)));

    QSignalSpy ended(controller.session(), &Session::ended);
    MessageBoxes::prepareAnswer(QMessageBox::Ok);
    window->findChild<QPlainTextEdit *>(QStringLiteral("composer"))->setPlainText(QStringLiteral("Hola, le escribo"));
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);

    QVERIFY(ended.wait(Testing::ServiceAnswerTimeoutMs));
    QCOMPARE(ended.size(), 1);
    QVERIFY2(ended.first().first().toString().contains(QStringLiteral("deactivated")),
             qPrintable(ended.first().first().toString()));
    QTRY_COMPARE(loginShown.size(), 2);
    QTRY_VERIFY(controller.mainWindow() == nullptr);
    QVERIFY(controller.loginDialog()->isVisible());
    QCOMPARE(controller.loginDialog()->findChild<QLineEdit *>(QStringLiteral("emailEdit"))->text(), AgentEmail);
    QCOMPARE(MessageBoxes::shownCount(), 1);
    QCOMPARE(MessageBoxes::lastText(), ended.first().first().toString());
    QVERIFY(m_gupshup->sentMessages().isEmpty());

    // Logging in again is refused with the reason.
    logIn(*controller.loginDialog(), AgentEmail, AgentPassword);
    QVERIFY2(controller.loginDialog()->errorText().contains(QStringLiteral("deactivated")),
             qPrintable(controller.loginDialog()->errorText()));
    QCOMPARE(mainWindowShown.size(), 1);
}

void AccountDialogsTest::logoutShowsLoginWithoutMessage()
{
    QVERIFY(makeAdmin() != 0);
    DesktopController controller(m_host.get(), m_reader.get());
    QSignalSpy loginShown(&controller, &DesktopController::loginShown);
    QSignalSpy mainWindowShown(&controller, &DesktopController::mainWindowShown);
    controller.start();
    QVERIFY(loginShown.wait(Testing::ServiceAnswerTimeoutMs));
    logIn(*controller.loginDialog(), AdminEmail, AdminPassword);
    QTRY_COMPARE(mainWindowShown.size(), 1);

    QSignalSpy ended(controller.session(), &Session::ended);
    controller.mainWindow()->logoutAction()->trigger();
    QCOMPARE(ended.size(), 1);
    QVERIFY(ended.first().first().toString().isEmpty());
    QTRY_COMPARE(loginShown.size(), 2);
    QTRY_VERIFY(controller.mainWindow() == nullptr);
    QCOMPARE(MessageBoxes::shownCount(), 0);

    // A new login builds a new main window for that user.
    logIn(*controller.loginDialog(), AdminEmail, AdminPassword);
    QTRY_COMPARE(mainWindowShown.size(), 2);
    QVERIFY(controller.mainWindow());
    QVERIFY(controller.mainWindow()->administrationMenu());
}

void AccountDialogsTest::usersDialogAddsAndRefuses()
{
    const qint64 adminId = makeAdmin();
    QVERIFY(adminId != 0);
    Session session(principalOf(adminId));
    UsersDialog dialog(m_host.get(), m_reader.get(), &session);
    dialog.show();
    QTRY_COMPARE(dialog.users().size(), 1);
    QCOMPARE(dialog.table()->rowCount(), 1);
    QCOMPARE(dialog.table()->item(0, UsersDialog::EmailColumn)->text(), AdminEmail);
    QCOMPARE(dialog.table()->item(0, UsersDialog::RoleColumn)->text(), QStringLiteral("Administrator"));

    // Add a manager through the form; the list refreshes on the service's change notice.
    QPointer<UserFormDialog> form = dialog.addUser();
    QVERIFY(form);
    QCOMPARE(form->objectName(), QStringLiteral("newUserDialog"));
    form->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Carla"));
    form->findChild<QLineEdit *>(QStringLiteral("emailEdit"))->setText(QStringLiteral("carla@example.com"));
    auto *role = form->findChild<QComboBox *>(QStringLiteral("roleCombo"));
    role->setCurrentIndex(role->findText(QStringLiteral("Manager")));
    form->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(AgentPassword);
    form->findChild<QLineEdit *>(QStringLiteral("repeatPasswordEdit"))->setText(AgentPassword);
    QSignalSpy formAccepted(form, &QDialog::accepted);
    QTest::mouseClick(form->findChild<QPushButton *>(QStringLiteral("okButton")), Qt::LeftButton);
    QVERIFY(formAccepted.wait(Testing::ServiceAnswerTimeoutMs));
    QTRY_COMPARE(dialog.users().size(), 2);
    QCOMPARE(MessageBoxes::shownCount(), 0);

    // The same email again: refused in a message box, the form stays open, nothing added.
    QTRY_VERIFY(form.isNull()); // it deletes itself once closed
    form = dialog.addUser();
    QVERIFY(form);
    form->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Carla Dos"));
    form->findChild<QLineEdit *>(QStringLiteral("emailEdit"))->setText(QStringLiteral("CARLA@example.com"));
    form->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(AgentPassword);
    form->findChild<QLineEdit *>(QStringLiteral("repeatPasswordEdit"))->setText(AgentPassword);
    MessageBoxes::prepareAnswer(QMessageBox::Ok);
    QTest::mouseClick(form->findChild<QPushButton *>(QStringLiteral("okButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(MessageBoxes::shownCount(), 1, Testing::ServiceAnswerTimeoutMs);
    QVERIFY2(MessageBoxes::lastText().contains(QStringLiteral("already exists")), qPrintable(MessageBoxes::lastText()));
    QVERIFY(form->isVisible());
    QVERIFY(!form->isBusy());
    form->reject();

    // Demoting the last active administrator is refused and changes nothing.
    MessageBoxes::prepareAnswer(QMessageBox::Ok);
    dialog.setRole(AdminEmail, UserRole::Agent);
    QTRY_COMPARE_WITH_TIMEOUT(MessageBoxes::shownCount(), 2, Testing::ServiceAnswerTimeoutMs);
    QVERIFY2(MessageBoxes::lastText().contains(QStringLiteral("last active administrator")),
             qPrintable(MessageBoxes::lastText()));
    QCOMPARE(Prospecta::toString(principalOf(adminId).role), Prospecta::toString(UserRole::Admin));
    QVERIFY(!session.isEnded());
    QCOMPARE(dialog.users().size(), 2);
}

void AccountDialogsTest::auditDialogListsFiltersAndExports()
{
    QVERIFY(makeUser(QStringLiteral("Beto"), AgentEmail, UserRole::Agent, AgentPassword) != 0);
    // A failed login adds a row of another action.
    {
        LoginDialog login(m_host.get());
        logIn(login, AgentEmail, QStringLiteral("wrong password"));
    }
    Session session(principalOf(m_adminId));
    QCOMPARE(Prospecta::toString(session.role()), Prospecta::toString(UserRole::Admin));

    AuditLogDialog dialog(m_host.get(), m_reader.get(), &session);
    QSignalSpy refreshed(&dialog, &AuditLogDialog::refreshed);
    dialog.show();
    QVERIFY(refreshed.wait(10000));
    QStringList actions;
    for (const AuditEntry &entry : dialog.entries())
        actions << entry.action;
    QCOMPARE(actions, (QStringList{QStringLiteral("login.failed"), QStringLiteral("user.created"),
                                   QStringLiteral("user.created")}));
    QCOMPARE(dialog.table()->rowCount(), 3);
    QCOMPARE(dialog.table()->item(0, AuditLogDialog::UserColumn)->text(), AgentEmail);
    QCOMPARE(dialog.table()->item(0, AuditLogDialog::ClientColumn)->text(), QStringLiteral("desktop"));
    QCOMPARE(dialog.table()->item(1, AuditLogDialog::TargetColumn)->text(), QStringLiteral("user ") + AgentEmail);
    QCOMPARE(dialog.statusText(), QStringLiteral("3 entries"));

    QVERIFY(dialog.selectAction(QStringLiteral("user.created")));
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(dialog.table()->rowCount(), 2);
    for (const AuditEntry &entry : dialog.entries())
        QCOMPARE(entry.action, QStringLiteral("user.created"));

    // Export what the filter shows.
    const QString csvPath = m_harness->filePath(QStringLiteral("audit.csv"));
    FileDialogs::preparePath(csvPath);
    QSignalSpy exported(&dialog, &AuditLogDialog::exportFinished);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("exportButton")), Qt::LeftButton);
    QVERIFY(exported.wait(10000));
    QCOMPARE(exported.first().first().toBool(), true);
    QVERIFY2(dialog.statusText().startsWith(QStringLiteral("Exported 2 entries")), qPrintable(dialog.statusText()));

    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QByteArray content = csv.readAll();
    if (content.startsWith("\xEF\xBB\xBF"))
        content.remove(0, 3);
    const QList<QByteArray> lines = content.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.first().trimmed(), QByteArrayLiteral("id,occurredAt,actorKind,actorName,client,action,targetKind,targetId,detail"));
    QVERIFY(lines.at(1).contains("user.created"));
}

QTEST_MAIN(AccountDialogsTest)
#include "tst_accountdialogs.moc"
