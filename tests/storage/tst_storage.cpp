// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The storage layer, run once against SQLite and once against PostgreSQL: the same
// repositories must behave the same on both engines.
//
// SQLite uses a new file in a temporary folder for every test. PostgreSQL comes from
// PROSPECTA_TEST_PG_URL (postgresql://user@127.0.0.1:PORT/db), and every test starts from
// an empty public schema. Without the variable the postgresql rows are skipped, or fail
// when PROSPECTA_REQUIRE_PG=1 is set.

#include "SearchTermRows.h"
#include "security/SecretBox.h"
#include "storage/AuditRepository.h"
#include "storage/CannedReplyRepository.h"
#include "storage/ConversationWriter.h"
#include "storage/MessageTemplateRepository.h"
#include "storage/CallRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/InboundEventRepository.h"
#include "storage/InboxRepository.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/SearchIndex.h"
#include "storage/DatabaseCopier.h"
#include "storage/Migrations.h"
#include "storage/OutboxRepository.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

using namespace Prospecta;

Q_DECLARE_METATYPE(Prospecta::OutboundStatus)
Q_DECLARE_METATYPE(Prospecta::InboxFilter)
Q_DECLARE_METATYPE(Prospecta::LeadSortKey)

namespace {

constexpr qint64 now = 1735740000000; // 2025-01-01T14:00:00Z

QString describe(const Error &error)
{
    return QStringLiteral("kind %1: %2").arg(int(error.kind)).arg(error.message);
}

} // namespace

// Stops the test with the error's message when a Result or Status failed.
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifyOkResult = (expression);                                                 \
        QVERIFY2(verifyOkResult.ok(),                                                              \
                 verifyOkResult.ok() ? "" : qPrintable(describe(verifyOkResult.error())));         \
    } while (false)

class StorageTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    // Schema
    void migrationsCreateTheLatestSchema();
    void migrationsTwiceChangeNothing();
    void migrationsRejectNewerSchema();
    void connectionSettings();
    void transactionRollsBackWhenDestroyed();
    void transactionCommitKeepsWrites();
    void lockTakenSoonAfterRelease();
    void extendedBusyCodesAreBusy_data();
    void extendedBusyCodesAreBusy();

    // Leads
    void leadCreateAndFindByPhoneKey();
    void leadPhoneKeyIsUnique();

    void agentsSeeTheirOwnAndUnassignedLeads();
    void searchFindsWords_data();
    void searchFindsWords();
    void commonWordPagesMatchTheOrder_data();
    void commonWordPagesMatchTheOrder();
    void countsAgreeWithTheGatheredLeads_data();
    void countsAgreeWithTheGatheredLeads();
    void wordWithinAStageCountsByMergingIds();
    void removalWaitsForTermWriters();
    void searchIndexFollowsLeadEdits();
    void searchIndexForgetsRemovedLead();
    void searchIndexPopulateMatchesWrites();
    void searchTermBatchMatchesDirectWrites();
    void searchTermsStoredVerbatim();
    void nulCharacterStoredAsReplacement();
    void copierCoversEveryTable();
    void deletedIdsAreNotGivenAgain();
    void copierStopRollsBack();
    void copyGivesNoDeletedIdAgain();

    // Users and the audit log
    void userEmailsAreUniqueWithoutCase();
    void countActiveAdminsIgnoresDeactivatedOnes();
    void accessChangesRaiseTokenVersion();
    void auditLogIsAppendOnly();
    void auditLogFiltersByActorActionAndTime();

    // Campaigns
    void campaignKeywordConflictNamesTheOwner_data();
    void campaignKeywordConflictNamesTheOwner();
    void campaignForFirstMessage_data();
    void campaignForFirstMessage();
    void firstMessageWithoutDefaultIsNone();
    void pausedDefaultTakesNoLeads_data();
    void pausedDefaultTakesNoLeads();
    void newDefaultCampaignReplacesThePrevious();
    void campaignUpdateReplacesEveryField();
    void campaignUpdateKeywordConflictNamesTheOwner();
    void campaignUpdateMovesTheDefault();
    void missingCampaignIsNotFound();
    void campaignRemoveKeepsLeadsAndConversations();

    // Calls
    void callsFollowAgentVisibility();
    void callsFilterByLeadAndPage();
    void callFindByIdReadsEveryField();

    // Inbound events
    void inboundEventIsStoredOncePerKey();
    void failedSavepointUndoesOnlyItsStep();
    void aiReplyCountReadsLeadConversations();

    // Outbox
    void outboxEnqueue();
    void outboxDueKeepsConversationOrder();
    void outboxDueSearchesOneConversation();
    void stagePageWalksTheSortIndex();
    void unreadWalksConversationsByNewestLeadMessage();
    void inboxPageWalksTheActivityIndex_data();
    void inboxPageWalksTheActivityIndex();
    void mineGathersFewOwnConversationsFirst();
    void agentInboxGathersFewVisibleLeadsFirst();
    void fewLeadsOfAPageGatheredFirst_data();
    void fewLeadsOfAPageGatheredFirst();
    void gatherRuleWeighsSetAgainstAllLeads();
    void outboxMarkSendingAndAccepted();
    void statusOrder_data();
    void statusOrder();
    void deliveryStatusesOnlyMoveForward_data();
    void deliveryStatusesOnlyMoveForward();
    void statusBeforeMessageIsAppliedAtAcceptance();
    void earlyRateLimitSchedulesANewAttempt();
    void rateLimitFailureSchedulesANewAttempt();
    void lastRetryableFailureFailsForGood();

    // Settings
    void settingsNormalizeAndRoundTrip_data();
    void settingsNormalizeAndRoundTrip();
    void settingsRejectBadInput_data();
    void settingsRejectBadInput();
    void instantsRoundTripAsMilliseconds();

    // Text
    void textRoundTrip_data();
    void textRoundTrip();

    // Integrations
    void integrationSecretsOpenWithTheKeyPair();
    void integrationSecretsWithoutKeysNeedReentry();
    void sealedColumnHasNoPlaintext();

    // Work shared by several processes (team mode)
    void inboundEventClaimIsExclusive();
    void aiCursorMovesOnlyFromTheExpectedValue();
    void takeOverRefusesAnotherHolder();
    void turnLockIsHeldPerConnection();
    void outboxClaimKeepsOtherSendersOut();

    // The composer's tables
    void cannedRepliesVisibleToOwnerAndEveryone();
    void templateNameAndLanguageAreUnique();
    void templateOutboundKeepsItsParameters();
    void closedConversationReopensOnce();

private:
    // A second connection to the test's database, as another process would have.
    std::unique_ptr<Database> openSecondConnection();
    bool isPostgres() const;
    QStringList tableNames() const;
    qint64 createLead(const QString &phoneKey);
    qint64 createUser(const QString &email, UserRole role);
    qint64 createConversation(const QString &phoneKey);
    // The query plan of the statement containing `sqlPart` that `run` prepares on SQLite.
    QStringList planOf(const QString &sqlPart, const std::function<void()> &run);
    qint64 createCampaign(const QString &name, const QStringList &keywords, bool isDefault = false);
    qint64 sendingMessage(qint64 conversationId);
    qint64 sentMessage(qint64 conversationId, const QString &providerMessageId);
    qint64 insertCall(qint64 leadId, qint64 startMs, const QString &callSid);
    QString outboundStatus(qint64 id);

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    int m_databaseCount = 0;
};

void StorageTest::initTestCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void StorageTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(SecretBox::initialize());
}

void StorageTest::init()
{
    QFETCH_GLOBAL(QString, engine);
    ++m_databaseCount;
    const QString connectionName = QStringLiteral("tst_storage_%1").arg(m_databaseCount);

    DatabaseLocation location;
    if (engine == QLatin1String("sqlite")) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = m_dir.filePath(QStringLiteral("storage-%1.db").arg(m_databaseCount));
    } else {
        const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
        if (url.isEmpty()) {
            if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
                QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
            QSKIP("PROSPECTA_TEST_PG_URL is not set");
        }
        auto parsed = DatabaseLocation::parse(url);
        VERIFY_OK(parsed);
        QVERIFY(parsed->engine == SqlEngine::Postgres);
        location = *parsed;
    }

    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, connectionName));

    if (isPostgres()) {
        // DROP ... CASCADE lists every dropped table as a NOTICE on standard error.
        VERIFY_OK(m_db->exec(QStringLiteral("SET client_min_messages = warning")));
        VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    }

    // Tests named migrations* start from the empty database. Every other test starts
    // from the current schema.
    if (!QByteArray(QTest::currentTestFunction()).startsWith("migrations"))
        VERIFY_OK(Migrations::apply(*m_db, now));
}

void StorageTest::cleanup()
{
    m_db.reset();
}

void StorageTest::cleanupTestCase()
{
    // Leave the PostgreSQL database as empty as the tests found it.
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty())
        return;
    auto location = DatabaseLocation::parse(url);
    if (!location)
        return;
    Database db;
    if (db.open(*location, QStringLiteral("tst_storage_cleanup"))) {
        (void)db.exec(QStringLiteral("SET client_min_messages = warning"));
        (void)db.exec(QStringLiteral("DROP SCHEMA public CASCADE"));
        (void)db.exec(QStringLiteral("CREATE SCHEMA public"));
    }
}

bool StorageTest::isPostgres() const
{
    return m_db && m_db->engine() == SqlEngine::Postgres;
}

QStringList StorageTest::tableNames() const
{
    QStringList tables = m_db->connection().tables();
    tables.sort();
    return tables;
}

qint64 StorageTest::createLead(const QString &phoneKey)
{
    Lead lead;
    lead.phone = phoneKey;
    lead.phoneKey = phoneKey;
    lead.source = LeadSource::WhatsApp;
    auto id = LeadRepository(*m_db).create(lead, now);
    return id ? *id : 0;
}

qint64 StorageTest::createUser(const QString &email, UserRole role)
{
    User user;
    user.name = email.section(QLatin1Char('@'), 0, 0);
    user.email = email;
    user.role = role;
    auto id = UserRepository(*m_db).insert(user, QStringLiteral("$argon2id$placeholder"), now);
    return id ? *id : 0;
}

qint64 StorageTest::createConversation(const QString &phoneKey)
{
    const qint64 leadId = createLead(phoneKey);
    if (leadId == 0)
        return 0;
    Conversation conversation;
    conversation.leadId = leadId;
    conversation.providerAddress = phoneKey.mid(1);
    auto id = ConversationRepository(*m_db).create(conversation, now);
    return id ? *id : 0;
}

QStringList StorageTest::planOf(const QString &sqlPart, const std::function<void()> &run)
{
    QStringList plan;
    m_db->observeQueryPlans([&plan, &sqlPart](const QString &sql, const QStringList &lines) {
        if (sql.contains(sqlPart))
            plan = lines;
    });
    run();
    m_db->observeQueryPlans({});
    return plan;
}

// The lines of `plan` for the page of ids, the materialized subquery that the plan lists
// before the outer query reads it ("SCAN page"), or an empty string without one.
static QString pageIdsPlan(const QStringList &plan)
{
    const qsizetype start = plan.indexOf(QStringLiteral("MATERIALIZE page"));
    const qsizetype end = plan.indexOf(QStringLiteral("SCAN page"));
    if (start < 0 || end <= start)
        return {};
    return plan.mid(start, end - start).join(QLatin1Char('\n'));
}

qint64 StorageTest::createCampaign(const QString &name, const QStringList &keywords, bool isDefault)
{
    Campaign campaign;
    campaign.name = name;
    campaign.keywords = keywords;
    campaign.isDefault = isDefault;
    auto id = CampaignRepository(*m_db).create(campaign, now);
    return id ? *id : 0;
}

// An outbound message whose send request is in flight (at now + 1).
qint64 StorageTest::sendingMessage(qint64 conversationId)
{
    OutboxRepository outbox(*m_db);
    OutboundMessage message;
    message.conversationId = conversationId;
    message.destination = QStringLiteral("51999000111");
    message.body = QStringLiteral("Hola");
    auto id = outbox.enqueue(message, now);
    if (!id || !outbox.markSending(*id, now + 1))
        return 0;
    return *id;
}

// An outbound message the provider has accepted under `providerMessageId`.
qint64 StorageTest::sentMessage(qint64 conversationId, const QString &providerMessageId)
{
    const qint64 id = sendingMessage(conversationId);
    if (id == 0 || !OutboxRepository(*m_db).markAccepted(id, providerMessageId, now + 2))
        return 0;
    return id;
}

QString StorageTest::outboundStatus(qint64 id)
{
    auto found = OutboxRepository(*m_db).findById(id);
    if (!found || !*found)
        return QStringLiteral("(missing)");
    return toString((*found)->status);
}

// A finished outbound call of `leadId`, written with SQL as the telephony code would.
qint64 StorageTest::insertCall(qint64 leadId, qint64 startMs, const QString &callSid)
{
    auto id = m_db->insert(
        QStringLiteral("INSERT INTO calls (lead_id, direction, status, start_at, end_at, duration_seconds, "
                       "recording_url, call_sid, notes, created_at, updated_at) "
                       "VALUES (?, 'outbound', 'completed', ?, ?, 42, '', ?, '', ?, ?) RETURNING id"),
        {leadId, startMs, startMs + 42000, callSid, startMs, startMs});
    return id ? *id : 0;
}

// --- Schema -------------------------------------------------------------------------

void StorageTest::migrationsCreateTheLatestSchema()
{
    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), 0);
    QVERIFY(!tableNames().contains(QStringLiteral("leads")));

    VERIFY_OK(Migrations::apply(*m_db, now));

    QVERIFY(Migrations::latestVersion() >= 6);
    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), Migrations::latestVersion());
    const QStringList tables = tableNames();
    for (const char *table : {"schema_migrations", "users", "campaigns", "campaign_keywords", "leads",
                              "conversations", "messages", "calls", "integration_settings", "settings",
                              "installation", "inbound_events", "outbound_messages", "outbound_attempts",
                              "delivery_events", "alerts", "audit_log", "lead_tags", "search_terms"})
        QVERIFY2(tables.contains(QLatin1String(table)), table);

    auto applied = m_db->scalar(QStringLiteral("SELECT applied_at FROM schema_migrations WHERE version = 1"));
    VERIFY_OK(applied);
    QCOMPARE(applied->toLongLong(), now);
}

void StorageTest::migrationsTwiceChangeNothing()
{
    VERIFY_OK(Migrations::apply(*m_db, now));
    const QStringList tables = tableNames();

    VERIFY_OK(Migrations::apply(*m_db, now + 60000));

    QCOMPARE(tableNames(), tables);
    auto rows = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
    VERIFY_OK(rows);
    QCOMPARE(rows->toInt(), Migrations::latestVersion());
    auto applied = m_db->scalar(QStringLiteral("SELECT applied_at FROM schema_migrations WHERE version = 1"));
    VERIFY_OK(applied);
    QCOMPARE(applied->toLongLong(), now);
}

void StorageTest::migrationsRejectNewerSchema()
{
    // A database written by a future Prospecta: version 99 and a table this one does
    // not know.
    VERIFY_OK(m_db->exec(QStringLiteral(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)")));
    VERIFY_OK(m_db->exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (99, ?)"),
                         {now}));
    VERIFY_OK(m_db->exec(QStringLiteral("CREATE TABLE future_things (id INTEGER PRIMARY KEY)")));
    const QStringList before = tableNames();

    const Status status = Migrations::apply(*m_db, now);

    QVERIFY(!status.ok());
    QCOMPARE(status.error().kind, ErrorKind::SchemaTooNew);
    QVERIFY2(status.error().message.contains(QLatin1String("99")), qPrintable(status.error().message));
    QCOMPARE(tableNames(), before);
    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), 99);
    auto rows = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
    VERIFY_OK(rows);
    QCOMPARE(rows->toInt(), 1);
}

void StorageTest::connectionSettings()
{
    if (!isPostgres()) {
        auto journal = m_db->scalar(QStringLiteral("PRAGMA journal_mode"));
        VERIFY_OK(journal);
        QCOMPARE(journal->toString().toLower(), QStringLiteral("wal"));
        auto foreignKeys = m_db->scalar(QStringLiteral("PRAGMA foreign_keys"));
        VERIFY_OK(foreignKeys);
        QCOMPARE(foreignKeys->toInt(), 1);
        auto synchronous = m_db->scalar(QStringLiteral("PRAGMA synchronous"));
        VERIFY_OK(synchronous);
        QCOMPARE(synchronous->toInt(), 2); // FULL
    } else {
        auto timeZone = m_db->scalar(QStringLiteral("SHOW TIME ZONE"));
        VERIFY_OK(timeZone);
        QCOMPARE(timeZone->toString(), QStringLiteral("UTC"));
        auto encoding = m_db->scalar(QStringLiteral("SHOW client_encoding"));
        VERIFY_OK(encoding);
        QCOMPARE(encoding->toString(), QStringLiteral("UTF8"));
    }

    // Foreign keys are enforced on both engines: a conversation needs its lead.
    Conversation orphan;
    orphan.leadId = 424242;
    orphan.providerAddress = QStringLiteral("51999000111");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^A statement failed")));
    QVERIFY(!ConversationRepository(*m_db).create(orphan, now).ok());
}

void StorageTest::transactionRollsBackWhenDestroyed()
{
    SettingsRepository settings(*m_db);
    {
        Transaction transaction(*m_db);
        VERIFY_OK(transaction.started());
        VERIFY_OK(settings.set(QStringLiteral("ai.historyMessages"), QStringLiteral("7"), now));
        // Visible inside the transaction ...
        QCOMPARE(settings.load()->integer(QStringLiteral("ai.historyMessages")), 7);
    }
    // ... and gone once it is destroyed without commit().
    auto count = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM settings"));
    VERIFY_OK(count);
    QCOMPARE(count->toInt(), 0);
    QCOMPARE(settings.load()->integer(QStringLiteral("ai.historyMessages")), 20);
}

void StorageTest::transactionCommitKeepsWrites()
{
    SettingsRepository settings(*m_db);
    {
        Transaction transaction(*m_db);
        VERIFY_OK(transaction.started());
        VERIFY_OK(settings.set(QStringLiteral("ai.historyMessages"), QStringLiteral("7"), now));
        VERIFY_OK(transaction.commit());
        // A second commit is an error, not a silent success.
        QVERIFY(!transaction.commit().ok());
    }
    QCOMPARE(settings.load()->integer(QStringLiteral("ai.historyMessages")), 7);
}

// --- Leads --------------------------------------------------------------------------

void StorageTest::leadCreateAndFindByPhoneKey()
{
    LeadRepository leads(*m_db);
    Lead lead;
    lead.name = QStringLiteral("Ana Núñez");
    lead.phone = QStringLiteral("+5491155550000");
    lead.phoneKey = QStringLiteral("+541155550000");
    lead.country = QStringLiteral("AR");
    lead.email = QStringLiteral("ana@example.com");
    lead.source = LeadSource::WhatsApp;
    lead.metadata.insert(QStringLiteral("origin"), QStringLiteral("fixture"));

    auto id = leads.create(lead, now);
    VERIFY_OK(id);
    QVERIFY(*id > 0);

    auto found = leads.findByPhoneKey(QStringLiteral("+541155550000"));
    VERIFY_OK(found);
    QVERIFY(found->has_value());
    const Lead &stored = **found;
    QCOMPARE(stored.id, *id);
    QCOMPARE(stored.name, lead.name);
    QCOMPARE(stored.phone, lead.phone);
    QCOMPARE(stored.phoneKey, lead.phoneKey);
    QCOMPARE(stored.country, lead.country);
    QCOMPARE(stored.email, lead.email);
    QCOMPARE(toString(stored.source), QStringLiteral("whatsapp"));
    QCOMPARE(toString(stored.status), QStringLiteral("new"));
    QCOMPARE(stored.campaignId, 0);
    QCOMPARE(stored.metadata, lead.metadata);
    QCOMPARE(stored.optedOut, false);
    QCOMPARE(stored.createdMs, now);

    // The E.164 phone is not the identity: only the key finds the lead.
    auto byPhone = leads.findByPhoneKey(QStringLiteral("+5491155550000"));
    VERIFY_OK(byPhone);
    QVERIFY(!byPhone->has_value());
}

void StorageTest::leadPhoneKeyIsUnique()
{
    LeadRepository leads(*m_db);
    Lead first;
    first.phone = QStringLiteral("+525512345678");
    first.phoneKey = QStringLiteral("+525512345678");
    VERIFY_OK(leads.create(first, now));

    Lead second = first;
    second.name = QStringLiteral("Otra persona");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^A statement failed")));
    auto duplicate = leads.create(second, now);
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);
    QCOMPARE(leads.count().valueOr(-1), 1);

    // Leads without a phone (an e-mail lead) do not collide with each other.
    Lead noPhone;
    noPhone.email = QStringLiteral("a@example.com");
    VERIFY_OK(leads.create(noPhone, now));
    noPhone.email = QStringLiteral("b@example.com");
    VERIFY_OK(leads.create(noPhone, now));
    QCOMPARE(leads.count().valueOr(-1), 3);
}

void StorageTest::agentsSeeTheirOwnAndUnassignedLeads()
{
    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 beto = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    const qint64 mine = createLead(QStringLiteral("+5215512345601"));
    const qint64 theirs = createLead(QStringLiteral("+5215512345602"));
    const qint64 nobodys = createLead(QStringLiteral("+5215512345603"));
    LeadRepository leads(*m_db);
    VERIFY_OK(leads.setAssignedUser(mine, ana, now));
    VERIFY_OK(leads.setAssignedUser(theirs, beto, now));

    auto idsOf = [](const QList<LeadRepository::Row> &rows) {
        QList<qint64> ids;
        for (const auto &row : rows)
            ids << row.lead.id;
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    LeadListFilter anaFilter;
    anaFilter.visibility.agentUserId = ana;
    anaFilter.limit = 100;
    auto anaSees = leads.listRows(anaFilter);
    VERIFY_OK(anaSees);
    QCOMPARE(idsOf(*anaSees), (QList<qint64>{mine, nobodys}));
    QCOMPARE(leads.count(anaFilter).valueOr(-1), 2);

    auto everyone = leads.listRows({});
    VERIFY_OK(everyone);
    QCOMPARE(idsOf(*everyone), (QList<qint64>{mine, theirs, nobodys}));

    LeadListFilter filter;
    filter.visibility.agentUserId = beto;
    auto betoSees = leads.list(filter);
    VERIFY_OK(betoSees);
    QCOMPARE(betoSees->size(), 2);

    VERIFY_OK(leads.setAssignedUser(theirs, 0, now));
    QCOMPARE(leads.count(anaFilter).valueOr(-1), 3);
}

void StorageTest::searchFindsWords_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // names of the leads found
    const QStringList jose{QStringLiteral("José Peña")};
    const QStringList maria{QStringLiteral("María Gómez")};
    QTest::newRow("accented name typed plain") << QStringLiteral("jose pena") << jose;
    QTest::newRow("plain name typed accented") << QStringLiteral("MARÍA") << maria;
    QTest::newRow("last word as prefix") << QStringLiteral("jose pe") << jose;
    QTest::newRow("earlier words whole") << QStringLiteral("jos pena") << QStringList();
    QTest::newRow("email word") << QStringLiteral("ventas") << maria;
    QTest::newRow("notes word") << QStringLiteral("interesada") << maria;
    QTest::newRow("message text") << QStringLiteral("cotización plan") << jose;
    QTest::newRow("words of two messages") << QStringLiteral("cotizacion hola") << jose;
    QTest::newRow("name and message word") << QStringLiteral("pena empresa") << jose;
    QTest::newRow("word that is not there") << QStringLiteral("jose gomez") << QStringList();
    // Words are indexed by their first 64 letters: the notes end with a word of 70 x.
    QTest::newRow("word of 70 letters") << QString(70, QLatin1Char('x')) + QStringLiteral(" anual") << maria;
    QTest::newRow("start of a long word") << QStringLiteral("xxxx") << maria;
    QTest::newRow("phone run typed with spaces") << QStringLiteral("5512 3456") << jose;
    QTest::newRow("phone run from the middle") << QStringLiteral("9000") << maria;
    QTest::newRow("three digits are not a phone run") << QStringLiteral("551") << QStringList();
    QTest::newRow("no match") << QStringLiteral("zapato") << QStringList();
    QTest::newRow("no stemming") << QStringLiteral("interesadas") << QStringList();
    QTest::newRow("only emoji and punctuation") << QStringLiteral("😀 %_*") << QStringList();
    QStringList repeated(600, QStringLiteral("pena"));
    QTest::newRow("600 repeated words") << repeated.join(QLatin1Char(' ')) << jose;
    QStringList distinctWords;
    for (int i = 0; i < 600; ++i)
        distinctWords << QStringLiteral("w%1").arg(i);
    QTest::newRow("600 distinct words") << distinctWords.join(QLatin1Char(' ')) << QStringList();
}

void StorageTest::searchFindsWords()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);

    LeadRepository leads(*m_db);
    Lead jose;
    jose.name = QStringLiteral("José Peña");
    jose.phone = QStringLiteral("+525512345678");
    jose.phoneKey = jose.phone;
    auto joseId = leads.create(jose, now);
    VERIFY_OK(joseId);
    Lead maria;
    maria.name = QStringLiteral("María Gómez");
    maria.email = QStringLiteral("maria.gomez@ventas.example.com");
    maria.notes = QStringLiteral("Muy interesada en el plan anual. ") + QString(70, QLatin1Char('x'));
    maria.phone = QStringLiteral("+51999000111");
    maria.phoneKey = maria.phone;
    VERIFY_OK(leads.create(maria, now));

    Conversation conversation;
    conversation.leadId = *joseId;
    conversation.providerAddress = QStringLiteral("5215512345678");
    auto conversationId = ConversationRepository(*m_db).create(conversation, now);
    VERIFY_OK(conversationId);
    for (const QString &text : {QStringLiteral("Quiero una cotización del plan empresarial"), QStringLiteral("Hola")}) {
        Message message;
        message.conversationId = *conversationId;
        message.content = text;
        message.createdMs = now;
        VERIFY_OK(MessageRepository(*m_db).insert(message));
    }

    LeadListFilter filter;
    filter.search = query;
    auto found = leads.list(filter);
    VERIFY_OK(found);
    QStringList names;
    for (const Lead &lead : std::as_const(*found))
        names << lead.name;
    names.sort();
    QCOMPARE(names, expected);
    QCOMPARE(leads.count(filter).valueOr(-1), int(expected.size()));
}

void StorageTest::commonWordPagesMatchTheOrder_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<LeadSortKey>("sortKey");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("condition"); // besides the search: "", "stage", "agent" or "owner"
    // "spread": the notes of three leads in four contain "hola", the fourth's "Holanda".
    // "oldest": only the twelve oldest leads' notes contain "hola".
    // Every third lead is contacted. Two leads in five belong to Ana, one in five to Beto.
    QTest::newRow("word spread, newest first") << QStringLiteral("hola") << QStringLiteral("spread")
                                               << LeadSortKey::LastContact << true << QString();
    QTest::newRow("prefix spread, newest first") << QStringLiteral("hol") << QStringLiteral("spread")
                                                 << LeadSortKey::LastContact << true << QString();
    QTest::newRow("word spread, by name") << QStringLiteral("HOLA") << QStringLiteral("spread") << LeadSortKey::Name
                                          << false << QString();
    QTest::newRow("word among the oldest, newest first") << QStringLiteral("hola") << QStringLiteral("oldest")
                                                         << LeadSortKey::LastContact << true << QString();
    QTest::newRow("word among the oldest, oldest first") << QStringLiteral("hola") << QStringLiteral("oldest")
                                                         << LeadSortKey::LastContact << false << QString();
    QTest::newRow("word spread, within a stage") << QStringLiteral("hola") << QStringLiteral("spread")
                                                 << LeadSortKey::LastContact << true << QStringLiteral("stage");
    QTest::newRow("prefix spread, agent's view") << QStringLiteral("hol") << QStringLiteral("spread")
                                                 << LeadSortKey::LastContact << true << QStringLiteral("agent");
    QTest::newRow("word spread, one owner, by name") << QStringLiteral("hola") << QStringLiteral("spread")
                                                     << LeadSortKey::Name << false << QStringLiteral("owner");
    QTest::newRow("word among the oldest, agent's view") << QStringLiteral("hola") << QStringLiteral("oldest")
                                                         << LeadSortKey::LastContact << true << QStringLiteral("agent");
}

// A search whose matches are dense walks the first leads of the sort order instead of
// gathering every match (LeadRepository::SearchWalkRows). Whichever way a page is read,
// it contains the same leads as the whole order filtered, also within a stage, an owner
// or an agent's view. The count is the number of matches.
void StorageTest::commonWordPagesMatchTheOrder()
{
    QFETCH(QString, query);
    QFETCH(QString, layout);
    QFETCH(LeadSortKey, sortKey);
    QFETCH(bool, descending);
    QFETCH(QString, condition);

    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 beto = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    LeadRepository leads(*m_db);
    // Forty leads make the walk of 20 leads hold the first pages of the spread layout,
    // and none of the other.
    leads.setSearchWalkRows(20);
    QSet<qint64> matching;
    for (int i = 0; i < 40; ++i) {
        Lead lead;
        lead.name = QStringLiteral("Cliente %1").arg(39 - i, 2, 10, QLatin1Char('0'));
        lead.phone = QStringLiteral("+5199900%1").arg(i, 4, 10, QLatin1Char('0'));
        lead.phoneKey = lead.phone;
        if (layout == QLatin1String("spread"))
            lead.notes = i % 4 == 0 ? QStringLiteral("de Holanda") : QStringLiteral("dijo hola");
        else if (i < 12)
            lead.notes = QStringLiteral("dijo hola");
        lead.status = i % 3 == 0 ? LeadStatus::Contacted : LeadStatus::New;
        auto id = leads.create(lead, now + i * 1000);
        VERIFY_OK(id);
        qint64 owner = 0;
        if (i % 5 == 1 || i % 5 == 3)
            owner = ana;
        else if (i % 5 == 2)
            owner = beto;
        if (owner > 0)
            VERIFY_OK(leads.setAssignedUser(*id, owner, now + i * 1000));
        bool admitted = true;
        if (condition == QLatin1String("stage"))
            admitted = lead.status == LeadStatus::Contacted;
        else if (condition == QLatin1String("agent"))
            admitted = owner != beto;
        else if (condition == QLatin1String("owner"))
            admitted = owner == ana;
        if (admitted && lead.notes.toLower().contains(query.toLower()))
            matching.insert(*id);
    }

    LeadListFilter everyLead;
    everyLead.sort = LeadSort{sortKey, descending};
    auto ordered = leads.listRows(everyLead);
    VERIFY_OK(ordered);
    QList<qint64> expected;
    for (const LeadRepository::Row &row : std::as_const(*ordered)) {
        if (matching.contains(row.lead.id))
            expected << row.lead.id;
    }

    LeadListFilter filter = everyLead;
    filter.search = query;
    filter.limit = 5;
    if (condition == QLatin1String("stage"))
        filter.status = LeadStatus::Contacted;
    else if (condition == QLatin1String("agent"))
        filter.visibility.agentUserId = ana;
    else if (condition == QLatin1String("owner"))
        filter.assignedUserId = ana;
    // SQLite only: the statements that walked the order, and those that gathered the
    // matches, for the first page.
    QStringList walks;
    QStringList gathers;
    m_db->observeQueryPlans([&](const QString &sql, const QStringList &) {
        if (filter.offset != 0)
            return;
        if (sql.contains(QLatin1String("sort_key")))
            walks << sql;
        else if (sql.contains(QLatin1String("LIMIT ? OFFSET ?")))
            gathers << sql;
    });
    for (int offset : {0, 5, 25, 40}) {
        filter.offset = offset;
        auto page = leads.listRows(filter);
        VERIFY_OK(page);
        QList<qint64> ids;
        for (const LeadRepository::Row &row : std::as_const(*page))
            ids << row.lead.id;
        QCOMPARE(ids, expected.mid(offset, 5));
    }
    m_db->observeQueryPlans({});
    QCOMPARE(leads.count(filter).valueOr(-1), int(expected.size()));
    if (isPostgres())
        return;
    // The first page of the spread layout comes from the walk alone, and so does that of
    // the oldest layout in the oldest-first order. Newest first, the oldest layout has
    // enough matches to try the walk, which finds none, so its matches are gathered.
    QVERIFY(!walks.isEmpty());
    if (layout == QLatin1String("spread") || !descending)
        QVERIFY2(gathers.isEmpty(), qPrintable(gathers.join(QLatin1Char('\n'))));
    else
        QVERIFY(!gathers.isEmpty());
}

void StorageTest::countsAgreeWithTheGatheredLeads_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("condition"); // "stage", "source", "owner", "unassigned", "agent", "campaign"
    for (const QString &search : {QStringLiteral("hola"), QStringLiteral("hol"), QString()}) {
        for (const QString &condition :
             {QStringLiteral("stage"), QStringLiteral("source"), QStringLiteral("owner"), QStringLiteral("unassigned"),
              QStringLiteral("agent"), QStringLiteral("agent and stage"), QStringLiteral("campaign")}) {
            const QString name = QStringLiteral("%1, %2").arg(search.isEmpty() ? QStringLiteral("no search") : search,
                                                             condition);
            QTest::newRow(qPrintable(name)) << search << condition;
        }
    }
}

// Whichever way a count is made (the index's term rows, intersected id sets, or a lookup of
// each lead), it is the number of leads that a list without a limit returns. A lead with
// the word in its notes and in a message is counted once.
void StorageTest::countsAgreeWithTheGatheredLeads()
{
    QFETCH(QString, search);
    QFETCH(QString, condition);

    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 beto = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    const qint64 campaign = createCampaign(QStringLiteral("Verano"), {});
    QVERIFY(campaign > 0);
    LeadRepository leads(*m_db);
    for (int i = 0; i < 30; ++i) {
        Lead lead;
        lead.name = QStringLiteral("Cliente %1").arg(i);
        lead.phone = QStringLiteral("+5199900%1").arg(i, 4, 10, QLatin1Char('0'));
        lead.phoneKey = lead.phone;
        if (i % 2 == 0)
            lead.notes = QStringLiteral("dijo hola");
        else if (i % 7 == 0)
            lead.notes = QStringLiteral("de Holanda");
        lead.status = i % 3 == 0 ? LeadStatus::Qualified : LeadStatus::New;
        lead.source = i % 4 == 0 ? LeadSource::Import : LeadSource::WhatsApp;
        lead.campaignId = i % 5 == 0 ? campaign : 0;
        auto id = leads.create(lead, now + i);
        VERIFY_OK(id);
        if (i % 3 != 2)
            VERIFY_OK(leads.setAssignedUser(*id, i % 3 == 0 ? ana : beto, now + i));
        if (i % 4 == 0) {
            Conversation conversation;
            conversation.leadId = *id;
            conversation.providerAddress = lead.phone.mid(1);
            auto conversationId = ConversationRepository(*m_db).create(conversation, now + i);
            VERIFY_OK(conversationId);
            Message message;
            message.conversationId = *conversationId;
            message.sender = SenderKind::Lead;
            message.content = QStringLiteral("hola, quiero informes");
            message.createdMs = now + i;
            VERIFY_OK(MessageRepository(*m_db).insert(message));
        }
    }

    LeadListFilter filter;
    filter.search = search;
    if (condition.contains(QLatin1String("stage")))
        filter.status = LeadStatus::Qualified;
    if (condition == QLatin1String("source"))
        filter.source = LeadSource::Import;
    if (condition == QLatin1String("owner"))
        filter.assignedUserId = ana;
    if (condition == QLatin1String("unassigned"))
        filter.assignedUserId = -1;
    if (condition.startsWith(QLatin1String("agent")))
        filter.visibility.agentUserId = ana;
    if (condition == QLatin1String("campaign"))
        filter.campaignId = campaign;

    auto gathered = leads.listRows(filter);
    VERIFY_OK(gathered);
    QVERIFY(!gathered->isEmpty());
    QCOMPARE(leads.count(filter).valueOr(-1), int(gathered->size()));
}

// A word within a stage was counted through a lookup of each match's lead: 140 ms for
// "hola" within a stage of the 1M data set. Merging the word's and the stage's ids in id
// order took 46 ms, and an agent's view merges the unassigned and their own leads.
void StorageTest::wordWithinAStageCountsByMergingIds()
{
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    Lead lead;
    lead.name = QStringLiteral("Cliente");
    lead.notes = QStringLiteral("dijo hola");
    VERIFY_OK(LeadRepository(*m_db).create(lead, now));

    LeadListFilter filter;
    filter.search = QStringLiteral("hola");
    filter.status = LeadStatus::New;
    filter.visibility.agentUserId = ana;
    Result<int> count = 0;
    const QStringList plan = planOf(QStringLiteral("INTERSECT"), [&] { count = LeadRepository(*m_db).count(filter); });
    QCOMPARE(count.valueOr(-1), 1);
    const QString planText = plan.join(QLatin1Char('\n'));
    QCOMPARE(planText.count(QStringLiteral("MERGE (INTERSECT)")), 4);
    QVERIFY2(planText.contains(QStringLiteral("leads_stage")), qPrintable(planText));
    QVERIFY2(planText.contains(QStringLiteral("leads_unassigned")), qPrintable(planText));
    QVERIFY2(planText.contains(QStringLiteral("leads_owner_inbox")), qPrintable(planText));
    QVERIFY2(!planText.contains(QStringLiteral("INTEGER PRIMARY KEY")), qPrintable(planText));
}

void StorageTest::lockTakenSoonAfterRelease()
{
    if (isPostgres())
        QSKIP("PostgreSQL locks rows, not the database");
    // Another process (an import) keeps the write lock for 130 ms. SQLite's own busy
    // handler would try again 128 and 178 ms after the waiter started, 48 ms late.
    VERIFY_OK(m_db->begin());
    VERIFY_OK(SettingsRepository(*m_db).set(QStringLiteral("ai.historyMessages"), QStringLiteral("7"), now));

    QElapsedTimer clock;
    clock.start();
    qint64 acquiredMs = -1;
    int busyTimeoutMs = -1;
    Status waited;
    std::thread waiter([&] {
        Database database;
        waited = database.open(m_db->location(), QStringLiteral("tst_storage_lock_waiter"));
        if (!waited)
            return;
        waited = database.begin();
        acquiredMs = clock.elapsed();
        if (!waited)
            return;
        busyTimeoutMs = database.scalar(QStringLiteral("PRAGMA busy_timeout")).valueOr(-1).toInt();
        database.rollback();
    });
    QThread::msleep(130);
    VERIFY_OK(m_db->commit());
    const qint64 releasedMs = clock.elapsed();
    waiter.join();

    VERIFY_OK(waited);
    const QString times = QStringLiteral("taken at %1 ms, freed at %2 ms").arg(acquiredMs).arg(releasedMs);
    QVERIFY2(acquiredMs >= releasedMs - 1, qPrintable(times));
    QVERIFY2(acquiredMs - releasedMs < 30, qPrintable(times));
    // The busy handler is back for the statements of the transaction.
    QCOMPARE(busyTimeoutMs, 5000);
}

void StorageTest::extendedBusyCodesAreBusy_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("busy");
    QTest::newRow("SQLITE_BUSY") << QStringLiteral("5") << true;
    // Another process is recovering the WAL, so waiting helps, as for plain BUSY.
    QTest::newRow("SQLITE_BUSY_RECOVERY") << QStringLiteral("261") << true;
    QTest::newRow("SQLITE_BUSY_SNAPSHOT") << QStringLiteral("517") << true;
    QTest::newRow("SQLITE_BUSY_TIMEOUT") << QStringLiteral("773") << true;
    QTest::newRow("SQLITE_LOCKED") << QStringLiteral("6") << false;
    QTest::newRow("SQLITE_READONLY") << QStringLiteral("8") << false;
    QTest::newRow("SQLITE_CONSTRAINT_UNIQUE") << QStringLiteral("2067") << false;
    QTest::newRow("no code") << QString() << false;
}

void StorageTest::extendedBusyCodesAreBusy()
{
    QFETCH(QString, code);
    QFETCH(bool, busy);
    const QSqlError error(QStringLiteral("database is locked"), QStringLiteral("Unable to execute statement"),
                          QSqlError::StatementError, code);
    QCOMPARE(Database::isSqliteBusy(error), busy);
}

// Removing a lead while another process still writes its terms (a new name, a new
// message) leaves none behind: the search count reads the index without the leads table.
void StorageTest::removalWaitsForTermWriters()
{
    if (!isPostgres())
        QSKIP("SQLite admits one writer at a time");
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversationId > 0);
    auto leadId = m_db->scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {conversationId});
    VERIFY_OK(leadId);

    Database writer;
    VERIFY_OK(writer.open(m_db->location(), QStringLiteral("tst_storage_term_writer")));
    VERIFY_OK(writer.begin());
    VERIFY_OK(LeadRepository(writer).setName(leadId->toLongLong(), QStringLiteral("Ana Beltrán"), now));
    Message message;
    message.conversationId = conversationId;
    message.content = QStringLiteral("Quiero una cotización urgente");
    message.createdMs = now;
    VERIFY_OK(MessageRepository(writer).insert(message));

    // The removal runs on a connection of its own thread and must wait for the writer.
    Status removal;
    std::thread remover([&] {
        Database database;
        if (auto opened = database.open(m_db->location(), QStringLiteral("tst_storage_remover")); !opened) {
            removal = opened;
            return;
        }
        Transaction transaction(database);
        removal = transaction.started();
        if (removal)
            removal = LeadRepository(database).remove(leadId->toLongLong());
        if (removal)
            removal = transaction.commit();
    });
    const auto lockWaits = [this] {
        auto waits = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity "
                                                 "WHERE wait_event_type = 'Lock' AND datname = current_database()"),
                                  {}, 0);
        return waits ? waits->toInt() : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(lockWaits() > 0, 10000);
    VERIFY_OK(writer.commit());
    remover.join();
    VERIFY_OK(removal);

    auto terms = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM search_terms WHERE lead_id = ?"), {*leadId});
    VERIFY_OK(terms);
    QCOMPARE(terms->toInt(), 0);
    QCOMPARE(LeadRepository(*m_db).count(LeadListFilter{.search = QStringLiteral("cotizacion")}).valueOr(-1), 0);
}

// The leads a search finds, by name.
static QStringList namesFound(const Database &database, const QString &query)
{
    LeadListFilter filter;
    filter.search = query;
    auto found = LeadRepository(database).list(filter);
    if (!found)
        return {QStringLiteral("(error) ") + found.error().message};
    QStringList names;
    for (const Lead &lead : std::as_const(*found))
        names << lead.name;
    names.sort();
    return names;
}

void StorageTest::searchIndexFollowsLeadEdits()
{
    LeadRepository leads(*m_db);
    Lead ana;
    ana.name = QStringLiteral("Ana López");
    ana.phone = QStringLiteral("+525512345678");
    ana.phoneKey = ana.phone;
    auto id = leads.create(ana, now);
    VERIFY_OK(id);
    QCOMPARE(namesFound(*m_db, QStringLiteral("lopez")), QStringList{ana.name});

    VERIFY_OK(leads.setName(*id, QStringLiteral("Ana Ruiz"), now + 1));
    QCOMPARE(namesFound(*m_db, QStringLiteral("lopez")), QStringList());
    QCOMPARE(namesFound(*m_db, QStringLiteral("ruiz")), QStringList{QStringLiteral("Ana Ruiz")});

    auto stored = leads.findById(*id);
    VERIFY_OK(stored);
    Lead edited = **stored;
    edited.phone = QStringLiteral("+51999000111");
    edited.phoneKey = edited.phone;
    edited.notes = QStringLiteral("Prefiere llamadas por la tarde");
    VERIFY_OK(leads.save(edited, now + 2));
    QCOMPARE(namesFound(*m_db, QStringLiteral("5512")), QStringList());
    QCOMPARE(namesFound(*m_db, QStringLiteral("999 000")), QStringList{QStringLiteral("Ana Ruiz")});
    QCOMPARE(namesFound(*m_db, QStringLiteral("tarde")), QStringList{QStringLiteral("Ana Ruiz")});

    // No row is left from the earlier name or phone: "ana ruiz prefiere llamadas por la
    // tarde" is 7 words, and "51999000111" has 8 runs of at least 4 digits.
    auto fieldTerms = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM search_terms WHERE lead_id = ? AND origin = 0"), {*id});
    VERIFY_OK(fieldTerms);
    QCOMPARE(fieldTerms->toInt(), 7);
    auto phoneTerms = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM search_terms WHERE lead_id = ? AND origin = 1"), {*id});
    VERIFY_OK(phoneTerms);
    QCOMPARE(phoneTerms->toInt(), 8);
}

void StorageTest::searchIndexForgetsRemovedLead()
{
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversationId > 0);
    Message message;
    message.conversationId = conversationId;
    message.content = QStringLiteral("Necesito precios del plan anual");
    message.createdMs = now;
    VERIFY_OK(MessageRepository(*m_db).insert(message));
    auto leadId = m_db->scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {conversationId});
    VERIFY_OK(leadId);
    auto before = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM search_terms"));
    VERIFY_OK(before);
    QVERIFY(before->toInt() > 5);

    VERIFY_OK(LeadRepository(*m_db).remove(leadId->toLongLong()));

    // SQLite may give the next lead the same id, which must not inherit these terms.
    auto after = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM search_terms"));
    VERIFY_OK(after);
    QCOMPARE(after->toInt(), 0);
}

// The migration fills the index with SQL; the repositories with C++. Both must write the
// same rows, accents, long words and scripts without case included.
void StorageTest::searchIndexPopulateMatchesWrites()
{
    LeadRepository leads(*m_db);
    const QStringList names{QStringLiteral("José Peña Ñandú"), QStringLiteral("Ünal Çelik"), QStringLiteral("東京 商事"),
                            QString(100, QChar(0x00F1)) + QStringLiteral(" final"), QString()};
    for (qsizetype i = 0; i < names.size(); ++i) {
        Lead lead;
        lead.name = names.at(i);
        lead.email = QStringLiteral("cliente%1@Ejemplo.com").arg(i);
        lead.notes = QStringLiteral("Nota número %1: ¿COTIZACIÓN? sí").arg(i);
        lead.phone = i == 4 ? QString() : QStringLiteral("+5255%1").arg(12345670 + i);
        lead.phoneKey = lead.phone;
        auto id = leads.create(lead, now);
        VERIFY_OK(id);
        Conversation conversation;
        conversation.leadId = *id;
        conversation.providerAddress = QStringLiteral("5255%1").arg(i);
        auto conversationId = ConversationRepository(*m_db).create(conversation, now);
        VERIFY_OK(conversationId);
        for (const QString &text : {QStringLiteral("Hola, quiero información"), QStringLiteral("Gracias 👍 mañana"),
                                    QString(80, QLatin1Char('a')) + QStringLiteral("é")}) {
            Message message;
            message.conversationId = *conversationId;
            message.content = text;
            message.createdMs = now;
            VERIFY_OK(MessageRepository(*m_db).insert(message));
        }
    }

    const auto rows = [this]() {
        QStringList result;
        auto query = m_db->exec(QStringLiteral("SELECT term, lead_id, origin FROM search_terms ORDER BY term, lead_id, origin"));
        if (!query)
            return QStringList{query.error().message};
        while (query->next())
            result << QStringLiteral("%1|%2|%3").arg(query->value(0).toString(), query->value(1).toString(),
                                                     query->value(2).toString());
        query->finish();
        return result;
    };
    const QStringList written = rows();
    QVERIFY(written.size() > 60);
    QVERIFY(written.contains(QString(64, QChar(0x006E)) + QStringLiteral("|4|0")));

    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM search_terms")));
    VERIFY_OK(SearchIndex(*m_db).populate());
    QCOMPARE(rows(), written);
}

// Terms held in a SearchTermBatch, including those a later save in the same batch
// removes again, end up as the rows that writing lead by lead gives.
void StorageTest::searchTermBatchMatchesDirectWrites()
{
    auto termRows = [this] { return TestSupport::searchTermRows(*m_db); };
    auto writeLeads = [this](SearchTermBatch *batch) -> Status {
        LeadRepository leads(*m_db);
        leads.deferSearchTerms(batch);
        Lead lead;
        lead.name = QStringLiteral("Marta Ríos");
        lead.phone = QStringLiteral("+525511112222");
        lead.phoneKey = lead.phone;
        lead.notes = QStringLiteral("quiere cotización");
        auto id = leads.create(lead, now);
        if (!id)
            return id.error();
        lead.id = *id;
        lead.name = QStringLiteral("Marta Solís");
        lead.phone = QStringLiteral("+525533334444");
        lead.phoneKey = lead.phone;
        return leads.save(lead, now);
    };

    VERIFY_OK(writeLeads(nullptr));
    const QStringList direct = termRows();
    QVERIFY(direct.filter(QStringLiteral("rios ")).isEmpty());
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM leads")));
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM search_terms")));

    SearchTermBatch batch;
    VERIFY_OK(writeLeads(&batch));
    QVERIFY(termRows().isEmpty());
    VERIFY_OK(SearchIndex(*m_db).insertBatch(batch));
    QVERIFY(batch.isEmpty());
    const QStringList batched = termRows();
    QCOMPARE(batched.size(), direct.size());
    // Lead ids differ between the two runs, so rows compare without them.
    auto withoutIds = [](QStringList rows) {
        for (QString &row : rows)
            row = row.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ') + row.section(QLatin1Char(' '), 2, 2);
        rows.sort();
        return rows;
    };
    QCOMPARE(withoutIds(batched), withoutIds(direct));
}

// Terms reach the database as JSON text, batched or not. Every character that JSON escapes
// and a pair of UTF-16 surrogates arrive as they were, and a lone surrogate as U+FFFD.
// A provider may send U+0000 in a message or a profile name ("hola\u0000mundo" in the
// webhook's JSON). PostgreSQL's text cannot hold it, so the acknowledged message failed
// every attempt and was lost. Both engines store U+FFFD instead, and the words around it
// stay searchable.
void StorageTest::nulCharacterStoredAsReplacement()
{
    const QString withNul = QStringLiteral("hola") + QChar(u'\0') + QStringLiteral("mundo");
    const QString replaced = QStringLiteral("hola") + QChar(QChar::ReplacementCharacter) + QStringLiteral("mundo");
    Lead lead;
    lead.name = QStringLiteral("Ana") + QChar(u'\0') + QStringLiteral("Ruiz");
    lead.phone = QStringLiteral("+51999000111");
    lead.phoneKey = lead.phone;
    auto leadId = LeadRepository(*m_db).create(lead, now);
    VERIFY_OK(leadId);
    Conversation conversation;
    conversation.leadId = *leadId;
    conversation.providerAddress = QStringLiteral("51999000111");
    auto conversationId = ConversationRepository(*m_db).create(conversation, now);
    VERIFY_OK(conversationId);
    Message message;
    message.conversationId = *conversationId;
    message.sender = SenderKind::Lead;
    message.content = withNul;
    message.createdMs = now;
    auto messageId = MessageRepository(*m_db).insert(message);
    VERIFY_OK(messageId);

    auto content = m_db->scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {*messageId});
    VERIFY_OK(content);
    QCOMPARE(content->toString(), replaced);
    auto name = m_db->scalar(QStringLiteral("SELECT name FROM leads WHERE id = ?"), {*leadId});
    VERIFY_OK(name);
    QCOMPARE(name->toString(), QStringLiteral("Ana") + QChar(QChar::ReplacementCharacter) + QStringLiteral("Ruiz"));
    LeadListFilter filter;
    filter.search = QStringLiteral("mundo");
    QCOMPARE(LeadRepository(*m_db).count(filter).valueOr(-1), 1);
    filter.search = QStringLiteral("ruiz");
    QCOMPARE(LeadRepository(*m_db).count(filter).valueOr(-1), 1);
}

void StorageTest::searchTermsStoredVerbatim()
{
    QFETCH_GLOBAL(QString, engine);
    const QString loneSurrogate = QStringLiteral("z") + QChar(0xD800) + QStringLiteral("z");
    const QStringList words = {QStringLiteral("a\"b"), QStringLiteral("c\\d"), QStringLiteral("e\tf"),
                               QStringLiteral("x\u0001y"), QStringLiteral("/slash"), QStringLiteral("123"),
                               QStringLiteral("sonrisa😀"), loneSurrogate};
    QStringList expected = words;
    expected.replace(expected.indexOf(loneSurrogate), QStringLiteral("z\uFFFDz"));
    expected.sort();

    const auto storedTerms = [this](qint64 leadId) -> QStringList {
        auto query = m_db->exec(QStringLiteral("SELECT term FROM search_terms WHERE lead_id = ? AND origin = 0"),
                                {leadId});
        QStringList terms;
        while (query && query->next())
            terms << query->value(0).toString();
        terms.sort();
        return terms;
    };
    const auto addLead = [this](const QString &phone) -> qint64 {
        Lead lead;
        lead.phone = phone;
        lead.phoneKey = phone;
        auto id = LeadRepository(*m_db).create(lead, now);
        return id ? *id : 0;
    };

    const qint64 direct = addLead(QStringLiteral("+525511112222"));
    QVERIFY(direct > 0);
    VERIFY_OK(SearchIndex(*m_db).updateLead(direct, QString(), QString(), words.join(QLatin1Char(' ')), QString()));
    QCOMPARE(storedTerms(direct), expected);

    const qint64 batched = addLead(QStringLiteral("+525533334444"));
    QVERIFY(batched > 0);
    SearchTermBatch batch;
    VERIFY_OK(SearchIndex(*m_db, &batch).updateLead(batched, QString(), QString(), words.join(QLatin1Char(' ')),
                                                    QString()));
    VERIFY_OK(SearchIndex(*m_db).insertBatch(batch));
    QCOMPARE(storedTerms(batched), expected);

    if (engine == QLatin1String("sqlite")) {
        // Ids in the JSON must stay integers, and a term of digits must stay text.
        auto types = m_db->exec(QStringLiteral("SELECT DISTINCT typeof(term) || ' ' || typeof(lead_id) || ' ' || "
                                               "typeof(origin) FROM search_terms WHERE lead_id = ?"),
                                {batched});
        VERIFY_OK(types);
        QVERIFY(types->next());
        QCOMPARE(types->value(0).toString(), QStringLiteral("text integer integer"));
        QVERIFY(!types->next());
    }
}

// SQLite gives a new row the highest rowid plus one, so the id of a deleted newest lead,
// conversation or campaign came back for the next one, and a client holding that id read
// another person's record. Ids only grow, on both engines.
void StorageTest::deletedIdsAreNotGivenAgain()
{
    const qint64 conversation = createConversation(QStringLiteral("+525512340001"));
    QVERIFY(conversation > 0);
    auto leadOfConversation = m_db->scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {conversation});
    VERIFY_OK(leadOfConversation);
    const qint64 lead = leadOfConversation->toLongLong();
    const qint64 campaign = createCampaign(QStringLiteral("Verano"), {QStringLiteral("verano")});
    QVERIFY(campaign > 0);

    // Deleting the lead deletes its conversation too.
    VERIFY_OK(LeadRepository(*m_db).remove(lead));
    VERIFY_OK(CampaignRepository(*m_db).remove(campaign));

    const qint64 nextConversation = createConversation(QStringLiteral("+525512340002"));
    auto nextLead = m_db->scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {nextConversation});
    VERIFY_OK(nextLead);
    const qint64 nextCampaign = createCampaign(QStringLiteral("Otoño"), {QStringLiteral("otono")});
    QVERIFY2(nextLead->toLongLong() > lead, qPrintable(QStringLiteral("%1 after %2").arg(nextLead->toLongLong()).arg(lead)));
    QVERIFY2(nextConversation > conversation, qPrintable(QStringLiteral("%1 after %2").arg(nextConversation).arg(conversation)));
    QVERIFY2(nextCampaign > campaign, qPrintable(QStringLiteral("%1 after %2").arg(nextCampaign).arg(campaign)));

    // Past the mark, new ids follow one another as before.
    const qint64 leadAfterMark = createLead(QStringLiteral("+525512340003"));
    QCOMPARE(leadAfterMark, nextLead->toLongLong() + 1);
}

void StorageTest::copierCoversEveryTable()
{
    QStringList tables = tableNames();
    tables.removeAll(QStringLiteral("schema_migrations"));
    QStringList copied = DatabaseCopier::tables();
    copied.sort();
    QCOMPARE(copied, tables);
}

void StorageTest::copierStopRollsBack()
{
    QVERIFY(createLead(QStringLiteral("+525512340001")) > 0);
    QVERIFY(createLead(QStringLiteral("+525512340002")) > 0);
    QVERIFY(createLead(QStringLiteral("+525512340003")) > 0);
    DatabaseLocation targetLocation;
    targetLocation.engine = SqlEngine::Sqlite;
    targetLocation.filePath = m_dir.filePath(QStringLiteral("copy-target-%1.db").arg(m_databaseCount));
    Database target;
    VERIFY_OK(target.open(targetLocation, QStringLiteral("tst_storage_copy_target_%1").arg(m_databaseCount)));
    VERIFY_OK(Migrations::apply(target, 0));

    // Stops at the second row, with the first already inserted into the target.
    int stopAfter = 0;
    const auto stopped = DatabaseCopier::copy(*m_db, target, {}, [&stopAfter] { return ++stopAfter == 2; });
    QVERIFY(!stopped);
    QCOMPARE(stopped.error().kind, ErrorKind::Unavailable);
    QCOMPARE(stopAfter, 2);
    for (const QString &name : DatabaseCopier::tables()) {
        auto rows = target.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(name), {}, 0);
        VERIFY_OK(rows);
        QVERIFY2(rows->toLongLong() == 0, qPrintable(name));
    }

    // The target is still empty, so the copy can run again.
    VERIFY_OK(DatabaseCopier::copy(*m_db, target));
    QCOMPARE(target.scalar(QStringLiteral("SELECT COUNT(*) FROM leads"), {}, 0)->toLongLong(), 3);
}

// A database copied from SQLite keeps the ids of its deleted rows out of use: the copy's
// sequences on PostgreSQL start above the highest id SQLite ever gave, not above the
// highest id left.
void StorageTest::copyGivesNoDeletedIdAgain()
{
    DatabaseLocation sourceLocation;
    sourceLocation.engine = SqlEngine::Sqlite;
    sourceLocation.filePath = m_dir.filePath(QStringLiteral("copy-source-%1.db").arg(m_databaseCount));
    Database source;
    VERIFY_OK(source.open(sourceLocation, QStringLiteral("tst_storage_copy_source_%1").arg(m_databaseCount)));
    VERIFY_OK(Migrations::apply(source, now));

    Lead kept;
    kept.phone = QStringLiteral("+525512340001");
    kept.phoneKey = kept.phone;
    auto keptId = LeadRepository(source).create(kept, now);
    VERIFY_OK(keptId);
    Lead deleted = kept;
    deleted.phone = QStringLiteral("+525512340002");
    deleted.phoneKey = deleted.phone;
    auto deletedId = LeadRepository(source).create(deleted, now);
    VERIFY_OK(deletedId);
    Conversation conversation;
    conversation.leadId = *deletedId;
    conversation.providerAddress = QStringLiteral("525512340002");
    auto conversationId = ConversationRepository(source).create(conversation, now);
    VERIFY_OK(conversationId);
    Campaign campaign;
    campaign.name = QStringLiteral("Verano");
    auto campaignId = CampaignRepository(source).create(campaign, now);
    VERIFY_OK(campaignId);
    VERIFY_OK(LeadRepository(source).remove(*deletedId));
    VERIFY_OK(CampaignRepository(source).remove(*campaignId));

    VERIFY_OK(DatabaseCopier::copy(source, *m_db));

    const qint64 nextLead = createLead(QStringLiteral("+525512340003"));
    QVERIFY2(nextLead > *deletedId, qPrintable(QStringLiteral("%1 after %2").arg(nextLead).arg(*deletedId)));
    Conversation next;
    next.leadId = nextLead;
    next.providerAddress = QStringLiteral("525512340003");
    auto nextConversation = ConversationRepository(*m_db).create(next, now);
    VERIFY_OK(nextConversation);
    QVERIFY2(*nextConversation > *conversationId,
             qPrintable(QStringLiteral("%1 after %2").arg(*nextConversation).arg(*conversationId)));
    const qint64 nextCampaign = createCampaign(QStringLiteral("Otoño"), {});
    QVERIFY2(nextCampaign > *campaignId, qPrintable(QStringLiteral("%1 after %2").arg(nextCampaign).arg(*campaignId)));
}

// --- Users and the audit log --------------------------------------------------------

void StorageTest::userEmailsAreUniqueWithoutCase()
{
    const qint64 first = createUser(QStringLiteral("Ana.Lopez@Example.com"), UserRole::Admin);
    QVERIFY(first > 0);

    User twin;
    twin.name = QStringLiteral("Otra Ana");
    twin.email = QStringLiteral("  ana.lopez@EXAMPLE.COM ");
    auto refused = UserRepository(*m_db).insert(twin, QString(), now);
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Conflict));

    auto found = UserRepository(*m_db).findByEmail(QStringLiteral("ANA.LOPEZ@example.com"));
    VERIFY_OK(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->user.id, first);
    QCOMPARE((*found)->user.email, QStringLiteral("Ana.Lopez@Example.com"));
    QCOMPARE(UserRepository(*m_db).count().valueOr(-1), 1);
}

void StorageTest::countActiveAdminsIgnoresDeactivatedOnes()
{
    const qint64 first = createUser(QStringLiteral("a@example.com"), UserRole::Admin);
    createUser(QStringLiteral("b@example.com"), UserRole::Admin);
    createUser(QStringLiteral("c@example.com"), UserRole::Manager);
    UserRepository users(*m_db);
    QCOMPARE(users.countActiveAdmins().valueOr(-1), 2);

    VERIFY_OK(users.setActive(first, false, now));
    QCOMPARE(users.countActiveAdmins().valueOr(-1), 1);
    auto missing = users.setRole(9999, UserRole::Agent, now);
    QVERIFY(!missing);
    QCOMPARE(int(missing.error().kind), int(ErrorKind::NotFound));
}

void StorageTest::accessChangesRaiseTokenVersion()
{
    const qint64 id = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    UserRepository users(*m_db);
    auto version = [&] { return users.findById(id).valueOr({}).value_or(UserRecord{}).tokenVersion; };
    QCOMPARE(version(), 0);

    VERIFY_OK(users.setRole(id, UserRole::Manager, now));
    QCOMPARE(version(), 1);
    VERIFY_OK(users.setPasswordHash(id, QStringLiteral("$argon2id$other"), now));
    QCOMPARE(version(), 2);
    VERIFY_OK(users.setActive(id, false, now));
    QCOMPARE(version(), 3);

    // A login that only re-hashes the same password keeps existing tokens valid.
    VERIFY_OK(users.upgradePasswordHash(id, QStringLiteral("$argon2id$stronger"), now));
    VERIFY_OK(users.recordLogin(id, now));
    QCOMPARE(version(), 3);
}

void StorageTest::auditLogIsAppendOnly()
{
    AuditEntry entry;
    entry.occurredMs = now;
    entry.actorKind = QStringLiteral("cli");
    entry.actorName = QStringLiteral("tester");
    entry.action = QStringLiteral("setting.changed");
    auto id = AuditRepository(*m_db).append(entry);
    VERIFY_OK(id);

    // The database itself rejects any change or removal of a row, from any connection.
    QVERIFY(!m_db->update(QStringLiteral("UPDATE audit_log SET actor_name = 'someone else' WHERE id = ?"), {*id}));
    QVERIFY(!m_db->update(QStringLiteral("DELETE FROM audit_log WHERE id = ?"), {*id}));

    auto rows = AuditRepository(*m_db).query({});
    VERIFY_OK(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().actorName, QStringLiteral("tester"));
}

void StorageTest::auditLogFiltersByActorActionAndTime()
{
    AuditRepository audit(*m_db);
    const struct
    {
        qint64 atMs;
        const char *actor;
        const char *action;
    } rows[] = {
        {now, "ana@example.com", "login.succeeded"},
        {now + 1000, "Ana@Example.com", "lead.assigned"},
        {now + 2000, "beto@example.com", "login.failed"},
        {now + 3000, "tester", "setting.changed"},
    };
    for (const auto &row : rows) {
        AuditEntry entry;
        entry.occurredMs = row.atMs;
        entry.actorKind = QStringLiteral("user");
        entry.actorName = QString::fromLatin1(row.actor);
        entry.action = QString::fromLatin1(row.action);
        VERIFY_OK(audit.append(entry));
    }

    AuditFilter byActor;
    byActor.actorName = QStringLiteral("ANA@example.com");
    auto ana = audit.query(byActor);
    VERIFY_OK(ana);
    QCOMPARE(ana->size(), 2);
    QCOMPARE(ana->first().action, QStringLiteral("lead.assigned")); // newest first

    AuditFilter byAction;
    byAction.action = QStringLiteral("login.failed");
    QCOMPARE(audit.query(byAction).valueOr({}).size(), 1);

    AuditFilter byTime;
    byTime.fromMs = now + 1000;
    byTime.toMs = now + 3000;
    auto middle = audit.query(byTime);
    VERIFY_OK(middle);
    QCOMPARE(middle->size(), 2);
    QCOMPARE(middle->last().occurredMs, now + 1000);

    AuditFilter page;
    page.limit = 1;
    page.beforeId = audit.query({}).valueOr({}).first().id;
    QCOMPARE(audit.query(page).valueOr({}).first().action, QStringLiteral("login.failed"));

    QCOMPARE(audit.actions().valueOr({}).size(), 4);
    QVERIFY(audit.actorNames().valueOr({}).contains(QStringLiteral("tester")));
}

// --- Campaigns ----------------------------------------------------------------------

void StorageTest::campaignKeywordConflictNamesTheOwner_data()
{
    QTest::addColumn<QString>("keyword");
    QTest::newRow("upper case without accent") << QStringLiteral("PROMOCION");
    QTest::newRow("lower case without accent") << QStringLiteral("promocion");
    QTest::newRow("upper case with accent") << QStringLiteral("PROMOCIÓN");
    QTest::newRow("surrounding spaces") << QStringLiteral("  Promoción ");
    // The same word with the accent as a combining mark (NFD).
    QTest::newRow("decomposed accent") << QStringLiteral("Promocio\u0301n");
}

void StorageTest::campaignKeywordConflictNamesTheOwner()
{
    QFETCH(QString, keyword);
    QVERIFY(createCampaign(QStringLiteral("Verano"), {QStringLiteral("Promoción")}) > 0);

    Campaign other;
    other.name = QStringLiteral("Invierno");
    other.keywords = {QStringLiteral("frío"), keyword};
    auto created = CampaignRepository(*m_db).create(other, now);

    QVERIFY(!created.ok());
    QCOMPARE(created.error().kind, ErrorKind::Conflict);
    QVERIFY2(created.error().message.contains(QLatin1String("\"Verano\"")), qPrintable(created.error().message));
    QCOMPARE(created.error().fields, QStringList{QStringLiteral("keywords")});
    // Nothing of the rejected campaign was written.
    auto campaigns = CampaignRepository(*m_db).list();
    VERIFY_OK(campaigns);
    QCOMPARE(campaigns->size(), 1);
    QCOMPARE(campaigns->first().keywords, QStringList{QStringLiteral("Promoción")});
}

void StorageTest::campaignForFirstMessage_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("joinsPromotion");

    QTest::newRow("keyword inside a sentence") << QStringLiteral("quiero la promoción ya") << true;
    QTest::newRow("without accent, upper case") << QStringLiteral("QUIERO LA PROMOCION") << true;
    QTest::newRow("between punctuation") << QStringLiteral("¿Promoción?") << true;
    QTest::newRow("whole message") << QStringLiteral("promocion") << true;
    QTest::newRow("longer word") << QStringLiteral("promociones") << false;
    QTest::newRow("prefix glued to the keyword") << QStringLiteral("superpromoción") << false;
    QTest::newRow("no keyword") << QStringLiteral("hola, información por favor") << false;
    QTest::newRow("empty") << QString() << false;
}

void StorageTest::campaignForFirstMessage()
{
    QFETCH(QString, text);
    QFETCH(bool, joinsPromotion);

    const qint64 fallback = createCampaign(QStringLiteral("General"), {}, true);
    const qint64 promotion = createCampaign(QStringLiteral("Verano"), {QStringLiteral("Promoción")});
    QVERIFY(fallback > 0);
    QVERIFY(promotion > 0);

    auto campaign = CampaignRepository(*m_db).campaignForFirstMessage(text);
    VERIFY_OK(campaign);
    QCOMPARE(*campaign, joinsPromotion ? promotion : fallback);
}

void StorageTest::firstMessageWithoutDefaultIsNone()
{
    QVERIFY(createCampaign(QStringLiteral("Verano"), {QStringLiteral("Promoción")}) > 0);
    auto campaign = CampaignRepository(*m_db).campaignForFirstMessage(QStringLiteral("hola"));
    VERIFY_OK(campaign);
    QCOMPARE(*campaign, 0);
}

void StorageTest::pausedDefaultTakesNoLeads_data()
{
    QTest::addColumn<CampaignStatus>("status");
    QTest::newRow("paused") << CampaignStatus::Paused;
    QTest::newRow("draft") << CampaignStatus::Draft;
    QTest::newRow("completed") << CampaignStatus::Completed;
}

// A paused default campaign still took every new lead and greeted it with its welcome.
void StorageTest::pausedDefaultTakesNoLeads()
{
    QFETCH(CampaignStatus, status);
    const qint64 id = createCampaign(QStringLiteral("General"), {}, true);
    QVERIFY(id > 0);
    auto campaign = CampaignRepository(*m_db).findById(id);
    VERIFY_OK(campaign);
    QVERIFY(campaign->has_value());
    Campaign changed = **campaign;
    changed.status = status;
    VERIFY_OK(CampaignRepository(*m_db).update(changed, now));

    auto chosen = CampaignRepository(*m_db).campaignForFirstMessage(QStringLiteral("hola"));
    VERIFY_OK(chosen);
    QCOMPARE(*chosen, 0);
}

void StorageTest::newDefaultCampaignReplacesThePrevious()
{
    const qint64 first = createCampaign(QStringLiteral("Primera"), {}, true);
    const qint64 second = createCampaign(QStringLiteral("Segunda"), {}, true);
    QVERIFY(first > 0);
    QVERIFY(second > 0);

    auto campaign = CampaignRepository(*m_db).campaignForFirstMessage(QStringLiteral("hola"));
    VERIFY_OK(campaign);
    QCOMPARE(*campaign, second);
    auto stored = CampaignRepository(*m_db).findById(first);
    VERIFY_OK(stored);
    QVERIFY(stored->has_value());
    QCOMPARE((*stored)->isDefault, false);
}

void StorageTest::campaignUpdateReplacesEveryField()
{
    const qint64 id = createCampaign(QStringLiteral("Verano"), {QStringLiteral("playa"), QStringLiteral("sol")});
    QVERIFY(id > 0);

    Campaign changed;
    changed.id = id;
    changed.name = QStringLiteral("Verano 2026");
    changed.description = QStringLiteral("Ofertas de temporada");
    changed.type = CampaignType::Mixed;
    changed.status = CampaignStatus::Paused;
    changed.language = QStringLiteral("en");
    changed.startMs = now + 1000;
    changed.endMs = now + 2000;
    changed.welcomeMessage = QStringLiteral("Welcome!");
    changed.initialAgent = AgentType::Sales;
    changed.instructions = {{AgentType::Sales, QStringLiteral("Offer the summer bundle.")}};
    changed.keywords = {QStringLiteral("sol"), QStringLiteral("verano")};
    VERIFY_OK(CampaignRepository(*m_db).update(changed, now + 5000));

    auto stored = CampaignRepository(*m_db).findById(id);
    VERIFY_OK(stored);
    QVERIFY(stored->has_value());
    const Campaign &campaign = **stored;
    QCOMPARE(campaign.name, changed.name);
    QCOMPARE(campaign.description, changed.description);
    QCOMPARE(toString(campaign.type), QStringLiteral("mixed"));
    QCOMPARE(toString(campaign.status), QStringLiteral("paused"));
    QCOMPARE(campaign.language, QStringLiteral("en"));
    QCOMPARE(campaign.startMs, now + 1000);
    QCOMPARE(campaign.endMs, now + 2000);
    QCOMPARE(campaign.welcomeMessage, changed.welcomeMessage);
    QCOMPARE(toString(campaign.initialAgent), QStringLiteral("sales"));
    QCOMPARE(campaign.instructions.size(), 1);
    QCOMPARE(campaign.instructions.value(AgentType::Sales), QStringLiteral("Offer the summer bundle."));
    QCOMPARE(campaign.keywords, (QStringList{QStringLiteral("sol"), QStringLiteral("verano")}));
    QCOMPARE(campaign.createdMs, now);
    // The dropped keyword no longer leads to the campaign.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM campaign_keywords WHERE keyword_key = 'playa'"))
                 .valueOr(-1)
                 .toInt(),
             0);
}

void StorageTest::campaignUpdateKeywordConflictNamesTheOwner()
{
    QVERIFY(createCampaign(QStringLiteral("Verano"), {QStringLiteral("Promoción")}) > 0);
    const qint64 winter = createCampaign(QStringLiteral("Invierno"), {QStringLiteral("frío")});
    QVERIFY(winter > 0);
    CampaignRepository campaigns(*m_db);

    auto stored = campaigns.findById(winter);
    VERIFY_OK(stored);
    QVERIFY(stored->has_value());
    Campaign changed = **stored;
    changed.name = QStringLiteral("Invierno 2026");
    changed.keywords = {QStringLiteral("frío"), QStringLiteral("PROMOCION")};
    const Status rejected = campaigns.update(changed, now);
    QVERIFY(!rejected.ok());
    QCOMPARE(rejected.error().kind, ErrorKind::Conflict);
    QVERIFY2(rejected.error().message.contains(QLatin1String("\"Verano\"")), qPrintable(rejected.error().message));
    QCOMPARE(rejected.error().fields, QStringList{QStringLiteral("keywords")});
    auto unchanged = campaigns.findById(winter);
    VERIFY_OK(unchanged);
    QCOMPARE((*unchanged)->name, QStringLiteral("Invierno"));
    QCOMPARE((*unchanged)->keywords, QStringList{QStringLiteral("frío")});

    // The campaign's own keywords, even written differently, are no conflict.
    changed.keywords = {QStringLiteral("FRIO"), QStringLiteral("nieve")};
    VERIFY_OK(campaigns.update(changed, now));
    auto updated = campaigns.findById(winter);
    VERIFY_OK(updated);
    QCOMPARE((*updated)->keywords, (QStringList{QStringLiteral("FRIO"), QStringLiteral("nieve")}));
}

void StorageTest::campaignUpdateMovesTheDefault()
{
    const qint64 first = createCampaign(QStringLiteral("Primera"), {}, true);
    const qint64 second = createCampaign(QStringLiteral("Segunda"), {});
    QVERIFY(first > 0);
    QVERIFY(second > 0);
    CampaignRepository campaigns(*m_db);

    auto stored = campaigns.findById(second);
    VERIFY_OK(stored);
    Campaign changed = **stored;
    changed.isDefault = true;
    VERIFY_OK(campaigns.update(changed, now));

    QCOMPARE(campaigns.campaignForFirstMessage(QStringLiteral("hola")).valueOr(-1), second);
    auto previous = campaigns.findById(first);
    VERIFY_OK(previous);
    QCOMPARE((*previous)->isDefault, false);

    // Updating the default campaign keeps it the default.
    changed.name = QStringLiteral("Segunda y por defecto");
    VERIFY_OK(campaigns.update(changed, now));
    QCOMPARE(campaigns.campaignForFirstMessage(QStringLiteral("hola")).valueOr(-1), second);
}

void StorageTest::missingCampaignIsNotFound()
{
    const qint64 existing = createCampaign(QStringLiteral("General"), {}, true);
    QVERIFY(existing > 0);
    CampaignRepository campaigns(*m_db);

    Campaign missing;
    missing.id = existing + 100;
    missing.name = QStringLiteral("Fantasma");
    missing.isDefault = true;
    const Status updated = campaigns.update(missing, now);
    QVERIFY(!updated.ok());
    QCOMPARE(updated.error().kind, ErrorKind::NotFound);
    // The failed update did not take the default away from the existing campaign.
    QCOMPARE(campaigns.campaignForFirstMessage(QStringLiteral("hola")).valueOr(-1), existing);

    const Status removed = campaigns.remove(existing + 100);
    QVERIFY(!removed.ok());
    QCOMPARE(removed.error().kind, ErrorKind::NotFound);
}

void StorageTest::campaignRemoveKeepsLeadsAndConversations()
{
    const qint64 campaignId = createCampaign(QStringLiteral("Verano"), {QStringLiteral("playa")});
    QVERIFY(campaignId > 0);
    Lead lead;
    lead.phone = QStringLiteral("+5215512345601");
    lead.phoneKey = lead.phone;
    lead.source = LeadSource::WhatsApp;
    lead.campaignId = campaignId;
    auto leadId = LeadRepository(*m_db).create(lead, now);
    VERIFY_OK(leadId);
    Conversation conversation;
    conversation.leadId = *leadId;
    conversation.campaignId = campaignId;
    conversation.providerAddress = QStringLiteral("5215512345601");
    auto conversationId = ConversationRepository(*m_db).create(conversation, now);
    VERIFY_OK(conversationId);

    VERIFY_OK(CampaignRepository(*m_db).remove(campaignId));

    auto campaign = CampaignRepository(*m_db).findById(campaignId);
    VERIFY_OK(campaign);
    QVERIFY(!campaign->has_value());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM campaign_keywords")).valueOr(-1).toInt(), 0);
    auto storedLead = LeadRepository(*m_db).findById(*leadId);
    VERIFY_OK(storedLead);
    QVERIFY(storedLead->has_value());
    QCOMPARE((*storedLead)->campaignId, 0);
    auto storedConversation = ConversationRepository(*m_db).findById(*conversationId);
    VERIFY_OK(storedConversation);
    QVERIFY(storedConversation->has_value());
    QCOMPARE((*storedConversation)->campaignId, 0);
    // The keyword is free for another campaign.
    QVERIFY(createCampaign(QStringLiteral("Otoño"), {QStringLiteral("playa")}) > 0);
}

// --- Calls --------------------------------------------------------------------------

void StorageTest::callsFollowAgentVisibility()
{
    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 beto = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    const qint64 mine = createLead(QStringLiteral("+5215512345601"));
    const qint64 theirs = createLead(QStringLiteral("+5215512345602"));
    const qint64 nobodys = createLead(QStringLiteral("+5215512345603"));
    LeadRepository leads(*m_db);
    VERIFY_OK(leads.setAssignedUser(mine, ana, now));
    VERIFY_OK(leads.setAssignedUser(theirs, beto, now));
    const qint64 mineCall = insertCall(mine, now, QStringLiteral("CA01"));
    const qint64 theirCall = insertCall(theirs, now + 1000, QStringLiteral("CA02"));
    const qint64 nobodysCall = insertCall(nobodys, now + 2000, QStringLiteral("CA03"));
    QVERIFY(mineCall > 0);
    QVERIFY(theirCall > 0);
    QVERIFY(nobodysCall > 0);

    auto idsOf = [](const QList<Call> &calls) {
        QList<qint64> ids;
        for (const Call &call : calls)
            ids << call.id;
        return ids;
    };
    CallRepository calls(*m_db);
    auto anaSees = calls.list(ana, 0, 100, 0);
    VERIFY_OK(anaSees);
    QCOMPARE(idsOf(*anaSees), (QList<qint64>{nobodysCall, mineCall}));
    QCOMPARE(calls.count(ana, 0).valueOr(-1), 2);

    auto everyone = calls.list(0, 0, 100, 0);
    VERIFY_OK(everyone);
    QCOMPARE(idsOf(*everyone), (QList<qint64>{nobodysCall, theirCall, mineCall}));
    QCOMPARE(calls.count(0, 0).valueOr(-1), 3);

    // Another agent's lead stays hidden even when asked for by id.
    auto filtered = calls.list(ana, theirs, 100, 0);
    VERIFY_OK(filtered);
    QVERIFY(filtered->isEmpty());
    QCOMPARE(calls.count(ana, theirs).valueOr(-1), 0);
}

void StorageTest::callsFilterByLeadAndPage()
{
    const qint64 first = createLead(QStringLiteral("+5215512345601"));
    const qint64 second = createLead(QStringLiteral("+5215512345602"));
    QList<qint64> firstCalls; // newest first
    for (int i = 0; i < 5; ++i)
        firstCalls.prepend(insertCall(first, now + i * 1000, QStringLiteral("CA1%1").arg(i)));
    QVERIFY(insertCall(second, now + 10000, QStringLiteral("CA20")) > 0);

    CallRepository calls(*m_db);
    QCOMPARE(calls.count(0, first).valueOr(-1), 5);
    auto page = calls.list(0, first, 2, 2);
    VERIFY_OK(page);
    QCOMPARE(page->size(), 2);
    QCOMPARE(page->at(0).id, firstCalls.at(2));
    QCOMPARE(page->at(1).id, firstCalls.at(3));
    for (const Call &call : std::as_const(*page))
        QCOMPARE(call.leadId, first);
}

void StorageTest::callFindByIdReadsEveryField()
{
    const qint64 leadId = createLead(QStringLiteral("+5215512345601"));
    auto id = m_db->insert(
        QStringLiteral("INSERT INTO calls (lead_id, direction, status, start_at, end_at, duration_seconds, "
                       "recording_url, call_sid, notes, created_at, updated_at) "
                       "VALUES (?, 'inbound', 'no-answer', ?, NULL, 0, 'https://example.com/r.mp3', 'CA99', "
                       "'Volver a llamar', ?, ?) RETURNING id"),
        {leadId, now, now, now});
    VERIFY_OK(id);

    auto found = CallRepository(*m_db).findById(*id);
    VERIFY_OK(found);
    QVERIFY(found->has_value());
    const Call &call = **found;
    QCOMPARE(call.id, *id);
    QCOMPARE(call.leadId, leadId);
    QCOMPARE(call.direction, QStringLiteral("inbound"));
    QCOMPARE(toString(call.status), QStringLiteral("no-answer"));
    QCOMPARE(call.startMs, now);
    QCOMPARE(call.endMs, 0);
    QCOMPARE(call.durationSeconds, 0);
    QCOMPARE(call.recordingUrl, QStringLiteral("https://example.com/r.mp3"));
    QCOMPARE(call.callSid, QStringLiteral("CA99"));
    QCOMPARE(call.notes, QStringLiteral("Volver a llamar"));

    auto missing = CallRepository(*m_db).findById(*id + 1);
    VERIFY_OK(missing);
    QVERIFY(!missing->has_value());
}

// --- Inbound events -----------------------------------------------------------------

void StorageTest::failedSavepointUndoesOnlyItsStep()
{
    InboundEventRepository events(*m_db);
    auto eventWithKey = [](const QString &key) {
        StoredInboundEvent event;
        event.kind = QStringLiteral("message");
        event.dedupKey = key;
        event.body = QByteArrayLiteral(R"({"type":"message"})");
        event.receivedMs = now;
        return event;
    };

    Transaction transaction(*m_db);
    VERIFY_OK(transaction.started());
    VERIFY_OK(events.insert(eventWithKey(QStringLiteral("before"))));
    {
        Savepoint step(*m_db);
        VERIFY_OK(step.started());
        VERIFY_OK(events.insert(eventWithKey(QStringLiteral("undone"))));
        // A failing statement aborts a PostgreSQL transaction unless a savepoint undoes it.
        QVERIFY(!m_db->exec(QStringLiteral("INSERT INTO no_such_table VALUES (1)")));
    }
    {
        Savepoint step(*m_db);
        VERIFY_OK(step.started());
        VERIFY_OK(events.insert(eventWithKey(QStringLiteral("kept"))));
        VERIFY_OK(step.release());
    }
    VERIFY_OK(events.insert(eventWithKey(QStringLiteral("after"))));
    VERIFY_OK(transaction.commit());

    auto pending = events.pending(10);
    VERIFY_OK(pending);
    QStringList keys;
    for (const StoredInboundEvent &event : *pending)
        keys << event.dedupKey;
    QCOMPARE(keys, (QStringList{QStringLiteral("before"), QStringLiteral("kept"), QStringLiteral("after")}));
}

// Each AI turn counts the lead's AI replies of the last hour. Through
// messages_sender_created that read the AI messages of the last hour of every lead, so
// each turn got slower as the day went on (1.2 s p99 at 100 turns/s).
void StorageTest::aiReplyCountReadsLeadConversations()
{
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    const qint64 conversationId = createConversation(QStringLiteral("+5215512345678"));
    QVERIFY(conversationId > 0);
    const qint64 otherConversationId = createConversation(QStringLiteral("+5215587654321"));
    QVERIFY(otherConversationId > 0);
    for (qint64 id : {conversationId, conversationId, otherConversationId}) {
        Message reply;
        reply.conversationId = id;
        reply.sender = SenderKind::Ai;
        reply.agentType = AgentType::Welcome;
        reply.content = QStringLiteral("Hola, ¿en qué te ayudo?");
        reply.createdMs = now;
        VERIFY_OK(MessageRepository(*m_db).insert(reply));
    }
    auto conversation = ConversationRepository(*m_db).findById(conversationId);
    VERIFY_OK(conversation);
    QVERIFY(conversation->has_value());

    Result<int> count = 0;
    const QStringList plan = planOf(QStringLiteral("m.sender = 'ai'"), [&] {
        count = MessageRepository(*m_db).countAiRepliesSince((*conversation)->leadId, now - 3600 * 1000);
    });
    VERIFY_OK(count);
    QCOMPARE(*count, 2);

    const QString planText = plan.join(QLatin1Char('\n'));
    QVERIFY2(planText.contains(QStringLiteral("conversations_lead")), qPrintable(planText));
    QVERIFY2(planText.contains(QStringLiteral("messages_conversation_sender")), qPrintable(planText));
    QVERIFY2(!planText.contains(QStringLiteral("messages_sender_created")), qPrintable(planText));
}

void StorageTest::inboundEventIsStoredOncePerKey()
{
    InboundEventRepository events(*m_db);
    StoredInboundEvent event;
    event.provider = Provider::Gupshup;
    event.kind = QStringLiteral("message");
    event.dedupKey = QStringLiteral("message:ABEGkZlgQyWAAgo-sDVSUOa9jH0z");
    event.body = QByteArrayLiteral(R"({"type":"message"})");
    event.receivedMs = now;

    auto first = events.insert(event);
    VERIFY_OK(first);
    QVERIFY(*first > 0);

    auto second = events.insert(event);
    VERIFY_OK(second);
    QCOMPARE(*second, 0);

    // The key is per provider.
    event.provider = Provider::Meta;
    auto otherProvider = events.insert(event);
    VERIFY_OK(otherProvider);
    QVERIFY(*otherProvider > *first);

    QCOMPARE(events.countPending().valueOr(-1), 2);
    auto pending = events.pending(10);
    VERIFY_OK(pending);
    QCOMPARE(pending->size(), 2);
    QCOMPARE(pending->first().id, *first);
    QCOMPARE(pending->first().body, event.body);
    QCOMPARE(pending->first().receivedMs, now);
}

// --- Outbox -------------------------------------------------------------------------

void StorageTest::outboxEnqueue()
{
    const qint64 conversation = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversation > 0);
    OutboxRepository outbox(*m_db);

    OutboundMessage message;
    message.conversationId = conversation;
    message.destination = QStringLiteral("51999000111");
    message.body = QStringLiteral("Hola, ¿en qué le puedo ayudar?");
    auto id = outbox.enqueue(message, now);
    VERIFY_OK(id);

    auto stored = outbox.findById(*id);
    VERIFY_OK(stored);
    QVERIFY(stored->has_value());
    QCOMPARE(toString((*stored)->status), QStringLiteral("queued"));
    QCOMPARE((*stored)->attempts, 0);
    QCOMPARE((*stored)->nextAttemptMs, now);
    QCOMPARE((*stored)->body, message.body);
    QCOMPARE((*stored)->destination, message.destination);
    QVERIFY((*stored)->providerMessageId.isEmpty());
    QCOMPARE(outbox.nextDueMs().valueOr(std::nullopt), std::optional<qint64>(now));
}

void StorageTest::outboxDueKeepsConversationOrder()
{
    const qint64 conversationA = createConversation(QStringLiteral("+51999000111"));
    const qint64 conversationB = createConversation(QStringLiteral("+51999000222"));
    QVERIFY(conversationA > 0);
    QVERIFY(conversationB > 0);
    OutboxRepository outbox(*m_db);

    auto enqueue = [&](qint64 conversation, const QString &body, qint64 notBefore) {
        OutboundMessage message;
        message.conversationId = conversation;
        message.destination = QStringLiteral("51999000111");
        message.body = body;
        message.nextAttemptMs = notBefore;
        return outbox.enqueue(message, now).valueOr(0);
    };
    const qint64 a1 = enqueue(conversationA, QStringLiteral("a1"), now);
    const qint64 a2 = enqueue(conversationA, QStringLiteral("a2"), now);
    const qint64 b1 = enqueue(conversationB, QStringLiteral("b1"), now + 10000);
    QVERIFY(a1 > 0);
    QVERIFY(a2 > 0);
    QVERIFY(b1 > 0);

    auto idsDue = [&](qint64 at) {
        QList<qint64> ids;
        for (const OutboundMessage &message : outbox.due(at, 10).valueOr({}))
            ids << message.id;
        return ids;
    };

    // a2 waits for a1, and b1 is not due yet.
    QCOMPARE(idsDue(now), QList<qint64>{a1});
    QCOMPARE(idsDue(now + 10000), (QList<qint64>{a1, b1}));

    // While a1 is being sent, nothing else of its conversation leaves.
    VERIFY_OK(outbox.markSending(a1, now));
    QCOMPARE(idsDue(now), QList<qint64>{});
    VERIFY_OK(outbox.markAccepted(a1, QStringLiteral("gs-a1"), now + 1));
    QCOMPARE(idsDue(now + 1), QList<qint64>{a2});
    QCOMPARE(outbox.nextDueMs().valueOr(std::nullopt), std::optional<qint64>(now));
}

// Each queued message is checked for an earlier queued one of its conversation. Read
// through outbound_messages_due, that check walked every queued message, which after a
// provider outage made each dispatch quadratic in the backlog.
void StorageTest::outboxDueSearchesOneConversation()
{
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversationId > 0);
    OutboxRepository outbox(*m_db);
    OutboundMessage message;
    message.conversationId = conversationId;
    message.destination = QStringLiteral("51999000111");
    message.body = QStringLiteral("Hola");
    message.nextAttemptMs = now;
    VERIFY_OK(outbox.enqueue(message, now));

    Result<QList<OutboundMessage>> due = QList<OutboundMessage>();
    const QStringList plan = planOf(QStringLiteral("NOT EXISTS"), [&] { due = outbox.due(now, 10); });
    VERIFY_OK(due);
    QCOMPARE(due->size(), 1);

    const QString planText = plan.join(QLatin1Char('\n'));
    QVERIFY2(planText.contains(QStringLiteral("outbound_messages_conversation (conversation_id=? AND status=? AND id<?)")),
             qPrintable(planText));
}

// The leads view filtered by one stage, in its default order: the page must come from an
// index in that order, not from sorting every lead of the stage.
void StorageTest::stagePageWalksTheSortIndex()
{
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    QVERIFY(createLead(QStringLiteral("+51999000111")) > 0);

    LeadListFilter filter;
    filter.status = LeadStatus::New;
    filter.limit = 50;
    Result<QList<LeadRepository::Row>> rows = QList<LeadRepository::Row>();
    const QStringList plan = planOf(QStringLiteral("LIMIT ? OFFSET ?"), [&] { rows = LeadRepository(*m_db).listRows(filter); });
    VERIFY_OK(rows);
    QCOMPARE(rows->size(), 1);

    // The outer query then sorts only the page's rows.
    const QString planText = plan.join(QLatin1Char('\n'));
    const QString pagePlan = pageIdsPlan(plan);
    QVERIFY2(!pagePlan.isEmpty(), qPrintable(planText));
    QVERIFY2(pagePlan.contains(QStringLiteral("leads_status_last_contact (status=?)")), qPrintable(planText));
    QVERIFY2(!pagePlan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(planText));
}

// The unread list and total start from the conversation with the newest lead message and
// stop at their limit. Without that index they read every unread message first, and a
// new user of the 1M data set has 5,000,000 (5.7 s per inbox refresh).
void StorageTest::unreadWalksConversationsByNewestLeadMessage()
{
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    for (const QString phone : {QStringLiteral("+51999000111"), QStringLiteral("+51999000112")}) {
        Message message;
        message.conversationId = createConversation(phone);
        QVERIFY(message.conversationId > 0);
        message.content = QStringLiteral("Hola");
        message.createdMs = now;
        VERIFY_OK(MessageRepository(*m_db).insert(message));
    }
    InboxRepository inbox(*m_db);

    Result<QList<UnreadConversation>> unread = QList<UnreadConversation>();
    const QStringList listPlan = planOf(QStringLiteral("ORDER BY c.last_lead_message_id DESC LIMIT ?"),
                                        [&] { unread = inbox.unread(1, 0, 1); });
    VERIFY_OK(unread);
    QCOMPARE(unread->size(), 1);
    Result<int> total = 0;
    const QStringList totalPlan = planOf(QStringLiteral("unread_messages"), [&] { total = inbox.totalUnread(1, 0, 10); });
    VERIFY_OK(total);
    QCOMPARE(*total, 2);

    // The first table read is the outer loop of the join.
    for (const QStringList &plan : {listPlan, totalPlan}) {
        const QString planText = plan.join(QLatin1Char('\n'));
        static const QRegularExpression tableRead(QStringLiteral("(SCAN|SEARCH) .*")); // matches whole lines
        const qsizetype outer = plan.indexOf(tableRead);
        QVERIFY2(outer >= 0 && plan.at(outer).contains(QStringLiteral(" c USING INDEX conversations_last_lead")),
                 qPrintable(planText));
        QVERIFY2(!planText.contains(QStringLiteral("TEMP B-TREE")), qPrintable(planText));
    }
}

void StorageTest::inboxPageWalksTheActivityIndex_data()
{
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<QString>("index");
    QTest::newRow("all") << InboxFilter::All << QStringLiteral("conversations_inbox_order");
    QTest::newRow("needs a human") << InboxFilter::NeedsHuman << QStringLiteral("conversations_needs_human");
}

// A page of the inbox walks its order's index. Sorting every conversation instead took
// 0.77 s per page on the 1M data set.
void StorageTest::inboxPageWalksTheActivityIndex()
{
    QFETCH(InboxFilter, filter);
    QFETCH(QString, index);
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    const qint64 quiet = createConversation(QStringLiteral("+51999000111"));
    const qint64 flagged = createConversation(QStringLiteral("+51999000112"));
    QVERIFY(quiet > 0 && flagged > 0);
    VERIFY_OK(ConversationRepository(*m_db).setNeedsHuman(flagged, true, QStringLiteral("asks for a person"), now));

    Result<QList<InboxEntry>> entries = QList<InboxEntry>();
    const QStringList plan = planOf(QStringLiteral("LIMIT ?"), [&] {
        entries = InboxRepository(*m_db).list(1, 0, filter, InboxRange{});
    });
    VERIFY_OK(entries);
    QCOMPARE(entries->size(), filter == InboxFilter::All ? 2 : 1);

    // The outer query then sorts only the page's rows.
    const QString planText = plan.join(QLatin1Char('\n'));
    const QString pagePlan = pageIdsPlan(plan);
    QVERIFY2(!pagePlan.isEmpty(), qPrintable(planText));
    QVERIFY2(pagePlan.contains(QStringLiteral("SCAN c USING INDEX ") + index), qPrintable(planText));
    QVERIFY2(!pagePlan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(planText));
}

// The "Mine" filter reads the viewer's own conversations first while they are few, and
// walks the inbox order once they are many. Walking it for a viewer who owns none of
// 1,000,000 leads took 1.5 s. The leads view's owner filter reads the owner index only
// for an owner with few leads, and otherwise keeps walking its order.
void StorageTest::mineGathersFewOwnConversationsFirst()
{
    if (isPostgres())
        QSKIP("pins a SQLite query plan");
    const qint64 viewer = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 owned = createConversation(QStringLiteral("+51999000111"));
    const qint64 held = createConversation(QStringLiteral("+51999000112"));
    QVERIFY(createConversation(QStringLiteral("+51999000113")) > 0);
    auto ownedLead = m_db->scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {owned});
    VERIFY_OK(ownedLead);
    VERIFY_OK(m_db->exec(QStringLiteral("UPDATE leads SET assigned_user_id = ? WHERE id = ?"), {viewer, *ownedLead}));
    VERIFY_OK(ConversationRepository(*m_db).setHumanHolds(held, true, viewer, now));

    const auto minePlan = [&](int gatherLimit, QList<qint64> &ids) {
        InboxRepository inbox(*m_db);
        inbox.setMineGatherLimit(gatherLimit);
        Result<QList<InboxEntry>> entries = QList<InboxEntry>();
        const QStringList plan = planOf(QStringLiteral("LIMIT ?) page"), [&] {
            entries = inbox.list(viewer, viewer, InboxFilter::Mine, InboxRange{});
        });
        for (const InboxEntry &entry : entries.valueOr({}))
            ids << entry.conversationId;
        return pageIdsPlan(plan);
    };

    QList<qint64> gathered;
    const QString gatherPlan = minePlan(InboxRepository::MineGatherLimit, gathered);
    QVERIFY2(gatherPlan.contains(QStringLiteral("leads_owner_inbox")), qPrintable(gatherPlan));
    QVERIFY2(gatherPlan.contains(QStringLiteral("conversations_held")), qPrintable(gatherPlan));
    QVERIFY2(!gatherPlan.contains(QStringLiteral("SCAN c USING INDEX conversations_inbox_order")), qPrintable(gatherPlan));

    QList<qint64> walked;
    const QString walkPlan = minePlan(2, walked);
    QVERIFY2(walkPlan.contains(QStringLiteral("SCAN c USING INDEX conversations_inbox_order")), qPrintable(walkPlan));
    QVERIFY2(!walkPlan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(walkPlan));

    QCOMPARE(QSet<qint64>(gathered.cbegin(), gathered.cend()), (QSet<qint64>{owned, held}));
    QCOMPARE(walked, gathered);

    // The leads view's owner filter of an owner with many leads (more than the gather
    // limit, here 1) walks its order and does not read the inbox's owner index.
    LeadListFilter mine;
    mine.assignedUserId = viewer;
    LeadRepository leads(*m_db);
    leads.setGatherRule(GatherRule{1, 50});
    const QStringList leadsPlan = planOf(QStringLiteral("FROM leads"), [&] {
        QCOMPARE(leads.list(mine).valueOr({}).size(), 1);
    });
    QVERIFY2(!leadsPlan.isEmpty(), "no plan of the leads view's query");
    QVERIFY2(!leadsPlan.join(QLatin1Char('\n')).contains(QStringLiteral("leads_owner_inbox")),
             qPrintable(leadsPlan.join(QLatin1Char('\n'))));
}

// An agent's view is the conversations of their own and of unassigned leads. While those
// leads are few, the inbox reads them first; once they are many, it walks its orders. An
// agent who saw none of 1,000,000 conversations waited 2 s for the unread list, because
// its walk visited every conversation. Both ways list, count and page the same.
void StorageTest::agentInboxGathersFewVisibleLeadsFirst()
{
    const qint64 agent = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 other = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    LeadRepository leads(*m_db);
    QSet<qint64> visible;
    for (int i = 0; i < 9; ++i) {
        const qint64 conversation = createConversation(QStringLiteral("+5199900011%1").arg(i));
        QVERIFY(conversation > 0);
        auto lead = m_db->scalar(QStringLiteral("SELECT lead_id FROM conversations WHERE id = ?"), {conversation});
        VERIFY_OK(lead);
        qint64 owner = 0;
        if (i % 3 == 0)
            owner = agent;
        else if (i % 3 == 1)
            owner = other;
        if (owner > 0)
            VERIFY_OK(leads.setAssignedUser(lead->toLongLong(), owner, now));
        if (owner != other)
            visible.insert(conversation);
        Message message;
        message.conversationId = conversation;
        message.sender = SenderKind::Lead;
        message.content = QStringLiteral("hola %1").arg(i);
        message.createdMs = now + i * 1000;
        VERIFY_OK(MessageRepository(*m_db).insert(message));
    }

    struct Seen
    {
        QList<qint64> page;
        QList<qint64> unread;
        int totalUnread = -1;
        QString plans;
    };
    const auto seen = [&](const GatherRule &rule) {
        InboxRepository inbox(*m_db);
        inbox.setAgentGatherRule(rule);
        Seen result;
        QStringList plans; // of the three queries that restrict to the agent's leads
        m_db->observeQueryPlans([&plans](const QString &sql, const QStringList &lines) {
            if (sql.contains(QLatin1String("assigned_user_id IS NULL OR")))
                plans << lines;
        });
        for (const InboxEntry &entry : inbox.list(agent, agent, InboxFilter::All, InboxRange{}).valueOr({}))
            result.page << entry.conversationId;
        for (const UnreadConversation &conversation : inbox.unread(agent, agent, 100).valueOr({}))
            result.unread << conversation.conversationId;
        result.totalUnread = inbox.totalUnread(agent, agent, 1000).valueOr(-1);
        m_db->observeQueryPlans({});
        result.plans = plans.join(QLatin1Char('\n'));
        return result;
    };

    const Seen gathered = seen(GatherRule{5000, 1});
    const Seen walked = seen(GatherRule{1, 50});
    QCOMPARE(QSet<qint64>(gathered.page.cbegin(), gathered.page.cend()), visible);
    QCOMPARE(QSet<qint64>(gathered.unread.cbegin(), gathered.unread.cend()), visible);
    QCOMPARE(gathered.totalUnread, int(visible.size()));
    QCOMPARE(walked.page, gathered.page);
    QCOMPARE(walked.unread, gathered.unread);
    QCOMPARE(walked.totalUnread, gathered.totalUnread);

    if (isPostgres())
        return;
    QVERIFY2(gathered.plans.contains(QStringLiteral("leads_unassigned")), qPrintable(gathered.plans));
    QVERIFY2(gathered.plans.contains(QStringLiteral("leads_owner_inbox")), qPrintable(gathered.plans));
    QVERIFY2(!gathered.plans.contains(QStringLiteral("SCAN c USING INDEX conversations_inbox_order")),
             qPrintable(gathered.plans));
    QVERIFY2(!gathered.plans.contains(QStringLiteral("conversations_last_lead")), qPrintable(gathered.plans));
    QVERIFY2(walked.plans.contains(QStringLiteral("SCAN c USING INDEX conversations_inbox_order")),
             qPrintable(walked.plans));
    QVERIFY2(walked.plans.contains(QStringLiteral("conversations_last_lead")), qPrintable(walked.plans));
}

void StorageTest::fewLeadsOfAPageGatheredFirst_data()
{
    QTest::addColumn<QString>("condition"); // "agent", "owner" or "unassigned"
    QTest::addColumn<QString>("index");     // the index the gathered page reads
    QTest::newRow("agent's view") << QStringLiteral("agent") << QStringLiteral("leads_unassigned");
    QTest::newRow("owner filter") << QStringLiteral("owner") << QStringLiteral("leads_owner_inbox");
    QTest::newRow("unassigned filter") << QStringLiteral("unassigned") << QStringLiteral("leads_unassigned");
}

// The leads of an agent's view, of one owner or without an owner are read first while
// they are few and sparse (GatherRule), and the page sorts them. Walking the
// sort order instead read all 1,000,000 leads for an agent with an empty view (278 ms). Both
// ways give the same pages in every order.
void StorageTest::fewLeadsOfAPageGatheredFirst()
{
    QFETCH(QString, condition);
    QFETCH(QString, index);

    const qint64 agent = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 other = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    LeadRepository leads(*m_db);
    for (int i = 0; i < 12; ++i) {
        Lead lead;
        lead.name = QStringLiteral("Cliente %1").arg(11 - i, 2, 10, QLatin1Char('0'));
        lead.phone = QStringLiteral("+5199900%1").arg(i, 4, 10, QLatin1Char('0'));
        lead.phoneKey = lead.phone;
        auto id = leads.create(lead, now + i * 1000);
        VERIFY_OK(id);
        if (i % 3 == 0)
            VERIFY_OK(leads.setAssignedUser(*id, agent, now));
        else if (i % 3 == 1)
            VERIFY_OK(leads.setAssignedUser(*id, other, now));
    }

    LeadListFilter filter;
    filter.limit = 3;
    if (condition == QLatin1String("agent"))
        filter.visibility.agentUserId = agent;
    else if (condition == QLatin1String("owner"))
        filter.assignedUserId = agent;
    else
        filter.assignedUserId = -1;

    for (const LeadSortKey key : {LeadSortKey::LastContact, LeadSortKey::Name}) {
        filter.sort = LeadSort{key, true};
        const auto pages = [&](const GatherRule &rule, QString &plans) {
            leads.setGatherRule(rule);
            QList<qint64> ids;
            m_db->observeQueryPlans([&plans](const QString &sql, const QStringList &lines) {
                if (sql.contains(QLatin1String("LIMIT ? OFFSET ?")))
                    plans += lines.join(QLatin1Char('\n'));
            });
            for (const int offset : {0, 3, 6}) {
                filter.offset = offset;
                for (const LeadRepository::Row &row : leads.listRows(filter).valueOr({}))
                    ids << row.lead.id;
            }
            m_db->observeQueryPlans({});
            return ids;
        };
        QString gatherPlans;
        QString walkPlans;
        const QList<qint64> gathered = pages(GatherRule{5000, 1}, gatherPlans);
        const QList<qint64> walked = pages(GatherRule{1, 50}, walkPlans);
        QCOMPARE(gathered.size(), condition == QLatin1String("agent") ? 8 : 4);
        QCOMPARE(walked, gathered);
        QCOMPARE(leads.count(filter).valueOr(-1), int(gathered.size()));

        if (isPostgres())
            continue;
        QVERIFY2(gatherPlans.contains(index), qPrintable(gatherPlans));
        QVERIFY2(!walkPlans.contains(index), qPrintable(walkPlans));
    }

    // The REST API's list, newest lead first, gives the same leads both ways.
    const auto listed = [&](const GatherRule &rule) {
        leads.setGatherRule(rule);
        QList<qint64> ids;
        for (const Lead &lead : leads.list(filter).valueOr({}))
            ids << lead.id;
        return ids;
    };
    filter.offset = 0;
    filter.limit = 100;
    const QList<qint64> gatheredList = listed(GatherRule{5000, 1});
    QCOMPARE(gatheredList.size(), condition == QLatin1String("agent") ? 8 : 4);
    QCOMPARE(listed(GatherRule{1, 50}), gatheredList);
}

// A set of leads is read first only while it is small and sparse: on a table of 10,000
// leads with 4,999 in an agent's view, gathering took 27.8 ms per inbox refresh against
// 3.4 ms walked.
void StorageTest::gatherRuleWeighsSetAgainstAllLeads()
{
    for (int i = 0; i < 100; ++i)
        QVERIFY(createLead(QStringLiteral("+5199900%1").arg(i, 4, 10, QLatin1Char('0'))) > 0);
    const QString firstLeads = QStringLiteral("SELECT id FROM leads WHERE id <= (SELECT MIN(id) FROM leads) + ?");
    const auto gathers = [&](const GatherRule &rule, int leads) {
        return rule.gathers(*m_db, firstLeads, {leads - 1}).valueOr(false);
    };

    const GatherRule rule; // at most 1 lead in 50, under 5,000
    QVERIFY(gathers(rule, 0));
    QVERIFY(gathers(rule, 1));
    QVERIFY(!gathers(rule, 2)); // 100 leads in all: 2 leads are 1 in 50
    QVERIFY(!gathers(rule, 100));
    QVERIFY(gathers(GatherRule{5000, 1}, 99));
    QVERIFY(!gathers(GatherRule{3, 1}, 3));
}

void StorageTest::outboxMarkSendingAndAccepted()
{
    const qint64 conversation = createConversation(QStringLiteral("+51999000111"));
    OutboxRepository outbox(*m_db);
    OutboundMessage message;
    message.conversationId = conversation;
    message.destination = QStringLiteral("51999000111");
    message.body = QStringLiteral("Hola");
    const qint64 id = outbox.enqueue(message, now).valueOr(0);
    QVERIFY(id > 0);

    VERIFY_OK(outbox.markSending(id, now + 1));
    auto sending = outbox.findById(id);
    VERIFY_OK(sending);
    QCOMPARE(toString((*sending)->status), QStringLiteral("queued"));
    QCOMPARE((*sending)->attempts, 1);

    auto outcomes = outbox.markAccepted(id, QStringLiteral("gs-0001"), now + 2);
    VERIFY_OK(outcomes);
    QVERIFY(outcomes->isEmpty());
    auto accepted = outbox.findById(id);
    VERIFY_OK(accepted);
    QCOMPARE(toString((*accepted)->status), QStringLiteral("enqueued"));
    QCOMPARE((*accepted)->providerMessageId, QStringLiteral("gs-0001"));

    auto attempt = m_db->exec(QStringLiteral(
        "SELECT attempt, provider_message_id, status FROM outbound_attempts WHERE outbound_id = ?"), {id});
    VERIFY_OK(attempt);
    QVERIFY(attempt->next());
    QCOMPARE(attempt->value(0).toInt(), 1);
    QCOMPARE(attempt->value(1).toString(), QStringLiteral("gs-0001"));
    QCOMPARE(attempt->value(2).toString(), QStringLiteral("enqueued"));
    QVERIFY(!attempt->next());
    attempt->finish();

    // Only a queued message can start an attempt.
    const Status again = outbox.markSending(id, now + 3);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::Conflict);
}

void StorageTest::statusOrder_data()
{
    QTest::addColumn<OutboundStatus>("from");
    QTest::addColumn<OutboundStatus>("to");
    QTest::addColumn<bool>("forward");

    using S = OutboundStatus;
    QTest::newRow("queued -> enqueued") << S::Queued << S::Enqueued << true;
    QTest::newRow("enqueued -> sent") << S::Enqueued << S::Sent << true;
    QTest::newRow("sent -> delivered") << S::Sent << S::Delivered << true;
    QTest::newRow("delivered -> read") << S::Delivered << S::Read << true;
    QTest::newRow("enqueued -> read (skipping)") << S::Enqueued << S::Read << true;
    QTest::newRow("sent -> sent") << S::Sent << S::Sent << false;
    QTest::newRow("delivered -> sent") << S::Delivered << S::Sent << false;
    QTest::newRow("read -> delivered") << S::Read << S::Delivered << false;
    QTest::newRow("queued -> failed") << S::Queued << S::Failed << true;
    QTest::newRow("enqueued -> failed") << S::Enqueued << S::Failed << true;
    QTest::newRow("sent -> failed") << S::Sent << S::Failed << true;
    QTest::newRow("delivered -> failed") << S::Delivered << S::Failed << false;
    QTest::newRow("read -> failed") << S::Read << S::Failed << false;
    QTest::newRow("failed -> delivered") << S::Failed << S::Delivered << false;
    QTest::newRow("failed -> read") << S::Failed << S::Read << false;
    QTest::newRow("cancelled -> sent") << S::Cancelled << S::Sent << false;
}

void StorageTest::statusOrder()
{
    QFETCH_GLOBAL(QString, engine);
    if (engine != QLatin1String("sqlite"))
        QSKIP("pure function: checked once");
    QFETCH(OutboundStatus, from);
    QFETCH(OutboundStatus, to);
    QFETCH(bool, forward);
    QCOMPARE(OutboxRepository::isForward(from, to), forward);
}

void StorageTest::deliveryStatusesOnlyMoveForward_data()
{
    QTest::addColumn<QList<OutboundStatus>>("events");
    QTest::addColumn<OutboundStatus>("final");

    using S = OutboundStatus;
    QTest::newRow("sent, delivered, read") << QList<S>{S::Sent, S::Delivered, S::Read} << S::Read;
    QTest::newRow("delivered, then a late sent") << QList<S>{S::Delivered, S::Sent} << S::Delivered;
    QTest::newRow("read, then a late delivered") << QList<S>{S::Read, S::Delivered} << S::Read;
    QTest::newRow("sent, then failed") << QList<S>{S::Sent, S::Failed} << S::Failed;
    QTest::newRow("failed while enqueued") << QList<S>{S::Failed} << S::Failed;
    QTest::newRow("delivered, then failed") << QList<S>{S::Delivered, S::Failed} << S::Delivered;
    QTest::newRow("read, then failed") << QList<S>{S::Read, S::Failed} << S::Read;
    QTest::newRow("failed, then delivered") << QList<S>{S::Failed, S::Delivered} << S::Failed;
}

void StorageTest::deliveryStatusesOnlyMoveForward()
{
    QFETCH(QList<OutboundStatus>, events);
    QFETCH(OutboundStatus, final);

    const qint64 id = sentMessage(createConversation(QStringLiteral("+51999000111")), QStringLiteral("gs-1"));
    QVERIFY(id > 0);
    OutboxRepository outbox(*m_db);

    qint64 at = now + 100;
    for (OutboundStatus status : events) {
        DeliveryEvent event;
        event.providerMessageId = QStringLiteral("gs-1");
        event.status = status;
        event.occurredMs = at;
        if (status == OutboundStatus::Failed)
            event.errorCode = QStringLiteral("1002"); // not retryable
        auto outcome = outbox.applyDeliveryEvent(event, ++at, 5000, 5);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->outboundId, id);
        QVERIFY(!outcome->retryScheduled);
    }

    QCOMPARE(outboundStatus(id), toString(final));
    // Every event stays in the history, applied or not.
    auto kept = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM delivery_events WHERE outbound_id = ?"), {id});
    VERIFY_OK(kept);
    QCOMPARE(kept->toInt(), events.size());
}

void StorageTest::statusBeforeMessageIsAppliedAtAcceptance()
{
    const qint64 id = sendingMessage(createConversation(QStringLiteral("+51999000111")));
    QVERIFY(id > 0);
    OutboxRepository outbox(*m_db);

    // The provider's status event arrives before the response to the send request.
    DeliveryEvent early;
    early.providerMessageId = QStringLiteral("gs-early");
    early.whatsappMessageId = QStringLiteral("wamid.HBgLNTE5OTkwMDAxMTEVAgARGBI");
    early.status = OutboundStatus::Delivered;
    early.occurredMs = now + 2;
    auto outcome = outbox.applyDeliveryEvent(early, now + 2, 5000, 5);
    VERIFY_OK(outcome);
    QCOMPARE(outcome->outboundId, 0);
    QCOMPARE(outboundStatus(id), QStringLiteral("queued"));

    auto applied = outbox.markAccepted(id, QStringLiteral("gs-early"), now + 3);
    VERIFY_OK(applied);
    QCOMPARE(applied->size(), 1);
    QCOMPARE(applied->first().outboundId, id);
    QVERIFY(applied->first().statusChanged);
    QCOMPARE(outboundStatus(id), QStringLiteral("delivered"));

    auto linked = m_db->scalar(QStringLiteral("SELECT outbound_id FROM delivery_events WHERE provider_message_id = ?"),
                               {QStringLiteral("gs-early")});
    VERIFY_OK(linked);
    QCOMPARE(linked->toLongLong(), id);
}

// Gupshup may report its rate limit (4001) for a message before it responds to the send
// request. The failure is kept until the acceptance and then starts a new attempt, as it
// does when it arrives later, instead of failing the message for good.
void StorageTest::earlyRateLimitSchedulesANewAttempt()
{
    const qint64 id = sendingMessage(createConversation(QStringLiteral("+51999000111")));
    QVERIFY(id > 0);
    OutboxRepository outbox(*m_db);
    DeliveryEvent rateLimited;
    rateLimited.providerMessageId = QStringLiteral("gs-early");
    rateLimited.status = OutboundStatus::Failed;
    rateLimited.errorCode = QStringLiteral("4001");
    rateLimited.errorReason = QStringLiteral("API Rate Limited");
    rateLimited.occurredMs = now + 2;
    VERIFY_OK(outbox.applyDeliveryEvent(rateLimited, now + 2, 5000, 5));

    auto applied = outbox.markAccepted(id, QStringLiteral("gs-early"), now + 3, 5000, 5);

    VERIFY_OK(applied);
    QCOMPARE(applied->size(), 1);
    QVERIFY(applied->first().retryScheduled);
    QVERIFY(!applied->first().failedForGood);
    QCOMPARE(outboundStatus(id), QStringLiteral("queued"));
    auto queued = outbox.findById(id);
    VERIFY_OK(queued);
    QCOMPARE((*queued)->nextAttemptMs, now + 3 + 5000);
}

void StorageTest::rateLimitFailureSchedulesANewAttempt()
{
    const qint64 id = sentMessage(createConversation(QStringLiteral("+51999000111")), QStringLiteral("gs-1"));
    QVERIFY(id > 0);
    OutboxRepository outbox(*m_db);

    DeliveryEvent rateLimited;
    rateLimited.providerMessageId = QStringLiteral("gs-1");
    rateLimited.status = OutboundStatus::Failed;
    rateLimited.errorCode = QStringLiteral("4001");
    rateLimited.errorReason = QStringLiteral("Rate limit exceeded");
    auto outcome = outbox.applyDeliveryEvent(rateLimited, now + 100, 5000, 5);
    VERIFY_OK(outcome);
    QVERIFY(outcome->retryScheduled);
    QVERIFY(!outcome->failedForGood);

    auto queued = outbox.findById(id);
    VERIFY_OK(queued);
    QCOMPARE(toString((*queued)->status), QStringLiteral("queued"));
    QCOMPARE((*queued)->nextAttemptMs, now + 100 + 5000);
    QVERIFY((*queued)->providerMessageId.isEmpty());
    QVERIFY2((*queued)->lastError.contains(QLatin1String("4001")), qPrintable((*queued)->lastError));

    // The message is due only after the backoff, and the new attempt gets a new provider id.
    QVERIFY(outbox.due(now + 100, 10).valueOr({}).isEmpty());
    QCOMPARE(outbox.due(now + 5100, 10).valueOr({}).size(), 1);
    VERIFY_OK(outbox.markSending(id, now + 5100));
    VERIFY_OK(outbox.markAccepted(id, QStringLiteral("gs-2"), now + 5101));

    auto attempts = m_db->exec(QStringLiteral(
        "SELECT attempt, provider_message_id, status FROM outbound_attempts WHERE outbound_id = ? ORDER BY attempt"),
        {id});
    VERIFY_OK(attempts);
    QVERIFY(attempts->next());
    QCOMPARE(attempts->value(0).toInt(), 1);
    QCOMPARE(attempts->value(1).toString(), QStringLiteral("gs-1"));
    QCOMPARE(attempts->value(2).toString(), QStringLiteral("failed"));
    QVERIFY(attempts->next());
    QCOMPARE(attempts->value(0).toInt(), 2);
    QCOMPARE(attempts->value(1).toString(), QStringLiteral("gs-2"));
    QCOMPARE(attempts->value(2).toString(), QStringLiteral("enqueued"));
    QVERIFY(!attempts->next());
    attempts->finish();

    // A late status of the first attempt stays in the history and changes nothing.
    DeliveryEvent late;
    late.providerMessageId = QStringLiteral("gs-1");
    late.status = OutboundStatus::Delivered;
    auto lateOutcome = outbox.applyDeliveryEvent(late, now + 6000, 5000, 5);
    VERIFY_OK(lateOutcome);
    QVERIFY(!lateOutcome->statusChanged);
    QCOMPARE(outboundStatus(id), QStringLiteral("enqueued"));
}

void StorageTest::lastRetryableFailureFailsForGood()
{
    const qint64 id = sentMessage(createConversation(QStringLiteral("+51999000111")), QStringLiteral("gs-1"));
    QVERIFY(id > 0);
    DeliveryEvent rateLimited;
    rateLimited.providerMessageId = QStringLiteral("gs-1");
    rateLimited.status = OutboundStatus::Failed;
    rateLimited.errorCode = QStringLiteral("4001");
    auto outcome = OutboxRepository(*m_db).applyDeliveryEvent(rateLimited, now + 100, 5000, 1);
    VERIFY_OK(outcome);
    QVERIFY(!outcome->retryScheduled);
    QVERIFY(outcome->failedForGood);
    QCOMPARE(outboundStatus(id), QStringLiteral("failed"));
}

// --- Settings -----------------------------------------------------------------------

void StorageTest::settingsNormalizeAndRoundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("bool upper case") << QStringLiteral("ai.enabled") << QStringLiteral("FALSE") << QStringLiteral("false");
    QTest::newRow("int with spaces") << QStringLiteral("ai.historyMessages") << QStringLiteral(" 12 ") << QStringLiteral("12");
    QTest::newRow("zero burst window") << QStringLiteral("ai.burstWindowMs") << QStringLiteral("0") << QStringLiteral("0");
    QTest::newRow("region lower case") << QStringLiteral("phone.defaultRegion") << QStringLiteral("pe") << QStringLiteral("PE");
    QTest::newRow("optional int cleared") << QStringLiteral("ai.maxTokens") << QString() << QString();
    QTest::newRow("optional int set") << QStringLiteral("ai.maxTokens") << QStringLiteral("800") << QStringLiteral("800");
    QTest::newRow("public url") << QStringLiteral("server.publicUrl") << QStringLiteral("https://crm.example.com")
                                << QStringLiteral("https://crm.example.com");
}

void StorageTest::settingsNormalizeAndRoundTrip()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, canonical);
    SettingsRepository settings(*m_db);

    auto stored = settings.set(key, value, now);
    VERIFY_OK(stored);
    QCOMPARE(*stored, canonical);

    auto snapshot = settings.load();
    VERIFY_OK(snapshot);
    QCOMPARE(snapshot->text(key), canonical);

    // Setting it again replaces the value instead of failing on the key.
    VERIFY_OK(settings.set(key, value, now + 1));
    auto rows = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM settings WHERE key = ?"), {key});
    VERIFY_OK(rows);
    QCOMPARE(rows->toInt(), 1);
}

void StorageTest::settingsRejectBadInput_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("messageMentions");

    QTest::newRow("unknown key lists valid keys") << QStringLiteral("ai.nonsense") << QStringLiteral("1")
                                                  << QStringLiteral("ai.historyMessages");
    QTest::newRow("int below minimum") << QStringLiteral("ai.maxRepliesPerLeadPerHour") << QStringLiteral("0")
                                       << QStringLiteral("ai.maxRepliesPerLeadPerHour");
    QTest::newRow("int that is not a number") << QStringLiteral("ai.historyMessages") << QStringLiteral("veinte")
                                              << QStringLiteral("veinte");
    QTest::newRow("bool that is not a bool") << QStringLiteral("ai.enabled") << QStringLiteral("maybe")
                                             << QStringLiteral("maybe");
    // Two letters, but no region of the phone library: every import would fail.
    QTest::newRow("region that does not exist") << QStringLiteral("phone.defaultRegion") << QStringLiteral("ZZ")
                                                << QStringLiteral("ZZ");
    QTest::newRow("region of three letters") << QStringLiteral("phone.defaultRegion") << QStringLiteral("MEX")
                                             << QStringLiteral("MEX");
    // Webhook routes are appended to the public URL.
    QTest::newRow("public url with a query") << QStringLiteral("server.publicUrl")
                                             << QStringLiteral("https://t.example.com/base?x=1")
                                             << QStringLiteral("?x=1");
    QTest::newRow("public url with a fragment") << QStringLiteral("server.publicUrl")
                                                << QStringLiteral("https://t.example.com/#frag")
                                                << QStringLiteral("#frag");
    // "nan" was stored, and every chat-completions request then carried a null temperature.
    QTest::newRow("decimal that is not a number") << QStringLiteral("ai.temperature") << QStringLiteral("nan")
                                                  << QStringLiteral("nan");
    QTest::newRow("decimal that is infinite") << QStringLiteral("ai.temperature") << QStringLiteral("-inf")
                                              << QStringLiteral("-inf");
}

void StorageTest::settingsRejectBadInput()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, messageMentions);
    SettingsRepository settings(*m_db);

    auto stored = settings.set(key, value, now);
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().kind, ErrorKind::InvalidArgument);
    QVERIFY2(stored.error().message.contains(messageMentions), qPrintable(stored.error().message));
    auto rows = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM settings"));
    VERIFY_OK(rows);
    QCOMPARE(rows->toInt(), 0);
}

void StorageTest::instantsRoundTripAsMilliseconds()
{
    const qint64 instant = 1735740000123; // 2025-01-01T14:00:00.123Z

    VERIFY_OK(SettingsRepository(*m_db).set(QStringLiteral("ai.enabled"), QStringLiteral("true"), instant));
    auto updated = m_db->scalar(QStringLiteral("SELECT updated_at FROM settings WHERE key = ?"),
                                {QStringLiteral("ai.enabled")});
    VERIFY_OK(updated);
    QCOMPARE(updated->toLongLong(), instant);
    auto stamp = SettingsRepository(*m_db).changeStamp();
    VERIFY_OK(stamp);
    QVERIFY2(stamp->endsWith(QLatin1String("/1735740000123")), qPrintable(*stamp));

    // The same through a repository's typed read.
    const qint64 lead = createLead(QStringLiteral("+51999000111"));
    QVERIFY(lead > 0);
    VERIFY_OK(LeadRepository(*m_db).touchLastContact(lead, instant));
    auto found = LeadRepository(*m_db).findById(lead);
    VERIFY_OK(found);
    QCOMPARE((*found)->lastContactMs, instant);
    // A message is not an edit of the lead, so its version (updated_at) stays.
    QCOMPARE((*found)->updatedMs, now);
}

// --- Text ---------------------------------------------------------------------------

void StorageTest::textRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ñ and accents") << QStringLiteral("Ñandú, señora Muñoz: ¿qué tal?");
    QTest::newRow("emoji") << QStringLiteral("Gracias 😀👍");
    QTest::newRow("family emoji with joiners") << QStringLiteral("👨‍👩‍👧‍👦");
    QTest::newRow("flag") << QStringLiteral("🇵🇪");
    QTest::newRow("musical symbol outside the BMP") << QStringLiteral("𝄞 clave de sol");
    QTest::newRow("CJK extension B") << QStringLiteral("𠜎𠜱𠝹");
    QTest::newRow("decomposed accent kept as is") << QStringLiteral("Promocio\u0301n");
}

void StorageTest::textRoundTrip()
{
    QFETCH(QString, text);

    LeadRepository leads(*m_db);
    const qint64 lead = createLead(QStringLiteral("+51999000111"));
    QVERIFY(lead > 0);
    VERIFY_OK(leads.setName(lead, text, now));
    auto found = leads.findById(lead);
    VERIFY_OK(found);
    QCOMPARE((*found)->name, text);

    // Both engines store characters, not UTF-16 units or bytes.
    auto length = m_db->scalar(QStringLiteral("SELECT length(name) FROM leads WHERE id = ?"), {lead});
    VERIFY_OK(length);
    QCOMPARE(length->toLongLong(), qint64(text.toUcs4().size()));

    // Equality in SQL matches the bound text exactly.
    auto matches = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM leads WHERE name = ?"), {text});
    VERIFY_OK(matches);
    QCOMPARE(matches->toInt(), 1);

    // Raw bytes of a webhook body come back as the same UTF-8.
    StoredInboundEvent event;
    event.kind = QStringLiteral("message");
    event.dedupKey = QStringLiteral("text-round-trip");
    event.body = text.toUtf8();
    event.receivedMs = now;
    VERIFY_OK(InboundEventRepository(*m_db).insert(event));
    auto pending = InboundEventRepository(*m_db).pending(1);
    VERIFY_OK(pending);
    QCOMPARE(pending->size(), 1);
    QCOMPARE(pending->first().body, text.toUtf8());
}

// --- Integrations -------------------------------------------------------------------

namespace {

const QString plaintextApiKey = QStringLiteral("sk-live-PLAINTEXT-0123456789abcdef");
const QString plaintextToken = QStringLiteral("test-token-0123456789");

QMap<QString, QString> gupshupValues()
{
    return {{QStringLiteral("apiKey"), plaintextApiKey},
            {QStringLiteral("appName"), QStringLiteral("ProspectaDemo")},
            {QStringLiteral("source"), QStringLiteral("51940000999")},
            {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/wa/api/v1")},
            {QStringLiteral("webhookToken"), plaintextToken}};
}

} // namespace

void StorageTest::integrationSecretsOpenWithTheKeyPair()
{
    const QString keyPath = m_dir.filePath(QStringLiteral("keys-%1/installation.key").arg(m_databaseCount));
    auto publicKey = InstallationKeys::ensurePublicKey(*m_db, keyPath);
    VERIFY_OK(publicKey);
    IntegrationRepository integrations(*m_db);
    VERIFY_OK(integrations.save(Provider::Gupshup, gupshupValues(), *publicKey, now));

    auto keys = InstallationKeys::load(*m_db, keyPath);
    VERIFY_OK(keys);
    auto record = integrations.load(Provider::Gupshup);
    VERIFY_OK(record);
    QVERIFY(record->exists);
    QCOMPARE(record->updatedMs, now);

    const IntegrationValues values = IntegrationRepository::open(*record, *keys);
    QVERIFY(values.needsReentry.isEmpty());
    QCOMPARE(values.value(QStringLiteral("apiKey")), plaintextApiKey);
    QCOMPARE(values.value(QStringLiteral("webhookToken")), plaintextToken);
    QCOMPARE(values.value(QStringLiteral("appName")), QStringLiteral("ProspectaDemo"));
    QCOMPARE(values.value(QStringLiteral("source")), QStringLiteral("51940000999"));
    QVERIFY(values.usable({QStringLiteral("apiKey"), QStringLiteral("source")}));

    // A later save merges: changing one key keeps the other secrets.
    VERIFY_OK(integrations.save(Provider::Gupshup, {{QStringLiteral("appName"), QStringLiteral("Otra")}}, *publicKey,
                                now + 1));
    const IntegrationValues merged = IntegrationRepository::open(*integrations.load(Provider::Gupshup), *keys);
    QCOMPARE(merged.value(QStringLiteral("apiKey")), plaintextApiKey);
    QCOMPARE(merged.value(QStringLiteral("appName")), QStringLiteral("Otra"));
}

void StorageTest::integrationSecretsWithoutKeysNeedReentry()
{
    const QString keyPath = m_dir.filePath(QStringLiteral("keys-%1/installation.key").arg(m_databaseCount));
    auto publicKey = InstallationKeys::ensurePublicKey(*m_db, keyPath);
    VERIFY_OK(publicKey);
    IntegrationRepository integrations(*m_db);
    VERIFY_OK(integrations.save(Provider::Gupshup, gupshupValues(), *publicKey, now));
    auto record = integrations.load(Provider::Gupshup);
    VERIFY_OK(record);

    // No private key at all.
    const IntegrationValues withoutKeys = IntegrationRepository::open(*record, std::nullopt);
    QStringList reentry = withoutKeys.needsReentry;
    reentry.sort();
    QCOMPARE(reentry, (QStringList{QStringLiteral("apiKey"), QStringLiteral("webhookToken")}));
    QVERIFY(withoutKeys.value(QStringLiteral("apiKey")).isEmpty());
    QCOMPARE(withoutKeys.value(QStringLiteral("appName")), QStringLiteral("ProspectaDemo"));
    QVERIFY(!withoutKeys.usable({QStringLiteral("apiKey")}));

    // Another installation's key pair.
    const IntegrationValues otherKeys = IntegrationRepository::open(*record, SecretBox::generateKeyPair());
    QVERIFY(otherKeys.needsReentry.contains(QStringLiteral("apiKey")));
    QVERIFY(otherKeys.value(QStringLiteral("apiKey")).isEmpty());

    // A missing private key file is an error.
    auto missing = InstallationKeys::load(*m_db, m_dir.filePath(QStringLiteral("no-such.key")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, ErrorKind::SecretUnavailable);
}

void StorageTest::sealedColumnHasNoPlaintext()
{
    const QString keyPath = m_dir.filePath(QStringLiteral("keys-%1/installation.key").arg(m_databaseCount));
    auto publicKey = InstallationKeys::ensurePublicKey(*m_db, keyPath);
    VERIFY_OK(publicKey);
    VERIFY_OK(IntegrationRepository(*m_db).save(Provider::Gupshup, gupshupValues(), *publicKey, now));

    auto row = m_db->exec(QStringLiteral("SELECT credentials, config FROM integration_settings WHERE provider = ?"),
                          {QStringLiteral("gupshup")});
    VERIFY_OK(row);
    QVERIFY(row->next());
    const QString credentials = row->value(0).toString();
    const QString config = row->value(1).toString();
    row->finish();

    QVERIFY(credentials.contains(QLatin1String("\"apiKey\"")));
    for (const QString &secret : {plaintextApiKey, plaintextToken}) {
        const QString base64 = QString::fromLatin1(secret.toUtf8().toBase64());
        QVERIFY2(!credentials.contains(secret), qPrintable(credentials));
        QVERIFY2(!credentials.contains(base64), qPrintable(credentials));
        QVERIFY2(!config.contains(secret), qPrintable(config));
    }
    // Plain configuration stays readable.
    QVERIFY2(config.contains(QLatin1String("51940000999")), qPrintable(config));
}

std::unique_ptr<Database> StorageTest::openSecondConnection()
{
    auto second = std::make_unique<Database>();
    if (!second->open(m_db->location(), QStringLiteral("tst_storage_second_%1").arg(m_databaseCount)))
        return nullptr;
    return second;
}

// A pending event is claimed by one transaction at a time; once processed it is no one's.
void StorageTest::inboundEventClaimIsExclusive()
{
    InboundEventRepository events(*m_db);
    StoredInboundEvent event;
    event.kind = QStringLiteral("message");
    event.dedupKey = QStringLiteral("message:claim-1");
    event.body = QByteArrayLiteral(R"({"type":"message"})");
    event.receivedMs = now;
    const qint64 id = events.insert(event).valueOr(0);
    QVERIFY(id > 0);

    VERIFY_OK(m_db->begin());
    auto claimed = events.claim(id);
    VERIFY_OK(claimed);
    QVERIFY(*claimed);

    if (isPostgres()) {
        // Another process skips the locked row instead of waiting for it.
        auto second = openSecondConnection();
        QVERIFY(second);
        VERIFY_OK(second->begin());
        auto other = InboundEventRepository(*second).claim(id);
        VERIFY_OK(other);
        QVERIFY(!*other);
        second->rollback();
    }

    // A rolled-back claim (a process that died mid-event) leaves the event pending.
    m_db->rollback();
    VERIFY_OK(m_db->begin());
    claimed = events.claim(id);
    VERIFY_OK(claimed);
    QVERIFY(*claimed);
    VERIFY_OK(events.mark(id, InboundEventRepository::State::Processed, {}, now));
    VERIFY_OK(m_db->commit());

    auto again = events.claim(id);
    VERIFY_OK(again);
    QVERIFY(!*again);
}

// The compare-and-set that keeps a second reply to the same messages out.
void StorageTest::aiCursorMovesOnlyFromTheExpectedValue()
{
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversationId > 0);
    ConversationRepository conversations(*m_db);

    auto first = conversations.advanceAiCursor(conversationId, 0, 5, now);
    VERIFY_OK(first);
    QVERIFY(*first);
    auto stale = conversations.advanceAiCursor(conversationId, 0, 7, now);
    VERIFY_OK(stale);
    QVERIFY(!*stale);
    QCOMPARE(conversations.findById(conversationId).valueOr(std::nullopt)->aiCursor, qint64(5));
}

void StorageTest::takeOverRefusesAnotherHolder()
{
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 beto = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    QVERIFY(conversationId > 0 && ana > 0 && beto > 0);
    ConversationRepository conversations(*m_db);

    QCOMPARE(conversations.takeOver(conversationId, ana, now).valueOr(false), true);
    QCOMPARE(conversations.takeOver(conversationId, beto, now).valueOr(true), false);
    QCOMPARE(conversations.findById(conversationId).valueOr(std::nullopt)->humanUserId, ana);
    // The holder taking it again changes nothing.
    QCOMPARE(conversations.takeOver(conversationId, ana, now).valueOr(false), true);

    VERIFY_OK(conversations.setHumanHolds(conversationId, false, 0, now));
    QCOMPARE(conversations.takeOver(conversationId, beto, now).valueOr(false), true);
    QCOMPARE(conversations.findById(conversationId).valueOr(std::nullopt)->humanUserId, beto);
}

// An AI turn's lock belongs to one connection until it unlocks or disconnects.
void StorageTest::turnLockIsHeldPerConnection()
{
    ConversationRepository conversations(*m_db);
    QCOMPARE(conversations.tryLockTurn(42).valueOr(false), true);
    if (!isPostgres()) {
        conversations.unlockTurn(42);
        QSKIP("SQLite has one process per file, so the turn lock always succeeds there");
    }

    auto second = openSecondConnection();
    QVERIFY(second);
    ConversationRepository other(*second);
    QCOMPARE(other.tryLockTurn(42).valueOr(true), false);
    // Locks are per conversation.
    QCOMPARE(other.tryLockTurn(43).valueOr(false), true);
    other.unlockTurn(43);

    conversations.unlockTurn(42);
    QCOMPARE(other.tryLockTurn(42).valueOr(false), true);
    // A closed connection (a dead process) releases what it held, once its server process
    // has noticed the disconnect, which takes a moment on a busy machine. A successful try
    // takes the lock, so it is tried until it succeeds rather than checked twice.
    second.reset();
    QVERIFY(QTest::qWaitFor([&] { return conversations.tryLockTurn(42).valueOr(false); }, 5000));
    conversations.unlockTurn(42);
}

// One sender per message: a second markSending is a Conflict, and on PostgreSQL a send
// whose claim is free (its process died) is queued again while a held one is left alone.
void StorageTest::outboxClaimKeepsOtherSendersOut()
{
    const qint64 conversation = createConversation(QStringLiteral("+51999000111"));
    OutboxRepository outbox(*m_db);
    OutboundMessage message;
    message.conversationId = conversation;
    message.destination = QStringLiteral("51999000111");
    message.body = QStringLiteral("Hola");
    const qint64 id = outbox.enqueue(message, now).valueOr(0);
    QVERIFY(id > 0);

    QCOMPARE(outbox.tryClaim(id).valueOr(false), true);
    VERIFY_OK(outbox.markSending(id, now + 1));
    const Status twice = outbox.markSending(id, now + 2);
    QVERIFY(!twice.ok());
    QCOMPARE(int(twice.error().kind), int(ErrorKind::Conflict));

    if (!isPostgres()) {
        auto recovered = outbox.recoverOrphaned({}, now + 3);
        VERIFY_OK(recovered);
        QVERIFY(recovered->isEmpty());
        QSKIP("SQLite recovers interrupted sends at start (recoverInterrupted) instead");
    }

    auto second = openSecondConnection();
    QVERIFY(second);
    OutboxRepository survivor(*second);
    QCOMPARE(survivor.tryClaim(id).valueOr(true), false);
    auto whileHeld = survivor.recoverOrphaned({}, now + 3);
    VERIFY_OK(whileHeld);
    QVERIFY(whileHeld->isEmpty());

    // The sender's connection ends without storing an outcome. Its server process frees
    // the claim once it notices the disconnect, which takes a moment on a busy machine.
    // Recovery changes the row, so it is tried until it happens, then checked once.
    m_db.reset();
    QList<qint64> recovered;
    (void)QTest::qWaitFor([&] { return !(recovered = survivor.recoverOrphaned({}, now + 4).valueOr({})).isEmpty(); },
                          5000);
    QCOMPARE(recovered, QList<qint64>{id});
    auto due = survivor.due(now + 4, 10);
    VERIFY_OK(due);
    QCOMPARE(due->size(), 1);
    QCOMPARE(due->constFirst().id, id);
    QCOMPARE(due->constFirst().attempts, 1);
}

void StorageTest::cannedRepliesVisibleToOwnerAndEveryone()
{
    const qint64 ana = createUser(QStringLiteral("ana@example.com"), UserRole::Agent);
    const qint64 beto = createUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    QVERIFY(ana > 0 && beto > 0);
    CannedReplyRepository replies(*m_db);
    CannedReply shared{0, 0, QStringLiteral("saludo"), QStringLiteral("Hola {name}"), 0};
    CannedReply own{0, ana, QStringLiteral("Ana: precios"), QStringLiteral("Nuestros precios…"), 0};
    CannedReply others{0, beto, QStringLiteral("Beto: cierre"), QStringLiteral("Gracias"), 0};
    VERIFY_OK(replies.create(shared, ana, now));
    VERIFY_OK(replies.create(own, ana, now));
    VERIFY_OK(replies.create(others, beto, now));

    auto visible = replies.visibleTo(ana);
    VERIFY_OK(visible);
    QCOMPARE(visible->size(), 2);
    // Ordered by title without case.
    QCOMPARE(visible->at(0).title, QStringLiteral("Ana: precios"));
    QCOMPARE(visible->at(1).title, QStringLiteral("saludo"));
    QVERIFY(visible->at(1).shared());

    // A deleted user's own replies go with the user; shared ones stay.
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM users WHERE id = ?"), {beto}));
    auto count = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM canned_replies"));
    VERIFY_OK(count);
    QCOMPARE(count->toInt(), 2);
}

void StorageTest::templateNameAndLanguageAreUnique()
{
    MessageTemplateRepository templates(*m_db);
    MessageTemplate first{0, QStringLiteral("recordatorio"), QStringLiteral("es"), QStringLiteral("Hola {{1}}"), 0};
    auto id = templates.create(first, now);
    VERIFY_OK(id);
    MessageTemplate english = first;
    english.language = QStringLiteral("en_US");
    VERIFY_OK(templates.create(english, now));
    QCOMPARE(templates.exists(QStringLiteral("recordatorio"), QStringLiteral("es"), 0).valueOr(false), true);
    QCOMPARE(templates.exists(QStringLiteral("recordatorio"), QStringLiteral("es"), *id).valueOr(true), false);
    // The table refuses a duplicate even when a caller skipped the check.
    QVERIFY(!templates.create(first, now).ok());
    QCOMPARE(templates.list().valueOr({}).size(), 2);
}

void StorageTest::templateOutboundKeepsItsParameters()
{
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversationId > 0);
    auto conversation = ConversationRepository(*m_db).findById(conversationId);
    VERIFY_OK(conversation);
    Message message;
    message.sender = SenderKind::Human;
    message.content = QStringLiteral("Hola Ana, su cita es el lunes.");
    const QStringList params{QStringLiteral("Ana"), QStringLiteral("lunes \"9\"")};
    auto messageId = ConversationWriter(*m_db).queueTemplate(**conversation, message, QStringLiteral("tpl-1"), params, now);
    VERIFY_OK(messageId);

    auto queued = OutboxRepository(*m_db).forConversation(conversationId);
    VERIFY_OK(queued);
    QCOMPARE(queued->size(), 1);
    QVERIFY(queued->first().kind == OutboundKind::Template);
    QCOMPARE(queued->first().templateId, QStringLiteral("tpl-1"));
    QCOMPARE(queued->first().templateParams, params);
    QCOMPARE(queued->first().body, message.content);
    QCOMPARE(queued->first().messageId, *messageId);
}

void StorageTest::closedConversationReopensOnce()
{
    const qint64 conversationId = createConversation(QStringLiteral("+51999000111"));
    QVERIFY(conversationId > 0);
    ConversationRepository conversations(*m_db);
    const qint64 leadId = conversations.findById(conversationId).valueOr({})->leadId;

    QCOMPARE(conversations.setStatus(conversationId, ConversationStatus::Closed, now).valueOr(false), true);
    // A second close changes nothing, so it can be refused and audited once.
    QCOMPARE(conversations.setStatus(conversationId, ConversationStatus::Closed, now).valueOr(true), false);
    QVERIFY(!conversations.findActive(leadId, QStringLiteral("whatsapp")).valueOr({}).has_value());

    auto reopened = conversations.reopenLatestClosed(leadId, QStringLiteral("whatsapp"), now + 1);
    VERIFY_OK(reopened);
    QVERIFY(reopened->has_value());
    QCOMPARE((*reopened)->id, conversationId);
    QVERIFY(conversations.findById(conversationId).valueOr({})->status == ConversationStatus::Active);
    // An active latest conversation is not "reopened" again.
    QVERIFY(!conversations.reopenLatestClosed(leadId, QStringLiteral("whatsapp"), now + 2).valueOr({}).has_value());
}

QTEST_GUILESS_MAIN(StorageTest)

#include "tst_storage.moc"
