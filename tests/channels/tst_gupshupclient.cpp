// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "channels/GupshupClient.h"
#include "Fixtures.h"

#include "FakeGupshup.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

namespace Prospecta {

// QCOMPARE prints enum values through toString(); this overload is found by
// argument-dependent lookup ahead of the toString template in domain/Enums.h.
char *toString(GupshupSendOutcome::Kind kind)
{
    static const char *const names[] = {"Accepted", "Retryable", "Permanent"};
    return qstrdup(names[int(kind)]);
}

} // namespace Prospecta

using namespace Prospecta;
using namespace Prospecta::Testing;

Q_DECLARE_METATYPE(GupshupSendOutcome::Kind)
Q_DECLARE_METATYPE(Prospecta::Testing::FakeResponse)

namespace {

const QString FixtureApiKey = QStringLiteral("gs_fixture_apikey_0000000000000000");

QJsonObject readFixture(const QString &name)
{
    return QJsonDocument::fromJson(Prospecta::Testing::fixtureBytes(QStringLiteral("gupshup/api/") + name)).object();
}

// A recorded provider response ({status, headers, body}) as the fake's response.
FakeResponse responseFromFixture(const QString &name)
{
    const QJsonObject fixture = readFixture(name);
    FakeResponse response;
    response.status = fixture.value(QLatin1String("status")).toInt();
    const QJsonObject headers = fixture.value(QLatin1String("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        response.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    response.body = QJsonDocument(fixture.value(QLatin1String("body")).toObject()).toJson(QJsonDocument::Compact);
    return response;
}

FakeResponse answer(int status, const QByteArray &body, const QByteArray &contentType = "application/json",
                    QList<QPair<QByteArray, QByteArray>> extraHeaders = {})
{
    FakeResponse response;
    response.status = status;
    response.headers = {{"Content-Type", contentType}};
    response.headers += extraHeaders;
    response.body = body;
    return response;
}

} // namespace

class TestGupshupClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void requestMatchesDocumentedBytes();
    void templateRequestMatchesFixtureBytes();
    void templateWrongApiKeyIsPermanent();
    void imageRequestMatchesFixtureBytes();
    void imageWithoutPreviewOrCaption();
    void fileRequestMatchesDocumentedForm_data();
    void fileRequestMatchesDocumentedForm();
    void messageFieldEscaping_data();
    void messageFieldEscaping();
    void answerClassified_data();
    void answerClassified();
    void wrongApiKeyIsPermanent();
    void timeoutIsRetryable();
    void connectionRefusedIsRetryable();
    void baseUrlWithTrailingSlash();
    void invalidConfigurationNotSent_data();
    void invalidConfigurationNotSent();
    void destroyedClientDropsCallback();

private:
    GupshupConfig config() const;
    // Starts a send; the outcome appears in the returned slot when the callback runs.
    std::shared_ptr<std::optional<GupshupSendOutcome>> send(const GupshupConfig &config,
                                                            const QString &destination, const QString &text);

    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<FakeGupshup> m_fake;
    std::unique_ptr<GupshupClient> m_client;
};

void TestGupshupClient::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
    // Test traffic goes straight to 127.0.0.1, whatever proxy the environment names.
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_fake = std::make_unique<FakeGupshup>();
    QVERIFY(m_fake->start());
    m_client = std::make_unique<GupshupClient>(m_network.get());
}

void TestGupshupClient::cleanup()
{
    m_client.reset();
    m_fake.reset();
    m_network.reset();
}

GupshupConfig TestGupshupClient::config() const
{
    GupshupConfig config;
    config.apiKey = FixtureApiKey;
    config.appName = QStringLiteral("CrmVentasDemo");
    config.source = QStringLiteral("51940000999");
    config.baseUrl = m_fake->baseUrl();
    config.timeoutMs = 5000;
    return config;
}

std::shared_ptr<std::optional<GupshupSendOutcome>> TestGupshupClient::send(const GupshupConfig &config,
                                                                           const QString &destination,
                                                                           const QString &text)
{
    auto outcome = std::make_shared<std::optional<GupshupSendOutcome>>();
    m_client->sendText(config, destination, text,
                       [outcome](const GupshupSendOutcome &result) { *outcome = result; });
    return outcome;
}

void TestGupshupClient::requestMatchesDocumentedBytes()
{
    const QJsonObject fixture = readFixture(QStringLiteral("send-message-text.request.json"));
    const QJsonObject form = fixture.value(QLatin1String("form")).toObject();
    const QString text = QJsonDocument::fromJson(form.value(QLatin1String("message")).toString().toUtf8())
                                 .object()
                                 .value(QLatin1String("text"))
                                 .toString();
    QVERIFY(!text.isEmpty());

    const auto pending = send(config(), form.value(QLatin1String("destination")).toString(), text);

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(m_fake->receivedForms().size(), 1);
    const FakeGupshup::ReceivedForm &received = m_fake->receivedForms().first();
    QCOMPARE(received.request.method, QByteArray("POST"));
    QCOMPARE(received.request.path(), QByteArray("/wa/api/v1/msg"));
    QCOMPARE(received.request.header("apikey"), FixtureApiKey.toUtf8());
    QCOMPARE(received.request.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(received.request.body, fixture.value(QLatin1String("rawBody")).toString().toUtf8());

    const QStringList names{QStringLiteral("channel"), QStringLiteral("source"), QStringLiteral("destination"),
                            QStringLiteral("src.name"), QStringLiteral("message")};
    QCOMPARE(received.fields.size(), names.size());
    for (qsizetype i = 0; i < names.size(); ++i) {
        QCOMPARE(received.fields.at(i).first, names.at(i));
        QCOMPARE(received.fields.at(i).second, form.value(names.at(i)).toString());
    }

    // The fake's default response is the documented one: 202 with JSON labelled text/html.
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Accepted);
    QCOMPARE(outcome->httpStatus, 202);
    QCOMPARE(m_fake->sentMessages().size(), 1);
    QCOMPARE(outcome->providerMessageId, m_fake->sentMessages().first().messageId);
    QCOMPARE(m_fake->sentMessages().first().text, text);
    QCOMPARE(m_fake->sentMessages().first().destination, QStringLiteral("51999000111"));
    QVERIFY(outcome->error.isEmpty());
}

void TestGupshupClient::templateRequestMatchesFixtureBytes()
{
    const QJsonObject fixture = readFixture(QStringLiteral("send-template.request.json"));
    const QJsonObject form = fixture.value(QLatin1String("form")).toObject();
    const QJsonObject templateJson =
            QJsonDocument::fromJson(form.value(QLatin1String("template")).toString().toUtf8()).object();
    GupshupTemplate message;
    message.id = templateJson.value(QLatin1String("id")).toString();
    for (const QJsonValue &param : templateJson.value(QLatin1String("params")).toArray())
        message.params << param.toString();
    for (const QJsonValue &postback :
         QJsonDocument::fromJson(form.value(QLatin1String("postbackTexts")).toString().toUtf8()).array())
        message.postbackTexts << postback.toObject().value(QLatin1String("text")).toString();
    QCOMPARE(message.params.size(), 3);
    QCOMPARE(message.postbackTexts.size(), 2);
    m_fake->enqueueResponse(responseFromFixture(QStringLiteral("send-template.response-success.json")));

    auto outcome = std::make_shared<std::optional<GupshupSendOutcome>>();
    m_client->sendTemplate(config(), form.value(QLatin1String("destination")).toString(), message,
                           [outcome](const GupshupSendOutcome &result) { *outcome = result; });

    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
    QCOMPARE(m_fake->receivedForms().size(), 1);
    const FakeGupshup::ReceivedForm &received = m_fake->receivedForms().first();
    QCOMPARE(received.request.method, QByteArray("POST"));
    QCOMPARE(received.request.path(), QByteArray("/wa/api/v1/template/msg"));
    QCOMPARE(received.request.header("apikey"), FixtureApiKey.toUtf8());
    QCOMPARE(received.request.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(received.request.header("Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(received.request.body, fixture.value(QLatin1String("rawBody")).toString().toUtf8());
    QCOMPARE((*outcome)->kind, GupshupSendOutcome::Kind::Accepted);
    QCOMPARE((*outcome)->httpStatus, 202);
    QCOMPARE((*outcome)->providerMessageId, QStringLiteral("37bb9d8c-3858-4dd3-a788-e263ab368579"));
}

// The image fixture is Gupshup's documented request: the form's bytes must match it.
void TestGupshupClient::imageRequestMatchesFixtureBytes()
{
    const QJsonObject fixture = readFixture(QStringLiteral("send-message-image.request.json"));
    const QJsonObject form = fixture.value(QLatin1String("form")).toObject();
    const QJsonObject message = QJsonDocument::fromJson(form.value(QLatin1String("message")).toString().toUtf8()).object();
    GupshupMedia media;
    media.kind = GupshupMedia::Kind::Image;
    media.url = message.value(QLatin1String("originalUrl")).toString();
    media.previewUrl = message.value(QLatin1String("previewUrl")).toString();
    media.caption = message.value(QLatin1String("caption")).toString();
    QVERIFY(!media.url.isEmpty());
    QVERIFY(media.previewUrl != media.url);

    auto outcome = std::make_shared<std::optional<GupshupSendOutcome>>();
    m_client->sendMedia(config(), form.value(QLatin1String("destination")).toString(), media,
                        [outcome](const GupshupSendOutcome &result) { *outcome = result; });

    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
    QCOMPARE(m_fake->receivedForms().size(), 1);
    const FakeGupshup::ReceivedForm &received = m_fake->receivedForms().first();
    QCOMPARE(received.request.method, QByteArray("POST"));
    QCOMPARE(received.request.path(), QByteArray("/wa/api/v1/msg"));
    QCOMPARE(received.request.header("apikey"), FixtureApiKey.toUtf8());
    QCOMPARE(received.request.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(received.request.header("Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(received.request.body, fixture.value(QLatin1String("rawBody")).toString().toUtf8());
    QCOMPARE((*outcome)->kind, GupshupSendOutcome::Kind::Accepted);
    QCOMPARE(m_fake->sentMessages().first().type, QStringLiteral("image"));
    QCOMPARE(m_fake->sentMessages().first().caption, QStringLiteral("Plan Empresarial 2025"));
}

// Prospecta has no separate thumbnail: the preview is the image itself, and an empty
// caption is left out rather than sent empty.
void TestGupshupClient::imageWithoutPreviewOrCaption()
{
    GupshupMedia media;
    media.kind = GupshupMedia::Kind::Image;
    media.url = QStringLiteral("https://crm.example/media/abc");

    auto outcome = std::make_shared<std::optional<GupshupSendOutcome>>();
    m_client->sendMedia(config(), QStringLiteral("51999000111"), media,
                        [outcome](const GupshupSendOutcome &result) { *outcome = result; });

    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
    QCOMPARE(m_fake->receivedForms().size(), 1);
    const QString expected = QStringLiteral("{\"type\": \"image\", \"originalUrl\": \"https://crm.example/media/abc\", "
                                            "\"previewUrl\": \"https://crm.example/media/abc\"}");
    QCOMPARE(m_fake->receivedForms().first().field(QStringLiteral("message")), expected);
}

void TestGupshupClient::fileRequestMatchesDocumentedForm_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("caption");
    QTest::addColumn<QByteArray>("rawBody");

    // The bytes Python's urllib.parse.urlencode gives for the same fields, as for the
    // text and image fixtures; the message keys in the order of Gupshup's file example
    // for POST /msg (type, url, filename, caption).
    QTest::newRow("with caption")
        << QStringLiteral("https://cdn.crm-ficticio.example/catalogo/plan-empresarial.pdf")
        << QStringLiteral("Plan Empresarial 2025.pdf") << QStringLiteral("Precios vigentes")
        << QByteArray("channel=whatsapp&source=51940000999&destination=51999000111&src.name=CrmVentasDemo&message="
                      "%7B%22type%22%3A+%22file%22%2C+%22url%22%3A+%22https%3A%2F%2Fcdn.crm-ficticio.example%2F"
                      "catalogo%2Fplan-empresarial.pdf%22%2C+%22filename%22%3A+%22Plan+Empresarial+2025.pdf%22%2C+"
                      "%22caption%22%3A+%22Precios+vigentes%22%7D");
    QTest::newRow("without caption, non-ASCII name")
        << QStringLiteral("https://cdn.crm-ficticio.example/catalogo/lista de precios.pdf")
        << QString::fromUtf8("Lista de precios ñ.pdf") << QString()
        << QByteArray("channel=whatsapp&source=51940000999&destination=51999000111&src.name=CrmVentasDemo&message="
                      "%7B%22type%22%3A+%22file%22%2C+%22url%22%3A+%22https%3A%2F%2Fcdn.crm-ficticio.example%2F"
                      "catalogo%2Flista+de+precios.pdf%22%2C+%22filename%22%3A+%22Lista+de+precios+%C3%B1.pdf%22%7D");
}

void TestGupshupClient::fileRequestMatchesDocumentedForm()
{
    QFETCH(QString, url);
    QFETCH(QString, fileName);
    QFETCH(QString, caption);
    QFETCH(QByteArray, rawBody);
    GupshupMedia media;
    media.kind = GupshupMedia::Kind::File;
    media.url = url;
    media.fileName = fileName;
    media.caption = caption;

    auto outcome = std::make_shared<std::optional<GupshupSendOutcome>>();
    m_client->sendMedia(config(), QStringLiteral("51999000111"), media,
                        [outcome](const GupshupSendOutcome &result) { *outcome = result; });

    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
    QCOMPARE(m_fake->receivedForms().size(), 1);
    const FakeGupshup::ReceivedForm &received = m_fake->receivedForms().first();
    QCOMPARE(received.request.path(), QByteArray("/wa/api/v1/msg"));
    QCOMPARE(received.request.body, rawBody);
    QCOMPARE((*outcome)->kind, GupshupSendOutcome::Kind::Accepted);
    const FakeGupshup::SentMessage &sent = m_fake->sentMessages().first();
    QCOMPARE(sent.type, QStringLiteral("file"));
    QCOMPARE(sent.mediaUrl, url);
    QCOMPARE(sent.fileName, fileName);
    QCOMPARE(sent.caption, caption);
}

void TestGupshupClient::templateWrongApiKeyIsPermanent()
{
    m_fake->enqueueResponse(responseFromFixture(QStringLiteral("send-template.error-401-authentication-failed.json")));

    auto outcome = std::make_shared<std::optional<GupshupSendOutcome>>();
    m_client->sendTemplate(config(), QStringLiteral("5215512340000"),
                           GupshupTemplate{QStringLiteral("baebff30-ad7a-4187-a545-f13ec0a5eea3"),
                                           {QStringLiteral("Cliente Prueba")}, {}},
                           [outcome](const GupshupSendOutcome &result) { *outcome = result; });

    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
    QCOMPARE((*outcome)->kind, GupshupSendOutcome::Kind::Permanent);
    QCOMPARE((*outcome)->httpStatus, 401);
    QVERIFY((*outcome)->error.contains(QStringLiteral("Authentication Failed")));
    QVERIFY(!(*outcome)->error.contains(FixtureApiKey));
    // Without postback texts the form ends with the template field.
    QVERIFY(m_fake->receivedForms().first().request.body.endsWith("%5D%7D"));
}

void TestGupshupClient::messageFieldEscaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("quotes and backslash")
            << QStringLiteral("di \"hola\" a C:\\temp")
            << QStringLiteral(R"({"type": "text", "text": "di \"hola\" a C:\\temp"})");
    QTest::newRow("line breaks and tab")
            << QStringLiteral("uno\ndos\r\n\ttres")
            << QStringLiteral(R"({"type": "text", "text": "uno\ndos\r\n\ttres"})");
    QTest::newRow("other control characters")
            << QString(QChar(0x01)) + QChar(0x1f) + QChar(0x08) + QChar(0x0c)
            << QStringLiteral(R"({"type": "text", "text": "\u0001\u001f\b\f"})");
    QTest::newRow("slash and ampersand")
            << QStringLiteral("a/b & c=d+e%")
            << QStringLiteral(R"({"type": "text", "text": "a/b & c=d+e%"})");
    QTest::newRow("emoji and accents stay raw")
            << QString::fromUtf8("¡Sí! \xF0\x9F\x98\x80")
            << QString::fromUtf8("{\"type\": \"text\", \"text\": \"¡Sí! \xF0\x9F\x98\x80\"}");
    QTest::newRow("empty") << QString() << QStringLiteral(R"({"type": "text", "text": ""})");
}

void TestGupshupClient::messageFieldEscaping()
{
    QFETCH(QString, text);
    QFETCH(QString, message);

    const auto pending = send(config(), QStringLiteral("51999000111"), text);

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Accepted);
    QCOMPARE(m_fake->receivedForms().size(), 1);
    QCOMPARE(m_fake->receivedForms().first().field(QStringLiteral("message")), message);
    // What Gupshup parses out of the field is the text as written.
    QCOMPARE(m_fake->sentMessages().first().text, text);
    // Form encoding keeps only unreserved characters and '+' for spaces.
    const QByteArray body = m_fake->receivedForms().first().request.body;
    for (const char c : body) {
        const bool allowed = QByteArrayView("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%+=&")
                                     .contains(c);
        QVERIFY2(allowed, body.constData());
    }
}

void TestGupshupClient::answerClassified_data()
{
    using Kind = GupshupSendOutcome::Kind;
    QTest::addColumn<FakeResponse>("response");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("messageId");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("retryAfterMs");

    QTest::newRow("documented success, text/html")
            << responseFromFixture(QStringLiteral("send-message.response-success.json")) << Kind::Accepted << 202
            << QStringLiteral("b6f3f70e-b848-4af6-b3e8-f02a1711b1fd") << QString() << qint64(-1);
    QTest::newRow("200 with application/json")
            << answer(200, R"({"status":"submitted","messageId":"m-200"})") << Kind::Accepted << 200
            << QStringLiteral("m-200") << QString() << qint64(-1);
    QTest::newRow("201 with text/plain")
            << answer(201, R"({"status":"submitted","messageId":"m-201"})", "text/plain") << Kind::Accepted << 201
            << QStringLiteral("m-201") << QString() << qint64(-1);

    QTest::newRow("401 authentication failed")
            << responseFromFixture(QStringLiteral("send-message.error-401-authentication-failed.json"))
            << Kind::Permanent << 401 << QString() << QStringLiteral("Gupshup send failed with HTTP 401: Authentication Failed")
            << qint64(-1);
    QTest::newRow("400 invalid destination")
            << responseFromFixture(QStringLiteral("send-message.error-400-invalid-destination.json"))
            << Kind::Permanent << 400 << QString() << QStringLiteral("Gupshup send failed with HTTP 400: Invalid Destination")
            << qint64(-1);
    QTest::newRow("400 invalid app details")
            << responseFromFixture(QStringLiteral("send-message.error-400-invalid-app-details.json"))
            << Kind::Permanent << 400 << QString() << QStringLiteral("Gupshup send failed with HTTP 400: Invalid App Details")
            << qint64(-1);
    QTest::newRow("131047 outside the 24-hour window")
            << answer(400, R"({"status":"error","code":131047,"message":"Re-engagement message"})")
            << Kind::Permanent << 400 << QString() << QStringLiteral("Gupshup send failed with HTTP 400: Re-engagement message")
            << qint64(-1);
    QTest::newRow("opted-out user")
            << answer(400, R"({"status":"error","message":"User has opted out"})") << Kind::Permanent << 400
            << QString() << QStringLiteral("Gupshup send failed with HTTP 400: User has opted out") << qint64(-1);
    QTest::newRow("404") << answer(404, "Not Found", "text/plain") << Kind::Permanent << 404 << QString()
                         << QStringLiteral("Gupshup send failed with HTTP 404: Not Found") << qint64(-1);
    QTest::newRow("2xx without messageId")
            << answer(200, R"({"status":"error","message":"Something odd"})") << Kind::Permanent << 200 << QString()
            << QStringLiteral("Gupshup send failed with HTTP 200: Something odd") << qint64(-1);
    QTest::newRow("2xx with an empty body")
            << answer(202, "", "text/html") << Kind::Permanent << 202 << QString()
            << QStringLiteral("Gupshup send failed with HTTP 202: (empty body)") << qint64(-1);

    QTest::newRow("429 with Retry-After")
            << answer(429, R"({"status":"error","message":"Too many requests"})", "application/json",
                      {{"Retry-After", "7"}})
            << Kind::Retryable << 429 << QString() << QStringLiteral("Gupshup send failed with HTTP 429: Too many requests")
            << qint64(7000);
    QTest::newRow("429 without Retry-After")
            << answer(429, "") << Kind::Retryable << 429 << QString()
            << QStringLiteral("Gupshup send failed with HTTP 429: (empty body)") << qint64(-1);
    QTest::newRow("rate limit code 4001 on a 400")
            << answer(400, R"({"status":"error","code":4001,"message":"API Rate Limited"})") << Kind::Retryable << 400
            << QString() << QStringLiteral("Gupshup send failed with HTTP 400: API Rate Limited") << qint64(-1);
    QTest::newRow("rate limit code inside message")
            << answer(400, R"({"status":"error","message":{"code":4001,"text":"slow down"}})") << Kind::Retryable
            << 400 << QString() << QStringLiteral("Gupshup send failed with HTTP 400: {\"code\":4001,\"text\":\"slow down\"}")
            << qint64(-1);
    QTest::newRow("rate limit in words on a 2xx")
            << answer(200, R"({"status":"error","message":"Rate limit exceeded"})") << Kind::Retryable << 200
            << QString() << QStringLiteral("Gupshup send failed with HTTP 200: Rate limit exceeded") << qint64(-1);
    QTest::newRow("500") << answer(500, R"({"status":"error","message":"Internal error"})") << Kind::Retryable
                         << 500 << QString() << QStringLiteral("Gupshup send failed with HTTP 500: Internal error") << qint64(-1);
    QTest::newRow("502 from a proxy, HTML")
            << answer(502, "<html><body>Bad   Gateway</body></html>", "text/html") << Kind::Retryable << 502
            << QString() << QStringLiteral("Gupshup send failed with HTTP 502: <html><body>Bad Gateway</body></html>")
            << qint64(-1);
    QTest::newRow("503 with Retry-After")
            << answer(503, "", "text/plain", {{"Retry-After", "2"}}) << Kind::Retryable << 503 << QString()
            << QStringLiteral("Gupshup send failed with HTTP 503: (empty body)") << qint64(2000);
    QTest::newRow("408") << answer(408, "") << Kind::Retryable << 408 << QString()
                         << QStringLiteral("Gupshup send failed with HTTP 408: (empty body)") << qint64(-1);
}

void TestGupshupClient::answerClassified()
{
    QFETCH(FakeResponse, response);
    QFETCH(GupshupSendOutcome::Kind, kind);
    QFETCH(int, httpStatus);
    QFETCH(QString, messageId);
    QFETCH(QString, error);
    QFETCH(qint64, retryAfterMs);
    m_fake->enqueueResponse(response);

    const auto pending = send(config(), QStringLiteral("51999000111"), QStringLiteral("Hola"));

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(outcome->kind, kind);
    QCOMPARE(outcome->httpStatus, httpStatus);
    QCOMPARE(outcome->providerMessageId, messageId);
    QCOMPARE(outcome->error, error);
    QCOMPARE(outcome->retryAfterMs, retryAfterMs);
    QVERIFY(!outcome->error.contains(FixtureApiKey));
}

void TestGupshupClient::wrongApiKeyIsPermanent()
{
    m_fake->setExpectedApiKey("gs_fixture_apikey_other");

    const auto pending = send(config(), QStringLiteral("51999000111"), QStringLiteral("Hola"));

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Permanent);
    QCOMPARE(outcome->httpStatus, 401);
    QVERIFY(!outcome->error.contains(FixtureApiKey));
    QVERIFY(m_fake->sentMessages().isEmpty());
}

void TestGupshupClient::timeoutIsRetryable()
{
    FakeResponse late = answer(202, R"({"status":"submitted","messageId":"late"})", "text/html");
    late.delayMs = 3000;
    m_fake->enqueueResponse(late);
    GupshupConfig shortTimeout = config();
    shortTimeout.timeoutMs = 200;
    QElapsedTimer timer;
    timer.start();

    const auto pending = send(shortTimeout, QStringLiteral("51999000111"), QStringLiteral("Hola"));

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QVERIFY2(timer.elapsed() < 2500, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Retryable);
    QCOMPARE(outcome->httpStatus, 0);
    QCOMPARE(outcome->error, QStringLiteral("Gupshup send timed out after 200 ms"));
    QVERIFY(outcome->providerMessageId.isEmpty());
}

void TestGupshupClient::connectionRefusedIsRetryable()
{
    // A port that was just free and is closed again: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    GupshupConfig refused = config();
    refused.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/wa/api/v1").arg(port));

    const auto pending = send(refused, QStringLiteral("51999000111"), QStringLiteral("Hola"));

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Retryable);
    QCOMPARE(outcome->httpStatus, 0);
    QVERIFY2(outcome->error.startsWith(QStringLiteral("connection to Gupshup failed: ")), qPrintable(outcome->error));
    QVERIFY(!outcome->error.contains(FixtureApiKey));
}

void TestGupshupClient::baseUrlWithTrailingSlash()
{
    GupshupConfig slash = config();
    slash.baseUrl = QUrl(m_fake->baseUrl().toString() + QLatin1Char('/'));

    const auto pending = send(slash, QStringLiteral("51999000111"), QStringLiteral("Hola"));

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Accepted);
    QCOMPARE(m_fake->receivedForms().first().request.path(), QByteArray("/wa/api/v1/msg"));
}

void TestGupshupClient::invalidConfigurationNotSent_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");

    QTest::newRow("no API key") << QStringLiteral("apiKey") << QString()
                                << QStringLiteral("the Gupshup API key is not set");
    QTest::newRow("no source") << QStringLiteral("source") << QString()
                               << QStringLiteral("the Gupshup source (business number) is not set");
    QTest::newRow("no app name") << QStringLiteral("appName") << QString()
                                 << QStringLiteral("the Gupshup app name is not set");
    QTest::newRow("plain http to another host")
            << QStringLiteral("baseUrl") << QStringLiteral("http://api.gupshup.example/wa/api/v1")
            << QStringLiteral("invalid Gupshup base URL \"http://api.gupshup.example/wa/api/v1\": "
                              "expected https, or http to a loopback host");
    QTest::newRow("no scheme") << QStringLiteral("baseUrl") << QStringLiteral("api.gupshup.example")
                               << QStringLiteral("invalid Gupshup base URL \"api.gupshup.example\": "
                                                 "expected https, or http to a loopback host");
}

void TestGupshupClient::invalidConfigurationNotSent()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, error);
    GupshupConfig broken = config();
    if (field == QLatin1String("apiKey"))
        broken.apiKey = value;
    else if (field == QLatin1String("source"))
        broken.source = value;
    else if (field == QLatin1String("appName"))
        broken.appName = value;
    else
        broken.baseUrl = QUrl(value);

    const auto pending = send(broken, QStringLiteral("51999000111"), QStringLiteral("Hola"));

    QTRY_VERIFY_WITH_TIMEOUT(pending->has_value(), 10000);
    const std::optional<GupshupSendOutcome> &outcome = *pending;
    QCOMPARE(outcome->kind, GupshupSendOutcome::Kind::Permanent);
    QCOMPARE(outcome->error, error);
    QVERIFY(m_fake->receivedForms().isEmpty());
}

void TestGupshupClient::destroyedClientDropsCallback()
{
    m_fake->setSuccessDelayMs(300);
    bool called = false;
    m_client->sendText(config(), QStringLiteral("51999000111"), QStringLiteral("Hola"),
                       [&called](const GupshupSendOutcome &) { called = true; });
    QTRY_COMPARE(m_fake->receivedForms().size(), 1);

    m_client.reset();
    QTest::qWait(600);

    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestGupshupClient)
#include "tst_gupshupclient.moc"
