// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The chat pane's delivery ticks, the Retry of a failed message, media in bubbles and day
// separators, against a real service on 127.0.0.1 and a fake Gupshup. A lead arrives by
// webhook. Each case then writes its messages straight into the service's database
// before the chat view opens the conversation, so it controls exactly what the view reads.

#include "AccountsTestSupport.h"
#include "ChatView.h"
#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "Session.h"
#include "core/Clock.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QtEndian>

#include <memory>
#include <optional>

using namespace Prospecta;
using Prospecta::Testing::FakeGupshup;
using Prospecta::Testing::HttpTestClient;
using Prospecta::Testing::ServiceHarness;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
constexpr qint64 FixtureTimestampMs = 1735740000000;
constexpr qint64 NowMs = FixtureTimestampMs + 60'000;
constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (const char byte : data) {
        crc ^= quint8(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// A PNG signature and header chunk declaring a `width` × `height` RGBA image, with no
// pixel data: a few bytes that would ask for gigabytes if decoded.
QByteArray pngHeaderOnly(quint32 width, quint32 height)
{
    QByteArray chunk("IHDR");
    char number[4];
    qToBigEndian(width, number);
    chunk.append(number, 4);
    qToBigEndian(height, number);
    chunk.append(number, 4);
    chunk.append("\x08\x06\x00\x00\x00", 5); // 8 bits, RGBA, deflate, no filter, no interlace
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    qToBigEndian(quint32(13), number);
    png.append(number, 4);
    png.append(chunk);
    qToBigEndian(crc32(chunk), number);
    png.append(number, 4);
    // An empty IDAT and the IEND, so that the header is read to its end and the reader
    // reports the declared size.
    for (const QByteArray &empty : {QByteArray("IDAT"), QByteArray("IEND")}) {
        qToBigEndian(quint32(0), number);
        png.append(number, 4);
        png.append(empty);
        qToBigEndian(crc32(empty), number);
        png.append(number, 4);
    }
    return png;
}

struct Stored
{
    QString sender = QStringLiteral("lead");
    QString contentType = QStringLiteral("text");
    QString content;
    qint64 createdMs = NowMs;
    QString mediaUrl;
    QString mediaState;
    QString mediaPath;
    QString mediaError;
    QString outboxStatus; // empty: no outbox entry
    QString lastError;
};

} // namespace

class ChatMediaTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void deliveryTicks_data();
    void deliveryTicks();
    void failedMessageRetrySendsAgain();
    void retryRejectsDeliveredMessage();
    void downloadedImageShowsThumbnail();
    void undecodableImagesShowLink_data();
    void undecodableImagesShowLink();
    void mediaStates_data();
    void mediaStates();
    void daySeparatorsBetweenDays();

private:
    qint64 store(const Stored &stored);
    void openChat();
    QString transcriptText() const;
    QString transcriptHtml() const;

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<SnapshotReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ChatView> m_chat;
    QString m_mediaFolder;
    LeadRow m_leadRow;
    qint64 m_conversationId = 0;
    HttpTestClient m_http{10000};
};

void ChatMediaTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void ChatMediaTest::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, FixtureTimestampMs);
    QVERIFY2(prepared.ok(), qPrintable(Testing::messageOf(prepared)));

    m_mediaFolder = m_harness->filePath(QStringLiteral("media"));
    QVERIFY(QDir().mkpath(m_mediaFolder));
    ServiceOptions options = m_harness->serviceOptions(std::make_shared<ManualClock>(NowMs));
    options.mediaFolder = m_mediaFolder;
    options.downloadMedia = false;
    m_host = std::make_unique<ServiceHost>(options);
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(Testing::messageOf(started)));

    m_reader = std::make_unique<SnapshotReader>(m_harness->location());
    m_reader->start();
    const auto adminId = Testing::createFirstAdmin(*m_host, QStringLiteral("Ana Admin"), QStringLiteral("ana@example.com"),
                                                   QStringLiteral("correct horse battery"));
    QVERIFY2(adminId.ok(), qPrintable(Testing::messageOf(adminId)));
    const auto admin = Testing::resolve(*m_host, *adminId);
    QVERIFY2(admin.ok(), qPrintable(Testing::messageOf(admin)));
    m_session = std::make_unique<Session>(*admin);

    // The lead and its conversation come in the way they do in production.
    const auto answer = m_http.request(m_host->port(), "POST", QStringLiteral("/api/webhooks/gupshup/") + WebhookToken,
                                       Testing::fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json")));
    QCOMPARE(answer.status, 200);
    auto findConversation = [this] {
        m_host->runOnServiceThread([this](ServiceCore &core) {
            auto query = core.database().exec(QStringLiteral(
                "SELECT c.id, l.id, l.name, l.phone FROM conversations c JOIN leads l ON l.id = c.lead_id"));
            if (query && query->next()) {
                m_conversationId = query->value(0).toLongLong();
                m_leadRow.lead.id = query->value(1).toLongLong();
                m_leadRow.lead.name = query->value(2).toString();
                m_leadRow.lead.phone = query->value(3).toString();
            }
        });
        return m_conversationId != 0;
    };
    QTRY_VERIFY(findConversation());
    // Only the messages each case stores are shown.
    bool cleared = false;
    m_host->runOnServiceThread([this, &cleared](ServiceCore &core) {
        cleared = core.database()
                      .update(QStringLiteral("DELETE FROM messages WHERE conversation_id = ?"), {m_conversationId})
                      .ok();
    });
    QVERIFY(cleared);
}

void ChatMediaTest::cleanup()
{
    m_chat.reset();
    m_session.reset();
    m_reader.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
    m_conversationId = 0;
    m_leadRow = LeadRow{};
}

qint64 ChatMediaTest::store(const Stored &stored)
{
    qint64 messageId = 0;
    m_host->runOnServiceThread([&](ServiceCore &core) {
        const Database &database = core.database();
        Message message;
        message.conversationId = m_conversationId;
        message.sender = fromString<SenderKind>(stored.sender).value_or(SenderKind::System);
        message.userId = message.sender == SenderKind::Human ? m_session->userId() : 0;
        message.contentType = stored.contentType;
        message.content = stored.content;
        message.createdMs = stored.createdMs;
        message.mediaUrl = stored.mediaUrl;
        auto inserted = MessageRepository(database).insert(message);
        if (!inserted)
            return;
        messageId = *inserted;
        auto media = database.update(
            QStringLiteral("UPDATE messages SET media_state = ?, media_path = ?, media_error = ? WHERE id = ?"),
            {stored.mediaState, stored.mediaPath, stored.mediaError, messageId});
        if (!media)
            messageId = 0;
        if (messageId != 0 && !stored.outboxStatus.isEmpty()) {
            auto outbound = database.update(
                QStringLiteral("INSERT INTO outbound_messages (message_id, conversation_id, provider, destination, "
                               "body, status, attempts, next_attempt_at, last_error, created_at, updated_at) "
                               "VALUES (?, ?, 'gupshup', '51999000111', ?, ?, 3, ?, ?, ?, ?)"),
                {messageId, m_conversationId, stored.content, stored.outboxStatus, stored.createdMs, stored.lastError,
                 stored.createdMs, stored.createdMs});
            if (!outbound)
                messageId = 0;
        }
    });
    return messageId;
}

void ChatMediaTest::openChat()
{
    m_chat = std::make_unique<ChatView>(m_reader.get(), m_host.get(), m_session.get());
    m_chat->resize(600, 800);
    m_chat->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_chat.get()));
    m_chat->showLead(m_leadRow);
    QTRY_VERIFY(m_chat->conversation().id == m_conversationId);
}

QString ChatMediaTest::transcriptText() const
{
    const auto *transcript = m_chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    return transcript ? transcript->toPlainText() : QString();
}

QString ChatMediaTest::transcriptHtml() const
{
    const auto *transcript = m_chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    return transcript ? transcript->toHtml() : QString();
}

void ChatMediaTest::deliveryTicks_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("tick");
    QTest::addColumn<bool>("blue");

    QTest::newRow("queued") << QStringLiteral("queued") << QString::fromUtf8("🕓") << false;
    QTest::newRow("enqueued") << QStringLiteral("enqueued") << QString::fromUtf8("🕓") << false;
    QTest::newRow("sent") << QStringLiteral("sent") << QString::fromUtf8("✓") << false;
    QTest::newRow("delivered") << QStringLiteral("delivered") << QString::fromUtf8("✓✓") << false;
    QTest::newRow("read") << QStringLiteral("read") << QString::fromUtf8("✓✓") << true;
}

void ChatMediaTest::deliveryTicks()
{
    QFETCH(QString, status);
    QFETCH(QString, tick);
    QFETCH(bool, blue);

    // The outbox would send a queued message at once, so the entry's next attempt (its
    // creation time here) lies a day after the service clock's now.
    Stored message;
    message.sender = QStringLiteral("human");
    message.content = QStringLiteral("Hola, le escribo por su consulta");
    message.outboxStatus = status;
    message.createdMs = NowMs + DayMs;
    QVERIFY(store(message) != 0);
    openChat();

    QTRY_VERIFY2(transcriptText().contains(message.content), qPrintable(transcriptText()));
    const QString text = transcriptText();
    QVERIFY2(text.contains(tick), qPrintable(text));
    if (tick == QString::fromUtf8("✓"))
        QVERIFY2(!text.contains(QString::fromUtf8("✓✓")), qPrintable(text));
    QVERIFY(!text.contains(QString::fromUtf8("⚠")));
    QVERIFY(!text.contains(QStringLiteral("Retry")));
    QCOMPARE(transcriptHtml().contains(QStringLiteral("#1d9bf0")), blue);
}

void ChatMediaTest::failedMessageRetrySendsAgain()
{
    Stored message;
    message.sender = QStringLiteral("human");
    message.content = QStringLiteral("Le envío la cotización");
    message.outboxStatus = QStringLiteral("failed");
    message.lastError = QStringLiteral("Invalid Destination");
    const qint64 messageId = store(message);
    QVERIFY(messageId != 0);
    openChat();

    QTRY_VERIFY2(transcriptText().contains(QStringLiteral("Invalid Destination")), qPrintable(transcriptText()));
    QVERIFY(transcriptText().contains(QString::fromUtf8("⚠")));
    QVERIFY(transcriptText().contains(QStringLiteral("Retry")));
    QVERIFY(m_gupshup->sentMessages().isEmpty());

    // The Retry link, as a click on it reports it.
    const QString html = transcriptHtml();
    const QString retryHref = QStringLiteral("prospecta-retry:%1").arg(messageId);
    QVERIFY2(html.contains(retryHref), qPrintable(html));
    auto *transcript = m_chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    emit transcript->anchorClicked(QUrl(retryHref));

    QTRY_COMPARE(m_gupshup->sentMessages().size(), 1);
    QCOMPARE(m_gupshup->sentMessages().first().text, message.content);
    QTRY_VERIFY2(!transcriptText().contains(QStringLiteral("Invalid Destination")), qPrintable(transcriptText()));
    QVERIFY(!transcriptText().contains(QStringLiteral("Retry")));

    int attempts = -1;
    QString lastError = QStringLiteral("<unread>");
    m_host->runOnServiceThread([&](ServiceCore &core) {
        auto query = core.database().exec(
            QStringLiteral("SELECT attempts, last_error FROM outbound_messages WHERE message_id = ?"), {messageId});
        if (query && query->next()) {
            attempts = query->value(0).toInt();
            lastError = query->value(1).toString();
        }
    });
    QCOMPARE(attempts, 1); // reset, then the one new attempt
    QCOMPARE(lastError, QString());
}

void ChatMediaTest::retryRejectsDeliveredMessage()
{
    Stored message;
    message.sender = QStringLiteral("human");
    message.content = QStringLiteral("Ya le llegó");
    message.outboxStatus = QStringLiteral("delivered");
    const qint64 messageId = store(message);
    QVERIFY(messageId != 0);

    Status status = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    const Actor actor = m_session->actor();
    m_host->runOnServiceThread([&](ServiceCore &core) { status = core.retryMessage(actor, messageId); });
    QVERIFY(!status.ok());
    QCOMPARE(status.error().kind, ErrorKind::Conflict);
    QVERIFY2(status.error().message.contains(QStringLiteral("failed")), qPrintable(status.error().message));
    QTest::qWait(200);
    QVERIFY(m_gupshup->sentMessages().isEmpty());
}

void ChatMediaTest::downloadedImageShowsThumbnail()
{
    QImage image(600, 300, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(QDir(m_mediaFolder).filePath(QStringLiteral("photo.png"))));

    Stored message;
    message.contentType = QStringLiteral("image");
    message.content = QStringLiteral("Mire esta foto");
    message.mediaUrl = QStringLiteral("https://filemanager.gupshup.io/photo.png");
    message.mediaState = QStringLiteral("downloaded");
    message.mediaPath = QStringLiteral("photo.png");
    const qint64 messageId = store(message);
    QVERIFY(messageId != 0);
    openChat();

    QTRY_VERIFY2(transcriptHtml().contains(QStringLiteral("<img")), qPrintable(transcriptHtml()));
    auto *transcript = m_chat->findChild<QTextBrowser *>(QStringLiteral("chatTranscript"));
    const QVariant resource = transcript->document()->resource(
        QTextDocument::ImageResource, QUrl(QStringLiteral("prospecta-thumbnail:%1").arg(messageId)));
    const QImage thumbnail = resource.value<QImage>();
    QVERIFY(!thumbnail.isNull());
    QCOMPARE(thumbnail.size(), QSize(240, 120));
    QVERIFY(!transcriptText().contains(QStringLiteral("Open attachment")));
}

void ChatMediaTest::undecodableImagesShowLink_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("declared"); // the size the reader must see and refuse

    QTest::newRow("not an image") << QByteArray("this is not a picture at all") << QStringLiteral("QSize(-1, -1)");
    QTest::newRow("20000x20000 declared") << pngHeaderOnly(20000, 20000) << QStringLiteral("QSize(20000, 20000)");
}

void ChatMediaTest::undecodableImagesShowLink()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, declared);
    // The view refuses the file on its declared size, before any pixel is decoded.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^Not decoding the image of message \\d+ declared as ")
                                            + QRegularExpression::escape(declared) + QLatin1Char('$')));
    QFile file(QDir(m_mediaFolder).filePath(QStringLiteral("broken.png")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();

    Stored message;
    message.contentType = QStringLiteral("image");
    message.content = QStringLiteral("Foto");
    message.mediaUrl = QStringLiteral("https://filemanager.gupshup.io/broken.png");
    message.mediaState = QStringLiteral("downloaded");
    message.mediaPath = QStringLiteral("broken.png");
    QVERIFY(store(message) != 0);
    openChat();

    QTRY_VERIFY2(transcriptText().contains(QStringLiteral("Open attachment")), qPrintable(transcriptText()));
    // The link leads to the downloaded file, not to the provider's expiring URL. The chat
    // learns the media folder from the service thread, possibly after its first render.
    const QString localUrl = QUrl::fromLocalFile(file.fileName()).toString();
    QTRY_VERIFY2(transcriptHtml().contains(localUrl), qPrintable(transcriptHtml()));
    QVERIFY2(!transcriptHtml().contains(QStringLiteral("<img")), qPrintable(transcriptHtml()));
}

void ChatMediaTest::mediaStates_data()
{
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("linkTarget");

    QTest::newRow("pending image") << QStringLiteral("image") << QStringLiteral("pending") << QString()
                                   << QString::fromUtf8("Downloading…") << QString();
    QTest::newRow("failed document") << QStringLiteral("file") << QStringLiteral("failed")
                                     << QStringLiteral("the file is larger than 16 MB")
                                     << QStringLiteral("the file is larger than 16 MB") << QString();
    QTest::newRow("document not downloaded")
        << QStringLiteral("file") << QString() << QString() << QStringLiteral("Open attachment")
        << QStringLiteral("https://filemanager.gupshup.io/doc.pdf");
    QTest::newRow("downloaded audio") << QStringLiteral("audio") << QStringLiteral("downloaded") << QString()
                                      << QStringLiteral("Open attachment") << QStringLiteral("file://");
}

void ChatMediaTest::mediaStates()
{
    QFETCH(QString, contentType);
    QFETCH(QString, state);
    QFETCH(QString, error);
    QFETCH(QString, shown);
    QFETCH(QString, linkTarget);

    QFile file(QDir(m_mediaFolder).filePath(QStringLiteral("doc.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("data");
    file.close();

    Stored message;
    message.contentType = contentType;
    message.content = QStringLiteral("Adjunto");
    message.mediaUrl = QStringLiteral("https://filemanager.gupshup.io/doc.pdf");
    message.mediaState = state;
    message.mediaPath = state == QLatin1String("downloaded") ? QStringLiteral("doc.bin") : QString();
    message.mediaError = error;
    QVERIFY(store(message) != 0);
    openChat();

    QTRY_VERIFY2(transcriptText().contains(shown), qPrintable(transcriptText()));
    // A local link needs the media folder, which may arrive after the first render.
    if (linkTarget.isEmpty())
        QVERIFY2(!transcriptHtml().contains(QStringLiteral("href")), qPrintable(transcriptHtml()));
    else
        QTRY_VERIFY2(transcriptHtml().contains(QStringLiteral("href=\"") + linkTarget), qPrintable(transcriptHtml()));
}

void ChatMediaTest::daySeparatorsBetweenDays()
{
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(NowMs - 2 * DayMs).toLocalTime();
    Stored older;
    older.content = QStringLiteral("primer mensaje");
    older.createdMs = first.toMSecsSinceEpoch();
    QVERIFY(store(older) != 0);
    Stored sameDay = older;
    sameDay.content = QStringLiteral("segundo mensaje");
    sameDay.createdMs = older.createdMs + 1000;
    QVERIFY(store(sameDay) != 0);
    Stored later;
    later.content = QStringLiteral("tercer mensaje");
    later.createdMs = NowMs;
    QVERIFY(store(later) != 0);
    openChat();

    QTRY_VERIFY2(transcriptText().contains(later.content), qPrintable(transcriptText()));
    const QString text = transcriptText();
    const QString firstDay = QLocale().toString(first.date(), QLocale::LongFormat);
    const QString lastDay =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(NowMs).toLocalTime().date(), QLocale::LongFormat);
    QCOMPARE(text.count(firstDay), 1);
    QCOMPARE(text.count(lastDay), 1);
    QVERIFY(text.indexOf(firstDay) < text.indexOf(older.content));
    QVERIFY(text.indexOf(sameDay.content) < text.indexOf(lastDay));
    QVERIFY(text.indexOf(lastDay) < text.indexOf(later.content));
}

QTEST_MAIN(ChatMediaTest)
#include "tst_chatmedia.moc"
