// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The inbox processor turns stored Gupshup message events into leads and messages in
// batches: a batch commits after a few milliseconds of work, and the events read but not
// yet reached wait for the next batch. Events stored while such a batch is running must be
// processed too, without another webhook to wake the processor. SQLite file in a temporary
// folder, no server: events are inserted as the webhook routes store them.

#include "core/Clock.h"
#include "domain/Entities.h"
#include "jobs/InboxProcessor.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/InboundEventRepository.h"
#include "storage/Migrations.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTest>

#include <memory>

using namespace Prospecta;

namespace {

constexpr qint64 startMs = 1735689600000; // 2025-01-01T00:00:00Z

// A Gupshup v2 text message from its own sender, as the webhook route stores it. The
// sender's profile name is "Prospecto SERIAL" unless `profileName` is given.
StoredInboundEvent messageEvent(int serial, const QString &profileName = QString())
{
    const QString phone = QStringLiteral("52155%1").arg(serial, 8, 10, QLatin1Char('0'));
    const QString id = QStringLiteral("wamid.processor-%1").arg(serial);
    StoredInboundEvent event;
    event.provider = Provider::Gupshup;
    event.kind = QStringLiteral("message");
    event.dedupKey = QStringLiteral("message:") + id;
    event.body = QStringLiteral(R"({"app":"Demo","timestamp":%1,"version":2,"type":"message","payload":{"id":"%2",)"
                                R"("source":"%3","type":"text","payload":{"text":"Hola, quiero información"},)"
                                R"("sender":{"phone":"%3","name":"%4","country_code":"52","dial_code":"%5"}}})")
                     .arg(startMs)
                     .arg(id, phone)
                     .arg(profileName.isNull() ? QStringLiteral("Prospecto %1").arg(serial) : profileName)
                     .arg(phone.mid(2))
                     .toUtf8();
    event.receivedMs = startMs;
    return event;
}

// A Gupshup v2 opt-out user event of the sender of messageEvent(serial).
StoredInboundEvent optOutEvent(int serial)
{
    const QString phone = QStringLiteral("52155%1").arg(serial, 8, 10, QLatin1Char('0'));
    StoredInboundEvent event;
    event.provider = Provider::Gupshup;
    event.kind = QStringLiteral("user-event");
    event.dedupKey = QStringLiteral("user-event:opt-out-%1").arg(serial);
    event.body = QStringLiteral(R"({"app":"Demo","timestamp":%1,"version":2,"type":"user-event",)"
                                R"("payload":{"phone":"%2","type":"opted-out"}})")
                     .arg(startMs)
                     .arg(phone)
                     .toUtf8();
    event.receivedMs = startMs;
    return event;
}

} // namespace

class InboxProcessorTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void everyStoredEventBecomesALead();
    void eventStoredDuringABatchIsProcessed();
    void longProfileNameIsCut();
    void handoverReasonIsTranslated();
    void futureProviderTimeIsReceiptTime();
    void businessNumberIsNeverALead_data();
    void businessNumberIsNeverALead();

private:
    void store(int from, int count);
    qint64 count(const QString &sql) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<InboxProcessor> m_processor;
    int m_serial = 0;
    QString m_businessNumber; // the Gupshup "source" setting the processor reads
};

void InboxProcessorTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void InboxProcessorTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    DatabaseLocation location;
    location.filePath = m_dir->filePath(QStringLiteral("inbox.db"));
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(location, QStringLiteral("tst_inboxprocessor_%1").arg(++m_serial)));
    QVERIFY(Migrations::apply(*m_db, startMs));
    m_clock = std::make_unique<ManualClock>(startMs);
    m_businessNumber.clear();
    const ServiceContext context{*m_db, *m_clock, [] { return SettingsSnapshot(); }, [this](Provider provider) {
                                     IntegrationValues values;
                                     if (provider == Provider::Gupshup && !m_businessNumber.isEmpty())
                                         values.values.insert(QStringLiteral("source"), m_businessNumber);
                                     return values;
                                 }};
    m_processor = std::make_unique<InboxProcessor>(context);
}

void InboxProcessorTest::cleanup()
{
    m_processor.reset();
    m_db.reset();
    m_dir.reset();
}

void InboxProcessorTest::store(int from, int count)
{
    InboundEventRepository events(*m_db);
    for (int serial = from; serial < from + count; ++serial)
        QVERIFY(events.insert(messageEvent(serial)).valueOr(0) > 0);
}

qint64 InboxProcessorTest::count(const QString &sql) const
{
    auto value = m_db->scalar(sql, {}, -1);
    return value ? value->toLongLong() : -1;
}

void InboxProcessorTest::everyStoredEventBecomesALead()
{
    store(0, 250);
    m_processor->wake();

    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'processed'")),
                              250, 30000);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), 250);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM messages")), 250);
}

void InboxProcessorTest::eventStoredDuringABatchIsProcessed()
{
    // Up to 100 events are read at once and a batch stops after a few milliseconds, so
    // after the first commit most of the 90 wait in the processor. The event stored then
    // is not among them; the wake that announces it must still lead to it.
    store(0, 90);
    bool storedLate = false;
    connect(m_processor.get(), &InboxProcessor::changed, this, [&] {
        if (std::exchange(storedLate, true))
            return;
        store(1000, 1);
        m_processor->wake();
    });
    m_processor->wake();

    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'processed'")),
                              91, 30000);
    QVERIFY(storedLate);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads")), 91);
}

// A WhatsApp profile name of 5,000 characters was stored whole, where a typed or imported
// name may have at most Lead::MaxNameLength. The cut never splits a surrogate pair.
void InboxProcessorTest::longProfileNameIsCut()
{
    const QString emoji = QStringLiteral("\U0001F600");
    const QString name = QString(Prospecta::Lead::MaxNameLength - 1, QLatin1Char('a')) + emoji + QString(4800, QLatin1Char('b'));
    QVERIFY(InboundEventRepository(*m_db).insert(messageEvent(1, name)).valueOr(0) > 0);
    m_processor->wake();

    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM leads")), 1, 30000);
    auto stored = m_db->scalar(QStringLiteral("SELECT name FROM leads"));
    QVERIFY(stored);
    QCOMPARE(stored->toString(), QString(Prospecta::Lead::MaxNameLength - 1, QLatin1Char('a')));
}

// Users read why a conversation waits for a human in the desktop, so the reason is
// stored in the language of the installed translation, not in English.
void InboxProcessorTest::handoverReasonIsTranslated()
{
    QTranslator spanish;
    QVERIFY(spanish.load(QLocale(QStringLiteral("es_MX")), QStringLiteral("prospecta"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&spanish));
    const auto removeSpanish = qScopeGuard([&] { QCoreApplication::removeTranslator(&spanish); });

    store(0, 1);
    m_processor->wake();

    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'processed'")),
                              1, 10000);
    auto reason = m_db->scalar(QStringLiteral("SELECT needs_human_reason FROM conversations"));
    QVERIFY(reason);
    QCOMPARE(reason->toString(), QStringLiteral("No hay ningún proveedor de IA configurado"));
}

// A webhook dated in the year 5138 was stored as it was, and the 24-hour window counts
// from that time: the window would never close. A time after the receipt becomes it.
void InboxProcessorTest::futureProviderTimeIsReceiptTime()
{
    StoredInboundEvent event = messageEvent(0);
    event.body.replace(QByteArray::number(startMs), "99999999999999");
    QVERIFY(event.body.contains("99999999999999"));
    QVERIFY(InboundEventRepository(*m_db).insert(event).valueOr(0) > 0);
    m_processor->wake();

    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'processed'")),
                              1, 10000);
    QCOMPARE(count(QStringLiteral("SELECT provider_timestamp FROM messages")), startMs);
    QCOMPARE(count(QStringLiteral("SELECT last_inbound_at FROM conversations")), startMs);
}

void InboxProcessorTest::businessNumberIsNeverALead_data()
{
    QTest::addColumn<QString>("businessNumber");
    QTest::addColumn<QString>("kind");

    // The events come from 5215500000001, the sender of messageEvent(1).
    QTest::newRow("message, same form") << QStringLiteral("5215500000001") << QStringLiteral("message");
    QTest::newRow("message, Mexican number without the mobile 1")
        << QStringLiteral("525500000001") << QStringLiteral("message");
    QTest::newRow("opt-out user event") << QStringLiteral("5215500000001") << QStringLiteral("user-event");
}

// A provider that echoes the business's own messages made the business a lead of itself,
// with a conversation whose messages the AI agents would reply to. Such events are kept
// as ignored and logged, while a lead's message in the same batch is processed as usual.
void InboxProcessorTest::businessNumberIsNeverALead()
{
    QFETCH(QString, businessNumber);
    QFETCH(QString, kind);
    m_businessNumber = businessNumber;

    InboundEventRepository events(*m_db);
    const StoredInboundEvent echo = kind == QLatin1String("message") ? messageEvent(1) : optOutEvent(1);
    QVERIFY(events.insert(echo).valueOr(0) > 0);
    QVERIFY(events.insert(messageEvent(2)).valueOr(0) > 0);
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("of kind %1 comes from the business's own number")
                                                           .arg(kind)));
    m_processor->wake();

    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'pending'")), 0,
                              10000);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'ignored'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM inbound_events WHERE state = 'processed'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads WHERE phone_key = '+525500000001'")), 0);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM leads WHERE phone_key = '+525500000002'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations")), 1);
}

QTEST_GUILESS_MAIN(InboxProcessorTest)
#include "tst_inboxprocessor.moc"
