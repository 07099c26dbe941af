// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// An attachment's way out, against a running ServiceHost on 127.0.0.1 and a fake Gupshup:
// the service queues the file, the outbox sends Gupshup the documented form with the
// file's public link, and GET /media/{token} serves the same bytes, type and length to
// whoever follows that link (HEAD too). Unknown and malformed tokens get the 404 of a
// missing route, and no log line names a token. server.publicUrl points at the test's
// own server, because plain http to 127.0.0.1 is allowed for tests.

#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "LogCapture.h"
#include "ServiceHarness.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "storage/Database.h"
#include "storage/SettingsRepository.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
constexpr qint64 FixtureTimestampMs = 1735740000000;
constexpr qint64 NowMs = FixtureTimestampMs + 60'000;
constexpr int ResponseTimeoutMs = 10000;

QByteArray pngBytes()
{
    QByteArray bytes("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16);
    for (int value = 0; value < 256; ++value)
        bytes.append(char(value));
    return bytes;
}

QByteArray pdfBytes()
{
    return QByteArray("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< >>\nendobj\n%%EOF\n");
}

} // namespace

class TestMediaRoute : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void imageSentAndServed();
    void documentSentAndServed();
    void headAnswersWithoutBody();
    void unknownTokensAreNotFound_data();
    void unknownTokensAreNotFound();
    void otherMethodsAreRefused();
    void availabilityFollowsPublicUrl();
    void refusedFileChangesNothing();

private:
    void setPublicUrl(const QString &url);
    // Queues the file written at `fileName` with `bytes`, through the service.
    Status sendFile(const QString &fileName, const QByteArray &bytes, const QString &caption);
    QString tableCounts();
    QVariant scalar(const QString &sql, const QVariantList &values = {});
    HttpResponse get(const QByteArray &method, const QString &path);
    QString mediaPathOfLastMessage();

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<HttpTestClient> m_http;
    qint64 m_conversationId = 0;
    int m_settingWrites = 0;
};

void TestMediaRoute::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestMediaRoute::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs);
    QVERIFY2(prepared.ok(), qPrintable(messageOf(prepared)));

    m_clock = std::make_shared<ManualClock>(NowMs);
    ServiceOptions options = m_harness->serviceOptions(m_clock);
    options.downloadMedia = false;
    options.mediaFolder = m_harness->filePath(QStringLiteral("media"));
    m_host = std::make_unique<ServiceHost>(options);
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(messageOf(started)));
    m_http = std::make_unique<HttpTestClient>(ResponseTimeoutMs);

    // The lead writes, which opens the 24-hour window.
    const HttpResponse webhook = m_http->request(m_host->port(), "POST", QStringLiteral("/api/webhooks/gupshup/") + WebhookToken,
                                                 fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json")));
    QCOMPARE(webhook.status, 200);
    QTRY_COMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM conversations")).toInt(), 1);
    m_conversationId = scalar(QStringLiteral("SELECT id FROM conversations")).toLongLong();
    setPublicUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_host->port()));
}

void TestMediaRoute::cleanup()
{
    m_http.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
    m_clock.reset();
}

void TestMediaRoute::setPublicUrl(const QString &url)
{
    // The service reloads settings when their latest updated_at changes, so each write
    // gets a later instant.
    ++m_settingWrites;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        QVERIFY(SettingsRepository(core.database())
                    .set(QStringLiteral("server.publicUrl"), url, NowMs + m_settingWrites)
                    .ok());
        core.reloadConfiguration();
    });
}

Status TestMediaRoute::sendFile(const QString &fileName, const QByteArray &bytes, const QString &caption)
{
    const QString path = m_harness->filePath(fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return makeError(ErrorKind::Internal, QStringLiteral("cannot write %1").arg(path));
    file.close();
    Status status;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        status = core.sendAttachment(Actor::commandLine(QStringLiteral("tester")), m_conversationId, path, caption);
    });
    return status;
}

QString TestMediaRoute::tableCounts()
{
    return scalar(QStringLiteral("SELECT (SELECT COUNT(*) FROM messages) || '/' || (SELECT COUNT(*) FROM outbound_messages) "
                                 "|| '/' || (SELECT COUNT(*) FROM outbound_media) || '/' || "
                                 "(SELECT COUNT(*) FROM audit_log)"))
        .toString();
}

QVariant TestMediaRoute::scalar(const QString &sql, const QVariantList &values)
{
    QVariant value;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        auto result = core.database().scalar(sql, values);
        if (result)
            value = *result;
    });
    return value;
}

HttpResponse TestMediaRoute::get(const QByteArray &method, const QString &path)
{
    return m_http->request(m_host->port(), method, path);
}

// The path of the newest message's public link, "/media/{token}".
QString TestMediaRoute::mediaPathOfLastMessage()
{
    const QString url = scalar(QStringLiteral("SELECT media_url FROM messages ORDER BY id DESC LIMIT 1")).toString();
    const QString prefix = QStringLiteral("http://127.0.0.1:%1").arg(m_host->port());
    return url.startsWith(prefix) ? url.mid(prefix.size()) : QString();
}

void TestMediaRoute::imageSentAndServed()
{
    LogCapture logs;
    const QByteArray bytes = pngBytes();

    const Status sent = sendFile(QStringLiteral("catalogo.png"), bytes, QStringLiteral("Plan Empresarial 2025"));

    QVERIFY2(sent.ok(), qPrintable(messageOf(sent)));
    const QString path = mediaPathOfLastMessage();
    QVERIFY2(QRegularExpression(QStringLiteral("^/media/[A-Za-z0-9_-]{43}$")).match(path).hasMatch(), qPrintable(path));
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(m_host->port()) + path;

    // Gupshup gets the image form of its documentation, field for field.
    QTRY_COMPARE(m_gupshup->sentMessages().size(), 1);
    const FakeGupshup::ReceivedForm &form = m_gupshup->receivedForms().first();
    QCOMPARE(form.request.path(), QByteArray("/wa/api/v1/msg"));
    const QStringList names{QStringLiteral("channel"), QStringLiteral("source"), QStringLiteral("destination"),
                            QStringLiteral("src.name"), QStringLiteral("message")};
    QCOMPARE(form.fields.size(), names.size());
    for (qsizetype i = 0; i < names.size(); ++i)
        QCOMPARE(form.fields.at(i).first, names.at(i));
    QCOMPARE(form.field(QStringLiteral("destination")), QStringLiteral("51999000111"));
    QCOMPARE(form.field(QStringLiteral("message")),
             QStringLiteral("{\"type\": \"image\", \"originalUrl\": \"%1\", \"previewUrl\": \"%1\", "
                            "\"caption\": \"Plan Empresarial 2025\"}")
                 .arg(url));
    QTRY_COMPARE(scalar(QStringLiteral("SELECT status FROM outbound_messages WHERE kind = 'image'")).toString(),
                 QStringLiteral("enqueued"));

    // A GET of the link returns the same bytes.
    const HttpResponse served = get("GET", path);
    QCOMPARE(served.status, 200);
    QCOMPARE(served.body, bytes);
    QCOMPARE(served.header("Content-Type"), QByteArray("image/png"));
    QCOMPARE(served.header("Content-Length"), QByteArray::number(bytes.size()));
    QCOMPARE(served.header("Content-Disposition"),
             QByteArray("inline; filename=\"catalogo.png\"; filename*=UTF-8''catalogo.png"));
    QCOMPARE(served.header("Cache-Control"), QByteArray("private, max-age=604800"));
    QCOMPARE(served.header("X-Content-Type-Options"), QByteArray("nosniff"));

    // The chat's thumbnail reads a local copy.
    const QString copyName = scalar(QStringLiteral("SELECT media_path FROM messages WHERE content_type = 'image'")).toString();
    QFile copy(m_harness->filePath(QStringLiteral("media/") + copyName));
    QVERIFY2(copy.open(QIODevice::ReadOnly), qPrintable(copy.fileName()));
    QCOMPARE(copy.readAll(), bytes);

    const QString token = path.section(QLatin1Char('/'), -1);
    for (const QString &line : logs.texts())
        QVERIFY2(!line.contains(token), qPrintable(line));
}

void TestMediaRoute::documentSentAndServed()
{
    const QByteArray bytes = pdfBytes();

    const Status sent = sendFile(QStringLiteral("Cotización 2025.pdf"), bytes, QString());

    QVERIFY2(sent.ok(), qPrintable(messageOf(sent)));
    const QString path = mediaPathOfLastMessage();
    QVERIFY(!path.isEmpty());
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(m_host->port()) + path;
    QTRY_COMPARE(m_gupshup->sentMessages().size(), 1);
    // Gupshup's documented form for a document; without a caption the key is left out.
    QCOMPARE(m_gupshup->receivedForms().first().field(QStringLiteral("message")),
             QStringLiteral("{\"type\": \"file\", \"url\": \"%1\", \"filename\": \"Cotización 2025.pdf\"}").arg(url));
    QCOMPARE(m_gupshup->sentMessages().first().fileName, QStringLiteral("Cotización 2025.pdf"));

    const HttpResponse served = get("GET", path);
    QCOMPARE(served.status, 200);
    QCOMPARE(served.body, bytes);
    QCOMPARE(served.header("Content-Type"), QByteArray("application/pdf"));
    QCOMPARE(served.header("Content-Length"), QByteArray::number(bytes.size()));
    // RFC 6266: an ASCII fallback, then the UTF-8 name percent-encoded (RFC 8187).
    QCOMPARE(served.header("Content-Disposition"),
             QByteArray("attachment; filename=\"Cotizaci_n 2025.pdf\"; filename*=UTF-8''Cotizaci%C3%B3n%202025.pdf"));
}

void TestMediaRoute::headAnswersWithoutBody()
{
    const QByteArray bytes = pngBytes();
    const Status sent = sendFile(QStringLiteral("catalogo.png"), bytes, QString());
    QVERIFY2(sent.ok(), qPrintable(messageOf(sent)));
    const QString path = mediaPathOfLastMessage();

    // QNetworkAccessManager::head() expects no body after the head, unlike a custom verb.
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply *reply = network.head(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_host->port()).arg(path))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(ResponseTimeoutMs));

    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArray("image/png"));
    QCOMPARE(reply->rawHeader("Content-Length"), QByteArray::number(bytes.size()));
    QCOMPARE(reply->rawHeader("Cache-Control"), QByteArray("private, max-age=604800"));
    QVERIFY(reply->readAll().isEmpty());
    reply->deleteLater();

    // The connection stays usable: the next request gets its own response.
    QCOMPARE(get("GET", path).body, bytes);
}

void TestMediaRoute::unknownTokensAreNotFound_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("well-formed, unknown") << QStringLiteral("/media/") + QString(43, QLatin1Char('A'));
    QTest::newRow("too short") << QStringLiteral("/media/abc");
    QTest::newRow("characters outside base64url") << QStringLiteral("/media/") + QString(42, QLatin1Char('A')) + QLatin1Char('!');
}

void TestMediaRoute::unknownTokensAreNotFound()
{
    QFETCH(QString, path);
    const Status sent = sendFile(QStringLiteral("catalogo.png"), pngBytes(), QString());
    QVERIFY2(sent.ok(), qPrintable(messageOf(sent)));

    const HttpResponse response = get("GET", path);

    const QString problem = errorShapeProblem(response, 404, QStringLiteral("not_found"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestMediaRoute::otherMethodsAreRefused()
{
    const HttpResponse response = m_http->request(m_host->port(), "POST", QStringLiteral("/media/") + QString(43, QLatin1Char('A')),
                                                  QByteArrayLiteral("{}"));

    const QString problem = errorShapeProblem(response, 405, QStringLiteral("method_not_allowed"));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(response.header("Allow"), QByteArray("GET, HEAD"));
}

void TestMediaRoute::availabilityFollowsPublicUrl()
{
    Status withUrl;
    m_host->runOnServiceThread([&](ServiceCore &core) { withUrl = core.attachmentsAvailable(); });
    setPublicUrl(QString());
    Status withoutUrl;
    m_host->runOnServiceThread([&](ServiceCore &core) { withoutUrl = core.attachmentsAvailable(); });

    QVERIFY2(withUrl.ok(), qPrintable(messageOf(withUrl)));
    QVERIFY(!withoutUrl.ok());
    QCOMPARE(int(withoutUrl.error().kind), int(ErrorKind::Forbidden));
    QVERIFY2(withoutUrl.error().message.contains(QStringLiteral("administrator")), qPrintable(withoutUrl.error().message));
}

void TestMediaRoute::refusedFileChangesNothing()
{
    const QString before = tableCounts();

    const Status wrongType = sendFile(QStringLiteral("foto.jpg"), pdfBytes(), QString());
    setPublicUrl(QString());
    const Status noPublicUrl = sendFile(QStringLiteral("catalogo.png"), pngBytes(), QString());

    QVERIFY(!wrongType.ok());
    QCOMPARE(int(wrongType.error().kind), int(ErrorKind::InvalidArgument));
    QVERIFY(!noPublicUrl.ok());
    QCOMPARE(int(noPublicUrl.error().kind), int(ErrorKind::Forbidden));
    QCOMPARE(tableCounts(), before);
    QTest::qWait(200);
    QVERIFY(m_gupshup->receivedForms().isEmpty());
}

QTEST_GUILESS_MAIN(TestMediaRoute)
#include "tst_mediaroute.moc"
