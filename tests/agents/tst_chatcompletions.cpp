// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The chat-completions client against a fake OpenAI server on 127.0.0.1: the request
// on the wire, the retry table, waits between attempts, the concurrency limit and
// callback delivery.

#include "agents/ChatCompletionsClient.h"
#include "FakeOpenAi.h"

#include <QFile>
#include <QJsonDocument>
#include <QObject>
#include <QScopedPointer>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QTranslator>

#include <memory>

using namespace Prospecta;
using Prospecta::Testing::FakeHttpServer;
using Prospecta::Testing::FakeOpenAi;
using Prospecta::Testing::FakeResponse;

namespace {

const QString ApiKey = QStringLiteral("sk-proj-FIXTURE000000000000000000000000");

QString fixturesDir()
{
    return QStringLiteral(PROSPECTA_FIXTURES_DIR);
}

QJsonObject fixtureRequest()
{
    QFile file(fixturesDir() + QStringLiteral("/openai/chat-completions.request.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("body")).toObject();
}

ChatConfig configFor(const QUrl &baseUrl)
{
    ChatConfig config;
    config.baseUrl = baseUrl;
    config.apiKey = ApiKey;
    config.requestTimeoutMs = 5000;
    config.maxConcurrentRequests = 16;
    return config;
}

// Collects every callback, with the thread it ran on.
struct Recorder
{
    QList<ChatOutcome> outcomes;
    QList<QThread *> threads;

    ChatCompletionsClient::Callback callback()
    {
        return [this](const ChatOutcome &outcome) {
            outcomes.append(outcome);
            threads.append(QThread::currentThread());
        };
    }
    int calls() const { return int(outcomes.size()); }
};

// A port on 127.0.0.1 where nothing listens, found by listening and closing again.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

FakeResponse jsonError(int status, const char *code)
{
    const QByteArray codeJson = code ? QByteArray('"' + QByteArray(code) + '"') : QByteArray("null");
    return FakeHttpServer::json(
            status, R"({"error":{"message":"Scripted failure","type":"server_error","param":null,"code":)"
                    + codeJson + "}}");
}

// One step of a scripted conversation with the fake, in the table's short form:
// "reply", "null-content", "html-200", "slow", "error:<fixture>",
// "status:<n>" (JSON error without a code) or "status:<n>:<code>".
FakeResponse scriptStep(const FakeOpenAi &fake, const QString &step)
{
    if (step == QLatin1String("reply"))
        return fake.reply(QStringLiteral("Hola"));
    if (step == QLatin1String("null-content"))
        return fake.reply(QJsonValue::Null);
    if (step == QLatin1String("html-200")) {
        FakeResponse response;
        response.headers = {{"Content-Type", "text/html"}};
        response.body = "<html><body>Bad gateway page served as 200</body></html>";
        return response;
    }
    if (step == QLatin1String("slow")) {
        FakeResponse response = fake.reply(QStringLiteral("Too late"));
        response.delayMs = 5000;
        return response;
    }
    if (step.startsWith(QLatin1String("error:")))
        return fake.error(step.mid(6));
    if (step.startsWith(QLatin1String("status:"))) {
        const QStringList parts = step.split(QLatin1Char(':'));
        const QByteArray code = parts.value(2).toUtf8();
        return jsonError(parts.value(1).toInt(), parts.size() > 2 ? code.constData() : nullptr);
    }
    qFatal("unknown script step %s", qPrintable(step));
}

} // namespace

class TestChatCompletions : public QObject
{
    Q_OBJECT

private slots:
    void requestOnTheWire_data();
    void requestOnTheWire();
    void replyCarriesContentUsageAndModel();
    void retryTable_data();
    void retryTable();
    void errorMessageNamesStatusAndProviderMessage();
    void errorMessageMasksEchoedKey();
    void errorMessageTranslatedForPeople();
    void retryAfterMsIsHonoured();
    void retryAfterSecondsIsHonoured();
    void serverRetryDelay_data();
    void serverRetryDelay();
    void allowedBaseUrl_data();
    void allowedBaseUrl();
    void invalidConfigSendsNothing_data();
    void invalidConfigSendsNothing();
    void connectionRefusedFailsAfterMaxAttempts();
    void transferTimeoutFailsAfterMaxAttempts();
    void droppedConnectionIsRetried();
    void concurrencyLimitQueuesTheRest();
    void moreThanSixRequestsOverlap();
    void destroyedContextGetsNoCallback();
    void queuedRequestOfDestroyedContextIsNotSent();
    void destroyingClientDropsCallbacks();
    void callFromAnotherThreadAnswersOnClientThread();
};

void TestChatCompletions::requestOnTheWire_data()
{
    QTest::addColumn<QString>("basePath");

    QTest::newRow("base URL without slash") << QStringLiteral("/v1");
    QTest::newRow("base URL with slash") << QStringLiteral("/v1/");
}

void TestChatCompletions::requestOnTheWire()
{
    QFETCH(QString, basePath);

    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(fake.reply(QStringLiteral("Hola")));
    QUrl baseUrl = fake.baseUrl();
    baseUrl.setPath(basePath);
    const QJsonObject request = fixtureRequest();
    QVERIFY(!request.isEmpty());

    Recorder recorder;
    ChatCompletionsClient client;
    client.complete(configFor(baseUrl), request, nullptr, recorder.callback());
    QTRY_COMPARE(recorder.calls(), 1);

    QCOMPARE(fake.requests().size(), 1);
    const Testing::RecordedRequest &recorded = fake.requests().constFirst();
    QCOMPARE(recorded.method, QByteArray("POST"));
    QCOMPARE(recorded.target, QByteArray("/v1/chat/completions"));
    QCOMPARE(recorded.header("Authorization"), QByteArray("Bearer " + ApiKey.toUtf8()));
    QCOMPARE(recorded.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(recorded.header("Accept"), QByteArray("application/json"));
    QCOMPARE(recorded.body, QJsonDocument(request).toJson(QJsonDocument::Compact));
    QCOMPARE(fake.requestBodies().constFirst(), request);
}

void TestChatCompletions::replyCarriesContentUsageAndModel()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), 12},
                            {QStringLiteral("completion_tokens"), 3},
                            {QStringLiteral("total_tokens"), 15}};
    fake.enqueue(fake.reply(QStringLiteral("¿En qué le puedo ayudar?"), usage));

    Recorder recorder;
    ChatCompletionsClient client;
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE(recorder.calls(), 1);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, ChatOutcome::Kind::Reply);
    QCOMPARE(outcome.content, QStringLiteral("¿En qué le puedo ayudar?"));
    QCOMPARE(outcome.usage, usage);
    QCOMPARE(outcome.model, QStringLiteral("gpt-4o-mini-2024-07-18"));
    QCOMPARE(outcome.httpStatus, 200);
    QCOMPARE(outcome.attempts, 1);
    QVERIFY(outcome.errorMessage.isEmpty());
    QCOMPARE(recorder.threads.constFirst(), client.thread());
    QCOMPARE(client.inFlight(), 0);
    QCOMPARE(client.queued(), 0);
}

void TestChatCompletions::retryTable_data()
{
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<ChatOutcome::Kind>("kind");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("errorCode");

    using Kind = ChatOutcome::Kind;
    auto steps = [](std::initializer_list<const char *> names) {
        QStringList list;
        for (const char *name : names)
            list.append(QString::fromLatin1(name));
        return list;
    };

    // Retried, then successful.
    QTest::newRow("429 rate_limit_exceeded")
            << steps({"error:errors/429-rate-limit-requests.json", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("429 without code") << steps({"status:429", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("408") << steps({"status:408", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("409") << steps({"status:409", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("500") << steps({"error:errors/500-server-error.json", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("502") << steps({"status:502", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("503 HTML from a proxy")
            << steps({"error:errors/503-edge-html.json", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("504") << steps({"status:504", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("200 that is not JSON") << steps({"html-200", "reply"}) << Kind::Reply << 2 << 200 << QString();
    QTest::newRow("transfer timeout") << steps({"slow", "reply"}) << Kind::Reply << 2 << 200 << QString();

    // Retried until the attempts run out (3 in this table).
    QTest::newRow("500 on every attempt")
            << steps({"error:errors/500-server-error.json", "error:errors/500-server-error.json",
                      "error:errors/500-server-error.json"})
            << Kind::Failed << 3 << 500 << QStringLiteral("server_error");

    // Not retried.
    QTest::newRow("429 insufficient_quota")
            << steps({"error:errors/429-insufficient-quota.json"}) << Kind::KeyOrQuota << 1 << 429
            << QStringLiteral("insufficient_quota");
    QTest::newRow("429 with another code")
            << steps({"status:429:billing_not_active"}) << Kind::Rejected << 1 << 429
            << QStringLiteral("billing_not_active");
    QTest::newRow("401 invalid_api_key")
            << steps({"error:errors/401-invalid-api-key.json"}) << Kind::KeyOrQuota << 1 << 401
            << QStringLiteral("invalid_api_key");
    QTest::newRow("403") << steps({"status:403:unsupported_country_region_territory"}) << Kind::KeyOrQuota
                         << 1 << 403 << QStringLiteral("unsupported_country_region_territory");
    QTest::newRow("400 context_length_exceeded")
            << steps({"error:errors/400-context-length-exceeded.json"}) << Kind::Rejected << 1 << 400
            << QStringLiteral("context_length_exceeded");
    QTest::newRow("404") << steps({"status:404:model_not_found"}) << Kind::Rejected << 1 << 404
                         << QStringLiteral("model_not_found");
    QTest::newRow("200 with null content") << steps({"null-content"}) << Kind::Failed << 1 << 200 << QString();
}

void TestChatCompletions::retryTable()
{
    QFETCH(QStringList, script);
    QFETCH(ChatOutcome::Kind, kind);
    QFETCH(int, attempts);
    QFETCH(int, httpStatus);
    QFETCH(QString, errorCode);

    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    for (const QString &step : std::as_const(script))
        fake.enqueue(scriptStep(fake, step));

    Recorder recorder;
    ChatCompletionsClient client;
    client.setBackoffBaseMs(10);
    client.setMaxAttempts(3);
    ChatConfig config = configFor(fake.baseUrl());
    config.requestTimeoutMs = 1000; // the "slow" step responds after 5 s
    client.complete(config, fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.calls(), 1, 5000);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, kind);
    QCOMPARE(outcome.attempts, attempts);
    QCOMPARE(outcome.httpStatus, httpStatus);
    QCOMPARE(outcome.errorCode, errorCode);
    QCOMPARE(fake.requests().size(), attempts);
    QVERIFY(!outcome.errorMessage.contains(ApiKey));
    if (kind == ChatOutcome::Kind::Reply) {
        QCOMPARE(outcome.content, QStringLiteral("Hola"));
    } else {
        QVERIFY2(!outcome.errorMessage.isEmpty(), "a failure says what failed");
        if (httpStatus != 200)
            QVERIFY2(outcome.errorMessage.contains(QStringLiteral("HTTP %1").arg(httpStatus)),
                     qPrintable(outcome.errorMessage));
    }
}

void TestChatCompletions::errorMessageNamesStatusAndProviderMessage()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(fake.error(QStringLiteral("errors/400-context-length-exceeded.json")));

    Recorder recorder;
    ChatCompletionsClient client;
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE(recorder.calls(), 1);

    const QString message = recorder.outcomes.constFirst().errorMessage;
    QVERIFY2(message.contains(QLatin1String("HTTP 400")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("context_length_exceeded")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("maximum context length is 128000 tokens")),
             qPrintable(message));
}

// The message reaches the conversation's flag and the admin's alert, so it is in the
// desktop's language, while the log keeps English. The provider's own final period no
// longer doubles the one of the sentence ("…0000.. Check").
void TestChatCompletions::errorMessageTranslatedForPeople()
{
    QTranslator spanish;
    QVERIFY(spanish.load(QLocale(QStringLiteral("es_MX")), QStringLiteral("prospecta"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&spanish));
    const auto removeSpanish = qScopeGuard([&] { QCoreApplication::removeTranslator(&spanish); });

    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(FakeHttpServer::json(
            401, R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}})"));

    Recorder recorder;
    ChatCompletionsClient client;
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE(recorder.calls(), 1);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QVERIFY2(outcome.errorMessage.startsWith(QStringLiteral("El servidor de chat completions rechazó la clave de API")),
             qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.logMessage.startsWith(QStringLiteral("The chat-completions server rejected the API key")),
             qPrintable(outcome.logMessage));
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("Incorrect API key provided. Revisa")),
             qPrintable(outcome.errorMessage));
    QVERIFY2(!outcome.logMessage.contains(QStringLiteral("..")), qPrintable(outcome.logMessage));
}

void TestChatCompletions::errorMessageMasksEchoedKey()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(FakeHttpServer::json(
            401, R"({"error":{"message":"Key )" + ApiKey.toUtf8() + R"( is not valid","type":"auth","code":null}})"));

    Recorder recorder;
    ChatCompletionsClient client;
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE(recorder.calls(), 1);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, ChatOutcome::Kind::KeyOrQuota);
    QCOMPARE(outcome.errorCode, QStringLiteral("auth"));
    QVERIFY2(!outcome.errorMessage.contains(ApiKey), qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("Key •••• is not valid")),
             qPrintable(outcome.errorMessage));
}

void TestChatCompletions::retryAfterMsIsHonoured()
{
    // The fixture sets retry-after-ms 120 and Retry-After 1 (second), and the
    // millisecond header wins over both that and the 10 ms backoff.
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(fake.error(QStringLiteral("errors/429-rate-limit-requests.json")));
    fake.enqueue(fake.reply(QStringLiteral("Hola")));

    Recorder recorder;
    ChatCompletionsClient client;
    client.setBackoffBaseMs(10);
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE(recorder.calls(), 1);

    QCOMPARE(recorder.outcomes.constFirst().attempts, 2);
    QCOMPARE(fake.requests().size(), 2);
    const qint64 waitedMs = fake.requests().at(1).receivedMs - fake.requests().at(0).receivedMs;
    // The fake stamps requests in whole milliseconds, hence one millisecond of slack.
    QVERIFY2(waitedMs >= 119, qPrintable(QString::number(waitedMs)));
    QVERIFY2(waitedMs < 900, qPrintable(QString::number(waitedMs)));
}

void TestChatCompletions::retryAfterSecondsIsHonoured()
{
    // This fixture has Retry-After 1 and no retry-after-ms.
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(fake.error(QStringLiteral("errors/429-rate-limit-tokens.json")));
    fake.enqueue(fake.reply(QStringLiteral("Hola")));

    Recorder recorder;
    ChatCompletionsClient client;
    client.setBackoffBaseMs(10);
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.calls(), 1, 5000);

    QCOMPARE(recorder.outcomes.constFirst().kind, ChatOutcome::Kind::Reply);
    QCOMPARE(fake.requests().size(), 2);
    const qint64 waitedMs = fake.requests().at(1).receivedMs - fake.requests().at(0).receivedMs;
    QVERIFY2(waitedMs >= 999, qPrintable(QString::number(waitedMs)));
}

void TestChatCompletions::serverRetryDelay_data()
{
    QTest::addColumn<QByteArray>("retryAfterMs");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("no header") << QByteArray() << QByteArray() << qint64(-1);
    QTest::newRow("milliseconds") << QByteArray("120") << QByteArray() << qint64(120);
    QTest::newRow("milliseconds win over seconds") << QByteArray("120") << QByteArray("1") << qint64(120);
    QTest::newRow("fractional milliseconds round up") << QByteArray("0.5") << QByteArray() << qint64(1);
    QTest::newRow("seconds") << QByteArray() << QByteArray("2") << qint64(2000);
    QTest::newRow("decimal seconds") << QByteArray() << QByteArray("1.5") << qint64(1500);
    QTest::newRow("invalid milliseconds fall back to seconds")
            << QByteArray("soon") << QByteArray("3") << qint64(3000);
    QTest::newRow("negative milliseconds fall back to seconds")
            << QByteArray("-5") << QByteArray("3") << qint64(3000);
    QTest::newRow("milliseconds capped at 60 s") << QByteArray("600000") << QByteArray() << qint64(60000);
    QTest::newRow("seconds capped at 60 s") << QByteArray() << QByteArray("3600") << qint64(60000);
    QTest::newRow("HTTP date 30 s ahead")
            << QByteArray() << QByteArray("Sun, 06 Nov 1994 08:50:07 GMT") << qint64(30000);
    QTest::newRow("RFC 850 date is not accepted")
            << QByteArray() << QByteArray("Sunday, 06-Nov-94 08:50:07 GMT") << qint64(-1);
    QTest::newRow("HTTP date in the past") << QByteArray() << QByteArray("Sun, 06 Nov 1994 08:00:00 GMT")
                                           << qint64(0);
    QTest::newRow("garbage") << QByteArray() << QByteArray("later") << qint64(-1);
}

void TestChatCompletions::serverRetryDelay()
{
    QFETCH(QByteArray, retryAfterMs);
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, expectedMs);

    // The example date of RFC 9110 section 5.6.7.
    const QDateTime now = QDateTime::fromString(QStringLiteral("1994-11-06T08:49:37Z"), Qt::ISODate);
    QVERIFY(now.isValid());
    QCOMPARE(ChatCompletionsClient::serverRetryDelayMs(retryAfterMs, retryAfter, now), expectedMs);
}

void TestChatCompletions::allowedBaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("https") << QStringLiteral("https://api.openai.com/v1") << true;
    QTest::newRow("http to 127.0.0.1") << QStringLiteral("http://127.0.0.1:8080/v1") << true;
    QTest::newRow("http to another loopback address") << QStringLiteral("http://127.0.0.2/v1") << true;
    QTest::newRow("http to ::1") << QStringLiteral("http://[::1]:11434/v1") << true;
    QTest::newRow("http to localhost") << QStringLiteral("http://localhost:11434/v1") << true;
    QTest::newRow("http to a remote host") << QStringLiteral("http://api.openai.com/v1") << false;
    QTest::newRow("http to a LAN address") << QStringLiteral("http://192.168.1.10/v1") << false;
    QTest::newRow("http to a name starting with 127") << QStringLiteral("http://127.0.0.1.example/v1") << false;
    QTest::newRow("other scheme") << QStringLiteral("ftp://127.0.0.1/v1") << false;
    QTest::newRow("no host") << QStringLiteral("https:///v1") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestChatCompletions::allowedBaseUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);

    QCOMPARE(ChatCompletionsClient::isAllowedBaseUrl(QUrl(url)), allowed);
}

void TestChatCompletions::invalidConfigSendsNothing_data()
{
    QTest::addColumn<QString>("baseUrl"); // PORT is replaced by the fake's port
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<ChatOutcome::Kind>("kind");

    QTest::newRow("missing API key")
            << QStringLiteral("http://127.0.0.1:PORT/v1") << QString() << ChatOutcome::Kind::KeyOrQuota;
    QTest::newRow("unsupported scheme")
            << QStringLiteral("ftp://127.0.0.1:PORT/v1") << ApiKey << ChatOutcome::Kind::Rejected;
    QTest::newRow("empty base URL") << QString() << ApiKey << ChatOutcome::Kind::Rejected;
}

void TestChatCompletions::invalidConfigSendsNothing()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, apiKey);
    QFETCH(ChatOutcome::Kind, kind);

    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    ChatConfig config = configFor(QUrl(baseUrl.replace(QLatin1String("PORT"), QString::number(fake.port()))));
    config.apiKey = apiKey;

    Recorder recorder;
    ChatCompletionsClient client;
    client.complete(config, fixtureRequest(), this, recorder.callback());
    QCOMPARE(recorder.calls(), 0); // never inside complete() itself
    QTRY_COMPARE(recorder.calls(), 1);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, kind);
    QCOMPARE(outcome.attempts, 0);
    QVERIFY(!outcome.errorMessage.isEmpty());
    QCOMPARE(fake.requests().size(), 0);
}

void TestChatCompletions::connectionRefusedFailsAfterMaxAttempts()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);

    Recorder recorder;
    ChatCompletionsClient client;
    client.setBackoffBaseMs(10);
    client.setMaxAttempts(4);
    client.complete(configFor(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port))),
                    fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.calls(), 1, 5000);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, ChatOutcome::Kind::Failed);
    QCOMPARE(outcome.attempts, 4);
    QCOMPARE(outcome.httpStatus, 0);
    QVERIFY2(outcome.errorMessage.contains(QLatin1String("refused"), Qt::CaseInsensitive),
             qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.errorMessage.contains(QLatin1String("4 attempts")), qPrintable(outcome.errorMessage));
}

void TestChatCompletions::transferTimeoutFailsAfterMaxAttempts()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.setDelayMs(3000);
    fake.enqueue(fake.reply(QStringLiteral("late")));
    fake.enqueue(fake.reply(QStringLiteral("late")));

    Recorder recorder;
    ChatCompletionsClient client;
    client.setBackoffBaseMs(10);
    client.setMaxAttempts(2);
    ChatConfig config = configFor(fake.baseUrl());
    config.requestTimeoutMs = 300;
    client.complete(config, fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.calls(), 1, 5000);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, ChatOutcome::Kind::Failed);
    QCOMPARE(outcome.attempts, 2);
    QCOMPARE(fake.requests().size(), 2);
    QVERIFY2(outcome.errorMessage.contains(QLatin1String("timed out after 300 ms")),
             qPrintable(outcome.errorMessage));
    // Two attempts of about 300 ms each on the wire.
    QVERIFY2(outcome.wireMs >= 550, qPrintable(QString::number(outcome.wireMs)));
    QVERIFY2(outcome.wireMs < 3000, qPrintable(QString::number(outcome.wireMs)));
}

void TestChatCompletions::droppedConnectionIsRetried()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    for (int i = 0; i < 10; ++i)
        fake.enqueue(FakeOpenAi::down());

    Recorder recorder;
    ChatCompletionsClient client;
    client.setBackoffBaseMs(10);
    client.setMaxAttempts(3);
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), this, recorder.callback());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.calls(), 1, 5000);

    const ChatOutcome &outcome = recorder.outcomes.constFirst();
    QCOMPARE(outcome.kind, ChatOutcome::Kind::Failed);
    QCOMPARE(outcome.attempts, 3);
    QCOMPARE(outcome.httpStatus, 0);
    QVERIFY2(outcome.errorMessage.contains(QLatin1String("closed"), Qt::CaseInsensitive),
             qPrintable(outcome.errorMessage));
    // QNetworkAccessManager can send a request again by itself when the connection
    // closes before any byte of the response, so the fake may see more requests than attempts.
    QVERIFY2(fake.requests().size() >= 3, qPrintable(QString::number(fake.requests().size())));
}

void TestChatCompletions::concurrencyLimitQueuesTheRest()
{
    constexpr int Requests = 10;
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.setDelayMs(200);
    for (int i = 0; i < Requests; ++i)
        fake.enqueue(fake.reply(QStringLiteral("reply %1").arg(i)));

    QList<ChatOutcome> outcomes(Requests);
    int calls = 0;
    ChatCompletionsClient client;
    ChatConfig config = configFor(fake.baseUrl());
    config.maxConcurrentRequests = 3;
    for (int i = 0; i < Requests; ++i) {
        client.complete(config, fixtureRequest(), this, [&outcomes, &calls, i](const ChatOutcome &outcome) {
            outcomes[i] = outcome;
            ++calls;
        });
    }
    QCOMPARE(client.inFlight(), 3);
    QCOMPARE(client.queued(), Requests - 3);

    QTRY_COMPARE_WITH_TIMEOUT(calls, Requests, 10000);
    QCOMPARE(fake.maxOpenRequests(), 3);
    for (int i = 0; i < Requests; ++i) {
        QCOMPARE(outcomes[i].kind, ChatOutcome::Kind::Reply);
        QVERIFY2(outcomes[i].wireMs >= 190, qPrintable(QString::number(outcomes[i].wireMs)));
    }
    // The first three start at once, and every later one waits at least one 200 ms round.
    for (int i = 0; i < 3; ++i)
        QVERIFY2(outcomes[i].queuedMs < 100, qPrintable(QString::number(outcomes[i].queuedMs)));
    for (int i = 3; i < Requests; ++i)
        QVERIFY2(outcomes[i].queuedMs >= 150, qPrintable(QString::number(outcomes[i].queuedMs)));
    QCOMPARE(client.inFlight(), 0);
    QCOMPARE(client.queued(), 0);
}

void TestChatCompletions::moreThanSixRequestsOverlap()
{
    // One QNetworkAccessManager stops at 6 connections per host in Qt 6.4.
    constexpr int Requests = 12;
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.setDelayMs(300);
    for (int i = 0; i < Requests; ++i)
        fake.enqueue(fake.reply(QStringLiteral("reply %1").arg(i)));

    Recorder recorder;
    ChatCompletionsClient client;
    ChatConfig config = configFor(fake.baseUrl());
    config.maxConcurrentRequests = Requests;
    for (int i = 0; i < Requests; ++i)
        client.complete(config, fixtureRequest(), this, recorder.callback());

    QTRY_COMPARE_WITH_TIMEOUT(recorder.calls(), Requests, 10000);
    QCOMPARE(fake.maxOpenRequests(), Requests);
    for (const ChatOutcome &outcome : std::as_const(recorder.outcomes)) {
        QCOMPARE(outcome.kind, ChatOutcome::Kind::Reply);
        QCOMPARE(outcome.queuedMs, qint64(0));
    }
}

void TestChatCompletions::destroyedContextGetsNoCallback()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.setDelayMs(200);
    fake.enqueue(fake.reply(QStringLiteral("Hola")));

    Recorder recorder;
    ChatCompletionsClient client;
    auto context = std::make_unique<QObject>();
    client.complete(configFor(fake.baseUrl()), fixtureRequest(), context.get(), recorder.callback());
    QTRY_COMPARE(fake.requests().size(), 1);
    context.reset();

    // inFlight() drops when the reply finishes, which is when the callback would run.
    QTRY_COMPARE(client.inFlight(), 0);
    QCOMPARE(recorder.calls(), 0);
}

void TestChatCompletions::queuedRequestOfDestroyedContextIsNotSent()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.setDelayMs(200);
    fake.enqueue(fake.reply(QStringLiteral("first")));
    fake.enqueue(fake.reply(QStringLiteral("second")));

    Recorder first;
    Recorder second;
    ChatCompletionsClient client;
    ChatConfig config = configFor(fake.baseUrl());
    config.maxConcurrentRequests = 1;
    auto secondContext = std::make_unique<QObject>();
    client.complete(config, fixtureRequest(), this, first.callback());
    client.complete(config, fixtureRequest(), secondContext.get(), second.callback());
    QCOMPARE(client.queued(), 1);
    secondContext.reset();

    QTRY_COMPARE(first.calls(), 1);
    QCOMPARE(client.queued(), 0);
    QCOMPARE(client.inFlight(), 0);
    QCOMPARE(fake.requests().size(), 1);
    QCOMPARE(second.calls(), 0);
}

void TestChatCompletions::destroyingClientDropsCallbacks()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.setDelayMs(300);
    fake.enqueue(fake.reply(QStringLiteral("never read")));

    Recorder running;
    Recorder waiting;
    auto client = std::make_unique<ChatCompletionsClient>();
    ChatConfig config = configFor(fake.baseUrl());
    config.maxConcurrentRequests = 1;
    client->complete(config, fixtureRequest(), this, running.callback());
    client->complete(config, fixtureRequest(), this, waiting.callback());
    QTRY_COMPARE(fake.requests().size(), 1);
    QCOMPARE(client->inFlight(), 1);
    QCOMPARE(client->queued(), 1);

    client.reset();
    // Wait until the fake has sent its response to the aborted connection.
    QTRY_COMPARE(fake.openRequests(), 0);
    QCOMPARE(running.calls(), 0);
    QCOMPARE(waiting.calls(), 0);
    QCOMPARE(fake.requests().size(), 1);
}

void TestChatCompletions::callFromAnotherThreadAnswersOnClientThread()
{
    FakeOpenAi fake(fixturesDir());
    QVERIFY(fake.start());
    fake.enqueue(fake.reply(QStringLiteral("Hola")));

    Recorder recorder;
    ChatCompletionsClient client;
    const ChatConfig config = configFor(fake.baseUrl());
    const QJsonObject request = fixtureRequest();
    QScopedPointer<QThread> caller(QThread::create([&client, &recorder, config, request] {
        client.complete(config, request, nullptr, recorder.callback());
    }));
    caller->start();
    QVERIFY(caller->wait(5000));

    QTRY_COMPARE(recorder.calls(), 1);
    QCOMPARE(recorder.outcomes.constFirst().kind, ChatOutcome::Kind::Reply);
    QCOMPARE(recorder.threads.constFirst(), client.thread());
}

QTEST_GUILESS_MAIN(TestChatCompletions)
#include "tst_chatcompletions.moc"
