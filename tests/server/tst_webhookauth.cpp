// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Webhook authentication and per-client limits, specified through the real server: a
// ServiceHost on a temporary SQLite file listening on 127.0.0.1, requests on the wire,
// and what was stored read back through a second connection. Twilio requests are signed
// here over server.publicUrl and the route, the way Twilio signs the URL it called.

#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "LogCapture.h"
#include "ServiceHarness.h"
#include "ServiceHost.h"
#include "core/TextLanguage.h"
#include "security/SecretBox.h"
#include "security/WebhookSignatures.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QUrl>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

const QString PublicUrl = QStringLiteral("https://crm.example.com");
const QString CallRoute = QStringLiteral("/api/webhooks/twilio/call");
const QString RecordingRoute = QStringLiteral("/api/webhooks/twilio/recording");
const QString MetaRoute = QStringLiteral("/api/webhooks/meta");
const QString GupshupToken = QStringLiteral("test-token-0123456789");
const QString WrongGupshupToken = QStringLiteral("wrong-token-9876543210");
// The key named by X-Twilio-Webhooks-Signature-Settings in twilio/signature-cases.json.
const QString TwilioSharedKey = QStringLiteral("webhooks_sharedkey_fixture000");
// Small enough that Twilio's or a stranger's budget runs out within a test, and large
// enough that no token refills during one: a token comes back every 6 seconds.
constexpr int SmallRateLimit = 10;
constexpr int ResponseTimeoutMs = 10000;

using Headers = HttpHeaders;

QJsonObject fixtureObject(const QString &path)
{
    return QJsonDocument::fromJson(fixtureBytes(path)).object();
}

// A Twilio callback fixture: its form body as Twilio sent it and its auth token.
struct TwilioCallback
{
    QByteArray body;
    QString authToken;
};

TwilioCallback twilioCallback(const QString &path)
{
    const QJsonObject fixture = fixtureObject(QStringLiteral("twilio/") + path);
    return {fixture.value(QLatin1String("rawBody")).toString().toUtf8(),
            fixture.value(QLatin1String("authTokenUsedForSignature")).toString()};
}

QString twilioAuthToken()
{
    return twilioCallback(QStringLiteral("status-callback/completed.json")).authToken;
}

QList<QPair<QString, QString>> formParameters(const QByteArray &body)
{
    bool ok = false;
    const auto parameters = WebhookSignatures::decodeForm(body, &ok);
    if (!ok)
        qFatal("a Twilio fixture body is not a valid form");
    return parameters;
}

// Twilio's string to sign, written out here so that the HMAC-SHA256 case does not rest
// on the code under test: the URL, then each parameter's name and value sorted by name
// (then by value).
QByteArray twilioStringToSign(const QString &url, QList<QPair<QString, QString>> parameters)
{
    std::sort(parameters.begin(), parameters.end());
    QByteArray text = url.toUtf8();
    for (const auto &[name, value] : std::as_const(parameters))
        text += name.toUtf8() + value.toUtf8();
    return text;
}

// A form body as Twilio encodes one: names and values percent-encoded, joined with "="
// and "&", in the order given.
QByteArray formBody(const QList<QPair<QString, QString>> &parameters)
{
    QByteArrayList pairs;
    for (const auto &[name, value] : parameters)
        pairs << QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    return pairs.join('&');
}

// The parameters of a callback fixture with `name` set to `value`. A null value removes
// the parameter.
QList<QPair<QString, QString>> withParameter(const QByteArray &body, const QString &name, const QString &value)
{
    QList<QPair<QString, QString>> parameters = formParameters(body);
    parameters.removeIf([&name](const auto &parameter) { return parameter.first == name; });
    if (!value.isNull())
        parameters.append({name, value});
    return parameters;
}

QByteArray sharedKeySignature(const QString &url, const QByteArray &formBody)
{
    return QMessageAuthenticationCode::hash(twilioStringToSign(url, formParameters(formBody)), TwilioSharedKey.toUtf8(),
                                            QCryptographicHash::Sha256)
        .toBase64();
}

} // namespace

class TestWebhookAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void twilioSignedCallbackIsStoredOnce_data();
    void twilioSignedCallbackIsStoredOnce();
    void twilioForgedRequestIsForbidden_data();
    void twilioForgedRequestIsForbidden();
    void twilioSharedKeySignature_data();
    void twilioSharedKeySignature();
    void twilioBodyOtherThanFormIsRejected_data();
    void twilioBodyOtherThanFormIsRejected();
    void twilioFormContentTypeMayCarryParameters_data();
    void twilioFormContentTypeMayCarryParameters();
    void twilioCallStatusMustBeDocumented_data();
    void twilioCallStatusMustBeDocumented();
    void twilioRecordingStatusMustBeDocumented_data();
    void twilioRecordingStatusMustBeDocumented();
    void twilioErrorsFollowAcceptLanguage();
    void twilioWithoutPublicUrlIsForbidden();
    void twilioWithoutIntegrationIsNotFound();

    void metaHandshake_data();
    void metaHandshake();
    void metaHandshakeNeedsChallenge_data();
    void metaHandshakeNeedsChallenge();
    void metaSignedWebhookIsStoredOnce();
    void metaForgedWebhookIsForbidden_data();
    void metaForgedWebhookIsForbidden();
    void metaBodyIsReadWhateverItsType();

    void gupshupTokenDecidesTheRoute();
    void rejectionsAreLoggedOnceThenCounted();

    void untrustedProxyHeadersShareOneBudget();
    void trustedProxyGivesEachClientABudget();
    void floodNeverCostsGupshupA429_data();
    void floodNeverCostsGupshupA429();

    void bodyOverMaxBodyBytesIsRejected();
    void headOverMaxHeaderBytesIsRejected();
    void unacceptedMethodListsAllow();
    void invalidGupshupJsonIsRejected_data();
    void invalidGupshupJsonIsRejected();

private:
    void configureTwilio(const QString &sharedKey = {});
    void configureMeta();
    void setSetting(const QString &key, const QString &value);
    void startHost();

    HttpResponse request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                         const Headers &headers = {});
    HttpResponse rawRequest(const QByteArray &bytes, bool *reset = nullptr);
    HttpResponse postTwilio(const QString &pathAndQuery, const QByteArray &body, const QByteArray &signature,
                            const QByteArray &contentType = "application/x-www-form-urlencoded",
                            const QByteArray &host = "crm.example.com");
    HttpResponse postGupshup(const QString &token, const QByteArray &body, const Headers &headers = {});

    qint64 count(const QString &fromWhere) const;

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<HttpTestClient> m_http;
    std::unique_ptr<LogCapture> m_logCapture;
    int m_connectionSerial = 0;
};

void TestWebhookAuth::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(SecretBox::initialize());
    // As main() does: the process speaks English here, and each request its own language.
    QCoreApplication::installTranslator(new ProspectaTranslator(QLocale(QLocale::English), this));
}

// Every test starts with a migrated database, the Gupshup integration, AI switched off
// (no model calls) and server.publicUrl set. The host starts only after the test has
// added what it needs, because the service reads settings and integrations at start.
void TestWebhookAuth::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    m_http = std::make_unique<HttpTestClient>(ResponseTimeoutMs, HttpTestClient::ContentType::JsonWithBody);

    m_db = std::make_unique<Database>();
    const Status prepared = m_harness->prepare(*m_db, QStringLiteral("tst_webhookauth-%1").arg(++m_connectionSerial),
                                               QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(prepared, qPrintable(messageOf(prepared)));

    const Status saved = m_harness->saveGupshup(*m_db, m_gupshup->baseUrl(), GupshupToken,
                                                QStringLiteral("gs_fixture_apikey_0000000000000000"),
                                                QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(saved, qPrintable(messageOf(saved)));
    setSetting(QStringLiteral("ai.enabled"), QStringLiteral("false"));
    setSetting(QStringLiteral("server.publicUrl"), PublicUrl);
}

void TestWebhookAuth::cleanup()
{
    m_logCapture.reset();
    m_host.reset();
    m_http.reset();
    m_db.reset();
    m_gupshup.reset();
    m_harness.reset();
}

void TestWebhookAuth::configureTwilio(const QString &sharedKey)
{
    QMap<QString, QString> twilio{
        {QStringLiteral("accountSid"), QStringLiteral("ACdef0b17f603285ef4336f6e3e3dcd43c")},
        {QStringLiteral("authToken"), twilioAuthToken()},
    };
    if (!sharedKey.isEmpty())
        twilio.insert(QStringLiteral("sharedKey"), sharedKey);
    const Status saved =
        m_harness->saveIntegration(*m_db, Provider::Twilio, twilio, QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(saved, qPrintable(messageOf(saved)));
}

void TestWebhookAuth::configureMeta()
{
    const QJsonObject handshake = fixtureObject(QStringLiteral("meta-whatsapp/verification-handshake.json"));
    const QJsonObject signatures = fixtureObject(QStringLiteral("meta-whatsapp/signature-cases.json"));
    const QMap<QString, QString> meta{
        {QStringLiteral("appSecret"),
         signatures.value(QLatin1String("cases"))
             .toArray()
             .first()
             .toObject()
             .value(QLatin1String("appSecret"))
             .toString()},
        {QStringLiteral("verifyToken"), handshake.value(QLatin1String("configuredVerifyToken")).toString()},
    };
    const Status saved = m_harness->saveIntegration(*m_db, Provider::Meta, meta, QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(saved, qPrintable(messageOf(saved)));
}

void TestWebhookAuth::setSetting(const QString &key, const QString &value)
{
    const Status set = ServiceHarness::setSetting(*m_db, key, value, QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(set, qPrintable(messageOf(set)));
}

void TestWebhookAuth::startHost()
{
    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions());
    const Status started = m_host->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    QVERIFY(m_host->port() != 0);
}

HttpResponse TestWebhookAuth::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                      const Headers &headers)
{
    return m_http->request(m_host->port(), method, pathAndQuery, body, headers);
}

HttpResponse TestWebhookAuth::rawRequest(const QByteArray &bytes, bool *reset)
{
    return Testing::rawRequest(m_host->port(), bytes, ResponseTimeoutMs, reset);
}

HttpResponse TestWebhookAuth::postTwilio(const QString &pathAndQuery, const QByteArray &body,
                                         const QByteArray &signature, const QByteArray &contentType,
                                         const QByteArray &host)
{
    Headers headers{{"Content-Type", contentType}, {"Host", host}};
    if (!signature.isNull())
        headers.append({"X-Twilio-Signature", signature});
    return request("POST", pathAndQuery, body, headers);
}

HttpResponse TestWebhookAuth::postGupshup(const QString &token, const QByteArray &body, const Headers &headers)
{
    return request("POST", QStringLiteral("/api/webhooks/gupshup/") + token, body, headers);
}

qint64 TestWebhookAuth::count(const QString &fromWhere) const
{
    auto value = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM ") + fromWhere);
    if (!value)
        qWarning("count failed: %s", qPrintable(value.error().message));
    return value ? value->toLongLong() : -1;
}

// --- Twilio -------------------------------------------------------------------------

void TestWebhookAuth::twilioSignedCallbackIsStoredOnce_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("kind");

    QTest::newRow("call status") << CallRoute << QString() << QStringLiteral("status-callback/completed.json")
                                 << QStringLiteral("call-status");
    // The query string is part of the signed URL.
    QTest::newRow("call status with a query") << CallRoute << QStringLiteral("leadId=L-1001&intento=2")
                                              << QStringLiteral("status-callback/ringing.json")
                                              << QStringLiteral("call-status");
    QTest::newRow("recording status") << RecordingRoute << QString()
                                      << QStringLiteral("recording-status-callback/completed.json")
                                      << QStringLiteral("recording-status");
}

void TestWebhookAuth::twilioSignedCallbackIsStoredOnce()
{
    QFETCH(QString, route);
    QFETCH(QString, query);
    QFETCH(QString, fixture);
    QFETCH(QString, kind);
    configureTwilio();
    startHost();

    const TwilioCallback callback = twilioCallback(fixture);
    const QString pathAndQuery = query.isEmpty() ? route : route + QLatin1Char('?') + query;
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + pathAndQuery, formParameters(callback.body));

    for (int delivery = 1; delivery <= 2; ++delivery) {
        const HttpResponse response = postTwilio(pathAndQuery, callback.body, signature);
        QCOMPARE(response.status, 200);
        if (route == CallRoute) {
            // Twilio reads the response to a call webhook as TwiML.
            const QByteArray contentType = response.header("Content-Type");
            QVERIFY2(contentType.startsWith("text/xml"), contentType.constData());
            QVERIFY2(response.body.contains("<Response></Response>"), response.body.constData());
        }
    }
    QCOMPARE(count(QStringLiteral("inbound_events")), 1);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'twilio' AND state = 'ignored' AND kind = '")
                   + kind + QLatin1Char('\'')),
             1);
}

void TestWebhookAuth::twilioForgedRequestIsForbidden_data()
{
    QTest::addColumn<QString>("sentPath");   // route and query the request goes to
    QTest::addColumn<QByteArray>("sentBody");
    QTest::addColumn<QByteArray>("signature"); // null: no header
    QTest::addColumn<QByteArray>("host");

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/completed.json"));
    const QString token = callback.authToken;
    const auto parameters = formParameters(callback.body);
    const QByteArray signedForCall = WebhookSignatures::twilioSignature(token, PublicUrl + CallRoute, parameters);
    const QByteArray publicHost = "crm.example.com";

    QTest::newRow("tampered body: a parameter added")
        << CallRoute << callback.body + "&Extra=1" << signedForCall << publicHost;
    QVERIFY(callback.body.contains("CallStatus=completed"));
    QTest::newRow("one parameter changed")
        << CallRoute << QByteArray(callback.body).replace("CallStatus=completed", "CallStatus=failed")
        << signedForCall << publicHost;
    QTest::newRow("replayed to the other route") << RecordingRoute << callback.body << signedForCall << publicHost;
    QTest::newRow("query added to the signed URL")
        << CallRoute + QStringLiteral("?leadId=L-1001") << callback.body << signedForCall << publicHost;
    QTest::newRow("URL signed with http instead of https")
        << CallRoute << callback.body
        << WebhookSignatures::twilioSignature(token, QStringLiteral("http://crm.example.com") + CallRoute, parameters)
        << publicHost;
    // The request carries Host: crm.example.com, and a signature over the loopback
    // address it reached must not pass either.
    QTest::newRow("URL of the local listener")
        << CallRoute << callback.body
        << WebhookSignatures::twilioSignature(token, QStringLiteral("http://127.0.0.1") + CallRoute, parameters)
        << publicHost;
    QTest::newRow("signed with another auth token")
        << CallRoute << callback.body
        << WebhookSignatures::twilioSignature(QStringLiteral("another_auth_token_0123456789ab"), PublicUrl + CallRoute,
                                              parameters) << publicHost;
    QTest::newRow("signature missing") << CallRoute << callback.body << QByteArray() << publicHost;
    QTest::newRow("signature empty") << CallRoute << callback.body << QByteArray("") << publicHost;
    // The caller controls the Host header, so a URL built from it proves nothing.
    QTest::newRow("URL built from the Host header")
        << CallRoute << callback.body
        << WebhookSignatures::twilioSignature(token, QStringLiteral("https://attacker.example") + CallRoute, parameters)
        << QByteArray("attacker.example");
}

void TestWebhookAuth::twilioForgedRequestIsForbidden()
{
    QFETCH(QString, sentPath);
    QFETCH(QByteArray, sentBody);
    QFETCH(QByteArray, signature);
    QFETCH(QByteArray, host);
    configureTwilio();
    startHost();

    const HttpResponse response = postTwilio(sentPath, sentBody, signature, "application/x-www-form-urlencoded", host);
    const QString problem = errorShapeProblem(response, 403, QStringLiteral("forbidden"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

void TestWebhookAuth::twilioSharedKeySignature_data()
{
    QTest::addColumn<QString>("configuredSharedKey");
    QTest::addColumn<int>("expectedStatus");

    QTest::newRow("shared key configured") << TwilioSharedKey << 200;
    QTest::newRow("no shared key configured") << QString() << 403;
}

// Twilio's newer scheme signs the same string with HMAC-SHA256 keyed with a shared key,
// which counts only when that key is configured.
void TestWebhookAuth::twilioSharedKeySignature()
{
    QFETCH(QString, configuredSharedKey);
    QFETCH(int, expectedStatus);
    configureTwilio(configuredSharedKey);
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/in-progress.json"));
    const QByteArray signature = sharedKeySignature(PublicUrl + CallRoute, callback.body);
    const HttpResponse response = postTwilio(CallRoute, callback.body, signature);
    QCOMPARE(response.status, expectedStatus);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'twilio'")), expectedStatus == 200 ? 1 : 0);
}

// Twilio binds a body other than a form to its signature through bodySHA256, the hex
// SHA-256 of the body in the signed URL. Its voice status and recording callbacks are
// forms, though, so such a body lacks their fields and is rejected once its signature
// holds, and a forged one still gets 403.
void TestWebhookAuth::twilioBodyOtherThanFormIsRejected_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QByteArray>("contentType");

    QTest::newRow("JSON to the call route") << CallRoute << QByteArray("application/json");
    QTest::newRow("JSON to the recording route") << RecordingRoute << QByteArray("application/json");
    QTest::newRow("text to the call route") << CallRoute << QByteArray("text/plain; charset=utf-8");
}

void TestWebhookAuth::twilioBodyOtherThanFormIsRejected()
{
    QFETCH(QString, route);
    QFETCH(QByteArray, contentType);
    configureTwilio();
    startHost();

    QJsonObject jsonCase;
    const QJsonArray cases =
        fixtureObject(QStringLiteral("twilio/signature-cases.json")).value(QLatin1String("cases")).toArray();
    for (const QJsonValue &value : cases) {
        if (value.toObject().value(QLatin1String("name")).toString() == QLatin1String("json_body_with_bodySHA256"))
            jsonCase = value.toObject();
    }
    const QByteArray body = jsonCase.value(QLatin1String("rawBody")).toString().toUtf8();
    QVERIFY(!body.isEmpty());
    const QByteArray hash = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
    QCOMPARE(hash, jsonCase.value(QLatin1String("bodySHA256")).toString().toLatin1());

    const QString pathAndQuery = route + QStringLiteral("?bodySHA256=") + QString::fromLatin1(hash);
    const QByteArray signature = WebhookSignatures::twilioSignature(twilioAuthToken(), PublicUrl + pathAndQuery, {});

    // The same signed URL with another body is a forgery.
    const QByteArray otherBody = QByteArray(body).replace("call.completed", "call.canceled");
    const HttpResponse forged = postTwilio(pathAndQuery, otherBody, signature, contentType);
    const QString forgedProblem = errorShapeProblem(forged, 403, QStringLiteral("forbidden"));
    QVERIFY2(forgedProblem.isEmpty(), qPrintable(forgedProblem));

    const HttpResponse response = postTwilio(pathAndQuery, body, signature, contentType);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("missing_field"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

void TestWebhookAuth::twilioFormContentTypeMayCarryParameters_data()
{
    QTest::addColumn<QByteArray>("contentType");

    // The header of every Twilio callback fixture.
    QTest::newRow("with a charset") << QByteArray("application/x-www-form-urlencoded; charset=utf-8");
    QTest::newRow("in capitals") << QByteArray("Application/X-WWW-Form-URLEncoded");
}

void TestWebhookAuth::twilioFormContentTypeMayCarryParameters()
{
    QFETCH(QByteArray, contentType);
    configureTwilio();
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/ringing.json"));
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + CallRoute, formParameters(callback.body));
    const HttpResponse response = postTwilio(CallRoute, callback.body, signature, contentType);
    QVERIFY2(response.status == 200, qPrintable(response.text()));
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'twilio'")), 1);
}

void TestWebhookAuth::twilioCallStatusMustBeDocumented_data()
{
    QTest::addColumn<QString>("callStatus"); // null: the parameter is left out
    QTest::addColumn<QByteArray>("extra");   // appended to the form body
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("fields");

    // The CallStatus values Twilio documents for call status callbacks.
    for (const char *value : {"queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed",
                              "no-answer", "canceled"}) {
        QTest::addRow("%s", value) << QString::fromLatin1(value) << QByteArray() << 200 << QString() << QStringList();
    }
    const QStringList callStatus{QStringLiteral("CallStatus")};
    QTest::newRow("unknown word") << QStringLiteral("bogus") << QByteArray() << 400 << QStringLiteral("invalid_field")
                                  << callStatus;
    QTest::newRow("capitalized") << QStringLiteral("Completed") << QByteArray() << 400
                                 << QStringLiteral("invalid_field") << callStatus;
    // "answered" names a StatusCallbackEvent; its callback carries "in-progress".
    QTest::newRow("event name") << QStringLiteral("answered") << QByteArray() << 400 << QStringLiteral("invalid_field")
                                << callStatus;
    QTest::newRow("underscore") << QStringLiteral("no_answer") << QByteArray() << 400 << QStringLiteral("invalid_field")
                                << callStatus;
    QTest::newRow("empty") << QString(QLatin1String("")) << QByteArray() << 400 << QStringLiteral("missing_field")
                           << callStatus;
    QTest::newRow("left out") << QString() << QByteArray() << 400 << QStringLiteral("missing_field") << callStatus;
    QTest::newRow("given twice") << QStringLiteral("completed") << QByteArray("&CallStatus=bogus") << 400
                                 << QStringLiteral("invalid_field") << callStatus;
    QTest::newRow("call id given twice") << QStringLiteral("completed") << QByteArray("&CallSid=CA0") << 400
                                         << QStringLiteral("invalid_field") << QStringList{QStringLiteral("CallSid")};
}

// A call status callback whose CallStatus is not one of Twilio's documented values was
// stored like any other. It is rejected with 400 naming the parameter, and nothing is
// stored, once the signature holds.
void TestWebhookAuth::twilioCallStatusMustBeDocumented()
{
    QFETCH(QString, callStatus);
    QFETCH(QByteArray, extra);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QStringList, fields);
    configureTwilio();
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/completed.json"));
    const QByteArray body = formBody(withParameter(callback.body, QStringLiteral("CallStatus"), callStatus)) + extra;
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + CallRoute, formParameters(body));
    const HttpResponse response = postTwilio(CallRoute, body, signature);

    if (status == 200) {
        QVERIFY2(response.status == 200, qPrintable(response.text()));
        QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'twilio' AND kind = 'call-status'")), 1);
        return;
    }
    const QString problem = errorShapeProblem(response, status, code, fields.first());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(response.json().value(QLatin1String("fields")).toArray().size(), fields.size());
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

void TestWebhookAuth::twilioRecordingStatusMustBeDocumented_data()
{
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("value"); // null: the parameter is left out
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    // The RecordingStatus values of recording status callbacks; "failed" comes with
    // voice recording encryption.
    for (const char *value : {"in-progress", "completed", "absent", "failed"})
        QTest::addRow("%s", value) << QStringLiteral("RecordingStatus") << QString::fromLatin1(value) << 200 << QString();
    QTest::newRow("unknown status") << QStringLiteral("RecordingStatus") << QStringLiteral("bogus") << 400
                                    << QStringLiteral("invalid_field");
    QTest::newRow("status left out") << QStringLiteral("RecordingStatus") << QString() << 400
                                     << QStringLiteral("missing_field");
    QTest::newRow("recording id left out") << QStringLiteral("RecordingSid") << QString() << 400
                                           << QStringLiteral("missing_field");
    // A recording without its call could never be linked to one.
    QTest::newRow("call id left out") << QStringLiteral("CallSid") << QString() << 400
                                      << QStringLiteral("missing_field");
}

void TestWebhookAuth::twilioRecordingStatusMustBeDocumented()
{
    QFETCH(QString, parameter);
    QFETCH(QString, value);
    QFETCH(int, status);
    QFETCH(QString, code);
    configureTwilio();
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("recording-status-callback/completed.json"));
    const QByteArray body = formBody(withParameter(callback.body, parameter, value));
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + RecordingRoute, formParameters(body));
    const HttpResponse response = postTwilio(RecordingRoute, body, signature);

    if (status == 200) {
        QVERIFY2(response.status == 200, qPrintable(response.text()));
        QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'twilio' AND kind = 'recording-status'")), 1);
        return;
    }
    const QString problem = errorShapeProblem(response, status, code, parameter);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

// The Twilio routes' validation errors follow Accept-Language like every other error.
void TestWebhookAuth::twilioErrorsFollowAcceptLanguage()
{
    configureTwilio();
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/completed.json"));
    const QByteArray body = formBody(withParameter(callback.body, QStringLiteral("CallStatus"), QStringLiteral("bogus")));
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + CallRoute, formParameters(body));
    const QString values = QStringLiteral("queued, initiated, ringing, in-progress, completed, busy, failed, no-answer, "
                                          "canceled");
    const QList<QPair<QByteArray, QString>> cases{
        {QByteArrayLiteral("es-MX"),
         QStringLiteral("El parámetro de formulario \"CallStatus\" es \"bogus\", que no es uno de los valores de "
                        "Twilio: %1.")
             .arg(values)},
        {QByteArrayLiteral("en"),
         QStringLiteral("The form parameter \"CallStatus\" is \"bogus\", which is not one of Twilio's values: %1.")
             .arg(values)},
    };
    for (const auto &[acceptLanguage, expected] : cases) {
        const Headers headers{{"Content-Type", "application/x-www-form-urlencoded"},
                              {"Host", "crm.example.com"},
                              {"X-Twilio-Signature", signature},
                              {"Accept-Language", acceptLanguage}};
        const HttpResponse response = request("POST", CallRoute, body, headers);
        QVERIFY2(response.status == 400, qPrintable(response.text()));
        QCOMPARE(response.json().value(QLatin1String("message")).toString(), expected);
    }

    // The missing parameters are named in the request's language too.
    const QByteArray withoutSid = formBody(withParameter(callback.body, QStringLiteral("CallSid"), QString()));
    const QByteArray withoutSidSignature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + CallRoute, formParameters(withoutSid));
    const Headers spanish{{"Content-Type", "application/x-www-form-urlencoded"},
                          {"Host", "crm.example.com"},
                          {"X-Twilio-Signature", withoutSidSignature},
                          {"Accept-Language", "es"}};
    const HttpResponse missing = request("POST", CallRoute, withoutSid, spanish);
    QCOMPARE(missing.status, 400);
    QCOMPARE(missing.json().value(QLatin1String("message")).toString(),
             QStringLiteral("Faltan parámetros de formulario: CallSid."));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

// Without the public URL there is nothing to check a signature against, so every
// Twilio request is rejected, correctly signed or not.
void TestWebhookAuth::twilioWithoutPublicUrlIsForbidden()
{
    configureTwilio();
    setSetting(QStringLiteral("server.publicUrl"), QString());
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/completed.json"));
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + CallRoute, formParameters(callback.body));
    const HttpResponse response = postTwilio(CallRoute, callback.body, signature);
    const QString problem = errorShapeProblem(response, 403, QStringLiteral("forbidden"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

void TestWebhookAuth::twilioWithoutIntegrationIsNotFound()
{
    startHost();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/completed.json"));
    const QByteArray signature =
        WebhookSignatures::twilioSignature(callback.authToken, PublicUrl + CallRoute, formParameters(callback.body));
    for (const QString &route : {CallRoute, RecordingRoute}) {
        const HttpResponse response = postTwilio(route, callback.body, signature);
        const QString problem = errorShapeProblem(response, 404, QStringLiteral("not_found"));
        QVERIFY2(problem.isEmpty(), qPrintable(route + QLatin1String(": ") + problem));
    }
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

// --- Meta ---------------------------------------------------------------------------

void TestWebhookAuth::metaHandshake_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("verifyToken");
    QTest::addColumn<int>("expectedStatus");

    const QJsonObject handshake = fixtureObject(QStringLiteral("meta-whatsapp/verification-handshake.json"));
    const QJsonObject query =
        handshake.value(QLatin1String("request")).toObject().value(QLatin1String("query")).toObject();
    const QString token = query.value(QLatin1String("hub.verify_token")).toString();
    const QString otherToken = handshake.value(QLatin1String("mismatchCase"))
                                   .toObject()
                                   .value(QLatin1String("query"))
                                   .toObject()
                                   .value(QLatin1String("hub.verify_token"))
                                   .toString();

    QTest::newRow("token matches") << QStringLiteral("subscribe") << token << 200;
    QTest::newRow("token differs") << QStringLiteral("subscribe") << otherToken << 403;
    QTest::newRow("token missing") << QStringLiteral("subscribe") << QString() << 403;
    QTest::newRow("token prefix") << QStringLiteral("subscribe") << token.left(token.size() - 1) << 403;
    QTest::newRow("mode other than subscribe") << QStringLiteral("unsubscribe") << token << 403;
}

void TestWebhookAuth::metaHandshake()
{
    QFETCH(QString, mode);
    QFETCH(QString, verifyToken);
    QFETCH(int, expectedStatus);
    configureMeta();
    startHost();

    const QString challenge = fixtureObject(QStringLiteral("meta-whatsapp/verification-handshake.json"))
                                  .value(QLatin1String("expectedResponse"))
                                  .toObject()
                                  .value(QLatin1String("body"))
                                  .toString();
    QString pathAndQuery =
        MetaRoute + QStringLiteral("?hub.mode=") + mode + QStringLiteral("&hub.challenge=") + challenge;
    if (!verifyToken.isEmpty())
        pathAndQuery += QStringLiteral("&hub.verify_token=") + verifyToken;

    const HttpResponse response = request("GET", pathAndQuery);
    QCOMPARE(response.status, expectedStatus);
    if (expectedStatus == 200) {
        // The challenge comes back as it was sent, as plain text, not JSON.
        QVERIFY2(response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type").constData());
        QCOMPARE(response.body, challenge.toUtf8());
    } else {
        const QString problem = errorShapeProblem(response, 403, QStringLiteral("forbidden"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

// With the right token, a handshake that has no challenge to echo is 400 naming the
// parameter, not a 200 with an empty body.
void TestWebhookAuth::metaHandshakeNeedsChallenge_data()
{
    QTest::addColumn<QString>("challengeQuery");
    QTest::addColumn<QString>("code");
    QTest::newRow("absent") << QString() << QStringLiteral("missing_field");
    QTest::newRow("empty") << QStringLiteral("&hub.challenge=") << QStringLiteral("missing_field");
    QTest::newRow("given twice") << QStringLiteral("&hub.challenge=1&hub.challenge=2") << QStringLiteral("invalid_field");
}

void TestWebhookAuth::metaHandshakeNeedsChallenge()
{
    QFETCH(QString, challengeQuery);
    QFETCH(QString, code);
    configureMeta();
    startHost();

    const QString token = fixtureObject(QStringLiteral("meta-whatsapp/verification-handshake.json"))
                              .value(QLatin1String("request"))
                              .toObject()
                              .value(QLatin1String("query"))
                              .toObject()
                              .value(QLatin1String("hub.verify_token"))
                              .toString();
    const HttpResponse response =
        request("GET", MetaRoute + QStringLiteral("?hub.mode=subscribe&hub.verify_token=") + token + challengeQuery);
    const QString problem = errorShapeProblem(response, 400, code, QStringLiteral("hub.challenge"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestWebhookAuth::metaSignedWebhookIsStoredOnce()
{
    configureMeta();
    startHost();

    const QByteArray body = fixtureBytes(QStringLiteral("meta-whatsapp/webhooks/messages-text.json"));
    const QString appSecret = fixtureObject(QStringLiteral("meta-whatsapp/signature-cases.json"))
                                  .value(QLatin1String("cases"))
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(QLatin1String("appSecret"))
                                  .toString();
    const Headers headers{{"Content-Type", "application/json"},
                          {"X-Hub-Signature-256", WebhookSignatures::metaSignature(appSecret, body)}};
    for (int delivery = 1; delivery <= 2; ++delivery)
        QCOMPARE(request("POST", MetaRoute, body, headers).status, 200);
    QCOMPARE(count(QStringLiteral("inbound_events")), 1);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'meta'")), 1);
}

void TestWebhookAuth::metaForgedWebhookIsForbidden_data()
{
    QTest::addColumn<QByteArray>("sentBody");
    QTest::addColumn<Headers>("headers");

    const QByteArray body = fixtureBytes(QStringLiteral("meta-whatsapp/webhooks/messages-text.json"));
    const QJsonObject signatureCase = fixtureObject(QStringLiteral("meta-whatsapp/signature-cases.json"))
                                          .value(QLatin1String("cases"))
                                          .toArray()
                                          .first()
                                          .toObject();
    const QString appSecret = signatureCase.value(QLatin1String("appSecret")).toString();
    const QByteArray signature = WebhookSignatures::metaSignature(appSecret, body);
    const QByteArray sha1 =
        "sha1=" + QMessageAuthenticationCode::hash(body, appSecret.toUtf8(), QCryptographicHash::Sha1).toHex();
    // The fixture's own vector, sent with a body it was not computed for.
    const QByteArray otherBodysSignature =
        signatureCase.value(QLatin1String("expectedXHubSignature256")).toString().toLatin1();

    QVERIFY(body.contains("\"text\""));
    QTest::newRow("tampered body") << QByteArray(body).replace("\"text\"", "\"texT\"")
                                   << Headers{{"X-Hub-Signature-256", signature}};
    QTest::newRow("another body's signature") << body << Headers{{"X-Hub-Signature-256", otherBodysSignature}};
    QTest::newRow("legacy sha1 header alone") << body << Headers{{"X-Hub-Signature", sha1}};
    QTest::newRow("sha1 value in the sha256 header") << body << Headers{{"X-Hub-Signature-256", sha1}};
    QTest::newRow("hex without the sha256= prefix")
        << body << Headers{{"X-Hub-Signature-256", signature.mid(int(qstrlen("sha256=")))}};
    QTest::newRow("signed with another secret")
        << body
        << Headers{{"X-Hub-Signature-256",
                    WebhookSignatures::metaSignature(QStringLiteral("another_app_secret_0123456789abc"), body)}};
    QTest::newRow("no signature") << body << Headers{};
}

void TestWebhookAuth::metaForgedWebhookIsForbidden()
{
    QFETCH(QByteArray, sentBody);
    QFETCH(Headers, headers);
    configureMeta();
    startHost();

    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    const HttpResponse response = request("POST", MetaRoute, sentBody, headers);
    const QString problem = errorShapeProblem(response, 403, QStringLiteral("forbidden"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

// Meta posts its callbacks as application/json. A correctly signed body is read as JSON
// whatever type it declares: a provider's event is never dropped over a header.
void TestWebhookAuth::metaBodyIsReadWhateverItsType()
{
    configureMeta();
    startHost();

    const QByteArray body = fixtureBytes(QStringLiteral("meta-whatsapp/webhooks/messages-text.json"));
    const QString appSecret = fixtureObject(QStringLiteral("meta-whatsapp/signature-cases.json"))
                                  .value(QLatin1String("cases"))
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(QLatin1String("appSecret"))
                                  .toString();
    const QByteArray signature = WebhookSignatures::metaSignature(appSecret, body);
    for (const char *contentType : {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=UTF-8"}) {
        const Headers headers{{"Content-Type", contentType}, {"X-Hub-Signature-256", signature}};
        const HttpResponse response = request("POST", MetaRoute, body, headers);
        QVERIFY2(response.status == 200, qPrintable(QString::fromLatin1(contentType) + QLatin1String(": ") + response.text()));
    }
    // The same event three times is stored once.
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'meta'")), 1);
}

// --- Gupshup and the rejection log ---------------------------------------------------

void TestWebhookAuth::gupshupTokenDecidesTheRoute()
{
    startHost();
    const QByteArray body = fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"));

    const HttpResponse wrong = postGupshup(WrongGupshupToken, body);
    const QString problem = errorShapeProblem(wrong, 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);

    QCOMPARE(postGupshup(GupshupToken, body).status, 200);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'gupshup'")), 1);
}

void TestWebhookAuth::rejectionsAreLoggedOnceThenCounted()
{
    configureTwilio();
    startHost();
    m_logCapture = std::make_unique<LogCapture>();

    const TwilioCallback callback = twilioCallback(QStringLiteral("status-callback/completed.json"));
    QList<QByteArray> signatures;
    for (int i = 0; i < 20; ++i) {
        // Each looks like a real signature (base64 of 20 bytes) and is different.
        const QByteArray signature =
            QCryptographicHash::hash("forged " + QByteArray::number(i), QCryptographicHash::Sha1).toBase64();
        signatures.append(signature);
        QCOMPARE(postTwilio(CallRoute, callback.body, signature).status, 403);
    }
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);

    const QList<LogCapture::Line> log = m_logCapture->lines();
    QStringList rejectedInfo;
    QStringList all;
    for (const LogCapture::Line &line : std::as_const(log)) {
        all.append(line.text);
        if (line.type != QtDebugMsg && line.text.contains(QLatin1String("rejected")))
            rejectedInfo.append(line.text);
    }
    const QString dump = all.join(QLatin1Char('\n'));
    // The first rejection is logged with its route pattern, and the other 19 are only counted.
    QVERIFY2(!rejectedInfo.isEmpty(), qPrintable(dump));
    QVERIFY2(rejectedInfo.size() <= 2, qPrintable(rejectedInfo.join(QLatin1Char('\n'))));
    QVERIFY2(rejectedInfo.first().contains(CallRoute), qPrintable(rejectedInfo.first()));

    for (const LogCapture::Line &line : std::as_const(log)) {
        QVERIFY2(!line.text.contains(callback.authToken), qPrintable(line.text));
        for (const QByteArray &signature : std::as_const(signatures))
            QVERIFY2(!line.text.contains(QString::fromLatin1(signature)), qPrintable(line.text));
    }
}

// --- Client addresses and budgets ---------------------------------------------------

// Without a trusted proxy the forwarded headers are the caller's own words, so every
// request from the TCP peer 127.0.0.1 spends one budget, whatever address it claims.
void TestWebhookAuth::untrustedProxyHeadersShareOneBudget()
{
    setSetting(QStringLiteral("server.trustedProxy"), QStringLiteral("false"));
    setSetting(QStringLiteral("server.rateLimitPerMinute"), QString::number(SmallRateLimit));
    startHost();

    for (int i = 1; i <= SmallRateLimit; ++i) {
        const QByteArray claimed = "203.0.113." + QByteArray::number(i);
        const HttpResponse response = request("GET", QStringLiteral("/health"), {}, {{"CF-Connecting-IP", claimed}});
        QVERIFY2(response.status == 200,
                 qPrintable(QStringLiteral("request %1: status %2").arg(i).arg(response.status)));
    }
    const HttpResponse refused = request("GET", QStringLiteral("/health"), {}, {{"CF-Connecting-IP", "198.51.100.77"}});
    const QString problem = errorShapeProblem(refused, 429, QStringLiteral("too_many_requests"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(refused.header("Retry-After").toInt() > 0, refused.header("Retry-After").constData());
    QCOMPARE(request("GET", QStringLiteral("/health")).status, 429);
}

void TestWebhookAuth::trustedProxyGivesEachClientABudget()
{
    setSetting(QStringLiteral("server.trustedProxy"), QStringLiteral("true"));
    setSetting(QStringLiteral("server.rateLimitPerMinute"), QString::number(SmallRateLimit));
    startHost();

    const Headers first{{"CF-Connecting-IP", "203.0.113.10"}};
    for (int i = 1; i <= SmallRateLimit; ++i)
        QCOMPARE(request("GET", QStringLiteral("/health"), {}, first).status, 200);
    const HttpResponse refused = request("GET", QStringLiteral("/health"), {}, first);
    QCOMPARE(refused.status, 429);
    QVERIFY2(refused.header("Retry-After").toInt() > 0, refused.header("Retry-After").constData());

    // Another forwarded client and the tunnel itself still have their budgets.
    QCOMPARE(request("GET", QStringLiteral("/health"), {}, {{"CF-Connecting-IP", "203.0.113.11"}}).status, 200);
    QCOMPARE(request("GET", QStringLiteral("/health")).status, 200);

    // Without CF-Connecting-IP the client is the last X-Forwarded-For entry, the one the
    // tunnel appended. Earlier entries come from the caller and could be forged.
    const Headers forwarded{{"X-Forwarded-For", "198.51.100.1, 203.0.113.20"}};
    for (int i = 1; i <= SmallRateLimit; ++i)
        QCOMPARE(request("GET", QStringLiteral("/health"), {}, forwarded).status, 200);
    QCOMPARE(request("GET", QStringLiteral("/health"), {}, forwarded).status, 429);
    QCOMPARE(request("GET", QStringLiteral("/health"), {}, {{"CF-Connecting-IP", "203.0.113.20"}}).status, 429);
    QCOMPARE(request("GET", QStringLiteral("/health"), {}, {{"X-Forwarded-For", "203.0.113.20, 198.51.100.1"}}).status,
             200);
}

void TestWebhookAuth::floodNeverCostsGupshupA429_data()
{
    QTest::addColumn<QByteArray>("providerAddress"); // CF-Connecting-IP of the valid webhooks

    QTest::newRow("provider shares the flooder's address") << QByteArray("203.0.113.9");
    QTest::newRow("provider at another address") << QByteArray("198.51.100.20");
}

// A stranger floods the Gupshup route with a wrong token: 404 until its budget is spent,
// then 429. Valid webhooks spend the route's own budget and keep getting 200.
void TestWebhookAuth::floodNeverCostsGupshupA429()
{
    QFETCH(QByteArray, providerAddress);
    setSetting(QStringLiteral("server.trustedProxy"), QStringLiteral("true"));
    setSetting(QStringLiteral("server.rateLimitPerMinute"), QString::number(SmallRateLimit));
    startHost();

    QJsonObject message = fixtureObject(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    const QByteArray floodBody = QJsonDocument(message).toJson(QJsonDocument::Compact);
    const Headers flooder{{"CF-Connecting-IP", "203.0.113.9"}};
    const Headers provider{{"CF-Connecting-IP", providerAddress}};

    int validSent = 0;
    for (int i = 1; i <= SmallRateLimit + 20; ++i) {
        const HttpResponse flood = postGupshup(WrongGupshupToken, floodBody, flooder);
        const int expected = i <= SmallRateLimit ? 404 : 429;
        QVERIFY2(flood.status == expected,
                 qPrintable(QStringLiteral("flood request %1: status %2, expected %3")
                                .arg(i)
                                .arg(flood.status)
                                .arg(expected)));
        if (expected == 429)
            QVERIFY2(flood.header("Retry-After").toInt() > 0, qPrintable(QStringLiteral("flood request %1").arg(i)));

        if (i % 5 == 0) {
            QJsonObject payload = message.value(QLatin1String("payload")).toObject();
            payload.insert(QStringLiteral("id"), QStringLiteral("wamid.flood-%1").arg(i));
            message.insert(QStringLiteral("payload"), payload);
            const HttpResponse valid =
                postGupshup(GupshupToken, QJsonDocument(message).toJson(QJsonDocument::Compact), provider);
            QVERIFY2(valid.status == 200,
                     qPrintable(QStringLiteral("valid webhook after %1 flood requests: status %2")
                                    .arg(i)
                                    .arg(valid.status)));
            ++validSent;
        }
    }
    QCOMPARE(validSent, (SmallRateLimit + 20) / 5);
    QCOMPARE(count(QStringLiteral("inbound_events WHERE provider = 'gupshup'")), validSent);
}

// --- Limits through the real server -------------------------------------------------

void TestWebhookAuth::bodyOverMaxBodyBytesIsRejected()
{
    setSetting(QStringLiteral("server.maxBodyBytes"), QStringLiteral("2048"));
    startHost();

    QJsonObject message = fixtureObject(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    QJsonObject payload = message.value(QLatin1String("payload")).toObject();
    QJsonObject content = payload.value(QLatin1String("payload")).toObject();
    content.insert(QStringLiteral("text"), QString());
    payload.insert(QStringLiteral("payload"), content);
    message.insert(QStringLiteral("payload"), payload);
    QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    // Valid JSON in every other respect, padded to 3,000 bytes with text.
    body.replace("\"text\":\"\"", "\"text\":\"" + QByteArray(3000 - body.size(), 'a') + '"');
    QCOMPARE(body.size(), 3000);
    QVERIFY(QJsonDocument::fromJson(body).isObject());

    const QByteArray head = "POST /api/webhooks/gupshup/" + GupshupToken.toLatin1()
        + " HTTP/1.1\r\nHost: crm.example.com\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n";
    bool reset = false;
    const HttpResponse response = rawRequest(head + body, &reset);
    QVERIFY2(!reset, "the connection was reset before the response was read");
    const QString problem = errorShapeProblem(response, 413, QStringLiteral("payload_too_large"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);

    // A body within the limit still gets through on the same settings.
    const QByteArray smallBody = fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    QCOMPARE(postGupshup(GupshupToken, smallBody).status, 200);
}

void TestWebhookAuth::headOverMaxHeaderBytesIsRejected()
{
    setSetting(QStringLiteral("server.maxHeaderBytes"), QStringLiteral("1024"));
    startHost();

    const QByteArray request = "GET /health HTTP/1.1\r\nHost: crm.example.com\r\nX-Padding: " + QByteArray(2048, 'p')
        + "\r\n\r\n";
    bool reset = false;
    const HttpResponse response = rawRequest(request, &reset);
    QVERIFY2(!reset, "the connection was reset before the response was read");
    const QString problem = errorShapeProblem(response, 431, QStringLiteral("headers_too_large"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    QCOMPARE(rawRequest("GET /health HTTP/1.1\r\nHost: crm.example.com\r\n\r\n").status, 200);
}

void TestWebhookAuth::unacceptedMethodListsAllow()
{
    startHost();

    const HttpResponse response = request("PUT", QStringLiteral("/health"), "{}");
    const QString problem = errorShapeProblem(response, 405, QStringLiteral("method_not_allowed"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(response.header("Allow"), QByteArray("GET, HEAD"));
}

void TestWebhookAuth::invalidGupshupJsonIsRejected_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray text = fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"));
    const QByteArray rest = text.mid(text.indexOf('{') + 1);
    // The top-level object is the first level, so 32 arrays inside it make 33.
    QTest::newRow("nesting 33 deep")
        << QByteArray("{\"extra\": ") + QByteArray(32, '[') + QByteArray(32, ']') + ", " + rest;
    QTest::newRow("invalid UTF-8: a lone continuation byte") << QByteArray("{\"extra\": \"a\x80z\", ") + rest;
    QTest::newRow("invalid UTF-8: an overlong slash") << QByteArray("{\"extra\": \"\xC0\xAF\", ") + rest;
    QTest::newRow("invalid UTF-8: a truncated sequence") << QByteArray("{\"extra\": \"\xE2\x82\", ") + rest;
}

void TestWebhookAuth::invalidGupshupJsonIsRejected()
{
    QFETCH(QByteArray, body);
    startHost();

    const HttpResponse response = postGupshup(GupshupToken, body);
    const QString problem = errorShapeProblem(response, 400, QStringLiteral("invalid_json"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(count(QStringLiteral("inbound_events")), 0);
}

QTEST_GUILESS_MAIN(TestWebhookAuth)

#include "tst_webhookauth.moc"
