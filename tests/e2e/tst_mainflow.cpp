// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The main flow, end to end: a Gupshup webhook arrives over HTTP, the lead and its
// message are stored, the AI agent requests a reply from a fake OpenAI, and the reply
// leaves through a fake Gupshup. Each case runs a fresh ServiceHost on a fresh SQLite file.

#include "FakeGupshup.h"
#include "Fixtures.h"
#include "FakeOpenAi.h"
#include "agents/ChatCompletionsClient.h"
#include "agents/Prompting.h"
#include "core/Clock.h"
#include "jobs/OutboxDispatcher.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <vector>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

// The instant message-text.json was sent. The service's clock starts a minute later, so
// the fixtures' messages are inside the 24-hour window.
constexpr qint64 FixtureTimestampMs = 1735740000000;

const QString OpenAiKey = QStringLiteral("sk-proj-FIXTURE-test-key-1234");
const QString GupshupKey = QStringLiteral("gs_fixture_apikey_e2e_0123456789");
const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString AppName = QStringLiteral("CrmVentasDemo");
const QString BusinessNumber = QStringLiteral("51940000999");
const QString FixtureText = QStringLiteral(
        "Hola, quisiera información sobre el plan empresarial, ¿tienen precios para 10 usuarios?");
// No quote or backslash, so its form-encoded JSON is predictable. The accents are deliberate.
const QString ModelReply = QStringLiteral(
        "Con gusto le ayudo. El plan empresarial cuesta USD 49 por usuario al mes. ¿Cuándo lo necesitaría?");

// A clock that runs in real time from one minute after the fixtures were sent, so the
// service's timers (burst windows, backoff) still fire. A test may jump it forward.
class FixtureClock final : public Clock
{
public:
    FixtureClock() { m_timer.start(); }
    qint64 nowMs() const override { return FixtureTimestampMs + 60'000 + m_jumpMs.load() + m_timer.elapsed(); }
    void jump(qint64 ms) { m_jumpMs += ms; }

private:
    QElapsedTimer m_timer;
    std::atomic<qint64> m_jumpMs{0};
};

// Everything the program logs, from every thread, so a test can look for secrets in it.
QMutex logMutex;
QStringList capturedLog;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker locker(&logMutex);
        capturedLog.append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QByteArray readFixture(const QString &relativePath)
{
    return Prospecta::Testing::fixtureBytes(relativePath);
}

// message-text.json with another WhatsApp id and text, as a lead's next message.
QByteArray textMessage(const QString &id, const QString &text)
{
    QJsonObject root = QJsonDocument::fromJson(readFixture(QStringLiteral("gupshup/v2-webhook/message-text.json"))).object();
    QJsonObject payload = root.value(QLatin1String("payload")).toObject();
    payload.insert(QStringLiteral("id"), id);
    payload.insert(QStringLiteral("payload"), QJsonObject{{QStringLiteral("text"), text}});
    root.insert(QStringLiteral("payload"), payload);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QJsonObject chatMessage(const QString &role, const QString &content)
{
    return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
}

QString errorText(const Status &status)
{
    return status.ok() ? QString() : status.error().message;
}

} // namespace

// How the first run leaves the outbox when it stops.
enum class RestartScenario { DroppedConnection, ServiceUnavailable, StoppedMidSend };

Q_DECLARE_METATYPE(RestartScenario)

class MainFlowTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void leadMessageIsAnsweredEndToEnd();
    void campaignWelcomeComesFirst();
    void failedWelcomeDoesNotStallTheReply();
    void pausedAiSendsNoWelcome();
    void pausedAiStillFlagsOptOutMention();
    void welcomeIsNotCountedAsReply();
    void optOutMentionGetsNoWelcome();
    void lateWebhookStartsNoFreeText();
    void burstIsAnsweredInOneTurn();
    void rateLimitIsRetried();
    void cutReplyKeepsCompleteSentences();
    void exhaustedQuotaAlertsOnce();
    void alertTakesTheLatestReason();
    void refusedRequestAlertsTheAdmin();
    void unreachableModelFlagsTheConversation();
    void optOutKeywordStopsTheAi();
    void optOutUserEventMarksTheLead();
    void repeatedOptOutIsConfirmedOnce();
    void optInWordFromNewLeadIsAnswered();
    void humanTakeoverSilencesTheAi();
    void argentinaAddressIsKeptAsReceived();
    void noSecretInFilesOrLog();
    void outboxSurvivesRestart_data();
    void outboxSurvivesRestart();
    void restartAnswersRecentLeadMessages_data();
    void restartAnswersRecentLeadMessages();
    void restartLeavesFlaggedConversationsToHumans();

private:
    void setSetting(const QString &key, const QString &value);
    bool startHost();
    int postWebhook(const QByteArray &body);
    int postFixture(const QString &relativePath) { return postWebhook(readFixture(relativePath)); }
    // The text message fixture with `text` in place of its own.
    int postText(const QString &text);
    // A campaign matched by the fixture's word "empresarial", with this welcome message.
    qint64 createWelcomeCampaign(const QString &welcome);
    QVariant value(const QString &sql, const QVariantList &values = {}) const;
    qint64 conversationOf(const QString &phone) const;

    static QStringList logLines();

    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseLocation m_location;
    QString m_keyPath;
    QByteArray m_publicKey;
    std::shared_ptr<FixtureClock> m_clock;
    std::unique_ptr<FakeOpenAi> m_openAi;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<Database> m_check;
    std::unique_ptr<ServiceHost> m_host;
    QNetworkAccessManager m_network;
};

void MainFlowTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    previousHandler = qInstallMessageHandler(captureMessage);
}

void MainFlowTest::init()
{
    {
        QMutexLocker locker(&logMutex);
        capturedLog.clear();
    }
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto location = DatabaseLocation::parse(m_dir->filePath(QStringLiteral("prospecta.db")));
    QVERIFY(location.ok());
    m_location = *location;
    m_keyPath = m_dir->filePath(QStringLiteral("keys/installation.key"));
    m_clock = std::make_shared<FixtureClock>();

    m_openAi = std::make_unique<FakeOpenAi>(QStringLiteral(PROSPECTA_FIXTURES_DIR));
    QVERIFY(m_openAi->start());
    m_gupshup = std::make_unique<FakeGupshup>();
    m_gupshup->setExpectedApiKey(GupshupKey.toUtf8());
    QVERIFY(m_gupshup->start());

    // Configure the installation before the service starts, as the command line would.
    // The same connection later reads what the service wrote.
    m_check = std::make_unique<Database>();
    QVERIFY(m_check->open(m_location, QStringLiteral("e2e-check")).ok());
    QVERIFY(Migrations::apply(*m_check, m_clock->nowMs()).ok());
    auto publicKey = InstallationKeys::ensurePublicKey(*m_check, m_keyPath);
    QVERIFY2(publicKey.ok(), qPrintable(publicKey.ok() ? QString() : publicKey.error().message));
    m_publicKey = *publicKey;

    IntegrationRepository integrations(*m_check);
    Status saved = integrations.save(Provider::Gupshup,
                                     {{QStringLiteral("apiKey"), GupshupKey},
                                      {QStringLiteral("appName"), AppName},
                                      {QStringLiteral("source"), BusinessNumber},
                                      {QStringLiteral("baseUrl"), m_gupshup->baseUrl().toString()},
                                      {QStringLiteral("webhookToken"), WebhookToken}},
                                     m_publicKey, m_clock->nowMs());
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));
    saved = integrations.save(Provider::OpenAi,
                              {{QStringLiteral("apiKey"), OpenAiKey},
                               {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                               {QStringLiteral("baseUrl"), m_openAi->baseUrl().toString()}},
                              m_publicKey, m_clock->nowMs());
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));
    setSetting(QStringLiteral("ai.burstWindowMs"), QStringLiteral("0"));
}

void MainFlowTest::cleanup()
{
    m_host.reset();
    m_check.reset();
    m_gupshup.reset();
    m_openAi.reset();
    m_dir.reset();
}

void MainFlowTest::setSetting(const QString &key, const QString &value)
{
    auto stored = SettingsRepository(*m_check).set(key, value, m_clock->nowMs());
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error().message));
}

bool MainFlowTest::startHost()
{
    ServiceOptions options;
    options.database = m_location;
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    options.privateKeyPath = m_keyPath;
    options.clock = m_clock;
    m_host = std::make_unique<ServiceHost>(options);
    const Status started = m_host->start();
    if (!started) {
        qWarning("the service did not start: %s", qPrintable(errorText(started)));
        return false;
    }
    // Retries of the model wait milliseconds, not seconds.
    m_host->runOnServiceThread([](ServiceCore &core) { core.chatClient().setBackoffBaseMs(10); });
    return m_host->port() != 0;
}

int MainFlowTest::postText(const QString &text)
{
    QJsonObject root = QJsonDocument::fromJson(readFixture(QStringLiteral("gupshup/v2-webhook/message-text.json"))).object();
    QJsonObject payload = root.value(QLatin1String("payload")).toObject();
    QJsonObject inner = payload.value(QLatin1String("payload")).toObject();
    inner.insert(QStringLiteral("text"), text);
    payload.insert(QStringLiteral("payload"), inner);
    root.insert(QStringLiteral("payload"), payload);
    return postWebhook(QJsonDocument(root).toJson(QJsonDocument::Compact));
}

qint64 MainFlowTest::createWelcomeCampaign(const QString &welcome)
{
    Campaign campaign;
    campaign.name = QStringLiteral("Plan empresarial");
    campaign.welcomeMessage = welcome;
    campaign.keywords = {QStringLiteral("empresarial")};
    auto created = CampaignRepository(*m_check).create(campaign, m_clock->nowMs());
    if (!created)
        qWarning("the campaign was not created: %s", qPrintable(created.error().message));
    return created ? *created : 0;
}

int MainFlowTest::postWebhook(const QByteArray &body)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/webhooks/gupshup/%2")
                                         .arg(m_host->port())
                                         .arg(WebhookToken)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(m_network.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QVariant MainFlowTest::value(const QString &sql, const QVariantList &values) const
{
    auto result = m_check->scalar(sql, values);
    if (!result) {
        qWarning("query failed: %s", qPrintable(result.error().message));
        return QStringLiteral("<query failed>");
    }
    return *result;
}

qint64 MainFlowTest::conversationOf(const QString &phone) const
{
    return value(QStringLiteral("SELECT c.id FROM conversations c JOIN leads l ON l.id = c.lead_id WHERE l.phone = ?"),
                 {phone})
            .toLongLong();
}

void MainFlowTest::leadMessageIsAnsweredEndToEnd()
{
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), 96},
                            {QStringLiteral("completion_tokens"), 21},
                            {QStringLiteral("total_tokens"), 117}};
    m_openAi->enqueue(m_openAi->reply(ModelReply, usage));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);

    // The model got the welcome agent's Spanish prompt and the lead's text, nothing else.
    QCOMPARE(m_openAi->requests().size(), 1);
    const QString systemPrompt = systemPromptFor(AgentType::Welcome, QStringLiteral("es"), {});
    QVERIFY(!systemPrompt.isEmpty());
    const QJsonObject expectedRequest{
            {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
            {QStringLiteral("messages"),
             QJsonArray{chatMessage(QStringLiteral("system"), systemPrompt),
                        chatMessage(QStringLiteral("user"), FixtureText)}},
            {QStringLiteral("stream"), false}};
    QCOMPARE(m_openAi->requestBodies().constFirst(), expectedRequest);
    QCOMPARE(m_openAi->requests().constFirst().header("Authorization"), "Bearer " + OpenAiKey.toUtf8());

    // Gupshup got the documented send request.
    const FakeGupshup::ReceivedForm &form = m_gupshup->receivedForms().constFirst();
    QCOMPARE(form.request.method, QByteArray("POST"));
    QCOMPARE(form.request.path(), QByteArray("/wa/api/v1/msg"));
    QCOMPARE(form.request.header("apikey"), GupshupKey.toUtf8());
    QCOMPARE(form.field(QStringLiteral("channel")), QStringLiteral("whatsapp"));
    QCOMPARE(form.field(QStringLiteral("source")), BusinessNumber);
    QCOMPARE(form.field(QStringLiteral("destination")), QStringLiteral("51999000111"));
    QCOMPARE(form.field(QStringLiteral("src.name")), AppName);
    QCOMPARE(form.field(QStringLiteral("message")),
             QStringLiteral("{\"type\": \"text\", \"text\": \"%1\"}").arg(ModelReply));
    const QString messageId = m_gupshup->sentMessages().constFirst().messageId;

    // The database contains the same records.
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM leads")).toInt(), 1);
    QCOMPARE(value(QStringLiteral("SELECT name FROM leads WHERE phone = '+51999000111'")).toString(),
             QStringLiteral("Cliente Prueba"));
    QCOMPARE(value(QStringLiteral("SELECT source FROM leads WHERE phone = '+51999000111'")).toString(),
             QStringLiteral("whatsapp"));
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM conversations")).toInt(), 1);
    const qint64 conversation = conversationOf(QStringLiteral("+51999000111"));
    QVERIFY(conversation > 0);
    QCOMPARE(value(QStringLiteral("SELECT content FROM messages WHERE conversation_id = ? AND sender = 'lead'"),
                   {conversation})
                     .toString(),
             FixtureText);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")).toInt(), 1);
    QCOMPARE(value(QStringLiteral("SELECT content FROM messages WHERE conversation_id = ? AND sender = 'ai'"),
                   {conversation})
                     .toString(),
             ModelReply);
    QCOMPARE(value(QStringLiteral("SELECT agent_type FROM messages WHERE sender = 'ai'")).toString(),
             QStringLiteral("welcome"));
    const QJsonObject metadata =
            QJsonDocument::fromJson(value(QStringLiteral("SELECT metadata FROM messages WHERE sender = 'ai'"))
                                            .toString()
                                            .toUtf8())
                    .object();
    QCOMPARE(metadata.value(QLatin1String("usage")).toObject(), usage);

    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM outbound_messages")).toInt(), 1);
    QTRY_COMPARE(value(QStringLiteral("SELECT status FROM outbound_messages")).toString(), QStringLiteral("enqueued"));
    QCOMPARE(value(QStringLiteral("SELECT provider_message_id FROM outbound_messages")).toString(), messageId);
    QCOMPARE(value(QStringLiteral("SELECT destination FROM outbound_messages")).toString(), QStringLiteral("51999000111"));

    // Welcome hands over to qualification after its first reply.
    QCOMPARE(value(QStringLiteral("SELECT current_agent FROM conversations WHERE id = ?"), {conversation}).toString(),
             QStringLiteral("qualification"));
    QCOMPARE(value(QStringLiteral("SELECT needs_human FROM conversations WHERE id = ?"), {conversation}).toInt(), 0);
}

void MainFlowTest::campaignWelcomeComesFirst()
{
    const QString welcome = QStringLiteral("¡Bienvenido a Prospecta Demo! Enseguida le atendemos.");
    const qint64 created = createWelcomeCampaign(welcome);
    QVERIFY(created > 0);

    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 2, 10000);

    QCOMPARE(m_gupshup->sentMessages().at(0).text, welcome);
    QCOMPARE(m_gupshup->sentMessages().at(1).text, ModelReply);
    QCOMPARE(value(QStringLiteral("SELECT campaign_id FROM leads")).toLongLong(), created);

    // The model saw the welcome as its own earlier message.
    QCOMPARE(m_openAi->requests().size(), 1);
    const QJsonArray expectedMessages{
            chatMessage(QStringLiteral("system"), systemPromptFor(AgentType::Welcome, QStringLiteral("es"), {})),
            chatMessage(QStringLiteral("assistant"), welcome),
            chatMessage(QStringLiteral("user"), FixtureText)};
    QCOMPARE(m_openAi->requestBodies().constFirst().value(QLatin1String("messages")).toArray(), expectedMessages);
}

// A welcome that Gupshup refuses for a moment waits for its retry, and the AI's reply,
// queued behind it in the same conversation, waits with it. The outbox once slept then:
// the reply was due, so no timer was set, and neither message went out until something
// else woke the outbox.
void MainFlowTest::failedWelcomeDoesNotStallTheReply()
{
    const QString welcome = QStringLiteral("¡Bienvenido a Prospecta Demo!");
    QVERIFY(createWelcomeCampaign(welcome) > 0);
    m_gupshup->enqueueResponse(FakeGupshup::errorAnswer(500, R"({"status":"error","message":"Internal error"})"));
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());
    m_host->runOnServiceThread([](ServiceCore &core) { core.outbox().setBackoffBaseMs(200); });

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 2, 10000);
    QCOMPARE(m_gupshup->sentMessages().at(0).text, welcome);
    QCOMPARE(m_gupshup->sentMessages().at(1).text, ModelReply);
    QCOMPARE(m_gupshup->receivedForms().size(), 3);
    QCOMPARE(value(QStringLiteral("SELECT attempts FROM outbound_messages ORDER BY id LIMIT 1")).toInt(), 2);
}

// ai.maxRepliesPerLeadPerHour limits the agents' replies. The welcome is the campaign's
// fixed text, so with a limit of one reply the lead still gets both.
void MainFlowTest::welcomeIsNotCountedAsReply()
{
    const QString welcome = QStringLiteral("¡Bienvenido a Prospecta Demo!");
    QVERIFY(createWelcomeCampaign(welcome) > 0);
    setSetting(QStringLiteral("ai.maxRepliesPerLeadPerHour"), QStringLiteral("1"));
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 2, 10000);
    QCOMPARE(m_gupshup->sentMessages().at(0).text, welcome);
    QCOMPARE(m_gupshup->sentMessages().at(1).text, ModelReply);
    QCOMPARE(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 0);
}

// A new lead whose first message requests no more contact, in a sentence rather than the
// bare keyword, is flagged for a human and gets neither the welcome nor an AI reply.
void MainFlowTest::optOutMentionGetsNoWelcome()
{
    Campaign campaign;
    campaign.name = QStringLiteral("Plan empresarial");
    campaign.welcomeMessage = QStringLiteral("¡Bienvenido a Prospecta Demo!");
    campaign.isDefault = true;
    QVERIFY(CampaignRepository(*m_check).create(campaign, m_clock->nowMs()).ok());
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    QCOMPARE(postText(QStringLiteral("quiero darme de baja por favor")), 200);

    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1, 10000);
    // Longer than queueing and sending a welcome takes.
    QTest::qWait(1000);
    QCOMPARE(m_gupshup->sentMessages().size(), 0);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM outbound_messages")).toInt(), 0);
    QCOMPARE(m_openAi->requests().size(), 0);
}

// The welcome goes out as the initial agent's message, so pausing the AI stops it with the
// agents' replies and nothing automatic reaches the lead. The lead and its message are
// stored as usual.
void MainFlowTest::pausedAiSendsNoWelcome()
{
    QVERIFY(createWelcomeCampaign(QStringLiteral("¡Bienvenido a Prospecta Demo!")) > 0);
    setSetting(QStringLiteral("ai.enabled"), QStringLiteral("false"));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);

    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'lead'")).toInt(), 1,
                              10000);
    // Longer than queueing and sending a welcome takes.
    QTest::qWait(1000);
    QCOMPARE(m_gupshup->sentMessages().size(), 0);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM outbound_messages")).toInt(), 0);
    QCOMPARE(m_openAi->requests().size(), 0);
    QVERIFY(!logLines().filter(QStringLiteral("gets no welcome message because the AI is paused")).isEmpty());
}

// With the AI paused no turn starts, and a message that mentions opting out reached no
// human either, until the AI was switched on again. It is flagged as it arrives.
void MainFlowTest::pausedAiStillFlagsOptOutMention()
{
    setSetting(QStringLiteral("ai.enabled"), QStringLiteral("false"));
    QVERIFY(startHost());

    QCOMPARE(postText(QStringLiteral("hola, me quiero dar de baja")), 200);

    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1, 10000);
    QCOMPARE(m_gupshup->sentMessages().size(), 0);
}

// A webhook delivered more than 24 hours after the lead wrote (a provider retry, a replay)
// starts no free text, which WhatsApp would reject. The lead and the message are stored,
// and neither the welcome nor an AI reply is sent.
void MainFlowTest::lateWebhookStartsNoFreeText()
{
    QVERIFY(createWelcomeCampaign(QStringLiteral("¡Bienvenido a Prospecta Demo!")) > 0);
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    QJsonObject root = QJsonDocument::fromJson(readFixture(QStringLiteral("gupshup/v2-webhook/message-text.json"))).object();
    const qint64 twoDaysMs = 48LL * 60 * 60 * 1000;
    root.insert(QStringLiteral("timestamp"), double(m_clock->nowMs() - twoDaysMs));
    QCOMPARE(postWebhook(QJsonDocument(root).toJson(QJsonDocument::Compact)), 200);

    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'lead'")).toInt(), 1,
                              10000);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM leads")).toInt(), 1);
    // Longer than a turn with a zero burst window takes.
    QTest::qWait(1000);
    QCOMPARE(m_gupshup->sentMessages().size(), 0);
    QCOMPARE(m_openAi->requests().size(), 0);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM outbound_messages")).toInt(), 0);
}

void MainFlowTest::burstIsAnsweredInOneTurn()
{
    setSetting(QStringLiteral("ai.burstWindowMs"), QStringLiteral("300"));
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    // Posted at once, not one after the other, so a slow disk cannot spread them over
    // more than the window. They may then arrive in any order.
    const QStringList texts{QStringLiteral("Hola"), QStringLiteral("quisiera precios"),
                            QStringLiteral("para 10 usuarios")};
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < texts.size(); ++i) {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/webhooks/gupshup/%2")
                                             .arg(m_host->port())
                                             .arg(WebhookToken)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        replies.emplace_back(m_network.post(request, textMessage(QStringLiteral("wamid.burst-%1").arg(i), texts.at(i))));
    }
    for (const auto &reply : replies) {
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    }

    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QCOMPARE(m_openAi->requests().size(), 1);
    const QJsonArray messages = m_openAi->requestBodies().constFirst().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));

    // Each text once, as a user message, in the order they were stored.
    QStringList stored;
    auto query = m_check->exec(QStringLiteral("SELECT content FROM messages WHERE sender = 'lead' ORDER BY id"));
    QVERIFY(query.ok());
    while (query->next())
        stored << query->value(0).toString();
    query->finish();
    QStringList sorted = stored;
    sorted.sort();
    QStringList expected = texts;
    expected.sort();
    QCOMPARE(sorted, expected);
    for (int i = 0; i < stored.size(); ++i)
        QCOMPARE(messages.at(i + 1).toObject(), chatMessage(QStringLiteral("user"), stored.at(i)));
    // No second request follows for the messages the first turn included.
    QTest::qWait(400);
    QCOMPARE(m_openAi->requests().size(), 1);
}

// A reply the model stopped at max_tokens ends mid-word. The lead gets its complete
// sentences, and a reply without one goes to a human instead.
void MainFlowTest::cutReplyKeepsCompleteSentences()
{
    m_openAi->enqueue(m_openAi->cutReply(QStringLiteral("Claro, con gusto. El plan empresarial cuesta 20 dólares por usu")));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QCOMPARE(m_gupshup->sentMessages().constFirst().text, QStringLiteral("Claro, con gusto."));

    m_openAi->enqueue(m_openAi->cutReply(QStringLiteral("El plan empresarial cuesta 20 dólares por usu")));
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text-mexico-521.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE needs_human = 1")).toInt(),
                              1, 10000);
    QCOMPARE(m_gupshup->sentMessages().size(), 1);
}

void MainFlowTest::rateLimitIsRetried()
{
    // The fixture sets retry-after-ms to 120, so the retry comes after about 120 ms.
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/429-rate-limit-requests.json")));
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QCOMPARE(m_gupshup->sentMessages().constFirst().text, ModelReply);
    QCOMPARE(m_openAi->requests().size(), 2);
    QCOMPARE(m_openAi->requestBodies().at(1), m_openAi->requestBodies().at(0));
    const qint64 waitedMs = m_openAi->requests().at(1).receivedMs - m_openAi->requests().at(0).receivedMs;
    QVERIFY2(waitedMs >= 110, qPrintable(QStringLiteral("retried after %1 ms").arg(waitedMs)));
    QCOMPARE(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 0);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM alerts")).toInt(), 0);
}

void MainFlowTest::exhaustedQuotaAlertsOnce()
{
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/429-insufficient-quota.json")));
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/429-insufficient-quota.json")));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1, 10000);
    QTRY_COMPARE(value(QStringLiteral("SELECT COUNT(*) FROM alerts")).toInt(), 1);
    QCOMPARE(m_openAi->requests().size(), 1); // no retry fixes a quota

    // Another lead fails the same way: its conversation is flagged, but no second alert is raised.
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text-mexico-521.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_openAi->requests().size(), 2, 10000);
    QTRY_COMPARE(value(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE needs_human = 1")).toInt(), 2);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM alerts")).toInt(), 1);
    QCOMPARE(m_openAi->requests().size(), 2);
    QCOMPARE(m_gupshup->receivedForms().size(), 0);
}

// One alert stays open per kind, and its message is the latest reason. After the key was
// rejected, an exhausted quota replaces the key's message instead of being dropped.
void MainFlowTest::alertTakesTheLatestReason()
{
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/401-invalid-api-key.json")));
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/429-insufficient-quota.json")));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT COUNT(*) FROM alerts")).toInt(), 1, 10000);
    const QString keyMessage = value(QStringLiteral("SELECT message FROM alerts")).toString();

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text-mexico-521.json")), 200);
    QTRY_VERIFY_WITH_TIMEOUT(value(QStringLiteral("SELECT message FROM alerts")).toString() != keyMessage, 10000);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM alerts")).toInt(), 1);
    QCOMPARE(value(QStringLiteral("SELECT kind FROM alerts")).toString(), QStringLiteral("openai.keyOrQuota"));
    QVERIFY2(value(QStringLiteral("SELECT message FROM alerts")).toString().contains(QLatin1String("insufficient_quota")),
             qPrintable(value(QStringLiteral("SELECT message FROM alerts")).toString()));
}

// A request the server refuses for good (here a prompt longer than the model's context)
// fails for every lead until an administrator changes the settings, so it raises an
// alert besides flagging the conversation.
void MainFlowTest::refusedRequestAlertsTheAdmin()
{
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/400-context-length-exceeded.json")));
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);

    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1, 10000);
    QTRY_COMPARE(value(QStringLiteral("SELECT COUNT(*) FROM alerts")).toInt(), 1);
    QCOMPARE(value(QStringLiteral("SELECT kind FROM alerts")).toString(), QStringLiteral("openai.rejected"));
    QCOMPARE(m_openAi->requests().size(), 1);
}

void MainFlowTest::unreachableModelFlagsTheConversation()
{
    // More dropped connections than attempts, in case Qt resends on a closed connection.
    for (int i = 0; i < 12; ++i)
        m_openAi->enqueue(FakeOpenAi::down());
    QVERIFY(startHost());

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1, 15000);
    QVERIFY2(m_openAi->requests().size() >= 5,
             qPrintable(QStringLiteral("%1 request(s)").arg(m_openAi->requests().size())));
    QCOMPARE(value(QStringLiteral("SELECT content FROM messages WHERE sender = 'lead'")).toString(), FixtureText);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")).toInt(), 0);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM outbound_messages")).toInt(), 0);
    QCOMPARE(m_gupshup->receivedForms().size(), 0);
}

void MainFlowTest::optOutKeywordStopsTheAi()
{
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    QCOMPARE(postWebhook(textMessage(QStringLiteral("wamid.baja-1"), QStringLiteral("BAJA"))), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT opted_out FROM leads WHERE phone = '+51999000111'")).toInt(),
                              1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QCOMPARE(m_gupshup->sentMessages().constFirst().text, optOutConfirmation(QStringLiteral("es")));
    QCOMPARE(m_gupshup->sentMessages().constFirst().destination, QStringLiteral("51999000111"));
    QTest::qWait(300);
    QCOMPARE(m_openAi->requests().size(), 0);
    QCOMPARE(m_gupshup->receivedForms().size(), 1);
}

// A second "BAJA" (or "salir.") from a lead already opted out got another confirmation
// each time. The lead gets one confirmation.
void MainFlowTest::repeatedOptOutIsConfirmedOnce()
{
    QVERIFY(startHost());

    QCOMPARE(postWebhook(textMessage(QStringLiteral("wamid.baja-1"), QStringLiteral("BAJA"))), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QCOMPARE(postWebhook(textMessage(QStringLiteral("wamid.baja-2"), QStringLiteral("salir."))), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'processed'")).toInt(),
                              2, 10000);
    QTest::qWait(300);

    QCOMPARE(m_gupshup->sentMessages().size(), 1);
    QCOMPARE(value(QStringLiteral("SELECT opted_out FROM leads WHERE phone = '+51999000111'")).toInt(), 1);
    QCOMPARE(m_openAi->requests().size(), 0);
}

// "Alta" from a lead who never opted out was taken as opting back in: the lead got only
// the opt-in confirmation, and the AI never read the message.
void MainFlowTest::optInWordFromNewLeadIsAnswered()
{
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());

    QCOMPARE(postWebhook(textMessage(QStringLiteral("wamid.alta-1"), QStringLiteral("Alta"))), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);

    QCOMPARE(m_gupshup->sentMessages().constFirst().text, ModelReply);
    QCOMPARE(m_openAi->requests().size(), 1);
    QCOMPARE(value(QStringLiteral("SELECT opted_out FROM leads WHERE phone = '+51999000111'")).toInt(), 0);
}

void MainFlowTest::optOutUserEventMarksTheLead()
{
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QCOMPARE(value(QStringLiteral("SELECT opted_out FROM leads")).toInt(), 0);

    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/user-event-opted-out.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT opted_out FROM leads WHERE phone = '+51999000111'")).toInt(),
                              1, 10000);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM leads")).toInt(), 1);
}

void MainFlowTest::humanTakeoverSilencesTheAi()
{
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    m_openAi->enqueue(m_openAi->reply(QStringLiteral("Esta respuesta no debe pedirse.")));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    const qint64 conversation = conversationOf(QStringLiteral("+51999000111"));
    QVERIFY(conversation > 0);

    std::optional<Status> takeover;
    m_host->setHumanHolds(Actor::commandLine(), conversation, true, this, [&takeover](const Status &status) { takeover = status; });
    QTRY_VERIFY(takeover.has_value());
    QVERIFY2(takeover->ok(), qPrintable(errorText(*takeover)));

    QCOMPARE(postWebhook(textMessage(QStringLiteral("wamid.after-takeover"), QStringLiteral("¿Sigue ahí?"))), 200);
    QTRY_COMPARE_WITH_TIMEOUT(
            value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'lead' AND conversation_id = ?"),
                  {conversation})
                    .toInt(),
            2, 10000);
    QTest::qWait(300);
    QCOMPARE(m_openAi->requests().size(), 1);
    QCOMPARE(m_gupshup->receivedForms().size(), 1);
}

void MainFlowTest::argentinaAddressIsKeptAsReceived()
{
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text-argentina-549.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    // WhatsApp's id keeps the mobile 9; the reply goes exactly there.
    QCOMPARE(m_gupshup->sentMessages().constFirst().destination, QStringLiteral("5491155550000"));
    QCOMPARE(value(QStringLiteral("SELECT provider_address FROM conversations")).toString(),
             QStringLiteral("5491155550000"));
}

void MainFlowTest::noSecretInFilesOrLog()
{
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
    QTRY_COMPARE(value(QStringLiteral("SELECT status FROM outbound_messages")).toString(), QStringLiteral("enqueued"));

    // Read while the service still runs, so the WAL contains the recent writes.
    const QStringList secrets{OpenAiKey, GupshupKey, WebhookToken};
    QByteArray everything; // what was read, to show the search looked at real data
    int filesRead = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile file(m_location.filePath + suffix);
        if (!file.exists())
            continue;
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QByteArray bytes = file.readAll();
        everything += bytes;
        ++filesRead;
        for (const QString &secret : secrets) {
            QVERIFY2(!bytes.contains(secret.toUtf8()),
                     qPrintable(QStringLiteral("%1 contains a secret").arg(file.fileName())));
            QVERIFY2(!bytes.contains(secret.toUtf8().toBase64()),
                     qPrintable(QStringLiteral("%1 contains a secret in base64").arg(file.fileName())));
        }
    }
    QVERIFY(filesRead >= 2); // the database and its WAL at least
    QVERIFY(everything.contains(ModelReply.toUtf8()));

    QStringList log;
    {
        QMutexLocker locker(&logMutex);
        log = capturedLog;
    }
    QVERIFY(!log.filter(QStringLiteral("service started")).isEmpty());
    for (const QString &line : std::as_const(log)) {
        for (const QString &secret : secrets)
            QVERIFY2(!line.contains(secret), qPrintable(QStringLiteral("a log line contains a secret")));
    }
}

void MainFlowTest::outboxSurvivesRestart_data()
{
    QTest::addColumn<RestartScenario>("scenario");
    QTest::newRow("connection dropped, stopped before the retry") << RestartScenario::DroppedConnection;
    QTest::newRow("503 with Retry-After, stopped before the retry") << RestartScenario::ServiceUnavailable;
    QTest::newRow("stopped while Gupshup had the request") << RestartScenario::StoppedMidSend;
}

void MainFlowTest::outboxSurvivesRestart()
{
    QFETCH(RestartScenario, scenario);
    switch (scenario) {
    case RestartScenario::DroppedConnection: {
        // Qt 6.4 sends a request once more when the connection closes before any response
        // (seen with this fake), so only the second drop reaches the outbox as a failed attempt.
        FakeResponse dropped;
        dropped.dropConnection = true;
        m_gupshup->enqueueResponse(dropped);
        m_gupshup->enqueueResponse(dropped);
        break;
    }
    case RestartScenario::ServiceUnavailable:
        m_gupshup->enqueueResponse(FakeGupshup::errorAnswer(
                503, R"({"message":"Service Unavailable","status":"error"})", {{"Retry-After", "30"}}));
        break;
    case RestartScenario::StoppedMidSend:
        m_gupshup->setSuccessDelayMs(30000);
        break;
    }
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!m_gupshup->receivedForms().isEmpty(), 10000);

    if (scenario == RestartScenario::StoppedMidSend) {
        QTRY_VERIFY(!value(QStringLiteral("SELECT sending_since FROM outbound_messages")).isNull());
    } else {
        // The failure is recorded and the next attempt waits.
        QTRY_VERIFY_WITH_TIMEOUT(value(QStringLiteral("SELECT sending_since FROM outbound_messages")).isNull(), 10000);
        QCOMPARE(value(QStringLiteral("SELECT attempts FROM outbound_messages")).toInt(), 1);
    }
    QCOMPARE(value(QStringLiteral("SELECT status FROM outbound_messages")).toString(), QStringLiteral("queued"));
    const qsizetype formsBeforeStop = m_gupshup->receivedForms().size();
    m_host.reset();

    // Past any backoff the stopped run had chosen.
    m_clock->jump(5 * 60 * 1000);
    m_gupshup->setSuccessDelayMs(0);
    QVERIFY(startHost());
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT status FROM outbound_messages")).toString(),
                              QStringLiteral("enqueued"), 10000);
    QVERIFY(!m_gupshup->sentMessages().isEmpty());
    QCOMPARE(m_gupshup->sentMessages().constLast().text, ModelReply);
    QCOMPARE(value(QStringLiteral("SELECT provider_message_id FROM outbound_messages")).toString(),
             m_gupshup->sentMessages().constLast().messageId);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM outbound_attempts")).toInt(), 2);
    QCOMPARE(m_gupshup->receivedForms().size(), formsBeforeStop + 1);
    // The model was called once: the restart did not request the reply again.
    QCOMPARE(m_openAi->requests().size(), 1);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")).toInt(), 1);
}

QStringList MainFlowTest::logLines()
{
    QMutexLocker locker(&logMutex);
    return capturedLog;
}

void MainFlowTest::restartAnswersRecentLeadMessages_data()
{
    QTest::addColumn<qint64>("stoppedForMs");
    QTest::addColumn<bool>("answered");
    QTest::newRow("restarted a minute later") << qint64(60 * 1000) << true;
    // Outside WhatsApp's 24-hour window no free text may go out, so no turn is scheduled.
    QTest::newRow("restarted 25 hours later") << qint64(25 * 60 * 60 * 1000) << false;
}

// A lead message that arrived while the AI was off gets its AI reply once the service
// starts again with the AI on, unless it is older than the customer service window.
void MainFlowTest::restartAnswersRecentLeadMessages()
{
    QFETCH(qint64, stoppedForMs);
    QFETCH(bool, answered);
    setSetting(QStringLiteral("ai.enabled"), QStringLiteral("false"));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'lead'")).toInt(), 1,
                              10000);
    m_host.reset();

    setSetting(QStringLiteral("ai.enabled"), QStringLiteral("true"));
    m_clock->jump(stoppedForMs);
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    const qsizetype linesBeforeRestart = logLines().size();
    QVERIFY(startHost());
    const QString resumed = QStringLiteral("resuming turns for %1 conversation(s)").arg(answered ? 1 : 0);
    QTRY_VERIFY_WITH_TIMEOUT(!logLines().mid(linesBeforeRestart).filter(resumed).isEmpty(), 10000);
    if (answered) {
        QTRY_COMPARE_WITH_TIMEOUT(m_gupshup->sentMessages().size(), 1, 10000);
        QCOMPARE(m_gupshup->sentMessages().constLast().text, ModelReply);
    }
    QCOMPARE(m_openAi->requests().size(), answered ? 1 : 0);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")).toInt(), answered ? 1 : 0);
}

// A conversation that a failed turn flagged for a human stays with the human after a
// restart. Resuming it made the AI reply to a message minutes old, perhaps while a person
// was replying, and in team mode it requested an exhausted quota again and again.
void MainFlowTest::restartLeavesFlaggedConversationsToHumans()
{
    m_openAi->enqueue(m_openAi->error(QStringLiteral("errors/429-insufficient-quota.json")));
    QVERIFY(startHost());
    QCOMPARE(postFixture(QStringLiteral("gupshup/v2-webhook/message-text.json")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1, 10000);
    QCOMPARE(m_openAi->requests().size(), 1);
    m_host.reset();

    m_clock->jump(60 * 1000);
    m_openAi->enqueue(m_openAi->reply(ModelReply));
    const qsizetype linesBeforeRestart = logLines().size();
    QVERIFY(startHost());
    QTRY_VERIFY_WITH_TIMEOUT(
        !logLines().mid(linesBeforeRestart).filter(QStringLiteral("resuming turns for 0 conversation(s)")).isEmpty(),
        10000);
    QCOMPARE(m_openAi->requests().size(), 1);
    QCOMPARE(value(QStringLiteral("SELECT needs_human FROM conversations")).toInt(), 1);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE sender = 'ai'")).toInt(), 0);
    QCOMPARE(m_gupshup->sentMessages().size(), 0);
}

QTEST_GUILESS_MAIN(MainFlowTest)
#include "tst_mainflow.moc"
