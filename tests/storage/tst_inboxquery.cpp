// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The inbox's queries and read markers, run once against SQLite and once against
// PostgreSQL: the same conversations must be listed in the same order with the same
// unread counts on both engines.
//
// SQLite uses a new file for every test. PostgreSQL uses a database of this suite's own,
// created from PROSPECTA_TEST_PG_URL and dropped at the end, because other suites reset
// the schema of the test database while this one runs. Without the variable the
// postgresql rows are skipped, or fail when PROSPECTA_REQUIRE_PG=1 is set.

#include "SchemaRollback.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/InboxRepository.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/UserRepository.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#ifdef PROSPECTA_HAVE_SQLITE3_API
#include <sqlite3.h>
#endif

using namespace Prospecta;

Q_DECLARE_METATYPE(Prospecta::InboxFilter)

namespace {

constexpr qint64 now = 1735740000000; // 2025-01-01T14:00:00Z
constexpr int countEverything = 1000000; // an unread-count limit no test reaches
// A time at which every message of a test has settled for the read-through watermark.
constexpr qint64 settled = now + 3600 * 1000;

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

class InboxQueryTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void filtersSelectConversations_data();
    void filtersSelectConversations();
    void newestActivityComesFirst();
    void onlyLatestConversationOfLeadIsListed();
    void entryCarriesLastMessageAndHolder();
    void unreadCountsLeadMessagesAfterMarker();
    void markReadNeverMovesBack();
    void readMarkersArePerUser();
    void unreadListCarriesNewestLeadText();
    void pagesCoverEveryConversationOnce();
    void pagesFollowFilterAndVisibility();
    void throughKeepsLoadedRows();
    void totalUnreadCountsBeyondPages();
    void totalUnreadStopsAtLimit();
    void unreadListsLatestConversationsOnly();
    void upgradeRemembersNewestLeadMessage();
    void invalidPageSizeRejected();
    void readThroughStopsAtUnread();
    void readThroughPassesEverythingRead();
    void readThroughWaitsForSettledIds();
    void readThroughAdvancesInSteps();
    void readThroughKeepsOlderConversations();
    void readThroughInAgentView();
    void ownerChangeLowersReadThrough();
    void upgradeStartsReadThroughAtZero();
    void unreadStepsIgnoreReadConversations();

private:
    qint64 createUser(const QString &name, UserRole role);
    qint64 createLead(const QString &name, const QString &phone, qint64 ownerId);
    qint64 createConversation(qint64 leadId, qint64 createdMs);
    qint64 addMessage(qint64 conversationId, SenderKind sender, const QString &text, qint64 atMs,
                      const QString &contentType = QStringLiteral("text"));
    // The listed lead names, in order.
    QStringList names(qint64 viewerId, qint64 agentUserId, InboxFilter filter);
    // Five leads covering every filter; see filtersSelectConversations_data().
    void createFilterScenario();
    // `count` leads with one lead message each, in one transaction, numbered from
    // `first` (at most 9,999 in all). Every seventh lead
    // shares its message time with the six before it, so equal activity times are
    // ordered by conversation id. Leads alternate between Beto and no owner. Returns
    // the conversation ids in the inbox order.
    QList<qint64> createManyConversations(int count, int first = 0);
    // Every conversation of `filter`, read page by page after the last key of each page.
    // Every page of the filter, `pageSize` at a time, in order.
    QList<qint64> pagedIds(qint64 viewerId, qint64 agentUserId, InboxFilter filter, int pageSize,
                           int mineGatherLimit = InboxRepository::MineGatherLimit);
    // Marks conversation `conversationId` read by `userId` up to its newest message.
    bool readAll(qint64 userId, qint64 conversationId);
    // Compares the unread list (ids, newest lead message first) and total of `viewerId` with
    // the expected ones, computed once with the viewer's watermark and once with it at 0.
    void verifyUnread(qint64 viewerId, qint64 agentUserId, const QList<qint64> &expectedIds, int expectedTotal);

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_admin; // PostgreSQL: creates and drops this suite's database
    DatabaseLocation m_postgres;
    QString m_postgresName;
    std::unique_ptr<Database> m_db;
    int m_databaseCount = 0;
    qint64 m_ana = 0;  // an administrator, who may read every lead
    qint64 m_beto = 0; // a sales agent
};

void InboxQueryTest::initTestCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void InboxQueryTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty())
        return;
    auto location = DatabaseLocation::parse(url);
    VERIFY_OK(location);
    m_admin = std::make_unique<Database>();
    VERIFY_OK(m_admin->open(*location, QStringLiteral("tst_inboxquery_admin")));
    m_postgresName = QStringLiteral("tst_inboxquery_%1").arg(QCoreApplication::applicationPid());
    VERIFY_OK(m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgresName)));
    VERIFY_OK(m_admin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_postgresName)));
    m_postgres = *location;
    m_postgres.databaseName = m_postgresName;
}

void InboxQueryTest::init()
{
    QFETCH_GLOBAL(QString, engine);
    ++m_databaseCount;
    DatabaseLocation location;
    if (engine == QLatin1String("sqlite")) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = m_dir.filePath(QStringLiteral("inbox-%1.db").arg(m_databaseCount));
    } else {
        if (m_postgresName.isEmpty()) {
            if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
                QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
            QSKIP("PROSPECTA_TEST_PG_URL is not set");
        }
        location = m_postgres;
    }

    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_inboxquery_%1").arg(m_databaseCount)));
    if (m_db->engine() == SqlEngine::Postgres) {
        VERIFY_OK(m_db->exec(QStringLiteral("SET client_min_messages = warning")));
        VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    }
    VERIFY_OK(Migrations::apply(*m_db, now));
    m_ana = createUser(QStringLiteral("Ana"), UserRole::Admin);
    m_beto = createUser(QStringLiteral("Beto"), UserRole::Agent);
    QVERIFY(m_ana > 0);
    QVERIFY(m_beto > 0);
}

void InboxQueryTest::cleanup()
{
    m_db.reset();
}

void InboxQueryTest::cleanupTestCase()
{
    m_db.reset();
    if (m_admin && !m_postgresName.isEmpty())
        VERIFY_OK(m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgresName)));
}

qint64 InboxQueryTest::createUser(const QString &name, UserRole role)
{
    User user;
    user.name = name;
    user.email = name.toLower() + QStringLiteral("@example.com");
    user.role = role;
    auto id = UserRepository(*m_db).insert(user, QStringLiteral("$argon2id$placeholder"), now);
    return id ? *id : 0;
}

qint64 InboxQueryTest::createLead(const QString &name, const QString &phone, qint64 ownerId)
{
    Lead lead;
    lead.name = name;
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.source = LeadSource::WhatsApp;
    lead.assignedUserId = ownerId;
    auto id = LeadRepository(*m_db).create(lead, now);
    return id ? *id : 0;
}

qint64 InboxQueryTest::createConversation(qint64 leadId, qint64 createdMs)
{
    Conversation conversation;
    conversation.leadId = leadId;
    conversation.providerAddress = QStringLiteral("51999000111");
    conversation.currentAgent = AgentType::Welcome;
    auto id = ConversationRepository(*m_db).create(conversation, createdMs);
    return id ? *id : 0;
}

qint64 InboxQueryTest::addMessage(qint64 conversationId, SenderKind sender, const QString &text, qint64 atMs,
                                  const QString &contentType)
{
    Message message;
    message.conversationId = conversationId;
    message.sender = sender;
    message.contentType = contentType;
    message.content = text;
    message.createdMs = atMs;
    if (sender == SenderKind::Ai)
        message.agentType = AgentType::Welcome;
    auto id = MessageRepository(*m_db).insert(message);
    if (!id)
        return 0;
    if (!ConversationRepository(*m_db).recordMessage(conversationId, atMs, sender == SenderKind::Lead, 0))
        return 0;
    return *id;
}

QStringList InboxQueryTest::names(qint64 viewerId, qint64 agentUserId, InboxFilter filter)
{
    auto entries = InboxRepository(*m_db).list(viewerId, agentUserId, filter, InboxRange{});
    if (!entries) {
        qWarning() << describe(entries.error());
        return {QStringLiteral("(query failed)")};
    }
    QStringList result;
    for (const InboxEntry &entry : std::as_const(*entries))
        result << entry.leadName;
    return result;
}

void InboxQueryTest::createFilterScenario()
{
    // Activity: Lucia newest, then Marta, Nico, Olga, Pablo.
    struct Setup
    {
        QString name;
        QString phone;
        qint64 owner;
        qint64 atMs;
    };
    const Setup setups[] = {
        {QStringLiteral("Lucia"), QStringLiteral("+51999000001"), m_ana, now + 5000},  // Ana's lead
        {QStringLiteral("Marta"), QStringLiteral("+51999000002"), 0, now + 4000},      // unassigned
        {QStringLiteral("Nico"), QStringLiteral("+51999000003"), m_beto, now + 3000},  // Beto's, needs a human
        {QStringLiteral("Olga"), QStringLiteral("+51999000004"), 0, now + 2000},       // unassigned, Ana took it over
        {QStringLiteral("Pablo"), QStringLiteral("+51999000005"), m_beto, now + 1000}, // Beto's
    };
    for (const Setup &setup : setups) {
        const qint64 leadId = createLead(setup.name, setup.phone, setup.owner);
        QVERIFY(leadId > 0);
        const qint64 conversationId = createConversation(leadId, now);
        QVERIFY(conversationId > 0);
        QVERIFY(addMessage(conversationId, SenderKind::Lead, QStringLiteral("Hola"), setup.atMs) > 0);
        if (setup.name == QLatin1String("Nico"))
            VERIFY_OK(ConversationRepository(*m_db).setNeedsHuman(conversationId, true, QStringLiteral("BAJA?"), now));
        if (setup.name == QLatin1String("Olga"))
            VERIFY_OK(ConversationRepository(*m_db).setHumanHolds(conversationId, true, m_ana, now));
    }
}

void InboxQueryTest::filtersSelectConversations_data()
{
    QTest::addColumn<bool>("agentViewer");
    QTest::addColumn<InboxFilter>("filter");
    QTest::addColumn<QStringList>("expected");

    const QStringList everyone{QStringLiteral("Lucia"), QStringLiteral("Marta"), QStringLiteral("Nico"),
                               QStringLiteral("Olga"), QStringLiteral("Pablo")};
    QTest::newRow("admin all") << false << InboxFilter::All << everyone;
    // Ana owns Lucia and has taken Olga's conversation over.
    QTest::newRow("admin mine") << false << InboxFilter::Mine << QStringList{QStringLiteral("Lucia"), QStringLiteral("Olga")};
    QTest::newRow("admin unassigned") << false << InboxFilter::Unassigned
                                      << QStringList{QStringLiteral("Marta"), QStringLiteral("Olga")};
    QTest::newRow("admin needs a human") << false << InboxFilter::NeedsHuman << QStringList{QStringLiteral("Nico")};
    // An agent's inbox lists their own and the unassigned leads only, never Ana's Lucia.
    QTest::newRow("agent all") << true << InboxFilter::All
                               << QStringList{QStringLiteral("Marta"), QStringLiteral("Nico"), QStringLiteral("Olga"),
                                              QStringLiteral("Pablo")};
    QTest::newRow("agent mine") << true << InboxFilter::Mine << QStringList{QStringLiteral("Nico"), QStringLiteral("Pablo")};
    QTest::newRow("agent unassigned") << true << InboxFilter::Unassigned
                                      << QStringList{QStringLiteral("Marta"), QStringLiteral("Olga")};
    QTest::newRow("agent needs a human") << true << InboxFilter::NeedsHuman << QStringList{QStringLiteral("Nico")};
}

void InboxQueryTest::filtersSelectConversations()
{
    QFETCH(bool, agentViewer);
    QFETCH(InboxFilter, filter);
    QFETCH(QStringList, expected);

    createFilterScenario();
    const qint64 viewer = agentViewer ? m_beto : m_ana;
    QCOMPARE(names(viewer, agentViewer ? m_beto : 0, filter), expected);
}

void InboxQueryTest::newestActivityComesFirst()
{
    const qint64 quiet = createConversation(createLead(QStringLiteral("Quiet"), QStringLiteral("+51999000010"), 0), now + 2500);
    const qint64 early = createConversation(createLead(QStringLiteral("Early"), QStringLiteral("+51999000011"), 0), now);
    const qint64 late = createConversation(createLead(QStringLiteral("Late"), QStringLiteral("+51999000012"), 0), now);
    QVERIFY(quiet > 0 && early > 0 && late > 0);
    QVERIFY(addMessage(early, SenderKind::Lead, QStringLiteral("1"), now + 1000) > 0);
    QVERIFY(addMessage(late, SenderKind::Lead, QStringLiteral("2"), now + 2000) > 0);
    // A conversation without messages counts from its creation.
    QCOMPARE(names(m_ana, 0, InboxFilter::All),
             (QStringList{QStringLiteral("Quiet"), QStringLiteral("Late"), QStringLiteral("Early")}));

    // An AI reply is activity too.
    QVERIFY(addMessage(early, SenderKind::Ai, QStringLiteral("Hola"), now + 3000) > 0);
    QCOMPARE(names(m_ana, 0, InboxFilter::All),
             (QStringList{QStringLiteral("Early"), QStringLiteral("Quiet"), QStringLiteral("Late")}));
}

void InboxQueryTest::onlyLatestConversationOfLeadIsListed()
{
    const qint64 leadId = createLead(QStringLiteral("Rosa"), QStringLiteral("+51999000020"), 0);
    const qint64 closed = createConversation(leadId, now);
    QVERIFY(addMessage(closed, SenderKind::Lead, QStringLiteral("old"), now + 1000) > 0);
    const qint64 latest = createConversation(leadId, now + 2000);
    QVERIFY(latest > closed);

    auto entries = InboxRepository(*m_db).list(m_ana, 0, InboxFilter::All, InboxRange{});
    VERIFY_OK(entries);
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->first().conversationId, latest);
    QCOMPARE(entries->first().lastMessageId, 0);
    QCOMPARE(entries->first().unreadCount, 0);
}

void InboxQueryTest::entryCarriesLastMessageAndHolder()
{
    const qint64 leadId = createLead(QStringLiteral("Sara"), QStringLiteral("+51999000030"), m_beto);
    const qint64 conversationId = createConversation(leadId, now);
    QVERIFY(addMessage(conversationId, SenderKind::Lead, QStringLiteral("¿Precio?"), now + 1000) > 0);
    const qint64 lastId = addMessage(conversationId, SenderKind::Human, QStringLiteral("Le escribo\nen un momento"), now + 2000);
    QVERIFY(lastId > 0);
    VERIFY_OK(ConversationRepository(*m_db).setHumanHolds(conversationId, true, m_beto, now + 2000));

    auto entries = InboxRepository(*m_db).list(m_beto, m_beto, InboxFilter::All, InboxRange{});
    VERIFY_OK(entries);
    QCOMPARE(entries->size(), 1);
    const InboxEntry &entry = entries->first();
    QCOMPARE(entry.leadId, leadId);
    QCOMPARE(entry.leadName, QStringLiteral("Sara"));
    QCOMPARE(entry.leadPhone, QStringLiteral("+51999000030"));
    QCOMPARE(entry.assignedUserId, m_beto);
    QCOMPARE(entry.lastMessageId, lastId);
    QCOMPARE(Prospecta::toString(entry.lastSender), QStringLiteral("human"));
    QCOMPARE(entry.lastContentType, QStringLiteral("text"));
    QCOMPARE(entry.lastContent, QStringLiteral("Le escribo\nen un momento"));
    QCOMPARE(entry.lastActivityMs, now + 2000);
    QVERIFY(entry.humanHolds);
    QCOMPARE(entry.humanUserId, m_beto);
    QCOMPARE(entry.humanName, QStringLiteral("Beto"));
    QVERIFY(entry.currentAgent.has_value());
    QCOMPARE(Prospecta::toString(*entry.currentAgent), QStringLiteral("welcome"));
    QVERIFY(!entry.needsHuman);
}

void InboxQueryTest::unreadCountsLeadMessagesAfterMarker()
{
    const qint64 conversationId = createConversation(createLead(QStringLiteral("Tere"), QStringLiteral("+51999000040"), 0), now);
    const qint64 first = addMessage(conversationId, SenderKind::Lead, QStringLiteral("uno"), now + 1000);
    QVERIFY(addMessage(conversationId, SenderKind::Ai, QStringLiteral("respuesta"), now + 2000) > 0);
    QVERIFY(addMessage(conversationId, SenderKind::Lead, QStringLiteral("dos"), now + 3000) > 0);
    QVERIFY(addMessage(conversationId, SenderKind::System, QStringLiteral("nota"), now + 3500) > 0);
    InboxRepository inbox(*m_db);

    // Without a marker every lead message is unread; AI and system messages never are.
    auto entries = inbox.list(m_ana, 0, InboxFilter::All, InboxRange{});
    VERIFY_OK(entries);
    QCOMPARE(entries->first().unreadCount, 2);
    auto total = inbox.totalUnread(m_ana, 0, countEverything);
    VERIFY_OK(total);
    QCOMPARE(*total, 2);

    VERIFY_OK(inbox.markRead(m_ana, conversationId, first, now + 4000));
    entries = inbox.list(m_ana, 0, InboxFilter::All, InboxRange{});
    VERIFY_OK(entries);
    QCOMPARE(entries->first().unreadCount, 1);

    const qint64 last = addMessage(conversationId, SenderKind::Lead, QStringLiteral("tres"), now + 5000);
    VERIFY_OK(inbox.markRead(m_ana, conversationId, last, now + 6000));
    entries = inbox.list(m_ana, 0, InboxFilter::All, InboxRange{});
    VERIFY_OK(entries);
    QCOMPARE(entries->first().unreadCount, 0);
    total = inbox.totalUnread(m_ana, 0, countEverything);
    VERIFY_OK(total);
    QCOMPARE(*total, 0);
    auto unread = inbox.unread(m_ana, 0, 100);
    VERIFY_OK(unread);
    QVERIFY(unread->isEmpty());
}

void InboxQueryTest::markReadNeverMovesBack()
{
    const qint64 conversationId = createConversation(createLead(QStringLiteral("Ugo"), QStringLiteral("+51999000050"), 0), now);
    const qint64 first = addMessage(conversationId, SenderKind::Lead, QStringLiteral("uno"), now + 1000);
    const qint64 second = addMessage(conversationId, SenderKind::Lead, QStringLiteral("dos"), now + 2000);
    InboxRepository inbox(*m_db);

    auto marker = inbox.readMarker(m_ana, conversationId);
    VERIFY_OK(marker);
    QCOMPARE(*marker, 0);
    VERIFY_OK(inbox.markRead(m_ana, conversationId, second, now + 3000));
    // A late write from an older snapshot.
    VERIFY_OK(inbox.markRead(m_ana, conversationId, first, now + 4000));
    marker = inbox.readMarker(m_ana, conversationId);
    VERIFY_OK(marker);
    QCOMPARE(*marker, second);
}

void InboxQueryTest::readMarkersArePerUser()
{
    const qint64 conversationId = createConversation(createLead(QStringLiteral("Vera"), QStringLiteral("+51999000060"), 0), now);
    const qint64 message = addMessage(conversationId, SenderKind::Lead, QStringLiteral("hola"), now + 1000);
    InboxRepository inbox(*m_db);
    VERIFY_OK(inbox.markRead(m_ana, conversationId, message, now + 2000));

    auto anaTotal = inbox.totalUnread(m_ana, 0, countEverything);
    VERIFY_OK(anaTotal);
    QCOMPARE(*anaTotal, 0);
    auto betoTotal = inbox.totalUnread(m_beto, m_beto, countEverything);
    VERIFY_OK(betoTotal);
    QCOMPARE(*betoTotal, 1);
}

void InboxQueryTest::unreadListCarriesNewestLeadText()
{
    const qint64 older = createConversation(createLead(QStringLiteral("Walter"), QStringLiteral("+51999000070"), 0), now);
    const qint64 newer = createConversation(createLead(QStringLiteral("Ximena"), QStringLiteral("+51999000071"), 0), now);
    QVERIFY(addMessage(older, SenderKind::Lead, QStringLiteral("primero"), now + 1000) > 0);
    QVERIFY(addMessage(newer, SenderKind::Lead, QStringLiteral("a"), now + 2000) > 0);
    const qint64 newest = addMessage(newer, SenderKind::Lead, QStringLiteral("foto del local"), now + 3000,
                                     QStringLiteral("image"));
    // A newer AI reply is not what the lead wrote.
    QVERIFY(addMessage(newer, SenderKind::Ai, QStringLiteral("Gracias"), now + 4000) > 0);

    auto unread = InboxRepository(*m_db).unread(m_ana, 0, 100);
    VERIFY_OK(unread);
    QCOMPARE(unread->size(), 2);
    const UnreadConversation &first = unread->at(0);
    QCOMPARE(first.conversationId, newer);
    QCOMPARE(first.leadName, QStringLiteral("Ximena"));
    QCOMPARE(first.unreadCount, 2);
    QCOMPARE(first.lastLeadMessageId, newest);
    QCOMPARE(first.lastLeadContentType, QStringLiteral("image"));
    QCOMPARE(first.lastLeadContent, QStringLiteral("foto del local"));
    QCOMPARE(unread->at(1).conversationId, older);
    QCOMPARE(unread->at(1).lastLeadContent, QStringLiteral("primero"));

    auto limited = InboxRepository(*m_db).unread(m_ana, 0, 1);
    VERIFY_OK(limited);
    QCOMPARE(limited->size(), 1);
    QCOMPARE(limited->first().conversationId, newer);
}

QList<qint64> InboxQueryTest::createManyConversations(int count, int first)
{
    struct Created
    {
        qint64 conversationId = 0;
        qint64 activityMs = 0;
    };
    QList<Created> created;
    Transaction transaction(*m_db);
    if (!transaction.started().ok()) {
        qWarning() << describe(transaction.started().error());
        return {};
    }
    for (int i = first; i < first + count; ++i) {
        const qint64 owner = i % 2 == 0 ? m_beto : 0;
        const qint64 leadId = createLead(QStringLiteral("Lead %1").arg(i, 5, 10, QLatin1Char('0')),
                                         QStringLiteral("+5199910%1").arg(i, 4, 10, QLatin1Char('0')), owner);
        const qint64 conversationId = leadId > 0 ? createConversation(leadId, now) : 0;
        const qint64 atMs = now + 1000 * (i / 7);
        if (conversationId == 0 || addMessage(conversationId, SenderKind::Lead, QStringLiteral("hola"), atMs) == 0) {
            qWarning() << "Creating conversation" << i << "failed";
            return {};
        }
        created << Created{conversationId, atMs};
    }
    if (auto committed = transaction.commit(); !committed.ok()) {
        qWarning() << describe(committed.error());
        return {};
    }

    std::sort(created.begin(), created.end(), [](const Created &left, const Created &right) {
        if (left.activityMs != right.activityMs)
            return left.activityMs > right.activityMs;
        return left.conversationId > right.conversationId;
    });
    QList<qint64> ids;
    for (const Created &conversation : std::as_const(created))
        ids << conversation.conversationId;
    return ids;
}

QList<qint64> InboxQueryTest::pagedIds(qint64 viewerId, qint64 agentUserId, InboxFilter filter, int pageSize,
                                       int mineGatherLimit)
{
    QList<qint64> ids;
    InboxRange range;
    range.limit = pageSize;
    InboxRepository inbox(*m_db);
    inbox.setMineGatherLimit(mineGatherLimit);
    // Bounded, so a key that does not advance fails the test instead of hanging it.
    for (int pages = 0; pages < 1000; ++pages) {
        auto page = inbox.list(viewerId, agentUserId, filter, range);
        if (!page) {
            qWarning() << describe(page.error());
            return {};
        }
        for (const InboxEntry &entry : std::as_const(*page))
            ids << entry.conversationId;
        if (page->size() < pageSize)
            return ids;
        range.after = page->last().key();
    }
    qWarning() << "Paging did not end after 1000 pages";
    return {};
}

void InboxQueryTest::pagesCoverEveryConversationOnce()
{
    const QList<qint64> expected = createManyConversations(3000);
    QCOMPARE(expected.size(), 3000);

    // 100 is not a multiple of 7, so pages end inside groups of equal activity times.
    const QList<qint64> paged = pagedIds(m_ana, 0, InboxFilter::All, 100);
    QCOMPARE(paged.size(), expected.size());
    QCOMPARE(paged, expected);

    // One page holding everything lists the same order.
    InboxRange everything;
    everything.limit = 5000;
    auto whole = InboxRepository(*m_db).list(m_ana, 0, InboxFilter::All, everything);
    VERIFY_OK(whole);
    QCOMPARE(whole->size(), expected.size());
    QCOMPARE(whole->first().conversationId, expected.first());
    QCOMPARE(whole->last().conversationId, expected.last());
}

void InboxQueryTest::pagesFollowFilterAndVisibility()
{
    const QList<qint64> all = createManyConversations(2000);
    QCOMPARE(all.size(), 2000);
    auto unassignedQuery = m_db->exec(QStringLiteral("SELECT c.id FROM conversations c JOIN leads l ON l.id = c.lead_id "
                                                     "WHERE l.assigned_user_id IS NULL"));
    VERIFY_OK(unassignedQuery);
    QSet<qint64> unassigned;
    while (unassignedQuery->next())
        unassigned.insert(unassignedQuery->value(0).toLongLong());
    unassignedQuery->finish();
    QCOMPARE(unassigned.size(), 1000);
    QList<qint64> expectedUnassigned;
    QList<qint64> expectedBetos;
    for (const qint64 id : all)
        (unassigned.contains(id) ? expectedUnassigned : expectedBetos) << id;

    QCOMPARE(pagedIds(m_ana, 0, InboxFilter::Unassigned, 100), expectedUnassigned);
    // Beto's 1,000 conversations are few enough to be gathered first. With a lower limit
    // the pages walk the inbox order instead, and list the same.
    QCOMPARE(pagedIds(m_beto, m_beto, InboxFilter::Mine, 100), expectedBetos);
    QCOMPARE(pagedIds(m_beto, m_beto, InboxFilter::Mine, 100, 1000), expectedBetos);
    QCOMPARE(pagedIds(m_beto, 0, InboxFilter::Mine, 100, 1), expectedBetos);
    // Beto sees his own leads and the unassigned ones: here every lead.
    QCOMPARE(pagedIds(m_beto, m_beto, InboxFilter::All, 100), all);
}

void InboxQueryTest::throughKeepsLoadedRows()
{
    const QList<qint64> order = createManyConversations(1000);
    QCOMPARE(order.size(), 1000);
    InboxRepository inbox(*m_db);
    InboxRange firstPages;
    firstPages.limit = 250;
    auto loaded = inbox.list(m_ana, 0, InboxFilter::All, firstPages);
    VERIFY_OK(loaded);
    QCOMPARE(loaded->size(), 250);
    const InboxKey lastKey = loaded->last().key();

    // One loaded conversation gets a new message, and five new leads write.
    const qint64 moved = loaded->at(150).conversationId;
    QVERIFY(addMessage(moved, SenderKind::Lead, QStringLiteral("otra vez"), now + 10'000'000) > 0);
    QList<qint64> arrived;
    for (int i = 0; i < 5; ++i) {
        const qint64 leadId = createLead(QStringLiteral("Nuevo %1").arg(i), QStringLiteral("+5199920000%1").arg(i), 0);
        const qint64 conversationId = createConversation(leadId, now);
        QVERIFY(conversationId > 0);
        QVERIFY(addMessage(conversationId, SenderKind::Lead, QStringLiteral("hola"), now + 20'000'000 + i) > 0);
        arrived.prepend(conversationId);
    }

    // Reading down to the last loaded key returns every loaded row and the new ones above,
    // and still ends at the same row.
    InboxRange refresh;
    refresh.through = lastKey;
    refresh.limit = 1000;
    auto refreshed = inbox.list(m_ana, 0, InboxFilter::All, refresh);
    VERIFY_OK(refreshed);
    QCOMPARE(refreshed->size(), 255);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(refreshed->at(i).conversationId, arrived.at(i));
    QCOMPARE(refreshed->at(5).conversationId, moved);
    QCOMPARE(refreshed->last().conversationId, loaded->last().conversationId);
    QSet<qint64> refreshedIds;
    for (const InboxEntry &entry : std::as_const(*refreshed))
        refreshedIds.insert(entry.conversationId);
    for (const InboxEntry &entry : std::as_const(*loaded))
        QVERIFY2(refreshedIds.contains(entry.conversationId), qPrintable(QString::number(entry.conversationId)));

    // The next page starts right below the same key, as if nothing had moved.
    InboxRange next;
    next.after = lastKey;
    next.limit = 100;
    auto nextPage = inbox.list(m_ana, 0, InboxFilter::All, next);
    VERIFY_OK(nextPage);
    QCOMPARE(nextPage->size(), 100);
    QCOMPARE(nextPage->first().conversationId, order.at(250));
}

void InboxQueryTest::totalUnreadCountsBeyondPages()
{
    const QList<qint64> order = createManyConversations(2000);
    QCOMPARE(order.size(), 2000);
    InboxRepository inbox(*m_db);
    InboxRange firstPage;
    firstPage.limit = 100;
    auto page = inbox.list(m_ana, 0, InboxFilter::All, firstPage);
    VERIFY_OK(page);
    QCOMPARE(page->size(), 100);

    auto total = inbox.totalUnread(m_ana, 0, countEverything);
    VERIFY_OK(total);
    QCOMPARE(*total, 2000);
    auto betosTotal = inbox.totalUnread(m_beto, m_beto, countEverything);
    VERIFY_OK(betosTotal);
    QCOMPARE(*betosTotal, 2000);

    // Reading a conversation far below the first page counts too.
    auto lastMessage = m_db->scalar(QStringLiteral("SELECT MAX(id) FROM messages WHERE conversation_id = ?"),
                                    {order.last()}, 0);
    VERIFY_OK(lastMessage);
    VERIFY_OK(inbox.markRead(m_ana, order.last(), lastMessage->toLongLong(), now + 5000));
    total = inbox.totalUnread(m_ana, 0, countEverything);
    VERIFY_OK(total);
    QCOMPARE(*total, 1999);
}

void InboxQueryTest::totalUnreadStopsAtLimit()
{
    for (int i = 0; i < 3; ++i) {
        const qint64 conversationId = createConversation(
            createLead(QStringLiteral("Lead %1").arg(i), QStringLiteral("+5199900020%1").arg(i), 0), now);
        QVERIFY(addMessage(conversationId, SenderKind::Lead, QStringLiteral("uno"), now + 1000 + i) > 0);
        QVERIFY(addMessage(conversationId, SenderKind::Lead, QStringLiteral("dos"), now + 2000 + i) > 0);
    }
    InboxRepository inbox(*m_db);

    // Six lead messages are unread: a limit below six is returned, and one above is not.
    auto total = inbox.totalUnread(m_ana, 0, 4);
    VERIFY_OK(total);
    QCOMPARE(*total, 4);
    total = inbox.totalUnread(m_ana, 0, 6);
    VERIFY_OK(total);
    QCOMPARE(*total, 6);
    total = inbox.totalUnread(m_ana, 0, 7);
    VERIFY_OK(total);
    QCOMPARE(*total, 6);

    for (int limit : {0, -1}) {
        total = inbox.totalUnread(m_ana, 0, limit);
        QVERIFY(!total);
        QCOMPARE(total.error().kind, ErrorKind::InvalidArgument);
        auto unread = inbox.unread(m_ana, 0, limit);
        QVERIFY(!unread);
        QCOMPARE(unread.error().kind, ErrorKind::InvalidArgument);
    }
}

void InboxQueryTest::unreadListsLatestConversationsOnly()
{
    // Rosa wrote in a conversation that was followed by a newer one, which has no lead
    // message yet: neither is unread, as the inbox shows the newer one only.
    const qint64 rosa = createLead(QStringLiteral("Rosa"), QStringLiteral("+51999000210"), 0);
    const qint64 rosasFirst = createConversation(rosa, now);
    QVERIFY(addMessage(rosasFirst, SenderKind::Lead, QStringLiteral("hola"), now + 1000) > 0);
    QVERIFY(createConversation(rosa, now + 2000) > rosasFirst);
    // Saul's newest lead message is read and Tomas's is not. Tomas wrote before Saul.
    const qint64 tomas = createConversation(createLead(QStringLiteral("Tomas"), QStringLiteral("+51999000211"), 0), now);
    QVERIFY(addMessage(tomas, SenderKind::Lead, QStringLiteral("precio"), now + 3000) > 0);
    const qint64 saul = createConversation(createLead(QStringLiteral("Saul"), QStringLiteral("+51999000212"), 0), now);
    const qint64 saulsMessage = addMessage(saul, SenderKind::Lead, QStringLiteral("gracias"), now + 4000);
    InboxRepository inbox(*m_db);
    VERIFY_OK(inbox.markRead(m_ana, saul, saulsMessage, now + 5000));
    // A later AI reply to Saul is not a lead message.
    QVERIFY(addMessage(saul, SenderKind::Ai, QStringLiteral("a usted"), now + 6000) > 0);

    auto unread = inbox.unread(m_ana, 0, 100);
    VERIFY_OK(unread);
    QCOMPARE(unread->size(), 1);
    QCOMPARE(unread->first().conversationId, tomas);
    auto total = inbox.totalUnread(m_ana, 0, countEverything);
    VERIFY_OK(total);
    QCOMPARE(*total, 1);
}

// Schema version 12 added to a version-11 database: each conversation's newest lead
// message is found among the messages already stored.
void InboxQueryTest::upgradeRemembersNewestLeadMessage()
{
    createFilterScenario();
    const qint64 conversationId =
        createConversation(createLead(QStringLiteral("Uma"), QStringLiteral("+51999000220"), 0), now);
    const qint64 first = addMessage(conversationId, SenderKind::Lead, QStringLiteral("uno"), now + 6000);
    const qint64 newest = addMessage(conversationId, SenderKind::Lead, QStringLiteral("dos"), now + 7000);
    QVERIFY(addMessage(conversationId, SenderKind::Human, QStringLiteral("hola Uma"), now + 8000) > 0);
    const qint64 quiet = createConversation(createLead(QStringLiteral("Vale"), QStringLiteral("+51999000221"), 0), now);
    QVERIFY(addMessage(quiet, SenderKind::Ai, QStringLiteral("¿Le interesa?"), now + 9000) > 0);
    InboxRepository inbox(*m_db);
    VERIFY_OK(inbox.markRead(m_ana, conversationId, first, now + 10000));
    auto before = inbox.unread(m_ana, 0, 100);
    VERIFY_OK(before);

    // Version 11 as it was.
    VERIFY_OK(TestSupport::undoSchemaVersionsAfter11(*m_db));
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 12")));
    VERIFY_OK(Migrations::apply(*m_db, now));

    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), Migrations::latestVersion());
    auto remembered = m_db->scalar(QStringLiteral("SELECT last_lead_message_id FROM conversations WHERE id = ?"),
                                   {conversationId});
    VERIFY_OK(remembered);
    QCOMPARE(remembered->toLongLong(), newest);
    remembered = m_db->scalar(QStringLiteral("SELECT last_lead_message_id FROM conversations WHERE id = ?"), {quiet});
    VERIFY_OK(remembered);
    QCOMPARE(remembered->toLongLong(), 0);

    // The five leads of the scenario and Uma's second message are unread, as before.
    auto after = inbox.unread(m_ana, 0, 100);
    VERIFY_OK(after);
    QCOMPARE(after->size(), 6);
    QCOMPARE(after->size(), before->size());
    for (qsizetype i = 0; i < after->size(); ++i) {
        QCOMPARE(after->at(i).conversationId, before->at(i).conversationId);
        QCOMPARE(after->at(i).unreadCount, before->at(i).unreadCount);
        QCOMPARE(after->at(i).lastLeadMessageId, before->at(i).lastLeadMessageId);
    }
    QCOMPARE(after->first().conversationId, conversationId);
    QCOMPARE(after->first().unreadCount, 1);
}

void InboxQueryTest::invalidPageSizeRejected()
{
    createFilterScenario();
    for (const int limit : {0, -1}) {
        InboxRange range;
        range.limit = limit;
        auto entries = InboxRepository(*m_db).list(m_ana, 0, InboxFilter::All, range);
        QVERIFY(!entries.ok());
        QCOMPARE(entries.error().kind, ErrorKind::InvalidArgument);
        QVERIFY2(entries.error().message.contains(QString::number(limit)), qPrintable(entries.error().message));
    }
}

bool InboxQueryTest::readAll(qint64 userId, qint64 conversationId)
{
    auto newest = m_db->scalar(QStringLiteral("SELECT MAX(id) FROM messages WHERE conversation_id = ?"), {conversationId}, 0);
    if (!newest)
        return false;
    return InboxRepository(*m_db).markRead(userId, conversationId, newest->toLongLong(), now).ok();
}

void InboxQueryTest::verifyUnread(qint64 viewerId, qint64 agentUserId, const QList<qint64> &expectedIds, int expectedTotal)
{
    InboxRepository inbox(*m_db);
    for (const bool withWatermark : {true, false}) {
        QVariantList savedRow; // the watermark row, put back after the check without it
        if (!withWatermark) {
            auto through = inbox.readThrough(viewerId, agentUserId);
            VERIFY_OK(through);
            savedRow << viewerId << agentUserId << *through;
            VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM inbox_read_through WHERE user_id = ? AND agent_user_id = ?"),
                                 {viewerId, agentUserId}));
        }
        auto unread = inbox.unread(viewerId, agentUserId, 100);
        VERIFY_OK(unread);
        QList<qint64> ids;
        for (const UnreadConversation &conversation : std::as_const(*unread))
            ids << conversation.conversationId;
        QCOMPARE(ids, expectedIds);
        auto total = inbox.totalUnread(viewerId, agentUserId, countEverything);
        VERIFY_OK(total);
        QCOMPARE(*total, expectedTotal);
        if (!withWatermark)
            VERIFY_OK(m_db->exec(QStringLiteral("INSERT INTO inbox_read_through (user_id, agent_user_id, message_id) "
                                                "VALUES (?, ?, ?)"),
                                 savedRow));
    }
}

// Ana read the two conversations with the oldest lead messages and the fourth of five.
// The watermark passes the first two and stops at the third, which she has not read.
void InboxQueryTest::readThroughStopsAtUnread()
{
    QList<qint64> conversations;
    QList<qint64> leadMessages;
    for (int i = 0; i < 5; ++i) {
        conversations << createConversation(
            createLead(QStringLiteral("Lead %1").arg(i), QStringLiteral("+5199900030%1").arg(i), 0), now);
        leadMessages << addMessage(conversations.last(), SenderKind::Lead, QStringLiteral("hola"), now + 1000 * i);
        QVERIFY(leadMessages.last() > 0);
    }
    for (const int read : {0, 1, 3})
        QVERIFY(readAll(m_ana, conversations.at(read)));
    InboxRepository inbox(*m_db);

    auto through = inbox.advanceReadThrough(m_ana, 0, settled);
    VERIFY_OK(through);
    QCOMPARE(*through, leadMessages.at(1));
    QCOMPARE(inbox.readThrough(m_ana, 0).valueOr(-1), leadMessages.at(1));
    verifyUnread(m_ana, 0, {conversations.at(4), conversations.at(2)}, 2);

    // Beto has read nothing, so his watermark stays at 0 and his walk is the one before.
    through = inbox.advanceReadThrough(m_beto, 0, settled);
    VERIFY_OK(through);
    QCOMPARE(*through, 0);
    verifyUnread(m_beto, 0, {conversations.at(4), conversations.at(3), conversations.at(2), conversations.at(1),
                             conversations.at(0)},
                 5);
}

// Reading everything moves the watermark to the newest lead message. A lead message that
// arrives later is above it and unread, and a late marker of an older snapshot changes
// nothing.
void InboxQueryTest::readThroughPassesEverythingRead()
{
    QList<qint64> conversations;
    for (int i = 0; i < 4; ++i) {
        conversations << createConversation(
            createLead(QStringLiteral("Lead %1").arg(i), QStringLiteral("+5199900031%1").arg(i), 0), now);
        const qint64 first = addMessage(conversations.last(), SenderKind::Lead, QStringLiteral("uno"), now + 10 * i);
        QVERIFY(addMessage(conversations.last(), SenderKind::Lead, QStringLiteral("dos"), now + 10 * i + 5) > first);
        QVERIFY(readAll(m_ana, conversations.last()));
    }
    // An AI reply after the last lead message is not something to read.
    QVERIFY(addMessage(conversations.at(3), SenderKind::Ai, QStringLiteral("gracias"), now + 100) > 0);
    auto newestLead = m_db->scalar(QStringLiteral("SELECT MAX(id) FROM messages WHERE sender = 'lead'"));
    VERIFY_OK(newestLead);
    InboxRepository inbox(*m_db);

    auto through = inbox.advanceReadThrough(m_ana, 0, settled);
    VERIFY_OK(through);
    QCOMPARE(*through, newestLead->toLongLong());
    verifyUnread(m_ana, 0, {}, 0);

    const qint64 arrived = addMessage(conversations.at(1), SenderKind::Lead, QStringLiteral("tres"), now + 200);
    QVERIFY(arrived > *through);
    verifyUnread(m_ana, 0, {conversations.at(1)}, 1);

    // The late write of a marker read before "tres" arrived.
    auto old = m_db->scalar(QStringLiteral("SELECT MIN(id) FROM messages WHERE conversation_id = ?"), {conversations.at(1)});
    VERIFY_OK(old);
    VERIFY_OK(inbox.markRead(m_ana, conversations.at(1), old->toLongLong(), now + 300));
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled).valueOr(-1), *through);
    verifyUnread(m_ana, 0, {conversations.at(1)}, 1);

    VERIFY_OK(inbox.markRead(m_ana, conversations.at(1), arrived, now + 400));
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled).valueOr(-1), arrived);
    verifyUnread(m_ana, 0, {}, 0);
}

// On PostgreSQL a message with a lower id may commit after one with a higher id, so the
// watermark does not pass a lead message younger than ReadThroughSettleMs.
void InboxQueryTest::readThroughWaitsForSettledIds()
{
    const qint64 older = createConversation(createLead(QStringLiteral("Olga"), QStringLiteral("+51999000320"), 0), now);
    const qint64 olderMessage = addMessage(older, SenderKind::Lead, QStringLiteral("hola"), now);
    const qint64 recent = createConversation(createLead(QStringLiteral("Rita"), QStringLiteral("+51999000321"), 0), now);
    const qint64 recentMessage = addMessage(recent, SenderKind::Lead, QStringLiteral("hola"), now + 60 * 1000);
    QVERIFY(readAll(m_ana, older));
    QVERIFY(readAll(m_ana, recent));
    InboxRepository inbox(*m_db);

    const qint64 settleMs = InboxRepository::ReadThroughSettleMs;
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, now + settleMs).valueOr(-1), olderMessage);
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, now + 60 * 1000 + settleMs - 1).valueOr(-1), olderMessage);
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, now + 60 * 1000 + settleMs).valueOr(-1), recentMessage);
    verifyUnread(m_ana, 0, {}, 0);
}

void InboxQueryTest::readThroughAdvancesInSteps()
{
    QList<qint64> leadMessages;
    for (int i = 0; i < 5; ++i) {
        const qint64 conversationId = createConversation(
            createLead(QStringLiteral("Lead %1").arg(i), QStringLiteral("+5199900033%1").arg(i), 0), now);
        leadMessages << addMessage(conversationId, SenderKind::Lead, QStringLiteral("hola"), now + i);
        QVERIFY(readAll(m_ana, conversationId));
    }
    InboxRepository inbox(*m_db);

    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled, 2).valueOr(-1), leadMessages.at(1));
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled, 2).valueOr(-1), leadMessages.at(3));
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled, 2).valueOr(-1), leadMessages.at(4));
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled, 2).valueOr(-1), leadMessages.at(4));
    verifyUnread(m_ana, 0, {}, 0);

    auto rejected = inbox.advanceReadThrough(m_ana, 0, settled, 0);
    QVERIFY(!rejected);
    QCOMPARE(rejected.error().kind, ErrorKind::InvalidArgument);
}

// Only a lead's latest conversation is listed, but deleting it lists the one before
// again. So the watermark stops at an unread older conversation, which the unread list
// does not show yet.
void InboxQueryTest::readThroughKeepsOlderConversations()
{
    const qint64 saul = createConversation(createLead(QStringLiteral("Saul"), QStringLiteral("+51999000341"), 0), now);
    const qint64 saulsMessage = addMessage(saul, SenderKind::Lead, QStringLiteral("hola"), now + 500);
    QVERIFY(saulsMessage > 0);
    QVERIFY(readAll(m_ana, saul));
    const qint64 rosa = createLead(QStringLiteral("Rosa"), QStringLiteral("+51999000340"), 0);
    const qint64 first = createConversation(rosa, now);
    const qint64 unreadMessage = addMessage(first, SenderKind::Lead, QStringLiteral("primero"), now + 1000);
    QVERIFY(unreadMessage > 0);
    const qint64 latest = createConversation(rosa, now + 2000);
    QVERIFY(addMessage(latest, SenderKind::Lead, QStringLiteral("segundo"), now + 3000) > 0);
    QVERIFY(readAll(m_ana, latest));
    InboxRepository inbox(*m_db);

    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled).valueOr(-1), saulsMessage);
    verifyUnread(m_ana, 0, {}, 0);

    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM conversations WHERE id = ?"), {latest}));
    verifyUnread(m_ana, 0, {first}, 1);
    // Deleting a conversation the watermark passed leaves the rest as they were.
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM conversations WHERE id = ?"), {saul}));
    verifyUnread(m_ana, 0, {first}, 1);
}

// In an agent's view the watermark also passes conversations of leads that other users
// own, which the agent cannot see and so never reads.
void InboxQueryTest::readThroughInAgentView()
{
    const qint64 carla = createUser(QStringLiteral("Carla"), UserRole::Agent);
    QVERIFY(carla > 0);
    const qint64 betos = createConversation(createLead(QStringLiteral("Nico"), QStringLiteral("+51999000350"), m_beto), now);
    const qint64 betosMessage = addMessage(betos, SenderKind::Lead, QStringLiteral("hola"), now + 1000);
    QVERIFY(betosMessage > 0);
    const qint64 carlas = createConversation(createLead(QStringLiteral("Olga"), QStringLiteral("+51999000351"), carla), now);
    QVERIFY(addMessage(carlas, SenderKind::Lead, QStringLiteral("hola"), now + 2000) > 0);
    const qint64 open = createConversation(createLead(QStringLiteral("Pia"), QStringLiteral("+51999000352"), 0), now);
    const qint64 openMessage = addMessage(open, SenderKind::Lead, QStringLiteral("hola"), now + 3000);
    QVERIFY(readAll(m_beto, betos));
    QVERIFY(readAll(m_beto, open));
    InboxRepository inbox(*m_db);

    QCOMPARE(inbox.advanceReadThrough(m_beto, m_beto, settled).valueOr(-1), openMessage);
    verifyUnread(m_beto, m_beto, {}, 0);
    // The same user in a view of every lead has not read Carla's conversation.
    QCOMPARE(inbox.advanceReadThrough(m_beto, 0, settled).valueOr(-1), betosMessage);
    verifyUnread(m_beto, 0, {carlas}, 1);
}

// A lead that enters an agent's view brings its unread messages, even below the
// agent's watermark: given to the agent, left without an owner, or left by an owner
// who was deleted.
void InboxQueryTest::ownerChangeLowersReadThrough()
{
    const qint64 carla = createUser(QStringLiteral("Carla"), UserRole::Agent);
    const qint64 dario = createUser(QStringLiteral("Dario"), UserRole::Agent);
    QVERIFY(carla > 0 && dario > 0);
    QList<qint64> leads;
    QList<qint64> conversations;
    for (int i = 0; i < 3; ++i) {
        leads << createLead(QStringLiteral("Lead %1").arg(i), QStringLiteral("+5199900036%1").arg(i), carla);
        conversations << createConversation(leads.last(), now);
        QVERIFY(addMessage(conversations.last(), SenderKind::Lead, QStringLiteral("hola"), now + i) > 0);
    }
    const qint64 dariosLead = createLead(QStringLiteral("Dario's"), QStringLiteral("+51999000369"), dario);
    const qint64 dariosConversation = createConversation(dariosLead, now);
    QVERIFY(addMessage(dariosConversation, SenderKind::Lead, QStringLiteral("hola"), now + 10) > 0);
    const qint64 betosOwn = createConversation(createLead(QStringLiteral("Own"), QStringLiteral("+51999000368"), m_beto), now);
    QVERIFY(addMessage(betosOwn, SenderKind::Lead, QStringLiteral("hola"), now + 20) > 0);
    QVERIFY(readAll(m_beto, betosOwn));
    InboxRepository inbox(*m_db);
    LeadRepository leadRepository(*m_db);

    auto through = inbox.advanceReadThrough(m_beto, m_beto, settled);
    VERIFY_OK(through);
    QVERIFY(*through > 0);
    // Carla has read none of her leads, so her watermark stays at 0.
    QCOMPARE(inbox.advanceReadThrough(carla, carla, settled).valueOr(-1), 0);
    verifyUnread(m_beto, m_beto, {}, 0);

    VERIFY_OK(leadRepository.setAssignedUser(leads.at(1), m_beto, now));
    verifyUnread(m_beto, m_beto, {conversations.at(1)}, 1);
    VERIFY_OK(leadRepository.setAssignedUser(leads.at(2), 0, now));
    verifyUnread(m_beto, m_beto, {conversations.at(2), conversations.at(1)}, 2);

    // Reading them lets the watermark pass them again.
    QVERIFY(readAll(m_beto, conversations.at(1)));
    QVERIFY(readAll(m_beto, conversations.at(2)));
    QCOMPARE(inbox.advanceReadThrough(m_beto, m_beto, settled).valueOr(-1), *through);
    verifyUnread(m_beto, m_beto, {}, 0);

    // Deleting Dario leaves his lead without an owner, through the foreign key.
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM users WHERE id = ?"), {dario}));
    verifyUnread(m_beto, m_beto, {dariosConversation}, 1);
}

// Schema versions 15 and 16 added to a version-14 database: every watermark starts at 0, so the
// unread state is the one before, and the first advance catches up.
void InboxQueryTest::upgradeStartsReadThroughAtZero()
{
    createFilterScenario();
    auto before = InboxRepository(*m_db).unread(m_ana, 0, 100);
    VERIFY_OK(before);
    QCOMPARE(before->size(), 5);

    VERIFY_OK(TestSupport::undoSchemaVersionsAfter14(*m_db));
    VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 15")));
    VERIFY_OK(Migrations::apply(*m_db, now));
    QCOMPARE(Migrations::currentVersion(*m_db).valueOr(-1), Migrations::latestVersion());

    InboxRepository inbox(*m_db);
    QCOMPARE(inbox.readThrough(m_ana, 0).valueOr(-1), 0);
    auto after = inbox.unread(m_ana, 0, 100);
    VERIFY_OK(after);
    QCOMPARE(after->size(), before->size());
    for (const UnreadConversation &conversation : std::as_const(*after))
        QVERIFY(readAll(m_ana, conversation.conversationId));
    auto newestLead = m_db->scalar(QStringLiteral("SELECT MAX(id) FROM messages WHERE sender = 'lead'"));
    VERIFY_OK(newestLead);
    QCOMPARE(inbox.advanceReadThrough(m_ana, 0, settled).valueOr(-1), newestLead->toLongLong());
    verifyUnread(m_ana, 0, {}, 0);
}

#ifdef PROSPECTA_HAVE_SQLITE3_API
namespace {

// Counts the calls of SQLite's progress handler on the connection while it is installed,
// set to run every virtual machine instruction (sqlite3_progress_handler with N = 1):
// a measure of the rows a query visits that does not depend on the machine's speed.
class SqliteStepCounter
{
public:
    explicit SqliteStepCounter(const Database &database)
    {
        const QVariant handle = database.connection().driver()->handle();
        if (qstrcmp(handle.typeName(), "sqlite3*") == 0)
            m_connection = *static_cast<sqlite3 *const *>(handle.constData());
        if (m_connection)
            sqlite3_progress_handler(m_connection, 1, &SqliteStepCounter::count, this);
    }
    ~SqliteStepCounter()
    {
        if (m_connection)
            sqlite3_progress_handler(m_connection, 0, nullptr, nullptr);
    }
    SqliteStepCounter(const SqliteStepCounter &) = delete;
    SqliteStepCounter &operator=(const SqliteStepCounter &) = delete;

    bool installed() const { return m_connection != nullptr; }
    qint64 steps() const { return m_steps; }

private:
    static int count(void *counter)
    {
        ++static_cast<SqliteStepCounter *>(counter)->m_steps;
        return 0; // go on
    }

    sqlite3 *m_connection = nullptr;
    qint64 m_steps = 0;
};

} // namespace
#endif

// A viewer who has read every conversation: the unread list and total take the same
// number of SQLite steps for 300 read conversations and for 3,000. Without the watermark
// they walked every read conversation, about ten times the steps for ten times as many.
void InboxQueryTest::unreadStepsIgnoreReadConversations()
{
    QFETCH_GLOBAL(QString, engine);
    if (engine != QLatin1String("sqlite"))
        QSKIP("counts SQLite's steps");

#ifdef PROSPECTA_HAVE_SQLITE3_API
    int created = 0;
    const auto stepsAllRead = [this, &created](int conversations) -> qint64 {
        if (createManyConversations(conversations, created).size() != conversations)
            return -1;
        created += conversations;
        // Every conversation read up to its newest lead message, as a user who opened each.
        auto marked = m_db->exec(QStringLiteral(
            "INSERT INTO conversation_reads (user_id, conversation_id, last_read_message_id, read_at) "
            "SELECT ?, id, last_lead_message_id, ? FROM conversations WHERE last_lead_message_id > 0 "
            "ON CONFLICT (user_id, conversation_id) DO UPDATE SET last_read_message_id = excluded.last_read_message_id"),
            {m_ana, now});
        if (!marked)
            return -1;
        InboxRepository inbox(*m_db);
        if (!inbox.advanceReadThrough(m_ana, 0, settled, countEverything))
            return -1;
        SqliteStepCounter counter(*m_db);
        if (!counter.installed())
            return -1;
        auto unread = inbox.unread(m_ana, 0, 200);
        auto total = inbox.totalUnread(m_ana, 0, 1000);
        if (!unread || !unread->isEmpty() || !total || *total != 0)
            return -1;
        return counter.steps();
    };

    const qint64 few = stepsAllRead(300);
    QVERIFY(few > 0);
    const qint64 many = stepsAllRead(2700); // 3,000 in all
    QVERIFY(many > 0);
    QVERIFY2(many < few + few / 2, qPrintable(QStringLiteral("%1 steps for 300 read conversations, %2 for 3,000")
                                                  .arg(few)
                                                  .arg(many)));
#else
    qInfo("built without SQLite's headers (libsqlite3-dev), so the steps are not counted");
#endif

    // The advance walks conversations_last_lead up from the watermark, without sorting.
    QStringList plan;
    m_db->observeQueryPlans([&plan](const QString &sql, const QStringList &lines) {
        if (sql.contains(QLatin1String("ORDER BY c.last_lead_message_id LIMIT")))
            plan = lines;
    });
    for (const qint64 agent : {qint64(0), m_beto}) {
        plan.clear();
        VERIFY_OK(InboxRepository(*m_db).advanceReadThrough(m_beto, agent, settled));
        const QString planText = plan.join(QLatin1Char('\n'));
        static const QRegularExpression tableRead(QStringLiteral("(SCAN|SEARCH) .*")); // matches whole lines
        static const QRegularExpression upFromWatermark(
            QStringLiteral("SEARCH c USING (COVERING )?INDEX conversations_last_lead \\(last_lead_message_id>\\?\\)"));
        const qsizetype outer = plan.indexOf(tableRead);
        QVERIFY2(outer >= 0 && plan.at(outer).contains(upFromWatermark), qPrintable(planText));
        QVERIFY2(!planText.contains(QStringLiteral("TEMP B-TREE")), qPrintable(planText));
    }
    m_db->observeQueryPlans({});
}

QTEST_GUILESS_MAIN(InboxQueryTest)
#include "tst_inboxquery.moc"
