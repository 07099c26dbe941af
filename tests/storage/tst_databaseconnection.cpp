// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Where a desktop's database is and why a connection to a team's PostgreSQL server failed,
// in words the user can act on. The live cases need PROSPECTA_TEST_PG_URL (a server without
// TLS, as the test script starts it) and are skipped without it unless
// PROSPECTA_REQUIRE_PG=1.

#include "storage/Database.h"
#include "storage/DatabaseDiagnosis.h"
#include "storage/DatabaseLocation.h"
#include "storage/PostgresDiagnosis.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Prospecta;

Q_DECLARE_METATYPE(Prospecta::PostgresDiagnosis::Cause)
Q_DECLARE_METATYPE(Prospecta::DatabaseDiagnosis::Cause)

class TestDatabaseConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void causeIsRecognisedFromLibpqText_data();
    void causeIsRecognisedFromLibpqText();
    void everyCauseNamesWhatToCheck_data();
    void everyCauseNamesWhatToCheck();
    void locationRoundTripsThroughItsUrl();
    void locationPrecedence();
    void badLocationRejectedNamingValue_data();
    void badLocationRejectedNamingValue();
    void namedFileNeedsExistingFolder();
    void statementCauseFromCode_data();
    void statementCauseFromCode();
    void everyStatementCauseNamesDatabase_data();
    void everyStatementCauseNamesDatabase();
    void sqliteFailuresExplained_data();
    void sqliteFailuresExplained();

    void liveFailuresAreExplained_data();
    void liveFailuresAreExplained();
    void liveConnectionOpens();
    void readRunsAgainAfterTheServerDropsTheConnection();
    void writeAfterDropReportsNothingSaved();
    void transactionCutByADropIsNotCommitted();
    void offlineServerIsReportedAndRejoined();
    void cleanupTestCase();

private:
    bool hasPostgres() const { return !m_url.isEmpty(); }
    // A database of this suite's own, with one table, opened as `database`.
    bool openOwnDatabase(Database &database);
    // Ends every other connection to the suite's database, as a server restart does.
    void dropConnections();
    qint64 countRows();

    QString m_url;
    QString m_ownName;
    std::unique_ptr<Database> m_admin;
    DatabaseLocation m_ownLocation;
};

void TestDatabaseConnection::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (m_url.isEmpty() && qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
        QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
}

void TestDatabaseConnection::causeIsRecognisedFromLibpqText_data()
{
    using Cause = PostgresDiagnosis::Cause;
    QTest::addColumn<QString>("message");
    QTest::addColumn<Cause>("cause");

    // Texts as libpq 15 and a PostgreSQL 15 server write them.
    QTest::newRow("unknown host")
        << QStringLiteral("could not translate host name \"db.example\" to address: Name or service not known")
        << Cause::HostUnknown;
    QTest::newRow("nothing listening")
        << QStringLiteral("connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
                          "\tIs the server running on that host and accepting TCP/IP connections?")
        << Cause::Refused;
    QTest::newRow("timeout") << QStringLiteral("timeout expired") << Cause::TimedOut;
    QTest::newRow("no route")
        << QStringLiteral("connection to server at \"10.0.0.9\", port 5432 failed: No route to host")
        << Cause::Unreachable;
    QTest::newRow("wrong password")
        << QStringLiteral("connection to server at \"db\" (10.0.0.9), port 5432 failed: FATAL:  password "
                          "authentication failed for user \"ventas\"")
        << Cause::PasswordRejected;
    QTest::newRow("no password") << QStringLiteral("fe_sendauth: no password supplied") << Cause::PasswordMissing;
    QTest::newRow("pg_hba")
        << QStringLiteral("FATAL:  no pg_hba.conf entry for host \"10.0.0.7\", user \"ventas\", database "
                          "\"crm\", SSL encryption")
        << Cause::HostNotAllowed;
    QTest::newRow("role missing") << QStringLiteral("FATAL:  role \"ventas\" does not exist") << Cause::RoleMissing;
    QTest::newRow("database missing")
        << QStringLiteral("FATAL:  database \"crm\" does not exist") << Cause::DatabaseMissing;
    QTest::newRow("tls refused")
        << QStringLiteral("server does not support SSL, but SSL was required") << Cause::TlsRefused;
    QTest::newRow("tls certificate")
        << QStringLiteral("SSL error: certificate verify failed") << Cause::TlsFailed;
    QTest::newRow("no CONNECT privilege")
        << QStringLiteral("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  permission denied for "
                          "database \"crm\"\nDETAIL:  User does not have CONNECT privilege.")
        << Cause::ConnectDenied;
    QTest::newRow("too many clients")
        << QStringLiteral("FATAL:  sorry, too many clients already") << Cause::TooManyConnections;
    QTest::newRow("role connection limit")
        << QStringLiteral("FATAL:  too many connections for role \"ventas\"") << Cause::TooManyConnections;
    QTest::newRow("starting up")
        << QStringLiteral("FATAL:  the database system is starting up") << Cause::ServerStarting;
    QTest::newRow("server in another language")
        << QStringLiteral("FATAL:  no existe la base de datos «crm»") << Cause::Other;
}

void TestDatabaseConnection::causeIsRecognisedFromLibpqText()
{
    QFETCH(QString, message);
    QFETCH(PostgresDiagnosis::Cause, cause);
    QCOMPARE(PostgresDiagnosis::classify(message), cause);
}

void TestDatabaseConnection::everyCauseNamesWhatToCheck_data()
{
    using Cause = PostgresDiagnosis::Cause;
    QTest::addColumn<Cause>("cause");
    QTest::addColumn<QString>("mustName");

    QTest::newRow("host unknown") << Cause::HostUnknown << QStringLiteral("db.example.com");
    QTest::newRow("refused") << Cause::Refused << QStringLiteral("6543");
    QTest::newRow("unreachable") << Cause::Unreachable << QStringLiteral("db.example.com");
    QTest::newRow("timed out") << Cause::TimedOut << QStringLiteral("6543");
    QTest::newRow("password rejected") << Cause::PasswordRejected << QStringLiteral("ventas");
    QTest::newRow("password missing") << Cause::PasswordMissing << QStringLiteral("ventas");
    QTest::newRow("host not allowed") << Cause::HostNotAllowed << QStringLiteral("pg_hba.conf");
    QTest::newRow("role missing") << Cause::RoleMissing << QStringLiteral("ventas");
    QTest::newRow("database missing") << Cause::DatabaseMissing << QStringLiteral("createdb crm");
    QTest::newRow("tls refused") << Cause::TlsRefused << QStringLiteral("sslmode=disable");
    QTest::newRow("tls failed") << Cause::TlsFailed << QStringLiteral("certificate verify failed");
    QTest::newRow("too old") << Cause::ServerTooOld << QStringLiteral("12.18");
    QTest::newRow("connect denied") << Cause::ConnectDenied << QStringLiteral("GRANT CONNECT ON DATABASE crm TO ventas");
    QTest::newRow("too many connections") << Cause::TooManyConnections << QStringLiteral("ventas");
    QTest::newRow("server starting") << Cause::ServerStarting << QStringLiteral("db.example.com");
    QTest::newRow("other") << Cause::Other << QStringLiteral("something unexpected");
}

void TestDatabaseConnection::everyCauseNamesWhatToCheck()
{
    QFETCH(PostgresDiagnosis::Cause, cause);
    QFETCH(QString, mustName);

    auto location = DatabaseLocation::parse(QStringLiteral("postgresql://ventas@db.example.com:6543/crm"));
    QVERIFY(location);
    const QString serverText = cause == PostgresDiagnosis::Cause::TlsFailed
        ? QStringLiteral("SSL error: certificate verify failed")
        : QStringLiteral("something unexpected");
    const QString text = PostgresDiagnosis::describe(cause, *location, serverText, QStringLiteral("12.18"));
    QVERIFY2(text.contains(mustName), qPrintable(text));
}

// The GUI saves the chosen server as a URL; reading it back gives the same server and
// libpq parameters, and never a password.
void TestDatabaseConnection::locationRoundTripsThroughItsUrl()
{
    auto location = DatabaseLocation::parse(
        QStringLiteral("postgresql://ventas@db.example.com:6543/crm?sslmode=verify-full&application_name=desk%201"));
    QVERIFY(location);
    location->password = QStringLiteral("s3cret");

    const QString saved = location->toString();
    QVERIFY2(!saved.contains(QLatin1String("s3cret")), qPrintable(saved));
    auto reread = DatabaseLocation::parse(saved);
    QVERIFY2(reread, qPrintable(saved));
    QCOMPARE(reread->host, QStringLiteral("db.example.com"));
    QCOMPARE(reread->port, 6543);
    QCOMPARE(reread->userName, QStringLiteral("ventas"));
    QCOMPARE(reread->databaseName, QStringLiteral("crm"));
    QCOMPARE(reread->options.value(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
    QCOMPARE(reread->options.value(QStringLiteral("application_name")), QStringLiteral("desk 1"));
    QCOMPARE(reread->password, QString());
    QVERIFY(!location->displayName().contains(QLatin1String("s3cret")));
}

// --database, then PROSPECTA_DATABASE, then the desktop's saved choice, then the default.
void TestDatabaseConnection::locationPrecedence()
{
    const QString saved = QStringLiteral("postgresql://ventas@db.example.com/crm");
    qunsetenv("PROSPECTA_DATABASE");

    auto chosen = DatabaseLocation::resolve({}, saved);
    QVERIFY(chosen);
    QCOMPARE(chosen->host, QStringLiteral("db.example.com"));

    auto fallback = DatabaseLocation::resolve({}, {});
    QVERIFY(fallback);
    QCOMPARE(fallback->filePath, DatabaseLocation::defaultFilePath());

    qputenv("PROSPECTA_DATABASE", "/tmp/from-environment.db");
    auto environment = DatabaseLocation::resolve({}, saved);
    QVERIFY(environment);
    QCOMPARE(environment->filePath, QStringLiteral("/tmp/from-environment.db"));

    auto commandLine = DatabaseLocation::resolve(QStringLiteral("/tmp/from-option.db"), saved);
    QVERIFY(commandLine);
    QCOMPARE(commandLine->filePath, QStringLiteral("/tmp/from-option.db"));
    qunsetenv("PROSPECTA_DATABASE");
}

void TestDatabaseConnection::badLocationRejectedNamingValue_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mustName");

    // A mistyped scheme must not become a new SQLite file named after the URL.
    QTest::newRow("other scheme") << QStringLiteral("mysql://root@127.0.0.1/crm") << QStringLiteral("mysql://root@127.0.0.1/crm");
    QTest::newRow("misspelt scheme") << QStringLiteral("postgresq://ventas@db/crm") << QStringLiteral("postgresq://ventas@db/crm");
    QTest::newRow("port not a number") << QStringLiteral("postgresql://ventas@db:notaport/crm")
                                       << QStringLiteral("postgresql://ventas@db:notaport/crm");
    QTest::newRow("port out of range") << QStringLiteral("postgresql://ventas@db:99999/crm") << QStringLiteral("99999");
    QTest::newRow("no user") << QStringLiteral("postgresql://db.example.com/crm") << QStringLiteral("names no user");
    QTest::newRow("no database") << QStringLiteral("postgresql://ventas@db/") << QStringLiteral("names no database");
    QTest::newRow("unknown option") << QStringLiteral("postgresql://ventas@db/crm?bogus=1") << QStringLiteral("\"bogus\"");
    QTest::newRow("unknown sslmode") << QStringLiteral("postgresql://ventas@db/crm?sslmode=always")
                                     << QStringLiteral("verify-full");
    QTest::newRow("password hidden") << QStringLiteral("postgres://ventas:s3cret@db:bad/crm")
                                     << QStringLiteral("postgres://ventas@db:bad/crm");
}

// Every refusal is a usage error that names the value, never its password.
void TestDatabaseConnection::badLocationRejectedNamingValue()
{
    QFETCH(QString, value);
    QFETCH(QString, mustName);

    auto parsed = DatabaseLocation::parse(value);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, ErrorKind::InvalidArgument);
    QVERIFY2(parsed.error().message.contains(mustName), qPrintable(parsed.error().message));
    QVERIFY2(!parsed.error().message.contains(QLatin1String("s3cret")), qPrintable(parsed.error().message));
}

// A named SQLite file in a folder that does not exist was opened after the folder was
// created, so a mistyped path became a new empty database. Only the default file's folder
// is created.
void TestDatabaseConnection::namedFileNeedsExistingFolder()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString folder = home.filePath(QStringLiteral("missing"));
    auto named = DatabaseLocation::parse(folder + QStringLiteral("/prospecta.db"));
    QVERIFY(named);
    QVERIFY(!named->isDefault);

    Database database;
    const Status opened = database.open(*named, QStringLiteral("tst_databaseconnection_missing_folder"));
    QVERIFY(!opened);
    QCOMPARE(opened.error().kind, ErrorKind::NotFound);
    QVERIFY2(opened.error().message.contains(QDir::toNativeSeparators(folder)), qPrintable(opened.error().message));
    QVERIFY(!QFileInfo::exists(folder));

    qunsetenv("PROSPECTA_DATABASE");
    auto fallback = DatabaseLocation::resolve({}, {});
    QVERIFY(fallback);
    QVERIFY(fallback->isDefault);
    QVERIFY(Database::prepareFolder(*fallback));
    QVERIFY(QFileInfo(QFileInfo(fallback->filePath).absolutePath()).isDir());
}

void TestDatabaseConnection::statementCauseFromCode_data()
{
    using Cause = DatabaseDiagnosis::Cause;
    QTest::addColumn<bool>("sqlite");
    QTest::addColumn<QString>("code"); // a SQLite primary result code or a SQLSTATE
    QTest::addColumn<Cause>("cause");

    QTest::newRow("SQLITE_BUSY") << true << QStringLiteral("5") << Cause::Busy;
    QTest::newRow("SQLITE_READONLY") << true << QStringLiteral("8") << Cause::ReadOnly;
    QTest::newRow("SQLITE_IOERR") << true << QStringLiteral("10") << Cause::InputOutput;
    QTest::newRow("SQLITE_CORRUPT") << true << QStringLiteral("11") << Cause::NotADatabase;
    QTest::newRow("SQLITE_FULL") << true << QStringLiteral("13") << Cause::DiskFull;
    QTest::newRow("SQLITE_CANTOPEN") << true << QStringLiteral("14") << Cause::CannotOpen;
    QTest::newRow("SQLITE_NOTADB") << true << QStringLiteral("26") << Cause::NotADatabase;
    QTest::newRow("SQLITE_CONSTRAINT") << true << QStringLiteral("19") << Cause::Other;
    QTest::newRow("insufficient_privilege") << false << QStringLiteral("42501") << Cause::PermissionDenied;
    QTest::newRow("read_only_sql_transaction") << false << QStringLiteral("25006") << Cause::ReadOnlyServer;
    QTest::newRow("disk_full") << false << QStringLiteral("53100") << Cause::DiskFull;
    QTest::newRow("query_canceled") << false << QStringLiteral("57014") << Cause::StatementTimeout;
    QTest::newRow("serialization_failure") << false << QStringLiteral("40001") << Cause::Busy;
    QTest::newRow("admin_shutdown") << false << QStringLiteral("57P01") << Cause::ConnectionLost;
    QTest::newRow("syntax_error") << false << QStringLiteral("42601") << Cause::Other;
}

void TestDatabaseConnection::statementCauseFromCode()
{
    QFETCH(bool, sqlite);
    QFETCH(QString, code);
    QFETCH(DatabaseDiagnosis::Cause, cause);
    if (sqlite)
        QCOMPARE(DatabaseDiagnosis::classifySqlite(code.toInt()), cause);
    else
        QCOMPARE(DatabaseDiagnosis::classifyPostgres(code), cause);
}

void TestDatabaseConnection::everyStatementCauseNamesDatabase_data()
{
    using Cause = DatabaseDiagnosis::Cause;
    QTest::addColumn<Cause>("cause");
    QTest::addColumn<bool>("sqlite");
    QTest::addColumn<QString>("remedy"); // what the message tells the user to do

    QTest::newRow("busy") << Cause::Busy << true << QStringLiteral("Try again");
    QTest::newRow("not a database") << Cause::NotADatabase << true << QStringLiteral("backup");
    QTest::newRow("read-only") << Cause::ReadOnly << true << QStringLiteral("permissions");
    QTest::newRow("cannot open") << Cause::CannotOpen << true << QStringLiteral("read and write");
    QTest::newRow("disk full") << Cause::DiskFull << true << QStringLiteral("Free some disk space");
    QTest::newRow("server disk full") << Cause::DiskFull << false << QStringLiteral("administrator");
    QTest::newRow("input/output") << Cause::InputOutput << true << QStringLiteral("free space");
    QTest::newRow("permission denied") << Cause::PermissionDenied << false << QStringLiteral("grant ventas");
    QTest::newRow("read-only server") << Cause::ReadOnlyServer << false << QStringLiteral("primary server");
    QTest::newRow("statement timeout") << Cause::StatementTimeout << false << QStringLiteral("Try again");
    QTest::newRow("connection lost") << Cause::ConnectionLost << false << QStringLiteral("network");
    QTest::newRow("other") << Cause::Other << true << QStringLiteral("log file");
}

// Every message names the database, keeps the driver's words as a detail and says what
// to do next.
void TestDatabaseConnection::everyStatementCauseNamesDatabase()
{
    QFETCH(DatabaseDiagnosis::Cause, cause);
    QFETCH(bool, sqlite);
    QFETCH(QString, remedy);

    auto location = DatabaseLocation::parse(sqlite ? QStringLiteral("/srv/crm/prospecta.db")
                                                   : QStringLiteral("postgresql://ventas@db.example.com:6543/crm"));
    QVERIFY(location);
    const QString text = DatabaseDiagnosis::describe(cause, *location, QStringLiteral("driver words"));
    QVERIFY2(text.contains(location->displayName()), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("driver words")), qPrintable(text));
    QVERIFY2(text.contains(remedy), qPrintable(text));
}

void TestDatabaseConnection::sqliteFailuresExplained_data()
{
    QTest::addColumn<QString>("setup"); // run on the connection before the failing insert
    QTest::addColumn<QString>("expected");

    // max_page_count stops the file from growing as a full disk does (SQLITE_FULL).
    QTest::newRow("file cannot grow") << QStringLiteral("PRAGMA max_page_count = 1")
                                      << QStringLiteral("is full");
    // query_only makes every write fail with SQLITE_READONLY, as a read-only file does.
    QTest::newRow("read-only") << QStringLiteral("PRAGMA query_only = 1")
                               << QStringLiteral("cannot write to the database");
}

// SQLite's failures reached people as "A statement failed: database or disk is full".
void TestDatabaseConnection::sqliteFailuresExplained()
{
    QFETCH(QString, setup);
    QFETCH(QString, expected);

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    auto location = DatabaseLocation::parse(folder.filePath(QStringLiteral("full.db")));
    QVERIFY(location);
    Database database;
    QVERIFY(database.open(*location, QStringLiteral("tst_databaseconnection_sqlite_failure")));
    QVERIFY(database.exec(QStringLiteral("CREATE TABLE notes (body TEXT NOT NULL)")));
    QVERIFY(database.exec(setup));

    auto inserted = database.exec(QStringLiteral("INSERT INTO notes (body) VALUES (?)"),
                                  {QString(100000, QLatin1Char('x'))});
    QVERIFY(!inserted);
    QCOMPARE(inserted.error().kind, ErrorKind::Database);
    const QString message = inserted.error().message;
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.contains(location->displayName()), qPrintable(message));
    QVERIFY2(!message.startsWith(QLatin1String("A statement failed")), qPrintable(message));
}

void TestDatabaseConnection::liveFailuresAreExplained_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("expected");

    QTest::newRow("database missing") << QStringLiteral("database") << QStringLiteral("does not exist on the server");
    QTest::newRow("user missing") << QStringLiteral("user") << QStringLiteral("Check the user name");
    QTest::newRow("nothing listening") << QStringLiteral("port") << QStringLiteral("Nothing answers on 127.0.0.1");
    QTest::newRow("tls required") << QStringLiteral("tls") << QStringLiteral("does not accept encrypted connections");
}

void TestDatabaseConnection::liveFailuresAreExplained()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    QFETCH(QString, change);
    QFETCH(QString, expected);

    auto location = DatabaseLocation::parse(m_url);
    QVERIFY(location);
    if (change == QLatin1String("database")) {
        location->databaseName = QStringLiteral("no_such_database_%1").arg(QCoreApplication::applicationPid());
    } else if (change == QLatin1String("user")) {
        location->userName = QStringLiteral("no_such_user");
    } else if (change == QLatin1String("port")) {
        // A port that was free a moment ago: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        location->port = probe.serverPort();
        probe.close();
    } else {
        location->options.insert(QStringLiteral("sslmode"), QStringLiteral("require"));
    }

    Database database;
    const Status opened = database.open(*location, QStringLiteral("tst_databaseconnection_") + change);
    QVERIFY(!opened);
    QCOMPARE(opened.error().kind, ErrorKind::Unavailable);
    QVERIFY2(opened.error().message.contains(expected), qPrintable(opened.error().message));
    QVERIFY(!database.isOpen());
}

void TestDatabaseConnection::liveConnectionOpens()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    auto location = DatabaseLocation::parse(m_url);
    QVERIFY(location);
    Database database;
    const Status opened = database.open(*location, QStringLiteral("tst_databaseconnection_ok"));
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    auto version = database.scalar(QStringLiteral("SELECT current_setting('server_version_num')::int"));
    QVERIFY(version);
    QVERIFY(version->toInt() >= PostgresDiagnosis::MinimumServerVersion);
}

bool TestDatabaseConnection::openOwnDatabase(Database &database)
{
    if (!m_admin) {
        auto location = DatabaseLocation::parse(m_url);
        if (!location)
            return false;
        m_admin = std::make_unique<Database>();
        if (!m_admin->open(*location, QStringLiteral("tst_databaseconnection_admin")))
            return false;
        m_ownName = QStringLiteral("dbconn_%1").arg(QCoreApplication::applicationPid());
        (void)m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_ownName));
        if (!m_admin->exec(QStringLiteral("CREATE DATABASE %1").arg(m_ownName)))
            return false;
        m_ownLocation = *location;
        m_ownLocation.databaseName = m_ownName;
    }
    (void)m_admin->exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(m_ownName));
    if (!database.open(m_ownLocation, QStringLiteral("tst_databaseconnection_own")))
        return false;
    database.setReopenAfterConnectionLoss(true);
    return database.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS notes (id BIGINT GENERATED BY DEFAULT AS "
                                        "IDENTITY PRIMARY KEY, body TEXT NOT NULL)"))
               .ok()
        && database.exec(QStringLiteral("DELETE FROM notes")).ok();
}

void TestDatabaseConnection::dropConnections()
{
    auto dropped = m_admin->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                                "WHERE datname = ? AND pid <> pg_backend_pid()"),
                                 {m_ownName});
    QVERIFY(dropped);
    QTRY_COMPARE(m_admin->scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = ?"), {m_ownName})
                     ->toInt(),
                 0);
}

qint64 TestDatabaseConnection::countRows()
{
    Database reader;
    if (!reader.open(m_ownLocation, QStringLiteral("tst_databaseconnection_reader")))
        return -1;
    return reader.scalar(QStringLiteral("SELECT count(*) FROM notes"))->toLongLong();
}

void TestDatabaseConnection::readRunsAgainAfterTheServerDropsTheConnection()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    Database database;
    QVERIFY(openOwnDatabase(database));
    dropConnections();

    auto read = database.scalar(QStringLiteral("SELECT 41 + 1"));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(read->toInt(), 42);
    // The new connection has the session settings again.
    QCOMPARE(database.scalar(QStringLiteral("SHOW statement_timeout"))->toString(), QStringLiteral("30s"));
}

// A write that meets a dropped connection may or may not have reached the server, so it
// is not repeated. It fails with a message that nothing was saved, and the next write
// works.
void TestDatabaseConnection::writeAfterDropReportsNothingSaved()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    Database database;
    QVERIFY(openOwnDatabase(database));
    dropConnections();

    auto lost = database.exec(QStringLiteral("INSERT INTO notes (body) VALUES (?)"), {QStringLiteral("lost")});
    QVERIFY(!lost);
    QCOMPARE(lost.error().kind, ErrorKind::Unavailable);
    QVERIFY2(lost.error().message.contains(QLatin1String("nothing was saved")), qPrintable(lost.error().message));
    QCOMPARE(countRows(), 0);

    auto kept = database.exec(QStringLiteral("INSERT INTO notes (body) VALUES (?)"), {QStringLiteral("kept")});
    QVERIFY2(kept, kept ? "" : qPrintable(kept.error().message));
    QCOMPARE(countRows(), 1);
}

void TestDatabaseConnection::transactionCutByADropIsNotCommitted()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    Database database;
    QVERIFY(openOwnDatabase(database));
    {
        Transaction transaction(database);
        QVERIFY(transaction.started());
        QVERIFY(database.exec(QStringLiteral("INSERT INTO notes (body) VALUES ('first half')")));
        dropConnections();
        auto second = database.exec(QStringLiteral("INSERT INTO notes (body) VALUES ('second half')"));
        QVERIFY(!second);
        QCOMPARE(second.error().kind, ErrorKind::Unavailable);
        QVERIFY(!transaction.commit());
    }
    QCOMPARE(countRows(), 0);

    // The next transaction begins on a new connection and commits.
    Transaction again(database);
    QVERIFY2(again.started(), again.started() ? "" : qPrintable(again.started().error().message));
    QVERIFY(database.exec(QStringLiteral("INSERT INTO notes (body) VALUES ('whole')")));
    QVERIFY(again.commit());
    QCOMPARE(countRows(), 1);
}

// While the server refuses connections every statement fails at once with the offline
// text; once it accepts them again the connection comes back by itself.
void TestDatabaseConnection::offlineServerIsReportedAndRejoined()
{
    if (!hasPostgres())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    Database database;
    QVERIFY(openOwnDatabase(database));
    QVERIFY(m_admin->exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false").arg(m_ownName)));
    dropConnections();

    for (int attempt = 0; attempt < 3; ++attempt) {
        auto refused = database.scalar(QStringLiteral("SELECT 1"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Unavailable);
        QVERIFY2(refused.error().message.contains(QLatin1String("cannot be reached")),
                 qPrintable(refused.error().message));
    }

    QVERIFY(m_admin->exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(m_ownName)));
    QTRY_VERIFY_WITH_TIMEOUT(database.scalar(QStringLiteral("SELECT 1")).ok(), 10000);
}

void TestDatabaseConnection::cleanupTestCase()
{
    if (m_admin && !m_ownName.isEmpty())
        (void)m_admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_ownName));
}

QTEST_GUILESS_MAIN(TestDatabaseConnection)
#include "tst_databaseconnection.moc"
