// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A lead import through the running service (ServiceHost::startLeadImport, ImportJob)
// while its HTTP server on 127.0.0.1 receives Gupshup webhooks. The import gives the
// service thread back between batches, so webhooks get their responses while it runs.
// Cancelling or closing keeps the committed batches, and the report gives the line where
// the import stopped.

#include "FakeGupshup.h"
#include "Fixtures.h"
#include "HttpTestClient.h"
#include "ServiceHarness.h"
#include "core/Clock.h"
#include "runtime/ImportJob.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "storage/AuditRepository.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Prospecta;
using namespace Prospecta::Testing;

namespace {

const QString WebhookToken = QStringLiteral("test-token-0123456789");
constexpr qint64 StartMs = 1767225600000; // 2026-01-01T00:00:00Z
constexpr int WebhookTimeoutMs = 10000;
constexpr int ImportTimeoutMs = 240000;

// `rows` leads with Mexican mobile numbers +52 55 2000 0000 onwards.
QByteArray generatedLeads(int rows)
{
    QByteArray csv = "nombre,telefono,correo\n";
    csv.reserve(rows * 48);
    for (int i = 0; i < rows; ++i) {
        csv += "Prospecto " + QByteArray::number(i) + ",+52 55 " + QByteArray::number(20000000 + i) + ",p"
            + QByteArray::number(i) + "@example.com\n";
    }
    return csv;
}

// message-text.json with another message id, as the same lead's next message.
QByteArray textMessage(const QString &messageId)
{
    QJsonObject root = QJsonDocument::fromJson(fixtureBytes(QStringLiteral("gupshup/v2-webhook/message-text.json"))).object();
    QJsonObject payload = root.value(QLatin1String("payload")).toObject();
    payload.insert(QStringLiteral("id"), messageId);
    root.insert(QStringLiteral("payload"), payload);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// What startLeadImport's `done` delivered.
struct ImportOutcomeSeen
{
    bool delivered = false;
    std::optional<Result<LeadImportReport>> result;
};

} // namespace

class ImportJobTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void webhooksAnsweredDuringImport();
    void cancelHalfWayKeepsBatches();
    void closingMidImportRecordsWhereItStopped();
    void unreadableFileImportsNothing();
    void mappingBeyondHeaderImportsNothing();
    void missingPhoneColumnImportsNothing();

private:
    QString writeCsv(const QByteArray &bytes);
    qint64 startImport(const LeadImportRequest &request, const std::shared_ptr<ImportOutcomeSeen> &seen);
    bool importRunning(qint64 importId);
    qint64 count(const QString &sql);
    QList<AuditEntry> importAuditRows();

    std::unique_ptr<ServiceHarness> m_harness;
    std::unique_ptr<FakeGupshup> m_gupshup;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<Database> m_check;
    QObject m_context;
};

void ImportJobTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void ImportJobTest::init()
{
    m_harness = std::make_unique<ServiceHarness>();
    QVERIFY(m_harness->isValid());
    m_gupshup = std::make_unique<FakeGupshup>();
    QVERIFY(m_gupshup->start());
    const Status prepared = m_harness->prepareGupshupWithoutAi(m_gupshup->baseUrl(), WebhookToken, StartMs);
    QVERIFY2(prepared.ok(), qPrintable(messageOf(prepared)));

    m_host = std::make_unique<ServiceHost>(m_harness->serviceOptions(std::make_shared<ManualClock>(StartMs)));
    const Status started = m_host->start();
    QVERIFY2(started.ok(), qPrintable(messageOf(started)));
    QVERIFY(m_host->port() != 0);

    // Reads what the service committed, through a connection of its own (WAL).
    m_check = std::make_unique<Database>();
    const Status opened = m_check->open(m_harness->location(), QStringLiteral("tst_importjob_check"));
    QVERIFY2(opened.ok(), qPrintable(messageOf(opened)));
}

void ImportJobTest::cleanup()
{
    m_check.reset();
    m_host.reset();
    m_gupshup.reset();
    m_harness.reset();
}

QString ImportJobTest::writeCsv(const QByteArray &bytes)
{
    const QString path = m_harness->filePath(QStringLiteral("leads.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return QString();
    return path;
}

qint64 ImportJobTest::startImport(const LeadImportRequest &request, const std::shared_ptr<ImportOutcomeSeen> &seen)
{
    return m_host->startLeadImport(Actor::commandLine(QStringLiteral("tester")), request, &m_context,
                                   [seen](const Result<LeadImportReport> &result) {
                                       seen->delivered = true;
                                       seen->result = result;
                                   });
}

bool ImportJobTest::importRunning(qint64 importId)
{
    bool running = false;
    m_host->runOnServiceThread([&running, importId](ServiceCore &core) { running = core.isLeadImportRunning(importId); });
    return running;
}

qint64 ImportJobTest::count(const QString &sql)
{
    auto value = m_check->scalar(sql);
    return value ? value->toLongLong() : -1;
}

QList<AuditEntry> ImportJobTest::importAuditRows()
{
    AuditFilter filter;
    filter.action = QStringLiteral("data.imported");
    auto rows = AuditRepository(*m_check).query(filter);
    return rows ? *rows : QList<AuditEntry>();
}

void ImportJobTest::webhooksAnsweredDuringImport()
{
    constexpr int rowCount = 50000;
    constexpr int webhookCount = 20;
    LeadImportRequest request;
    request.filePath = writeCsv(generatedLeads(rowCount));
    QVERIFY(!request.filePath.isEmpty());

    QSignalSpy progressed(m_host.get(), &ServiceHost::leadImportProgressed);
    auto seen = std::make_shared<ImportOutcomeSeen>();
    QElapsedTimer importTime;
    importTime.start();
    const qint64 importId = startImport(request, seen);
    QVERIFY(progressed.wait(ImportTimeoutMs));
    QCOMPARE(progressed.first().at(0).toLongLong(), importId);

    // Each webhook gets its response between two batches, while the import goes on.
    HttpTestClient client(WebhookTimeoutMs);
    const QString path = QStringLiteral("/api/webhooks/gupshup/%1").arg(WebhookToken);
    QStringList messageIds;
    qint64 slowestMs = 0;
    for (int i = 0; i < webhookCount; ++i) {
        const QString messageId = QStringLiteral("wamid.import-test-%1").arg(i);
        messageIds << QLatin1Char('\'') + messageId + QLatin1Char('\'');
        QElapsedTimer answer;
        answer.start();
        const HttpResponse response = client.request(m_host->port(), "POST", path, textMessage(messageId));
        slowestMs = std::max(slowestMs, answer.elapsed());
        QVERIFY2(response.status == 200, qPrintable(response.text()));
        QVERIFY2(importRunning(importId),
                 qPrintable(QStringLiteral("the import ended before webhook %1 was answered").arg(i)));
    }
    QVERIFY(!seen->delivered);
    const qint64 rowsWhenAnswered = progressed.last().at(1).value<LeadImportProgress>().rowsDone;
    QVERIFY2(rowsWhenAnswered < rowCount, qPrintable(QString::number(rowsWhenAnswered)));

    QTRY_VERIFY_WITH_TIMEOUT(seen->delivered, ImportTimeoutMs);
    qInfo("imported %d rows in %lld ms; the slowest of %d webhooks during the import took %lld ms", rowCount,
          importTime.elapsed(), webhookCount, slowestMs);
    QVERIFY(seen->result->ok());
    const LeadImportReport &report = seen->result->value();
    QVERIFY2(report.completed, qPrintable(report.stopReason));
    QCOMPARE(report.created, rowCount);
    QCOMPARE(report.lastLine, qint64(rowCount + 1));

    // Every imported lead and every webhook's message is stored.
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads WHERE source = 'import'")), rowCount);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads WHERE phone_key = '+525520000000'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads WHERE phone_key = '+525520049999'")), 1);
    const QString storedMessages =
        QStringLiteral("SELECT COUNT(*) FROM messages WHERE provider_message_id IN (%1)").arg(messageIds.join(QLatin1Char(',')));
    QTRY_COMPARE_WITH_TIMEOUT(count(storedMessages), webhookCount, WebhookTimeoutMs);

    // The last progress counted the file's lines.
    const LeadImportProgress last = progressed.last().at(1).value<LeadImportProgress>();
    QCOMPARE(last.totalLines, qint64(rowCount + 1));
    QCOMPARE(last.rowsDone, rowCount);
}

void ImportJobTest::cancelHalfWayKeepsBatches()
{
    constexpr int rowCount = 6000;
    LeadImportRequest request;
    request.filePath = writeCsv(generatedLeads(rowCount));
    QVERIFY(!request.filePath.isEmpty());
    request.options.maxBatchMs = 0; // batches of exactly 200 rows

    QSignalSpy progressed(m_host.get(), &ServiceHost::leadImportProgressed);
    auto seen = std::make_shared<ImportOutcomeSeen>();
    const qint64 importId = startImport(request, seen);
    QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty()
                                 && progressed.last().at(1).value<LeadImportProgress>().rowsDone >= rowCount / 4,
                             ImportTimeoutMs);
    m_host->cancelLeadImport(importId);
    QTRY_VERIFY_WITH_TIMEOUT(seen->delivered, ImportTimeoutMs);

    QVERIFY(seen->result->ok());
    const LeadImportReport &report = seen->result->value();
    QVERIFY(!report.completed);
    QVERIFY2(report.stopReason.contains(QStringLiteral("cancelled after line %1").arg(report.lastLine)),
             qPrintable(report.stopReason));
    QVERIFY2(report.created >= rowCount / 4 && report.created < rowCount, qPrintable(QString::number(report.created)));
    // Whole batches only, and the database contains exactly the rows the report lists.
    QCOMPARE(report.created % 200, 0);
    QCOMPARE(report.lastLine, qint64(report.created + 1));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), qint64(report.created));
    QVERIFY(!importRunning(importId));

    const QList<AuditEntry> audit = importAuditRows();
    QCOMPARE(audit.size(), 1);
    QVERIFY2(audit.first().detail.endsWith(QStringLiteral("lastLine=%1 completed=false").arg(report.lastLine)),
             qPrintable(audit.first().detail));
}

void ImportJobTest::closingMidImportRecordsWhereItStopped()
{
    constexpr int rowCount = 6000;
    LeadImportRequest request;
    request.filePath = writeCsv(generatedLeads(rowCount));
    QVERIFY(!request.filePath.isEmpty());

    QSignalSpy progressed(m_host.get(), &ServiceHost::leadImportProgressed);
    auto seen = std::make_shared<ImportOutcomeSeen>();
    startImport(request, seen);
    QVERIFY(progressed.wait(ImportTimeoutMs));

    // The program closes: the service stops while the import runs.
    m_host.reset();
    QTRY_VERIFY_WITH_TIMEOUT(seen->delivered, WebhookTimeoutMs);
    QVERIFY(seen->result->ok());
    const LeadImportReport &report = seen->result->value();
    QVERIFY(!report.completed);
    QVERIFY2(report.stopReason.contains(QStringLiteral("closed during the import, after line %1").arg(report.lastLine)),
             qPrintable(report.stopReason));
    QVERIFY(report.created < rowCount);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), qint64(report.created));

    const QList<AuditEntry> audit = importAuditRows();
    QCOMPARE(audit.size(), 1);
    QVERIFY2(audit.first().detail.endsWith(QStringLiteral("lastLine=%1 completed=false").arg(report.lastLine)),
             qPrintable(audit.first().detail));
}

void ImportJobTest::unreadableFileImportsNothing()
{
    LeadImportRequest request;
    request.filePath = m_harness->filePath(QStringLiteral("missing.csv"));
    auto seen = std::make_shared<ImportOutcomeSeen>();
    startImport(request, seen);
    QTRY_VERIFY(seen->delivered);

    QVERIFY(!seen->result->ok());
    QCOMPARE(seen->result->error().kind, ErrorKind::InvalidArgument);
    QVERIFY2(seen->result->error().message.contains(QStringLiteral("missing.csv")),
             qPrintable(seen->result->error().message));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), 0);
    QVERIFY(importAuditRows().isEmpty());
}

void ImportJobTest::mappingBeyondHeaderImportsNothing()
{
    LeadImportRequest request;
    request.filePath = writeCsv(generatedLeads(10));
    QVERIFY(!request.filePath.isEmpty());
    request.mapping = {{LeadField::Phone, 1}, {LeadField::Notes, 7}};
    auto seen = std::make_shared<ImportOutcomeSeen>();
    startImport(request, seen);
    QTRY_VERIFY(seen->delivered);

    QVERIFY(!seen->result->ok());
    QCOMPARE(seen->result->error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(seen->result->error().fields, QStringList{QStringLiteral("mapping")});
    QVERIFY2(seen->result->error().message.contains(QStringLiteral("notes")), qPrintable(seen->result->error().message));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), 0);
    QVERIFY(importAuditRows().isEmpty());
}

void ImportJobTest::missingPhoneColumnImportsNothing()
{
    LeadImportRequest request;
    request.filePath = writeCsv("nombre,correo\nAna,ana@example.com\n");
    QVERIFY(!request.filePath.isEmpty());
    auto seen = std::make_shared<ImportOutcomeSeen>();
    startImport(request, seen);
    QTRY_VERIFY(seen->delivered);

    QVERIFY(!seen->result->ok());
    QCOMPARE(seen->result->error().kind, ErrorKind::MissingField);
    QCOMPARE(seen->result->error().fields, QStringList{QStringLiteral("phone")});
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), 0);
    QVERIFY(importAuditRows().isEmpty());
}

QTEST_GUILESS_MAIN(ImportJobTest)
#include "tst_importjob.moc"
