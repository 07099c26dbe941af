// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Lead edits through LeadService, as the lead file makes them, on SQLite and PostgreSQL.
// Covered: tags (trimmed, compared without case, limited in number and length), the
// optimistic check against a lead changed since it was loaded, and field edits in the
// audit log. Every rejected edit leaves the tables exactly as they were.
//
// SQLite uses a new file for every test. PostgreSQL uses a database of this suite's own,
// created from PROSPECTA_TEST_PG_URL and dropped at the end, because other suites reset
// the shared test database. Without the variable the postgresql rows are skipped, or
// fail when PROSPECTA_REQUIRE_PG=1 is set.

#include "accounts/AuditLog.h"
#include "core/Clock.h"
#include "operations/LeadService.h"
#include "storage/AuditRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
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

// A change that the service must refuse: it gets the test and returns the input to save.
using RefusedEdit = std::function<LeadInput(qint64 loadedUpdatedMs)>;
Q_DECLARE_METATYPE(RefusedEdit)
Q_DECLARE_METATYPE(Prospecta::ErrorKind)

class LeadEditsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void tagsRoundTripWithoutCaseDuplicates();
    void tagsAreReplacedAndDeletedWithTheLead();
    void refusalChangesNothing_data();
    void refusalChangesNothing();
    void staleSaveNamesWhoChangedTheLead();
    void saveWithCurrentVersionSucceeds();
    void messageDoesNotMakeTheFormStale();
    void fieldEditsAreAudited();
    void countryByHandIsKept();
    void agentCannotEditColleaguesLead();

private:
    bool isPostgres() const { return m_db && m_db->engine() == SqlEngine::Postgres; }
    LeadService service() const { return LeadService(*m_db, *m_clock, QStringLiteral("MX")); }
    qint64 addUser(const QString &email, UserRole role);
    qint64 addLead(const QString &phone, qint64 ownerId);
    Lead storedLead(qint64 id) const;
    // Every row of the tables a lead edit may touch, so a refusal can be shown to leave
    // them exactly as they were.
    QString snapshot() const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_postgresAdmin; // creates and drops this suite's database
    DatabaseLocation m_postgres;
    int m_databaseCount = 0;
    qint64 m_manager = 0;
    qint64 m_agent = 0;
    qint64 m_colleague = 0;
    qint64 m_lead = 0;       // the agent's, +52 55 1234 0001
    qint64 m_otherLead = 0;  // unassigned, +52 55 1234 0002
    qint64 m_colleaguesLead = 0;
};

void LeadEditsTest::initTestCase_data()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void LeadEditsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty())
        return;
    auto location = DatabaseLocation::parse(url);
    VERIFY_OK(location);
    m_postgresAdmin = std::make_unique<Database>();
    VERIFY_OK(m_postgresAdmin->open(*location, QStringLiteral("tst_leadedits_admin")));
    m_postgres = *location;
    m_postgres.databaseName = QStringLiteral("leadedits_%1").arg(QCoreApplication::applicationPid());
    VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgres.databaseName)));
    VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_postgres.databaseName)));
}

void LeadEditsTest::init()
{
    QFETCH_GLOBAL(QString, engine);
    ++m_databaseCount;
    DatabaseLocation location;
    if (engine == QLatin1String("sqlite")) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = m_dir.filePath(QStringLiteral("leadedits-%1.db").arg(m_databaseCount));
    } else {
        if (!m_postgresAdmin) {
            if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
                QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
            QSKIP("PROSPECTA_TEST_PG_URL is not set");
        }
        location = m_postgres;
    }
    m_db = std::make_unique<Database>();
    VERIFY_OK(m_db->open(location, QStringLiteral("tst_leadedits_%1").arg(m_databaseCount)));
    if (isPostgres()) {
        VERIFY_OK(m_db->exec(QStringLiteral("SET client_min_messages = warning")));
        VERIFY_OK(m_db->exec(QStringLiteral("DROP SCHEMA public CASCADE")));
        VERIFY_OK(m_db->exec(QStringLiteral("CREATE SCHEMA public")));
    }
    VERIFY_OK(Migrations::apply(*m_db, startMs));
    m_clock = std::make_unique<ManualClock>(startMs);

    m_manager = addUser(QStringLiteral("marta@example.com"), UserRole::Manager);
    m_agent = addUser(QStringLiteral("beto@example.com"), UserRole::Agent);
    m_colleague = addUser(QStringLiteral("carmen@example.com"), UserRole::Agent);
    m_lead = addLead(QStringLiteral("+525512340001"), m_agent);
    m_otherLead = addLead(QStringLiteral("+525512340002"), 0);
    m_colleaguesLead = addLead(QStringLiteral("+525512340003"), m_colleague);
    QVERIFY(m_manager > 0 && m_agent > 0 && m_colleague > 0);
    QVERIFY(m_lead > 0 && m_otherLead > 0 && m_colleaguesLead > 0);
    m_clock->advance(60000);
}

void LeadEditsTest::cleanup()
{
    m_db.reset();
}

void LeadEditsTest::cleanupTestCase()
{
    if (m_postgresAdmin && !m_postgres.databaseName.isEmpty())
        VERIFY_OK(m_postgresAdmin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_postgres.databaseName)));
}

qint64 LeadEditsTest::addUser(const QString &email, UserRole role)
{
    User user;
    user.name = email.section(QLatin1Char('@'), 0, 0);
    user.email = email;
    user.role = role;
    auto id = UserRepository(*m_db).insert(user, QStringLiteral("$argon2id$placeholder"), startMs);
    return id ? *id : 0;
}

qint64 LeadEditsTest::addLead(const QString &phone, qint64 ownerId)
{
    Lead lead;
    lead.name = QStringLiteral("Lead ") + phone.right(4);
    lead.phone = phone;
    lead.phoneKey = phone;
    lead.country = QStringLiteral("MX");
    lead.assignedUserId = ownerId;
    auto id = LeadRepository(*m_db).create(lead, startMs);
    return id ? *id : 0;
}

Lead LeadEditsTest::storedLead(qint64 id) const
{
    auto found = LeadRepository(*m_db).findById(id);
    return found && *found ? **found : Lead{};
}

QString LeadEditsTest::snapshot() const
{
    QString dump;
    const QList<QPair<QString, QString>> tables = {
        {QStringLiteral("leads"), QStringLiteral("id")},
        {QStringLiteral("lead_tags"), QStringLiteral("lead_id, tag_key")},
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

void LeadEditsTest::tagsRoundTripWithoutCaseDuplicates()
{
    LeadInput input;
    input.tags = QStringList{QStringLiteral("  VIP "), QStringLiteral("vip"), QStringLiteral("Frío"), QString(),
                             QStringLiteral("FRÍO"), QStringLiteral("Hot lead")};
    input.expectedUpdatedMs = storedLead(m_lead).updatedMs;
    auto updated = service().update(Actor::user(m_agent), m_lead, input);
    VERIFY_OK(updated);

    const QStringList expected{QStringLiteral("VIP"), QStringLiteral("Frío"), QStringLiteral("Hot lead")};
    QCOMPARE(LeadRepository(*m_db).tags(m_lead).valueOr({}), expected);
    QCOMPARE(service().tags(Actor::user(m_agent), m_lead).valueOr({}), expected);
    // Another lead keeps its own, empty, set.
    QCOMPARE(LeadRepository(*m_db).tags(m_otherLead).valueOr({QStringLiteral("error")}), QStringList());

    AuditFilter filter;
    filter.action = QString::fromLatin1(AuditAction::LeadEdited);
    auto edits = AuditRepository(*m_db).query(filter);
    VERIFY_OK(edits);
    QCOMPARE(edits->size(), 1);
    QCOMPARE(edits->first().detail, QStringLiteral("tags"));
    QCOMPARE(edits->first().actorName, QStringLiteral("beto@example.com"));
}

void LeadEditsTest::tagsAreReplacedAndDeletedWithTheLead()
{
    LeadInput first;
    first.tags = QStringList{QStringLiteral("a"), QStringLiteral("b")};
    VERIFY_OK(service().update(Actor::user(m_manager), m_lead, first));
    LeadInput second;
    second.tags = QStringList{QStringLiteral("B"), QStringLiteral("c")};
    VERIFY_OK(service().update(Actor::user(m_manager), m_lead, second));
    QCOMPARE(LeadRepository(*m_db).tags(m_lead).valueOr({}), (QStringList{QStringLiteral("B"), QStringLiteral("c")}));

    VERIFY_OK(LeadRepository(*m_db).remove(m_lead));
    auto left = m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM lead_tags"), {}, -1);
    VERIFY_OK(left);
    QCOMPARE(left->toInt(), 0);
}

void LeadEditsTest::refusalChangesNothing_data()
{
    QTest::addColumn<RefusedEdit>("edit");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("phone too short") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.phone = QStringLiteral("12");
        input.notes = QStringLiteral("kept out");
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("phone") << QString();
    QTest::newRow("email without domain") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.email = QStringLiteral("ana@");
        input.name = QStringLiteral("kept out");
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("email") << QStringLiteral("name@example.com");
    QTest::newRow("21 tags") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        QStringList tags;
        for (int i = 1; i <= 21; ++i)
            tags << QStringLiteral("tag%1").arg(i);
        input.tags = tags;
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("tags") << QStringLiteral("at most 20 tags");
    QTest::newRow("tag of 41 characters") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.tags = QStringList{QStringLiteral("ok"), QString(41, QLatin1Char('x'))};
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("tags") << QStringLiteral("longer than 40");
    QTest::newRow("tag with a line break") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.tags = QStringList{QStringLiteral("a\nb")};
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("tags") << QStringLiteral("control character");
    QTest::newRow("score 101") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.score = 101;
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("score") << QStringLiteral("between 0 and 100");
    QTest::newRow("unknown country") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.country = QStringLiteral("XX");
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::InvalidArgument << QStringLiteral("country") << QStringLiteral("ISO 3166");
    QTest::newRow("another lead's phone in another format") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.phone = QStringLiteral("55 1234 0002");
        input.expectedUpdatedMs = loaded;
        return input;
    }) << ErrorKind::Conflict << QStringLiteral("phone") << QStringLiteral("already has the phone +525512340002");
    QTest::newRow("stale version") << RefusedEdit([](qint64 loaded) {
        LeadInput input;
        input.notes = QStringLiteral("late edit");
        input.expectedUpdatedMs = loaded - 1;
        return input;
    }) << ErrorKind::Conflict << QStringLiteral("updatedAt") << QStringLiteral("Nothing was saved");
}

void LeadEditsTest::refusalChangesNothing()
{
    QFETCH(RefusedEdit, edit);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, field);
    QFETCH(QString, messagePart);

    LeadInput tagged;
    tagged.tags = QStringList{QStringLiteral("existing")};
    VERIFY_OK(service().update(Actor::user(m_agent), m_lead, tagged));
    m_clock->advance(1000);
    const QString before = snapshot();

    auto refused = service().update(Actor::user(m_agent), m_lead, edit(storedLead(m_lead).updatedMs));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, kind);
    QCOMPARE(refused.error().fields, QStringList{field});
    QVERIFY2(refused.error().message.contains(messagePart), qPrintable(refused.error().message));
    QCOMPARE(snapshot(), before);
}

void LeadEditsTest::staleSaveNamesWhoChangedTheLead()
{
    // The agent opens the lead; then a manager changes its notes.
    const qint64 loaded = storedLead(m_lead).updatedMs;
    m_clock->advance(5000);
    LeadInput managerEdit;
    managerEdit.notes = QStringLiteral("Llamar el lunes");
    managerEdit.expectedUpdatedMs = loaded;
    VERIFY_OK(service().update(Actor::user(m_manager), m_lead, managerEdit));
    const QString afterManager = snapshot();

    m_clock->advance(5000);
    LeadInput agentEdit;
    agentEdit.notes = QStringLiteral("Quiere precios");
    agentEdit.score = 40;
    agentEdit.expectedUpdatedMs = loaded;
    auto refused = service().update(Actor::user(m_agent), m_lead, agentEdit);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Conflict);
    QCOMPARE(refused.error().fields, QStringList{QStringLiteral("updatedAt")});
    QVERIFY2(refused.error().message.contains(QStringLiteral("marta@example.com")), qPrintable(refused.error().message));
    QCOMPARE(snapshot(), afterManager);
    QCOMPARE(storedLead(m_lead).notes, QStringLiteral("Llamar el lunes"));
}

void LeadEditsTest::saveWithCurrentVersionSucceeds()
{
    // Two saves in one millisecond still give two versions, so the second loader of the
    // first version is refused.
    const qint64 loaded = storedLead(m_lead).updatedMs;
    LeadInput first;
    first.score = 10;
    first.expectedUpdatedMs = loaded;
    auto saved = service().update(Actor::user(m_agent), m_lead, first);
    VERIFY_OK(saved);
    QVERIFY(saved->updatedMs > loaded);

    LeadInput second;
    second.score = 20;
    second.expectedUpdatedMs = loaded;
    QCOMPARE(service().update(Actor::user(m_manager), m_lead, second).error().kind, ErrorKind::Conflict);
    second.expectedUpdatedMs = saved->updatedMs;
    VERIFY_OK(service().update(Actor::user(m_manager), m_lead, second));
    QCOMPARE(storedLead(m_lead).score, 20);
}

void LeadEditsTest::messageDoesNotMakeTheFormStale()
{
    const qint64 loaded = storedLead(m_lead).updatedMs;
    m_clock->advance(1000);
    VERIFY_OK(LeadRepository(*m_db).touchLastContact(m_lead, m_clock->nowMs()));
    QCOMPARE(storedLead(m_lead).updatedMs, loaded);

    LeadInput edit;
    edit.name = QStringLiteral("Ana López");
    edit.expectedUpdatedMs = loaded;
    VERIFY_OK(service().update(Actor::user(m_agent), m_lead, edit));
    QCOMPARE(storedLead(m_lead).name, QStringLiteral("Ana López"));
}

void LeadEditsTest::fieldEditsAreAudited()
{
    LeadInput edit;
    edit.name = QStringLiteral("Ana López");
    edit.score = 40;
    edit.status = LeadStatus::Contacted;
    edit.notes = QStringLiteral("Quiere precios");
    VERIFY_OK(service().update(Actor::user(m_agent), m_lead, edit));

    AuditFilter filter;
    filter.targetKind = QStringLiteral("lead");
    filter.targetId = QString::number(m_lead);
    auto rows = AuditRepository(*m_db).query(filter);
    VERIFY_OK(rows);
    QStringList actions;
    for (const AuditEntry &row : *rows)
        actions << row.action + QLatin1Char('=') + row.detail;
    actions.sort();
    QCOMPARE(actions, (QStringList{QStringLiteral("lead.edited=name, score 0 -> 40, notes"),
                                   QStringLiteral("lead.status_changed=new -> contacted")}));
    // The filter keeps to that lead.
    filter.targetId = QString::number(m_otherLead);
    QCOMPARE(AuditRepository(*m_db).query(filter).valueOr({AuditEntry{}}).size(), 0);
}

void LeadEditsTest::countryByHandIsKept()
{
    LeadInput edit;
    edit.country = QStringLiteral("pe");
    edit.phone = QStringLiteral("+52 55 1234 0009");
    VERIFY_OK(service().update(Actor::user(m_agent), m_lead, edit));
    const Lead lead = storedLead(m_lead);
    QCOMPARE(lead.country, QStringLiteral("PE"));
    QCOMPARE(lead.phone, QStringLiteral("+525512340009"));
}

void LeadEditsTest::agentCannotEditColleaguesLead()
{
    const QString before = snapshot();
    LeadInput colleagues;
    colleagues.notes = QStringLiteral("not mine");
    auto refused = service().update(Actor::user(m_agent), m_colleaguesLead, colleagues);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Forbidden);
    QCOMPARE(snapshot(), before);
}

QTEST_GUILESS_MAIN(LeadEditsTest)

#include "tst_leadedits.moc"
