// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The embedded server as a provider reaches it: real HTTP on 127.0.0.1 against a running
// ServiceHost. Each response is checked on the wire, and its outcome in the database
// through a second connection.

#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "LogCapture.h"
#include "ServiceHarness.h"
#include "ServiceHost.h"
#include "core/Logging.h"
#include "core/TextLanguage.h"
#include "security/SecretBox.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
const QString WrongToken = QStringLiteral("wrong-token-9876543210");
// The Gupshup message id the status fixtures refer to (gsId / gs_id).
const QString FixtureGsId = QStringLiteral("b6f3f70e-b848-4af6-b3e8-f02a1711b1fd");
const QString RoutePattern = QStringLiteral("/api/webhooks/gupshup/{token}");
constexpr int ResponseTimeoutMs = 10000;

QByteArray readFixture(const QString &relativePath)
{
    return Prospecta::Testing::fixtureBytes(QStringLiteral("gupshup/") + relativePath);
}

QJsonObject fixtureObject(const QString &relativePath)
{
    return QJsonDocument::fromJson(readFixture(relativePath)).object();
}

// Sets a value along a path of object keys ("payload", "sender", "phone"), creating
// nothing: every parent must exist. An undefined value removes the key.
void setPath(QJsonObject &object, QStringList path, const QJsonValue &value)
{
    const QString key = path.takeFirst();
    if (path.isEmpty()) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return;
    }
    QJsonObject child = object.value(key).toObject();
    setPath(child, path, value);
    object.insert(key, child);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A v2 text message from `sender` with its own id and text.
QByteArray textMessage(const QString &sender, const QString &id, const QString &text)
{
    QJsonObject body = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    setPath(body, {QStringLiteral("payload"), QStringLiteral("id")}, id);
    setPath(body, {QStringLiteral("payload"), QStringLiteral("source")}, sender);
    setPath(body, {QStringLiteral("payload"), QStringLiteral("sender"), QStringLiteral("phone")}, sender);
    setPath(body, {QStringLiteral("payload"), QStringLiteral("payload"), QStringLiteral("text")}, text);
    return compact(body);
}

// message-text.json with the current time as its provider timestamp, which opens the
// 24-hour window so that a human may reply. The fixture's own timestamp lies in the past.
QByteArray textMessageSentNow()
{
    QJsonObject body = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    body.insert(QStringLiteral("timestamp"), QDateTime::currentMSecsSinceEpoch());
    return compact(body);
}

} // namespace

class TestWebhookServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void healthReportsStatusVersionAndSchema();
    void headAnswersLikeGetWithoutBody();
    void pipelinedWebhooksAndHealthAnsweredInOrder();
    void everyFixtureIsAcknowledgedAndProcessed_data();
    void everyFixtureIsAcknowledgedAndProcessed();
    void wrongTokenIsNotFoundAndNeverLogged();
    void getOnWebhookIsMethodNotAllowed();
    void invalidJsonIsRejectedAndNothingStored_data();
    void invalidJsonIsRejectedAndNothingStored();
    void nestingOfThirtyTwoLevelsIsAccepted();
    void missingSenderPhoneIsNamedInFields();
    void senderThatIsNoNumberIsRejected();
    void lockedDatabaseAnswerHidesItsFile();
    void bodyOverTheLimitIsRejected();
    void repeatedDeliveryIsStoredOnce();
    void concurrentDeliveryIsStoredOnce();
    void textOutsideTheBmpRoundTrips_data();
    void textOutsideTheBmpRoundTrips();
    void nulInProviderTextIsStoredReplaced();
    void mobilePrefixVariantsShareOneLead_data();
    void mobilePrefixVariantsShareOneLead();
    void statusesOutOfOrderNeverMoveBackwards();
    void statusBeforeItsMessageIsAppliedLater();
    void pendingEventIsProcessedOnceAcrossRestarts();
    void bodyIsReadWhateverItsType_data();
    void bodyIsReadWhateverItsType();
    void validationErrorsFollowAcceptLanguage_data();
    void validationErrorsFollowAcceptLanguage();
    void businessNumberEchoIsAcknowledgedAndIgnored();

private:
    void configureDatabase();
    void startHost();
    void sendHumanMessageAcceptedAs(const QString &providerMessageId);

    HttpResponse request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                         const HttpHeaders &headers = {});
    HttpResponse postWebhook(const QByteArray &body, const HttpHeaders &headers = {})
    {
        return request("POST", webhookPath(WebhookToken), body, headers);
    }
    static QString webhookPath(const QString &token) { return QStringLiteral("/api/webhooks/gupshup/") + token; }

    qint64 count(const QString &fromWhere, const QVariantList &values = {}) const;
    QVariant scalar(const QString &sql, const QVariantList &values = {}) const;

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<HttpTestClient> m_http;
    std::unique_ptr<LogCapture> m_logCapture;
    int m_connectionSerial = 0;
};

void TestWebhookServer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(SecretBox::initialize());
    // As main() does: the process speaks English here, and each request its own language.
    QCoreApplication::installTranslator(new ProspectaTranslator(QLocale(QLocale::English), this));
}

void TestWebhookServer::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    m_http = std::make_unique<HttpTestClient>(ResponseTimeoutMs);
    configureDatabase();
    if (QTest::currentTestFailed())
        return;
    startHost();
}

void TestWebhookServer::cleanup()
{
    m_logCapture.reset();
    m_host.reset();
    m_http.reset();
    m_db.reset();
    m_gupshup.reset();
    m_harness.reset();
}

// The integration and settings go in before the host starts, through the test's own
// connection, which then stays open to read what the server stored.
void TestWebhookServer::configureDatabase()
{
    m_db = std::make_unique<Database>();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const Status prepared =
        m_harness->prepare(*m_db, QStringLiteral("tst_webhookserver-%1").arg(++m_connectionSerial), nowMs);
    QVERIFY2(prepared, qPrintable(messageOf(prepared)));

    const Status saved = m_harness->saveGupshup(*m_db, m_gupshup->baseUrl(), WebhookToken,
                                                QStringLiteral("gs_fixture_apikey_0000000000000000"), nowMs);
    QVERIFY2(saved, qPrintable(messageOf(saved)));
    // No AI calls: leads' messages wait for a human.
    const Status aiOff = ServiceHarness::setSetting(*m_db, QStringLiteral("ai.enabled"), QStringLiteral("false"), nowMs);
    QVERIFY2(aiOff, qPrintable(messageOf(aiOff)));
}

void TestWebhookServer::startHost()
{
    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions());
    const Status started = m_host->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    QVERIFY(m_host->port() != 0);
}

HttpResponse TestWebhookServer::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                        const HttpHeaders &headers)
{
    return m_http->request(m_host->port(), method, path, body, headers);
}

qint64 TestWebhookServer::count(const QString &fromWhere, const QVariantList &values) const
{
    return scalar(QStringLiteral("SELECT COUNT(*) FROM ") + fromWhere, values).toLongLong();
}

QVariant TestWebhookServer::scalar(const QString &sql, const QVariantList &values) const
{
    auto value = m_db->scalar(sql, values);
    if (!value) {
        qWarning("query failed: %s", qPrintable(value.error().message));
        return QVariant(-1);
    }
    return *value;
}

// Sends a human reply in the only conversation and has the fake Gupshup accept it with
// `providerMessageId`. Returns once the outbox has recorded the acceptance.
void TestWebhookServer::sendHumanMessageAcceptedAs(const QString &providerMessageId)
{
    const qint64 conversationId = scalar(QStringLiteral("SELECT id FROM conversations")).toLongLong();
    QVERIFY(conversationId > 0);

    FakeResponse accepted;
    accepted.status = 202;
    accepted.headers = {{"Content-Type", "text/html"}};
    accepted.body = compact({{QStringLiteral("status"), QStringLiteral("submitted")},
                             {QStringLiteral("messageId"), providerMessageId}});
    m_gupshup->enqueueResponse(accepted);

    auto result = std::make_shared<std::optional<Status>>();
    m_host->sendHumanMessage(Actor::commandLine(), conversationId, QStringLiteral("Con gusto le envío la cotización."), this,
                             [result](const Status &status) { *result = status; });
    QTRY_VERIFY(result->has_value());
    QVERIFY2(**result, qPrintable(**result ? QString() : (*result)->error().message));

    QTRY_COMPARE(m_gupshup->receivedForms().size(), 1);
    QTRY_COMPARE(count(QStringLiteral("outbound_messages WHERE provider_message_id = ?"), {providerMessageId}), 1);
}

void TestWebhookServer::healthReportsStatusVersionAndSchema()
{
    const HttpResponse response = request("GET", QStringLiteral("/health"));
    QCOMPARE(response.status, 200);
    QVERIFY(response.header("Content-Type").startsWith("application/json"));
    const QJsonObject body = response.json();
    QCOMPARE(body.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    const QDateTime timestamp =
        QDateTime::fromString(body.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs);
    QVERIFY2(timestamp.isValid(), response.body.constData());
    QVERIFY(qAbs(timestamp.msecsTo(QDateTime::currentDateTimeUtc())) < 60000);
    QVERIFY(body.value(QLatin1String("version")).isString());
    QVERIFY(!body.value(QLatin1String("version")).toString().isEmpty());
    QVERIFY(body.value(QLatin1String("schemaVersion")).isDouble());
    QCOMPARE(body.value(QLatin1String("schemaVersion")).toInt(), Migrations::latestVersion());
}

void TestWebhookServer::everyFixtureIsAcknowledgedAndProcessed_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("finalState");     // of every inbound_events row it made
    QTest::addColumn<QString>("leadPhone");      // empty: no lead is created
    QTest::addColumn<int>("messageCount");

    // Leads' phones are E.164 with Mexico's old mobile 1 dropped. Every other message
    // fixture comes from the Peruvian test number.
    const QHash<QString, QString> senderPhones{
        {QStringLiteral("v2-webhook/message-text-mexico-521.json"), QStringLiteral("+525512340000")},
        {QStringLiteral("v2-webhook/message-text-argentina-549.json"), QStringLiteral("+5491155550000")},
    };
    const QDir root(QStringLiteral(PROSPECTA_FIXTURES_DIR "/gupshup"));
    for (const QString &format : {QStringLiteral("v2-webhook"), QStringLiteral("v3-webhook")}) {
        const QStringList files = QDir(root.filePath(format)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QString &file : files) {
            const QString fixture = format + QLatin1Char('/') + file;
            const bool isMessage = file.startsWith(QLatin1String("message-")) && !file.startsWith(QLatin1String("message-event"));
            QString phone;
            if (isMessage)
                phone = senderPhones.value(fixture, QStringLiteral("+51999000111"));
            else if (file == QLatin1String("user-event-opted-out.json"))
                phone = QStringLiteral("+51999000111"); // the refusal is remembered on a new lead
            const QString state = file.startsWith(QLatin1String("billing-event")) ? QStringLiteral("ignored")
                                                                                   : QStringLiteral("processed");
            QTest::newRow(qPrintable(fixture)) << fixture << state << phone << (isMessage ? 1 : 0);
        }
    }
}

void TestWebhookServer::everyFixtureIsAcknowledgedAndProcessed()
{
    QFETCH(QString, fixture);
    QFETCH(QString, finalState);
    QFETCH(QString, leadPhone);
    QFETCH(int, messageCount);

    const HttpResponse response = postWebhook(readFixture(fixture));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json(), QJsonObject({{QStringLiteral("status"), QStringLiteral("received")}}));

    QVERIFY(count(QStringLiteral("inbound_events")) >= 1);
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'pending'")), 0);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE state <> ?"), {finalState}), 0);

    QCOMPARE(count(QStringLiteral("messages WHERE sender = 'lead'")), messageCount);
    if (leadPhone.isEmpty()) {
        // sandbox-start's "callbackSetPhone" and statuses of unknown messages make no lead.
        QCOMPARE(count(QStringLiteral("leads")), 0);
    } else {
        QCOMPARE(count(QStringLiteral("leads")), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT phone FROM leads")).toString(), leadPhone);
    }
}

void TestWebhookServer::wrongTokenIsNotFoundAndNeverLogged()
{
    m_logCapture = std::make_unique<LogCapture>();
    // The capture receives Prospecta's debug output, whatever QT_LOGGING_RULES sets.
    qCDebug(lcServer) << "log capture check";
    QVERIFY(m_logCapture->texts().contains(QStringLiteral("prospecta.server: log capture check")));

    const QByteArray body = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    const HttpResponse wrong = request("POST", webhookPath(WrongToken), body);
    const QString problem = errorShapeProblem(wrong, 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);

    // A prefix of the token is not the token either.
    const HttpResponse prefix = request("POST", webhookPath(WebhookToken.left(10)), body);
    QCOMPARE(prefix.status, 404);
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);

    // The right token, so the accepted path logs too.
    QCOMPARE(postWebhook(body).status, 200);
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'processed'")), 1);

    const QStringList log = m_logCapture->texts();
    for (const QString &line : std::as_const(log)) {
        QVERIFY2(!line.contains(WebhookToken), qPrintable(line));
        QVERIFY2(!line.contains(WrongToken), qPrintable(line));
    }
    // The refused request is logged under its route pattern.
    QVERIFY2(!log.filter(RoutePattern).isEmpty(), qPrintable(log.join(QLatin1Char('\n'))));
}

// HEAD runs the GET route and sends its head only, with the Content-Length the body
// would have, so a GET that follows on the same connection is read correctly.
void TestWebhookServer::headAnswersLikeGetWithoutBody()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_host->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                 "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    // Both pipelined requests get a response, the GET's right after the HEAD's head.
    QByteArray received;
    const auto bothAnswered = [&] {
        received += socket.readAll();
        return received.count("HTTP/1.1 200 ") == 2 && received.endsWith('}');
    };
    QVERIFY2(QTest::qWaitFor(bothAnswered, ResponseTimeoutMs), received.constData());

    QVERIFY2(received.startsWith("HTTP/1.1 200 "), received.constData());
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    const QByteArray head = received.left(headEnd).toLower();
    QVERIFY2(head.contains("content-length: "), head.constData());
    QVERIFY2(!head.contains("content-length: 0\r"), head.constData());
    // Nothing but the head: the GET's response follows it at once.
    const QByteArray afterHead = received.mid(headEnd + 4);
    QVERIFY2(afterHead.startsWith("HTTP/1.1 200 "), afterHead.constData());
    const qsizetype getHeadEnd = afterHead.indexOf("\r\n\r\n");
    QVERIFY(getHeadEnd > 0);
    const QJsonObject health = QJsonDocument::fromJson(afterHead.mid(getHeadEnd + 4)).object();
    QCOMPARE(health.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    // Sent alone, HEAD is allowed wherever GET is, and the route that only takes POST
    // lists neither.
    const HttpResponse getOnly = request("DELETE", QStringLiteral("/health"));
    QCOMPARE(getOnly.status, 405);
    QCOMPARE(getOnly.header("Allow"), QByteArray("GET, HEAD"));
}

// A client may pipeline requests (RFC 9112 section 9.3.2): two webhooks and a health
// check in one write get their responses in order, each webhook's once its events are
// committed, and the connection stays open.
void TestWebhookServer::pipelinedWebhooksAndHealthAnsweredInOrder()
{
    const QByteArray path = webhookPath(WebhookToken).toLatin1();
    const auto post = [&path](const QByteArray &body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    const QByteArray first = textMessage(QStringLiteral("51999000111"), QStringLiteral("pipelined-1"), QStringLiteral("Hola"));
    const QByteArray second =
        textMessage(QStringLiteral("51999000222"), QStringLiteral("pipelined-2"), QStringLiteral("Buenas tardes"));
    const QByteArray health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    RawExchange exchange(m_host->port(), post(first) + post(second) + health);
    QTRY_COMPARE_WITH_TIMEOUT(exchange.responses().size(), 3, ResponseTimeoutMs);

    const QList<HttpResponse> responses = exchange.responses();
    const QJsonObject received{{QStringLiteral("status"), QStringLiteral("received")}};
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[0].json(), received);
    QCOMPARE(responses[1].status, 200);
    QCOMPARE(responses[1].json(), received);
    QCOMPARE(responses[2].status, 200);
    QCOMPARE(responses[2].json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    for (const HttpResponse &response : responses)
        QVERIFY(response.header("Connection").compare("close", Qt::CaseInsensitive) != 0);
    QVERIFY(exchange.isConnected());

    // Each webhook's 200 came after its events were committed.
    QCOMPARE(count(QStringLiteral("inbound_events")), 2);
}

void TestWebhookServer::getOnWebhookIsMethodNotAllowed()
{
    const HttpResponse response = request("GET", webhookPath(WebhookToken));
    const QString problem = errorShapeProblem(response, 405, QStringLiteral("method_not_allowed"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(response.header("Allow"), QByteArray("POST"));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

void TestWebhookServer::invalidJsonIsRejectedAndNothingStored_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray text = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    const qsizetype open = text.indexOf('{') + 1;
    const QByteArray original = fixtureObject(QStringLiteral("v2-webhook/message-text.json"))
                                    .value(QLatin1String("payload")).toObject()
                                    .value(QLatin1String("payload")).toObject()
                                    .value(QLatin1String("text")).toString()
                                    .toUtf8();
    QVERIFY(text.contains(original));
    auto withText = [&](const QByteArray &jsonStringContent) {
        QByteArray body = text;
        return body.replace(original, jsonStringContent);
    };

    QTest::newRow("malformed: a comma missing") << QByteArray(text).replace("\"version\": 2,", "\"version\": 2");
    QTest::newRow("truncated body") << text.left(text.size() / 2);
    QTest::newRow("escaped lone high surrogate") << withText("Hola \\ud83d");
    QTest::newRow("raw CESU-encoded surrogate pair") << withText("Hola \xED\xA0\xBD\xED\xB1\x8B");
    QTest::newRow("duplicate key") << QByteArray("{\"version\": 2, ") + text.mid(open);
    // The top-level object is the first level, so 32 arrays inside it make 33.
    QTest::newRow("nesting 33 deep")
        << QByteArray("{\"extra\": ") + QByteArray(32, '[') + QByteArray(32, ']') + ", " + text.mid(open);
}

void TestWebhookServer::invalidJsonIsRejectedAndNothingStored()
{
    QFETCH(QByteArray, body);

    const HttpResponse response = postWebhook(body);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_json"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
    QCOMPARE(count(QStringLiteral("leads")), 0);
    QCOMPARE(count(QStringLiteral("messages")), 0);
}

void TestWebhookServer::nestingOfThirtyTwoLevelsIsAccepted()
{
    const QByteArray text = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    const QByteArray body =
        QByteArray("{\"extra\": ") + QByteArray(31, '[') + QByteArray(31, ']') + ", " + text.mid(text.indexOf('{') + 1);

    const HttpResponse response = postWebhook(body);
    QCOMPARE(response.status, 200);
    QTRY_COMPARE(count(QStringLiteral("messages WHERE sender = 'lead'")), 1);
}

void TestWebhookServer::missingSenderPhoneIsNamedInFields()
{
    QJsonObject body = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    setPath(body, {QStringLiteral("payload"), QStringLiteral("sender"), QStringLiteral("phone")}, QJsonValue::Undefined);

    const HttpResponse response = postWebhook(compact(body));
    const QString problem =
        errorShapeProblem(response, 400, QStringLiteral("missing_field"), QStringLiteral("payload.sender.phone"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
    QCOMPARE(count(QStringLiteral("leads")), 0);
}

// A sender that is no phone number got 200, and then failed in the processor five
// times, so the message never reached anyone. It is now rejected before it is stored.
void TestWebhookServer::senderThatIsNoNumberIsRejected()
{
    QJsonObject body = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    setPath(body, {QStringLiteral("payload"), QStringLiteral("sender"), QStringLiteral("phone")}, QStringLiteral("abc"));

    const HttpResponse response = postWebhook(compact(body));
    const QString problem =
        errorShapeProblem(response, 400, QStringLiteral("invalid_field"), QStringLiteral("payload.sender.phone"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
    QCOMPARE(count(QStringLiteral("leads")), 0);
}

// While another program held the write lock, the 503 that makes the provider retry named
// the database's file, although webhooks come from the internet. The log keeps it.
void TestWebhookServer::lockedDatabaseAnswerHidesItsFile()
{
    QVERIFY(m_db->exec(QStringLiteral("BEGIN IMMEDIATE")).ok());
    const HttpResponse response =
        postWebhook(textMessage(QStringLiteral("51999000111"), QStringLiteral("wamid.locked"), QStringLiteral("Hola")));
    QVERIFY(m_db->exec(QStringLiteral("ROLLBACK")).ok());

    const QString problem = errorShapeProblem(response, 503, QStringLiteral("unavailable"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(!response.text().contains(QLatin1String("prospecta.db")), qPrintable(response.text()));
    QVERIFY(!response.header("Retry-After").isEmpty());
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

void TestWebhookServer::bodyOverTheLimitIsRejected()
{
    // Valid JSON in every other respect: only its size is wrong.
    const QByteArray body = textMessage(QStringLiteral("51999000111"), QStringLiteral("wamid.large"),
                                        QString(2 * 1024 * 1024, QLatin1Char('a')));
    QVERIFY(body.size() > 2 * 1024 * 1024);

    const HttpResponse response = postWebhook(body);
    const QString problem = errorShapeProblem(response, 413, QStringLiteral("payload_too_large"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
    QCOMPARE(count(QStringLiteral("messages")), 0);
}

void TestWebhookServer::repeatedDeliveryIsStoredOnce()
{
    const QByteArray body = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    for (int delivery = 1; delivery <= 3; ++delivery) {
        const HttpResponse response = postWebhook(body);
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(QLatin1String("status")).toString(), QStringLiteral("received"));
    }
    QCOMPARE(count(QStringLiteral("inbound_events")), 1);
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'processed'")), 1);
    QCOMPARE(count(QStringLiteral("messages")), 1);
}

void TestWebhookServer::concurrentDeliveryIsStoredOnce()
{
    const QByteArray body = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    const QByteArray request = "POST " + webhookPath(WebhookToken).toUtf8() + " HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;

    std::vector<std::unique_ptr<RawExchange>> exchanges;
    for (int i = 0; i < 10; ++i)
        exchanges.push_back(std::make_unique<RawExchange>(m_host->port(), request, RawExchange::Sending::OnSend));
    // All ten connections are open before any request is written, so all ten are in
    // flight together.
    QTRY_VERIFY(std::all_of(exchanges.begin(), exchanges.end(), [](const auto &e) { return e->isConnected(); }));
    for (const auto &exchange : exchanges)
        exchange->send();
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(exchanges.begin(), exchanges.end(), [](const auto &e) { return e->isComplete(); }), 15000);

    for (const auto &exchange : exchanges) {
        const HttpResponse response = exchange->response();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(QLatin1String("status")).toString(), QStringLiteral("received"));
    }
    QCOMPARE(count(QStringLiteral("inbound_events")), 1);
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'processed'")), 1);
    QCOMPARE(count(QStringLiteral("messages")), 1);
}

void TestWebhookServer::textOutsideTheBmpRoundTrips_data()
{
    QTest::addColumn<QByteArray>("jsonText"); // the JSON string's content as sent
    QTest::addColumn<QString>("expected");

    // "Hola", waving hand with a skin tone modifier, mathematical script X, n with tilde.
    const QString text = QStringLiteral("Hola \U0001F44B\U0001F3FD \U0001D4B3 \u00F1");
    QTest::newRow("raw UTF-8") << text.toUtf8() << text;
    QTest::newRow("escaped surrogate pairs") << QByteArray("Hola \\ud83d\\udc4b\\ud83c\\udffd \\ud835\\udcb3 \\u00f1") << text;
}

void TestWebhookServer::textOutsideTheBmpRoundTrips()
{
    QFETCH(QByteArray, jsonText);
    QFETCH(QString, expected);

    const QByteArray body = textMessage(QStringLiteral("51999000111"), QStringLiteral("wamid.emoji"),
                                        QStringLiteral("PLACEHOLDER"))
                                .replace("PLACEHOLDER", jsonText);
    QCOMPARE(postWebhook(body).status, 200);
    QTRY_COMPARE(count(QStringLiteral("messages")), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages")).toString(), expected);
}

// Unlike the REST API, a webhook accepts a provider's U+0000, because rejecting it would
// lose the event. Storage replaces the character with U+FFFD.
void TestWebhookServer::nulInProviderTextIsStoredReplaced()
{
    const QByteArray body = textMessage(QStringLiteral("51999000111"), QStringLiteral("wamid.nul"),
                                        QStringLiteral("PLACEHOLDER"))
                                .replace("PLACEHOLDER", "hola\\u0000mundo");
    QCOMPARE(postWebhook(body).status, 200);
    QTRY_COMPARE(count(QStringLiteral("messages")), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages")).toString(), QStringLiteral("hola\uFFFDmundo"));
}

void TestWebhookServer::mobilePrefixVariantsShareOneLead_data()
{
    QTest::addColumn<QString>("firstAddress");
    QTest::addColumn<QString>("secondAddress");
    QTest::addColumn<QString>("leadPhone");

    QTest::newRow("Mexico +52 1 then +52") << QStringLiteral("5215512340000") << QStringLiteral("525512340000")
                                           << QStringLiteral("+525512340000");
    QTest::newRow("Mexico +52 then +52 1") << QStringLiteral("525512340000") << QStringLiteral("5215512340000")
                                           << QStringLiteral("+525512340000");
    QTest::newRow("Argentina +54 9 then +54") << QStringLiteral("5491155550000") << QStringLiteral("541155550000")
                                              << QStringLiteral("+5491155550000");
}

void TestWebhookServer::mobilePrefixVariantsShareOneLead()
{
    QFETCH(QString, firstAddress);
    QFETCH(QString, secondAddress);
    QFETCH(QString, leadPhone);

    QCOMPARE(postWebhook(textMessage(firstAddress, QStringLiteral("wamid.first"), QStringLiteral("Hola"))).status, 200);
    QTRY_COMPARE(count(QStringLiteral("messages")), 1);
    QCOMPARE(postWebhook(textMessage(secondAddress, QStringLiteral("wamid.second"), QStringLiteral("Sigo aquí"))).status,
             200);
    QTRY_COMPARE(count(QStringLiteral("messages")), 2);

    QCOMPARE(count(QStringLiteral("leads")), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT phone FROM leads")).toString(), leadPhone);
    QCOMPARE(count(QStringLiteral("conversations")), 1);
    // Replies go to the address WhatsApp used last.
    QCOMPARE(scalar(QStringLiteral("SELECT provider_address FROM conversations")).toString(), secondAddress);
}

void TestWebhookServer::statusesOutOfOrderNeverMoveBackwards()
{
    QCOMPARE(postWebhook(textMessageSentNow()).status, 200);
    QTRY_COMPARE(count(QStringLiteral("conversations")), 1);
    sendHumanMessageAcceptedAs(FixtureGsId);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(scalar(QStringLiteral("SELECT status FROM outbound_messages WHERE provider_message_id = ?"), {FixtureGsId})
                 .toString(),
             QStringLiteral("enqueued"));

    for (const QString &fixture : {QStringLiteral("v2-webhook/message-event-read.json"),
                                   QStringLiteral("v2-webhook/message-event-delivered.json"),
                                   QStringLiteral("v2-webhook/message-event-sent.json")}) {
        QCOMPARE(postWebhook(readFixture(fixture)).status, 200);
    }
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'pending'")), 0);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE state = 'processed'")), 4);

    QCOMPARE(scalar(QStringLiteral("SELECT status FROM outbound_messages WHERE provider_message_id = ?"), {FixtureGsId})
                 .toString(),
             QStringLiteral("read"));
    // Every event stays in the message's history, the late ones too.
    QCOMPARE(count(QStringLiteral("delivery_events WHERE outbound_id = (SELECT id FROM outbound_messages "
                                  "WHERE provider_message_id = ?)"),
                   {FixtureGsId}),
             3);
}

void TestWebhookServer::statusBeforeItsMessageIsAppliedLater()
{
    QCOMPARE(postWebhook(textMessageSentNow()).status, 200);
    QTRY_COMPARE(count(QStringLiteral("conversations")), 1);

    // The status arrives before the send request's own response.
    QCOMPARE(postWebhook(readFixture(QStringLiteral("v2-webhook/message-event-delivered.json"))).status, 200);
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'pending'")), 0);
    QCOMPARE(count(QStringLiteral("delivery_events WHERE provider_message_id = ? AND outbound_id IS NULL"), {FixtureGsId}),
             1);

    sendHumanMessageAcceptedAs(FixtureGsId);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(scalar(QStringLiteral("SELECT status FROM outbound_messages WHERE provider_message_id = ?"), {FixtureGsId})
                     .toString(),
                 QStringLiteral("delivered"));
    QCOMPARE(count(QStringLiteral("delivery_events WHERE outbound_id IS NULL")), 0);
}

void TestWebhookServer::pendingEventIsProcessedOnceAcrossRestarts()
{
    // As if the process died after the 200 and before processing: the raw event is
    // committed and pending while no host runs.
    m_host.reset();
    const QByteArray body = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    const QString messageId = fixtureObject(QStringLiteral("v2-webhook/message-text.json"))
                                  .value(QLatin1String("payload"))
                                  .toObject()
                                  .value(QLatin1String("id"))
                                  .toString();
    auto inserted = m_db->exec(
        QStringLiteral("INSERT INTO inbound_events (provider, kind, dedup_key, item_index, body, received_at, state) "
                       "VALUES ('gupshup', 'message', ?, 0, ?, ?, 'pending')"),
        {QStringLiteral("message:") + messageId, QString::fromUtf8(body), QDateTime::currentMSecsSinceEpoch()});
    QVERIFY2(inserted, qPrintable(inserted ? QString() : inserted.error().message));
    inserted->finish();

    startHost();
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'processed'")), 1);
    QCOMPARE(count(QStringLiteral("messages")), 1);

    // The same body delivered again by the provider is a duplicate of the stored event.
    QCOMPARE(postWebhook(body).status, 200);
    QCOMPARE(count(QStringLiteral("inbound_events")), 1);

    m_host.reset();
    startHost();
    if (QTest::currentTestFailed())
        return;
    // Events are processed in arrival order, so once a new one is done anything the
    // restart would have redone is done too.
    const QByteArray next = readFixture(QStringLiteral("v2-webhook/message-text-reply-with-context.json"));
    QCOMPARE(postWebhook(next).status, 200);
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'processed'")), 2);
    QCOMPARE(count(QStringLiteral("messages")), 2);
    QCOMPARE(count(QStringLiteral("messages WHERE provider_message_id = ?"), {messageId}), 1);
}

// Gupshup posts its callbacks as application/json. The route reads a body as JSON whatever
// type it declares, or none: a provider's message is never dropped over a header.
void TestWebhookServer::bodyIsReadWhateverItsType_data()
{
    QTest::addColumn<QByteArray>("headers"); // header lines besides Host and Content-Length

    QTest::newRow("application/json") << QByteArray("Content-Type: application/json\r\n");
    QTest::newRow("in capitals, with a charset") << QByteArray("Content-Type: Application/JSON;Charset=UTF-8\r\n");
    QTest::newRow("text/plain") << QByteArray("Content-Type: text/plain\r\n");
    QTest::newRow("form, as curl -d sends") << QByteArray("Content-Type: application/x-www-form-urlencoded\r\n");
    QTest::newRow("no Content-Type") << QByteArray();
}

// Written on a socket, because QNetworkAccessManager sends one Content-Type of its own.
void TestWebhookServer::bodyIsReadWhateverItsType()
{
    QFETCH(QByteArray, headers);

    const QByteArray body = readFixture(QStringLiteral("v2-webhook/message-text.json"));
    const HttpResponse response =
        rawRequest(m_host->port(),
                   "POST " + webhookPath(WebhookToken).toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                       + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body,
                   ResponseTimeoutMs);
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QTRY_COMPARE(count(QStringLiteral("messages WHERE sender = 'lead'")), 1);
}

void TestWebhookServer::validationErrorsFollowAcceptLanguage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("english");
    QTest::addColumn<QString>("spanish");

    const QByteArray json = "application/json";
    QJsonObject noPhone = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    setPath(noPhone, {QStringLiteral("payload"), QStringLiteral("sender"), QStringLiteral("phone")}, QJsonValue::Undefined);
    QJsonObject noIdNoPhone = noPhone;
    setPath(noIdNoPhone, {QStringLiteral("payload"), QStringLiteral("id")}, QJsonValue::Undefined);
    QJsonObject numericId = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    setPath(numericId, {QStringLiteral("payload"), QStringLiteral("id")}, 5);
    QJsonObject wordSender = fixtureObject(QStringLiteral("v2-webhook/message-text.json"));
    setPath(wordSender, {QStringLiteral("payload"), QStringLiteral("sender"), QStringLiteral("phone")},
            QStringLiteral("abc"));

    QTest::newRow("one field missing")
        << compact(noPhone) << json << 400
        << QStringLiteral("The webhook body is missing a required field: payload.sender.phone.")
        << QStringLiteral("Al cuerpo del webhook le falta un campo obligatorio: payload.sender.phone.");
    QTest::newRow("two fields missing")
        << compact(noIdNoPhone) << json << 400
        << QStringLiteral("The webhook body is missing 2 required fields: payload.id, payload.sender.phone.")
        << QStringLiteral("Al cuerpo del webhook le faltan 2 campos obligatorios: payload.id, payload.sender.phone.");
    QTest::newRow("field of the wrong type")
        << compact(numericId) << json << 400
        << QStringLiteral("The webhook body is not valid: payload.id must be a string, not a number.")
        << QStringLiteral("El cuerpo del webhook no es válido: payload.id debe ser un texto, no un número.");
    QTest::newRow("sender that is no number")
        << compact(wordSender) << json << 400
        << QStringLiteral("The webhook body is not valid: payload.sender.phone is not a phone number "
                          "(invalid WhatsApp id \"abc\": expected digits only).")
        << QStringLiteral("El cuerpo del webhook no es válido: payload.sender.phone no es un número de teléfono "
                          "(id de WhatsApp no válido \"abc\": solo se aceptan dígitos).");
    QTest::newRow("unknown format")
        << QByteArray("{\"hello\":1}") << json << 400
        << QStringLiteral("The webhook body has an unknown format; it needs a \"type\" field (Gupshup v2) or "
                          "\"object\": \"whatsapp_business_account\" (Gupshup v3 and Meta).")
        << QStringLiteral("El cuerpo del webhook tiene un formato desconocido; necesita un campo \"type\" (Gupshup v2) "
                          "o \"object\": \"whatsapp_business_account\" (Gupshup v3 y Meta).");
}

// The webhook's validation errors were English whatever the request asked for, while
// every other error follows Accept-Language.
void TestWebhookServer::validationErrorsFollowAcceptLanguage()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, english);
    QFETCH(QString, spanish);

    for (const auto &[acceptLanguage, expected] : {std::pair{QByteArray("es-MX"), spanish},
                                                   std::pair{QByteArray("en"), english},
                                                   std::pair{QByteArray("fr-CA,es;q=0.8,en;q=0.5"), spanish}}) {
        const HttpResponse response =
            postWebhook(body, {{"Content-Type", contentType}, {"Accept-Language", acceptLanguage}});
        const QString where = QStringLiteral("Accept-Language \"%1\": ").arg(QString::fromLatin1(acceptLanguage));
        QVERIFY2(response.status == status, qPrintable(where + response.text()));
        QCOMPARE(response.json().value(QLatin1String("message")).toString(), expected);
    }
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

// Gupshup can deliver a message whose sender is the business's own number (its "source"
// setting, 51940000999 here), such as an echo of what the business sent. The webhook is
// acknowledged so that Gupshup does not retry it, and the event is kept as ignored. The
// business never becomes a lead of its own, whose messages the AI agents would reply to.
void TestWebhookServer::businessNumberEchoIsAcknowledgedAndIgnored()
{
    m_logCapture = std::make_unique<LogCapture>();

    const HttpResponse echo =
        postWebhook(textMessage(QStringLiteral("51940000999"), QStringLiteral("wamid.echo"), QStringLiteral("Hola")));
    QCOMPARE(echo.status, 200);
    QCOMPARE(echo.json(), QJsonObject({{QStringLiteral("status"), QStringLiteral("received")}}));
    QTRY_COMPARE(count(QStringLiteral("inbound_events WHERE state = 'pending'")), 0);

    QCOMPARE(count(QStringLiteral("inbound_events WHERE state = 'ignored'")), 1);
    QCOMPARE(count(QStringLiteral("leads")), 0);
    QCOMPARE(count(QStringLiteral("conversations")), 0);
    QCOMPARE(count(QStringLiteral("messages")), 0);
    const QStringList logged = m_logCapture->texts().filter(QStringLiteral("business's own number"));
    QCOMPARE(logged.size(), 1);
    QVERIFY2(logged.first().startsWith(QLatin1String("prospecta.jobs: ")), qPrintable(logged.first()));
    QVERIFY2(!logged.first().contains(QLatin1String("51940000999")), qPrintable(logged.first()));

    // A lead writing afterwards is processed as usual.
    QCOMPARE(postWebhook(textMessage(QStringLiteral("51999000111"), QStringLiteral("wamid.lead"), QStringLiteral("Hola")))
                 .status,
             200);
    QTRY_COMPARE(count(QStringLiteral("leads")), 1);
    QCOMPARE(scalar(QStringLiteral("SELECT phone FROM leads")).toString(), QStringLiteral("+51999000111"));
}

QTEST_GUILESS_MAIN(TestWebhookServer)

#include "tst_webhookserver.moc"
