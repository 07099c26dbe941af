// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Team mode on PostgreSQL: several processes run the webhook server and the workers on
// one database, and each inbound event, AI turn and outgoing message is handled once.
// Real `prospecta --headless` processes talk to fake Gupshup and OpenAI servers on
// 127.0.0.1; concurrent people are threads with their own connections. Needs
// PROSPECTA_TEST_PG_URL and is skipped without it unless PROSPECTA_REQUIRE_PG=1.

#include "FakeGupshup.h"
#include "FakeOpenAi.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "core/Clock.h"
#include "operations/LeadDesk.h"
#include "operations/LeadService.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <thread>
#include <vector>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

const QString OpenAiKey = QStringLiteral("sk-proj-team-test-key-1234");
const QString GupshupKey = QStringLiteral("gs_team_apikey_0123456789");
const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString AppName = QStringLiteral("CrmVentasDemo");
const QString BusinessNumber = QStringLiteral("51940000999");

// The WhatsApp id of test lead `index`: a valid Peruvian mobile number without the "+".
QString leadPhone(int index)
{
    return QStringLiteral("51999000%1").arg(100 + index);
}

QString leadText(int lead, int part)
{
    return QStringLiteral("lead %1 pregunta %2").arg(lead).arg(part);
}

// A Gupshup v2 text message from lead `lead`, stamped now so it is inside the 24-hour window.
QByteArray textMessage(int lead, int part)
{
    QJsonObject root = QJsonDocument::fromJson(fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"))).object();
    root.insert(QStringLiteral("timestamp"), QDateTime::currentMSecsSinceEpoch());
    QJsonObject payload = root.value(QLatin1String("payload")).toObject();
    payload.insert(QStringLiteral("id"), QStringLiteral("wamid.team-%1-%2").arg(lead).arg(part));
    payload.insert(QStringLiteral("source"), leadPhone(lead));
    payload.insert(QStringLiteral("payload"), QJsonObject{{QStringLiteral("text"), leadText(lead, part)}});
    QJsonObject sender = payload.value(QLatin1String("sender")).toObject();
    sender.insert(QStringLiteral("phone"), leadPhone(lead));
    payload.insert(QStringLiteral("sender"), sender);
    root.insert(QStringLiteral("payload"), payload);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString errorText(const Status &status)
{
    return status.ok() ? QString() : status.error().message;
}

// A `prospecta --headless` process with a home of its own.
struct WorkerProcess
{
    std::unique_ptr<QTemporaryDir> home;
    std::unique_ptr<QProcess> process;
    QByteArray log;
    quint16 port = 0;

    bool ready() const { return log.contains("headless, webhook server on"); }
};

} // namespace

class TeamWorkersTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void burstToTwoProcessesAnsweredOnce();
    void killedTurnIsRecovered();
    void killedSendIsRecovered();
    void concurrentAssignmentHasOneOwner();
    void concurrentTakeOverHasOneHolder();
    void keylessDesktopLeavesSendsToWorkers();

private:
    bool hasPostgres() const { return m_admin != nullptr; }
    void configure();
    void setSetting(const QString &key, const QString &value);
    // Starts a worker process on a free port and waits until it serves webhooks.
    WorkerProcess *startWorker();
    void stopWorkers();
    HttpResponse postWebhook(const WorkerProcess &worker, const QByteArray &body);
    QString workerLogs() const;
    qint64 scalar(const QString &sql, const QVariantList &values = {});
    // Waits until `count` sessions of the test database wait for a row lock.
    bool waitForLockWaiters(int count);
    qint64 addUser(const QString &email, const QString &name, UserRole role);

    QString m_url;
    QString m_name;
    QString m_targetUrl;
    DatabaseLocation m_location;
    std::unique_ptr<Database> m_admin;
    std::unique_ptr<Database> m_check;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_keyPath;
    std::unique_ptr<FakeOpenAi> m_openAi;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::vector<std::unique_ptr<WorkerProcess>> m_workers;
    SystemClock m_clock;
};

void TeamWorkersTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo::exists(QStringLiteral(PROSPECTA_EXECUTABLE)), PROSPECTA_EXECUTABLE);
    m_url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (m_url.isEmpty()) {
        if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
            QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
        return;
    }
    auto location = DatabaseLocation::parse(m_url);
    QVERIFY(location);
    m_admin = std::make_unique<Database>();
    QVERIFY(m_admin->open(*location, QStringLiteral("tst_teamworkers_admin")).ok());
    // A database of its own, since suites run in parallel and reset their schemas.
    m_name = QStringLiteral("teamworkers_%1").arg(QCoreApplication::applicationPid());
    m_location = *location;
    m_location.databaseName = m_name;
    m_targetUrl = m_url;
    m_targetUrl.replace(QRegularExpression(QStringLiteral("/[^/?]+(\\?|$)")), QStringLiteral("/%1\\1").arg(m_name));
}

void TeamWorkersTest::init()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    QVERIFY(m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)).ok());
    QVERIFY(m_admin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_name)).ok());

    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_keyPath = m_dir->filePath(QStringLiteral("installation.key"));
    m_openAi = std::make_unique<FakeOpenAi>(QStringLiteral(PROSPECTA_FIXTURES_DIR));
    QVERIFY(m_openAi->start());
    m_gupshup = std::make_unique<FakeGupshup>();
    m_gupshup->setExpectedApiKey(GupshupKey.toUtf8());
    QVERIFY(m_gupshup->start());

    m_check = std::make_unique<Database>();
    QVERIFY(m_check->open(m_location, QStringLiteral("tst_teamworkers_check")).ok());
    QVERIFY(Migrations::apply(*m_check, m_clock.nowMs()).ok());
    configure();
}

void TeamWorkersTest::configure()
{
    // As an admin's desktop would: secrets sealed to the installation's public key.
    auto publicKey = InstallationKeys::ensurePublicKey(*m_check, m_keyPath);
    QVERIFY2(publicKey.ok(), qPrintable(publicKey.ok() ? QString() : publicKey.error().message));
    IntegrationRepository integrations(*m_check);
    Status saved = integrations.save(Provider::Gupshup,
                                     {{QStringLiteral("apiKey"), GupshupKey},
                                      {QStringLiteral("appName"), AppName},
                                      {QStringLiteral("source"), BusinessNumber},
                                      {QStringLiteral("baseUrl"), m_gupshup->baseUrl().toString()},
                                      {QStringLiteral("webhookToken"), WebhookToken}},
                                     *publicKey, m_clock.nowMs());
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));
    saved = integrations.save(Provider::OpenAi,
                              {{QStringLiteral("apiKey"), OpenAiKey},
                               {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                               {QStringLiteral("baseUrl"), m_openAi->baseUrl().toString()}},
                              *publicKey, m_clock.nowMs());
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));
    setSetting(QStringLiteral("ai.burstWindowMs"), QStringLiteral("0"));
}

void TeamWorkersTest::setSetting(const QString &key, const QString &value)
{
    auto stored = SettingsRepository(*m_check).set(key, value, m_clock.nowMs());
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error().message));
}

void TeamWorkersTest::cleanup()
{
    stopWorkers();
    m_check.reset();
    m_gupshup.reset();
    m_openAi.reset();
    m_dir.reset();
}

void TeamWorkersTest::cleanupTestCase()
{
    if (m_admin && !m_name.isEmpty())
        QVERIFY(m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)).ok());
    m_admin.reset();
}

WorkerProcess *TeamWorkersTest::startWorker()
{
    auto worker = std::make_unique<WorkerProcess>();
    worker->home = std::make_unique<QTemporaryDir>();
    if (!worker->home->isValid())
        return nullptr;
    const QString home = worker->home->path();
    // Every worker needs the installation's private key to open the integrations' secrets.
    const QString configDir = home + QStringLiteral("/.config/Prospecta/Prospecta");
    QDir().mkpath(configDir);
    const QString keyCopy = configDir + QStringLiteral("/installation.key");
    if (!QFile::copy(m_keyPath, keyCopy))
        return nullptr;
    QFile::setPermissions(keyCopy, QFile::ReadOwner | QFile::WriteOwner);

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "PROSPECTA_DATABASE", "XDG_RUNTIME_DIR"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));

    worker->port = freePort();
    worker->process = std::make_unique<QProcess>();
    worker->process->setProcessEnvironment(environment);
    worker->process->setWorkingDirectory(home);
    worker->process->setProcessChannelMode(QProcess::MergedChannels);
    WorkerProcess *raw = worker.get();
    connect(worker->process.get(), &QProcess::readyReadStandardOutput, worker->process.get(),
            [raw] { raw->log += raw->process->readAllStandardOutput(); });
    worker->process->start(QStringLiteral(PROSPECTA_EXECUTABLE),
                           {QStringLiteral("--headless"), QStringLiteral("--database"), m_targetUrl,
                            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(worker->port)});
    if (!worker->process->waitForStarted(10000))
        return nullptr;
    m_workers.push_back(std::move(worker));
    (void)QTest::qWaitFor([raw] { return raw->ready() || raw->process->state() == QProcess::NotRunning; }, 20000);
    return raw->ready() ? raw : nullptr;
}

void TeamWorkersTest::stopWorkers()
{
    for (auto &worker : m_workers) {
        if (worker->process->state() == QProcess::NotRunning)
            continue;
        worker->process->terminate();
        if (!worker->process->waitForFinished(10000)) {
            worker->process->kill();
            worker->process->waitForFinished(5000);
        }
    }
    if (QTest::currentTestFailed())
        qWarning().noquote() << workerLogs();
    m_workers.clear();
}

QString TeamWorkersTest::workerLogs() const
{
    QString logs;
    for (std::size_t i = 0; i < m_workers.size(); ++i)
        logs += QStringLiteral("--- worker %1 ---\n").arg(i) + QString::fromUtf8(m_workers[i]->log);
    return logs;
}

HttpResponse TeamWorkersTest::postWebhook(const WorkerProcess &worker, const QByteArray &body)
{
    HttpTestClient client(10000);
    return client.request(worker.port, "POST", QStringLiteral("/api/webhooks/gupshup/%1").arg(WebhookToken), body);
}

qint64 TeamWorkersTest::scalar(const QString &sql, const QVariantList &values)
{
    auto value = m_check->scalar(sql, values, -1);
    return value ? value->toLongLong() : -2;
}

bool TeamWorkersTest::waitForLockWaiters(int count)
{
    return QTest::qWaitFor(
        [this, count] {
            return scalar(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? "
                                         "AND wait_event_type = 'Lock'"),
                          {m_name})
                == count;
        },
        10000);
}

qint64 TeamWorkersTest::addUser(const QString &email, const QString &name, UserRole role)
{
    User user;
    user.email = email;
    user.name = name;
    user.role = role;
    // The hash is never checked: these users act through Actor::user, not a login.
    auto id = UserRepository(*m_check).insert(user, QStringLiteral("not-a-hash"), m_clock.nowMs());
    return id ? *id : 0;
}

// Each webhook reaches both processes (as when two desktops share one tunnel by mistake,
// or a provider retries on another), and each lead's burst gets one completion and one send.
void TeamWorkersTest::burstToTwoProcessesAnsweredOnce()
{
    constexpr int leads = 4;
    constexpr int partsPerLead = 2;
    setSetting(QStringLiteral("ai.burstWindowMs"), QStringLiteral("500"));
    for (int i = 0; i < leads * partsPerLead; ++i)
        m_openAi->enqueue(m_openAi->reply(QStringLiteral("Con gusto le ayudo.")));

    WorkerProcess *first = startWorker();
    QVERIFY2(first, qPrintable(workerLogs()));
    WorkerProcess *second = startWorker();
    QVERIFY2(second, qPrintable(workerLogs()));

    // Every copy is posted at once, so both processes insert and process the same events
    // at the same moment. The copy that loses the insert race is stored as a duplicate.
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int part = 0; part < partsPerLead; ++part) {
        for (int lead = 0; lead < leads; ++lead) {
            const QByteArray body = textMessage(lead, part);
            for (const WorkerProcess *worker : {first, second}) {
                QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/webhooks/gupshup/%2")
                                                 .arg(worker->port)
                                                 .arg(WebhookToken)));
                request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                replies.emplace_back(network.post(request, body));
            }
        }
    }
    for (const auto &reply : replies) {
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    }

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), leads, 15000);
    // Longer than a team-mode scan, so a second reply would have been sent by now.
    QTest::qWait(4000);
    QCOMPARE(m_gupshup->sentMessages().size(), leads);
    QCOMPARE(m_openAi->requests().size(), leads);

    for (int lead = 0; lead < leads; ++lead) {
        int sends = 0;
        for (const FakeGupshup::SentMessage &sent : m_gupshup->sentMessages())
            sends += sent.destination == leadPhone(lead) ? 1 : 0;
        QCOMPARE(sends, 1);

        // Each of the lead's messages reached the model once, in one request.
        int requestsWithLead = 0;
        for (const QJsonObject &request : m_openAi->requestBodies()) {
            QStringList userTexts;
            for (const QJsonValue &message : request.value(QLatin1String("messages")).toArray()) {
                if (message.toObject().value(QLatin1String("role")).toString() == QLatin1String("user"))
                    userTexts << message.toObject().value(QLatin1String("content")).toString();
            }
            if (!userTexts.contains(leadText(lead, 0)))
                continue;
            ++requestsWithLead;
            for (int part = 0; part < partsPerLead; ++part)
                QCOMPARE(userTexts.count(leadText(lead, part)), 1);
        }
        QCOMPARE(requestsWithLead, 1);
    }

    // Stored once each, whichever process received or processed them.
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM leads")), qint64(leads));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM conversations")), qint64(leads));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM inbound_events")), qint64(leads * partsPerLead));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state <> 'processed'")), qint64(0));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'lead'")), qint64(leads * partsPerLead));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")), qint64(leads));
}

// A process killed (SIGKILL) while its chat-completions request is open keeps no lock, so
// another process takes the turn and the lead gets one reply.
void TeamWorkersTest::killedTurnIsRecovered()
{
    FakeResponse held = m_openAi->reply(QStringLiteral("Respuesta que nunca llega."));
    held.delayMs = 120000;
    m_openAi->enqueue(held);
    m_openAi->enqueue(m_openAi->reply(QStringLiteral("Con gusto le ayudo.")));

    WorkerProcess *doomed = startWorker();
    QVERIFY2(doomed, qPrintable(workerLogs()));
    QCOMPARE(postWebhook(*doomed, textMessage(0, 0)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_openAi->openRequests(), 1, 10000);

    // The survivor starts while the doomed process has the turn lock, and waits for it.
    WorkerProcess *survivor = startWorker();
    QVERIFY2(survivor, qPrintable(workerLogs()));
    QTest::qWait(1500);
    QCOMPARE(m_openAi->requests().size(), 1);
    QCOMPARE(m_gupshup->sentMessages().size(), 0);

    const qint64 pid = doomed->process->processId();
    QVERIFY(pid > 0);
    doomed->process->kill(); // SIGKILL on POSIX: no cleanup runs in the process
    QVERIFY(doomed->process->waitForFinished(5000));

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 15000);
    QCOMPARE(m_gupshup->sentMessages().constFirst().destination, leadPhone(0));
    QCOMPARE(m_gupshup->sentMessages().constFirst().text, QStringLiteral("Con gusto le ayudo."));
    QCOMPARE(m_openAi->requests().size(), 2);
    QTest::qWait(1000);
    QCOMPARE(m_gupshup->sentMessages().size(), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")), qint64(1));
    QCOMPARE(scalar(QStringLiteral("SELECT ai_cursor FROM conversations")),
             scalar(QStringLiteral("SELECT MAX(id) FROM messages WHERE sender = 'lead'")));
}

// A process killed while its Gupshup send is open leaves the message "sending". Another
// process sends it again (at least once) and records the provider's id.
void TeamWorkersTest::killedSendIsRecovered()
{
    m_openAi->enqueue(m_openAi->reply(QStringLiteral("Con gusto le ayudo.")));
    FakeResponse held = FakeGupshup::errorAnswer(
        202, R"({"status":"submitted","messageId":"held-never-answered"})");
    held.delayMs = 120000;
    m_gupshup->enqueueResponse(held);

    WorkerProcess *doomed = startWorker();
    QVERIFY2(doomed, qPrintable(workerLogs()));
    QCOMPARE(postWebhook(*doomed, textMessage(0, 0)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->receivedForms().size(), 1, 10000);

    WorkerProcess *survivor = startWorker();
    QVERIFY2(survivor, qPrintable(workerLogs()));
    // A live sender's claim is respected: nothing is sent twice while it waits.
    QTest::qWait(4000);
    QCOMPARE(m_gupshup->receivedForms().size(), 1);

    doomed->process->kill();
    QVERIFY(doomed->process->waitForFinished(5000));

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 15000);
    QCOMPARE(m_gupshup->receivedForms().size(), 2);
    QCOMPARE(m_gupshup->sentMessages().constFirst().destination, leadPhone(0));
    QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT COUNT(*) FROM outbound_messages WHERE status = 'enqueued' "
                                                    "AND sending_since IS NULL")),
                              qint64(1), 5000);
    QCOMPARE(scalar(QStringLiteral("SELECT attempts FROM outbound_messages")), qint64(2));
    QCOMPARE(m_openAi->requests().size(), 1);
}

// Two managers assign the same lead to the same agent at once. The second reads the first's
// result, so the lead has one owner and one assignment is audited.
void TeamWorkersTest::concurrentAssignmentHasOneOwner()
{
    const qint64 managerA = addUser(QStringLiteral("ana@example.com"), QStringLiteral("Ana"), UserRole::Manager);
    const qint64 managerB = addUser(QStringLiteral("beto@example.com"), QStringLiteral("Beto"), UserRole::Manager);
    const qint64 agent = addUser(QStringLiteral("carla@example.com"), QStringLiteral("Carla"), UserRole::Agent);
    QVERIFY(managerA > 0 && managerB > 0 && agent > 0);
    LeadInput input;
    input.name = QStringLiteral("Lucía");
    input.phone = QStringLiteral("+51 999 000 111");
    auto lead = LeadService(*m_check, m_clock, QStringLiteral("PE")).create(Actor::commandLine(), input);
    QVERIFY2(lead.ok(), qPrintable(lead.ok() ? QString() : lead.error().message));
    const qint64 leadId = lead->id;

    // A third connection locks the lead's row, so both assignments are in flight together.
    Database blocker;
    QVERIFY(blocker.open(m_location, QStringLiteral("tst_teamworkers_blocker")).ok());
    QVERIFY(blocker.begin().ok());
    QVERIFY(blocker.exec(QStringLiteral("SELECT id FROM leads WHERE id = ? FOR UPDATE"), {leadId}).ok());

    Status results[2];
    std::vector<std::thread> managers;
    for (int i = 0; i < 2; ++i) {
        const qint64 manager = i == 0 ? managerA : managerB;
        managers.emplace_back([this, i, manager, leadId, agent, &results] {
            Database db;
            if (auto opened = db.open(m_location, QStringLiteral("tst_teamworkers_manager%1").arg(i)); !opened) {
                results[i] = opened;
                return;
            }
            results[i] = LeadService(db, m_clock, QStringLiteral("PE")).assign(Actor::user(manager), leadId, agent);
        });
    }
    const bool bothWaiting = waitForLockWaiters(2);
    QVERIFY(blocker.commit().ok());
    for (std::thread &manager : managers)
        manager.join();
    QVERIFY(bothWaiting);

    QVERIFY2(results[0].ok(), qPrintable(errorText(results[0])));
    QVERIFY2(results[1].ok(), qPrintable(errorText(results[1])));
    QCOMPARE(scalar(QStringLiteral("SELECT assigned_user_id FROM leads WHERE id = ?"), {leadId}), agent);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'lead.assigned'")), qint64(1));
}

// Two agents take over one conversation at once. One gets it, and the other is rejected
// with that person's name.
void TeamWorkersTest::concurrentTakeOverHasOneHolder()
{
    const qint64 ana = addUser(QStringLiteral("ana@example.com"), QStringLiteral("Ana Pérez"), UserRole::Manager);
    const qint64 beto = addUser(QStringLiteral("beto@example.com"), QStringLiteral("Beto Ruiz"), UserRole::Manager);
    QVERIFY(ana > 0 && beto > 0);
    LeadInput input;
    input.name = QStringLiteral("Lucía");
    input.phone = QStringLiteral("+51 999 000 111");
    auto lead = LeadService(*m_check, m_clock, QStringLiteral("PE")).create(Actor::commandLine(), input);
    QVERIFY2(lead.ok(), qPrintable(lead.ok() ? QString() : lead.error().message));
    Conversation conversation;
    conversation.leadId = lead->id;
    conversation.providerAddress = leadPhone(0);
    auto conversationId = ConversationRepository(*m_check).create(conversation, m_clock.nowMs());
    QVERIFY(conversationId.ok());

    Database blocker;
    QVERIFY(blocker.open(m_location, QStringLiteral("tst_teamworkers_blocker")).ok());
    QVERIFY(blocker.begin().ok());
    QVERIFY(blocker.exec(QStringLiteral("SELECT id FROM conversations WHERE id = ? FOR UPDATE"), {*conversationId}).ok());

    Status results[2];
    const qint64 people[2] = {ana, beto};
    std::vector<std::thread> agents;
    for (int i = 0; i < 2; ++i) {
        agents.emplace_back([this, i, &people, &conversationId, &results] {
            Database db;
            if (auto opened = db.open(m_location, QStringLiteral("tst_teamworkers_agent%1").arg(i)); !opened) {
                results[i] = opened;
                return;
            }
            results[i] = LeadDesk(db, m_clock).setHumanHolds(Actor::user(people[i]), *conversationId, true);
        });
    }
    const bool bothWaiting = waitForLockWaiters(2);
    QVERIFY(blocker.commit().ok());
    for (std::thread &agent : agents)
        agent.join();
    QVERIFY(bothWaiting);

    QCOMPARE(int(results[0].ok()) + int(results[1].ok()), 1);
    const int winner = results[0].ok() ? 0 : 1;
    const Status &refused = results[1 - winner];
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Conflict));
    const QString holderName = winner == 0 ? QStringLiteral("Ana Pérez") : QStringLiteral("Beto Ruiz");
    QVERIFY2(refused.error().message.contains(holderName), qPrintable(refused.error().message));
    QCOMPARE(scalar(QStringLiteral("SELECT human_user_id FROM conversations WHERE id = ?"), {*conversationId}),
             people[winner]);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.taken_over'")),
             qint64(1));

    // The holder may take it again; giving it back frees it for the other.
    QVERIFY(LeadDesk(*m_check, m_clock).setHumanHolds(Actor::user(people[winner]), *conversationId, true).ok());
    QVERIFY(LeadDesk(*m_check, m_clock).setHumanHolds(Actor::user(people[winner]), *conversationId, false).ok());
    QVERIFY(LeadDesk(*m_check, m_clock).setHumanHolds(Actor::user(people[1 - winner]), *conversationId, true).ok());
}

// A desktop without the installation's private key runs no webhook server and no workers.
// A reply typed there is queued in the shared database, and a worker process that holds
// the key hears the notification and sends it.
void TeamWorkersTest::keylessDesktopLeavesSendsToWorkers()
{
    m_openAi->enqueue(m_openAi->reply(QStringLiteral("Con gusto le ayudo.")));
    WorkerProcess *worker = startWorker();
    QVERIFY2(worker, qPrintable(workerLogs()));
    QCOMPARE(postWebhook(*worker, textMessage(0, 0)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 15000);
    const qint64 conversationId = scalar(QStringLiteral("SELECT id FROM conversations"));
    QVERIFY(conversationId > 0);
    const qint64 manager = addUser(QStringLiteral("sofia@example.com"), QStringLiteral("Sofía Díaz"), UserRole::Manager);

    ServiceOptions options;
    options.database = m_location;
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    options.privateKeyPath = m_dir->filePath(QStringLiteral("not-on-this-desktop.key"));
    ServiceHost desktop(options);
    const Status started = desktop.start();
    QVERIFY2(started.ok(), qPrintable(errorText(started)));
    QCOMPARE(desktop.port(), quint16(0));
    bool runsWorkers = true;
    Status sent;
    const QString reply = QStringLiteral("Le escribe Sofía, del equipo de ventas.");
    desktop.runOnServiceThread([&](ServiceCore &core) {
        runsWorkers = core.runsWorkers();
        sent = core.sendHumanMessage(Actor::user(manager), conversationId, reply);
    });
    QVERIFY(!runsWorkers);
    QVERIFY2(sent.ok(), qPrintable(errorText(sent)));

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 2, 5000);
    QCOMPARE(m_gupshup->sentMessages().last().destination, leadPhone(0));
    QCOMPARE(m_gupshup->sentMessages().last().text, reply);
    // Gupshup accepted both; "sent" comes later, with its status webhook.
    QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT COUNT(*) FROM outbound_messages WHERE status = 'enqueued'")),
                              qint64(2), 5000);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM outbound_messages WHERE status = 'failed'")), qint64(0));
    desktop.stop();
}

QTEST_GUILESS_MAIN(TeamWorkersTest)
#include "tst_teamworkers.moc"
