// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The administrators' Webhooks dialog against a real service on 127.0.0.1. Covered: who
// may open it, the URL each Copy button fetches (audited, and put on the clipboard), and
// the time of the last authenticated webhook. Also the warning for webhooks that arrive
// for another host than server.publicUrl, and the refusals of Copy for a deactivated or
// demoted administrator. Runs offscreen, with message boxes behind their test seam.

#include "AccountsTestSupport.h"
#include "DisplayNames.h"
#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "Session.h"
#include "WebhooksDialog.h"
#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/AuditRepository.h"
#include "storage/Database.h"
#include "storage/SettingsRepository.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::ServiceHarness;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString PublicUrl = QStringLiteral("https://crm.example.com");
const QString ForeignHost = QStringLiteral("other.trycloudflare.com");
const QString AdminName = QStringLiteral("Ana Admin");
const QString AdminEmail = QStringLiteral("ana@example.com");
const QString AdminPassword = QStringLiteral("correct horse battery");
const QString UserEmail = QStringLiteral("beto@example.com");
const QString UserPassword = QStringLiteral("asesor-password-1");
// The fixtures' "timestamp". The service clock is set a minute later, so the webhook's
// message is recent.
constexpr qint64 FixtureTimestampMs = 1735740000000;
constexpr qint64 ServiceClockMs = FixtureTimestampMs + 60'000;
// How long a test waits for a host-mismatch signal that must not come.
constexpr int NoSignalWaitMs = 500;

// The dialog's row of each provider, in the order the dialog lists them.
constexpr int GupshupRow = 0;
constexpr int TwilioRow = 1;
constexpr int MetaRow = 2;

} // namespace

class WebhooksDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void webhooksActionFollowsRole_data();
    void webhooksActionFollowsRole();
    void listsProvidersBeforeAnyWebhook();
    void copyShowsAuditsAndCopiesUrl_data();
    void copyShowsAuditsAndCopiesUrl();
    void lastWebhookShownAfterPost();
    void foreignHostShowsWarning_data();
    void foreignHostShowsWarning();
    void expectedHostShowsNoWarning_data();
    void expectedHostShowsNoWarning();
    void deactivatedAdminSessionEndsOnCopy();
    void demotedAdminCopyShowsMessage();

private:
    QString startService(const QString &publicUrl);
    qint64 makeAdmin();
    qint64 makeUser(const QString &email, UserRole role);
    Principal principalOf(qint64 userId);
    int postWebhook(const QByteArray &headerLines);
    QList<AuditEntry> webhookUrlAudits(const QString &provider);

    std::unique_ptr<ServiceHarness> m_harness;
    qint64 m_adminId = 0;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
};

void WebhooksDialogTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void WebhooksDialogTest::init()
{
    MessageBoxes::clearPreparedAnswers();
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
}

void WebhooksDialogTest::cleanup()
{
    m_adminId = 0;
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
}

// Configures Gupshup with a known webhook token and `publicUrl` (empty for none) the way
// the command line would, then starts the service and the reader. Returns the error, empty
// on success. Twilio and Meta stay unconfigured.
QString WebhooksDialogTest::startService(const QString &publicUrl)
{
    // With the AI off, the webhook's message reaches no model and sends nothing.
    QMap<QString, QString> settings;
    if (!publicUrl.isEmpty())
        settings.insert(QStringLiteral("server.publicUrl"), publicUrl);
    if (const Status prepared =
            m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs, settings);
        !prepared)
        return Testing::messageOf(prepared);

    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(std::make_shared<ManualClock>(ServiceClockMs)));
    if (const Status started = m_host->start(); !started)
        return Testing::messageOf(started);
    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();
    return {};
}

qint64 WebhooksDialogTest::makeAdmin()
{
    if (m_adminId != 0)
        return m_adminId;
    const auto id = Testing::createFirstAdmin(*m_host, AdminName, AdminEmail, AdminPassword);
    if (!id.ok())
        qWarning() << "Creating the administrator failed:" << id.error().message;
    m_adminId = id.valueOr(0);
    return m_adminId;
}

// A second user, added by the first administrator.
qint64 WebhooksDialogTest::makeUser(const QString &email, UserRole role)
{
    const qint64 adminId = makeAdmin();
    const auto id = Testing::addUser(*m_host, Actor::user(adminId), QStringLiteral("Beto"), email, role, UserPassword);
    if (!id.ok())
        qWarning() << "Adding" << email << "failed:" << id.error().message;
    return id.valueOr(0);
}

Principal WebhooksDialogTest::principalOf(qint64 userId)
{
    const auto principal = Testing::resolve(*m_host, userId);
    if (!principal.ok())
        qWarning() << "Resolving user" << userId << "failed:" << principal.error().message;
    return principal.valueOr(Principal{});
}

// POSTs the Gupshup text-message fixture to the running service on a connection of its
// own, with `headerLines` (each ending in CRLF) as the only Host-related headers, so the
// test decides exactly which host the request names. Returns the HTTP status, or -1 when
// no response arrived within 10 seconds.
int WebhooksDialogTest::postWebhook(const QByteArray &headerLines)
{
    const QByteArray body = Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    const QByteArray request = "POST /api/webhooks/gupshup/" + WebhookToken.toLatin1() + " HTTP/1.1\r\n" + headerLines
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
    return Testing::rawRequest(m_host->port(), request, 10000).status;
}

// The audit rows that record a webhook URL shown for `provider`, by anyone. An empty list
// when the audit log cannot be read, with a warning.
QList<AuditEntry> WebhooksDialogTest::webhookUrlAudits(const QString &provider)
{
    Database database;
    if (const Status opened = database.open(m_harness->location(), QStringLiteral("test-check")); !opened) {
        qWarning() << "Opening the database failed:" << Testing::messageOf(opened);
        return {};
    }
    AuditFilter filter;
    filter.action = QString::fromLatin1(AuditAction::WebhookUrlShown);
    const auto entries = AuditRepository(database).query(filter);
    if (!entries.ok()) {
        qWarning() << "Reading the audit log failed:" << entries.error().message;
        return {};
    }
    QList<AuditEntry> matching;
    for (const AuditEntry &entry : *entries) {
        if (entry.targetId == provider)
            matching << entry;
    }
    return matching;
}

void WebhooksDialogTest::webhooksActionFollowsRole_data()
{
    QTest::addColumn<UserRole>("role");
    QTest::addColumn<bool>("hasWebhooks");

    QTest::newRow("admin") << UserRole::Admin << true;
    QTest::newRow("manager") << UserRole::Manager << false;
    QTest::newRow("agent") << UserRole::Agent << false;
}

void WebhooksDialogTest::webhooksActionFollowsRole()
{
    QFETCH(UserRole, role);
    QFETCH(bool, hasWebhooks);

    const QString started = startService(PublicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const qint64 userId = role == UserRole::Admin ? makeAdmin() : makeUser(UserEmail, role);
    QVERIFY(userId != 0);
    Session session(principalOf(userId));
    QCOMPARE(Prospecta::toString(session.role()), Prospecta::toString(role));
    MainWindow window(m_host.get(), m_reader.get(), &session);
    window.show();

    const auto *action = window.findChild<QAction *>(QStringLiteral("webhooksAction"));
    QCOMPARE(action != nullptr, hasWebhooks);
    if (action)
        QVERIFY(action->isEnabled());

    WebhooksDialog *dialog = window.showWebhooks();
    QCOMPARE(dialog != nullptr, hasWebhooks);
    if (dialog) {
        QCOMPARE(dialog->objectName(), QStringLiteral("webhooksDialog"));
        QVERIFY(dialog->isVisible());
    }
}

void WebhooksDialogTest::listsProvidersBeforeAnyWebhook()
{
    const QString started = startService(PublicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Session session(principalOf(makeAdmin()));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    QSignalSpy refreshed(&dialog, &WebhooksDialog::refreshed);
    dialog.show();
    QVERIFY(refreshed.wait(10000));

    const QTableWidget *table = dialog.table();
    QCOMPARE(table->rowCount(), 3);
    QVERIFY2(table->item(GupshupRow, WebhooksDialog::ProviderColumn)->text().startsWith(QStringLiteral("Gupshup")),
             qPrintable(table->item(GupshupRow, WebhooksDialog::ProviderColumn)->text()));
    QCOMPARE(table->item(TwilioRow, WebhooksDialog::ProviderColumn)->text(), QStringLiteral("Twilio"));
    QVERIFY2(table->item(MetaRow, WebhooksDialog::ProviderColumn)->text().startsWith(QStringLiteral("Meta")),
             qPrintable(table->item(MetaRow, WebhooksDialog::ProviderColumn)->text()));

    // Gupshup is configured but has had no webhook, and the other two are not configured.
    QCOMPARE(table->item(GupshupRow, WebhooksDialog::LastWebhookColumn)->text(), WebhooksDialog::tr("Never"));
    QCOMPARE(table->item(TwilioRow, WebhooksDialog::LastWebhookColumn)->text(), WebhooksDialog::tr("Not configured"));
    QCOMPARE(table->item(MetaRow, WebhooksDialog::LastWebhookColumn)->text(), WebhooksDialog::tr("Not configured"));

    // No URL is fetched (or audited) until a Copy button is pressed.
    for (int row = 0; row < table->rowCount(); ++row)
        QCOMPARE(table->item(row, WebhooksDialog::UrlColumn)->text(), WebhooksDialog::tr("Press Copy to show it"));
    QVERIFY(webhookUrlAudits(QStringLiteral("gupshup")).isEmpty());
    QVERIFY(dialog.warningText().isEmpty());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("hostWarning"))->isHidden());
}

void WebhooksDialogTest::copyShowsAuditsAndCopiesUrl_data()
{
    QTest::addColumn<QString>("publicUrl");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("path");

    const QString gupshupPath = QStringLiteral("/api/webhooks/gupshup/") + WebhookToken;
    QTest::newRow("gupshup, public URL") << PublicUrl << QStringLiteral("gupshup") << GupshupRow << gupshupPath;
    QTest::newRow("gupshup, public URL with slash")
        << PublicUrl + QLatin1Char('/') << QStringLiteral("gupshup") << GupshupRow << gupshupPath;
    QTest::newRow("gupshup, local") << QString() << QStringLiteral("gupshup") << GupshupRow << gupshupPath;
    QTest::newRow("twilio, public URL") << PublicUrl << QStringLiteral("twilio") << TwilioRow
                                        << QStringLiteral("/api/webhooks/twilio/call");
    QTest::newRow("meta, local") << QString() << QStringLiteral("meta") << MetaRow << QStringLiteral("/api/webhooks/meta");
}

void WebhooksDialogTest::copyShowsAuditsAndCopiesUrl()
{
    QFETCH(QString, publicUrl);
    QFETCH(QString, provider);
    QFETCH(int, row);
    QFETCH(QString, path);

    const QString started = startService(publicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    // Without server.publicUrl the URL is the local one, on the port the service chose.
    const QString base = publicUrl.isEmpty() ? QStringLiteral("http://127.0.0.1:%1").arg(m_host->port()) : PublicUrl;
    const QString expectedUrl = base + path;

    Session session(principalOf(makeAdmin()));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    dialog.show();
    QClipboard *clipboard = QGuiApplication::clipboard();
    QVERIFY(clipboard);
    clipboard->setText(QStringLiteral("clipboard before the test"));

    QSignalSpy copied(&dialog, &WebhooksDialog::urlCopied);
    auto *copyButton = dialog.findChild<QPushButton *>(QStringLiteral("copy_") + provider);
    QVERIFY(copyButton);
    QTest::mouseClick(copyButton, Qt::LeftButton);
    QVERIFY(copied.wait(10000));

    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.first().at(1).toString(), expectedUrl);
    QCOMPARE(dialog.table()->item(row, WebhooksDialog::UrlColumn)->text(), expectedUrl);
    // The offscreen platform of Qt 6.4 keeps the clipboard inside the process, which is enough here.
    QCOMPARE(clipboard->text(), expectedUrl);
    QCOMPARE(MessageBoxes::shownCount(), 0);
    const QList<AuditEntry> audits = webhookUrlAudits(provider);
    QCOMPARE(audits.size(), 1);
    QCOMPARE(audits.first().actorName, AdminEmail);
    QCOMPARE(audits.first().client, QStringLiteral("desktop"));
    QCOMPARE(audits.first().targetKind, QStringLiteral("integration"));
}

void WebhooksDialogTest::lastWebhookShownAfterPost()
{
    const QString started = startService(QString());
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Session session(principalOf(makeAdmin()));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    QSignalSpy refreshed(&dialog, &WebhooksDialog::refreshed);
    dialog.show();
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(dialog.table()->item(GupshupRow, WebhooksDialog::LastWebhookColumn)->text(), WebhooksDialog::tr("Never"));

    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(m_host->port()) + "\r\n";
    QCOMPARE(postWebhook(host), 200);

    refreshed.clear();
    dialog.refresh();
    QVERIFY(refreshed.wait(10000));
    // The service clock does not advance, so the webhook's time is known to the millisecond.
    const QString expected = DisplayNames::dateTime(ServiceClockMs);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(dialog.table()->item(GupshupRow, WebhooksDialog::LastWebhookColumn)->text(), expected);
    QCOMPARE(dialog.table()->item(TwilioRow, WebhooksDialog::LastWebhookColumn)->text(),
             WebhooksDialog::tr("Not configured"));
    QVERIFY(dialog.warningText().isEmpty());
}

void WebhooksDialogTest::foreignHostShowsWarning_data()
{
    QTest::addColumn<QByteArray>("headerLines");

    QTest::newRow("Host header") << QByteArray("Host: other.trycloudflare.com\r\n");
    // A tunnel or proxy that forwards to 127.0.0.1 names the public host in X-Forwarded-Host.
    QTest::newRow("X-Forwarded-Host")
        << QByteArray("Host: 127.0.0.1\r\nX-Forwarded-Host: other.trycloudflare.com:443\r\n");
}

void WebhooksDialogTest::foreignHostShowsWarning()
{
    QFETCH(QByteArray, headerLines);

    const QString started = startService(PublicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Session session(principalOf(makeAdmin()));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    dialog.show();
    const auto *warning = dialog.findChild<QLabel *>(QStringLiteral("hostWarning"));
    QVERIFY(warning);
    QVERIFY(!warning->isVisible());

    QSignalSpy mismatches(m_host.get(), &ServiceHost::webhookHostMismatch);
    QCOMPARE(postWebhook(headerLines), 200);
    // The signal may already have arrived while the test waited for the response.
    QTRY_COMPARE_WITH_TIMEOUT(mismatches.size(), 1, 10000);
    QCOMPARE(mismatches.first().at(0).toString(), ForeignHost);
    QCOMPARE(mismatches.first().at(1).toString(), QStringLiteral("crm.example.com"));

    QVERIFY(warning->isVisible());
    QVERIFY2(dialog.warningText().contains(ForeignHost), qPrintable(dialog.warningText()));
    QVERIFY2(dialog.warningText().contains(QStringLiteral("crm.example.com")), qPrintable(dialog.warningText()));

    // A dialog opened after the event shows the same warning, from the host's memory of it.
    QCOMPARE(m_host->lastHostMismatch().first, ForeignHost);
    WebhooksDialog later(m_host.get(), m_reader.get(), &session);
    later.show();
    const auto *laterWarning = later.findChild<QLabel *>(QStringLiteral("hostWarning"));
    QVERIFY(laterWarning->isVisible());
    QCOMPARE(later.warningText(), dialog.warningText());

    // Setting the tunnel's new address as the public URL clears the stale warning.
    QSignalSpy cleared(m_host.get(), &ServiceHost::webhookHostMismatch);
    m_host->runOnServiceThread([](ServiceCore &core) {
        auto stored = SettingsRepository(core.database())
                          .set(QStringLiteral("server.publicUrl"), QStringLiteral("https://") + ForeignHost, FixtureTimestampMs + 60000);
        QVERIFY(stored.ok());
        core.reloadConfiguration();
    });
    QTRY_COMPARE_WITH_TIMEOUT(cleared.size(), 1, 10000);
    QVERIFY(cleared.first().at(0).toString().isEmpty());
    QVERIFY(m_host->lastHostMismatch().first.isEmpty());
    QVERIFY(!warning->isVisible());
    QVERIFY(!laterWarning->isVisible());
}

void WebhooksDialogTest::expectedHostShowsNoWarning_data()
{
    QTest::addColumn<QByteArray>("hostName");

    QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1");
    QTest::newRow("localhost") << QByteArray("localhost");
    QTest::newRow("the public host") << QByteArray("crm.example.com");
    QTest::newRow("the public host in capitals") << QByteArray("CRM.Example.COM");
}

void WebhooksDialogTest::expectedHostShowsNoWarning()
{
    QFETCH(QByteArray, hostName);

    const QString started = startService(PublicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Session session(principalOf(makeAdmin()));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    dialog.show();

    QSignalSpy mismatches(m_host.get(), &ServiceHost::webhookHostMismatch);
    const QByteArray headerLines = "Host: " + hostName + ':' + QByteArray::number(m_host->port()) + "\r\n";
    QCOMPARE(postWebhook(headerLines), 200);
    QVERIFY(!mismatches.wait(NoSignalWaitMs));
    QVERIFY(mismatches.isEmpty());

    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("hostWarning"))->isHidden());
    QVERIFY(dialog.warningText().isEmpty());
    QVERIFY(m_host->lastHostMismatch().first.isEmpty());
    WebhooksDialog later(m_host.get(), m_reader.get(), &session);
    QVERIFY(later.warningText().isEmpty());
}

void WebhooksDialogTest::deactivatedAdminSessionEndsOnCopy()
{
    const QString started = startService(PublicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    // The last active administrator cannot be deactivated, so the session is a second one's.
    const qint64 secondAdminId = makeUser(UserEmail, UserRole::Admin);
    QVERIFY(secondAdminId != 0);
    Session session(principalOf(secondAdminId));
    QCOMPARE(Prospecta::toString(session.role()), Prospecta::toString(UserRole::Admin));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    QSignalSpy refreshed(&dialog, &WebhooksDialog::refreshed);
    dialog.show();
    QVERIFY(refreshed.wait(10000));

    const Status deactivated = Testing::setUserActive(*m_host, Actor::user(m_adminId), UserEmail, false);
    QVERIFY2(deactivated.ok(), qPrintable(Testing::messageOf(deactivated)));

    QClipboard *clipboard = QGuiApplication::clipboard();
    const QString clipboardBefore = QStringLiteral("clipboard before the test");
    clipboard->setText(clipboardBefore);
    QSignalSpy ended(&session, &Session::ended);
    QSignalSpy copied(&dialog, &WebhooksDialog::urlCopied);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("copy_gupshup")), Qt::LeftButton);

    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.size(), 1);
    QVERIFY2(ended.first().first().toString().contains(QStringLiteral("deactivated")),
             qPrintable(ended.first().first().toString()));
    QVERIFY(session.isEnded());
    QCOMPARE(copied.size(), 0);
    QCOMPARE(dialog.table()->item(GupshupRow, WebhooksDialog::UrlColumn)->text(),
             WebhooksDialog::tr("Press Copy to show it"));
    QCOMPARE(clipboard->text(), clipboardBefore);
    // DesktopController reports the ended session to the user, so this dialog shows no message box.
    QCOMPARE(MessageBoxes::shownCount(), 0);
    QVERIFY(webhookUrlAudits(QStringLiteral("gupshup")).isEmpty());
}

void WebhooksDialogTest::demotedAdminCopyShowsMessage()
{
    const QString started = startService(PublicUrl);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const qint64 secondAdminId = makeUser(UserEmail, UserRole::Admin);
    QVERIFY(secondAdminId != 0);
    Session session(principalOf(secondAdminId));
    WebhooksDialog dialog(m_host.get(), m_reader.get(), &session);
    dialog.show();

    const Actor admin = Actor::user(m_adminId);
    const QString email = UserEmail;
    const auto demoted = Testing::awaitService<bool>(
        *m_host, [admin, email](ServiceCore &core, std::function<void(Result<bool>)> reply) {
            const Status status = core.setUserRole(admin, email, UserRole::Agent);
            reply(status.ok() ? Result<bool>(true) : Result<bool>(status.error()));
        });
    QVERIFY2(demoted.ok(), qPrintable(Testing::messageOf(demoted)));

    // The core rejects the request as Forbidden, so the session continues and a message box
    // shows the reason.
    QSignalSpy ended(&session, &Session::ended);
    MessageBoxes::prepareAnswer(QMessageBox::Ok);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("copy_gupshup")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(MessageBoxes::shownCount(), 1, 10000);
    QVERIFY2(MessageBoxes::lastText().contains(QStringLiteral("does not allow")), qPrintable(MessageBoxes::lastText()));
    QCOMPARE(ended.size(), 0);
    QVERIFY(!session.isEnded());
    QCOMPARE(dialog.table()->item(GupshupRow, WebhooksDialog::UrlColumn)->text(),
             WebhooksDialog::tr("Press Copy to show it"));
    QVERIFY(webhookUrlAudits(QStringLiteral("gupshup")).isEmpty());
}

QTEST_MAIN(WebhooksDialogTest)
#include "tst_webhooksdialog.moc"
