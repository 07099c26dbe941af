// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The composer's operations in the core, on SQLite and PostgreSQL: closing a
// conversation, sending an approved template, and managing canned replies and templates
// with the roles allowed to. Every refused call leaves the tables exactly as they were.
//
// SQLite uses a new file for every test. PostgreSQL uses a database of this suite's own,
// created from PROSPECTA_TEST_PG_URL and dropped at the end, because other suites reset
// the shared test database. Without the variable the postgresql rows are skipped, or
// fail when PROSPECTA_REQUIRE_PG=1 is set.

#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "operations/ComposerService.h"
#include "operations/LeadDesk.h"
#include "operations/TemplateText.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/OutboxRepository.h"
#include "storage/UserRepository.h"

#include <QCoreApplication>
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
const QString templateBody = QStringLiteral("Hola {{1}}, su cita es el {{2}}.");

QString describe(const Error &error)
{
    return QStringLiteral("kind %1: %2").arg(int(error.kind)).arg(error.message);
}

} // namespace

#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifyOkResult = (expression);                                                 \
        QVERIFY2(verifyOkResult.ok(),                                                              \
                 verifyOkResult.ok() ? "" : qPrintable(describe(verifyOkResult.error())));         \
    } while (false)

class ComposerDeskTest;
// A call the core must refuse, made with the suite's users and rows.
using RefusedCall = std::function<Status(ComposerDeskTest &)>;
Q_DECLARE_METATYPE(RefusedCall)

class ComposerDeskTest : public QObject
{
    Q_OBJECT

public:
    LeadDesk desk() const { return LeadDesk(*m_db, *m_clock); }
    ComposerService composer() const { return ComposerService(*m_db, *m_clock); }

    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    qint64 m_admin = 0;
    qint64 m_manager = 0;
    qint64 m_agent = 0;
    qint64 m_colleague = 0;
    qint64 m_conversation = 0;          // the agent's lead, which wrote at startMs
    qint64 m_colleaguesConversation = 0;
    qint64 m_template = 0;
    qint64 m_sharedReply = 0;
    qint64 m_colleaguesReply = 0;

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void templateQueuedWithFilledBody();
    void closeIsAuditedOnce();
    void humanReplyReopensClosedConversation();
    void cannedRepliesByRole();
    void assigneesByRole();
    void templateTextFillsAndPreviews_data();
    void templateTextFillsAndPreviews();
    void refusalChangesNothing_data();
    void refusalChangesNothing();

private:
    bool isPostgres() const { return m_db && m_db->engine() == SqlEngine::Postgres; }
    qint64 addUser(const QString &email, UserRole role);
    qint64 addConversation(const QString &phone, qint64 ownerId);
    QVariant scalar(const QString &sql, const QVariantList &values = {}) const;
    QString snapshot() const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_postgresAdmin;
    DatabaseLocation m_postgres;
    int m_databaseCount = 0;
};

void ComposerDeskTest::initTestCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void ComposerDeskTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty())
        return;
    auto location = DatabaseLocation::parse(url);
    VERIFY_OK(location);
    m_postgresAdmin = std::make_unique<Database>();
    VERIFY_OK(m_postgresAdmin->open(*location, QStringLiteral("tst_composerdesk_admin")));
    m_postgres = *location;
    m_postgres.databaseName = QStringLiteral("composerdesk_%1").arg(QCoreApplication::applicationPid());
    VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgres.databaseName)));
    VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_postgres.databaseName)));
}

void ComposerDeskTest::init()
{
    QFETCH_GLOBAL(QString, engine);
    ++m_databaseCount;
    DatabaseLocation location;
    if (engine == QLatin1String("sqlite")) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = m_dir.filePath(QStringLiteral("composerdesk-%1.db").arg(m_databaseCount));
    } else {
        if (!m_postgresAdmin) {
            if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
                QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
            QSKIP("PROSPECTA_TEST_PG_URL is not set");
        }
        location = m_postgres;
    }
    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_composerdesk_%1").arg(m_databaseCount)));
    if (isPostgres()) {
        VERIFY_OK(m_db->exec(QStringLiteral("SET client_min_messages = warning")));
        VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    }
    VERIFY_OK(Migrations::apply(*m_db, startMs));
    m_clock = std::make_unique<ManualClock>(startMs);

    m_admin = addUser(QStringLiteral("ana@example.com"), UserRole::Admin);
    m_manager = addUser(QStringLiteral("marta@example.com"), UserRole::Manager);
    m_agent = addUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    m_colleague = addUser(QStringLiteral("carmen@example.com"), UserRole::Agent);
    m_conversation = addConversation(QStringLiteral("+525512340001"), m_agent);
    m_colleaguesConversation = addConversation(QStringLiteral("+525512340002"), m_colleague);
    QVERIFY(m_admin > 0 && m_manager > 0 && m_agent > 0 && m_colleague > 0);
    QVERIFY(m_conversation > 0 && m_colleaguesConversation > 0);

    MessageTemplate messageTemplate;
    messageTemplate.name = QStringLiteral("cita_recordatorio");
    messageTemplate.language = QStringLiteral("es_MX");
    messageTemplate.body = templateBody;
    auto savedTemplate = composer().saveTemplate(Actor::user(m_admin), messageTemplate);
    VERIFY_OK(savedTemplate);
    m_template = *savedTemplate;
    auto shared = composer().saveCannedReply(Actor::user(m_manager),
                                             CannedReply{0, 0, QStringLiteral("Saludo"), QStringLiteral("Hola {name}"), 0});
    VERIFY_OK(shared);
    m_sharedReply = *shared;
    auto own = composer().saveCannedReply(Actor::user(m_colleague),
                                          CannedReply{0, m_colleague, QStringLiteral("Cierre"), QStringLiteral("Gracias"), 0});
    VERIFY_OK(own);
    m_colleaguesReply = *own;
    m_clock->advance(60000);
}

void ComposerDeskTest::cleanup()
{
    m_db.reset();
}

void ComposerDeskTest::cleanupTestCase()
{
    if (m_postgresAdmin && !m_postgres.databaseName.isEmpty())
        VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgres.databaseName)));
}

qint64 ComposerDeskTest::addUser(const QString &email, UserRole role)
{
    User user;
    user.name = email.section(QLatin1Char('@'), 0, 0);
    user.email = email;
    user.role = role;
    auto id = UserRepository(*m_db).insert(user, QStringLiteral("$argon2id$placeholder"), startMs);
    return id ? *id : 0;
}

qint64 ComposerDeskTest::addConversation(const QString &phone, qint64 ownerId)
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

QVariant ComposerDeskTest::scalar(const QString &sql, const QVariantList &values) const
{
    auto value = m_db->scalar(sql, values);
    return value ? *value : QVariant();
}

QString ComposerDeskTest::snapshot() const
{
    QString dump;
    const QList<QPair<QString, QString>> tables = {
        {QStringLiteral("conversations"), QStringLiteral("id")},
        {QStringLiteral("messages"), QStringLiteral("id")},
        {QStringLiteral("outbound_messages"), QStringLiteral("id")},
        {QStringLiteral("canned_replies"), QStringLiteral("id")},
        {QStringLiteral("message_templates"), QStringLiteral("id")},
        {QStringLiteral("audit_log"), QStringLiteral("id")},
    };
    for (const auto &[table, order] : tables) {
        auto query = m_db->exec(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(table, order));
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
    return dump;
}

void ComposerDeskTest::templateQueuedWithFilledBody()
{
    // Templates go out after the window closed too.
    m_clock->advance(30 * hourMs);
    auto messageId = desk().sendTemplate(Actor::user(m_agent), m_conversation, m_template,
                                         {QStringLiteral(" Beto "), QStringLiteral("lunes 12")});
    VERIFY_OK(messageId);

    QCOMPARE(scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {*messageId}).toString(),
             QStringLiteral("Hola Beto, su cita es el lunes 12."));
    auto outbound = OutboxRepository(*m_db).forConversation(m_conversation);
    VERIFY_OK(outbound);
    QCOMPARE(outbound->size(), 1);
    QVERIFY(outbound->first().kind == OutboundKind::Template);
    QCOMPARE(outbound->first().templateId, QStringLiteral("cita_recordatorio"));
    QCOMPARE(outbound->first().templateParams, (QStringList{QStringLiteral("Beto"), QStringLiteral("lunes 12")}));
    QCOMPARE(scalar(QStringLiteral("SELECT human_user_id FROM conversations WHERE id = ?"), {m_conversation}).toLongLong(),
             m_agent);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = ?"),
                    {QString::fromLatin1(AuditAction::TemplateSent)})
                 .toInt(),
             1);
}

void ComposerDeskTest::closeIsAuditedOnce()
{
    VERIFY_OK(desk().closeConversation(Actor::user(m_agent), m_conversation));

    QCOMPARE(scalar(QStringLiteral("SELECT status FROM conversations WHERE id = ?"), {m_conversation}).toString(),
             QStringLiteral("closed"));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = ? AND target_id = ?"),
                    {QString::fromLatin1(AuditAction::ConversationClosed), QString::number(m_conversation)})
                 .toInt(),
             1);
}

void ComposerDeskTest::humanReplyReopensClosedConversation()
{
    VERIFY_OK(desk().closeConversation(Actor::user(m_agent), m_conversation));

    VERIFY_OK(desk().sendHumanMessage(Actor::user(m_agent), m_conversation, QStringLiteral("¿Sigue interesado?")));

    QCOMPARE(scalar(QStringLiteral("SELECT status FROM conversations WHERE id = ?"), {m_conversation}).toString(),
             QStringLiteral("active"));
}

void ComposerDeskTest::cannedRepliesByRole()
{
    auto agentSees = composer().cannedReplies(Actor::user(m_agent));
    VERIFY_OK(agentSees);
    QCOMPARE(agentSees->size(), 1);
    QCOMPARE(agentSees->first().id, m_sharedReply);
    auto colleagueSees = composer().cannedReplies(Actor::user(m_colleague));
    VERIFY_OK(colleagueSees);
    QCOMPARE(colleagueSees->size(), 2);

    // The owner edits a personal reply; the owner stays whatever the caller sends.
    CannedReply edited{m_colleaguesReply, 0, QStringLiteral("Cierre cordial"), QStringLiteral("Muchas gracias"), 0};
    VERIFY_OK(composer().saveCannedReply(Actor::user(m_colleague), edited));
    QCOMPARE(scalar(QStringLiteral("SELECT owner_user_id FROM canned_replies WHERE id = ?"), {m_colleaguesReply})
                 .toLongLong(),
             m_colleague);
    // Shared replies: written by managers, audited.
    VERIFY_OK(composer().deleteCannedReply(Actor::user(m_manager), m_sharedReply));
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = ?"),
                    {QString::fromLatin1(AuditAction::SharedCannedReplyChanged)})
                 .toInt(),
             2);
}

void ComposerDeskTest::assigneesByRole()
{
    auto forManager = composer().assignees(Actor::user(m_manager));
    VERIFY_OK(forManager);
    QCOMPARE(forManager->size(), 4);
    auto forAgent = composer().assignees(Actor::user(m_agent));
    VERIFY_OK(forAgent);
    QCOMPARE(forAgent->size(), 1);
    QCOMPARE(forAgent->first().id, m_agent);
}

void ComposerDeskTest::templateTextFillsAndPreviews_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QStringList>("params");
    QTest::addColumn<QString>("preview");
    QTest::addColumn<bool>("fills");
    QTest::newRow("all filled") << templateBody << QStringList{QStringLiteral("Ana"), QStringLiteral("lunes")}
                                << QStringLiteral("Hola Ana, su cita es el lunes.") << true;
    QTest::newRow("one missing") << templateBody << QStringList{QStringLiteral("Ana")}
                                 << QStringLiteral("Hola Ana, su cita es el {{2}}.") << false;
    QTest::newRow("blank value") << templateBody << QStringList{QStringLiteral("Ana"), QStringLiteral("  ")}
                                 << QStringLiteral("Hola Ana, su cita es el {{2}}.") << false;
    QTest::newRow("too many values") << QStringLiteral("Hola {{1}}")
                                     << QStringList{QStringLiteral("Ana"), QStringLiteral("extra")}
                                     << QStringLiteral("Hola Ana") << false;
    QTest::newRow("repeated parameter") << QStringLiteral("{{1}} y {{1}}") << QStringList{QStringLiteral("Ana")}
                                        << QStringLiteral("Ana y Ana") << true;
    QTest::newRow("no parameters") << QStringLiteral("Hola") << QStringList{} << QStringLiteral("Hola") << true;
}

void ComposerDeskTest::templateTextFillsAndPreviews()
{
    QFETCH_GLOBAL(QString, engine);
    if (engine != QLatin1String("sqlite"))
        QSKIP("pure function: checked once");
    QFETCH(QString, body);
    QFETCH(QStringList, params);
    QFETCH(QString, preview);
    QFETCH(bool, fills);

    QCOMPARE(TemplateText::preview(body, params), preview);
    const auto filled = TemplateText::fill(body, params);
    QCOMPARE(filled.ok(), fills);
    if (fills)
        QCOMPARE(*filled, preview);
}

void ComposerDeskTest::refusalChangesNothing_data()
{
    QTest::addColumn<RefusedCall>("call");
    QTest::addColumn<int>("expectedKind");

    QTest::newRow("free text outside the window") << RefusedCall([](ComposerDeskTest &t) {
        t.m_clock->advance(25 * hourMs);
        return Status(t.desk().sendHumanMessage(Actor::user(t.m_agent), t.m_conversation, QStringLiteral("Hola")).error());
    }) << int(ErrorKind::Forbidden);
    // A 70,000-character text went out as one WhatsApp message, which WhatsApp refuses.
    QTest::newRow("free text longer than WhatsApp takes") << RefusedCall([](ComposerDeskTest &t) {
        const QString text(Message::MaxTextLength + 1, QLatin1Char('a'));
        return Status(t.desk().sendHumanMessage(Actor::user(t.m_agent), t.m_conversation, text).error());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("template missing a parameter") << RefusedCall([](ComposerDeskTest &t) {
        auto sent = t.desk().sendTemplate(Actor::user(t.m_agent), t.m_conversation, t.m_template, {QStringLiteral("Ana")});
        return sent ? Status() : Status(sent.error());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("template with a tab") << RefusedCall([](ComposerDeskTest &t) {
        auto sent = t.desk().sendTemplate(Actor::user(t.m_agent), t.m_conversation, t.m_template,
                                          {QStringLiteral("Ana"), QStringLiteral("lunes\t9")});
        return sent ? Status() : Status(sent.error());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("unknown template") << RefusedCall([](ComposerDeskTest &t) {
        auto sent = t.desk().sendTemplate(Actor::user(t.m_agent), t.m_conversation, t.m_template + 100, {});
        return sent ? Status() : Status(sent.error());
    }) << int(ErrorKind::NotFound);
    // refusalChangesNothing opts the leads out before its snapshot for this row.
    QTest::newRow("template to an opted-out lead") << RefusedCall([](ComposerDeskTest &t) {
        auto sent = t.desk().sendTemplate(Actor::user(t.m_agent), t.m_conversation, t.m_template,
                                          {QStringLiteral("Ana"), QStringLiteral("lunes")});
        return sent ? Status() : Status(sent.error());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("agent closing a colleague's conversation") << RefusedCall([](ComposerDeskTest &t) {
        return t.desk().closeConversation(Actor::user(t.m_agent), t.m_colleaguesConversation);
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("agent writing a shared reply") << RefusedCall([](ComposerDeskTest &t) {
        auto saved = t.composer().saveCannedReply(Actor::user(t.m_agent),
                                                  CannedReply{0, 0, QStringLiteral("x"), QStringLiteral("y"), 0});
        return saved ? Status() : Status(saved.error());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("agent editing a colleague's reply") << RefusedCall([](ComposerDeskTest &t) {
        auto saved = t.composer().saveCannedReply(
            Actor::user(t.m_agent), CannedReply{t.m_colleaguesReply, t.m_agent, QStringLiteral("x"), QStringLiteral("y"), 0});
        return saved ? Status() : Status(saved.error());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("manager deleting a colleague's personal reply") << RefusedCall([](ComposerDeskTest &t) {
        return t.composer().deleteCannedReply(Actor::user(t.m_manager), t.m_colleaguesReply);
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("manager adding a template") << RefusedCall([](ComposerDeskTest &t) {
        auto saved = t.composer().saveTemplate(Actor::user(t.m_manager),
                                               MessageTemplate{0, QStringLiteral("otro"), QStringLiteral("es"),
                                                               QStringLiteral("Hola"), 0});
        return saved ? Status() : Status(saved.error());
    }) << int(ErrorKind::Forbidden);
    QTest::newRow("template with a gap in its parameters") << RefusedCall([](ComposerDeskTest &t) {
        auto saved = t.composer().saveTemplate(Actor::user(t.m_admin),
                                               MessageTemplate{0, QStringLiteral("otro"), QStringLiteral("es"),
                                                               QStringLiteral("Hola {{1}} y {{3}}"), 0});
        return saved ? Status() : Status(saved.error());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("template with an invalid language") << RefusedCall([](ComposerDeskTest &t) {
        auto saved = t.composer().saveTemplate(Actor::user(t.m_admin),
                                               MessageTemplate{0, QStringLiteral("otro"), QStringLiteral("Spanish"),
                                                               QStringLiteral("Hola"), 0});
        return saved ? Status() : Status(saved.error());
    }) << int(ErrorKind::InvalidArgument);
    QTest::newRow("duplicate template name and language") << RefusedCall([](ComposerDeskTest &t) {
        auto saved = t.composer().saveTemplate(Actor::user(t.m_admin),
                                               MessageTemplate{0, QStringLiteral("cita_recordatorio"),
                                                               QStringLiteral("es_MX"), QStringLiteral("Hola"), 0});
        return saved ? Status() : Status(saved.error());
    }) << int(ErrorKind::Conflict);
}

void ComposerDeskTest::refusalChangesNothing()
{
    QFETCH(RefusedCall, call);
    QFETCH(int, expectedKind);
    if (QByteArray(QTest::currentDataTag()) == "template to an opted-out lead")
        VERIFY_OK(m_db->exec(QStringLiteral("UPDATE leads SET opted_out = 1")));
    const QString before = snapshot();

    const Status status = call(*this);

    QVERIFY(!status.ok());
    QCOMPARE(int(status.error().kind), expectedKind);
    QCOMPARE(snapshot(), before);
}

QTEST_GUILESS_MAIN(ComposerDeskTest)
#include "tst_composerdesk.moc"
