// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// GroupCommit: the webhooks queued before control returns to the event loop share one
// commit, none receives its outcome before that commit, and a webhook whose events cannot
// be stored fails alone while its neighbours are committed. SQLite file in a temporary
// folder, synchronous=FULL as in production.

#include "GroupCommit.h"
#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/InboundEventRepository.h"
#include "storage/Migrations.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace Prospecta;

namespace {

constexpr qint64 startMs = 1735689600000; // 2025-01-01T00:00:00Z

// One webhook's outcome as its Done callback saw it; empty until then.
using Outcome = std::shared_ptr<std::optional<Status>>;

} // namespace

class GroupCommitTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void webhooksQueuedTogetherShareOneCommit();
    void noWebhookHearsItsOutcomeBeforeTheCommit();
    void webhookQueuedAfterACommitGetsTheNext();
    void duplicateInOneGroupIsAcknowledgedAndStoredOnce();
    void failingWebhookFailsAloneAndItsNeighboursCommit();
    void everyEventIsStampedWithItsCommitTime();

private:
    Outcome submit(const QString &key, bool ignored = false);
    QStringList storedKeys() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<GroupCommit> m_groupCommit;
    int m_serial = 0;
};

void GroupCommitTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void GroupCommitTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    DatabaseLocation location;
    location.filePath = m_dir->filePath(QStringLiteral("groupcommit.db"));
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(location, QStringLiteral("tst_groupcommit_%1").arg(++m_serial)));
    QVERIFY(Migrations::apply(*m_db, startMs));
    m_clock = std::make_unique<ManualClock>(startMs);
    const ServiceContext context{*m_db, *m_clock, [] { return SettingsSnapshot(); },
                                 [](Provider) { return IntegrationValues(); }};
    m_groupCommit = std::make_unique<GroupCommit>(context);
}

void GroupCommitTest::cleanup()
{
    m_groupCommit.reset();
    m_db.reset();
    m_dir.reset();
}

Outcome GroupCommitTest::submit(const QString &key, bool ignored)
{
    StoredInboundEvent row;
    row.provider = Provider::Gupshup;
    row.kind = QStringLiteral("message");
    row.dedupKey = key;
    row.body = QByteArrayLiteral(R"({"type":"message"})");
    row.ignored = ignored;
    auto outcome = std::make_shared<std::optional<Status>>();
    m_groupCommit->submit(Provider::Gupshup, {row}, [outcome](const Status &status) { *outcome = status; });
    return outcome;
}

QStringList GroupCommitTest::storedKeys() const
{
    auto query = m_db->exec(QStringLiteral("SELECT dedup_key FROM inbound_events ORDER BY id"));
    QStringList keys;
    while (query && query->next())
        keys << query->value(0).toString();
    return keys;
}

void GroupCommitTest::webhooksQueuedTogetherShareOneCommit()
{
    QSignalSpy stored(m_groupCommit.get(), &GroupCommit::eventsStored);
    QList<Outcome> outcomes;
    for (int i = 0; i < 5; ++i)
        outcomes << submit(QStringLiteral("message:%1").arg(i));

    QTRY_VERIFY(outcomes.last()->has_value());
    for (const Outcome &outcome : std::as_const(outcomes)) {
        QVERIFY(outcome->has_value());
        QVERIFY(outcome->value().ok());
    }
    QCOMPARE(m_groupCommit->commits(), 1);
    QCOMPARE(m_groupCommit->committedWebhooks(), 5);
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.first().first().toInt(), 5);
    QCOMPARE(storedKeys().size(), 5);
}

void GroupCommitTest::noWebhookHearsItsOutcomeBeforeTheCommit()
{
    const Outcome outcome = submit(QStringLiteral("message:early"));

    // Nothing is committed, and so no outcome is passed on, until the event loop runs.
    QVERIFY(!outcome->has_value());
    QVERIFY(storedKeys().isEmpty());
    QTRY_VERIFY(outcome->has_value());
    QCOMPARE(storedKeys(), QStringList{QStringLiteral("message:early")});
}

void GroupCommitTest::webhookQueuedAfterACommitGetsTheNext()
{
    const Outcome first = submit(QStringLiteral("message:first"));
    QTRY_VERIFY(first->has_value());
    const Outcome second = submit(QStringLiteral("message:second"));
    QTRY_VERIFY(second->has_value());

    QVERIFY(first->value().ok());
    QVERIFY(second->value().ok());
    QCOMPARE(m_groupCommit->commits(), 2);
}

void GroupCommitTest::duplicateInOneGroupIsAcknowledgedAndStoredOnce()
{
    QSignalSpy stored(m_groupCommit.get(), &GroupCommit::eventsStored);
    const Outcome original = submit(QStringLiteral("message:same"));
    const Outcome retry = submit(QStringLiteral("message:same"));
    // An event kept for later processing is stored but does not wake the inbox.
    const Outcome call = submit(QStringLiteral("call-status:CA1:ringing:0"), true);

    QTRY_VERIFY(call->has_value());
    QVERIFY(original->value().ok());
    QVERIFY(retry->value().ok());
    QVERIFY(call->value().ok());
    QCOMPARE(storedKeys(), (QStringList{QStringLiteral("message:same"), QStringLiteral("call-status:CA1:ringing:0")}));
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.first().first().toInt(), 1);
}

void GroupCommitTest::failingWebhookFailsAloneAndItsNeighboursCommit()
{
    // A trigger stands for whatever makes one webhook's insert fail.
    QVERIFY(m_db->exec(QStringLiteral("CREATE TRIGGER poison BEFORE INSERT ON inbound_events "
                                      "WHEN NEW.dedup_key = 'message:poison' "
                                      "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END")));

    const Outcome before = submit(QStringLiteral("message:before"));
    const Outcome poison = submit(QStringLiteral("message:poison"));
    const Outcome after = submit(QStringLiteral("message:after"));

    QTRY_VERIFY(after->has_value());
    QVERIFY(before->value().ok());
    QVERIFY(!poison->value().ok());
    QVERIFY2(poison->value().error().message.contains(QLatin1String("poisoned row")),
             qPrintable(poison->value().error().message));
    QVERIFY(after->value().ok());
    QCOMPARE(storedKeys(), (QStringList{QStringLiteral("message:before"), QStringLiteral("message:after")}));
    // The failed group's commit did not happen; each neighbour then committed alone.
    QCOMPARE(m_groupCommit->commits(), 2);
}

void GroupCommitTest::everyEventIsStampedWithItsCommitTime()
{
    (void)submit(QStringLiteral("message:a"));
    m_clock->advance(1500);
    const Outcome last = submit(QStringLiteral("message:b"));
    QTRY_VERIFY(last->has_value());

    auto query = m_db->exec(QStringLiteral("SELECT DISTINCT received_at FROM inbound_events"));
    QVERIFY(query);
    QVERIFY(query->next());
    QCOMPARE(query->value(0).toLongLong(), startMs + 1500);
    QVERIFY(!query->next());
}

QTEST_GUILESS_MAIN(GroupCommitTest)
#include "tst_groupcommit.moc"
