// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Attachments in the core, on SQLite and PostgreSQL: which files AttachmentRules accepts
// and why it rejects the others, the public URL they need, and ComposerService queuing
// one: its bytes in outbound_media, its message and outbox rows, the local copy for the
// chat. Every refused attachment leaves the tables and the media folder as they were.
//
// SQLite uses a new file for every test. PostgreSQL uses a database of this suite's own,
// created from PROSPECTA_TEST_PG_URL and dropped at the end, because other suites reset
// the shared test database. Without the variable the postgresql rows are skipped, or
// fail when PROSPECTA_REQUIRE_PG=1 is set.

#include "SchemaRollback.h"
#include "core/Clock.h"
#include "operations/AttachmentRules.h"
#include "operations/ComposerService.h"
#include "operations/LeadDesk.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseCopier.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/OutboundMediaRepository.h"
#include "storage/OutboxRepository.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Prospecta;

namespace {

constexpr qint64 startMs = 1767225600000; // 2026-01-01T00:00:00Z
constexpr qint64 hourMs = 60LL * 60 * 1000;
const QString PublicUrl = QStringLiteral("https://tunnel.example");

QString describe(const Error &error)
{
    return QStringLiteral("kind %1: %2").arg(int(error.kind)).arg(error.message);
}

QByteArray utf16le(const char *text)
{
    QByteArray encoded;
    for (const char *c = text; *c; ++c) {
        encoded.append(*c);
        encoded.append('\0');
    }
    return encoded;
}

// The first bytes of each format, enough for AttachmentRules, which reads signatures
// and, in containers, the names of streams and parts.
QByteArray jpegBytes()
{
    return QByteArray("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01", 13) + QByteArray(64, '\x42');
}

QByteArray pngBytes(qsizetype size = 96)
{
    QByteArray bytes("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16);
    bytes.append(QByteArray(std::max<qsizetype>(0, size - bytes.size()), '\x01'));
    return bytes;
}

QByteArray pdfBytes(qsizetype size = 64)
{
    QByteArray bytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    bytes.append(QByteArray(std::max<qsizetype>(0, size - bytes.size()), ' '));
    return bytes;
}

QByteArray oleBytes(const char *stream)
{
    return QByteArray("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + QByteArray(504, '\0') + utf16le("Root Entry")
        + QByteArray(8, '\0') + utf16le(stream) + QByteArray(32, '\0');
}

QByteArray ooxmlBytes(const char *mainPart)
{
    return QByteArray("PK\x03\x04\x14\x00\x06\x00", 8) + QByteArray("[Content_Types].xml") + QByteArray(16, '\0')
        + QByteArray("_rels/.rels") + QByteArray(16, '\0') + QByteArray(mainPart) + QByteArray("PK\x01\x02", 4);
}

// Every byte value, so a text column or an escaping bug would change them.
QByteArray everyByte()
{
    QByteArray bytes = pngBytes(16);
    for (int value = 0; value < 256; ++value)
        bytes.append(char(value));
    return bytes;
}

} // namespace

#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifyOkResult = (expression);                                                 \
        QVERIFY2(verifyOkResult.ok(),                                                              \
                 verifyOkResult.ok() ? "" : qPrintable(describe(verifyOkResult.error())));         \
    } while (false)

class AttachmentsTest;
// A send the core must refuse, made with the suite's users and rows.
using RefusedSend = std::function<Result<qint64>(AttachmentsTest &)>;
Q_DECLARE_METATYPE(RefusedSend)

class AttachmentsTest : public QObject
{
    Q_OBJECT

public:
    ComposerService composer() const { return ComposerService(*m_db, *m_clock); }
    Result<qint64> send(qint64 userId, const QString &fileName, const QByteArray &bytes, const QString &caption = {})
    {
        return composer().sendAttachment(Actor::user(userId), m_conversation, fileName, bytes, caption, m_mediaFolder);
    }
    void setPublicUrl(const QString &url) { (void)SettingsRepository(*m_db).set(QStringLiteral("server.publicUrl"), url, startMs); }

    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    QString m_mediaFolder;
    qint64 m_manager = 0;
    qint64 m_agent = 0;
    qint64 m_colleague = 0;
    qint64 m_conversation = 0;          // the agent's lead, which wrote at startMs
    qint64 m_colleaguesConversation = 0;

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void acceptedFiles_data();
    void acceptedFiles();
    void rejectedFiles_data();
    void rejectedFiles();
    void readFileChecksDisk();
    void captionLimit();
    void publicUrlRules_data();
    void publicUrlRules();

    void imageQueuedWithPublicLink();
    void documentQueuedAsFile();
    void bytesSurviveStorage();
    void deletingLeadDeletesMedia();
    void copierCopiesMediaBytes();
    void upgradeKeepsQueuedMessages();
    void refusalChangesNothing_data();
    void refusalChangesNothing();

private:
    bool isPostgres() const { return m_db && m_db->engine() == SqlEngine::Postgres; }
    void skipUnlessSqlite();
    qint64 addUser(const QString &email, UserRole role);
    qint64 addConversation(const QString &phone, qint64 ownerId);
    QVariant scalar(const QString &sql, const QVariantList &values = {}) const;
    QString snapshot() const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_postgresAdmin;
    DatabaseLocation m_postgres;
    int m_databaseCount = 0;
};

void AttachmentsTest::initTestCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void AttachmentsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty())
        return;
    auto location = DatabaseLocation::parse(url);
    VERIFY_OK(location);
    m_postgresAdmin = std::make_unique<Database>();
    VERIFY_OK(m_postgresAdmin->open(*location, QStringLiteral("tst_attachments_admin")));
    m_postgres = *location;
    m_postgres.databaseName = QStringLiteral("attachments_%1").arg(QCoreApplication::applicationPid());
    VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgres.databaseName)));
    VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_postgres.databaseName)));
}

void AttachmentsTest::init()
{
    QFETCH_GLOBAL(QString, engine);
    ++m_databaseCount;
    DatabaseLocation location;
    if (engine == QLatin1String("sqlite")) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = m_dir.filePath(QStringLiteral("attachments-%1.db").arg(m_databaseCount));
    } else {
        if (!m_postgresAdmin) {
            if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
                QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
            QSKIP("PROSPECTA_TEST_PG_URL is not set");
        }
        location = m_postgres;
    }
    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_attachments_%1").arg(m_databaseCount)));
    if (isPostgres()) {
        VERIFY_OK(m_db->exec(QStringLiteral("SET client_min_messages = warning")));
        VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    }
    VERIFY_OK(Migrations::apply(*m_db, startMs));
    m_clock = std::make_unique<ManualClock>(startMs);
    m_mediaFolder = m_dir.filePath(QStringLiteral("media-%1").arg(m_databaseCount));

    m_manager = addUser(QStringLiteral("marta@example.com"), UserRole::Manager);
    m_agent = addUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    m_colleague = addUser(QStringLiteral("carmen@example.com"), UserRole::Agent);
    m_conversation = addConversation(QStringLiteral("+525512340001"), m_agent);
    m_colleaguesConversation = addConversation(QStringLiteral("+525512340002"), m_colleague);
    QVERIFY(m_manager > 0 && m_agent > 0 && m_colleague > 0);
    QVERIFY(m_conversation > 0 && m_colleaguesConversation > 0);
    setPublicUrl(PublicUrl);
    m_clock->advance(60000);
}

void AttachmentsTest::cleanup()
{
    m_db.reset();
}

void AttachmentsTest::cleanupTestCase()
{
    if (m_postgresAdmin && !m_postgres.databaseName.isEmpty())
        VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgres.databaseName)));
}

void AttachmentsTest::skipUnlessSqlite()
{
    QFETCH_GLOBAL(QString, engine);
    if (engine != QLatin1String("sqlite"))
        QSKIP("no storage involved: checked once");
}

qint64 AttachmentsTest::addUser(const QString &email, UserRole role)
{
    User user;
    user.name = email.section(QLatin1Char('@'), 0, 0);
    user.email = email;
    user.role = role;
    auto id = UserRepository(*m_db).insert(user, QStringLiteral("$argon2id$placeholder"), startMs);
    return id ? *id : 0;
}

qint64 AttachmentsTest::addConversation(const QString &phone, qint64 ownerId)
{
    Lead lead;
    lead.name = QStringLiteral("Lead ") + phone.right(4);
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.country = QStringLiteral("MX");
    lead.assignedUserId = ownerId;
    auto leadId = LeadRepository(*m_db).create(lead, startMs);
    if (!leadId)
        return 0;
    Conversation conversation;
    conversation.leadId = *leadId;
    conversation.providerAddress = phone.mid(1);
    ConversationRepository conversations(*m_db);
    auto id = conversations.create(conversation, startMs);
    if (!id || !conversations.recordMessage(*id, startMs, true, startMs))
        return 0;
    return *id;
}

QVariant AttachmentsTest::scalar(const QString &sql, const QVariantList &values) const
{
    auto value = m_db->scalar(sql, values);
    return value ? *value : QVariant();
}

QString AttachmentsTest::snapshot() const
{
    QString dump;
    const QStringList tables = {QStringLiteral("conversations"), QStringLiteral("messages"),
                                QStringLiteral("outbound_messages"), QStringLiteral("outbound_media"),
                                QStringLiteral("audit_log"), QStringLiteral("leads")};
    for (const QString &table : tables) {
        auto query = m_db->exec(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(table));
        if (!query)
            return QStringLiteral("error: ") + query.error().message;
        dump += table + QLatin1Char('\n');
        while (query->next()) {
            QStringList values;
            for (int i = 0; i < query->record().count(); ++i)
                values << query->value(i).toString();
            dump += values.join(QLatin1Char('|')) + QLatin1Char('\n');
        }
        query->finish();
    }
    dump += QStringLiteral("media folder: ") + QDir(m_mediaFolder).entryList(QDir::Files).join(QLatin1Char(','));
    return dump;
}

// --- Which files are accepted -------------------------------------------------------------

void AttachmentsTest::acceptedFiles_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<bool>("image");

    QTest::newRow("jpg") << QStringLiteral("foto.jpg") << jpegBytes() << QStringLiteral("image/jpeg") << true;
    QTest::newRow("JPEG in capitals") << QStringLiteral("FOTO.JPEG") << jpegBytes() << QStringLiteral("image/jpeg")
                                      << true;
    QTest::newRow("png") << QStringLiteral("catalogo.png") << pngBytes() << QStringLiteral("image/png") << true;
    QTest::newRow("png of exactly 5 MB") << QStringLiteral("grande.png") << pngBytes(AttachmentRules::MaxImageBytes)
                                         << QStringLiteral("image/png") << true;
    QTest::newRow("pdf") << QStringLiteral("contrato.pdf") << pdfBytes() << QStringLiteral("application/pdf") << false;
    QTest::newRow("pdf header after a preamble")
        << QStringLiteral("escaneo.pdf") << QByteArray(200, ' ') + pdfBytes() << QStringLiteral("application/pdf") << false;
    QTest::newRow("doc") << QStringLiteral("carta.doc") << oleBytes("WordDocument") << QStringLiteral("application/msword")
                         << false;
    QTest::newRow("xls") << QStringLiteral("precios.xls") << oleBytes("Workbook")
                         << QStringLiteral("application/vnd.ms-excel") << false;
    QTest::newRow("xls of Excel 95") << QStringLiteral("viejo.xls") << oleBytes("Book")
                                     << QStringLiteral("application/vnd.ms-excel") << false;
    QTest::newRow("ppt") << QStringLiteral("demo.ppt") << oleBytes("PowerPoint Document")
                         << QStringLiteral("application/vnd.ms-powerpoint") << false;
    QTest::newRow("docx") << QStringLiteral("propuesta.docx") << ooxmlBytes("word/document.xml")
                          << QStringLiteral("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                          << false;
    QTest::newRow("password-protected docx") << QStringLiteral("privado.docx") << oleBytes("EncryptedPackage")
                                             << QStringLiteral("application/vnd.openxmlformats-officedocument."
                                                               "wordprocessingml.document")
                                             << false;
    QTest::newRow("xlsx") << QStringLiteral("cotizacion.xlsx") << ooxmlBytes("xl/workbook.xml")
                          << QStringLiteral("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") << false;
    QTest::newRow("pptx") << QStringLiteral("presentacion.pptx") << ooxmlBytes("ppt/presentation.xml")
                          << QStringLiteral("application/vnd.openxmlformats-officedocument.presentationml.presentation")
                          << false;
    QTest::newRow("txt in UTF-8") << QStringLiteral("notas.txt") << QString::fromUtf8("Hola\r\nAdiós\tgracias\f").toUtf8()
                                  << QStringLiteral("text/plain") << false;
    QTest::newRow("txt in UTF-16 with BOM")
        << QStringLiteral("notas.txt") << QByteArray("\xFF\xFE", 2) + utf16le("Hola\r\n")
        << QStringLiteral("text/plain") << false;
    QTest::newRow("txt in Windows-1252") << QStringLiteral("notas.txt") << QByteArray("Adi\xF3s \x80 100")
                                         << QStringLiteral("text/plain") << false;
    QTest::newRow("csv served as text/plain") << QStringLiteral("leads.csv")
                                              << QByteArray("nombre;telefono\nAna;+525512340001\n")
                                              << QStringLiteral("text/plain") << false;
}

void AttachmentsTest::acceptedFiles()
{
    skipUnlessSqlite();
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, contentType);
    QFETCH(bool, image);

    const auto checked = AttachmentRules::check(fileName, bytes);

    VERIFY_OK(checked);
    QCOMPARE(checked->fileName, fileName);
    QCOMPARE(checked->contentType, contentType);
    QCOMPARE(checked->kind == Attachment::Kind::Image, image);
    QCOMPARE(checked->sizeBytes, qint64(bytes.size()));
    QCOMPARE(checked->bytes, bytes);
}

void AttachmentsTest::rejectedFiles_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("expectedKind");
    QTest::addColumn<QString>("mentions"); // besides the file's name

    const int invalid = int(ErrorKind::InvalidArgument);
    const int tooLarge = int(ErrorKind::PayloadTooLarge);
    QTest::newRow("empty") << QStringLiteral("vacio.pdf") << QByteArray() << invalid << QStringLiteral("empty");
    QTest::newRow("program") << QStringLiteral("instalador.exe") << QByteArray("MZ\x90\x00", 4) << invalid
                             << QStringLiteral("JPEG and PNG");
    QTest::newRow("no extension") << QStringLiteral("LEEME") << QByteArray("hola") << invalid
                                  << QStringLiteral("JPEG and PNG");
    QTest::newRow("webp image") << QStringLiteral("sticker.webp") << QByteArray("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)
                                << invalid << QStringLiteral("JPEG and PNG");
    QTest::newRow("png named jpg") << QStringLiteral("foto.jpg") << pngBytes() << invalid << QStringLiteral("PNG image");
    QTest::newRow("pdf named png") << QStringLiteral("catalogo.png") << pdfBytes() << invalid
                                   << QStringLiteral("PDF document");
    QTest::newRow("text named pdf") << QStringLiteral("contrato.pdf") << QByteArray("no soy un PDF") << invalid
                                    << QStringLiteral("PDF document");
    QTest::newRow("Word document named xlsx") << QStringLiteral("hoja.xlsx") << ooxmlBytes("word/document.xml")
                                              << invalid << QStringLiteral("Excel workbook");
    QTest::newRow("Excel workbook named doc") << QStringLiteral("informe.doc") << oleBytes("Workbook") << invalid
                                              << QStringLiteral("Word document");
    QTest::newRow("plain ZIP named docx") << QStringLiteral("archivo.docx") << QByteArray("PK\x03\x04 sin partes", 15)
                                          << invalid << QStringLiteral("Word document");
    QTest::newRow("binary named txt") << QStringLiteral("notas.txt") << QByteArray("hola\x00mundo", 10) << invalid
                                      << QStringLiteral("text file");
    QTest::newRow("image above 5 MB") << QStringLiteral("enorme.png") << pngBytes(AttachmentRules::MaxImageBytes + 1)
                                      << tooLarge << QStringLiteral("5 MB");
    QTest::newRow("document above 16 MB") << QStringLiteral("manual.pdf") << pdfBytes(AttachmentRules::MaxDocumentBytes + 1)
                                          << tooLarge << QStringLiteral("database");
}

void AttachmentsTest::rejectedFiles()
{
    skipUnlessSqlite();
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(int, expectedKind);
    QFETCH(QString, mentions);

    const auto checked = AttachmentRules::check(fileName, bytes);

    QVERIFY(!checked.ok());
    QCOMPARE(int(checked.error().kind), expectedKind);
    QCOMPARE(checked.error().fields, QStringList{QStringLiteral("file")});
    QVERIFY2(checked.error().message.contains(fileName), qPrintable(checked.error().message));
    QVERIFY2(checked.error().message.contains(mentions), qPrintable(checked.error().message));
}

void AttachmentsTest::readFileChecksDisk()
{
    skipUnlessSqlite();
    const QString good = m_dir.filePath(QStringLiteral("lista.pdf"));
    QFile file(good);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(pdfBytes()), pdfBytes().size());
    file.close();
    const QString large = m_dir.filePath(QStringLiteral("pesada.jpg"));
    QFile largeFile(large);
    QVERIFY(largeFile.open(QIODevice::WriteOnly));
    QVERIFY(largeFile.resize(AttachmentRules::MaxImageBytes + 1));
    largeFile.close();

    const auto read = AttachmentRules::readFile(good);
    const auto missing = AttachmentRules::readFile(m_dir.filePath(QStringLiteral("no-existe.pdf")));
    const auto oversize = AttachmentRules::readFile(large);

    VERIFY_OK(read);
    QCOMPARE(read->fileName, QStringLiteral("lista.pdf"));
    QCOMPARE(read->bytes, pdfBytes());
    QVERIFY(!missing.ok());
    QCOMPARE(int(missing.error().kind), int(ErrorKind::InvalidArgument));
    QVERIFY2(missing.error().message.contains(QStringLiteral("no-existe.pdf")), qPrintable(missing.error().message));
    QVERIFY(!oversize.ok());
    QCOMPARE(int(oversize.error().kind), int(ErrorKind::PayloadTooLarge));
}

void AttachmentsTest::captionLimit()
{
    skipUnlessSqlite();
    VERIFY_OK(AttachmentRules::checkCaption(QString(AttachmentRules::MaxCaptionLength, QLatin1Char('a'))));

    const Status tooLong = AttachmentRules::checkCaption(QString(AttachmentRules::MaxCaptionLength + 1, QLatin1Char('a')));

    QVERIFY(!tooLong.ok());
    QCOMPARE(int(tooLong.error().kind), int(ErrorKind::InvalidArgument));
    QCOMPARE(tooLong.error().fields, QStringList{QStringLiteral("caption")});
}

void AttachmentsTest::publicUrlRules_data()
{
    QTest::addColumn<QString>("publicUrl");
    QTest::addColumn<QString>("base"); // empty: refused

    QTest::newRow("not set") << QString() << QString();
    QTest::newRow("https") << QStringLiteral("https://tunnel.example") << QStringLiteral("https://tunnel.example");
    QTest::newRow("https with a trailing slash") << QStringLiteral("https://tunnel.example/crm/")
                                                << QStringLiteral("https://tunnel.example/crm");
    QTest::newRow("plain http to another host") << QStringLiteral("http://tunnel.example") << QString();
    QTest::newRow("plain http to 127.0.0.1") << QStringLiteral("http://127.0.0.1:3001")
                                             << QStringLiteral("http://127.0.0.1:3001");
    QTest::newRow("plain http to [::1]") << QStringLiteral("http://[::1]:3001") << QStringLiteral("http://[::1]:3001");
    QTest::newRow("another scheme") << QStringLiteral("ftp://tunnel.example") << QString();
    QTest::newRow("no scheme") << QStringLiteral("tunnel.example") << QString();
}

void AttachmentsTest::publicUrlRules()
{
    skipUnlessSqlite();
    QFETCH(QString, publicUrl);
    QFETCH(QString, base);

    const auto result = AttachmentRules::mediaBaseUrl(publicUrl);

    if (base.isEmpty()) {
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().kind), int(ErrorKind::Forbidden));
        QVERIFY2(result.error().message.contains(QStringLiteral("administrator")), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(QStringLiteral("server.publicUrl")), qPrintable(result.error().message));
    } else {
        VERIFY_OK(result);
        QCOMPARE(*result, base);
    }
}

// --- Queuing an attachment ----------------------------------------------------------------

void AttachmentsTest::imageQueuedWithPublicLink()
{
    const QByteArray bytes = pngBytes();

    const auto messageId = send(m_agent, QStringLiteral("catalogo.png"), bytes, QStringLiteral("  Plan 2025 "));

    VERIFY_OK(messageId);
    const QString mediaUrl = scalar(QStringLiteral("SELECT media_url FROM messages WHERE id = ?"), {*messageId}).toString();
    const QRegularExpression linkShape(QStringLiteral("^https://tunnel\\.example/media/([A-Za-z0-9_-]{43})$"));
    const QRegularExpressionMatch link = linkShape.match(mediaUrl);
    QVERIFY2(link.hasMatch(), qPrintable(mediaUrl));
    QCOMPARE(scalar(QStringLiteral("SELECT content_type FROM messages WHERE id = ?"), {*messageId}).toString(),
             QStringLiteral("image"));
    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {*messageId}).toString(),
             QStringLiteral("Plan 2025"));
    QCOMPARE(scalar(QStringLiteral("SELECT sender FROM messages WHERE id = ?"), {*messageId}).toString(),
             QStringLiteral("human"));

    auto outbound = OutboxRepository(*m_db).forConversation(m_conversation);
    VERIFY_OK(outbound);
    QCOMPARE(outbound->size(), 1);
    QVERIFY(outbound->first().kind == OutboundKind::Image);
    QCOMPARE(outbound->first().mediaUrl, mediaUrl);
    QCOMPARE(outbound->first().mediaFileName, QStringLiteral("catalogo.png"));
    QCOMPARE(outbound->first().body, QStringLiteral("Plan 2025"));
    QCOMPARE(outbound->first().destination, QStringLiteral("525512340001"));
    QVERIFY(outbound->first().status == OutboundStatus::Queued);

    auto media = OutboundMediaRepository(*m_db).findByToken(link.captured(1));
    VERIFY_OK(media);
    QVERIFY(media->has_value());
    QCOMPARE((*media)->bytes, bytes);
    QCOMPARE((*media)->contentType, QStringLiteral("image/png"));
    QCOMPARE((*media)->sizeBytes, qint64(bytes.size()));
    QCOMPARE((*media)->fileName, QStringLiteral("catalogo.png"));
    QCOMPARE((*media)->conversationId, m_conversation);
    QCOMPARE((*media)->createdBy, m_agent);

    // Sending takes the conversation from the AI, as a typed reply does.
    QCOMPARE(scalar(QStringLiteral("SELECT human_user_id FROM conversations WHERE id = ?"), {m_conversation}).toLongLong(),
             m_agent);
    // The chat's thumbnail reads a copy in the media folder.
    QCOMPARE(scalar(QStringLiteral("SELECT media_state FROM messages WHERE id = ?"), {*messageId}).toString(),
             QStringLiteral("downloaded"));
    const QString copyName = scalar(QStringLiteral("SELECT media_path FROM messages WHERE id = ?"), {*messageId}).toString();
    QVERIFY2(copyName.startsWith(QString::number(*messageId) + QLatin1Char('-')) && copyName.endsWith(QLatin1String(".png")),
             qPrintable(copyName));
    QFile copy(QDir(m_mediaFolder).filePath(copyName));
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), bytes);
}

void AttachmentsTest::documentQueuedAsFile()
{
    const auto first = send(m_agent, QStringLiteral("Cotización 2025.pdf"), pdfBytes());
    const auto second = send(m_agent, QStringLiteral("Cotización 2025.pdf"), pdfBytes());

    VERIFY_OK(first);
    VERIFY_OK(second);
    QCOMPARE(scalar(QStringLiteral("SELECT content_type FROM messages WHERE id = ?"), {*first}).toString(),
             QStringLiteral("file"));
    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {*first}).toString(), QString());
    const QJsonObject metadata =
        QJsonDocument::fromJson(scalar(QStringLiteral("SELECT metadata FROM messages WHERE id = ?"), {*first}).toString().toUtf8())
            .object();
    QCOMPARE(metadata.value(QLatin1String("fileName")).toString(), QStringLiteral("Cotización 2025.pdf"));
    auto outbound = OutboxRepository(*m_db).forConversation(m_conversation);
    VERIFY_OK(outbound);
    QCOMPARE(outbound->size(), 2);
    QVERIFY(outbound->first().kind == OutboundKind::File);
    QCOMPARE(outbound->first().mediaFileName, QStringLiteral("Cotización 2025.pdf"));
    // Each attachment has its own token, even for the same file.
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(DISTINCT token) FROM outbound_media")).toInt(), 2);
    QVERIFY(outbound->at(0).mediaUrl != outbound->at(1).mediaUrl);
}

void AttachmentsTest::bytesSurviveStorage()
{
    OutboundMedia media;
    media.token = QStringLiteral("t0123456789012345678901234567890123456789AB");
    media.conversationId = m_conversation;
    media.fileName = QStringLiteral("bytes.png");
    media.contentType = QStringLiteral("image/png");
    media.bytes = everyByte();
    media.createdMs = startMs;
    VERIFY_OK(OutboundMediaRepository(*m_db).insert(media));

    const auto found = OutboundMediaRepository(*m_db).findByToken(media.token);
    const auto unknown = OutboundMediaRepository(*m_db).findByToken(QStringLiteral("u0123456789012345678901234567890123456789AB"));

    VERIFY_OK(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->bytes, everyByte());
    QCOMPARE((*found)->sizeBytes, qint64(everyByte().size()));
    QCOMPARE((*found)->createdBy, qint64(0));
    VERIFY_OK(unknown);
    QVERIFY(!unknown->has_value());
}

void AttachmentsTest::deletingLeadDeletesMedia()
{
    VERIFY_OK(send(m_agent, QStringLiteral("catalogo.png"), pngBytes()));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM outbound_media")).toInt(), 1);
    const qint64 leadId = scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {m_conversation}).toLongLong();

    VERIFY_OK(LeadDesk(*m_db, *m_clock).deleteLead(Actor::user(m_manager), leadId));

    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM outbound_media")).toInt(), 0);
}

// `prospecta migrate` copies a SQLite installation to PostgreSQL: a BLOB must arrive as
// the same bytes in a BYTEA.
void AttachmentsTest::copierCopiesMediaBytes()
{
    if (!isPostgres())
        QSKIP("copies SQLite to PostgreSQL: runs in the postgresql row");
    DatabaseLocation sourceLocation;
    sourceLocation.engine = SqlEngine::Sqlite;
    sourceLocation.filePath = m_dir.filePath(QStringLiteral("copier-source.db"));
    Database source;
    VERIFY_OK(source.open(sourceLocation, QStringLiteral("tst_attachments_copier_source")));
    VERIFY_OK(Migrations::apply(source, startMs));
    Lead lead;
    lead.phone = QStringLiteral("+525512349999");
    lead.phoneKey = lead.phone;
    auto leadId = LeadRepository(source).create(lead, startMs);
    VERIFY_OK(leadId);
    Conversation conversation;
    conversation.leadId = *leadId;
    conversation.providerAddress = QStringLiteral("525512349999");
    auto conversationId = ConversationRepository(source).create(conversation, startMs);
    VERIFY_OK(conversationId);
    OutboundMedia media;
    media.token = QStringLiteral("c0123456789012345678901234567890123456789AB");
    media.conversationId = *conversationId;
    media.fileName = QStringLiteral("bytes.png");
    media.contentType = QStringLiteral("image/png");
    media.bytes = everyByte();
    media.createdMs = startMs;
    VERIFY_OK(OutboundMediaRepository(source).insert(media));
    // The copier needs an empty target.
    VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
    VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    VERIFY_OK(Migrations::apply(*m_db, startMs));

    VERIFY_OK(DatabaseCopier::copy(source, *m_db));

    const auto copied = OutboundMediaRepository(*m_db).findByToken(media.token);
    VERIFY_OK(copied);
    QVERIFY(copied->has_value());
    QCOMPARE((*copied)->bytes, everyByte());
    QCOMPARE((*copied)->conversationId, *conversationId);
}

// Schema version 9 added to a version-8 database: messages queued before the upgrade
// keep their kind and get no media.
void AttachmentsTest::upgradeKeepsQueuedMessages()
{
    // Version 8 as it was: the table, columns and indexes of versions 9 to 12 removed again.
    VERIFY_OK(TestSupport::undoSchemaVersionsAfter11(*m_db));
    VERIFY_OK(m_db->exec(QStringLiteral("DROP INDEX outbound_messages_message")));
    VERIFY_OK(m_db->exec(QStringLiteral("DROP INDEX outbound_messages_conversation")));
    VERIFY_OK(m_db->exec(QStringLiteral("DROP INDEX leads_status_last_contact")));
    VERIFY_OK(m_db->exec(QStringLiteral("DROP TABLE outbound_media")));
    VERIFY_OK(m_db->exec(QStringLiteral("ALTER TABLE outbound_messages DROP COLUMN media_url")));
    VERIFY_OK(m_db->exec(QStringLiteral("ALTER TABLE outbound_messages DROP COLUMN media_file_name")));
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 9")));
    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), 8);
    VERIFY_OK(m_db->exec(QStringLiteral("INSERT INTO outbound_messages (conversation_id, provider, destination, body, "
                                        "status, next_attempt_at, created_at, updated_at, kind, template_id, "
                                        "template_params) VALUES (?, 'gupshup', '525512340001', 'Hola', 'queued', ?, ?, "
                                        "?, 'template', 'cita', '[\"Ana\"]')"),
                         {m_conversation, startMs, startMs, startMs}));

    VERIFY_OK(Migrations::apply(*m_db, startMs));

    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), Migrations::latestVersion());
    auto outbound = OutboxRepository(*m_db).forConversation(m_conversation);
    VERIFY_OK(outbound);
    QCOMPARE(outbound->size(), 1);
    QVERIFY(outbound->first().kind == OutboundKind::Template);
    QCOMPARE(outbound->first().templateParams, QStringList{QStringLiteral("Ana")});
    QCOMPARE(outbound->first().mediaUrl, QString());
    QCOMPARE(outbound->first().mediaFileName, QString());
    VERIFY_OK(send(m_agent, QStringLiteral("catalogo.png"), pngBytes()));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM outbound_media")).toInt(), 1);
}

// --- Refusals -----------------------------------------------------------------------------

void AttachmentsTest::refusalChangesNothing_data()
{
    QTest::addColumn<RefusedSend>("call");
    QTest::addColumn<int>("expectedKind");

    QTest::newRow("image above 5 MB") << RefusedSend([](AttachmentsTest &t) {
        return t.send(t.m_agent, QStringLiteral("enorme.png"), pngBytes(AttachmentRules::MaxImageBytes + 1));
    }) << int(ErrorKind::PayloadTooLarge);
    QTest::newRow("empty file") << RefusedSend([](AttachmentsTest &t) {
        return t.send(t.m_agent, QStringLiteral("vacio.pdf"), QByteArray());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("wrong type") << RefusedSend([](AttachmentsTest &t) {
        return t.send(t.m_agent, QStringLiteral("foto.jpg"), pdfBytes());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("caption too long") << RefusedSend([](AttachmentsTest &t) {
        return t.send(t.m_agent, QStringLiteral("foto.png"), pngBytes(),
                      QString(AttachmentRules::MaxCaptionLength + 1, QLatin1Char('x')));
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("outside the 24-hour window") << RefusedSend([](AttachmentsTest &t) {
        t.m_clock->advance(25 * hourMs);
        return t.send(t.m_agent, QStringLiteral("foto.png"), pngBytes());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("no public URL") << RefusedSend([](AttachmentsTest &t) {
        t.setPublicUrl(QString());
        return t.send(t.m_agent, QStringLiteral("foto.png"), pngBytes());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("plain http public URL") << RefusedSend([](AttachmentsTest &t) {
        t.setPublicUrl(QStringLiteral("http://tunnel.example"));
        return t.send(t.m_agent, QStringLiteral("foto.png"), pngBytes());
    }) << int(ErrorKind::Forbidden);
    // refusalChangesNothing opts the leads out before its snapshot for this row.
    QTest::newRow("opted-out lead") << RefusedSend([](AttachmentsTest &t) {
        return t.send(t.m_agent, QStringLiteral("foto.png"), pngBytes());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("agent in a colleague's conversation") << RefusedSend([](AttachmentsTest &t) {
        return t.composer().sendAttachment(Actor::user(t.m_agent), t.m_colleaguesConversation, QStringLiteral("foto.png"),
                                           pngBytes(), {}, t.m_mediaFolder);
    }) << int(ErrorKind::Forbidden);
}

void AttachmentsTest::refusalChangesNothing()
{
    QFETCH(RefusedSend, call);
    QFETCH(int, expectedKind);
    if (QByteArray(QTest::currentDataTag()) == "opted-out lead")
        VERIFY_OK(m_db->exec(QStringLiteral("UPDATE leads SET opted_out = 1")));
    const QString before = snapshot();

    const Result<qint64> sent = call(*this);

    QVERIFY(!sent.ok());
    QCOMPARE(int(sent.error().kind), expectedKind);
    QVERIFY(!sent.error().message.isEmpty());
    QCOMPARE(snapshot(), before);
}

QTEST_GUILESS_MAIN(AttachmentsTest)
#include "tst_attachments.moc"
