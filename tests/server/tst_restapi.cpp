// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The REST API as a client sees it: real HTTP on 127.0.0.1 against a running ServiceHost
// on a temporary SQLite file. Each response is checked on the wire (status, body, headers)
// and its outcome in the database through the test's own connection.

#include "Fixtures.h"
#include "HttpTestClient.h"
#include "ServiceCore.h"
#include "ServiceHarness.h"
#include "ServiceHost.h"
#include "core/Clock.h"
#include "core/TextLanguage.h"
#include "operations/AccountService.h"
#include "operations/ApiTokens.h"
#include "security/JsonWebToken.h"
#include "security/PasswordHasher.h"
#include "security/SecretBox.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <atomic>
#include <memory>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

constexpr int ResponseTimeoutMs = 15000;
const QString Password = QStringLiteral("correct horse battery");
const QString WrongPassword = QStringLiteral("incorrect horse battery");

// The seeded accounts, one per role plus a second agent and a deactivated agent.
const QString AdminEmail = QStringLiteral("admin@example.com");
const QString ManagerEmail = QStringLiteral("manager@example.com");
const QString AgentEmail = QStringLiteral("agent@example.com");
const QString OtherAgentEmail = QStringLiteral("agent2@example.com");
const QString FormerEmail = QStringLiteral("former@example.com");

// Every "METHOD path" the OpenAPI document must list, the webhooks included. The test also
// compares it with the router's own list, so neither can change without the other.
const QStringList DocumentedRoutes = {
    QStringLiteral("GET /health"),
    QStringLiteral("POST /api/auth/login"),
    QStringLiteral("POST /api/auth/register"),
    QStringLiteral("GET /api/auth/me"),
    QStringLiteral("GET /api/leads"),
    QStringLiteral("POST /api/leads"),
    QStringLiteral("GET /api/leads/{id}"),
    QStringLiteral("PUT /api/leads/{id}"),
    QStringLiteral("DELETE /api/leads/{id}"),
    QStringLiteral("GET /api/campaigns"),
    QStringLiteral("GET /api/campaigns/{id}"),
    QStringLiteral("POST /api/campaigns"),
    QStringLiteral("PUT /api/campaigns/{id}"),
    QStringLiteral("DELETE /api/campaigns/{id}"),
    QStringLiteral("GET /api/calls"),
    QStringLiteral("GET /api/calls/{id}"),
    QStringLiteral("GET /api/conversations"),
    QStringLiteral("GET /api/conversations/{id}"),
    QStringLiteral("PUT /api/conversations/{id}"),
    QStringLiteral("POST /api/conversations/{id}/messages"),
    QStringLiteral("GET /api/integrations"),
    QStringLiteral("PUT /api/integrations/{provider}"),
    QStringLiteral("GET /api/openapi.json"),
    QStringLiteral("POST /api/webhooks/gupshup/{token}"),
    QStringLiteral("POST /api/webhooks/twilio/call"),
    QStringLiteral("POST /api/webhooks/twilio/recording"),
    QStringLiteral("GET /api/webhooks/meta"),
    QStringLiteral("POST /api/webhooks/meta"),
    QStringLiteral("GET /media/{token}"),
};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QSet<qint64> idsOf(const QJsonArray &array)
{
    QSet<qint64> ids;
    for (const QJsonValue &value : array)
        ids.insert(qint64(value.toObject().value(QLatin1String("id")).toDouble()));
    return ids;
}

QList<qint64> idListOf(const QJsonArray &array)
{
    QList<qint64> ids;
    for (const QJsonValue &value : array)
        ids.append(qint64(value.toObject().value(QLatin1String("id")).toDouble()));
    return ids;
}

// A clock the test moves while the service thread reads it.
class SteppingClock final : public Clock
{
public:
    explicit SteppingClock(qint64 startMs) : m_nowMs(startMs) {}
    qint64 nowMs() const override { return m_nowMs.load(); }
    void advance(qint64 ms) { m_nowMs += ms; }

private:
    std::atomic<qint64> m_nowMs;
};

} // namespace

class TestRestApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void disabledApiReturnsNotFound_data();
    void disabledApiReturnsNotFound();
    void webhooksWorkWithApiOff();

    void loginReturnsTokenAndUser();
    void loginFailuresShareOneMessage();
    void loginWorksOnFreshInstallation();
    void manyFailuresFromTheTunnelLockNoOneElseOut();
    void deactivatedUserCannotLogIn();
    void loginLockoutSetsRetryAfter();
    void loginNamesMissingFields_data();
    void loginNamesMissingFields();
    void wrongTypeIsNotMissing_data();
    void wrongTypeIsNotMissing();
    void invalidJsonIsRejected_data();
    void invalidJsonIsRejected();
    void depthThirtyTwoIsAccepted();
    void unknownBodyFieldsAreRejected_data();
    void unknownBodyFieldsAreRejected();
    void nulCharacterIsRejected_data();
    void nulCharacterIsRejected();
    void bodyOtherThanJsonIsUnsupported_data();
    void bodyOtherThanJsonIsUnsupported();
    void jsonContentTypeMayCarryParameters_data();
    void jsonContentTypeMayCarryParameters();
    void bodyWithoutContentTypeIsRead();
    void invalidIdIsNamed_data();
    void invalidIdIsNamed();
    void invalidIdNeedsAuthenticationFirst();
    void largestIdIsNotFound();

    void badTokensAreUnauthorized_data();
    void badTokensAreUnauthorized();
    void expiredTokenIsUnauthorized();
    void accountChangesRevokeOldTokens_data();
    void accountChangesRevokeOldTokens();

    void registerCreatesUserForAdmins();
    void registerRejectsInvalidRequests_data();
    void registerRejectsInvalidRequests();

    void rolesAgainstRoutes_data();
    void rolesAgainstRoutes();
    void leadListFollowsRole_data();
    void leadListFollowsRole();
    void integrationSecretsAreWriteOnly();
    void integrationWithoutWebhookHasNullTime();

    void leadLifecycle();
    void samePhoneOtherFormatConflicts();
    void invalidLeadFieldsAreNamed_data();
    void invalidLeadFieldsAreNamed();

    void defaultPageOfThousandLeads();
    void thirdPageOfHundred();
    void invalidQueryParametersAreNamed_data();
    void invalidQueryParametersAreNamed();
    void malformedQueryParameterIsNamed_data();
    void malformedQueryParameterIsNamed();
    void campaignListIsPaginated();
    void invalidCampaignPagingIsRejected_data();
    void invalidCampaignPagingIsRejected();
    void filtersNarrowTheList_data();
    void filtersNarrowTheList();

    void campaignLifecycle();
    void campaignKeywordConflictIs409();
    void invalidCampaignFieldsAreNamed_data();
    void invalidCampaignFieldsAreNamed();
    void missingCampaignIs404_data();
    void missingCampaignIs404();

    void agentListsOnlyVisibleCalls();
    void callsFilterByLead();
    void callReadFollowsLeadOwner();

    void agentListsOnlyVisibleConversations();
    void replyInsideWindowIsQueued();
    void takeoverGivenBackThroughApi();
    void replyOutsideWindowIsRejected();
    void overlongReplyNamesContent();

    void openApiListsServedRoutes();
    void undocumentedMethodsReturn405();

    void successMessageFollowsAcceptLanguage_data();
    void successMessageFollowsAcceptLanguage();
    void errorMessageFollowsAcceptLanguage_data();
    void errorMessageFollowsAcceptLanguage();
    void errorMessageWithoutHeaderIsEnglish();

private:
    // Before the host starts: settings, users and whatever a test inserts itself.
    void configureDatabase();
    void startHost();
    qint64 insertLead(const QString &phone, qint64 assignedUserId, qint64 createdMs = 0);
    qint64 insertConversation(qint64 leadId, qint64 lastInboundMs);
    qint64 insertCall(qint64 leadId, qint64 startMs);
    qint64 insertCampaign(const QString &name, const QStringList &keywords);
    void insertThousandLeads();

    HttpResponse request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                         const QByteArray &token = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpResponse login(const QString &email, const QString &password);
    HttpResponse sendToSeededRecords(const QByteArray &method, const QString &path, const QByteArray &body,
                                     bool &unchanged, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // A token issued as the server would, through ApiTokens on the test's connection.
    QByteArray tokenFor(qint64 userId, const Clock &clock, int lifetimeMinutes = 60);
    QByteArray tokenFor(qint64 userId) { return tokenFor(userId, m_clock); }
    QByteArray tokenForRole(const QString &role);

    qint64 count(const QString &fromWhere, const QVariantList &values = {}) const;
    QVariant scalar(const QString &sql, const QVariantList &values = {}) const;

    QString m_passwordHash;
    SystemClock m_clock;
    std::shared_ptr<SteppingClock> m_hostClock; // null: the host runs on the system clock
    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<HttpTestClient> m_http;
    int m_connectionSerial = 0;

    QHash<QString, qint64> m_userIds; // by email
    QList<qint64> m_thousandIds;      // oldest first
    qint64 m_campaignId = 0;
};

void TestRestApi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(SecretBox::initialize());
    // One Argon2id hash for every seeded account: hashing costs tens of milliseconds.
    auto hash = PasswordHasher::hash(Password);
    QVERIFY2(hash, qPrintable(hash ? QString() : hash.error().message));
    m_passwordHash = *hash;
    // As main() does: the process speaks English here, and each request its own language.
    QCoreApplication::installTranslator(new ProspectaTranslator(QLocale(QLocale::English), this));
}

void TestRestApi::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_http = std::make_unique<HttpTestClient>(ResponseTimeoutMs);
    m_userIds.clear();
    m_thousandIds.clear();
    m_campaignId = 0;
    // The API is on; the tests of the switch turn it off before starting the host.
    configureDatabase();
}

void TestRestApi::cleanup()
{
    m_host.reset();
    m_hostClock.reset();
    m_http.reset();
    m_db.reset();
    m_harness.reset();
}

void TestRestApi::configureDatabase()
{
    m_db = std::make_unique<Database>();
    const qint64 nowMs = m_clock.nowMs();
    const Status prepared = m_harness->prepare(*m_db, QStringLiteral("tst_restapi-%1").arg(++m_connectionSerial), nowMs);
    QVERIFY2(prepared, qPrintable(messageOf(prepared)));

    SettingsRepository settings(*m_db);
    for (const auto &[key, value] : {std::pair{QStringLiteral("api.enabled"), QStringLiteral("true")},
                                     std::pair{QStringLiteral("ai.enabled"), QStringLiteral("false")},
                                     std::pair{QStringLiteral("phone.defaultRegion"), QStringLiteral("MX")}}) {
        auto set = settings.set(key, value, nowMs);
        QVERIFY2(set, qPrintable(set ? QString() : set.error().message));
    }

    const struct
    {
        QString email;
        QString name;
        UserRole role;
    } accounts[] = {
        {AdminEmail, QStringLiteral("Ada Admin"), UserRole::Admin},
        {ManagerEmail, QStringLiteral("Manu Manager"), UserRole::Manager},
        {AgentEmail, QStringLiteral("Agustina Agent"), UserRole::Agent},
        {OtherAgentEmail, QStringLiteral("Otto Agent"), UserRole::Agent},
        {FormerEmail, QStringLiteral("Fernando Former"), UserRole::Agent},
    };
    UserRepository users(*m_db);
    for (const auto &account : accounts) {
        User user;
        user.name = account.name;
        user.email = account.email;
        user.role = account.role;
        auto id = users.insert(user, m_passwordHash, nowMs);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message));
        m_userIds.insert(account.email, *id);
    }
    const Status deactivated = users.setActive(m_userIds.value(FormerEmail), false, nowMs);
    QVERIFY2(deactivated, qPrintable(deactivated ? QString() : deactivated.error().message));
}

void TestRestApi::startHost()
{
    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(m_hostClock));
    const Status started = m_host->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    QVERIFY(m_host->port() != 0);
}

qint64 TestRestApi::insertLead(const QString &phone, qint64 assignedUserId, qint64 createdMs)
{
    Lead lead;
    lead.name = QStringLiteral("Lead %1").arg(phone);
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.country = QStringLiteral("MX");
    lead.source = LeadSource::Manual;
    lead.assignedUserId = assignedUserId;
    auto id = LeadRepository(*m_db).create(lead, createdMs > 0 ? createdMs : m_clock.nowMs());
    if (!id) {
        qWarning("could not insert a lead: %s", qPrintable(id.error().message));
        return 0;
    }
    return *id;
}

// A conversation with one message from the lead, received at `lastInboundMs`.
qint64 TestRestApi::insertConversation(qint64 leadId, qint64 lastInboundMs)
{
    Conversation conversation;
    conversation.leadId = leadId;
    conversation.providerAddress = QStringLiteral("5215500000000");
    ConversationRepository conversations(*m_db);
    auto id = conversations.create(conversation, lastInboundMs);
    if (!id) {
        qWarning("could not insert a conversation: %s", qPrintable(id.error().message));
        return 0;
    }
    Message message;
    message.conversationId = *id;
    message.sender = SenderKind::Lead;
    message.content = QStringLiteral("Hola, quiero información.");
    message.providerMessageId = QStringLiteral("wamid-%1").arg(*id);
    message.providerTimestampMs = lastInboundMs;
    message.createdMs = lastInboundMs;
    if (auto inserted = MessageRepository(*m_db).insert(message); !inserted)
        qWarning("could not insert a message: %s", qPrintable(inserted.error().message));
    if (auto recorded = conversations.recordMessage(*id, lastInboundMs, true, lastInboundMs); !recorded)
        qWarning("could not record the message: %s", qPrintable(recorded.error().message));
    return *id;
}

// A completed outbound call, written with SQL as the telephony code would write it.
qint64 TestRestApi::insertCall(qint64 leadId, qint64 startMs)
{
    static int serial = 0;
    auto id = m_db->insert(
        QStringLiteral("INSERT INTO calls (lead_id, direction, status, start_at, end_at, duration_seconds, "
                       "recording_url, call_sid, notes, created_at, updated_at) "
                       "VALUES (?, 'outbound', 'completed', ?, ?, 42, '', ?, 'Interesado', ?, ?) RETURNING id"),
        {leadId, startMs, startMs + 42000, QStringLiteral("CA%1").arg(++serial, 32, 10, QLatin1Char('0')), startMs,
         startMs});
    if (!id) {
        qWarning("could not insert a call: %s", qPrintable(id.error().message));
        return 0;
    }
    return *id;
}

qint64 TestRestApi::insertCampaign(const QString &name, const QStringList &keywords)
{
    Campaign campaign;
    campaign.name = name;
    campaign.keywords = keywords;
    auto id = CampaignRepository(*m_db).create(campaign, m_clock.nowMs());
    if (!id) {
        qWarning("could not insert a campaign: %s", qPrintable(id.error().message));
        return 0;
    }
    return *id;
}

// 1,000 leads, one second apart, in one transaction. Lead i (from 0) has the status
// i % 5 (new, contacted, qualified, converted, lost), the source web when i is odd and
// whatsapp when even, and the campaign when i % 4 == 0.
void TestRestApi::insertThousandLeads()
{
    Campaign campaign;
    campaign.name = QStringLiteral("Feria 2026");
    auto campaignId = CampaignRepository(*m_db).create(campaign, m_clock.nowMs());
    QVERIFY2(campaignId, qPrintable(campaignId ? QString() : campaignId.error().message));
    m_campaignId = *campaignId;

    const LeadStatus statuses[] = {LeadStatus::New, LeadStatus::Contacted, LeadStatus::Qualified, LeadStatus::Converted,
                                   LeadStatus::Lost};
    const qint64 startMs = m_clock.nowMs() - 2000LL * 1000;
    Transaction transaction(*m_db);
    QVERIFY(transaction.started());
    LeadRepository leads(*m_db);
    for (int i = 0; i < 1000; ++i) {
        Lead lead;
        lead.name = QStringLiteral("Prospecto %1").arg(i);
        lead.phone = QStringLiteral("+52551%1").arg(i, 7, 10, QLatin1Char('0'));
        lead.phoneKey = lead.phone;
        lead.country = QStringLiteral("MX");
        lead.status = statuses[i % 5];
        lead.source = i % 2 ? LeadSource::Web : LeadSource::WhatsApp;
        lead.campaignId = i % 4 == 0 ? m_campaignId : 0;
        auto id = leads.create(lead, startMs + i * 1000LL);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message));
        m_thousandIds.append(*id);
    }
    QVERIFY(transaction.commit());
}

HttpResponse TestRestApi::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                  const QByteArray &token, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    if (!m_host)
        return {};
    HttpHeaders allHeaders;
    if (!token.isEmpty())
        allHeaders.append({"Authorization", "Bearer " + token});
    allHeaders.append(headers);
    return m_http->request(m_host->port(), method, path, body, allHeaders);
}

HttpResponse TestRestApi::login(const QString &email, const QString &password)
{
    return request("POST", QStringLiteral("/api/auth/login"),
                   compact({{QStringLiteral("email"), email}, {QStringLiteral("password"), password}}));
}

QByteArray TestRestApi::tokenFor(qint64 userId, const Clock &clock, int lifetimeMinutes)
{
    auto keys = InstallationKeys::load(*m_db, m_harness->keyPath());
    if (!keys) {
        qWarning("no key pair: %s", qPrintable(keys.error().message));
        return {};
    }
    auto token = ApiTokens(*m_db, clock, *keys).issue(userId, lifetimeMinutes);
    if (!token) {
        qWarning("no token: %s", qPrintable(token.error().message));
        return {};
    }
    return *token;
}

QByteArray TestRestApi::tokenForRole(const QString &role)
{
    if (role == QLatin1String("admin"))
        return tokenFor(m_userIds.value(AdminEmail));
    if (role == QLatin1String("manager"))
        return tokenFor(m_userIds.value(ManagerEmail));
    if (role == QLatin1String("agent"))
        return tokenFor(m_userIds.value(AgentEmail));
    return {};
}

qint64 TestRestApi::count(const QString &fromWhere, const QVariantList &values) const
{
    return scalar(QStringLiteral("SELECT COUNT(*) FROM ") + fromWhere, values).toLongLong();
}

QVariant TestRestApi::scalar(const QString &sql, const QVariantList &values) const
{
    auto value = m_db->scalar(sql, values);
    if (!value) {
        qWarning("query failed: %s", qPrintable(value.error().message));
        return QVariant(-1);
    }
    return *value;
}

// ---------------------------------------------------------------------------------------
// api.enabled

void TestRestApi::disabledApiReturnsNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");

    const QByteArray credentials = compact({{QStringLiteral("email"), AdminEmail}, {QStringLiteral("password"), Password}});
    QTest::newRow("login") << QByteArrayLiteral("POST") << QStringLiteral("/api/auth/login") << credentials;
    QTest::newRow("register") << QByteArrayLiteral("POST") << QStringLiteral("/api/auth/register") << QByteArrayLiteral("{}");
    QTest::newRow("me") << QByteArrayLiteral("GET") << QStringLiteral("/api/auth/me") << QByteArray();
    QTest::newRow("leads") << QByteArrayLiteral("GET") << QStringLiteral("/api/leads") << QByteArray();
    QTest::newRow("create lead") << QByteArrayLiteral("POST") << QStringLiteral("/api/leads")
                                 << QByteArrayLiteral("{\"phone\":\"5512345678\"}");
    QTest::newRow("lead") << QByteArrayLiteral("GET") << QStringLiteral("/api/leads/1") << QByteArray();
    QTest::newRow("update lead") << QByteArrayLiteral("PUT") << QStringLiteral("/api/leads/1") << QByteArrayLiteral("{}");
    QTest::newRow("delete lead") << QByteArrayLiteral("DELETE") << QStringLiteral("/api/leads/1") << QByteArray();
    QTest::newRow("campaigns") << QByteArrayLiteral("GET") << QStringLiteral("/api/campaigns") << QByteArray();
    QTest::newRow("conversations") << QByteArrayLiteral("GET") << QStringLiteral("/api/conversations") << QByteArray();
    QTest::newRow("reply") << QByteArrayLiteral("POST") << QStringLiteral("/api/conversations/1/messages")
                           << QByteArrayLiteral("{\"content\":\"hola\"}");
    QTest::newRow("integrations") << QByteArrayLiteral("GET") << QStringLiteral("/api/integrations") << QByteArray();
    QTest::newRow("set integration") << QByteArrayLiteral("PUT") << QStringLiteral("/api/integrations/openai")
                                     << QByteArrayLiteral("{}");
    QTest::newRow("openapi") << QByteArrayLiteral("GET") << QStringLiteral("/api/openapi.json") << QByteArray();
}

// With the API off, every REST route looks like a missing one, even with a valid token,
// while /health keeps responding.
void TestRestApi::disabledApiReturnsNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);

    const auto off = SettingsRepository(*m_db).set(QStringLiteral("api.enabled"), QStringLiteral("false"), m_clock.nowMs());
    QVERIFY2(off, qPrintable(off ? QString() : off.error().message));
    startHost();
    const QByteArray adminToken = tokenFor(m_userIds.value(AdminEmail));
    QVERIFY(!adminToken.isEmpty());

    const HttpResponse response = request(method, path, body, adminToken);
    const QString problem = errorShapeProblem(response, 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const HttpResponse health = request("GET", QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
}

// The switch is for the REST API only: a provider's webhook is still taken in.
void TestRestApi::webhooksWorkWithApiOff()
{
    const qint64 nowMs = m_clock.nowMs();
    auto off = SettingsRepository(*m_db).set(QStringLiteral("api.enabled"), QStringLiteral("false"), nowMs);
    QVERIFY2(off, qPrintable(off ? QString() : off.error().message));
    auto publicKey = InstallationKeys::ensurePublicKey(*m_db, m_harness->keyPath());
    QVERIFY(publicKey);
    const QString webhookToken = QStringLiteral("test-token-0123456789");
    const Status saved = IntegrationRepository(*m_db).save(
        Provider::Gupshup,
        {{QStringLiteral("apiKey"), QStringLiteral("gs_fixture_apikey_0000000000000000")},
         {QStringLiteral("appName"), QStringLiteral("CrmVentasDemo")},
         {QStringLiteral("source"), QStringLiteral("51940000999")},
         {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/wa/api/v1")},
         {QStringLiteral("webhookToken"), webhookToken}},
        *publicKey, nowMs);
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
    startHost();

    const QByteArray message = Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    QVERIFY(!message.isEmpty());
    const HttpResponse response = request("POST", QStringLiteral("/api/webhooks/gupshup/") + webhookToken, message);
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QCOMPARE(response.json().value(QLatin1String("status")).toString(), QStringLiteral("received"));
    QCOMPARE(request("GET", QStringLiteral("/api/leads"), {}, tokenForRole(QStringLiteral("admin"))).status, 404);
}

// ---------------------------------------------------------------------------------------
// login

void TestRestApi::loginReturnsTokenAndUser()
{
    startHost();
    const HttpResponse response = login(QStringLiteral("Manager@Example.com"), Password);
    QCOMPARE(response.status, 200);
    const QJsonObject body = response.json();
    QCOMPARE(body.value(QLatin1String("message")).toString(), QStringLiteral("Logged in."));
    const QString token = body.value(QLatin1String("token")).toString();
    QCOMPARE(token.count(QLatin1Char('.')), 2);
    const QJsonObject user = body.value(QLatin1String("user")).toObject();
    QCOMPARE(qint64(user.value(QLatin1String("id")).toDouble()), m_userIds.value(ManagerEmail));
    QCOMPARE(user.value(QLatin1String("name")).toString(), QStringLiteral("Manu Manager"));
    QCOMPARE(user.value(QLatin1String("email")).toString(), ManagerEmail);
    QCOMPARE(user.value(QLatin1String("role")).toString(), QStringLiteral("manager"));
    QVERIFY2(!response.body.contains("argon2"), response.body.constData());
    QVERIFY2(!response.body.contains("password"), response.body.constData());

    // The token is accepted.
    const HttpResponse me = request("GET", QStringLiteral("/api/auth/me"), {}, token.toLatin1());
    QVERIFY2(me.status == 200, qPrintable(me.text()));
    QCOMPARE(me.json().value(QLatin1String("user")).toObject().value(QLatin1String("email")).toString(), ManagerEmail);
}

// A database where no integration was ever set has no installation key yet. The service
// makes it at start, so the API can sign tokens right away.
void TestRestApi::loginWorksOnFreshInstallation()
{
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM installation")).ok());
    QVERIFY(QFile::remove(m_harness->keyPath()));
    startHost();
    const HttpResponse response = login(QStringLiteral("manager@example.com"), Password);
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QVERIFY(QFile::exists(m_harness->keyPath()));
}

// Behind a tunnel without trusted forwarding headers every caller is 127.0.0.1, so a
// stranger's failures there must not lock other users' API logins out.
void TestRestApi::manyFailuresFromTheTunnelLockNoOneElseOut()
{
    startHost();
    for (int attempt = 0; attempt < 25; ++attempt) {
        const HttpResponse refused = login(QStringLiteral("nobody%1@example.com").arg(attempt), QStringLiteral("guess-%1-xxxxxx").arg(attempt));
        QVERIFY2(refused.status == 401 || refused.status == 429, qPrintable(refused.text()));
    }
    const HttpResponse manager = login(QStringLiteral("manager@example.com"), Password);
    QVERIFY2(manager.status == 200, qPrintable(manager.text()));
}

void TestRestApi::loginFailuresShareOneMessage()
{
    startHost();
    const HttpResponse wrongPassword = login(AgentEmail, WrongPassword);
    const HttpResponse unknownEmail = login(QStringLiteral("nobody@example.com"), Password);
    for (const HttpResponse *response : {&wrongPassword, &unknownEmail}) {
        const QString problem = errorShapeProblem(*response, 401, QStringLiteral("unauthorized"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    // The message is the same, so an attacker cannot learn which emails exist.
    QCOMPARE(wrongPassword.json().value(QLatin1String("message")).toString(),
             unknownEmail.json().value(QLatin1String("message")).toString());
    QVERIFY(!wrongPassword.json().contains(QLatin1String("token")));
}

void TestRestApi::deactivatedUserCannotLogIn()
{
    startHost();
    const HttpResponse response = login(FormerEmail, Password);
    const QString problem = errorShapeProblem(response, 401, QStringLiteral("unauthorized"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!response.json().contains(QLatin1String("token")));
}

// After each failure the same email from the same client waits 1, 2, 4 and 8 seconds. The
// fifth failure locks it out for 15 minutes, so the next attempt is rejected before the
// password is checked, even a right one, with Retry-After. The host runs on a clock the
// test moves, so the waits cost no real time.
void TestRestApi::loginLockoutSetsRetryAfter()
{
    m_hostClock = std::make_shared<SteppingClock>(m_clock.nowMs());
    startHost();
    auto retryAfterOf = [](const HttpResponse &response) {
        bool isNumber = false;
        const int seconds = response.header("Retry-After").toInt(&isNumber);
        return isNumber ? seconds : -1;
    };
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const HttpResponse response = login(AgentEmail, WrongPassword);
        QVERIFY2(response.status == 401, qPrintable(QStringLiteral("attempt %1: %2").arg(attempt).arg(response.text())));
        if (attempt < 5) {
            // Retrying at once is rejected with the back-off as Retry-After.
            const HttpResponse early = login(AgentEmail, Password);
            const QString problem = errorShapeProblem(early, 429, QStringLiteral("too_many_requests"));
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("after failure %1: %2").arg(attempt).arg(problem)));
            QCOMPARE(retryAfterOf(early), 1 << (attempt - 1));
        }
        m_hostClock->advance(10 * 1000);
    }
    const HttpResponse locked = login(AgentEmail, Password);
    const QString problem = errorShapeProblem(locked, 429, QStringLiteral("too_many_requests"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const int retryAfter = retryAfterOf(locked);
    QVERIFY2(retryAfter > 10 * 60 && retryAfter <= 15 * 60, locked.header("Retry-After").constData());
    QVERIFY(!locked.json().contains(QLatin1String("token")));

    // Another account from the same client is not locked.
    QCOMPARE(login(ManagerEmail, Password).status, 200);
    // Once the lockout is over, the right password works again.
    m_hostClock->advance(15 * 60 * 1000);
    QCOMPARE(login(AgentEmail, Password).status, 200);
}

void TestRestApi::loginNamesMissingFields_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("missing");

    QTest::newRow("empty object") << QByteArrayLiteral("{}") << QStringList{QStringLiteral("email"), QStringLiteral("password")};
    QTest::newRow("no password") << QByteArrayLiteral("{\"email\":\"agent@example.com\"}") << QStringList{QStringLiteral("password")};
    QTest::newRow("no email") << QByteArrayLiteral("{\"password\":\"correct horse battery\"}") << QStringList{QStringLiteral("email")};
    QTest::newRow("empty email") << QByteArrayLiteral("{\"email\":\"\",\"password\":\"correct horse battery\"}")
                                 << QStringList{QStringLiteral("email")};
    QTest::newRow("null password") << QByteArrayLiteral("{\"email\":\"agent@example.com\",\"password\":null}")
                                   << QStringList{QStringLiteral("password")};
}

void TestRestApi::loginNamesMissingFields()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, missing);
    startHost();
    const HttpResponse response = request("POST", QStringLiteral("/api/auth/login"), body);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("missing_field"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QStringList fields;
    for (const QJsonValue &field : response.json().value(QLatin1String("fields")).toArray())
        fields << field.toString();
    fields.sort();
    missing.sort();
    QCOMPARE(fields, missing);
}

// A field that is present with a value of another type is invalid, not missing, on every
// route whose body names required texts.
void TestRestApi::wrongTypeIsNotMissing_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    const QString login = QStringLiteral("/api/auth/login");
    const QString registration = QStringLiteral("/api/auth/register");
    QTest::newRow("login password as number") << login
                                              << QByteArrayLiteral("{\"email\":\"admin@example.com\",\"password\":123}")
                                              << QStringLiteral("password");
    QTest::newRow("login email as bool") << login << QByteArrayLiteral("{\"email\":true,\"password\":\"x\"}")
                                         << QStringLiteral("email");
    QTest::newRow("login email as object, password absent") << login << QByteArrayLiteral("{\"email\":{}}")
                                                            << QStringLiteral("email");
    QTest::newRow("register name as number")
        << registration
        << QByteArrayLiteral("{\"name\":7,\"email\":\"nora@example.com\",\"password\":\"nora's long password\","
                             "\"role\":\"agent\"}")
        << QStringLiteral("name");
}

void TestRestApi::wrongTypeIsNotMissing()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    startHost();
    const qint64 usersBefore = count(QStringLiteral("users"));
    const HttpResponse response = request("POST", path, body, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("users")), usersBefore);
}

void TestRestApi::invalidJsonIsRejected_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray depth33 = "{\"email\":\"agent@example.com\",\"password\":\"correct horse battery\",\"x\":"
        + QByteArray(32, '[') + QByteArray(32, ']') + "}";
    QTest::newRow("duplicate key") << QByteArrayLiteral(
        "{\"email\":\"agent@example.com\",\"email\":\"admin@example.com\",\"password\":\"correct horse battery\"}");
    QTest::newRow("escaped lone high surrogate")
        << QByteArrayLiteral("{\"email\":\"agent\\ud800@example.com\",\"password\":\"correct horse battery\"}");
    QTest::newRow("escaped lone low surrogate")
        << QByteArrayLiteral("{\"email\":\"agent@example.com\",\"password\":\"correct \\udc00horse battery\"}");
    QTest::newRow("raw surrogate bytes")
        << QByteArray("{\"email\":\"agent\xed\xa0\x80@example.com\",\"password\":\"correct horse battery\"}");
    QTest::newRow("depth 33") << depth33;
    QTest::newRow("invalid UTF-8 byte")
        << QByteArray("{\"email\":\"agent\xff@example.com\",\"password\":\"correct horse battery\"}");
    QTest::newRow("overlong UTF-8") << QByteArray("{\"email\":\"agent\xc0\xaf@example.com\",\"password\":\"x1234567890\"}");
    QTest::newRow("truncated") << QByteArrayLiteral("{\"email\":\"agent@example.com\",");
    QTest::newRow("not an object") << QByteArrayLiteral("[\"agent@example.com\"]");
}

void TestRestApi::invalidJsonIsRejected()
{
    QFETCH(QByteArray, body);
    startHost();
    const HttpResponse response = request("POST", QStringLiteral("/api/auth/login"), body);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_json"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// The limit is 32 levels, not fewer: the same login nested one level less is parsed, and
// rejected only for its unknown field "x" rather than as invalid JSON.
void TestRestApi::depthThirtyTwoIsAccepted()
{
    startHost();
    const QByteArray depth32 = "{\"email\":\"agent@example.com\",\"password\":\"correct horse battery\",\"x\":"
        + QByteArray(31, '[') + QByteArray(31, ']') + "}";
    const HttpResponse response = request("POST", QStringLiteral("/api/auth/login"), depth32);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), QStringLiteral("x"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Seeds a lead with a conversation and a campaign, starts the host and sends `body` to
// `path` as an administrator; %1 in the path is the lead, campaign or conversation it
// names. `unchanged` is true when every stored record stayed as it was.
HttpResponse TestRestApi::sendToSeededRecords(const QByteArray &method, const QString &path, const QByteArray &body,
                                              bool &unchanged, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    unchanged = false;
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 conversationId = insertConversation(leadId, m_clock.nowMs() - 60 * 60 * 1000);
    const qint64 campaignId = insertCampaign(QStringLiteral("Primavera"), {});
    if (conversationId <= 0 || campaignId <= 0)
        return {};
    startHost();

    QString target = path;
    if (path.startsWith(QLatin1String("/api/leads/")))
        target = path.arg(leadId);
    else if (path.startsWith(QLatin1String("/api/campaigns/")))
        target = path.arg(campaignId);
    else if (path.startsWith(QLatin1String("/api/conversations/")))
        target = path.arg(conversationId);

    const auto snapshot = [this] {
        return QStringList{QString::number(count(QStringLiteral("users"))), QString::number(count(QStringLiteral("leads"))),
                           QString::number(count(QStringLiteral("campaigns"))),
                           QString::number(count(QStringLiteral("messages"))),
                           QString::number(count(QStringLiteral("outbound_messages"))),
                           QString::number(count(QStringLiteral("audit_log"))),
                           scalar(QStringLiteral("SELECT notes || '|' || metadata FROM leads")).toString(),
                           scalar(QStringLiteral("SELECT name FROM campaigns")).toString()};
    };
    const QStringList before = snapshot();
    const HttpResponse response = request(method, target, body, tokenForRole(QStringLiteral("admin")), headers);
    unchanged = snapshot() == before;
    return response;
}

// Every route that reads a JSON body rejects a field it does not know, names it, lists
// the valid ones and changes nothing.
void TestRestApi::unknownBodyFieldsAreRejected_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");  // %1 is an existing lead, campaign or conversation
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("validField");

    QTest::newRow("login") << QByteArrayLiteral("POST") << QStringLiteral("/api/auth/login")
                           << QByteArrayLiteral("{\"email\":\"agent@example.com\",\"password\":\"correct horse "
                                                "battery\",\"bogus\":1}")
                           << QStringLiteral("password");
    QTest::newRow("register") << QByteArrayLiteral("POST") << QStringLiteral("/api/auth/register")
                              << QByteArrayLiteral("{\"name\":\"Nora\",\"email\":\"nora@example.com\",\"password\":"
                                                   "\"nora's long password\",\"role\":\"agent\",\"bogus\":1}")
                              << QStringLiteral("role");
    QTest::newRow("create lead") << QByteArrayLiteral("POST") << QStringLiteral("/api/leads")
                                 << QByteArrayLiteral("{\"phone\":\"5512345678\",\"bogus\":1}") << QStringLiteral("phone");
    QTest::newRow("update lead") << QByteArrayLiteral("PUT") << QStringLiteral("/api/leads/%1")
                                 << QByteArrayLiteral("{\"notes\":\"x\",\"bogus\":1}") << QStringLiteral("notes");
    QTest::newRow("create campaign") << QByteArrayLiteral("POST") << QStringLiteral("/api/campaigns")
                                     << QByteArrayLiteral("{\"name\":\"Otoño\",\"bogus\":1}") << QStringLiteral("name");
    QTest::newRow("update campaign") << QByteArrayLiteral("PUT") << QStringLiteral("/api/campaigns/%1")
                                     << QByteArrayLiteral("{\"name\":\"Otoño\",\"bogus\":1}") << QStringLiteral("name");
    QTest::newRow("reply") << QByteArrayLiteral("POST") << QStringLiteral("/api/conversations/%1/messages")
                           << QByteArrayLiteral("{\"content\":\"x\",\"bogus\":1}") << QStringLiteral("content");
    QTest::newRow("integration") << QByteArrayLiteral("PUT") << QStringLiteral("/api/integrations/openai")
                                 << QByteArrayLiteral("{\"model\":\"gpt-4o-mini\",\"bogus\":\"1\"}")
                                 << QStringLiteral("apiKey");
}

void TestRestApi::unknownBodyFieldsAreRejected()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, validField);

    bool unchanged = false;
    const HttpResponse response = sendToSeededRecords(method, path, body, unchanged);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), QStringLiteral("bogus"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString message = response.json().value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(validField), qPrintable(message));
    QVERIFY(unchanged);
}

// Storage would replace U+0000 with U+FFFD, so the REST API rejects a text containing it
// and names the field rather than store a text other than the one sent.
void TestRestApi::nulCharacterIsRejected_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");  // %1 is an existing lead, campaign or conversation
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");

    QTest::newRow("lead notes") << QByteArrayLiteral("PUT") << QStringLiteral("/api/leads/%1")
                                << QByteArrayLiteral("{\"notes\":\"a\\u0000b\"}") << QStringLiteral("notes");
    QTest::newRow("lead metadata value") << QByteArrayLiteral("PUT") << QStringLiteral("/api/leads/%1")
                                         << QByteArrayLiteral("{\"metadata\":{\"origen\":\"feria\\u0000\"}}")
                                         << QStringLiteral("metadata");
    QTest::newRow("lead metadata key") << QByteArrayLiteral("PUT") << QStringLiteral("/api/leads/%1")
                                       << QByteArrayLiteral("{\"metadata\":{\"ori\\u0000gen\":\"feria\"}}")
                                       << QStringLiteral("metadata");
    QTest::newRow("new lead name") << QByteArrayLiteral("POST") << QStringLiteral("/api/leads")
                                   << QByteArrayLiteral("{\"phone\":\"5512345678\",\"name\":\"Ana\\u0000\"}")
                                   << QStringLiteral("name");
    QTest::newRow("campaign name") << QByteArrayLiteral("PUT") << QStringLiteral("/api/campaigns/%1")
                                   << QByteArrayLiteral("{\"name\":\"\\u0000\"}") << QStringLiteral("name");
    QTest::newRow("campaign keyword") << QByteArrayLiteral("POST") << QStringLiteral("/api/campaigns")
                                      << QByteArrayLiteral("{\"name\":\"Otoño\",\"keywords\":[\"ok\",\"a\\u0000\"]}")
                                      << QStringLiteral("keywords");
    QTest::newRow("reply content") << QByteArrayLiteral("POST") << QStringLiteral("/api/conversations/%1/messages")
                                   << QByteArrayLiteral("{\"content\":\"hola\\u0000\"}") << QStringLiteral("content");
    QTest::newRow("integration key") << QByteArrayLiteral("PUT") << QStringLiteral("/api/integrations/openai")
                                     << QByteArrayLiteral("{\"model\":\"gpt\\u0000\"}") << QStringLiteral("model");
}

void TestRestApi::nulCharacterIsRejected()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);

    bool unchanged = false;
    const HttpResponse response = sendToSeededRecords(method, path, body, unchanged);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString message = response.json().value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(QLatin1String("U+0000")), qPrintable(message));
    QVERIFY(unchanged);
}

// Every route that reads a JSON body takes it as application/json only. A body that
// would otherwise succeed, declared as another type, is rejected as invalid_json (the fixed
// list of error codes has none for a media type) and changes nothing.
void TestRestApi::bodyOtherThanJsonIsUnsupported_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path"); // %1 is an existing lead, campaign or conversation
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");

    const struct
    {
        const char *name;
        QByteArray method;
        QString path;
        QByteArray body;
    } routes[] = {
        {"login", "POST", QStringLiteral("/api/auth/login"),
         R"({"email":"agent@example.com","password":"correct horse battery"})"},
        {"register", "POST", QStringLiteral("/api/auth/register"),
         R"({"name":"Nora","email":"nora@example.com","password":"nora's long password","role":"agent"})"},
        {"create lead", "POST", QStringLiteral("/api/leads"), R"({"phone":"5512345678"})"},
        {"update lead", "PUT", QStringLiteral("/api/leads/%1"), R"({"notes":"x"})"},
        {"create campaign", "POST", QStringLiteral("/api/campaigns"), R"({"name":"Otoño"})"},
        {"update campaign", "PUT", QStringLiteral("/api/campaigns/%1"), R"({"name":"Otoño"})"},
        {"take over conversation", "PUT", QStringLiteral("/api/conversations/%1"), R"({"humanTakeover":true})"},
        {"reply", "POST", QStringLiteral("/api/conversations/%1/messages"), R"({"content":"x"})"},
        {"integration", "PUT", QStringLiteral("/api/integrations/openai"), R"({"model":"gpt-4o-mini"})"},
    };
    for (const auto &route : routes) {
        for (const char *contentType : {"text/plain", "application/x-www-form-urlencoded"}) {
            QTest::addRow("%s, %s", route.name, contentType)
                << route.method << route.path << route.body << QByteArray(contentType);
        }
    }
    QTest::newRow("create lead, JSON Patch")
        << QByteArray("POST") << QStringLiteral("/api/leads") << QByteArray(R"({"phone":"5512345678"})")
        << QByteArray("application/json-patch+json");
    QTest::newRow("create lead, multipart")
        << QByteArray("POST") << QStringLiteral("/api/leads") << QByteArray(R"({"phone":"5512345678"})")
        << QByteArray("multipart/form-data; boundary=x");
}

void TestRestApi::bodyOtherThanJsonIsUnsupported()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);

    bool unchanged = false;
    const HttpResponse response = sendToSeededRecords(method, path, body, unchanged, {{"Content-Type", contentType}});
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_json"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(response.json().value(QLatin1String("message")).toString(),
             QStringLiteral("The body must be sent with Content-Type application/json, not \"%1\".")
                 .arg(QString::fromLatin1(contentType)));
    QVERIFY(unchanged);
}

void TestRestApi::jsonContentTypeMayCarryParameters_data()
{
    QTest::addColumn<QByteArray>("contentType");

    QTest::newRow("charset") << QByteArray("application/json; charset=utf-8");
    QTest::newRow("quoted charset, no space") << QByteArray("application/json;charset=\"UTF-8\"");
    QTest::newRow("capitals") << QByteArray("APPLICATION/JSON");
    QTest::newRow("spaces around") << QByteArray(" application/json ; charset=utf-8");
}

// The type and subtype compare without case, and parameters do not matter, because RFC
// 8259 defines none for application/json and the body is UTF-8 in any case.
void TestRestApi::jsonContentTypeMayCarryParameters()
{
    QFETCH(QByteArray, contentType);
    startHost();

    const HttpResponse response = request("POST", QStringLiteral("/api/leads"), R"({"phone":"5512345678"})",
                                          tokenForRole(QStringLiteral("agent")), {{"Content-Type", contentType}});
    QVERIFY2(response.status == 201, qPrintable(response.text()));
    QCOMPARE(count(QStringLiteral("leads")), 1);
}

// A body without a Content-Type is read as JSON, as scripts that leave the header out
// expect, while a second Content-Type naming another type is still rejected. Written on a
// socket, because QNetworkAccessManager adds a Content-Type to a body.
void TestRestApi::bodyWithoutContentTypeIsRead()
{
    startHost();
    const QByteArray token = tokenForRole(QStringLiteral("agent"));
    const auto post = [&](const QByteArray &headers, const QByteArray &body) {
        return rawRequest(m_host->port(),
                          "POST /api/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
                              + headers + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body,
                          ResponseTimeoutMs);
    };

    // Every Content-Type field counts, not only the first.
    const HttpResponse twoTypes =
        post("Content-Type: application/json\r\nContent-Type: text/plain\r\n", R"({"phone":"5512345678"})");
    QString problem = errorShapeProblem(twoTypes, 400, QStringLiteral("invalid_json"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("leads")), 0);

    const HttpResponse untyped = post({}, R"({"phone":"5512345678"})");
    QVERIFY2(untyped.status == 201, qPrintable(untyped.text()));
    QCOMPARE(count(QStringLiteral("leads")), 1);

    // Without a body or a type, the missing body itself is the error.
    problem = errorShapeProblem(post({}, {}), 400, QStringLiteral("invalid_json"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestRestApi::invalidIdIsNamed_data()
{
    QTest::addColumn<QString>("segment"); // as sent in the path
    QTest::addColumn<QString>("shown");   // as the message quotes it

    QTest::newRow("word") << QStringLiteral("abc") << QStringLiteral("abc");
    QTest::newRow("zero") << QStringLiteral("0") << QStringLiteral("0");
    QTest::newRow("negative") << QStringLiteral("-1") << QStringLiteral("-1");
    QTest::newRow("exponent") << QStringLiteral("1e3") << QStringLiteral("1e3");
    QTest::newRow("decimal") << QStringLiteral("1.0") << QStringLiteral("1.0");
    QTest::newRow("leading zero") << QStringLiteral("007") << QStringLiteral("007");
    QTest::newRow("plus sign") << QStringLiteral("+5") << QStringLiteral("+5");
    QTest::newRow("space before") << QStringLiteral("%201") << QStringLiteral(" 1");
    QTest::newRow("20 digits") << QStringLiteral("99999999999999999999") << QStringLiteral("99999999999999999999");
    QTest::newRow("2^63") << QStringLiteral("9223372036854775808") << QStringLiteral("9223372036854775808");
}

// "/api/leads/abc" got 404 "No such route" and "/api/leads/0" got 404 for a lead
// that could never exist. On every route with an {id} segment, an id that is not a
// whole number from 1 to 2^63 - 1 is 400 invalid_field naming "id", and changes nothing.
void TestRestApi::invalidIdIsNamed()
{
    QFETCH(QString, segment);
    QFETCH(QString, shown);
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    QVERIFY(insertConversation(leadId, m_clock.nowMs()) > 0);
    QVERIFY(insertCampaign(QStringLiteral("Primavera"), {}) > 0);
    QVERIFY(insertCall(leadId, m_clock.nowMs()) > 0);
    startHost();
    const QByteArray admin = tokenForRole(QStringLiteral("admin"));
    const auto snapshot = [this] {
        return QList<qint64>{count(QStringLiteral("leads")), count(QStringLiteral("campaigns")),
                             count(QStringLiteral("conversations")), count(QStringLiteral("messages")),
                             count(QStringLiteral("audit_log"))};
    };
    const QList<qint64> before = snapshot();

    int checked = 0;
    for (const QString &route : DocumentedRoutes) {
        if (!route.contains(QLatin1String("{id}")))
            continue;
        const QByteArray method = route.section(QLatin1Char(' '), 0, 0).toLatin1();
        const QString path = route.section(QLatin1Char(' '), 1).replace(QLatin1String("{id}"), segment);
        const QByteArray body = method == "GET" || method == "DELETE" ? QByteArray() : QByteArrayLiteral("{}");
        const HttpResponse response = request(method, path, body, admin);
        const QString where = QStringLiteral("%1 %2: ").arg(QString::fromLatin1(method), path);
        const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), QStringLiteral("id"));
        QVERIFY2(problem.isEmpty(), qPrintable(where + problem));
        QCOMPARE(response.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("The id \"%1\" in the URL is not valid; an id is a whole number from 1 to "
                                "9223372036854775807.")
                     .arg(shown));
        ++checked;
    }
    QCOMPARE(checked, 10);
    QCOMPARE(snapshot(), before);
}

// The id is read after the token, like everything else a route reads, so a caller
// without one learns nothing more than 401.
void TestRestApi::invalidIdNeedsAuthenticationFirst()
{
    startHost();
    const QString problem = errorShapeProblem(request("GET", QStringLiteral("/api/leads/abc")), 401,
                                              QStringLiteral("unauthorized"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestRestApi::largestIdIsNotFound()
{
    startHost();
    const QByteArray admin = tokenForRole(QStringLiteral("admin"));
    for (const QString &path : {QStringLiteral("/api/leads/9223372036854775807"),
                                QStringLiteral("/api/campaigns/9223372036854775807"),
                                QStringLiteral("/api/calls/9223372036854775807")}) {
        const HttpResponse response = request("GET", path, {}, admin);
        const QString problem = errorShapeProblem(response, 404, QStringLiteral("not_found"));
        QVERIFY2(problem.isEmpty(), qPrintable(path + QLatin1String(": ") + problem));
        // The route exists and looked for the record.
        QVERIFY2(response.json().value(QLatin1String("message")).toString() != QLatin1String("No such route."),
                 qPrintable(path + QLatin1String(": ") + response.text()));
    }
}

// ---------------------------------------------------------------------------------------
// tokens

void TestRestApi::badTokensAreUnauthorized_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("no header") << QStringLiteral("none");
    QTest::newRow("Bearer garbage") << QStringLiteral("garbage");
    QTest::newRow("Basic scheme") << QStringLiteral("basic");
    QTest::newRow("signed with another key") << QStringLiteral("foreign");
    QTest::newRow("alg none") << QStringLiteral("alg-none");
    QTest::newRow("alg HS512 header") << QStringLiteral("alg-hs512");
    QTest::newRow("tampered payload") << QStringLiteral("tampered");
    QTest::newRow("valid token (control)") << QStringLiteral("valid");
}

void TestRestApi::badTokensAreUnauthorized()
{
    QFETCH(QString, kind);
    startHost();
    const qint64 agentId = m_userIds.value(AgentEmail);
    const QByteArray valid = tokenFor(agentId);
    QVERIFY(!valid.isEmpty());
    const QList<QByteArray> parts = valid.split('.');
    QCOMPARE(parts.size(), 3);

    QByteArray authorization;
    if (kind == QLatin1String("garbage")) {
        authorization = "Bearer not.a.token";
    } else if (kind == QLatin1String("basic")) {
        authorization = "Basic " + QByteArray("agent@example.com:correct horse battery").toBase64();
    } else if (kind == QLatin1String("foreign")) {
        // The same claims, the user's current token version, another 32-byte key.
        TokenClaims claims;
        claims.userId = agentId;
        claims.issuedAtSec = m_clock.nowMs() / 1000;
        claims.expiresAtSec = claims.issuedAtSec + 3600;
        claims.tokenVersion = scalar(QStringLiteral("SELECT token_version FROM users WHERE id = ?"), {agentId}).toLongLong();
        const QByteArray foreign = JsonWebToken::sign(claims, QByteArray(32, 'k'));
        QVERIFY(!foreign.isEmpty());
        authorization = "Bearer " + foreign;
    } else if (kind == QLatin1String("alg-none")) {
        const QByteArray header = base64Url(R"({"alg":"none","typ":"JWT"})");
        authorization = "Bearer " + header + '.' + parts.at(1) + '.';
    } else if (kind == QLatin1String("alg-hs512")) {
        const QByteArray header = base64Url(R"({"alg":"HS512","typ":"JWT"})");
        authorization = "Bearer " + header + '.' + parts.at(1) + '.' + parts.at(2);
    } else if (kind == QLatin1String("tampered")) {
        // The payload claims another user (the administrator); the signature is the agent's.
        QJsonObject payload = QJsonDocument::fromJson(
            QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding)).object();
        QVERIFY(payload.contains(QLatin1String("sub")));
        payload.insert(QStringLiteral("sub"), QString::number(m_userIds.value(AdminEmail)));
        authorization = "Bearer " + parts.at(0) + '.' + base64Url(compact(payload)) + '.' + parts.at(2);
    } else if (kind == QLatin1String("valid")) {
        authorization = "Bearer " + valid;
    }

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({QByteArrayLiteral("Authorization"), authorization});
    const HttpResponse response = request("GET", QStringLiteral("/api/leads"), {}, {}, headers);
    if (kind == QLatin1String("valid")) {
        QVERIFY2(response.status == 200, qPrintable(response.text()));
        return;
    }
    const QString problem = errorShapeProblem(response, 401, QStringLiteral("unauthorized"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// A token whose lifetime ended is rejected. One issued at the same time with a longer
// lifetime is still accepted, so only the expiry decides.
void TestRestApi::expiredTokenIsUnauthorized()
{
    startHost();
    const qint64 agentId = m_userIds.value(AgentEmail);
    const ManualClock twoHoursAgo(m_clock.nowMs() - 2 * 60 * 60 * 1000);
    const QByteArray expired = tokenFor(agentId, twoHoursAgo, 60);
    const QByteArray current = tokenFor(agentId, twoHoursAgo, 180);
    QVERIFY(!expired.isEmpty());
    QVERIFY(!current.isEmpty());

    const HttpResponse rejected = request("GET", QStringLiteral("/api/auth/me"), {}, expired);
    const QString problem = errorShapeProblem(rejected, 401, QStringLiteral("unauthorized"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const HttpResponse accepted = request("GET", QStringLiteral("/api/auth/me"), {}, current);
    QVERIFY2(accepted.status == 200, qPrintable(accepted.text()));
}

void TestRestApi::accountChangesRevokeOldTokens_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("set-role") << QStringLiteral("set-role");
    QTest::newRow("reset-password") << QStringLiteral("reset-password");
    QTest::newRow("deactivate") << QStringLiteral("deactivate");
}

// What `prospecta user set-role / reset-password / deactivate` does, on another
// connection while the server runs, ends the user's older tokens at the next request.
void TestRestApi::accountChangesRevokeOldTokens()
{
    QFETCH(QString, change);
    startHost();
    const HttpResponse loggedIn = login(AgentEmail, Password);
    QCOMPARE(loggedIn.status, 200);
    const QByteArray token = loggedIn.json().value(QLatin1String("token")).toString().toLatin1();
    QCOMPARE(request("GET", QStringLiteral("/api/leads"), {}, token).status, 200);

    AccountService accounts(*m_db, m_clock);
    Status changed;
    if (change == QLatin1String("set-role")) {
        changed = accounts.setRole(Actor::commandLine(), AgentEmail, UserRole::Manager);
    } else if (change == QLatin1String("reset-password")) {
        auto hash = PasswordHasher::hash(QStringLiteral("a brand new passphrase"));
        QVERIFY(hash);
        changed = accounts.resetPassword(Actor::commandLine(), AgentEmail, *hash);
    } else {
        changed = accounts.setActive(Actor::commandLine(), AgentEmail, false);
    }
    QVERIFY2(changed, qPrintable(changed ? QString() : changed.error().message));

    const HttpResponse response = request("GET", QStringLiteral("/api/leads"), {}, token);
    const QString problem = errorShapeProblem(response, 401, QStringLiteral("unauthorized"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// ---------------------------------------------------------------------------------------
// register

void TestRestApi::registerCreatesUserForAdmins()
{
    startHost();
    const QByteArray body = compact({{QStringLiteral("name"), QStringLiteral("Nora Nueva")},
                                     {QStringLiteral("email"), QStringLiteral("nora@example.com")},
                                     {QStringLiteral("password"), QStringLiteral("nora's long password")},
                                     {QStringLiteral("role"), QStringLiteral("agent")}});
    const HttpResponse response = request("POST", QStringLiteral("/api/auth/register"), body, tokenForRole(QStringLiteral("admin")));
    QVERIFY2(response.status == 201, qPrintable(response.text()));
    const QJsonObject reply = response.json();
    QVERIFY(!reply.value(QLatin1String("message")).toString().isEmpty());
    const QJsonObject user = reply.value(QLatin1String("user")).toObject();
    const qint64 id = qint64(user.value(QLatin1String("id")).toDouble());
    QVERIFY(id > 0);
    QCOMPARE(user.value(QLatin1String("name")).toString(), QStringLiteral("Nora Nueva"));
    QCOMPARE(user.value(QLatin1String("email")).toString(), QStringLiteral("nora@example.com"));
    QCOMPARE(user.value(QLatin1String("role")).toString(), QStringLiteral("agent"));
    QCOMPARE(count(QStringLiteral("users WHERE id = ? AND role = 'agent' AND active = 1"), {id}), 1);

    // The returned token is the new user's.
    const QByteArray token = reply.value(QLatin1String("token")).toString().toLatin1();
    const HttpResponse me = request("GET", QStringLiteral("/api/auth/me"), {}, token);
    QVERIFY2(me.status == 200, qPrintable(me.text()));
    QCOMPARE(qint64(me.json().value(QLatin1String("user")).toObject().value(QLatin1String("id")).toDouble()), id);
    // And the password works for logging in.
    QCOMPARE(login(QStringLiteral("nora@example.com"), QStringLiteral("nora's long password")).status, 200);
}

void TestRestApi::registerRejectsInvalidRequests_data()
{
    QTest::addColumn<QString>("role");  // whose token, empty for none
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const QString fresh = QStringLiteral("nora@example.com");
    const QString good = QStringLiteral("nora's long password");
    QTest::newRow("no token") << QString() << fresh << good << 401 << QStringLiteral("unauthorized") << QString();
    QTest::newRow("agent") << QStringLiteral("agent") << fresh << good << 403 << QStringLiteral("forbidden") << QString();
    QTest::newRow("manager") << QStringLiteral("manager") << fresh << good << 403 << QStringLiteral("forbidden") << QString();
    QTest::newRow("existing email, other case") << QStringLiteral("admin") << QStringLiteral("AGENT@Example.COM") << good
                                                << 409 << QStringLiteral("conflict") << QString();
    QTest::newRow("short password") << QStringLiteral("admin") << fresh << QStringLiteral("short") << 400
                                    << QStringLiteral("invalid_field") << QStringLiteral("password");
}

void TestRestApi::registerRejectsInvalidRequests()
{
    QFETCH(QString, role);
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    startHost();
    const qint64 usersBefore = count(QStringLiteral("users"));
    const QByteArray body = compact({{QStringLiteral("name"), QStringLiteral("Nora Nueva")},
                                     {QStringLiteral("email"), email},
                                     {QStringLiteral("password"), password},
                                     {QStringLiteral("role"), QStringLiteral("admin")}});
    const HttpResponse response = request("POST", QStringLiteral("/api/auth/register"), body, tokenForRole(role));
    const QString problem = errorShapeProblem(response, status, code, field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("users")), usersBefore);
}

// ---------------------------------------------------------------------------------------
// roles

void TestRestApi::rolesAgainstRoutes_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QByteArray>("method");
    // {own}, {other}: an agent's own lead, another agent's; {campaign}: a campaign;
    // {ownCall}, {otherCall}: a call of each of those leads.
    QTest::addColumn<QString>("route");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QByteArray openAi = compact({{QStringLiteral("apiKey"), QStringLiteral("sk-test-0123456789abcdef")},
                                       {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")}});
    const QByteArray newUser = compact({{QStringLiteral("name"), QStringLiteral("Nora Nueva")},
                                        {QStringLiteral("email"), QStringLiteral("nora@example.com")},
                                        {QStringLiteral("password"), QStringLiteral("nora's long password")},
                                        {QStringLiteral("role"), QStringLiteral("agent")}});
    const struct
    {
        const char *method;
        const char *route;
        QByteArray body;
        int agent, manager, admin;
    } table[] = {
        {"GET", "/api/leads", {}, 200, 200, 200},
        {"GET", "/api/leads/{own}", {}, 200, 200, 200},
        {"GET", "/api/leads/{other}", {}, 403, 200, 200},
        {"PUT", "/api/leads/{other}", QByteArrayLiteral("{\"status\":\"lost\"}"), 403, 200, 200},
        {"DELETE", "/api/leads/{own}", {}, 403, 200, 200},
        {"GET", "/api/campaigns", {}, 200, 200, 200},
        {"POST", "/api/campaigns", QByteArrayLiteral("{\"name\":\"Primavera\"}"), 403, 403, 201},
        {"PUT", "/api/campaigns/{campaign}", QByteArrayLiteral("{\"status\":\"paused\"}"), 403, 403, 200},
        {"DELETE", "/api/campaigns/{campaign}", {}, 403, 403, 200},
        {"GET", "/api/calls", {}, 200, 200, 200},
        {"GET", "/api/calls/{ownCall}", {}, 200, 200, 200},
        {"GET", "/api/calls/{otherCall}", {}, 403, 200, 200},
        {"GET", "/api/conversations", {}, 200, 200, 200},
        {"GET", "/api/integrations", {}, 403, 403, 200},
        {"PUT", "/api/integrations/openai", openAi, 403, 403, 200},
        {"POST", "/api/auth/register", newUser, 403, 403, 201},
        {"GET", "/api/auth/me", {}, 200, 200, 200},
    };
    for (const auto &row : table) {
        for (const auto &[role, status] : {std::pair{"agent", row.agent}, std::pair{"manager", row.manager},
                                           std::pair{"admin", row.admin}}) {
            QTest::addRow("%s %s %s", role, row.method, row.route)
                << QString::fromLatin1(role) << QByteArray(row.method) << QString::fromLatin1(row.route) << row.body
                << status;
        }
    }
}

void TestRestApi::rolesAgainstRoutes()
{
    QFETCH(QString, role);
    QFETCH(QByteArray, method);
    QFETCH(QString, route);
    QFETCH(QByteArray, body);
    QFETCH(int, status);

    const qint64 own = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 other = insertLead(QStringLiteral("+525511110002"), m_userIds.value(OtherAgentEmail));
    const qint64 campaign = insertCampaign(QStringLiteral("Verano"), {QStringLiteral("playa")});
    const qint64 ownCall = insertCall(own, m_clock.nowMs());
    const qint64 otherCall = insertCall(other, m_clock.nowMs());
    QVERIFY(own > 0);
    QVERIFY(other > 0);
    QVERIFY(campaign > 0);
    QVERIFY(ownCall > 0);
    QVERIFY(otherCall > 0);
    startHost();
    route.replace(QLatin1String("{ownCall}"), QString::number(ownCall))
        .replace(QLatin1String("{otherCall}"), QString::number(otherCall))
        .replace(QLatin1String("{own}"), QString::number(own))
        .replace(QLatin1String("{other}"), QString::number(other))
        .replace(QLatin1String("{campaign}"), QString::number(campaign));
    const QString campaignsBefore = scalar(QStringLiteral("SELECT GROUP_CONCAT(id || name || status) FROM campaigns")).toString();

    const HttpResponse response = request(method, route, body, tokenForRole(role));
    if (status == 403) {
        const QString problem = errorShapeProblem(response, 403, QStringLiteral("forbidden"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    } else {
        QVERIFY2(response.status == status, qPrintable(response.text()));
    }
    // A rejected delete leaves the lead, and an accepted one removes it.
    if (method == "DELETE" && route.startsWith(QLatin1String("/api/leads/")))
        QCOMPARE(count(QStringLiteral("leads WHERE id = ?"), {own}), status == 200 ? 0 : 1);
    // A rejected campaign write changes no campaign.
    if (route.startsWith(QLatin1String("/api/campaigns")) && status == 403)
        QCOMPARE(scalar(QStringLiteral("SELECT GROUP_CONCAT(id || name || status) FROM campaigns")).toString(),
                 campaignsBefore);
    if (method == "DELETE" && route.startsWith(QLatin1String("/api/campaigns/")))
        QCOMPARE(count(QStringLiteral("campaigns WHERE id = ?"), {campaign}), status == 200 ? 0 : 1);
}

void TestRestApi::leadListFollowsRole_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QStringList>("visible"); // of own, other, unassigned
    QTest::newRow("agent") << QStringLiteral("agent") << QStringList{QStringLiteral("own"), QStringLiteral("unassigned")};
    QTest::newRow("manager") << QStringLiteral("manager")
                             << QStringList{QStringLiteral("own"), QStringLiteral("other"), QStringLiteral("unassigned")};
    QTest::newRow("admin") << QStringLiteral("admin")
                           << QStringList{QStringLiteral("own"), QStringLiteral("other"), QStringLiteral("unassigned")};
}

void TestRestApi::leadListFollowsRole()
{
    QFETCH(QString, role);
    QFETCH(QStringList, visible);
    const QHash<QString, qint64> leads{
        {QStringLiteral("own"), insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail))},
        {QStringLiteral("other"), insertLead(QStringLiteral("+525511110002"), m_userIds.value(OtherAgentEmail))},
        {QStringLiteral("unassigned"), insertLead(QStringLiteral("+525511110003"), 0)},
    };
    startHost();
    const HttpResponse response = request("GET", QStringLiteral("/api/leads"), {}, tokenForRole(role));
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QSet<qint64> expected;
    for (const QString &name : std::as_const(visible))
        expected.insert(leads.value(name));
    QCOMPARE(idsOf(response.json().value(QLatin1String("leads")).toArray()), expected);
    QCOMPARE(response.json().value(QLatin1String("total")).toInt(), int(expected.size()));
}

// PUT stores the key. GET reports that it is set and never shows it, in any form.
void TestRestApi::integrationSecretsAreWriteOnly()
{
    startHost();
    const QByteArray admin = tokenForRole(QStringLiteral("admin"));
    const QString secret = QStringLiteral("sk-test-SECRET-0123456789abcdef");
    const HttpResponse saved = request("PUT", QStringLiteral("/api/integrations/openai"),
                                       compact({{QStringLiteral("apiKey"), secret},
                                                {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")}}),
                                       admin);
    QVERIFY2(saved.status == 200, qPrintable(saved.text()));

    const HttpResponse listed = request("GET", QStringLiteral("/api/integrations"), {}, admin);
    QVERIFY2(listed.status == 200, qPrintable(listed.text()));
    QVERIFY2(!listed.body.contains("SECRET"), listed.body.constData());
    QVERIFY2(!listed.body.contains("cdef"), listed.body.constData());
    QJsonObject openAi;
    for (const QJsonValue &value : listed.json().value(QLatin1String("integrations")).toArray()) {
        if (value.toObject().value(QLatin1String("provider")).toString() == QLatin1String("openai"))
            openAi = value.toObject();
    }
    QVERIFY2(!openAi.isEmpty(), listed.body.constData());
    const QJsonObject keys = openAi.value(QLatin1String("keys")).toObject();
    QCOMPARE(keys.value(QLatin1String("apiKey")).toObject(), QJsonObject({{QStringLiteral("set"), true}}));
    QCOMPARE(keys.value(QLatin1String("model")).toString(), QStringLiteral("gpt-4o-mini"));
}

// A time that was never set is null, as every absent time and reference of the API is,
// and an ISO 8601 text once it is set.
void TestRestApi::integrationWithoutWebhookHasNullTime()
{
    startHost();
    const QByteArray admin = tokenForRole(QStringLiteral("admin"));
    // Only a configured integration has a row to record its webhooks in.
    const HttpResponse saved = request("PUT", QStringLiteral("/api/integrations/gupshup"),
                                       QByteArrayLiteral("{\"appName\":\"prospecta-demo\"}"), admin);
    QVERIFY2(saved.status == 200, qPrintable(saved.text()));
    const qint64 webhookMs = QDateTime(QDate(2026, 3, 1), QTime(12, 30), Qt::UTC).toMSecsSinceEpoch();
    const Status recorded = IntegrationRepository(*m_db).recordWebhook(Provider::Gupshup, webhookMs);
    QVERIFY2(recorded, qPrintable(messageOf(recorded)));

    const HttpResponse listed = request("GET", QStringLiteral("/api/integrations"), {}, admin);
    QVERIFY2(listed.status == 200, qPrintable(listed.text()));
    QHash<QString, QJsonValue> lastWebhookAt;
    for (const QJsonValue &value : listed.json().value(QLatin1String("integrations")).toArray()) {
        const QJsonObject integration = value.toObject();
        lastWebhookAt.insert(integration.value(QLatin1String("provider")).toString(),
                             integration.value(QLatin1String("lastWebhookAt")));
    }
    QCOMPARE(lastWebhookAt.value(QStringLiteral("gupshup")), QJsonValue(QStringLiteral("2026-03-01T12:30:00.000Z")));
    for (const QString &provider : {QStringLiteral("openai"), QStringLiteral("twilio"), QStringLiteral("meta")}) {
        QVERIFY2(lastWebhookAt.contains(provider), qPrintable(listed.text()));
        QVERIFY2(lastWebhookAt.value(provider).isNull(), qPrintable(provider + QStringLiteral(": ") + listed.text()));
    }
}

// ---------------------------------------------------------------------------------------
// leads

void TestRestApi::leadLifecycle()
{
    startHost();
    const QByteArray manager = tokenForRole(QStringLiteral("manager"));

    // Create: the phone typed locally is stored in E.164 with the default region MX.
    const HttpResponse created = request("POST", QStringLiteral("/api/leads"),
                                         compact({{QStringLiteral("name"), QStringLiteral("Ana Prospecto")},
                                                  {QStringLiteral("phone"), QStringLiteral("55 1234 5678")},
                                                  {QStringLiteral("email"), QStringLiteral("Ana@Example.com")},
                                                  {QStringLiteral("source"), QStringLiteral("web")}}),
                                         manager);
    QVERIFY2(created.status == 201, qPrintable(created.text()));
    QCOMPARE(created.json().value(QLatin1String("message")).toString(), QStringLiteral("Lead created."));
    const QJsonObject lead = created.json().value(QLatin1String("lead")).toObject();
    const qint64 id = qint64(lead.value(QLatin1String("id")).toDouble());
    QVERIFY(id > 0);
    QCOMPARE(lead.value(QLatin1String("_id")).toDouble(), double(id));
    QCOMPARE(lead.value(QLatin1String("phone")).toString(), QStringLiteral("+525512345678"));
    QCOMPARE(lead.value(QLatin1String("email")).toString(), QStringLiteral("ana@example.com"));
    QCOMPARE(lead.value(QLatin1String("status")).toString(), QStringLiteral("new"));
    QCOMPARE(lead.value(QLatin1String("source")).toString(), QStringLiteral("web"));
    const QString path = QStringLiteral("/api/leads/%1").arg(id);

    // Read.
    const HttpResponse read = request("GET", path, {}, manager);
    QVERIFY2(read.status == 200, qPrintable(read.text()));
    QCOMPARE(read.json().value(QLatin1String("lead")).toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("Ana Prospecto"));

    // Update: a status change is audited and the last contact becomes now.
    const qint64 beforeUpdateMs = m_clock.nowMs() - 1000;
    const HttpResponse updated = request("PUT", path, QByteArrayLiteral("{\"status\":\"contacted\",\"score\":40}"), manager);
    QVERIFY2(updated.status == 200, qPrintable(updated.text()));
    QCOMPARE(updated.json().value(QLatin1String("message")).toString(), QStringLiteral("Lead updated."));
    const QJsonObject changed = updated.json().value(QLatin1String("lead")).toObject();
    QCOMPARE(changed.value(QLatin1String("status")).toString(), QStringLiteral("contacted"));
    QCOMPARE(changed.value(QLatin1String("score")).toInt(), 40);
    const QDateTime lastContact =
        QDateTime::fromString(changed.value(QLatin1String("lastContact")).toString(), Qt::ISODateWithMs);
    QVERIFY2(lastContact.isValid(), qPrintable(updated.text()));
    QVERIFY2(lastContact.toMSecsSinceEpoch() >= beforeUpdateMs, qPrintable(updated.text()));
    QCOMPARE(count(QStringLiteral("leads WHERE id = ? AND status = 'contacted'"), {id}), 1);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'lead.status_changed' AND target_id = ?"), {QString::number(id)}),
             1);

    // Delete: the lead goes with its conversations and messages, in one step, audited.
    const qint64 conversationId = insertConversation(id, m_clock.nowMs());
    QVERIFY(conversationId > 0);
    QCOMPARE(count(QStringLiteral("messages WHERE conversation_id = ?"), {conversationId}), 1);
    const HttpResponse deleted = request("DELETE", path, {}, manager);
    QVERIFY2(deleted.status == 200, qPrintable(deleted.text()));
    QCOMPARE(deleted.json().value(QLatin1String("message")).toString(), QStringLiteral("Lead deleted."));
    QCOMPARE(count(QStringLiteral("leads WHERE id = ?"), {id}), 0);
    QCOMPARE(count(QStringLiteral("conversations WHERE lead_id = ?"), {id}), 0);
    QCOMPARE(count(QStringLiteral("messages WHERE conversation_id = ?"), {conversationId}), 0);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'lead.deleted' AND target_id = ?"), {QString::number(id)}), 1);

    const HttpResponse afterDelete = request("GET", path, {}, manager);
    const QString problem = errorShapeProblem(afterDelete, 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// "+52 1 55 1234 5678" (the old mobile 1) and "5512345678" are the same lead.
void TestRestApi::samePhoneOtherFormatConflicts()
{
    startHost();
    const QByteArray agent = tokenForRole(QStringLiteral("agent"));
    const HttpResponse first = request("POST", QStringLiteral("/api/leads"),
                                       QByteArrayLiteral("{\"name\":\"Ana\",\"phone\":\"5512345678\"}"), agent);
    QVERIFY2(first.status == 201, qPrintable(first.text()));
    const HttpResponse second = request("POST", QStringLiteral("/api/leads"),
                                        QByteArrayLiteral("{\"name\":\"Ana otra vez\",\"phone\":\"+52 1 55 1234 5678\"}"),
                                        agent);
    const QString problem = errorShapeProblem(second, 409, QStringLiteral("conflict"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("leads")), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT name FROM leads")).toString(), QStringLiteral("Ana"));
}

void TestRestApi::invalidLeadFieldsAreNamed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const QString invalid = QStringLiteral("invalid_field");
    QTest::newRow("unknown field") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"colour\":\"red\"}") << invalid
                                   << QStringLiteral("colour");
    QTest::newRow("phone as number") << QByteArrayLiteral("{\"phone\":5512345678}") << invalid << QStringLiteral("phone");
    QTest::newRow("name as array") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"name\":[\"Ana\"]}") << invalid
                                   << QStringLiteral("name");
    QTest::newRow("score as text") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"score\":\"high\"}") << invalid
                                   << QStringLiteral("score");
    QTest::newRow("score fractional") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"score\":4.5}") << invalid
                                      << QStringLiteral("score");
    QTest::newRow("unknown status") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"status\":\"won\"}") << invalid
                                    << QStringLiteral("status");
    QTest::newRow("status as number") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"status\":1}") << invalid
                                      << QStringLiteral("status");
    QTest::newRow("assignedTo as bool") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"assignedTo\":true}") << invalid
                                        << QStringLiteral("assignedTo");
    QTest::newRow("metadata as array") << QByteArrayLiteral("{\"phone\":\"5512345678\",\"metadata\":[1]}") << invalid
                                       << QStringLiteral("metadata");
    QTest::newRow("phone not a number") << QByteArrayLiteral("{\"phone\":\"call me maybe\"}") << invalid
                                        << QStringLiteral("phone");
    QTest::newRow("missing phone") << QByteArrayLiteral("{\"name\":\"Ana\"}") << QStringLiteral("missing_field")
                                   << QStringLiteral("phone");
    QTest::newRow("blank phone") << QByteArrayLiteral("{\"phone\":\"  \"}") << QStringLiteral("missing_field")
                                 << QStringLiteral("phone");
}

void TestRestApi::invalidLeadFieldsAreNamed()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    startHost();
    const HttpResponse response = request("POST", QStringLiteral("/api/leads"), body, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 400, code, field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("leads")), 0);
}

// ---------------------------------------------------------------------------------------
// pagination

void TestRestApi::defaultPageOfThousandLeads()
{
    insertThousandLeads();
    if (QTest::currentTestFailed())
        return;
    startHost();
    const HttpResponse response = request("GET", QStringLiteral("/api/leads"), {}, tokenForRole(QStringLiteral("admin")));
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    const QJsonObject body = response.json();
    QCOMPARE(body.value(QLatin1String("total")).toInt(), 1000);
    QCOMPARE(body.value(QLatin1String("totalPages")).toInt(), 100);
    QCOMPARE(body.value(QLatin1String("currentPage")).toInt(), 1);
    QList<qint64> expected;
    for (int i = 999; i >= 990; --i)
        expected << m_thousandIds.at(i);
    QCOMPARE(idListOf(body.value(QLatin1String("leads")).toArray()), expected);
}

void TestRestApi::thirdPageOfHundred()
{
    insertThousandLeads();
    if (QTest::currentTestFailed())
        return;
    startHost();
    const HttpResponse response =
        request("GET", QStringLiteral("/api/leads?page=3&limit=100"), {}, tokenForRole(QStringLiteral("manager")));
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    const QJsonObject body = response.json();
    QCOMPARE(body.value(QLatin1String("total")).toInt(), 1000);
    QCOMPARE(body.value(QLatin1String("totalPages")).toInt(), 10);
    QCOMPARE(body.value(QLatin1String("currentPage")).toInt(), 3);
    // Newest first: page 3 contains the 201st to the 300th newest.
    QList<qint64> expected;
    for (int i = 999 - 200; i > 999 - 300; --i)
        expected << m_thousandIds.at(i);
    QCOMPARE(idListOf(body.value(QLatin1String("leads")).toArray()), expected);
}

void TestRestApi::invalidQueryParametersAreNamed_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("parameter");
    QTest::newRow("page 0") << QStringLiteral("page=0") << QStringLiteral("page");
    QTest::newRow("page -1") << QStringLiteral("page=-1") << QStringLiteral("page");
    QTest::newRow("page abc") << QStringLiteral("page=abc") << QStringLiteral("page");
    QTest::newRow("page empty") << QStringLiteral("page=") << QStringLiteral("page");
    QTest::newRow("page 1.5") << QStringLiteral("page=1.5") << QStringLiteral("page");
    QTest::newRow("page +1") << QStringLiteral("page=%2B1") << QStringLiteral("page");
    QTest::newRow("page 01") << QStringLiteral("page=01") << QStringLiteral("page");
    QTest::newRow("page twice") << QStringLiteral("page=1&page=2") << QStringLiteral("page");
    QTest::newRow("limit 1e1") << QStringLiteral("limit=1e1") << QStringLiteral("limit");
    QTest::newRow("limit 0") << QStringLiteral("limit=0") << QStringLiteral("limit");
    QTest::newRow("limit 101") << QStringLiteral("limit=101") << QStringLiteral("limit");
    QTest::newRow("limit abc") << QStringLiteral("limit=abc") << QStringLiteral("limit");
    QTest::newRow("status unknown") << QStringLiteral("status=won") << QStringLiteral("status");
    QTest::newRow("source unknown") << QStringLiteral("source=fax") << QStringLiteral("source");
    QTest::newRow("campaign abc") << QStringLiteral("campaign=abc") << QStringLiteral("campaign");
    QTest::newRow("campaign 0") << QStringLiteral("campaign=0") << QStringLiteral("campaign");
    QTest::newRow("campaign 007") << QStringLiteral("campaign=007") << QStringLiteral("campaign");
    QTest::newRow("campaign +5") << QStringLiteral("campaign=%2B5") << QStringLiteral("campaign");
    QTest::newRow("campaign 1e3") << QStringLiteral("campaign=1e3") << QStringLiteral("campaign");
    QTest::newRow("campaign beyond 64 bits") << QStringLiteral("campaign=9223372036854775808")
                                             << QStringLiteral("campaign");
}

void TestRestApi::invalidQueryParametersAreNamed()
{
    QFETCH(QString, query);
    QFETCH(QString, parameter);
    startHost();
    const HttpResponse response =
        request("GET", QStringLiteral("/api/leads?") + query, {}, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), parameter);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Routes read one value per query parameter, so a repeated one is rejected with a message
// of its own on every route, list filters included. No stored text may contain U+0000, so a
// query name or value with %00 is rejected before any route reads it.
void TestRestApi::malformedQueryParameterIsNamed_data()
{
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("messagePart");
    const QString twice = QStringLiteral("twice");
    QTest::newRow("leads page") << QStringLiteral("/api/leads?page=1&page=2") << QStringLiteral("page") << twice;
    QTest::newRow("leads status") << QStringLiteral("/api/leads?status=new&limit=5&status=lost") << QStringLiteral("status")
                                  << twice;
    QTest::newRow("same value twice") << QStringLiteral("/api/leads?source=web&source=web") << QStringLiteral("source")
                                      << twice;
    QTest::newRow("calls lead") << QStringLiteral("/api/calls?lead=1&lead=2") << QStringLiteral("lead") << twice;
    QTest::newRow("conversations limit") << QStringLiteral("/api/conversations?limit=5&limit=6")
                                         << QStringLiteral("limit") << twice;
    QTest::newRow("campaigns page") << QStringLiteral("/api/campaigns?page=1&page=1") << QStringLiteral("page") << twice;
    QTest::newRow("unread parameter") << QStringLiteral("/api/auth/me?x=1&x=2") << QStringLiteral("x") << twice;

    const QString nul = QStringLiteral("U+0000");
    QTest::newRow("NUL in search") << QStringLiteral("/api/leads?search=ana%00") << QStringLiteral("search") << nul;
    QTest::newRow("NUL in status") << QStringLiteral("/api/leads?status=new%00") << QStringLiteral("status") << nul;
    QTest::newRow("NUL in conversation lead") << QStringLiteral("/api/conversations?lead=1%00") << QStringLiteral("lead")
                                              << nul;
    QTest::newRow("NUL in unread name") << QStringLiteral("/api/auth/me?x%00y=1") << QStringLiteral("x\uFFFDy") << nul;
}

void TestRestApi::malformedQueryParameterIsNamed()
{
    QFETCH(QString, pathAndQuery);
    QFETCH(QString, parameter);
    QFETCH(QString, messagePart);
    startHost();
    const HttpResponse response = request("GET", pathAndQuery, {}, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), parameter);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString message = response.json().value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(messagePart), qPrintable(message));
}

// Campaigns page like every other list: oldest first, with the page count, the page
// number and the total.
void TestRestApi::campaignListIsPaginated()
{
    QList<qint64> ids;
    for (const QString &name : {QStringLiteral("Primavera"), QStringLiteral("Verano"), QStringLiteral("Otoño")})
        ids << insertCampaign(name, {name.toLower()});
    QVERIFY(!ids.contains(0));
    QCOMPARE(count(QStringLiteral("campaigns")), 3);
    startHost();
    const QByteArray agent = tokenForRole(QStringLiteral("agent"));

    const HttpResponse defaultPage = request("GET", QStringLiteral("/api/campaigns"), {}, agent);
    QVERIFY2(defaultPage.status == 200, qPrintable(defaultPage.text()));
    QCOMPARE(idListOf(defaultPage.json().value(QLatin1String("campaigns")).toArray()), ids);
    QCOMPARE(defaultPage.json().value(QLatin1String("total")).toInt(), 3);
    QCOMPARE(defaultPage.json().value(QLatin1String("totalPages")).toInt(), 1);
    QCOMPARE(defaultPage.json().value(QLatin1String("currentPage")).toInt(), 1);

    const HttpResponse secondPage = request("GET", QStringLiteral("/api/campaigns?limit=2&page=2"), {}, agent);
    QVERIFY2(secondPage.status == 200, qPrintable(secondPage.text()));
    const QJsonObject body = secondPage.json();
    const QJsonArray campaigns = body.value(QLatin1String("campaigns")).toArray();
    QCOMPARE(idListOf(campaigns), QList<qint64>{ids.last()});
    QCOMPARE(campaigns.first().toObject().value(QLatin1String("keywords")).toArray(), QJsonArray{QStringLiteral("otoño")});
    QCOMPARE(body.value(QLatin1String("total")).toInt(), 3);
    QCOMPARE(body.value(QLatin1String("totalPages")).toInt(), 2);
    QCOMPARE(body.value(QLatin1String("currentPage")).toInt(), 2);
}

void TestRestApi::invalidCampaignPagingIsRejected_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("parameter");
    QTest::newRow("limit 1000") << QStringLiteral("limit=1000") << QStringLiteral("limit");
    QTest::newRow("limit 0") << QStringLiteral("limit=0") << QStringLiteral("limit");
    QTest::newRow("page 0") << QStringLiteral("page=0") << QStringLiteral("page");
    QTest::newRow("page abc") << QStringLiteral("page=abc") << QStringLiteral("page");
}

void TestRestApi::invalidCampaignPagingIsRejected()
{
    QFETCH(QString, query);
    QFETCH(QString, parameter);
    startHost();
    const HttpResponse response =
        request("GET", QStringLiteral("/api/campaigns?") + query, {}, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), parameter);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestRestApi::filtersNarrowTheList_data()
{
    QTest::addColumn<QString>("query"); // {campaign} stands for the campaign's id
    QTest::addColumn<int>("total");
    QTest::addColumn<QString>("status"); // every returned lead's, or empty
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("inCampaign");

    QTest::newRow("status") << QStringLiteral("status=qualified") << 200 << QStringLiteral("qualified") << QString()
                            << false;
    QTest::newRow("source") << QStringLiteral("source=web") << 500 << QString() << QStringLiteral("web") << false;
    QTest::newRow("campaign") << QStringLiteral("campaign={campaign}") << 250 << QString() << QString() << true;
    QTest::newRow("status and source") << QStringLiteral("status=qualified&source=web") << 100
                                       << QStringLiteral("qualified") << QStringLiteral("web") << false;
    QTest::newRow("all three") << QStringLiteral("status=new&source=whatsapp&campaign={campaign}&limit=100") << 50
                               << QStringLiteral("new") << QStringLiteral("whatsapp") << true;
    QTest::newRow("nothing matches") << QStringLiteral("status=lost&campaign={campaign}&source=web") << 0 << QString()
                                     << QString() << false;
}

void TestRestApi::filtersNarrowTheList()
{
    QFETCH(QString, query);
    QFETCH(int, total);
    QFETCH(QString, status);
    QFETCH(QString, source);
    QFETCH(bool, inCampaign);
    insertThousandLeads();
    if (QTest::currentTestFailed())
        return;
    startHost();
    query.replace(QLatin1String("{campaign}"), QString::number(m_campaignId));
    const HttpResponse response =
        request("GET", QStringLiteral("/api/leads?") + query, {}, tokenForRole(QStringLiteral("admin")));
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    const QJsonObject body = response.json();
    QCOMPARE(body.value(QLatin1String("total")).toInt(), total);
    const QJsonArray leads = body.value(QLatin1String("leads")).toArray();
    QVERIFY(!leads.isEmpty() || total == 0);
    for (const QJsonValue &value : leads) {
        const QJsonObject lead = value.toObject();
        if (!status.isEmpty())
            QCOMPARE(lead.value(QLatin1String("status")).toString(), status);
        if (!source.isEmpty())
            QCOMPARE(lead.value(QLatin1String("source")).toString(), source);
        if (inCampaign)
            QCOMPARE(lead.value(QLatin1String("campaign")).toObject().value(QLatin1String("id")).toDouble(),
                     double(m_campaignId));
    }
}

// ---------------------------------------------------------------------------------------
// campaigns

// An administrator creates, changes and deletes a campaign; each step is audited, and the
// lead that joined the campaign stays without it.
void TestRestApi::campaignLifecycle()
{
    startHost();
    const QByteArray admin = tokenForRole(QStringLiteral("admin"));

    const QJsonObject input{
        {QStringLiteral("name"), QStringLiteral("Verano 2026")},
        {QStringLiteral("description"), QStringLiteral("Ofertas de temporada")},
        {QStringLiteral("type"), QStringLiteral("mixed")},
        {QStringLiteral("status"), QStringLiteral("draft")},
        {QStringLiteral("language"), QStringLiteral("en")},
        {QStringLiteral("initialAgent"), QStringLiteral("sales")},
        {QStringLiteral("welcomeMessage"), QStringLiteral("Welcome to our summer sale!")},
        {QStringLiteral("instructions"), QJsonObject{{QStringLiteral("sales"), QStringLiteral("Offer the bundle.")}}},
        {QStringLiteral("keywords"), QJsonArray{QStringLiteral("playa"), QStringLiteral("sol")}},
        {QStringLiteral("isDefault"), true},
    };
    const HttpResponse created = request("POST", QStringLiteral("/api/campaigns"), compact(input), admin);
    QVERIFY2(created.status == 201, qPrintable(created.text()));
    QCOMPARE(created.json().value(QLatin1String("message")).toString(), QStringLiteral("Campaign created."));
    const QJsonObject campaign = created.json().value(QLatin1String("campaign")).toObject();
    const qint64 id = qint64(campaign.value(QLatin1String("id")).toDouble());
    QVERIFY(id > 0);
    for (const QString &field : {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("type"),
                                 QStringLiteral("status"), QStringLiteral("language"), QStringLiteral("initialAgent"),
                                 QStringLiteral("welcomeMessage"), QStringLiteral("instructions"),
                                 QStringLiteral("keywords"), QStringLiteral("isDefault")})
        QVERIFY2(campaign.value(field) == input.value(field), qPrintable(field + QStringLiteral(": ") + created.text()));
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'campaign.created' AND target_id = ?"), {QString::number(id)}), 1);

    // A lead that joined the campaign, to check what deleting it leaves.
    Lead lead;
    lead.phone = QStringLiteral("+525511110001");
    lead.phoneKey = lead.phone;
    lead.source = LeadSource::WhatsApp;
    lead.campaignId = id;
    auto leadId = LeadRepository(*m_db).create(lead, m_clock.nowMs());
    QVERIFY(leadId);

    // PUT changes only the fields it gives; keywords are replaced as a whole.
    const HttpResponse updated = request(
        "PUT", QStringLiteral("/api/campaigns/%1").arg(id),
        compact({{QStringLiteral("status"), QStringLiteral("paused")},
                 {QStringLiteral("keywords"), QJsonArray{QStringLiteral("verano")}}}),
        admin);
    QVERIFY2(updated.status == 200, qPrintable(updated.text()));
    QCOMPARE(updated.json().value(QLatin1String("message")).toString(), QStringLiteral("Campaign updated."));
    const QJsonObject changed = updated.json().value(QLatin1String("campaign")).toObject();
    QCOMPARE(changed.value(QLatin1String("status")).toString(), QStringLiteral("paused"));
    QCOMPARE(changed.value(QLatin1String("keywords")).toArray(), QJsonArray{QStringLiteral("verano")});
    QCOMPARE(changed.value(QLatin1String("name")).toString(), QStringLiteral("Verano 2026"));
    QCOMPARE(changed.value(QLatin1String("language")).toString(), QStringLiteral("en"));
    QCOMPARE(changed.value(QLatin1String("isDefault")).toBool(), true);
    QCOMPARE(count(QStringLiteral("campaign_keywords WHERE campaign_id = ?"), {id}), 1);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'campaign.updated' AND target_id = ?"), {QString::number(id)}), 1);

    const HttpResponse read = request("GET", QStringLiteral("/api/campaigns/%1").arg(id), {}, admin);
    QVERIFY2(read.status == 200, qPrintable(read.text()));
    QCOMPARE(read.json().value(QLatin1String("campaign")).toObject().value(QLatin1String("keywords")).toArray(),
             QJsonArray{QStringLiteral("verano")});

    const HttpResponse deleted = request("DELETE", QStringLiteral("/api/campaigns/%1").arg(id), {}, admin);
    QVERIFY2(deleted.status == 200, qPrintable(deleted.text()));
    QCOMPARE(deleted.json().value(QLatin1String("message")).toString(), QStringLiteral("Campaign deleted."));
    const QString problem =
        errorShapeProblem(request("GET", QStringLiteral("/api/campaigns/%1").arg(id), {}, admin), 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("leads WHERE id = ? AND campaign_id IS NULL"), {*leadId}), 1);
    QCOMPARE(count(QStringLiteral("campaign_keywords")), 0);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'campaign.deleted' AND target_id = ?"), {QString::number(id)}), 1);
}

// A keyword another campaign owns, compared without case or accents, is a conflict on
// create and on update, and nothing is written.
void TestRestApi::campaignKeywordConflictIs409()
{
    const qint64 summer = insertCampaign(QStringLiteral("Verano"), {QStringLiteral("Promoción")});
    const qint64 winter = insertCampaign(QStringLiteral("Invierno"), {QStringLiteral("frío")});
    QVERIFY(summer > 0);
    QVERIFY(winter > 0);
    startHost();
    const QByteArray admin = tokenForRole(QStringLiteral("admin"));

    const HttpResponse created = request(
        "POST", QStringLiteral("/api/campaigns"),
        compact({{QStringLiteral("name"), QStringLiteral("Otoño")},
                 {QStringLiteral("keywords"), QJsonArray{QStringLiteral("PROMOCION")}}}),
        admin);
    QString problem = errorShapeProblem(created, 409, QStringLiteral("conflict"), QStringLiteral("keywords"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(created.json().value(QLatin1String("message")).toString().contains(QLatin1String("Verano")),
             qPrintable(created.text()));
    QCOMPARE(count(QStringLiteral("campaigns")), 2);

    const HttpResponse updated = request(
        "PUT", QStringLiteral("/api/campaigns/%1").arg(winter),
        compact({{QStringLiteral("name"), QStringLiteral("Invierno 2026")},
                 {QStringLiteral("keywords"), QJsonArray{QStringLiteral("frío"), QStringLiteral("promocion")}}}),
        admin);
    problem = errorShapeProblem(updated, 409, QStringLiteral("conflict"), QStringLiteral("keywords"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(scalar(QStringLiteral("SELECT name FROM campaigns WHERE id = ?"), {winter}).toString(), QStringLiteral("Invierno"));
    QCOMPARE(count(QStringLiteral("campaign_keywords WHERE campaign_id = ?"), {winter}), 1);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action LIKE 'campaign.%'")), 0);
}

void TestRestApi::invalidCampaignFieldsAreNamed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const struct
    {
        const char *name;
        const char *body;
        const char *code;
        const char *field;
    } table[] = {
        {"unknown field", R"({"name":"Otoño","color":"rojo"})", "invalid_field", "color"},
        {"name not text", R"({"name":7})", "invalid_field", "name"},
        {"name empty", R"({"name":"  "})", "invalid_field", "name"},
        {"unknown type", R"({"name":"Otoño","type":"fax"})", "invalid_field", "type"},
        {"unknown status", R"({"name":"Otoño","status":"archived"})", "invalid_field", "status"},
        {"unsupported language", R"({"name":"Otoño","language":"fr"})", "invalid_field", "language"},
        {"unknown agent type", R"({"name":"Otoño","initialAgent":"closer"})", "invalid_field", "initialAgent"},
        {"instructions not an object", R"({"name":"Otoño","instructions":"be nice"})", "invalid_field", "instructions"},
        {"instructions for an unknown agent", R"({"name":"Otoño","instructions":{"closer":"x"}})", "invalid_field",
         "instructions"},
        {"keywords not an array", R"({"name":"Otoño","keywords":"otoño"})", "invalid_field", "keywords"},
        {"keyword not text", R"({"name":"Otoño","keywords":[1]})", "invalid_field", "keywords"},
        {"isDefault not a boolean", R"({"name":"Otoño","isDefault":"yes"})", "invalid_field", "isDefault"},
        {"welcomeMessage not text", R"({"name":"Otoño","welcomeMessage":null})", "invalid_field", "welcomeMessage"},
        {"escape in welcomeMessage", R"({"name":"Otoño","welcomeMessage":"Hola\u001b[2J"})", "invalid_field",
         "welcomeMessage"},
        {"escape in instructions", R"({"name":"Otoño","instructions":{"sales":"Vende\u001b[0m"}})", "invalid_field",
         "instructions"},
        {"empty instructions", R"({"name":"Otoño","instructions":{"sales":""}})", "invalid_field", "instructions"},
    };
    for (const auto &row : table) {
        QTest::addRow("POST %s", row.name) << QByteArrayLiteral("POST") << QByteArray(row.body)
                                           << QString::fromLatin1(row.code) << QString::fromLatin1(row.field);
        QTest::addRow("PUT %s", row.name) << QByteArrayLiteral("PUT") << QByteArray(row.body)
                                          << QString::fromLatin1(row.code) << QString::fromLatin1(row.field);
    }
    QTest::newRow("POST without name") << QByteArrayLiteral("POST") << QByteArrayLiteral(R"({"status":"active"})")
                                       << QStringLiteral("missing_field") << QStringLiteral("name");
}

void TestRestApi::invalidCampaignFieldsAreNamed()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const qint64 existing = insertCampaign(QStringLiteral("Verano"), {QStringLiteral("playa")});
    QVERIFY(existing > 0);
    const QString before = scalar(QStringLiteral("SELECT GROUP_CONCAT(id || name || status || updated_at) FROM campaigns")).toString();
    startHost();

    const QString path = method == "POST" ? QStringLiteral("/api/campaigns") : QStringLiteral("/api/campaigns/%1").arg(existing);
    const HttpResponse response = request(method, path, body, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 400, code, field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(scalar(QStringLiteral("SELECT GROUP_CONCAT(id || name || status || updated_at) FROM campaigns")).toString(),
             before);
}

void TestRestApi::missingCampaignIs404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("GET") << QByteArrayLiteral("GET");
    QTest::newRow("PUT") << QByteArrayLiteral("PUT");
    QTest::newRow("DELETE") << QByteArrayLiteral("DELETE");
}

void TestRestApi::missingCampaignIs404()
{
    QFETCH(QByteArray, method);
    const qint64 existing = insertCampaign(QStringLiteral("Verano"), {});
    QVERIFY(existing > 0);
    startHost();
    const QByteArray body = method == "PUT" ? QByteArrayLiteral(R"({"status":"paused"})") : QByteArray();
    const HttpResponse response =
        request(method, QStringLiteral("/api/campaigns/%1").arg(existing + 1000), body, tokenForRole(QStringLiteral("admin")));
    const QString problem = errorShapeProblem(response, 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("audit_log WHERE action LIKE 'campaign.%'")), 0);
}

// ---------------------------------------------------------------------------------------
// calls

void TestRestApi::agentListsOnlyVisibleCalls()
{
    const qint64 nowMs = m_clock.nowMs();
    const qint64 own = insertCall(insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail)), nowMs - 3000);
    const qint64 other = insertCall(insertLead(QStringLiteral("+525511110002"), m_userIds.value(OtherAgentEmail)), nowMs - 2000);
    const qint64 unassigned = insertCall(insertLead(QStringLiteral("+525511110003"), 0), nowMs - 1000);
    QVERIFY(own > 0);
    QVERIFY(other > 0);
    QVERIFY(unassigned > 0);
    startHost();

    const HttpResponse agentView = request("GET", QStringLiteral("/api/calls"), {}, tokenForRole(QStringLiteral("agent")));
    QVERIFY2(agentView.status == 200, qPrintable(agentView.text()));
    QCOMPARE(idListOf(agentView.json().value(QLatin1String("calls")).toArray()), (QList<qint64>{unassigned, own}));
    QCOMPARE(agentView.json().value(QLatin1String("total")).toInt(), 2);
    QCOMPARE(agentView.json().value(QLatin1String("totalPages")).toInt(), 1);
    QCOMPARE(agentView.json().value(QLatin1String("currentPage")).toInt(), 1);

    const HttpResponse managerView = request("GET", QStringLiteral("/api/calls"), {}, tokenForRole(QStringLiteral("manager")));
    QVERIFY2(managerView.status == 200, qPrintable(managerView.text()));
    QCOMPARE(idListOf(managerView.json().value(QLatin1String("calls")).toArray()), (QList<qint64>{unassigned, other, own}));

    const HttpResponse secondPage =
        request("GET", QStringLiteral("/api/calls?page=2&limit=2"), {}, tokenForRole(QStringLiteral("manager")));
    QVERIFY2(secondPage.status == 200, qPrintable(secondPage.text()));
    QCOMPARE(idListOf(secondPage.json().value(QLatin1String("calls")).toArray()), QList<qint64>{own});
    QCOMPARE(secondPage.json().value(QLatin1String("totalPages")).toInt(), 2);
}

void TestRestApi::callsFilterByLead()
{
    const qint64 nowMs = m_clock.nowMs();
    const qint64 own = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 other = insertLead(QStringLiteral("+525511110002"), m_userIds.value(OtherAgentEmail));
    const qint64 ownCall = insertCall(own, nowMs);
    QVERIFY(ownCall > 0);
    QVERIFY(insertCall(other, nowMs) > 0);
    startHost();
    const QByteArray agent = tokenForRole(QStringLiteral("agent"));

    const HttpResponse ownCalls = request("GET", QStringLiteral("/api/calls?lead=%1").arg(own), {}, agent);
    QVERIFY2(ownCalls.status == 200, qPrintable(ownCalls.text()));
    QCOMPARE(idListOf(ownCalls.json().value(QLatin1String("calls")).toArray()), QList<qint64>{ownCall});

    // Another agent's lead reads as a lead without calls: the list never widens visibility.
    const HttpResponse otherCalls = request("GET", QStringLiteral("/api/calls?lead=%1").arg(other), {}, agent);
    QVERIFY2(otherCalls.status == 200, qPrintable(otherCalls.text()));
    QCOMPARE(otherCalls.json().value(QLatin1String("total")).toInt(), 0);

    const QString problem =
        errorShapeProblem(request("GET", QStringLiteral("/api/calls?lead=abc"), {}, agent), 400,
                          QStringLiteral("invalid_field"), QStringLiteral("lead"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestRestApi::callReadFollowsLeadOwner()
{
    const qint64 ownLead = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 own = insertCall(ownLead, m_clock.nowMs() - 60000);
    const qint64 other = insertCall(insertLead(QStringLiteral("+525511110002"), m_userIds.value(OtherAgentEmail)),
                                    m_clock.nowMs());
    QVERIFY(own > 0);
    QVERIFY(other > 0);
    startHost();
    const QByteArray agent = tokenForRole(QStringLiteral("agent"));

    const HttpResponse read = request("GET", QStringLiteral("/api/calls/%1").arg(own), {}, agent);
    QVERIFY2(read.status == 200, qPrintable(read.text()));
    const QJsonObject call = read.json().value(QLatin1String("call")).toObject();
    QCOMPARE(qint64(call.value(QLatin1String("id")).toDouble()), own);
    QCOMPARE(qint64(call.value(QLatin1String("lead")).toDouble()), ownLead);
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(call.value(QLatin1String("direction")).toString(), QStringLiteral("outbound"));
    QCOMPARE(call.value(QLatin1String("duration")).toInt(), 42);
    QCOMPARE(call.value(QLatin1String("notes")).toString(), QStringLiteral("Interesado"));
    QVERIFY(!call.value(QLatin1String("startTime")).toString().isEmpty());

    QString problem = errorShapeProblem(request("GET", QStringLiteral("/api/calls/%1").arg(other), {}, agent), 403,
                                        QStringLiteral("forbidden"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = errorShapeProblem(request("GET", QStringLiteral("/api/calls/%1").arg(other + 1000), {}, agent), 404,
                                QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// ---------------------------------------------------------------------------------------
// conversations

void TestRestApi::agentListsOnlyVisibleConversations()
{
    const qint64 nowMs = m_clock.nowMs();
    const qint64 own = insertConversation(insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail)), nowMs);
    const qint64 other =
        insertConversation(insertLead(QStringLiteral("+525511110002"), m_userIds.value(OtherAgentEmail)), nowMs);
    const qint64 unassigned = insertConversation(insertLead(QStringLiteral("+525511110003"), 0), nowMs);
    QVERIFY(own > 0);
    QVERIFY(other > 0);
    QVERIFY(unassigned > 0);
    startHost();

    const HttpResponse agentView = request("GET", QStringLiteral("/api/conversations"), {}, tokenForRole(QStringLiteral("agent")));
    QVERIFY2(agentView.status == 200, qPrintable(agentView.text()));
    QCOMPARE(idsOf(agentView.json().value(QLatin1String("conversations")).toArray()), QSet<qint64>({own, unassigned}));
    QCOMPARE(agentView.json().value(QLatin1String("total")).toInt(), 2);

    const HttpResponse managerView =
        request("GET", QStringLiteral("/api/conversations"), {}, tokenForRole(QStringLiteral("manager")));
    QVERIFY2(managerView.status == 200, qPrintable(managerView.text()));
    QCOMPARE(idsOf(managerView.json().value(QLatin1String("conversations")).toArray()),
             QSet<qint64>({own, other, unassigned}));

    // Reading another agent's conversation directly is rejected too.
    const HttpResponse foreign =
        request("GET", QStringLiteral("/api/conversations/%1").arg(other), {}, tokenForRole(QStringLiteral("agent")));
    const QString problem = errorShapeProblem(foreign, 403, QStringLiteral("forbidden"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestRestApi::replyInsideWindowIsQueued()
{
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 conversationId = insertConversation(leadId, m_clock.nowMs() - 60 * 60 * 1000);
    QVERIFY(conversationId > 0);
    startHost();

    const HttpResponse response = request("POST", QStringLiteral("/api/conversations/%1/messages").arg(conversationId),
                                          QByteArrayLiteral("{\"content\":\"Con gusto le envío la cotización.\"}"),
                                          tokenForRole(QStringLiteral("agent")));
    QVERIFY2(response.status == 201, qPrintable(response.text()));
    const QJsonObject data = response.json().value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("sender")).toString(), QStringLiteral("human"));
    QCOMPARE(qint64(data.value(QLatin1String("user")).toDouble()), m_userIds.value(AgentEmail));
    QCOMPARE(count(QStringLiteral("outbound_messages WHERE conversation_id = ? AND body LIKE ?"),
                   {conversationId, QStringLiteral("%cotización%")}),
             1);
    QCOMPARE(count(QStringLiteral("messages WHERE conversation_id = ? AND sender = 'human'"), {conversationId}), 1);
}

// A reply through the API took the conversation from the AI for good: PUT returned 405,
// so only the desktop could give it back.
void TestRestApi::takeoverGivenBackThroughApi()
{
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 conversationId = insertConversation(leadId, m_clock.nowMs() - 60 * 60 * 1000);
    QVERIFY(conversationId > 0);
    startHost();
    const QByteArray token = tokenForRole(QStringLiteral("agent"));
    const QString path = QStringLiteral("/api/conversations/%1").arg(conversationId);

    HttpResponse response = request("PUT", path, QByteArrayLiteral("{\"humanTakeover\":true}"), token);
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QCOMPARE(response.json().value(QLatin1String("data")).toObject().value(QLatin1String("humanTakeover")),
             QJsonValue(true));
    QCOMPARE(count(QStringLiteral("conversations WHERE id = ? AND human_holds = 1"), {conversationId}), 1);

    response = request("PUT", path, QByteArrayLiteral("{\"humanTakeover\":false}"), token);
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QCOMPARE(response.json().value(QLatin1String("data")).toObject().value(QLatin1String("humanTakeover")),
             QJsonValue(false));
    QCOMPARE(count(QStringLiteral("conversations WHERE id = ? AND human_holds = 1"), {conversationId}), 0);

    // A value that is not a boolean, or none, changes nothing.
    for (const QByteArray &body : {QByteArrayLiteral("{\"humanTakeover\":\"yes\"}"), QByteArrayLiteral("{}")}) {
        response = request("PUT", path, body, token);
        QVERIFY2(response.status == 400, qPrintable(response.text()));
        QCOMPARE(response.json().value(QLatin1String("fields")).toArray(), QJsonArray{QStringLiteral("humanTakeover")});
    }
    QCOMPARE(count(QStringLiteral("conversations WHERE id = ? AND human_holds = 1"), {conversationId}), 0);
}

void TestRestApi::replyOutsideWindowIsRejected()
{
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 conversationId = insertConversation(leadId, m_clock.nowMs() - 25 * 60 * 60 * 1000);
    QVERIFY(conversationId > 0);
    startHost();

    const HttpResponse response = request("POST", QStringLiteral("/api/conversations/%1/messages").arg(conversationId),
                                          QByteArrayLiteral("{\"content\":\"¿Sigue interesado?\"}"),
                                          tokenForRole(QStringLiteral("agent")));
    const QString problem = errorShapeProblem(response, 403, QStringLiteral("forbidden"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("outbound_messages WHERE conversation_id = ?"), {conversationId}), 0);
    QCOMPARE(count(QStringLiteral("messages WHERE conversation_id = ? AND sender = 'human'"), {conversationId}), 0);
}

// LeadDesk names its text "text"; the REST request calls the same field "content".
void TestRestApi::overlongReplyNamesContent()
{
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), m_userIds.value(AgentEmail));
    const qint64 conversationId = insertConversation(leadId, m_clock.nowMs() - 60 * 60 * 1000);
    QVERIFY(conversationId > 0);
    startHost();

    const QByteArray body = compact({{QStringLiteral("content"), QString(Message::MaxTextLength + 1, QLatin1Char('a'))}});
    const HttpResponse response = request("POST", QStringLiteral("/api/conversations/%1/messages").arg(conversationId),
                                          body, tokenForRole(QStringLiteral("agent")));
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_field"), QStringLiteral("content"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(response.json().value(QLatin1String("fields")).toArray(), QJsonArray{QStringLiteral("content")});
    QCOMPARE(count(QStringLiteral("outbound_messages WHERE conversation_id = ?"), {conversationId}), 0);
}

// ---------------------------------------------------------------------------------------
// OpenAPI

// The document lists the expected routes, and each of them is served: called with an
// administrator's token, none returns 404 or 405.
void TestRestApi::openApiListsServedRoutes()
{
    const qint64 leadId = insertLead(QStringLiteral("+525511110001"), 0);
    const qint64 doomedLeadId = insertLead(QStringLiteral("+525511110002"), 0);
    const qint64 conversationId = insertConversation(leadId, m_clock.nowMs());
    Campaign campaign;
    campaign.name = QStringLiteral("Feria 2026");
    auto campaignId = CampaignRepository(*m_db).create(campaign, m_clock.nowMs());
    QVERIFY(campaignId);
    const qint64 doomedCampaignId = insertCampaign(QStringLiteral("Invierno"), {});
    const qint64 callId = insertCall(leadId, m_clock.nowMs());
    QVERIFY(doomedCampaignId > 0);
    QVERIFY(callId > 0);
    startHost();

    const HttpResponse document = request("GET", QStringLiteral("/api/openapi.json"));
    QVERIFY2(document.status == 200, qPrintable(document.text()));
    QCOMPARE(document.json().value(QLatin1String("openapi")).toString().left(2), QStringLiteral("3."));
    const QJsonObject paths = document.json().value(QLatin1String("paths")).toObject();
    QStringList documented;
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject operations = path.value().toObject();
        for (auto operation = operations.begin(); operation != operations.end(); ++operation)
            documented << operation.key().toUpper() + QLatin1Char(' ') + path.key();
    }
    documented.sort();
    QStringList expected = DocumentedRoutes;
    expected.sort();
    QCOMPARE(documented, expected);

    QStringList served;
    m_host->runOnServiceThread([&served](ServiceCore &core) {
        for (const auto &[method, pattern] : core.httpRoutes())
            served << QString::fromLatin1(method) + QLatin1Char(' ') + pattern;
    });
    served.sort();
    QCOMPARE(served, expected);

    const QByteArray admin = tokenForRole(QStringLiteral("admin"));
    for (const QString &pair : std::as_const(documented)) {
        const QByteArray method = pair.section(QLatin1Char(' '), 0, 0).toLatin1();
        QString path = pair.section(QLatin1Char(' '), 1);
        // Webhooks authenticate by token or signature, covered in tst_webhookauth.
        if (path.startsWith(QLatin1String("/api/webhooks/")))
            continue;
        // An attachment's token is its credential, covered in tst_mediaroute.
        if (path.startsWith(QLatin1String("/media/")))
            continue;
        path.replace(QLatin1String("/api/leads/{id}"),
                     QStringLiteral("/api/leads/%1").arg(method == "DELETE" ? doomedLeadId : leadId));
        path.replace(QLatin1String("/api/campaigns/{id}"),
                     QStringLiteral("/api/campaigns/%1").arg(method == "DELETE" ? doomedCampaignId : *campaignId));
        path.replace(QLatin1String("/api/calls/{id}"), QStringLiteral("/api/calls/%1").arg(callId));
        path.replace(QLatin1String("/api/conversations/{id}"), QStringLiteral("/api/conversations/%1").arg(conversationId));
        path.replace(QLatin1String("{provider}"), QLatin1String("openai"));
        const QByteArray body = method == "GET" || method == "DELETE" ? QByteArray() : QByteArrayLiteral("{}");
        const HttpResponse response = request(method, path, body, admin);
        QVERIFY2(response.status > 0 && response.status != 404 && response.status != 405,
                 qPrintable(QStringLiteral("%1 %2 returned %3").arg(QString::fromLatin1(method), path, response.text())));
    }
}

// Every documented path rejects the methods it does not document, with 405 and an Allow
// header naming exactly the documented ones.
void TestRestApi::undocumentedMethodsReturn405()
{
    startHost();
    const HttpResponse document = request("GET", QStringLiteral("/api/openapi.json"));
    QVERIFY2(document.status == 200, qPrintable(document.text()));
    const QJsonObject paths = document.json().value(QLatin1String("paths")).toObject();
    QVERIFY(!paths.isEmpty());

    const QByteArray admin = tokenForRole(QStringLiteral("admin"));
    const QByteArrayList candidates = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    int checked = 0;
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        QSet<QByteArray> allowed;
        for (const QString &method : path.value().toObject().keys())
            allowed.insert(method.toUpper().toLatin1());
        // HEAD goes wherever GET goes; OpenAPI documents it implicitly.
        if (allowed.contains("GET"))
            allowed.insert("HEAD");
        QString concrete = path.key();
        concrete.replace(QLatin1String("{id}"), QLatin1String("1")).replace(QLatin1String("{provider}"), QLatin1String("openai"));
        for (const QByteArray &method : candidates) {
            if (allowed.contains(method))
                continue;
            const HttpResponse response =
                request(method, concrete, method == "GET" || method == "DELETE" ? QByteArray() : QByteArrayLiteral("{}"), admin);
            const QString where = QStringLiteral("%1 %2: ").arg(QString::fromLatin1(method), concrete);
            const QString problem = errorShapeProblem(response, 405, QStringLiteral("method_not_allowed"));
            QVERIFY2(problem.isEmpty(), qPrintable(where + problem));
            QSet<QByteArray> listed;
            for (const QByteArray &name : response.header("Allow").split(','))
                listed.insert(name.trimmed());
            QVERIFY2(listed == allowed, qPrintable(where + QString::fromLatin1(response.header("Allow"))));
            ++checked;
        }
    }
    QVERIFY(checked >= paths.size() * 2);
}

// ---------------------------------------------------------------------------------------
// Accept-Language

void TestRestApi::successMessageFollowsAcceptLanguage_data()
{
    QTest::addColumn<QByteArray>("acceptLanguage");
    QTest::addColumn<QString>("message");
    QTest::newRow("es") << QByteArrayLiteral("es") << QStringLiteral("Prospecto creado.");
    QTest::newRow("es-MX with weights") << QByteArrayLiteral("es-MX,es;q=0.9,en;q=0.5") << QStringLiteral("Prospecto creado.");
    QTest::newRow("en") << QByteArrayLiteral("en") << QStringLiteral("Lead created.");
    QTest::newRow("en-US before es") << QByteArrayLiteral("en-US,es;q=0.8") << QStringLiteral("Lead created.");
    QTest::newRow("none") << QByteArray() << QStringLiteral("Lead created.");
}

void TestRestApi::successMessageFollowsAcceptLanguage()
{
    QFETCH(QByteArray, acceptLanguage);
    QFETCH(QString, message);
    startHost();
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!acceptLanguage.isEmpty())
        headers.append({QByteArrayLiteral("Accept-Language"), acceptLanguage});
    const HttpResponse response = request("POST", QStringLiteral("/api/leads"), QByteArrayLiteral("{\"phone\":\"5512345678\"}"),
                                          tokenForRole(QStringLiteral("agent")), headers);
    QVERIFY2(response.status == 201, qPrintable(response.text()));
    QCOMPARE(response.json().value(QLatin1String("message")).toString(), message);
}

// The same bad request in Spanish and in English, on every kind of error: the core's
// (validation, JSON syntax, authentication, the password check done on the hashing
// thread) and the server's (JSON body, query parameters, 404, 405).
void TestRestApi::errorMessageFollowsAcceptLanguage_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("role"); // empty: no token
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("english");
    QTest::addColumn<QString>("spanish");

    QTest::newRow("required field")
        << QByteArray("POST") << QStringLiteral("/api/leads") << QByteArray("{\"name\":\"Ana\"}") << QStringLiteral("agent")
        << 400 << QStringLiteral("The field \"phone\" is required.") << QStringLiteral("El campo \"phone\" es obligatorio.");
    QTest::newRow("field of the wrong type")
        << QByteArray("POST") << QStringLiteral("/api/leads") << QByteArray("{\"phone\":\"5512345678\",\"score\":\"high\"}")
        << QStringLiteral("agent") << 400 << QStringLiteral("The field \"score\" must be a whole number from 0 to 100.")
        << QStringLiteral("El campo \"score\" debe ser un número entero de 0 a 100.");
    QTest::newRow("malformed JSON")
        << QByteArray("POST") << QStringLiteral("/api/leads") << QByteArray("{\"a\":}") << QStringLiteral("agent") << 400
        << QStringLiteral("unexpected '}', expected a value at byte 5")
        << QStringLiteral("'}' inesperado, se esperaba un valor en el byte 5");
    QTest::newRow("body not an object")
        << QByteArray("POST") << QStringLiteral("/api/leads") << QByteArray("[]") << QStringLiteral("agent") << 400
        << QStringLiteral("The body must be a JSON object.") << QStringLiteral("El cuerpo debe ser un objeto JSON.");
    QTest::newRow("query parameter")
        << QByteArray("GET") << QStringLiteral("/api/leads?limit=0") << QByteArray() << QStringLiteral("agent") << 400
        << QStringLiteral("The query parameter \"limit\" must be a whole number from 1 to 100.")
        << QStringLiteral("El parámetro de consulta \"limit\" debe ser un número entero de 1 a 100.");
    QTest::newRow("no token") << QByteArray("GET") << QStringLiteral("/api/leads") << QByteArray() << QString() << 401
                              << QStringLiteral("The token is missing, invalid or expired; log in again.")
                              << QStringLiteral("El token falta, no es válido o caducó; vuelve a iniciar sesión.");
    // {n} becomes the number of the attempt, so that the failed logins do not throttle
    // one another.
    QTest::newRow("wrong password")
        << QByteArray("POST") << QStringLiteral("/api/auth/login")
        << QByteArray("{\"email\":\"nobody{n}@example.com\",\"password\":\"incorrect horse battery\"}") << QString() << 401
        << QStringLiteral("The email or the password is wrong. Check both and try again.")
        << QStringLiteral("El correo o la contraseña no son correctos. Revisa ambos y vuelve a intentarlo.");
    QTest::newRow("no such route") << QByteArray("GET") << QStringLiteral("/api/nothing") << QByteArray() << QString()
                                   << 404 << QStringLiteral("No such route.") << QStringLiteral("No existe esa ruta.");
    QTest::newRow("invalid id")
        << QByteArray("GET") << QStringLiteral("/api/leads/abc") << QByteArray() << QStringLiteral("agent") << 400
        << QStringLiteral("The id \"abc\" in the URL is not valid; an id is a whole number from 1 to 9223372036854775807.")
        << QStringLiteral("El id \"abc\" de la URL no es válido; un id es un número entero de 1 a 9223372036854775807.");
    QTest::newRow("method not allowed")
        << QByteArray("DELETE") << QStringLiteral("/api/leads") << QByteArray() << QStringLiteral("agent") << 405
        << QStringLiteral("This route accepts GET, HEAD, POST only.")
        << QStringLiteral("Esta ruta solo acepta GET, HEAD, POST.");
}

void TestRestApi::errorMessageFollowsAcceptLanguage()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, role);
    QFETCH(int, status);
    QFETCH(QString, english);
    QFETCH(QString, spanish);
    startHost();
    const QByteArray token = role.isEmpty() ? QByteArray() : tokenForRole(role);

    // QNetworkAccessManager sends an Accept-Language of its own when a request has none,
    // so errorMessageWithoutHeaderIsEnglish covers the request without one.
    const QList<QPair<QByteArray, QString>> cases{
        {QByteArrayLiteral("es-MX"), spanish},
        {QByteArrayLiteral("en"), english},
        {QByteArrayLiteral("fr-CA,es;q=0.8,en;q=0.5"), spanish},
        {QByteArrayLiteral("es;q=0.2,en-GB"), english},
    };
    int attempt = 0;
    for (const auto &[acceptLanguage, expected] : cases) {
        const QList<QPair<QByteArray, QByteArray>> headers{{QByteArrayLiteral("Accept-Language"), acceptLanguage}};
        const QByteArray sent = QByteArray(body).replace("{n}", QByteArray::number(++attempt));
        const HttpResponse response = request(method, path, sent, token, headers);
        const QString where = QStringLiteral("Accept-Language \"%1\": ").arg(QString::fromLatin1(acceptLanguage));
        QVERIFY2(response.status == status, qPrintable(where + response.text()));
        QVERIFY2(response.json().value(QLatin1String("error")).isString(), qPrintable(where + response.text()));
        QCOMPARE(response.json().value(QLatin1String("message")).toString(), expected);
    }
}

void TestRestApi::errorMessageWithoutHeaderIsEnglish()
{
    startHost();
    // Written on a socket, because QNetworkAccessManager would add an Accept-Language.
    const auto notFoundMessage = [this](const QByteArray &extraHeaders) {
        const HttpResponse response = rawRequest(
            m_host->port(), "GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n", ResponseTimeoutMs);
        return response.status == 404 ? response.json().value(QLatin1String("message")).toString() : response.text();
    };

    // The English process of this test.
    QCOMPARE(notFoundMessage({}), QStringLiteral("No such route."));

    // A Spanish desktop: a request without Accept-Language still gets English, as the
    // replaced backend's API did, and one that prefers Spanish gets Spanish.
    ProspectaTranslator spanishProcess(QLocale(QLocale::Spanish, QLocale::Mexico));
    QVERIFY(spanishProcess.hasProcessTranslation());
    QCoreApplication::installTranslator(&spanishProcess);
    // The host stops before the translator goes, even when a check fails.
    const auto restore = qScopeGuard([&] {
        m_host.reset();
        QCoreApplication::removeTranslator(&spanishProcess);
    });
    QCOMPARE(notFoundMessage({}), QStringLiteral("No such route."));
    QCOMPARE(notFoundMessage("Accept-Language: es-MX\r\n"), QStringLiteral("No existe esa ruta."));
    QCOMPARE(notFoundMessage("Accept-Language: en-US\r\n"), QStringLiteral("No such route."));
}

QTEST_GUILESS_MAIN(TestRestApi)
#include "tst_restapi.moc"
