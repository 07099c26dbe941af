// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Live updates between desktops on PostgreSQL: the NOTIFY that the service sends and
// what ChangeListener receives, also after the server dropped its connection.
// Needs PROSPECTA_TEST_PG_URL and is skipped without it unless PROSPECTA_REQUIRE_PG=1.

#include "ChangeListener.h"
#include "ServiceCore.h"
#include "ServiceHost.h"
#include "operations/LeadService.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Prospecta;

class ChangeListenerTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void hearsNotifyFromAnotherConnection_data();
    void hearsNotifyFromAnotherConnection();
    void ignoresMalformedPayloads_data();
    void ignoresMalformedPayloads();
    void serviceAnnouncesCommittedChanges();
    void reconnectsAfterConnectionDrop();

private:
    bool hasPostgres();
    // A listener on the test database that has subscribed.
    std::unique_ptr<ChangeListener> startedListener();
    void announce(const QString &payload);
    // The listeners on the test database whose last statement was their LISTEN (or a
    // later heartbeat), from pg_stat_activity.
    int subscribedListeners();

    QString m_url;
    QString m_name;
    DatabaseLocation m_location;
    std::unique_ptr<Database> m_admin;
    std::unique_ptr<Database> m_sender;
};

bool ChangeListenerTest::hasPostgres()
{
    return !m_url.isEmpty() && m_sender;
}

void ChangeListenerTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (m_url.isEmpty()) {
        if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
            QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
        return;
    }
    // A database of its own, since other suites reset the test database's schema.
    auto location = DatabaseLocation::parse(m_url);
    QVERIFY(location);
    m_admin = std::make_unique<Database>();
    QVERIFY(m_admin->open(*location, QStringLiteral("tst_changelistener_admin")).ok());
    m_name = QStringLiteral("notify_%1").arg(QCoreApplication::applicationPid());
    QVERIFY(m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)).ok());
    QVERIFY(m_admin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_name)).ok());
    m_location = *location;
    m_location.databaseName = m_name;
    m_sender = std::make_unique<Database>();
    QVERIFY(m_sender->open(m_location, QStringLiteral("tst_changelistener_sender")).ok());
}

void ChangeListenerTest::cleanupTestCase()
{
    m_sender.reset();
    if (m_admin && !m_name.isEmpty())
        QVERIFY(m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)).ok());
}

std::unique_ptr<ChangeListener> ChangeListenerTest::startedListener()
{
    auto listener = std::make_unique<ChangeListener>(m_location);
    QSignalSpy started(listener.get(), &ChangeListener::started);
    listener->start();
    if (!started.wait(10000))
        return nullptr;
    return listener;
}

int ChangeListenerTest::subscribedListeners()
{
    auto count = m_sender->scalar(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                                                 "AND application_name = ? AND (query ILIKE 'LISTEN%' OR query = 'SELECT 1')"),
                                  {ChangeListener::applicationName()}, 0);
    return count ? count->toInt() : -1;
}

void ChangeListenerTest::announce(const QString &payload)
{
    auto sent = m_sender->exec(QStringLiteral("SELECT pg_notify('prospecta_changes', ?)"), {payload});
    QVERIFY2(sent.ok(), sent.ok() ? "" : qPrintable(sent.error().message));
}

void ChangeListenerTest::hearsNotifyFromAnotherConnection_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QString>("table");
    QTest::addColumn<qint64>("id");

    QTest::newRow("lead") << QStringLiteral("leads:42") << QStringLiteral("leads") << qint64(42);
    QTest::newRow("message") << QStringLiteral("messages:7") << QStringLiteral("messages") << qint64(7);
    QTest::newRow("whole table") << QStringLiteral("settings:0") << QStringLiteral("settings") << qint64(0);
    QTest::newRow("large id") << QStringLiteral("conversations:9007199254740993") << QStringLiteral("conversations")
                              << qint64(9007199254740993LL);
}

// Another desktop's NOTIFY reaches this one's views within a second, as table and id.
void ChangeListenerTest::hearsNotifyFromAnotherConnection()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    QFETCH(QString, payload);
    QFETCH(QString, table);
    QFETCH(qint64, id);

    auto listener = startedListener();
    QVERIFY2(listener, "the listener did not subscribe within 10 s");
    QSignalSpy changed(listener.get(), &ChangeListener::changed);
    announce(payload);
    QVERIFY(changed.wait(1000));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), table);
    QCOMPARE(changed.at(0).at(1).toLongLong(), id);
}

void ChangeListenerTest::ignoresMalformedPayloads_data()
{
    QTest::addColumn<QString>("payload");

    QTest::newRow("empty") << QString();
    QTest::newRow("no id") << QStringLiteral("leads");
    QTest::newRow("no table") << QStringLiteral(":5");
    QTest::newRow("empty id") << QStringLiteral("leads:");
    QTest::newRow("id not a number") << QStringLiteral("leads:abc");
    QTest::newRow("trailing text") << QStringLiteral("leads:5x");
    QTest::newRow("padded table") << QStringLiteral(" leads:5");
}

// Anything else on the channel (another program, an old version) is dropped, and the
// listener keeps delivering what follows.
void ChangeListenerTest::ignoresMalformedPayloads()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    QFETCH(QString, payload);

    auto listener = startedListener();
    QVERIFY2(listener, "the listener did not subscribe within 10 s");
    QSignalSpy changed(listener.get(), &ChangeListener::changed);
    announce(payload);
    // PostgreSQL delivers a session's notifications in the order they were sent, so once
    // the valid one arrived the malformed one was seen and dropped.
    announce(QStringLiteral("leads:1"));
    QVERIFY(changed.wait(1000));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 200);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("leads"));
    QCOMPARE(changed.at(0).at(1).toLongLong(), qint64(1));
}

// A change committed through the service reaches a listener on the same database, and
// the host itself passes on what its own listener hears.
void ChangeListenerTest::serviceAnnouncesCommittedChanges()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServiceOptions options;
    options.database = m_location;
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    options.privateKeyPath = dir.filePath(QStringLiteral("installation.key"));
    options.mediaFolder = dir.filePath(QStringLiteral("media"));
    ServiceHost host(options);
    const Status started = host.start();
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));

    auto listener = startedListener();
    QVERIFY2(listener, "the listener did not subscribe within 10 s");
    // The host's own listener subscribes on a thread of its own. A change committed
    // before its LISTEN does not reach it, as happened once on a loaded machine.
    QTRY_VERIFY_WITH_TIMEOUT(subscribedListeners() >= 2, 10000);
    QSignalSpy heard(listener.get(), &ChangeListener::changed);
    QSignalSpy hostChanged(&host, &ServiceHost::changed);

    qint64 leadId = 0;
    QString failure;
    host.runOnServiceThread([&leadId, &failure](ServiceCore &core) {
        LeadInput input;
        input.name = QStringLiteral("Lucía Pérez");
        input.phone = QStringLiteral("+34 612 345 678");
        auto lead = LeadService(core.database(), core.clock(), QStringLiteral("ES")).create(Actor::commandLine(), input);
        if (!lead) {
            failure = lead.error().message;
            return;
        }
        leadId = lead->id;
        if (auto moved = core.setLeadStatus(Actor::commandLine(), leadId, LeadStatus::Contacted); !moved)
            failure = moved.error().message;
    });
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(leadId > 0);

    QVERIFY(heard.wait(1000));
    QCOMPARE(heard.at(0).at(0).toString(), QStringLiteral("leads"));
    QCOMPARE(heard.at(0).at(1).toLongLong(), leadId);
    // Once from the core directly and once more through the host's own listener.
    QTRY_VERIFY_WITH_TIMEOUT(hostChanged.count() >= 2, 1000);
    for (const auto &arguments : hostChanged) {
        QCOMPARE(arguments.at(0).toString(), QStringLiteral("leads"));
        QCOMPARE(arguments.at(1).toLongLong(), leadId);
    }

    // Notices sent while the host's listener was reconnecting are lost, so after the
    // reconnect the host tells every view to refresh everything.
    hostChanged.clear();
    QSignalSpy online(&host, &ServiceHost::sharedDatabaseOnline);
    auto terminated = m_admin->scalar(
        QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = ? AND application_name = ?"),
        {m_name, ChangeListener::applicationName()});
    QVERIFY(terminated.ok());
    QCOMPARE(terminated->toInt(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!hostChanged.isEmpty(), 15000);
    QCOMPARE(hostChanged.at(0).at(0).toString(), QStringLiteral("*"));
    QCOMPARE(hostChanged.at(0).at(1).toLongLong(), qint64(0));
    // The desktop reported offline, then online again, and every view's table was announced.
    QTRY_VERIFY_WITH_TIMEOUT(online.size() >= 2, 15000);
    QCOMPARE(online.first().at(0).toBool(), false);
    QCOMPARE(online.last().at(0).toBool(), true);
    QStringList tables;
    for (const auto &notice : std::as_const(hostChanged))
        tables << notice.at(0).toString();
    QVERIFY2(tables.contains(QStringLiteral("leads")) && tables.contains(QStringLiteral("messages")),
             qPrintable(tables.join(QLatin1Char(','))));
}

// When the server drops the listening connection (a restart, an administrator), the
// heartbeat notices, the listener reconnects and says so, and later notices arrive.
void ChangeListenerTest::reconnectsAfterConnectionDrop()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    auto listener = std::make_unique<ChangeListener>(m_location);
    listener->setHeartbeatIntervalMs(1000);
    QSignalSpy started(listener.get(), &ChangeListener::started);
    QSignalSpy lost(listener.get(), &ChangeListener::connectionLost);
    QSignalSpy reconnected(listener.get(), &ChangeListener::reconnected);
    QSignalSpy changed(listener.get(), &ChangeListener::changed);
    listener->start();
    QVERIFY(started.wait(10000));

    auto terminated = m_admin->scalar(
        QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = ? AND application_name = ?"),
        {m_name, ChangeListener::applicationName()});
    QVERIFY(terminated.ok());
    QCOMPARE(terminated->toInt(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(reconnected.count(), 1, 15000);
    QCOMPARE(changed.count(), 0);
    announce(QStringLiteral("leads:77"));
    QVERIFY(changed.wait(1000));
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("leads"));
    QCOMPARE(changed.at(0).at(1).toLongLong(), qint64(77));
}

QTEST_GUILESS_MAIN(ChangeListenerTest)
#include "tst_changelistener.moc"
