// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Who may do what, checked in the core. Every protected operation rejects the roles that
// may not use it and then changes nothing. The last administrator cannot be demoted or
// deactivated, and a deactivated user's session ends at its next action. Every audited
// action leaves its audit row. Logins are throttled without letting a stranger lock the
// administrator out of the desktop.

#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "core/Clock.h"
#include "operations/AccountService.h"
#include "operations/AuditExport.h"
#include "operations/ConfigurationService.h"
#include "operations/LeadDesk.h"
#include "operations/LeadService.h"
#include "operations/LoginService.h"
#include "security/PasswordHasher.h"
#include "security/SecretBox.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/UserRepository.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

#include <functional>
#include <memory>

using namespace Prospecta;

namespace {

constexpr qint64 startMs = 1767225600000; // 2026-01-01T00:00:00Z
const QString Password = QStringLiteral("correct horse battery staple");

QString describe(const Error &error)
{
    return QStringLiteral("kind %1: %2").arg(int(error.kind)).arg(error.message);
}

// The tables a protected operation may change, dumped row by row, so a refused operation
// can be shown to have changed nothing at all.
const QStringList watchedTables = {
    QStringLiteral("users"),         QStringLiteral("leads"),
    QStringLiteral("conversations"), QStringLiteral("messages"),
    QStringLiteral("outbound_messages"), QStringLiteral("campaigns"),
    QStringLiteral("campaign_keywords"), QStringLiteral("settings"),
    QStringLiteral("integration_settings"), QStringLiteral("installation"),
    QStringLiteral("audit_log"),
};

} // namespace

#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifyOkResult = (expression);                                                 \
        QVERIFY2(verifyOkResult.ok(),                                                              \
                 verifyOkResult.ok() ? "" : qPrintable(describe(verifyOkResult.error())));         \
    } while (false)

class AccountsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // Roles
    void protectedOperationsFollowTheRole_data();
    void protectedOperationsFollowTheRole();
    void agentsWorkTheirOwnAndUnassignedLeadsOnly_data();
    void agentsWorkTheirOwnAndUnassignedLeadsOnly();
    void refusalSaysWhatAndChangesNothing();

    // Administrators
    void lastActiveAdminCannotBeDemotedOrDeactivated();
    void anotherAdminMakesTheChangePossible();
    void firstAdminOnlyWhileThereAreNoUsers();
    void newUsersAreValidated_data();
    void newUsersAreValidated();

    // Sessions
    void deactivationEndsAnOpenSession();
    void demotionTakesEffectAtTheNextAction();

    // Audit
    void auditedActionsLeaveOneRowEach();
    void auditCsvEscapesFormulasAndQuotes();

    // Logins
    void loginSucceedsAndIsAudited();
    void wrongPasswordAndUnknownEmailAreAnsweredAlike();
    void fifthFailureLocksThatEmailFromThatClient();
    void remoteFloodLeavesDesktopLoginWorking();
    void deactivatedUserCannotLogIn();
    void outdatedHashIsReplacedAtLogin();

private:
    qint64 addUser(const QString &email, UserRole role, bool active = true);
    qint64 addLead(const QString &phone, qint64 ownerId);
    qint64 addConversation(qint64 leadId);
    QString snapshot() const;
    QList<AuditEntry> auditRows() const;
    Result<Principal> login(const QString &email, const QString &password, const QString &client);

    AccountService accounts() const { return AccountService(*m_db, *m_clock); }
    ConfigurationService configuration() const { return ConfigurationService(*m_db, *m_clock, m_keyPath); }
    LeadDesk desk() const { return LeadDesk(*m_db, *m_clock); }
    LeadService leads() const { return LeadService(*m_db, *m_clock, QStringLiteral("MX")); }

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<HashingPool> m_pool;
    std::unique_ptr<LoginService> m_login;
    QString m_keyPath;
    int m_databaseCount = 0;

    qint64 m_admin = 0;
    qint64 m_manager = 0;
    qint64 m_agent = 0;
    qint64 m_otherAgent = 0;
    qint64 m_ownLead = 0;       // assigned to m_agent
    qint64 m_othersLead = 0;    // assigned to m_otherAgent
    qint64 m_freeLead = 0;      // unassigned
    qint64 m_ownConversation = 0;
    qint64 m_othersConversation = 0;
    qint64 m_freeConversation = 0;
    QString m_passwordHash;
};

void AccountsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(SecretBox::initialize());
    auto hash = PasswordHasher::hash(Password);
    VERIFY_OK(hash);
    m_passwordHash = *hash;
}

void AccountsTest::init()
{
    ++m_databaseCount;
    DatabaseLocation location;
    location.engine = SqlEngine::Sqlite;
    location.filePath = m_dir.filePath(QStringLiteral("accounts-%1.db").arg(m_databaseCount));
    m_keyPath = m_dir.filePath(QStringLiteral("installation-%1.key").arg(m_databaseCount));
    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_accounts_%1").arg(m_databaseCount)));
    VERIFY_OK(Migrations::apply(*m_db, startMs));
    m_clock = std::make_shared<ManualClock>(startMs);
    m_pool = std::make_unique<HashingPool>(16);
    m_login = std::make_unique<LoginService>(*m_db, m_clock, *m_pool);

    m_admin = addUser(QStringLiteral("admin@example.com"), UserRole::Admin);
    m_manager = addUser(QStringLiteral("manager@example.com"), UserRole::Manager);
    m_agent = addUser(QStringLiteral("agent@example.com"), UserRole::Agent);
    m_otherAgent = addUser(QStringLiteral("other@example.com"), UserRole::Agent);
    m_ownLead = addLead(QStringLiteral("+5215512340001"), m_agent);
    m_othersLead = addLead(QStringLiteral("+5215512340002"), m_otherAgent);
    m_freeLead = addLead(QStringLiteral("+5215512340003"), 0);
    m_ownConversation = addConversation(m_ownLead);
    m_othersConversation = addConversation(m_othersLead);
    m_freeConversation = addConversation(m_freeLead);
    QVERIFY(m_admin && m_manager && m_agent && m_otherAgent && m_ownConversation && m_othersConversation
            && m_freeConversation);
}

void AccountsTest::cleanup()
{
    m_login.reset();
    m_pool.reset();
    m_db.reset();
}

qint64 AccountsTest::addUser(const QString &email, UserRole role, bool active)
{
    User user;
    user.name = email.section(QLatin1Char('@'), 0, 0);
    user.email = email;
    user.role = role;
    user.active = active;
    auto id = UserRepository(*m_db).insert(user, m_passwordHash, startMs);
    return id ? *id : 0;
}

qint64 AccountsTest::addLead(const QString &phone, qint64 ownerId)
{
    Lead lead;
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.source = LeadSource::WhatsApp;
    auto id = LeadRepository(*m_db).create(lead, startMs);
    if (!id || (ownerId && !LeadRepository(*m_db).setAssignedUser(*id, ownerId, startMs)))
        return 0;
    return *id;
}

// A conversation whose lead wrote a minute ago, so a human reply is inside WhatsApp's
// 24-hour window.
qint64 AccountsTest::addConversation(qint64 leadId)
{
    Conversation conversation;
    conversation.leadId = leadId;
    conversation.providerAddress = QStringLiteral("5215512340000");
    ConversationRepository conversations(*m_db);
    auto id = conversations.create(conversation, startMs);
    if (!id || !conversations.recordMessage(*id, startMs - 60000, true, startMs - 60000))
        return 0;
    return *id;
}

QString AccountsTest::snapshot() const
{
    QString dump;
    for (const QString &table : watchedTables) {
        auto query = m_db->exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1").arg(table));
        if (!query)
            return QStringLiteral("error: ") + query.error().message;
        dump += table + QLatin1Char('\n');
        while (query->next()) {
            QStringList values;
            for (int i = 0; i < query->record().count(); ++i)
                values << query->value(i).toString();
            dump += values.join(QLatin1Char('|')) + QLatin1Char('\n');
        }
    }
    return dump;
}

QList<AuditEntry> AccountsTest::auditRows() const
{
    return AuditRepository(*m_db).query({}).valueOr({});
}

Result<Principal> AccountsTest::login(const QString &email, const QString &password, const QString &client)
{
    std::optional<Result<Principal>> answer;
    QObject context;
    m_login->login(email, password, client, [&answer](const Result<Principal> &result) { answer = result; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10000))
        return makeError(ErrorKind::Internal, QStringLiteral("no answer within 10 s"));
    return *answer;
}

// --- Roles ----------------------------------------------------------------------------

void AccountsTest::protectedOperationsFollowTheRole_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("allowed");

    const struct
    {
        const char *operation;
        bool agent;
        bool manager;
        bool admin;
    } table[] = {
        {"user.add", false, false, true},
        {"user.list", false, false, true},
        {"user.setRole", false, false, true},
        {"user.deactivate", false, false, true},
        {"user.resetPassword", false, false, true},
        {"integration.set", false, false, true},
        {"integration.webhookUrl", false, false, true},
        {"setting.set", false, false, true},
        {"setting.pauseAi", false, true, true},
        {"campaign.create", false, false, true},
        {"campaign.update", false, false, true},
        {"campaign.delete", false, false, true},
        {"lead.assign", false, true, true},
        {"lead.status", true, true, true},
        {"lead.delete", false, true, true},
        {"conversation.takeOver", true, true, true},
        {"conversation.reply", true, true, true},
        {"audit.read", false, false, true},
        {"audit.export", false, false, true},
    };
    for (const auto &row : table) {
        QTest::addRow("%s by an agent", row.operation) << QString::fromLatin1(row.operation) << QStringLiteral("agent") << row.agent;
        QTest::addRow("%s by a manager", row.operation) << QString::fromLatin1(row.operation) << QStringLiteral("manager") << row.manager;
        QTest::addRow("%s by an admin", row.operation) << QString::fromLatin1(row.operation) << QStringLiteral("admin") << row.admin;
    }
}

void AccountsTest::protectedOperationsFollowTheRole()
{
    QFETCH(QString, operation);
    QFETCH(QString, role);
    QFETCH(bool, allowed);

    const qint64 userId = role == QLatin1String("admin") ? m_admin : role == QLatin1String("manager") ? m_manager : m_agent;
    const Actor actor = Actor::user(userId);
    const QString csvPath = m_dir.filePath(QStringLiteral("audit-%1.csv").arg(m_databaseCount));
    Campaign spring;
    spring.name = QStringLiteral("Primavera");
    spring.keywords = {QStringLiteral("flores")};
    auto springId = CampaignRepository(*m_db).create(spring, startMs);
    VERIFY_OK(springId);
    spring.id = *springId;

    const QHash<QString, std::function<Status()>> operations = {
        {QStringLiteral("user.add"), [&]() -> Status {
             User user{0, QStringLiteral("Nuevo"), QStringLiteral("nuevo@example.com"), UserRole::Agent, true};
             auto id = accounts().addUser(actor, user, m_passwordHash);
             return id ? Status() : Status(id.error());
         }},
        {QStringLiteral("user.list"), [&]() -> Status {
             auto users = accounts().list(actor);
             return users ? Status() : Status(users.error());
         }},
        {QStringLiteral("user.setRole"), [&] { return accounts().setRole(actor, QStringLiteral("other@example.com"), UserRole::Manager); }},
        {QStringLiteral("user.deactivate"), [&] { return accounts().setActive(actor, QStringLiteral("other@example.com"), false); }},
        {QStringLiteral("user.resetPassword"), [&] {
             return accounts().resetPassword(actor, QStringLiteral("other@example.com"), QStringLiteral("$argon2id$new"));
         }},
        {QStringLiteral("integration.set"), [&] {
             return configuration().setIntegration(actor, Provider::OpenAi, {{QStringLiteral("apiKey"), QStringLiteral("sk-test-0123456789")}});
         }},
        {QStringLiteral("integration.webhookUrl"), [&]() -> Status {
             auto url = configuration().webhookUrl(actor, Provider::Meta);
             return url ? Status() : Status(url.error());
         }},
        {QStringLiteral("setting.set"), [&]() -> Status {
             auto stored = configuration().setSetting(actor, QStringLiteral("ai.burstWindowMs"), QStringLiteral("500"));
             return stored ? Status() : Status(stored.error());
         }},
        {QStringLiteral("setting.pauseAi"), [&]() -> Status {
             auto stored = configuration().setSetting(actor, QStringLiteral("ai.enabled"), QStringLiteral("false"));
             return stored ? Status() : Status(stored.error());
         }},
        {QStringLiteral("campaign.create"), [&]() -> Status {
             Campaign campaign;
             campaign.name = QStringLiteral("Verano");
             auto id = configuration().createCampaign(actor, campaign);
             return id ? Status() : Status(id.error());
         }},
        {QStringLiteral("campaign.update"), [&] {
             Campaign changed = spring;
             changed.name = QStringLiteral("Primavera 2026");
             changed.keywords = {QStringLiteral("flores"), QStringLiteral("jardín")};
             changed.isDefault = true;
             return configuration().updateCampaign(actor, changed);
         }},
        {QStringLiteral("campaign.delete"), [&] { return configuration().deleteCampaign(actor, spring.id); }},
        {QStringLiteral("lead.assign"), [&] { return leads().assign(actor, m_freeLead, m_otherAgent); }},
        {QStringLiteral("lead.status"), [&] { return leads().setStatus(actor, m_ownLead, LeadStatus::Qualified); }},
        {QStringLiteral("lead.delete"), [&] { return desk().deleteLead(actor, m_ownLead); }},
        {QStringLiteral("conversation.takeOver"), [&] { return desk().setHumanHolds(actor, m_ownConversation, true); }},
        {QStringLiteral("conversation.reply"), [&]() -> Status {
             auto id = desk().sendHumanMessage(actor, m_ownConversation, QStringLiteral("Hola, ¿en qué le ayudo?"));
             return id ? Status() : Status(id.error());
         }},
        {QStringLiteral("audit.read"), [&]() -> Status {
             auto rows = AuditExport(*m_db, *m_clock).query(actor, {});
             return rows ? Status() : Status(rows.error());
         }},
        {QStringLiteral("audit.export"), [&]() -> Status {
             auto rows = AuditExport(*m_db, *m_clock).writeCsv(actor, {}, csvPath);
             return rows ? Status() : Status(rows.error());
         }},
    };
    QVERIFY2(operations.contains(operation), qPrintable(operation));

    const QString before = snapshot();
    const Status status = operations.value(operation)();
    if (allowed) {
        VERIFY_OK(status);
        return;
    }
    QVERIFY2(!status.ok(), "a refused role was let through");
    QCOMPARE(int(status.error().kind), int(ErrorKind::Forbidden));
    QCOMPARE(snapshot(), before);
    QVERIFY(!QFile::exists(csvPath));
}

void AccountsTest::agentsWorkTheirOwnAndUnassignedLeadsOnly_data()
{
    QTest::addColumn<QString>("lead");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("own") << QStringLiteral("own") << true;
    QTest::newRow("unassigned") << QStringLiteral("free") << true;
    QTest::newRow("a colleague's") << QStringLiteral("others") << false;
}

void AccountsTest::agentsWorkTheirOwnAndUnassignedLeadsOnly()
{
    QFETCH(QString, lead);
    QFETCH(bool, allowed);
    const qint64 leadId = lead == QLatin1String("own") ? m_ownLead : lead == QLatin1String("free") ? m_freeLead : m_othersLead;
    const qint64 conversationId = lead == QLatin1String("own")    ? m_ownConversation
                                  : lead == QLatin1String("free") ? m_freeConversation
                                                                  : m_othersConversation;
    const Actor agent = Actor::user(m_agent);

    const QString before = snapshot();
    const Status status = leads().setStatus(agent, leadId, LeadStatus::Contacted);
    const Status takeover = desk().setHumanHolds(agent, conversationId, true);
    auto reply = desk().sendHumanMessage(agent, conversationId, QStringLiteral("Buenas tardes"));

    QCOMPARE(status.ok(), allowed);
    QCOMPARE(takeover.ok(), allowed);
    QCOMPARE(reply.ok(), allowed);
    if (!allowed) {
        QCOMPARE(int(status.error().kind), int(ErrorKind::Forbidden));
        QCOMPARE(int(reply.error().kind), int(ErrorKind::Forbidden));
        QCOMPARE(snapshot(), before);
    }

    // Managers see everything.
    VERIFY_OK(leads().setStatus(Actor::user(m_manager), m_othersLead, LeadStatus::Lost));
}

void AccountsTest::refusalSaysWhatAndChangesNothing()
{
    const QString before = snapshot();
    auto refused = configuration().setSetting(Actor::user(m_agent), QStringLiteral("ai.temperature"), QStringLiteral("0.2"));
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Forbidden));
    // The message names the role and the forbidden action, and states that nothing changed.
    QVERIFY2(refused.error().message.contains(QStringLiteral("Sales agent")), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(QStringLiteral("change settings")), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(QStringLiteral("nothing was changed")), qPrintable(refused.error().message));
    QCOMPARE(snapshot(), before);
}

// --- Administrators -------------------------------------------------------------------

void AccountsTest::lastActiveAdminCannotBeDemotedOrDeactivated()
{
    const QString before = snapshot();
    for (const Actor &actor : {Actor::user(m_admin), Actor::commandLine()}) {
        const Status demoted = accounts().setRole(actor, QStringLiteral("ADMIN@example.com"), UserRole::Manager);
        QVERIFY(!demoted);
        QCOMPARE(int(demoted.error().kind), int(ErrorKind::Forbidden));
        QVERIFY2(demoted.error().message.contains(QStringLiteral("last active administrator")),
                 qPrintable(demoted.error().message));

        const Status deactivated = accounts().setActive(actor, QStringLiteral("admin@example.com"), false);
        QVERIFY(!deactivated);
        QCOMPARE(int(deactivated.error().kind), int(ErrorKind::Forbidden));
    }
    QCOMPARE(snapshot(), before);

    // A deactivated administrator does not count: one active admin is still the last one.
    addUser(QStringLiteral("former@example.com"), UserRole::Admin, false);
    QVERIFY(!accounts().setRole(Actor::commandLine(), QStringLiteral("admin@example.com"), UserRole::Agent));
}

void AccountsTest::anotherAdminMakesTheChangePossible()
{
    VERIFY_OK(accounts().setRole(Actor::user(m_admin), QStringLiteral("manager@example.com"), UserRole::Admin));
    VERIFY_OK(accounts().setRole(Actor::user(m_manager), QStringLiteral("admin@example.com"), UserRole::Agent));

    // Now the former manager is the last administrator.
    const Status refused = accounts().setActive(Actor::commandLine(), QStringLiteral("manager@example.com"), false);
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Forbidden));
    QCOMPARE(UserRepository(*m_db).countActiveAdmins().valueOr(-1), 1);
}

void AccountsTest::firstAdminOnlyWhileThereAreNoUsers()
{
    // This database already has users: the first-run path is closed.
    User intruder{0, QStringLiteral("Intruso"), QStringLiteral("intruso@example.com"), UserRole::Agent, true};
    auto refused = accounts().createFirstAdmin(intruder, m_passwordHash, QStringLiteral("desktop"));
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Conflict));
    QVERIFY(!UserRepository(*m_db).findByEmail(QStringLiteral("intruso@example.com")).valueOr({}).has_value());

    // On an empty database it creates an administrator, whatever role was asked for.
    Database empty;
    DatabaseLocation location;
    location.filePath = m_dir.filePath(QStringLiteral("empty-%1.db").arg(m_databaseCount));
    VERIFY_OK(empty.open(location, QStringLiteral("tst_accounts_empty_%1").arg(m_databaseCount)));
    VERIFY_OK(Migrations::apply(empty, startMs));
    AccountService fresh(empty, *m_clock);
    QCOMPARE(fresh.hasUsers().valueOr(true), false);
    auto id = fresh.createFirstAdmin(intruder, m_passwordHash, QStringLiteral("desktop"));
    VERIFY_OK(id);
    auto created = UserRepository(empty).findById(*id);
    VERIFY_OK(created);
    QCOMPARE(toString((*created)->user.role), QStringLiteral("admin"));
    auto audit = AuditRepository(empty).query({});
    VERIFY_OK(audit);
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->first().action, QStringLiteral("user.created"));
    QVERIFY(!fresh.createFirstAdmin(intruder, m_passwordHash, QStringLiteral("desktop")));
}

void AccountsTest::newUsersAreValidated_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("field");
    QTest::newRow("no name") << QStringLiteral("  ") << QStringLiteral("a@example.com") << QStringLiteral("name");
    QTest::newRow("no email") << QStringLiteral("Ana") << QString() << QStringLiteral("email");
    QTest::newRow("no at sign") << QStringLiteral("Ana") << QStringLiteral("ana.example.com") << QStringLiteral("email");
    QTest::newRow("space inside") << QStringLiteral("Ana") << QStringLiteral("ana lopez@example.com") << QStringLiteral("email");
    QTest::newRow("no domain dot") << QStringLiteral("Ana") << QStringLiteral("ana@example") << QStringLiteral("email");
    QTest::newRow("taken, other case") << QStringLiteral("Ana") << QStringLiteral("Agent@Example.COM") << QStringLiteral("email");
}

void AccountsTest::newUsersAreValidated()
{
    QFETCH(QString, name);
    QFETCH(QString, email);
    QFETCH(QString, field);

    const QString before = snapshot();
    User user{0, name, email, UserRole::Agent, true};
    auto id = accounts().addUser(Actor::user(m_admin), user, m_passwordHash);
    QVERIFY(!id);
    QCOMPARE(id.error().fields, QStringList{field});
    QCOMPARE(snapshot(), before);
}

// --- Sessions -------------------------------------------------------------------------

void AccountsTest::deactivationEndsAnOpenSession()
{
    auto session = login(QStringLiteral("agent@example.com"), Password, LoginService::desktopClient());
    VERIFY_OK(session);
    const Actor agent = session->actor;
    VERIFY_OK(desk().setHumanHolds(agent, m_ownConversation, true));

    VERIFY_OK(accounts().setActive(Actor::user(m_admin), QStringLiteral("agent@example.com"), false));

    const QString before = snapshot();
    auto reply = desk().sendHumanMessage(agent, m_ownConversation, QStringLiteral("¿Sigue ahí?"));
    QVERIFY(!reply);
    QCOMPARE(int(reply.error().kind), int(ErrorKind::Unauthorized));
    QVERIFY2(reply.error().message.contains(QStringLiteral("session has ended")), qPrintable(reply.error().message));
    QCOMPARE(int(Authorizer(*m_db).resolve(agent).error().kind), int(ErrorKind::Unauthorized));
    QCOMPARE(snapshot(), before);
}

void AccountsTest::demotionTakesEffectAtTheNextAction()
{
    const Actor manager = Actor::user(m_manager);
    VERIFY_OK(leads().assign(manager, m_freeLead, m_agent));
    VERIFY_OK(accounts().setRole(Actor::user(m_admin), QStringLiteral("manager@example.com"), UserRole::Agent));
    const Status refused = leads().assign(manager, m_freeLead, m_otherAgent);
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Forbidden));
}

// --- Audit ----------------------------------------------------------------------------

void AccountsTest::auditedActionsLeaveOneRowEach()
{
    const Actor admin = Actor::user(m_admin, QStringLiteral("desktop"));
    const Actor manager = Actor::user(m_manager, QStringLiteral("203.0.113.7"));
    const Actor cli = Actor::commandLine();
    const QString secret = QStringLiteral("sk-live-abcdefghijklmnopqrstuvwxyz");
    const QString csvPath = m_dir.filePath(QStringLiteral("audit-export-%1.csv").arg(m_databaseCount));

    struct Step
    {
        const char *action;
        std::function<Status()> run;
        QString actorName;
        QString targetId;
    };
    Campaign spring;
    spring.name = QStringLiteral("Primavera");
    auto springId = CampaignRepository(*m_db).create(spring, startMs);
    VERIFY_OK(springId);
    spring.id = *springId;

    const QList<Step> steps = {
        {AuditAction::UserCreated, [&]() -> Status {
             auto id = accounts().addUser(admin, User{0, QStringLiteral("Nueva"), QStringLiteral("nueva@example.com"), UserRole::Agent, true}, m_passwordHash);
             return id ? Status() : Status(id.error());
         }, QStringLiteral("admin@example.com"), QStringLiteral("nueva@example.com")},
        {AuditAction::UserRoleChanged, [&] { return accounts().setRole(cli, QStringLiteral("nueva@example.com"), UserRole::Manager); },
         cli.name, QStringLiteral("nueva@example.com")},
        {AuditAction::UserPasswordReset, [&] { return accounts().resetPassword(admin, QStringLiteral("nueva@example.com"), m_passwordHash); },
         QStringLiteral("admin@example.com"), QStringLiteral("nueva@example.com")},
        {AuditAction::UserDeactivated, [&] { return accounts().setActive(admin, QStringLiteral("nueva@example.com"), false); },
         QStringLiteral("admin@example.com"), QStringLiteral("nueva@example.com")},
        {AuditAction::IntegrationChanged, [&] { return configuration().setIntegration(cli, Provider::OpenAi, {{QStringLiteral("apiKey"), secret}}); },
         cli.name, QStringLiteral("openai")},
        {AuditAction::SettingChanged, [&]() -> Status {
             auto stored = configuration().setSetting(admin, QStringLiteral("server.publicUrl"), QStringLiteral("https://modelo-secreto.example"));
             return stored ? Status() : Status(stored.error());
         }, QStringLiteral("admin@example.com"), QStringLiteral("server.publicUrl")},
        {AuditAction::CampaignCreated, [&]() -> Status {
             Campaign campaign;
             campaign.name = QStringLiteral("Otoño");
             auto id = configuration().createCampaign(admin, campaign);
             return id ? Status() : Status(id.error());
         }, QStringLiteral("admin@example.com"), QString()},
        {AuditAction::CampaignUpdated, [&] {
             Campaign changed = spring;
             changed.description = QStringLiteral("Flores de temporada");
             return configuration().updateCampaign(admin, changed);
         }, QStringLiteral("admin@example.com"), QString::number(spring.id)},
        {AuditAction::CampaignDeleted, [&] { return configuration().deleteCampaign(cli, spring.id); },
         cli.name, QString::number(spring.id)},
        {AuditAction::WebhookUrlShown, [&]() -> Status {
             auto url = configuration().webhookUrl(cli, Provider::Twilio);
             return url ? Status() : Status(url.error());
         }, cli.name, QStringLiteral("twilio")},
        {AuditAction::LeadAssigned, [&] { return leads().assign(manager, m_freeLead, m_agent); },
         QStringLiteral("manager@example.com"), QString::number(m_freeLead)},
        {AuditAction::LeadStatusChanged, [&] { return leads().setStatus(manager, m_freeLead, LeadStatus::Qualified); },
         QStringLiteral("manager@example.com"), QString::number(m_freeLead)},
        {AuditAction::ConversationTakenOver, [&] { return desk().setHumanHolds(manager, m_freeConversation, true); },
         QStringLiteral("manager@example.com"), QString::number(m_freeConversation)},
        {AuditAction::ConversationGivenBack, [&] { return desk().setHumanHolds(manager, m_freeConversation, false); },
         QStringLiteral("manager@example.com"), QString::number(m_freeConversation)},
        {AuditAction::LeadDeleted, [&] { return desk().deleteLead(admin, m_othersLead); },
         QStringLiteral("admin@example.com"), QString::number(m_othersLead)},
        {AuditAction::Exported, [&]() -> Status {
             auto rows = AuditExport(*m_db, *m_clock).writeCsv(admin, {}, csvPath);
             return rows ? Status() : Status(rows.error());
         }, QStringLiteral("admin@example.com"), QString()},
    };

    for (const Step &step : steps) {
        const int rowsBefore = int(auditRows().size());
        m_clock->advance(1000);
        const Status status = step.run();
        QVERIFY2(status.ok(), qPrintable(QString::fromLatin1(step.action) + QStringLiteral(": ")
                                         + (status ? QString() : status.error().message)));
        const QList<AuditEntry> rows = auditRows();
        QCOMPARE(int(rows.size()), rowsBefore + 1);
        const AuditEntry &row = rows.first();
        QCOMPARE(row.action, QString::fromLatin1(step.action));
        QCOMPARE(row.actorName, step.actorName);
        QCOMPARE(row.occurredMs, m_clock->nowMs());
        if (!step.targetId.isEmpty())
            QCOMPARE(row.targetId, step.targetId);
        // Values never reach the log: not the secret, not the setting's value.
        QVERIFY(!row.detail.contains(secret));
        QVERIFY(!row.detail.contains(QStringLiteral("modelo-secreto")));
    }

    const QList<AuditEntry> rows = auditRows();
    const AuditEntry &fromCli = *std::find_if(rows.cbegin(), rows.cend(), [](const AuditEntry &e) {
        return e.action == QLatin1String("integration.changed");
    });
    QCOMPARE(fromCli.actorKind, QStringLiteral("cli"));
    QCOMPARE(fromCli.client, QStringLiteral("cli"));
    const AuditEntry &fromRemote = *std::find_if(rows.cbegin(), rows.cend(), [](const AuditEntry &e) {
        return e.action == QLatin1String("lead.assigned");
    });
    QCOMPARE(fromRemote.client, QStringLiteral("203.0.113.7"));
    QCOMPARE(fromRemote.detail, QStringLiteral("to agent@example.com"));
}

void AccountsTest::auditCsvEscapesFormulasAndQuotes()
{
    AuditEntry entry;
    entry.id = 7;
    entry.occurredMs = startMs;
    entry.actorKind = QStringLiteral("user");
    entry.actorName = QStringLiteral("=HYPERLINK(\"http://evil\")");
    entry.action = QStringLiteral("login.failed");
    entry.detail = QStringLiteral("línea, con \"comillas\"");
    const QByteArray csv = AuditExport::toCsv({entry});

    QVERIFY(csv.startsWith("\xEF\xBB\xBF" "id,occurredAt,actorKind,actorName,client,action,targetKind,targetId,detail\r\n"));
    const QString line = QString::fromUtf8(csv).section(QStringLiteral("\r\n"), 1, 1);
    QCOMPARE(line, QStringLiteral("7,2026-01-01T00:00:00.000Z,user,\"'=HYPERLINK(\"\"http://evil\"\")\",,login.failed,,,"
                                  "\"línea, con \"\"comillas\"\"\""));
}

// --- Logins ---------------------------------------------------------------------------

void AccountsTest::loginSucceedsAndIsAudited()
{
    auto principal = login(QStringLiteral("  Manager@Example.com "), Password, QStringLiteral("desktop"));
    VERIFY_OK(principal);
    QCOMPARE(principal->actor.userId, m_manager);
    QCOMPARE(toString(principal->role), QStringLiteral("manager"));
    QCOMPARE(principal->actor.client, QStringLiteral("desktop"));

    const AuditEntry row = auditRows().first();
    QCOMPARE(row.action, QStringLiteral("login.succeeded"));
    QCOMPARE(row.actorName, QStringLiteral("manager@example.com"));
    QCOMPARE(row.client, QStringLiteral("desktop"));
    auto stored = UserRepository(*m_db).findById(m_manager);
    QCOMPARE((*stored)->lastLoginMs, startMs);
}

void AccountsTest::wrongPasswordAndUnknownEmailAreAnsweredAlike()
{
    QElapsedTimer timer;
    timer.start();
    auto wrong = login(QStringLiteral("admin@example.com"), QStringLiteral("not the password"), QStringLiteral("desktop"));
    const qint64 wrongMs = timer.restart();
    auto unknown = login(QStringLiteral("nadie@example.com"), QStringLiteral("not the password"), QStringLiteral("desktop"));
    const qint64 unknownMs = timer.elapsed();

    QVERIFY(!wrong);
    QVERIFY(!unknown);
    QCOMPARE(int(unknown.error().kind), int(wrong.error().kind));
    QCOMPARE(unknown.error().message, wrong.error().message);
    // Both cost one Argon2id verification (tens of milliseconds), because an instant
    // reply to an unknown email would tell a stranger which emails exist.
    QVERIFY2(unknownMs * 3 >= wrongMs, qPrintable(QStringLiteral("wrong %1 ms, unknown %2 ms").arg(wrongMs).arg(unknownMs)));

    const QList<AuditEntry> rows = auditRows();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).action, QStringLiteral("login.failed"));
    QCOMPARE(rows.at(0).actorName, QStringLiteral("nadie@example.com"));
    QCOMPARE(rows.at(1).action, QStringLiteral("login.failed"));
}

void AccountsTest::fifthFailureLocksThatEmailFromThatClient()
{
    const QString email = QStringLiteral("agent@example.com");
    const QString client = QStringLiteral("desktop");
    // Growing delays between the first failures: 1, 2, 4, 8 seconds.
    const qint64 waits[] = {1000, 2000, 4000, 8000};
    for (int failure = 1; failure <= 4; ++failure) {
        auto refused = login(email, QStringLiteral("wrong password %1").arg(failure), client);
        QCOMPARE(int(refused.error().kind), int(ErrorKind::Unauthorized));
        auto tooSoon = login(email, Password, client);
        QCOMPARE(int(tooSoon.error().kind), int(ErrorKind::TooManyRequests));
        QCOMPARE(tooSoon.error().retryAfterMs, waits[failure - 1]);
        m_clock->advance(waits[failure - 1]);
    }
    QVERIFY(!login(email, QStringLiteral("wrong password 5"), client));

    // Locked for 15 minutes, even with the right password; the message states the wait.
    auto locked = login(email, Password, client);
    QVERIFY(!locked);
    QCOMPARE(int(locked.error().kind), int(ErrorKind::TooManyRequests));
    QCOMPARE(locked.error().retryAfterMs, 15 * 60 * 1000);
    QVERIFY2(locked.error().message.contains(QStringLiteral("15 minutes")), qPrintable(locked.error().message));
    m_clock->advance(14 * 60 * 1000);
    QVERIFY(!login(email, Password, client));

    m_clock->advance(60 * 1000);
    VERIFY_OK(login(email, Password, client));
}

void AccountsTest::remoteFloodLeavesDesktopLoginWorking()
{
    const QString email = QStringLiteral("admin@example.com");
    const QString stranger = QStringLiteral("198.51.100.23");
    int answered = 0;
    for (int attempt = 0; attempt < 40; ++attempt) {
        auto refused = login(email, QStringLiteral("guess %1").arg(attempt), stranger);
        QVERIFY(!refused);
        ++answered;
        m_clock->advance(500);
    }
    QCOMPARE(answered, 40);
    auto strangerNow = login(email, Password, stranger);
    QCOMPARE(int(strangerNow.error().kind), int(ErrorKind::TooManyRequests));

    // The administrator at the desktop is another client and logs in at once.
    auto admin = login(email, Password, LoginService::desktopClient());
    VERIFY_OK(admin);
    QCOMPARE(admin->actor.userId, m_admin);
}

void AccountsTest::deactivatedUserCannotLogIn()
{
    VERIFY_OK(accounts().setActive(Actor::commandLine(), QStringLiteral("other@example.com"), false));
    auto refused = login(QStringLiteral("other@example.com"), Password, QStringLiteral("desktop"));
    QVERIFY(!refused);
    QCOMPARE(int(refused.error().kind), int(ErrorKind::Unauthorized));
    QVERIFY2(refused.error().message.contains(QStringLiteral("deactivated")), qPrintable(refused.error().message));
    QCOMPARE(auditRows().first().action, QStringLiteral("login.failed"));
}

void AccountsTest::outdatedHashIsReplacedAtLogin()
{
    // A hash made with libsodium's minimum limits, as an older Prospecta might have.
    const QByteArray password = Password.toUtf8();
    char weak[crypto_pwhash_STRBYTES];
    QCOMPARE(crypto_pwhash_str_alg(weak, password.constData(), quint64(password.size()), crypto_pwhash_OPSLIMIT_MIN,
                                   crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
             0);
    VERIFY_OK(UserRepository(*m_db).setPasswordHash(m_agent, QString::fromLatin1(weak), startMs));
    QVERIFY(PasswordHasher::needsRehash(QString::fromLatin1(weak)));

    VERIFY_OK(login(QStringLiteral("agent@example.com"), Password, QStringLiteral("desktop")));

    auto stored = UserRepository(*m_db).findById(m_agent);
    VERIFY_OK(stored);
    const QString fresh = (*stored)->passwordHash;
    QVERIFY(fresh != QString::fromLatin1(weak));
    QVERIFY(!PasswordHasher::needsRehash(fresh));
    QVERIFY(PasswordHasher::verify(fresh, Password));
    QCOMPARE(auditRows().first().detail, QStringLiteral("password hash upgraded"));
}

QTEST_GUILESS_MAIN(AccountsTest)
#include "tst_accounts.moc"
