// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Inbound media is downloaded while the provider's link still works, over https or plain
// http from this computer only. Size and content type are checked, and the file is stored
// under a name of our own. Transient failures are retried; the others are given up with
// the reason on the message.

#include "FakeHttpServer.h"
#include "core/Clock.h"
#include "jobs/MediaDownloader.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/MediaRepository.h"
#include "storage/Migrations.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

constexpr qint64 startMs = 1767225600000;

const QByteArray pngBytes = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

FakeResponse fileResponse(int status, const QByteArray &contentType, const QByteArray &body)
{
    FakeResponse response;
    response.status = status;
    response.headers = {{"Content-Type", contentType}};
    response.body = body;
    return response;
}

} // namespace

class MediaDownloadTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void urlRule_data();
    void urlRule();
    void contentTypeRule_data();
    void contentTypeRule();

    void imageIsDownloadedUnderOwnName();
    void documentKeepsItsType();
    void refusals_data();
    void refusals();
    void serverErrorIsRetried();
    void linkFromAnotherHostIsNeverFetched();
    void redirectIsFollowedOnlyWhenAllowed();

private:
    qint64 addMediaMessage(const QString &url, const QString &kind);
    QString stateOf(qint64 messageId, QString *path = nullptr, QString *error = nullptr) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<MediaDownloader> m_downloader;
    qint64 m_conversationId = 0;
    int m_serial = 0;
};

void MediaDownloadTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void MediaDownloadTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    DatabaseLocation location;
    location.filePath = m_dir->filePath(QStringLiteral("media.db"));
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(location, QStringLiteral("tst_media_%1").arg(++m_serial)));
    QVERIFY(Migrations::apply(*m_db, startMs));
    m_clock = std::make_unique<ManualClock>(startMs);

    Lead lead;
    lead.phone = QStringLiteral("+51999000111");
    lead.phoneKey = lead.phone;
    auto leadId = LeadRepository(*m_db).create(lead, startMs);
    QVERIFY(leadId);
    Conversation conversation;
    conversation.leadId = *leadId;
    conversation.providerAddress = QStringLiteral("51999000111");
    auto conversationId = ConversationRepository(*m_db).create(conversation, startMs);
    QVERIFY(conversationId);
    m_conversationId = *conversationId;

    m_server = std::make_unique<FakeHttpServer>();
    QVERIFY(m_server->start());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
    const ServiceContext context{*m_db, *m_clock, [] { return SettingsSnapshot(); },
                                 [](Provider) { return IntegrationValues(); }};
    m_downloader = std::make_unique<MediaDownloader>(context, m_network.get(), m_dir->filePath(QStringLiteral("media")));
    m_downloader->setBackoffBaseMs(1000);
}

void MediaDownloadTest::cleanup()
{
    m_downloader.reset();
    m_network.reset();
    m_server.reset();
    m_db.reset();
    m_dir.reset();
}

qint64 MediaDownloadTest::addMediaMessage(const QString &url, const QString &kind)
{
    Message message;
    message.conversationId = m_conversationId;
    message.sender = SenderKind::Lead;
    message.contentType = kind;
    message.mediaUrl = url;
    message.createdMs = m_clock->nowMs();
    auto id = MessageRepository(*m_db).insert(message);
    return id ? *id : 0;
}

QString MediaDownloadTest::stateOf(qint64 messageId, QString *path, QString *error) const
{
    auto message = MessageRepository(*m_db).findById(messageId);
    if (!message || !*message)
        return QStringLiteral("(missing)");
    if (path)
        *path = (*message)->mediaPath;
    if (error)
        *error = (*message)->mediaError;
    return (*message)->mediaState;
}

void MediaDownloadTest::urlRule_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https") << QStringLiteral("https://filemanager.gupshup.io/wa/abc/image.jpg") << true;
    QTest::newRow("http from loopback") << QStringLiteral("http://127.0.0.1:8080/x.jpg") << true;
    QTest::newRow("http from localhost") << QStringLiteral("http://localhost/x.jpg") << true;
    QTest::newRow("http from ::1") << QStringLiteral("http://[::1]:9/x.jpg") << true;
    QTest::newRow("http from elsewhere") << QStringLiteral("http://example.com/x.jpg") << false;
    QTest::newRow("http to a private address") << QStringLiteral("http://10.0.0.5/x.jpg") << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/x.jpg") << false;
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
    QTest::newRow("no host") << QStringLiteral("https:///x.jpg") << false;
    QTest::newRow("garbage") << QStringLiteral("not a url") << false;
}

void MediaDownloadTest::urlRule()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    QCOMPARE(MediaDownloader::urlProblem(QUrl(url)).isEmpty(), allowed);
}

void MediaDownloadTest::contentTypeRule_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("fits");
    QTest::newRow("jpeg image") << QStringLiteral("image") << QByteArray("image/jpeg") << true;
    QTest::newRow("webp sticker") << QStringLiteral("sticker") << QByteArray("image/webp") << true;
    QTest::newRow("ogg voice note") << QStringLiteral("audio") << QByteArray("audio/ogg; codecs=opus") << true;
    QTest::newRow("mp4 video") << QStringLiteral("video") << QByteArray("video/mp4") << true;
    QTest::newRow("pdf document") << QStringLiteral("file") << QByteArray("application/pdf") << true;
    QTest::newRow("html as image") << QStringLiteral("image") << QByteArray("text/html; charset=utf-8") << false;
    QTest::newRow("html as document") << QStringLiteral("file") << QByteArray("text/html") << false;
    QTest::newRow("pdf as image") << QStringLiteral("image") << QByteArray("application/pdf") << false;
    QTest::newRow("no type") << QStringLiteral("image") << QByteArray() << false;
}

void MediaDownloadTest::contentTypeRule()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, fits);
    QCOMPARE(MediaDownloader::contentTypeFits(kind, contentType), fits);
}

void MediaDownloadTest::imageIsDownloadedUnderOwnName()
{
    m_server->enqueue(fileResponse(200, "image/png", pngBytes));
    const QString url = m_server->baseUrl().toString() + QStringLiteral("/files/../../etc/evil name.png?sig=abc");
    const qint64 id = addMediaMessage(url, QStringLiteral("image"));
    QCOMPARE(stateOf(id), QStringLiteral("pending"));

    m_downloader->wake();
    QTRY_COMPARE(stateOf(id), QStringLiteral("downloaded"));
    QString path;
    stateOf(id, &path);
    // Our own name in the media folder, whatever the link contains.
    QVERIFY2(QRegularExpression(QStringLiteral("^%1-[0-9a-f]{16}\\.png$").arg(id)).match(path).hasMatch(), qPrintable(path));
    QFile file(QDir(m_downloader->mediaFolder()).filePath(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), pngBytes);
    QCOMPARE(m_server->requests().size(), 1);
}

void MediaDownloadTest::documentKeepsItsType()
{
    m_server->enqueue(fileResponse(200, "application/pdf", QByteArrayLiteral("%PDF-1.4\n%fake\n")));
    const qint64 id = addMediaMessage(m_server->baseUrl().toString() + QStringLiteral("/doc"), QStringLiteral("file"));
    m_downloader->wake();
    QTRY_COMPARE(stateOf(id), QStringLiteral("downloaded"));
    QString path;
    stateOf(id, &path);
    QVERIFY2(path.endsWith(QLatin1String(".pdf")), qPrintable(path));
}

void MediaDownloadTest::refusals_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    QTest::newRow("expired link") << 404 << QByteArray("application/json") << QByteArray("{}") << QStringLiteral("404");
    QTest::newRow("forbidden") << 403 << QByteArray("text/plain") << QByteArray("no") << QStringLiteral("403");
    QTest::newRow("login page instead of image") << 200 << QByteArray("text/html") << QByteArray("<html></html>")
                                                 << QStringLiteral("text/html");
    QTest::newRow("too large") << 200 << QByteArray("image/png") << QByteArray(3000, 'x') << QStringLiteral("larger");
    QTest::newRow("empty") << 200 << QByteArray("image/png") << QByteArray() << QStringLiteral("empty");
}

void MediaDownloadTest::refusals()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);

    m_downloader->setMaxBytes(2048);
    m_server->setHandler([=](const RecordedRequest &) { return fileResponse(status, contentType, body); });
    const qint64 id = addMediaMessage(m_server->baseUrl().toString() + QStringLiteral("/m"), QStringLiteral("image"));
    m_downloader->wake();
    QTRY_COMPARE(stateOf(id), QStringLiteral("failed"));
    QString error;
    QString path;
    stateOf(id, &path, &error);
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(path.isEmpty());
    // Given up for good: a later wake sends the server no request.
    const qsizetype requests = m_server->requests().size();
    m_clock->advance(24LL * 60 * 60 * 1000);
    m_downloader->wake();
    QTest::qWait(100);
    QCOMPARE(m_server->requests().size(), requests);
    QVERIFY(!QDir(m_downloader->mediaFolder()).exists() || QDir(m_downloader->mediaFolder()).isEmpty());
}

void MediaDownloadTest::serverErrorIsRetried()
{
    m_server->enqueue(fileResponse(503, "text/plain", "busy"));
    m_server->enqueue(fileResponse(200, "image/png", pngBytes));
    const qint64 id = addMediaMessage(m_server->baseUrl().toString() + QStringLiteral("/retry"), QStringLiteral("image"));
    m_downloader->wake();
    QTRY_COMPARE(m_server->requests().size(), 1);
    QString error;
    QTRY_VERIFY(!(stateOf(id, nullptr, &error), error).isEmpty());
    QCOMPARE(stateOf(id), QStringLiteral("pending"));
    QVERIFY2(error.contains(QStringLiteral("503")), qPrintable(error));

    // Not before its time, then at it.
    m_downloader->wake();
    QTest::qWait(100);
    QCOMPARE(m_server->requests().size(), 1);
    m_clock->advance(1000);
    m_downloader->wake();
    QTRY_COMPARE(stateOf(id), QStringLiteral("downloaded"));
    QCOMPARE(m_server->requests().size(), 2);
}

void MediaDownloadTest::linkFromAnotherHostIsNeverFetched()
{
    const qint64 id = addMediaMessage(QStringLiteral("http://example.com/a.jpg"), QStringLiteral("image"));
    m_downloader->wake();
    QTRY_COMPARE(stateOf(id), QStringLiteral("failed"));
    QString error;
    stateOf(id, nullptr, &error);
    QVERIFY2(error.contains(QStringLiteral("https")), qPrintable(error));
}

void MediaDownloadTest::redirectIsFollowedOnlyWhenAllowed()
{
    const QByteArray base = m_server->baseUrl().toString().toLatin1();
    m_server->setHandler([base](const RecordedRequest &request) {
        FakeResponse response;
        if (request.path() == "/allowed") {
            response.status = 302;
            response.headers = {{"Location", base + "/final"}};
        } else if (request.path() == "/outside") {
            response.status = 302;
            response.headers = {{"Location", "http://example.com/stolen.png"}};
        } else {
            response = fileResponse(200, "image/png", pngBytes);
        }
        return response;
    });
    const qint64 allowed = addMediaMessage(QString::fromLatin1(base) + QStringLiteral("/allowed"), QStringLiteral("image"));
    const qint64 outside = addMediaMessage(QString::fromLatin1(base) + QStringLiteral("/outside"), QStringLiteral("image"));
    m_downloader->wake();
    QTRY_COMPARE(stateOf(allowed), QStringLiteral("downloaded"));
    QTRY_COMPARE(stateOf(outside), QStringLiteral("failed"));
    QString error;
    stateOf(outside, nullptr, &error);
    QVERIFY2(error.contains(QStringLiteral("redirected")), qPrintable(error));
}

QTEST_GUILESS_MAIN(MediaDownloadTest)
#include "tst_mediadownload.moc"
