// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/WebhookSignatures.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace Prospecta;

using FormPairs = QList<QPair<QString, QString>>;

namespace {

const QString FormContentType = QStringLiteral("application/x-www-form-urlencoded; charset=utf-8");

QJsonObject readFixture(const QString &relativePath)
{
    QFile file(QStringLiteral(PROSPECTA_FIXTURES_DIR) + QLatin1Char('/') + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The fixture's "params" object as decoded pairs, with an array value as a repeated name.
FormPairs paramsToPairs(const QJsonObject &params)
{
    FormPairs pairs;
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.value().isArray()) {
            for (const QJsonValue &value : it.value().toArray())
                pairs.append({it.key(), value.toString()});
        } else {
            pairs.append({it.key(), it.value().toString()});
        }
    }
    return pairs;
}

// Encodes pairs the way Twilio sends them: percent-escapes, spaces as '+'.
QByteArray encodeForm(const FormPairs &pairs)
{
    QByteArrayList encoded;
    for (const auto &[name, value] : pairs) {
        encoded.append(QUrl::toPercentEncoding(name).replace("%20", "+") + '='
                       + QUrl::toPercentEncoding(value).replace("%20", "+"));
    }
    return encoded.join('&');
}

// Content type and body of a fixture case: its raw JSON body, or its params as a form.
QPair<QByteArray, QByteArray> requestOf(const QJsonObject &fixtureCase)
{
    if (fixtureCase.contains(QLatin1String("rawBody")))
        return {fixtureCase.value(QLatin1String("contentType")).toString().toUtf8(),
                fixtureCase.value(QLatin1String("rawBody")).toString().toUtf8()};
    const FormPairs pairs = paramsToPairs(fixtureCase.value(QLatin1String("params")).toObject());
    return {pairs.isEmpty() ? QByteArray() : FormContentType.toUtf8(), encodeForm(pairs)};
}

// A valid signed request to change one thing at a time in the negative tests.
struct TwilioRequest
{
    QString authToken = QStringLiteral("fixture_auth_token_0123456789abc");
    QString sharedKey;
    QString url = QStringLiteral("https://crm.example.com/twilio/voice/status");
    QByteArray contentType = FormContentType.toUtf8();
    QByteArray body = "AccountSid=ACdef0b17f603285ef4336f6e3e3dcd43c&CallSid=CA5d7963c4f471e142f5a72214a9666fb1"
                      "&CallStatus=ringing&From=%2B5117001234&To=%2B51999000111";
    // plain_url_no_query in twilio/signature-cases.json.
    QByteArray signature = "N3buwOq7uhw1yc9ymvb9ERKNxnU=";
};

// json_body_with_bodySHA256 in twilio/signature-cases.json.
TwilioRequest twilioJsonRequest()
{
    TwilioRequest request;
    request.url = QStringLiteral("https://crm.example.com/twilio/events"
                                 "?bodySHA256=370321dd38d1a5f2542d0f9c7f41173775ac99295fe8b3753835ade8ee2f37bf");
    request.contentType = "application/json";
    request.body = R"({"event":"call.completed","callSid":"CA5d7963c4f471e142f5a72214a9666fb1",)"
                   R"("lead":{"nombre":"Cliente Prueba","telefono":"+51999000111"}})";
    request.signature = "lGuzcBXl6m00pZrqrxxuy19qats=";
    return request;
}

bool verify(const TwilioRequest &request)
{
    return WebhookSignatures::verifyTwilio(request.authToken, request.sharedKey, request.url,
                                           request.contentType, request.body, request.signature);
}

} // namespace

Q_DECLARE_METATYPE(TwilioRequest)

class WebhookSignaturesTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void twilioSignatureMatchesFixture_data();
    void twilioSignatureMatchesFixture();
    void twilioFixtureCaseVerifies_data();
    void twilioFixtureCaseVerifies();
    void twilioFixtureNegativeCase_data();
    void twilioFixtureNegativeCase();
    void twilioCallbackFixtureVerifies_data();
    void twilioCallbackFixtureVerifies();
    void twilioBaseRequestsVerify();
    void twilioRejects_data();
    void twilioRejects();

    void metaFixtureCase_data();
    void metaFixtureCase();
    void metaRejects_data();
    void metaRejects();

    void decodeForm_data();
    void decodeForm();

private:
    QJsonObject m_twilioCases;
    QJsonObject m_metaCases;
};

void WebhookSignaturesTest::initTestCase()
{
    m_twilioCases = readFixture(QStringLiteral("twilio/signature-cases.json"));
    m_metaCases = readFixture(QStringLiteral("meta-whatsapp/signature-cases.json"));
    QVERIFY(!m_twilioCases.value(QLatin1String("cases")).toArray().isEmpty());
    QVERIFY(!m_metaCases.value(QLatin1String("cases")).toArray().isEmpty());
}

void WebhookSignaturesTest::twilioSignatureMatchesFixture_data()
{
    QTest::addColumn<QString>("authToken");
    QTest::addColumn<QString>("url");
    QTest::addColumn<FormPairs>("params");
    QTest::addColumn<QByteArray>("expected");

    for (const QJsonValue &value : m_twilioCases.value(QLatin1String("cases")).toArray()) {
        const QJsonObject c = value.toObject();
        // twilioSignature() computes the HMAC-SHA1 scheme only, so the SharedKey case is
        // covered by twilioFixtureCaseVerifies.
        if (c.value(QLatin1String("algorithm")).toString() != QLatin1String("HMAC_SHA1"))
            continue;
        QTest::newRow(qPrintable(c.value(QLatin1String("name")).toString()))
            << c.value(QLatin1String("authToken")).toString() << c.value(QLatin1String("url")).toString()
            << paramsToPairs(c.value(QLatin1String("params")).toObject())
            << c.value(QLatin1String("expectedSignature")).toString().toLatin1();
    }
}

void WebhookSignaturesTest::twilioSignatureMatchesFixture()
{
    QFETCH(QString, authToken);
    QFETCH(QString, url);
    QFETCH(FormPairs, params);
    QFETCH(QByteArray, expected);

    QCOMPARE(WebhookSignatures::twilioSignature(authToken, url, params), expected);
}

void WebhookSignaturesTest::twilioFixtureCaseVerifies_data()
{
    QTest::addColumn<TwilioRequest>("request");

    for (const QJsonValue &value : m_twilioCases.value(QLatin1String("cases")).toArray()) {
        const QJsonObject c = value.toObject();
        const QString name = c.value(QLatin1String("name")).toString();
        TwilioRequest request;
        if (c.value(QLatin1String("algorithm")).toString() == QLatin1String("HMAC_SHA256")) {
            // The case's secret is the SharedKey, and the auth token is some other value.
            request.authToken = QStringLiteral("unrelated_auth_token_000000000");
            request.sharedKey = c.value(QLatin1String("authToken")).toString();
        } else {
            request.authToken = c.value(QLatin1String("authToken")).toString();
        }
        std::tie(request.contentType, request.body) = requestOf(c);
        request.signature = c.value(QLatin1String("expectedSignature")).toString().toLatin1();

        request.url = c.value(QLatin1String("url")).toString();
        QTest::newRow(qPrintable(name)) << request;
        for (const QJsonValue &otherUrl : c.value(QLatin1String("alsoValidFor")).toArray()) {
            request.url = otherUrl.toString();
            QTest::newRow(qPrintable(name + QLatin1String(" at ") + request.url)) << request;
        }
    }
}

void WebhookSignaturesTest::twilioFixtureCaseVerifies()
{
    QFETCH(TwilioRequest, request);

    QVERIFY(verify(request));
}

void WebhookSignaturesTest::twilioFixtureNegativeCase_data()
{
    QTest::addColumn<TwilioRequest>("request");

    for (const QJsonValue &value : m_twilioCases.value(QLatin1String("negativeCases")).toArray()) {
        const QJsonObject c = value.toObject();
        QVERIFY(!c.value(QLatin1String("expectedValid")).toBool());
        TwilioRequest request;
        request.authToken = c.value(QLatin1String("authToken")).toString();
        request.url = c.value(QLatin1String("url")).toString();
        std::tie(request.contentType, request.body) = requestOf(c);
        request.signature = c.value(QLatin1String("signatureHeader")).toString().toLatin1();
        QTest::newRow(qPrintable(c.value(QLatin1String("name")).toString())) << request;
    }
}

void WebhookSignaturesTest::twilioFixtureNegativeCase()
{
    QFETCH(TwilioRequest, request);

    QVERIFY(!verify(request));
}

void WebhookSignaturesTest::twilioCallbackFixtureVerifies_data()
{
    QTest::addColumn<TwilioRequest>("request");

    const QDir twilioDir(QStringLiteral(PROSPECTA_FIXTURES_DIR "/twilio"));
    int rows = 0;
    for (const QString &folder : {QStringLiteral("status-callback"), QStringLiteral("recording-status-callback"),
                                  QStringLiteral("gather")}) {
        const QDir dir(twilioDir.filePath(folder));
        for (const QString &fileName : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            const QJsonObject envelope = readFixture(QStringLiteral("twilio/") + folder + QLatin1Char('/') + fileName);
            const QJsonObject headers = envelope.value(QLatin1String("headers")).toObject();
            TwilioRequest request;
            request.authToken = envelope.value(QLatin1String("authTokenUsedForSignature")).toString();
            request.url = envelope.value(QLatin1String("url")).toString();
            request.contentType = headers.value(QLatin1String("Content-Type")).toString().toUtf8();
            request.body = envelope.value(QLatin1String("rawBody")).toString().toUtf8();
            request.signature = headers.value(QLatin1String("X-Twilio-Signature")).toString().toLatin1();
            QTest::newRow(qPrintable(folder + QLatin1Char('/') + fileName)) << request;
            ++rows;
        }
    }
    // Status callbacks, recording callbacks and gather actions: 7 + 2 + 2 files.
    QCOMPARE(rows, 11);
}

void WebhookSignaturesTest::twilioCallbackFixtureVerifies()
{
    QFETCH(TwilioRequest, request);

    QVERIFY(!request.body.isEmpty());
    QVERIFY(verify(request));
}

// The requests that twilioRejects alters pass unaltered, so each rejection comes from
// the one change its row makes.
void WebhookSignaturesTest::twilioBaseRequestsVerify()
{
    QVERIFY(verify(TwilioRequest()));
    QVERIFY(verify(twilioJsonRequest()));
}

void WebhookSignaturesTest::twilioRejects_data()
{
    QTest::addColumn<TwilioRequest>("request");

    TwilioRequest request;
    request.body.replace("CallStatus=ringing", "CallStatus=completed");
    QTest::newRow("one parameter changed") << request;

    request = TwilioRequest();
    request.body += "&Digits=1";
    QTest::newRow("parameter added") << request;

    request = TwilioRequest();
    request.body.replace("&To=%2B51999000111", "");
    QTest::newRow("parameter removed") << request;

    request = TwilioRequest();
    request.url = QStringLiteral("https://crm.example.com/twilio/voice/recording");
    QTest::newRow("replayed to another route") << request;

    request = TwilioRequest();
    request.url = QStringLiteral("https://crm.example.com/twilio/voice/status?leadId=L-1001");
    QTest::newRow("query string added") << request;

    request = TwilioRequest();
    request.url = QStringLiteral("http://crm.example.com/twilio/voice/status");
    QTest::newRow("http instead of https") << request;

    request = TwilioRequest();
    request.url = QStringLiteral("https://crm.example.com:8443/twilio/voice/status");
    QTest::newRow("non-default port added") << request;

    request = TwilioRequest();
    request.url = QStringLiteral("https://crm.example.com:80/twilio/voice/status");
    QTest::newRow("http default port on https") << request;

    request = TwilioRequest();
    request.signature.clear();
    QTest::newRow("missing header") << request;

    request = TwilioRequest();
    request.signature = "   ";
    QTest::newRow("blank header") << request;

    request = TwilioRequest();
    request.signature.chop(2);
    QTest::newRow("signature truncated") << request;

    request = TwilioRequest();
    request.signature += "AAAA";
    QTest::newRow("signature too long") << request;

    request = TwilioRequest();
    request.signature[0] = 'M';
    QTest::newRow("signature changed by one character") << request;

    request = TwilioRequest();
    request.authToken = QStringLiteral("another_token_000000000000000000");
    QTest::newRow("wrong auth token") << request;

    request = TwilioRequest();
    request.authToken.clear();
    QTest::newRow("no auth token configured") << request;

    request = TwilioRequest();
    request.body += "&Bad=%G1";
    QTest::newRow("malformed escape in body") << request;

    // sharedkey_hmac_sha256 in twilio/signature-cases.json, checked without the SharedKey.
    request = TwilioRequest();
    request.body = "AccountSid=ACdef0b17f603285ef4336f6e3e3dcd43c&CallSid=CA5d7963c4f471e142f5a72214a9666fb1"
                   "&CallStatus=completed";
    request.signature = "uH4IJpMA4KHI1Clvf3+GlwsIN52wwtyJPRjoHsShn1Q=";
    QTest::newRow("SharedKey signature without a SharedKey") << request;
    request.sharedKey = QStringLiteral("fixture_shared_key_secret_ABCDEX");
    QTest::newRow("SharedKey signature with another SharedKey") << request;

    request = twilioJsonRequest();
    request.body.replace("Cliente Prueba", "Cliente Pruebo");
    QTest::newRow("JSON body does not match bodySHA256") << request;

    request = twilioJsonRequest();
    request.url = QStringLiteral("https://crm.example.com/twilio/events");
    QTest::newRow("JSON body without bodySHA256") << request;

    request = twilioJsonRequest();
    request.url += QStringLiteral("&bodySHA256=370321dd38d1a5f2542d0f9c7f41173775ac99295fe8b3753835ade8ee2f37bf");
    QTest::newRow("bodySHA256 given twice") << request;

    request = twilioJsonRequest();
    request.url.replace(QLatin1String("370321dd"), QLatin1String("370321DD"));
    QTest::newRow("bodySHA256 in uppercase hex") << request;

    // The signed URL carries a body hash, so a form body cannot replace the JSON one.
    request = twilioJsonRequest();
    request.contentType = FormContentType.toUtf8();
    request.body = "event=call.completed";
    QTest::newRow("signed JSON URL with a form body") << request;
}

void WebhookSignaturesTest::twilioRejects()
{
    QFETCH(TwilioRequest, request);

    QVERIFY(!verify(request));
}

void WebhookSignaturesTest::metaFixtureCase_data()
{
    QTest::addColumn<QString>("appSecret");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");

    for (const QJsonValue &value : m_metaCases.value(QLatin1String("cases")).toArray()) {
        const QJsonObject c = value.toObject();
        const QString name = c.value(QLatin1String("name")).toString();
        const QString secret = c.value(QLatin1String("appSecret")).toString();
        const QByteArray body = c.value(QLatin1String("rawBody")).toString().toUtf8();
        QCOMPARE(body.size(), c.value(QLatin1String("rawBodyByteLength")).toInteger());
        QTest::newRow(qPrintable(name)) << secret << body
                                        << c.value(QLatin1String("expectedXHubSignature256")).toString().toLatin1() << true;
        // The legacy X-Hub-Signature (HMAC-SHA1) of the same body is not a fallback.
        QTest::newRow(qPrintable(name + QLatin1String(" legacy sha1")))
            << secret << body << c.value(QLatin1String("expectedXHubSignature")).toString().toLatin1() << false;
    }
    for (const QJsonValue &value : m_metaCases.value(QLatin1String("negativeCases")).toArray()) {
        const QJsonObject c = value.toObject();
        QTest::newRow(qPrintable(c.value(QLatin1String("name")).toString()))
            << c.value(QLatin1String("appSecret")).toString() << c.value(QLatin1String("rawBody")).toString().toUtf8()
            << c.value(QLatin1String("signatureHeader")).toString().toLatin1()
            << c.value(QLatin1String("expectedValid")).toBool();
    }
}

void WebhookSignaturesTest::metaFixtureCase()
{
    QFETCH(QString, appSecret);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);

    QCOMPARE(WebhookSignatures::verifyMeta(appSecret, body, header), valid);
    if (valid)
        QCOMPARE(WebhookSignatures::metaSignature(appSecret, body), header.toLower());
}

void WebhookSignaturesTest::metaRejects_data()
{
    QTest::addColumn<QString>("appSecret");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("header");

    // empty_body in meta-whatsapp/signature-cases.json, altered one way per row.
    const QString secret = QStringLiteral("fixture_app_secret_0123456789abcdef");
    const QByteArray hex = "80f37b8ec4a1db05b8015215269cd84b5a0ac14e39128a44bd82e1d9f674fa0f";
    QVERIFY(WebhookSignatures::verifyMeta(secret, QByteArray(), "sha256=" + hex));

    QTest::newRow("missing header") << secret << QByteArray() << QByteArray();
    QTest::newRow("prefix alone") << secret << QByteArray() << QByteArray("sha256=");
    QTest::newRow("hex without prefix") << secret << QByteArray() << hex;
    QTest::newRow("sha1 prefix") << secret << QByteArray() << ("sha1=" + hex);
    QTest::newRow("one hex digit short") << secret << QByteArray() << ("sha256=" + hex.chopped(1));
    QTest::newRow("one hex digit long") << secret << QByteArray() << ("sha256=" + hex + '0');
    QTest::newRow("non-hex digit") << secret << QByteArray() << ("sha256=" + hex.chopped(1) + 'g');
    QTest::newRow("one hex digit changed") << secret << QByteArray() << ("sha256=" + hex.chopped(1) + 'e');
    QTest::newRow("body added") << secret << QByteArray("{}") << ("sha256=" + hex);
    QTest::newRow("no app secret configured") << QString() << QByteArray() << ("sha256=" + hex);
    QTest::newRow("wrong app secret") << QStringLiteral("fixture_app_secret_0123456789abcdeF") << QByteArray()
                                      << ("sha256=" + hex);
}

void WebhookSignaturesTest::metaRejects()
{
    QFETCH(QString, appSecret);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, header);

    QVERIFY(!WebhookSignatures::verifyMeta(appSecret, body, header));
}

void WebhookSignaturesTest::decodeForm_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<FormPairs>("expected");
    QTest::addColumn<bool>("ok");

    const auto pair = [](const char *name, const QString &value) { return qMakePair(QString::fromUtf8(name), value); };

    QTest::newRow("empty body") << QByteArray() << FormPairs() << true;
    QTest::newRow("plus is a space") << QByteArray("Name=Jos%C3%A9+Pe%C3%B1a")
                                     << FormPairs{pair("Name", QStringLiteral("José Peña"))} << true;
    QTest::newRow("escaped plus stays a plus")
        << QByteArray("From=%2B5117001234") << FormPairs{pair("From", QStringLiteral("+5117001234"))} << true;
    QTest::newRow("escaped name") << QByteArray("src%2Ename=app")
                                  << FormPairs{pair("src.name", QStringLiteral("app"))} << true;
    QTest::newRow("lowercase escape") << QByteArray("q=%c2%bf") << FormPairs{pair("q", QStringLiteral("¿"))} << true;
    QTest::newRow("repeated names keep order")
        << QByteArray("Tag=vip&CallSid=CA1&Tag=lima&Tag=vip")
        << FormPairs{pair("Tag", QStringLiteral("vip")), pair("CallSid", QStringLiteral("CA1")),
                     pair("Tag", QStringLiteral("lima")), pair("Tag", QStringLiteral("vip"))}
        << true;
    QTest::newRow("empty pair skipped") << QByteArray("a=1&&b=2")
                                        << FormPairs{pair("a", QStringLiteral("1")), pair("b", QStringLiteral("2"))} << true;
    QTest::newRow("trailing ampersand") << QByteArray("a=1&") << FormPairs{pair("a", QStringLiteral("1"))} << true;
    QTest::newRow("empty value") << QByteArray("CallerCity=&x=1")
                                 << FormPairs{pair("CallerCity", QString()), pair("x", QStringLiteral("1"))} << true;
    QTest::newRow("name without equals sign") << QByteArray("flag&x=1")
                                              << FormPairs{pair("flag", QString()), pair("x", QStringLiteral("1"))} << true;
    QTest::newRow("equals sign inside value") << QByteArray("expr=a=b")
                                              << FormPairs{pair("expr", QStringLiteral("a=b"))} << true;
    QTest::newRow("non-hex escape") << QByteArray("a=1&b=%G1") << FormPairs() << false;
    QTest::newRow("escape cut short") << QByteArray("a=1&b=%4") << FormPairs() << false;
    QTest::newRow("lone percent sign") << QByteArray("a=%") << FormPairs() << false;
    QTest::newRow("malformed escape in name") << QByteArray("%ZZ=1") << FormPairs() << false;
    QTest::newRow("escape that is not UTF-8") << QByteArray("a=%FF") << FormPairs() << false;
}

void WebhookSignaturesTest::decodeForm()
{
    QFETCH(QByteArray, body);
    QFETCH(FormPairs, expected);
    QFETCH(bool, ok);

    bool decodedOk = !ok;
    QCOMPARE(WebhookSignatures::decodeForm(body, &decodedOk), expected);
    QCOMPARE(decodedOk, ok);
}

QTEST_GUILESS_MAIN(WebhookSignaturesTest)
#include "tst_webhooksignatures.moc"
