// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Team mode on one desktop: the leads and inbox views of one process follow what
// another process writes, through PostgreSQL notifications and not by polling, and they
// recover after the PostgreSQL server restarts under them.
//
// notificationRefreshesModels runs on PROSPECTA_TEST_PG_URL. The shared test server must
// never be restarted, so the restart cases start a PostgreSQL cluster of their own with
// initdb and pg_ctl in a temporary folder. PostgreSQL refuses to run as root, so under
// root its programs run as the postgres user. Each part is skipped when what it needs
// is missing, and fails instead when PROSPECTA_REQUIRE_PG=1.

#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "InboxModel.h"
#include "LeadsModel.h"
#include "Session.h"
#include "core/Clock.h"
#include "operations/LeadService.h"
#include "runtime/ChangeListener.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <optional>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

const QString GupshupKey = QStringLiteral("gs_restart_apikey_0123456789");
const QString WebhookToken = QStringLiteral("test-token-0123456789");
// The sender of the Gupshup text-message fixture, as Prospecta stores it.
const QString FixturePhone = QStringLiteral("+51999000111");
const QString FixtureName = QStringLiteral("Cliente Prueba");

// How long a view may take to show another process's change once its notice arrived.
constexpr int CatchUpMs = 1000;

bool requirePostgres()
{
    return qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1");
}

QString errorText(const Status &status)
{
    return status.ok() ? QString() : status.error().message;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

// A PostgreSQL cluster that only this suite uses, so it may stop and restart it. Its
// superuser is "postgres" with trust authentication on 127.0.0.1.
class OwnCluster
{
public:
    ~OwnCluster() { stop(); }

    // Finds the server programs and a way to run them. Returns why not, or an empty text.
    QString locate()
    {
        m_binDir = serverBinDir();
        if (m_binDir.isEmpty())
            return QStringLiteral("no PostgreSQL server programs (initdb, pg_ctl): `pg_config --bindir` failed and "
                                  "/usr/lib/postgresql/*/bin has none");
        if (runningAsRoot()) {
            if (QStandardPaths::findExecutable(QStringLiteral("runuser")).isEmpty())
                return QStringLiteral("running as root, and PostgreSQL refuses root, but runuser is missing");
            QProcess id;
            id.start(QStringLiteral("id"), {QStringLiteral("-u"), QStringLiteral("postgres")});
            if (!id.waitForFinished(5000) || id.exitCode() != 0)
                return QStringLiteral("running as root, and PostgreSQL refuses root, but there is no postgres user");
            m_asPostgres = true;
        }
        return {};
    }

    // Creates the cluster in a temporary folder and starts it on a free port. Returns the
    // error text, or an empty text.
    QString start()
    {
        m_root = std::make_unique<QTemporaryDir>();
        if (!m_root->isValid())
            return QStringLiteral("cannot create a temporary folder");
        if (m_asPostgres) {
            // The postgres user must own the folder to create the data folder and the
            // socket in it.
            QProcess chown;
            chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_root->path()});
            if (!chown.waitForFinished(5000) || chown.exitCode() != 0)
                return QStringLiteral("chown postgres %1 failed").arg(m_root->path());
        }
        const auto initdb = run(QStringLiteral("initdb"),
                                {QStringLiteral("-D"), dataDir(), QStringLiteral("--auth=trust"),
                                 QStringLiteral("--username=postgres"), QStringLiteral("--encoding=UTF8"),
                                 QStringLiteral("--locale=C.UTF-8")},
                                60000);
        if (!initdb.isEmpty())
            return initdb;
        // A port taken between the probe and the start makes the start fail: try another.
        QString failure;
        for (int attempt = 0; attempt < 5; ++attempt) {
            m_port = freePort();
            failure = pgCtl({QStringLiteral("start"), QStringLiteral("-o"), serverOptions()});
            if (failure.isEmpty()) {
                m_running = true;
                return {};
            }
            if (!serverLog().contains(QLatin1String("could not bind")))
                break;
        }
        return failure + QStringLiteral("\n") + serverLog();
    }

    // Restarts the server with `pg_ctl restart -m fast`, which closes every connection.
    // The server accepts connections again when this returns the empty text.
    QString restart() { return pgCtl({QStringLiteral("restart"), QStringLiteral("-m"), QStringLiteral("fast")}); }

    QString stopServer()
    {
        const QString failure = pgCtl({QStringLiteral("stop"), QStringLiteral("-m"), QStringLiteral("fast")});
        if (failure.isEmpty())
            m_running = false;
        return failure;
    }

    QString startServer()
    {
        const QString failure = pgCtl({QStringLiteral("start"), QStringLiteral("-o"), serverOptions()});
        if (failure.isEmpty())
            m_running = true;
        return failure;
    }

    void stop()
    {
        if (m_running)
            (void)pgCtl({QStringLiteral("stop"), QStringLiteral("-m"), QStringLiteral("immediate")});
        m_running = false;
        m_root.reset();
    }

    bool isRunning() const { return m_running; }

    DatabaseLocation location(const QString &databaseName) const
    {
        auto parsed = DatabaseLocation::parse(
            QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(databaseName));
        return parsed ? *parsed : DatabaseLocation{};
    }

    QString serverLog() const
    {
        QFile file(m_root ? m_root->filePath(QStringLiteral("server.log")) : QString());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private:
    static QString serverBinDir()
    {
        QStringList candidates;
        QProcess config;
        config.start(QStringLiteral("pg_config"), {QStringLiteral("--bindir")});
        if (config.waitForFinished(5000) && config.exitCode() == 0)
            candidates << QString::fromLocal8Bit(config.readAllStandardOutput()).trimmed();
        // Debian's pg_config may come from libpq-dev without the server: then the server's
        // own folders, newest version first.
        QDir versions(QStringLiteral("/usr/lib/postgresql"));
        QStringList found = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(found.begin(), found.end(), [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
        for (const QString &version : std::as_const(found))
            candidates << versions.filePath(version + QStringLiteral("/bin"));
        for (const QString &directory : std::as_const(candidates)) {
            if (!QStandardPaths::findExecutable(QStringLiteral("initdb"), {directory}).isEmpty()
                && !QStandardPaths::findExecutable(QStringLiteral("pg_ctl"), {directory}).isEmpty())
                return directory;
        }
        return {};
    }

    QString dataDir() const { return m_root->filePath(QStringLiteral("data")); }

    QString serverOptions() const
    {
        // fsync off: the cluster is deleted at the end, so durability buys nothing here.
        return QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off -c full_page_writes=off")
            .arg(m_port)
            .arg(m_root->path());
    }

    QString pgCtl(QStringList arguments)
    {
        arguments = QStringList{QStringLiteral("-D"), dataDir(), QStringLiteral("-l"),
                                m_root->filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                                QStringLiteral("-t"), QStringLiteral("30")}
            + arguments;
        return run(QStringLiteral("pg_ctl"), arguments, 40000);
    }

    // Runs one server program, as the postgres user when the test runs as root. Returns
    // the error text, or an empty text.
    QString run(const QString &program, const QStringList &arguments, int timeoutMs)
    {
        const QString path = QDir(m_binDir).filePath(program);
        QProcess process;
        process.setWorkingDirectory(m_root->path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        if (m_asPostgres)
            process.start(QStringLiteral("runuser"),
                          QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), path}
                              + arguments);
        else
            process.start(path, arguments);
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished(5000);
            return QStringLiteral("%1 %2 did not finish in time").arg(program, arguments.join(QLatin1Char(' ')));
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            return QStringLiteral("%1 %2 failed: %3")
                .arg(program, arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAll()));
        return {};
    }

    QString m_binDir;
    bool m_asPostgres = false;
    std::unique_ptr<QTemporaryDir> m_root;
    quint16 m_port = 0;
    bool m_running = false;
};

// One desktop: a keyless service (no webhook server, no workers), its reader thread and
// the two views, each wrapped in a QAbstractItemModelTester.
struct Desktop
{
    std::unique_ptr<ServiceHost> host;
    std::unique_ptr<SnapshotReader> reader;
    std::unique_ptr<Session> session;
    std::unique_ptr<LeadsModel> leads;
    std::unique_ptr<InboxModel> inbox;
    std::unique_ptr<QAbstractItemModelTester> leadsTester;
    std::unique_ptr<QAbstractItemModelTester> inboxTester;

    ~Desktop()
    {
        // The views go before the reader and the host they listen to.
        inboxTester.reset();
        leadsTester.reset();
        inbox.reset();
        leads.reset();
        reader.reset();
        if (host)
            host->stop();
    }
};

// The row of the lead with `phone` in `model`, or -1. Reading each row's data, as a
// view does, makes the model request pages it has not loaded yet.
int rowWithPhone(const LeadsModel &model, const QString &phone)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        (void)model.data(model.index(row, LeadsModel::NameColumn));
        if (model.leadRow(row).lead.phone == phone)
            return row;
    }
    return -1;
}

// The row of lead `leadId` in `model`, or -1, loading pages as rowWithPhone() does.
int rowOfLead(const LeadsModel &model, qint64 leadId)
{
    for (int row = 0; row < model.rowCount(); ++row)
        (void)model.data(model.index(row, LeadsModel::NameColumn));
    return model.rowOfLead(leadId);
}

} // namespace

class TeamRestartTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void notificationRefreshesModels();
    void restartedServerRefreshesModels();
    void writeWhileServerDownSavesNothing();

private:
    // Creates database `name` on `admin`'s server, migrated, with an administrator
    // (m_adminId) and the installation's key pair (m_keyPath, m_publicKey). m_setup is
    // left open on it.
    void prepareDatabase(Database &admin, const DatabaseLocation &location, const QString &name);
    // Starts a keyless desktop on `location` and waits until its views showed their first
    // snapshot.
    void startDesktop(const DatabaseLocation &location);
    // Waits until `count` change listeners are subscribed on database `name`.
    bool waitForListeners(Database &database, const QString &name, int count, int timeoutMs);
    // Stores a lead with one inbound message, as the inbox processor does, but announces
    // nothing. Returns the lead's id, or 0 after a warning naming what failed.
    qint64 insertLeadWithMessage(const Database &database, const QString &name, const QString &phone,
                                 const QString &text);

    // Shared server (PROSPECTA_TEST_PG_URL).
    QString m_sharedUrl;
    std::unique_ptr<Database> m_sharedAdmin;
    QString m_sharedName;

    // The suite's own cluster.
    OwnCluster m_cluster;
    QString m_clusterProblem;
    int m_databaseCount = 0;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_setup;
    std::unique_ptr<Desktop> m_desktop;
    std::unique_ptr<QProcess> m_worker;
    std::unique_ptr<QTemporaryDir> m_workerHome;
    QByteArray m_workerLog;
    qint64 m_adminId = 0;
    QString m_keyPath;
    QByteArray m_publicKey;
    SystemClock m_clock;
};

void TeamRestartTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo::exists(QStringLiteral(PROSPECTA_EXECUTABLE)), PROSPECTA_EXECUTABLE);

    m_sharedUrl = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (m_sharedUrl.isEmpty() && requirePostgres())
        QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
    if (!m_sharedUrl.isEmpty()) {
        auto location = DatabaseLocation::parse(m_sharedUrl);
        QVERIFY(location);
        m_sharedAdmin = std::make_unique<Database>();
        const Status opened = m_sharedAdmin->open(*location, QStringLiteral("tst_teamrestart_admin"));
        QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
        // A database of its own, since suites run in parallel and reset their schemas.
        m_sharedName = QStringLiteral("teamrestart_%1").arg(QCoreApplication::applicationPid());
    }

    m_clusterProblem = m_cluster.locate();
    if (m_clusterProblem.isEmpty())
        m_clusterProblem = m_cluster.start();
    if (!m_clusterProblem.isEmpty() && requirePostgres())
        QFAIL(qPrintable(QStringLiteral("PROSPECTA_REQUIRE_PG=1 but the suite's own PostgreSQL cluster did not "
                                        "start: %1")
                             .arg(m_clusterProblem)));
}

void TeamRestartTest::cleanup()
{
    if (m_worker && m_worker->state() != QProcess::NotRunning) {
        m_worker->terminate();
        if (!m_worker->waitForFinished(10000)) {
            m_worker->kill();
            m_worker->waitForFinished(5000);
        }
    }
    if (QTest::currentTestFailed()) {
        if (!m_workerLog.isEmpty())
            qWarning().noquote() << "--- prospecta --headless ---\n" << QString::fromUtf8(m_workerLog);
        if (m_cluster.isRunning())
            qWarning().noquote() << "--- PostgreSQL server log ---\n" << m_cluster.serverLog().right(4000);
    }
    m_worker.reset();
    m_workerHome.reset();
    m_workerLog.clear();
    m_desktop.reset();
    m_setup.reset();
    m_dir.reset();
}

void TeamRestartTest::cleanupTestCase()
{
    if (m_sharedAdmin && !m_sharedName.isEmpty())
        QVERIFY(m_sharedAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_sharedName)).ok());
    m_sharedAdmin.reset();
    m_cluster.stop();
}

void TeamRestartTest::prepareDatabase(Database &admin, const DatabaseLocation &location, const QString &name)
{
    QVERIFY(admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name)).ok());
    QVERIFY(admin.exec(QStringLiteral("CREATE DATABASE %1").arg(name)).ok());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    m_setup = std::make_unique<Database>();
    const Status opened = m_setup->open(location, QStringLiteral("tst_teamrestart_setup"));
    QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
    const Status migrated = Migrations::apply(*m_setup, m_clock.nowMs());
    QVERIFY2(migrated.ok(), qPrintable(errorText(migrated)));

    User user;
    user.email = QStringLiteral("valeria@example.com");
    user.name = QStringLiteral("Valeria Ríos");
    user.role = UserRole::Admin;
    // The hash is never checked: the desktop's session is made here, without a login.
    auto id = UserRepository(*m_setup).insert(user, QStringLiteral("not-a-hash"), m_clock.nowMs());
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
    m_adminId = *id;

    // The installation's key pair, made as the first desktop of the team would. The
    // private key stays in the test's folder, away from the keyless desktop.
    m_keyPath = m_dir->filePath(QStringLiteral("installation.key"));
    auto publicKey = InstallationKeys::ensurePublicKey(*m_setup, m_keyPath);
    QVERIFY2(publicKey.ok(), qPrintable(publicKey.ok() ? QString() : publicKey.error().message));
    m_publicKey = *publicKey;
}

void TeamRestartTest::startDesktop(const DatabaseLocation &location)
{
    m_desktop = std::make_unique<Desktop>();
    ServiceOptions options;
    options.database = location;
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    // No private key here: this desktop runs neither the webhook server nor the workers,
    // so every row it shows was written by someone else.
    options.privateKeyPath = m_dir->filePath(QStringLiteral("not-on-this-desktop.key"));
    options.mediaFolder = m_dir->filePath(QStringLiteral("media"));
    m_desktop->host = std::make_unique<ServiceHost>(options);
    const Status started = m_desktop->host->start();
    QVERIFY2(started.ok(), qPrintable(errorText(started)));
    QCOMPARE(m_desktop->host->port(), quint16(0));

    m_desktop->reader = std::make_unique<SnapshotReader>(location);
    m_desktop->reader->start();
    Principal principal;
    principal.actor = Actor::user(m_adminId);
    principal.role = UserRole::Admin;
    principal.name = QStringLiteral("Valeria Ríos");
    principal.email = QStringLiteral("valeria@example.com");
    m_desktop->session = std::make_unique<Session>(principal);

    m_desktop->leads = std::make_unique<LeadsModel>(m_desktop->reader.get(), m_desktop->host.get(),
                                                    m_desktop->session.get());
    QSignalSpy leadsShown(m_desktop->leads.get(), &LeadsModel::refreshed);
    m_desktop->inbox = std::make_unique<InboxModel>(m_desktop->reader.get(), m_desktop->host.get(),
                                                    m_desktop->session.get());
    m_desktop->leadsTester = std::make_unique<QAbstractItemModelTester>(
        m_desktop->leads.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_desktop->inboxTester = std::make_unique<QAbstractItemModelTester>(
        m_desktop->inbox.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(!leadsShown.isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_desktop->inbox->hasSnapshot(), 10000);
}

bool TeamRestartTest::waitForListeners(Database &database, const QString &name, int count, int timeoutMs)
{
    // A listener is subscribed once its connection has run its LISTEN (then heartbeats).
    return QTest::qWaitFor(
        [&] {
            auto listening = database.scalar(
                QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ? "
                               "AND (query ILIKE 'LISTEN%' OR query = 'SELECT 1')"),
                {name, ChangeListener::applicationName()});
            return listening && listening->toInt() == count;
        },
        timeoutMs);
}

qint64 TeamRestartTest::insertLeadWithMessage(const Database &database, const QString &name, const QString &phone,
                                              const QString &text)
{
    LeadInput input;
    input.name = name;
    input.phone = phone;
    input.source = LeadSource::WhatsApp;
    auto lead = LeadService(database, m_clock, QStringLiteral("PE")).create(Actor::commandLine(), input);
    if (!lead) {
        qWarning() << "creating the lead failed:" << lead.error().message;
        return 0;
    }
    Conversation conversation;
    conversation.leadId = lead->id;
    conversation.providerAddress = phone.mid(1);
    auto conversationId = ConversationRepository(database).create(conversation, m_clock.nowMs());
    if (!conversationId) {
        qWarning() << "creating the conversation failed:" << conversationId.error().message;
        return 0;
    }
    Message message;
    message.conversationId = *conversationId;
    message.sender = SenderKind::Lead;
    message.content = text;
    message.createdMs = m_clock.nowMs();
    auto messageId = MessageRepository(database).insert(message);
    if (!messageId) {
        qWarning() << "storing the message failed:" << messageId.error().message;
        return 0;
    }
    if (auto recorded = ConversationRepository(database).recordMessage(*conversationId, message.createdMs, true,
                                                                       message.createdMs);
        !recorded) {
        qWarning() << "recording the message failed:" << recorded.error().message;
        return 0;
    }
    return lead->id;
}

// A `prospecta --headless` process stores a lead's WhatsApp message, and this desktop's
// leads and inbox views show it within a second of its notice, although this desktop
// wrote nothing. A row written without a notice stays unseen: the views do not poll.
void TeamRestartTest::notificationRefreshesModels()
{
    if (!m_sharedAdmin)
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    auto location = DatabaseLocation::parse(m_sharedUrl);
    QVERIFY(location);
    location->databaseName = m_sharedName;
    prepareDatabase(*m_sharedAdmin, *location, m_sharedName);
    if (QTest::currentTestFailed())
        return;

    // The worker's integrations, sealed to the installation's public key as an admin's
    // desktop would. The AI is off, so the lead's message only gets stored.
    FakeGupshup gupshup;
    gupshup.setExpectedApiKey(GupshupKey.toUtf8());
    QVERIFY(gupshup.start());
    const Status saved = IntegrationRepository(*m_setup).save(
        Provider::Gupshup,
        {{QStringLiteral("apiKey"), GupshupKey},
         {QStringLiteral("appName"), QStringLiteral("CrmVentasDemo")},
         {QStringLiteral("source"), QStringLiteral("51940000999")},
         {QStringLiteral("baseUrl"), gupshup.baseUrl().toString()},
         {QStringLiteral("webhookToken"), WebhookToken}},
        m_publicKey, m_clock.nowMs());
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));
    auto aiOff = SettingsRepository(*m_setup).set(QStringLiteral("ai.enabled"), QStringLiteral("false"), m_clock.nowMs());
    QVERIFY(aiOff.ok());

    startDesktop(*location);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(waitForListeners(*m_setup, m_sharedName, 1, 10000), "the desktop's listener did not subscribe");
    QCOMPARE(m_desktop->leads->rowCount(), 0);
    QCOMPARE(m_desktop->inbox->rowCount(), 0);

    // The second process, with the private key in its own configuration folder.
    m_workerHome = std::make_unique<QTemporaryDir>();
    QVERIFY(m_workerHome->isValid());
    const QString home = m_workerHome->path();
    const QString configDir = home + QStringLiteral("/.config/Prospecta/Prospecta");
    QVERIFY(QDir().mkpath(configDir));
    QVERIFY(QFile::copy(m_keyPath, configDir + QStringLiteral("/installation.key")));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *variable : {"QT_QPA_PLATFORM", "PROSPECTA_DATABASE", "XDG_RUNTIME_DIR"})
        environment.remove(QString::fromLatin1(variable));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    const quint16 workerPort = freePort();
    QVERIFY(workerPort > 0);
    m_worker = std::make_unique<QProcess>();
    m_worker->setProcessEnvironment(environment);
    m_worker->setWorkingDirectory(home);
    m_worker->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_worker.get(), &QProcess::readyReadStandardOutput, m_worker.get(),
            [this] { m_workerLog += m_worker->readAllStandardOutput(); });
    QString workerUrl = m_sharedUrl;
    workerUrl.replace(QRegularExpression(QStringLiteral("/[^/?]+(\\?|$)")), QStringLiteral("/%1\\1").arg(m_sharedName));
    m_worker->start(QStringLiteral(PROSPECTA_EXECUTABLE),
                    {QStringLiteral("--headless"), QStringLiteral("--database"), workerUrl, QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:%1").arg(workerPort)});
    QVERIFY(m_worker->waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(m_workerLog.contains("headless, webhook server on")
                                 || m_worker->state() == QProcess::NotRunning,
                             20000);
    QVERIFY2(m_worker->state() == QProcess::Running, m_workerLog.constData());

    // When the first notices of the new rows reach the desktop.
    QElapsedTimer clock;
    clock.start();
    qint64 firstLeadNoticeMs = -1;
    qint64 firstMessageNoticeMs = -1;
    QSignalSpy notices(m_desktop->host.get(), &ServiceHost::changed);
    // The context ends with this function, and with it the lambda's references to locals.
    QObject noticeContext;
    connect(m_desktop->host.get(), &ServiceHost::changed, &noticeContext, [&](const QString &table, qint64) {
        if (table == QLatin1String("leads") && firstLeadNoticeMs < 0)
            firstLeadNoticeMs = clock.elapsed();
        if (table == QLatin1String("messages") && firstMessageNoticeMs < 0)
            firstMessageNoticeMs = clock.elapsed();
    });

    HttpTestClient http(10000);
    const HttpResponse answer =
        http.request(workerPort, "POST", QStringLiteral("/api/webhooks/gupshup/%1").arg(WebhookToken),
                     fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json")));
    QCOMPARE(answer.status, 200);

    // Measured when the views are seen to change, so each time is an upper bound.
    QTRY_VERIFY_WITH_TIMEOUT(rowWithPhone(*m_desktop->leads, FixturePhone) >= 0, 10000);
    const qint64 leadShownMs = clock.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(m_desktop->inbox->rowCount(), 1, 10000);
    const qint64 messageShownMs = clock.elapsed();
    QVERIFY2(firstLeadNoticeMs >= 0, "the leads view changed, but no notice about leads arrived");
    QVERIFY2(leadShownMs - firstLeadNoticeMs <= CatchUpMs,
             qPrintable(QStringLiteral("the leads view took %1 ms after the notice").arg(leadShownMs - firstLeadNoticeMs)));
    QVERIFY2(firstMessageNoticeMs >= 0, "the inbox changed, but no notice about messages arrived");
    QVERIFY2(messageShownMs - firstMessageNoticeMs <= CatchUpMs,
             qPrintable(QStringLiteral("the inbox took %1 ms after the notice").arg(messageShownMs - firstMessageNoticeMs)));

    const LeadRow shownLead = m_desktop->leads->leadRow(rowWithPhone(*m_desktop->leads, FixturePhone));
    QCOMPARE(shownLead.lead.name, FixtureName);
    QCOMPARE(Prospecta::toString(shownLead.lead.source), QStringLiteral("whatsapp"));
    const InboxEntry entry = m_desktop->inbox->entry(0);
    QCOMPARE(entry.leadId, shownLead.lead.id);
    QCOMPARE(Prospecta::toString(entry.lastSender), QStringLiteral("lead"));
    QVERIFY2(entry.lastContent.startsWith(QStringLiteral("Hola, quisiera información")), qPrintable(entry.lastContent));
    QCOMPARE(entry.unreadCount, 1);
    bool namedTheLead = false;
    for (const auto &notice : std::as_const(notices)) {
        if (notice.at(0).toString() == QLatin1String("leads") && notice.at(1).toLongLong() == shownLead.lead.id)
            namedTheLead = true;
    }
    QVERIFY2(namedTheLead, "no notice named the new lead");

    // Late notices of the webhook's processing would refresh the views, so the check
    // below starts once none came for half a second.
    for (int quietChecks = 0; quietChecks < 10 && notices.wait(500); ++quietChecks)
        notices.clear();
    notices.clear();

    // A lead stored by a connection that announces nothing is not shown...
    QSignalSpy refreshed(m_desktop->leads.get(), &LeadsModel::refreshed);
    const qint64 silentLead = insertLeadWithMessage(*m_setup, QStringLiteral("Rosa Quispe"),
                                                    QStringLiteral("+51987654321"), QStringLiteral("¿Siguen abiertos?"));
    QVERIFY(silentLead > 0);
    QVERIFY2(!refreshed.wait(1500), "the leads view refreshed without a notice");
    QCOMPARE(notices.count(), 0);
    QCOMPARE(m_desktop->leads->rowCount(), 1);
    QCOMPARE(rowOfLead(*m_desktop->leads, silentLead), -1);
    // ...until a notice names it.
    QVERIFY(m_setup->exec(QStringLiteral("SELECT pg_notify(?, ?)"),
                          {ChangeListener::channel(), QStringLiteral("leads:%1").arg(silentLead)})
                .ok());
    QTRY_VERIFY_WITH_TIMEOUT(rowOfLead(*m_desktop->leads, silentLead) >= 0, CatchUpMs);
    QCOMPARE(m_desktop->leads->rowCount(), 2);
}

// The PostgreSQL server restarts under a running desktop. Right after it is back, before
// the desktop's listener subscribes again, a colleague writes a lead and its message;
// that notice is lost. The desktop reports offline, then online, refreshes every view
// fully and so shows those rows, and its own writes work again.
void TeamRestartTest::restartedServerRefreshesModels()
{
    if (!m_clusterProblem.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no PostgreSQL cluster of the suite's own: %1").arg(m_clusterProblem)));
    const QString name = QStringLiteral("restart_%1").arg(++m_databaseCount);
    const DatabaseLocation location = m_cluster.location(name);
    {
        Database admin;
        const Status opened = admin.open(m_cluster.location(QStringLiteral("postgres")), QStringLiteral("tst_teamrestart_own"));
        QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
        prepareDatabase(admin, location, name);
        if (QTest::currentTestFailed())
            return;
    }
    const qint64 earlierLead = insertLeadWithMessage(*m_setup, QStringLiteral("Jorge Salas"),
                                                     QStringLiteral("+51912345678"), QStringLiteral("Buenas tardes"));
    QVERIFY(earlierLead > 0);
    startDesktop(location);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_desktop->leads->rowCount(), 1);
    QCOMPARE(m_desktop->inbox->rowCount(), 1);
    QVERIFY2(waitForListeners(*m_setup, name, 1, 10000), "the desktop's listener did not subscribe");

    // The listener probes its connection every 5 s. Restarting right after a probe leaves
    // about 5 s between the server's return and the probe that notices the loss, so the
    // colleague's rows below are written while the listener is still gone.
    auto probeStart = [&] {
        auto started = m_setup->scalar(
            QStringLiteral("SELECT query_start FROM pg_stat_activity WHERE datname = ? AND application_name = ?"),
            {name, ChangeListener::applicationName()});
        return started ? started->toDateTime() : QDateTime();
    };
    const QDateTime before = probeStart();
    QVERIFY(before.isValid());
    QTRY_VERIFY_WITH_TIMEOUT(probeStart() != before, 7000);

    QSignalSpy online(m_desktop->host.get(), &ServiceHost::sharedDatabaseOnline);
    QSignalSpy notices(m_desktop->host.get(), &ServiceHost::changed);
    m_setup.reset();
    const QString restarted = m_cluster.restart();
    QVERIFY2(restarted.isEmpty(), qPrintable(restarted));

    Database colleague;
    const Status opened = colleague.open(location, QStringLiteral("tst_teamrestart_colleague"));
    QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
    const qint64 outageLead = insertLeadWithMessage(colleague, QStringLiteral("Ana Torres"), QStringLiteral("+51955501234"),
                                                    QStringLiteral("¿Tienen envío a Arequipa?"));
    QVERIFY(outageLead > 0);
    // A colleague's desktop announces its change, but this desktop's listener is not connected yet.
    QVERIFY(colleague.exec(QStringLiteral("SELECT pg_notify(?, ?)"),
                           {ChangeListener::channel(), QStringLiteral("leads:%1").arg(outageLead)})
                .ok());
    auto listeners = colleague.scalar(
        QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?"),
        {name, ChangeListener::applicationName()});
    QVERIFY(listeners.ok());
    QVERIFY2(listeners->toInt() == 0, "the listener subscribed again before the rows were written");

    // Meanwhile the views keep what they showed.
    QCOMPARE(m_desktop->leads->rowCount(), 1);
    QCOMPARE(m_desktop->inbox->rowCount(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(online.size() >= 2, 15000);
    QCOMPARE(online.at(0).at(0).toBool(), false);
    QCOMPARE(online.last().at(0).toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(rowOfLead(*m_desktop->leads, outageLead) >= 0, CatchUpMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_desktop->inbox->rowOfLead(outageLead) >= 0, CatchUpMs);
    QCOMPARE(m_desktop->leads->rowCount(), 2);
    QCOMPARE(m_desktop->inbox->rowCount(), 2);
    QCOMPARE(m_desktop->inbox->entry(m_desktop->inbox->rowOfLead(outageLead)).lastContent,
             QStringLiteral("¿Tienen envío a Arequipa?"));
    // The rows came from the full refresh: the lost notice never arrived.
    bool refreshAll = false;
    for (const auto &notice : std::as_const(notices)) {
        QVERIFY2(!(notice.at(0).toString() == QLatin1String("leads") && notice.at(1).toLongLong() == outageLead),
                 "the notice sent during the outage arrived");
        refreshAll = refreshAll || notice.at(0).toString() == QLatin1String("*");
    }
    QVERIFY(refreshAll);

    // The service's own writer works again, and its change reaches the views.
    Status moved = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    m_desktop->host->runOnServiceThread([&moved, earlierLead](ServiceCore &core) {
        moved = core.setLeadStatus(Actor::commandLine(), earlierLead, LeadStatus::Contacted);
    });
    QVERIFY2(moved.ok(), qPrintable(errorText(moved)));
    auto status = colleague.scalar(QStringLiteral("SELECT status FROM leads WHERE id = ?"), {earlierLead});
    QVERIFY(status.ok());
    QCOMPARE(status->toString(), QStringLiteral("contacted"));
    QTRY_COMPARE_WITH_TIMEOUT(
        Prospecta::toString(m_desktop->leads->leadRow(rowOfLead(*m_desktop->leads, earlierLead)).lead.status),
        QStringLiteral("contacted"), CatchUpMs);
}

// While the server is down, a write through the service fails as unavailable, reports that
// nothing was saved, and changes nothing. Once the server is back the same write succeeds.
void TeamRestartTest::writeWhileServerDownSavesNothing()
{
    if (!m_clusterProblem.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no PostgreSQL cluster of the suite's own: %1").arg(m_clusterProblem)));
    const QString name = QStringLiteral("restart_%1").arg(++m_databaseCount);
    const DatabaseLocation location = m_cluster.location(name);
    {
        Database admin;
        const Status opened = admin.open(m_cluster.location(QStringLiteral("postgres")), QStringLiteral("tst_teamrestart_own"));
        QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
        prepareDatabase(admin, location, name);
        if (QTest::currentTestFailed())
            return;
    }
    const qint64 lead = insertLeadWithMessage(*m_setup, QStringLiteral("Jorge Salas"), QStringLiteral("+51912345678"),
                                              QStringLiteral("Buenas tardes"));
    QVERIFY(lead > 0);
    auto audited = m_setup->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
    QVERIFY(audited.ok());
    const qint64 auditBefore = audited->toLongLong();
    startDesktop(location);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(waitForListeners(*m_setup, name, 1, 10000), "the desktop's listener did not subscribe");
    m_setup.reset();

    QSignalSpy online(m_desktop->host.get(), &ServiceHost::sharedDatabaseOnline);
    const QString stopped = m_cluster.stopServer();
    QVERIFY2(stopped.isEmpty(), qPrintable(stopped));

    Status moved;
    m_desktop->host->runOnServiceThread([&moved, lead](ServiceCore &core) {
        moved = core.setLeadStatus(Actor::commandLine(), lead, LeadStatus::Contacted);
    });
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().kind, ErrorKind::Unavailable);
    QVERIFY2(moved.error().message.contains(QLatin1String("nothing was saved")), qPrintable(moved.error().message));
    QTRY_VERIFY_WITH_TIMEOUT(!online.isEmpty(), 10000);
    QCOMPARE(online.at(0).at(0).toBool(), false);
    // The views keep what they showed.
    QCOMPARE(m_desktop->leads->rowCount(), 1);
    QCOMPARE(Prospecta::toString(m_desktop->leads->leadRow(rowOfLead(*m_desktop->leads, lead)).lead.status),
             QStringLiteral("new"));

    const QString started = m_cluster.startServer();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Database check;
    const Status opened = check.open(location, QStringLiteral("tst_teamrestart_check"));
    QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
    auto status = check.scalar(QStringLiteral("SELECT status FROM leads WHERE id = ?"), {lead});
    QVERIFY(status.ok());
    QCOMPARE(status->toString(), QStringLiteral("new"));
    audited = check.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
    QVERIFY(audited.ok());
    QCOMPARE(audited->toLongLong(), auditBefore);

    QTRY_VERIFY_WITH_TIMEOUT(online.size() >= 2, 15000);
    QCOMPARE(online.last().at(0).toBool(), true);
    m_desktop->host->runOnServiceThread([&moved, lead](ServiceCore &core) {
        moved = core.setLeadStatus(Actor::commandLine(), lead, LeadStatus::Contacted);
    });
    QVERIFY2(moved.ok(), qPrintable(errorText(moved)));
    status = check.scalar(QStringLiteral("SELECT status FROM leads WHERE id = ?"), {lead});
    QVERIFY(status.ok());
    QCOMPARE(status->toString(), QStringLiteral("contacted"));
    QTRY_COMPARE_WITH_TIMEOUT(Prospecta::toString(m_desktop->leads->leadRow(rowOfLead(*m_desktop->leads, lead)).lead.status),
                              QStringLiteral("contacted"), CatchUpMs);
}

QTEST_MAIN(TeamRestartTest)
#include "tst_teamrestart.moc"
