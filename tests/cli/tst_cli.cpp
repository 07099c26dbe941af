// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The command line as scripts and outside checkers drive it: the real `prospecta`
// executable, a fresh HOME per test, a Spanish locale, no display, and the database
// checked afterwards with the storage classes.

#include "cli/OsAccount.h"
#include "domain/Enums.h"
#include "security/PasswordHasher.h"
#include "security/SecretBox.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <functional>

#ifndef Q_OS_WIN
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>
#endif

using namespace Prospecta;

namespace {

// The output of one run of the executable.
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

using Fields = QList<QPair<QString, QString>>;

// Splits "key=value" at the first '='.
QPair<QString, QString> splitPair(const QString &text)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq < 0)
        return {text, QString()};
    return {text.left(eq), text.mid(eq + 1)};
}

// The lines of a `show` output as key/value pairs, in printed order.
Fields showFields(const QString &output)
{
    Fields fields;
    const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines)
        fields << splitPair(line);
    return fields;
}

// One record of a `list` output: tab-separated key=value fields, in printed order.
Fields listRecord(const QString &line)
{
    Fields fields;
    const QStringList parts = line.split(QLatin1Char('\t'));
    for (const QString &part : parts)
        fields << splitPair(part);
    return fields;
}

QStringList keysOf(const Fields &fields)
{
    QStringList keys;
    for (const auto &field : fields)
        keys << field.first;
    return keys;
}

QString valueOf(const Fields &fields, const QString &key)
{
    for (const auto &field : fields) {
        if (field.first == key)
            return field.second;
    }
    return QStringLiteral("<missing>");
}

QStringList nonEmptyLines(const QString &output)
{
    return output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Creates the empty PostgreSQL database `name` on the server of `url`, dropping an older
// one, through `admin` (opened here on `url`'s database). Returns the new database's URL,
// or an empty string when a step failed.
QString createPostgresDatabase(const QString &url, const QString &name, Database &admin)
{
    auto location = DatabaseLocation::parse(url);
    if (!location || !admin.open(*location, QStringLiteral("tst_cli_admin_") + name).ok())
        return {};
    if (!admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name)).ok()
        || !admin.exec(QStringLiteral("CREATE DATABASE %1").arg(name)).ok())
        return {};
    QString target = url;
    target.replace(QRegularExpression(QStringLiteral("/[^/?]+(\\?|$)")), QStringLiteral("/%1\\1").arg(name));
    return target;
}

// A spreadsheet saved as "CSV UTF-8" on a Spanish desktop: BOM, semicolons, CRLF.
const QByteArray LeadsCsv = "\xEF\xBB\xBFNombre;Tel\xC3\xA9" "fono;Pa\xC3\xADs\r\n"
                            "Jos\xC3\xA9;991 234 567;PE\r\n"      // 2: created
                            "Ana;55 1234 5678;\r\n"                 // 3: created (phone.defaultRegion MX)
                            "Ana otra vez;+52 1 55 1234 5678;\r\n"  // 4: merged into line 3's lead
                            "Mal;12;\r\n"                           // 5: rejected, invalid phone
                            "Extra;55 8765 4321;MX;sobra\r\n";      // 6: rejected, four fields

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

const QString Mask = QStringLiteral("\u2022\u2022\u2022\u2022");
const QByteArray AnaPassword = QByteArrayLiteral("correct horse battery\n");
const QString DefaultGupshupBaseUrl = QStringLiteral("https://api.gupshup.io/wa/api/v1");

} // namespace

class CliTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void migrateUsageErrors_data();
    void migrateUsageErrors();
    void migrateCopiesIntoEmptyPostgres();
    void migrateInterruptedLeavesTargetEmpty_data();
    void migrateInterruptedLeavesTargetEmpty();

    // Usage
    void usageErrorListsChoices_data();
    void usageErrorListsChoices();
    void diagnosticsFollowTheDesktopLanguage_data();
    void diagnosticsFollowTheDesktopLanguage();
    void helpExitsZero_data();
    void helpExitsZero();
    void missingActionNamed_data();
    void missingActionNamed();
    void missingValueNamed_data();
    void missingValueNamed();
    void databaseOptionAnywhere_data();
    void databaseOptionAnywhere();

    // Campaigns
    void campaignCreatePrintsOnlyId();
    void campaignListTsvAndJson();
    void campaignKeywordTakenIsRejected_data();
    void campaignKeywordTakenIsRejected();
    void campaignTextsRejected_data();
    void campaignTextsRejected();

    // Integrations
    void integrationShowMasksSecrets();
    void integrationSecretMask_data();
    void integrationSecretMask();
    void integrationShowNeedsReentryWithoutKey();
    void webhookUrl_data();
    void webhookUrl();
    void headlessOptionsRejected_data();
    void headlessOptionsRejected();
    void headlessStopsOnSignal_data();
    void headlessStopsOnSignal();
    void fileThatIsNoDatabaseNamed();
    void readOnlyDatabaseExplained_data();
    void readOnlyDatabaseExplained();
    void fullDiskExplained();
    void fullDiskForReportExplained();
    void keyFolderProblemExplained();
    void logFolderProblemExplained();
    void postgresPermissionExplained_data();
    void postgresPermissionExplained();
    void desktopWithoutDisplayExplains();
    void emptyDatabaseRejected_data();
    void emptyDatabaseRejected();
    void newDatabaseServesEveryCommand_data();
    void newDatabaseServesEveryCommand();
    void newDatabaseFromEnvironment();
    void missingFolderNotCreated_data();
    void missingFolderNotCreated();
    void defaultDatabaseCreatedOnFirstUse();

    // Settings and leads
    void settingsShowSetAndJson();
    void leadListEmpty();
    void leadListNullReferences();

    // Import
    void importLeadsWithReport();
    void importReportListsBlankLines();
    void killedImportLeavesItsReport();
    void stoppedImportIsAudited_data();
    void stoppedImportIsAudited();
    void importLeadsUsageErrors_data();
    void importLeadsUsageErrors();
    void importLeadsUnreadableFile_data();
    void importLeadsUnreadableFile();

    // Users
    void userAddAndList();
    void userEmailUniqueWithoutCase();
    void userPasswordRejected_data();
    void userPasswordRejected();
    void lastAdminProtected_data();
    void lastAdminProtected();
    void resetPasswordUnknownEmail();
    void resetPasswordStoresNewHash();
    void interruptedPromptRestoresEcho();

    // Audit and schema
    void auditRowsPerAction();
    void schemaNewerIsRejected_data();
    void schemaNewerIsRejected();

private:
    // Runs the executable with `arguments`, then `--database` and the test's file unless
    // `arguments` already name a database. `input` is written to standard input, which
    // is then closed.
    Run run(const QStringList &arguments, const QByteArray &input = {});
    // Runs the executable with exactly `arguments` in `environment`. `childSetup` runs in
    // the child between fork and exec (POSIX only).
    Run runIn(const QProcessEnvironment &environment, const QStringList &arguments, const QByteArray &input = {},
              const std::function<void()> &childSetup = {});
    // Runs the executable as the user nobody when the test runs as root, who may write any
    // file, so that file permissions apply to the child. The test's HOME becomes writable
    // for everyone. Skips the test where that is not possible.
    Run runWithoutPrivileges(const QStringList &arguments, const QByteArray &input = {});
    // What an outside checker sets: a fresh HOME, a Spanish locale and no display at all.
    QProcessEnvironment checkerEnvironment() const;
    QString databasePath() const { return m_home->filePath(QStringLiteral("prospecta.db")); }
    std::unique_ptr<Database> openDatabase();
    QString findPrivateKey() const;
    qint64 addUser(const QString &email, const QString &role);
    void checkNothingStored();

    std::unique_ptr<QTemporaryDir> m_home;
    int m_connections = 0;
};

void CliTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(SecretBox::initialize());
    QVERIFY2(QFileInfo::exists(QStringLiteral(PROSPECTA_EXECUTABLE)), PROSPECTA_EXECUTABLE);
}

void CliTest::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void CliTest::cleanup()
{
    m_home.reset();
}

Run CliTest::run(const QStringList &arguments, const QByteArray &input)
{
    QStringList allArguments = arguments;
    const bool namesDatabase = std::any_of(arguments.cbegin(), arguments.cend(), [](const QString &argument) {
        return argument.startsWith(QLatin1String("--database"));
    });
    if (!namesDatabase)
        allArguments << QStringLiteral("--database") << databasePath();
    return runIn(checkerEnvironment(), allArguments, input);
}

Run CliTest::runIn(const QProcessEnvironment &environment, const QStringList &allArguments, const QByteArray &input,
                   const std::function<void()> &childSetup)
{
    QProcess process;
    process.setProcessEnvironment(environment);
#ifndef Q_OS_WIN
    if (childSetup)
        process.setChildProcessModifier(childSetup);
#else
    Q_UNUSED(childSetup);
#endif
    process.setWorkingDirectory(m_home->path());
    process.start(QStringLiteral(PROSPECTA_EXECUTABLE), allArguments);
    Run result;
    if (!process.waitForStarted(30000)) {
        result.err = QStringLiteral("tst_cli: the executable did not start: ") + process.errorString();
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = QStringLiteral("tst_cli: timed out after 30 s");
        return result;
    }
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return result;
}

// Exit status of a child that could not drop its privileges.
constexpr int NoUnprivilegedChild = 125;

Run CliTest::runWithoutPrivileges(const QStringList &arguments, const QByteArray &input)
{
    Run result;
#ifdef Q_OS_WIN
    Q_UNUSED(arguments);
    Q_UNUSED(input);
#else
    if (!QFile::setPermissions(m_home->path(), QFileDevice::Permissions(0x7777))) {
        result.err = QStringLiteral("tst_cli: cannot open the test's HOME to other users");
        return result;
    }
    result = runIn(checkerEnvironment(), arguments, input, [] {
        if (::geteuid() != 0)
            return;
        // 65534 is nobody and nogroup on Debian. Only async-signal-safe calls here.
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(NoUnprivilegedChild);
    });
#endif
    return result;
}

QProcessEnvironment CliTest::checkerEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "PROSPECTA_DATABASE",
                             "XDG_RUNTIME_DIR", "USERNAME"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), m_home->path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral(".config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral(".local/share")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->filePath(QStringLiteral(".cache")));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("es_MX.UTF-8"));
    environment.insert(QStringLiteral("USER"), QStringLiteral("tester"));
    environment.insert(QStringLiteral("DISPLAY"), QString());
    environment.insert(QStringLiteral("WAYLAND_DISPLAY"), QString());
    return environment;
}

std::unique_ptr<Database> CliTest::openDatabase()
{
    auto location = DatabaseLocation::parse(databasePath());
    if (!location)
        return nullptr;
    auto database = std::make_unique<Database>();
    if (!database->open(*location, QStringLiteral("tst_cli_%1").arg(++m_connections)))
        return nullptr;
    return database;
}

// The child is not in QStandardPaths test mode, so its key file is under the fake
// XDG_CONFIG_HOME. Searching for it keeps the test independent of the folder names.
QString CliTest::findPrivateKey() const
{
    QDirIterator it(m_home->filePath(QStringLiteral(".config")), {QStringLiteral("installation.key")}, QDir::Files,
                    QDirIterator::Subdirectories);
    return it.hasNext() ? it.next() : QString();
}

// Adds a user through the command line and returns its id, 0 on failure.
qint64 CliTest::addUser(const QString &email, const QString &role)
{
    const Run added = run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"), email,
                           QStringLiteral("--name"), email.section(QLatin1Char('@'), 0, 0), QStringLiteral("--role"),
                           role},
                          AnaPassword);
    if (added.exitCode != 0) {
        qWarning("user add %s failed: %s", qPrintable(email), qPrintable(added.err));
        return 0;
    }
    return added.out.trimmed().toLongLong();
}

// After a rejected command: no audit row, user, campaign or integration exists.
void CliTest::checkNothingStored()
{
    if (!QFileInfo::exists(databasePath()))
        return; // the command stopped before opening the database
    auto database = openDatabase();
    QVERIFY(database);
    auto audit = AuditRepository(*database).query({});
    QVERIFY(audit);
    QCOMPARE(audit->size(), 0);
    auto users = UserRepository(*database).count();
    QVERIFY(users);
    QCOMPARE(*users, 0);
    auto campaigns = CampaignRepository(*database).list();
    QVERIFY(campaigns);
    QCOMPARE(campaigns->size(), 0);
    auto gupshup = IntegrationRepository(*database).load(Provider::Gupshup);
    QVERIFY(gupshup);
    QVERIFY(!gupshup->exists);
}

// ---------------------------------------------------------------------------------------
// Usage

void CliTest::usageErrorListsChoices_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expectedInStderr");

    const QStringList roles = {QStringLiteral("admin"), QStringLiteral("manager"), QStringLiteral("agent")};

    QTest::newRow("unknown subcommand")
        << QStringList{QStringLiteral("frobnicate")} << QByteArray()
        << QStringList{QStringLiteral("frobnicate"), QStringLiteral("integration"), QStringLiteral("campaign"),
                       QStringLiteral("lead"), QStringLiteral("settings"), QStringLiteral("user")};
    QTest::newRow("unknown provider")
        << QStringList{QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("whatsapp")}
        << QByteArray()
        << QStringList{QStringLiteral("whatsapp"), QStringLiteral("gupshup"), QStringLiteral("openai"),
                       QStringLiteral("twilio"), QStringLiteral("meta")};
    QTest::newRow("unknown provider on set")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("whatsapp"),
                       QStringLiteral("apiKey=0123456789abcdef")}
        << QByteArray() << QStringList{QStringLiteral("gupshup"), QStringLiteral("openai")};
    QTest::newRow("unknown integration key")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("apiKey=0123456789abcdef"), QStringLiteral("colour=red")}
        << QByteArray()
        << QStringList{QStringLiteral("colour"), QStringLiteral("apiKey"), QStringLiteral("appName"),
                       QStringLiteral("source"), QStringLiteral("baseUrl"), QStringLiteral("webhookToken")};
    // The second value silently replaced the first.
    QTest::newRow("integration key given twice")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("appName=a"), QStringLiteral("appName=b")}
        << QByteArray() << QStringList{QStringLiteral("appName")};
    QTest::newRow("integration secret with a trailing space")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("apiKey=0123456789abcdef ")}
        << QByteArray() << QStringList{QStringLiteral("apiKey")};
    QTest::newRow("integration value with a leading space")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("appName= Demo")}
        << QByteArray() << QStringList{QStringLiteral("appName")};
    QTest::newRow("integration value too long")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                       QStringLiteral("model=") + QString(3000, QLatin1Char('x'))}
        << QByteArray() << QStringList{QStringLiteral("model"), QStringLiteral("3000")};
    // Digits, but no phone number: Gupshup's messages could never match it.
    QTest::newRow("gupshup source that is no phone number")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("source=12")}
        << QByteArray() << QStringList{QStringLiteral("source"), QStringLiteral("12")};
    QTest::newRow("integration argument without =")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("apiKey")}
        << QByteArray() << QStringList{QStringLiteral("appName"), QStringLiteral("webhookToken")};
    QTest::newRow("unknown settings key")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.burstWindow"),
                       QStringLiteral("500")}
        << QByteArray()
        << QStringList{QStringLiteral("ai.burstWindow"), QStringLiteral("ai.burstWindowMs"),
                       QStringLiteral("server.publicUrl"), QStringLiteral("phone.defaultRegion")};
    QTest::newRow("int setting given a word")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.burstWindowMs"),
                       QStringLiteral("soon")}
        << QByteArray() << QStringList{QStringLiteral("soon"), QStringLiteral("ai.burstWindowMs")};
    QTest::newRow("bool setting given maybe")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.enabled"),
                       QStringLiteral("maybe")}
        << QByteArray() << QStringList{QStringLiteral("maybe"), QStringLiteral("true"), QStringLiteral("false")};
    // Port 0 was accepted, and the server then listened on a random port.
    QTest::newRow("listen setting with port 0")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("server.listen"),
                       QStringLiteral("localhost:0")}
        << QByteArray() << QStringList{QStringLiteral("localhost:0"), QStringLiteral("65535")};
    QTest::newRow("choice setting given another language")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ui.language"),
                       QStringLiteral("fr")}
        << QByteArray() << QStringList{QStringLiteral("system"), QStringLiteral("es"), QStringLiteral("en")};
    QTest::newRow("unknown role on add")
        << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                       QStringLiteral("ana@example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                       QStringLiteral("--role"), QStringLiteral("owner")}
        << AnaPassword << (QStringList{QStringLiteral("owner")} + roles);
    QTest::newRow("unknown role on set-role")
        << QStringList{QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("ana@example.com"),
                       QStringLiteral("owner")}
        << QByteArray() << (QStringList{QStringLiteral("owner")} + roles);
    QTest::newRow("invalid email")
        << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                       QStringLiteral("ana.example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                       QStringLiteral("--role"), QStringLiteral("admin")}
        << AnaPassword << QStringList{QStringLiteral("ana.example.com")};
    QTest::newRow("unknown user action")
        << QStringList{QStringLiteral("user"), QStringLiteral("delete"), QStringLiteral("ana@example.com")}
        << QByteArray()
        << QStringList{QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("set-role"),
                       QStringLiteral("deactivate"), QStringLiteral("reset-password")};
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("list"), QStringLiteral("--colour")} << QByteArray()
        << QStringList{QStringLiteral("--colour"), QStringLiteral("--json")};
    // Options of other commands were accepted and ignored.
    QTest::newRow("json for a command that prints a URL")
        << QStringList{QStringLiteral("integration"), QStringLiteral("webhook-url"), QStringLiteral("gupshup"),
                       QStringLiteral("--json")}
        << QByteArray() << QStringList{QStringLiteral("--json"), QStringLiteral("--listen")};
    QTest::newRow("another command's option")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--email"), QStringLiteral("ana@example.com")}
        << QByteArray() << QStringList{QStringLiteral("--email"), QStringLiteral("--keyword")};
    // Each of these was stored, and failed only at the provider's first call.
    QTest::newRow("twilio account SID of another form")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("twilio"),
                       QStringLiteral("accountSid=xyz")}
        << QByteArray() << QStringList{QStringLiteral("xyz"), QStringLiteral("AC")};
    QTest::newRow("twilio number without country code")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("twilio"),
                       QStringLiteral("phoneNumber=5512345678")}
        << QByteArray() << QStringList{QStringLiteral("5512345678"), QStringLiteral("E.164")};
    QTest::newRow("meta phone number id with letters")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("meta"),
                       QStringLiteral("phoneNumberId=ventas")}
        << QByteArray() << QStringList{QStringLiteral("ventas"), QStringLiteral("104857600123456")};
    // The second value silently replaced the first.
    QTest::newRow("instructions for one type twice")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--instructions"), QStringLiteral("sales=uno"),
                       QStringLiteral("--instructions"), QStringLiteral("sales=dos")}
        << QByteArray() << QStringList{QStringLiteral("sales")};
    QTest::newRow("unknown initial agent")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--initial-agent"), QStringLiteral("closer")}
        << QByteArray()
        << QStringList{QStringLiteral("closer"), QStringLiteral("welcome"), QStringLiteral("qualification"),
                       QStringLiteral("sales"), QStringLiteral("support"), QStringLiteral("followup")};
}

void CliTest::usageErrorListsChoices()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expectedInStderr);

    const Run result = run(arguments, input);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    for (const QString &expected : expectedInStderr)
        QVERIFY2(result.err.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + result.err));
    checkNothingStored();
}

void CliTest::diagnosticsFollowTheDesktopLanguage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("spanish");

    QTest::newRow("unknown command") << QStringList{QStringLiteral("sell")}
                                     << QStringLiteral("Comando desconocido «sell»");
    QTest::newRow("option twice") << QStringList{QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--role"),
                                                 QStringLiteral("admin"), QStringLiteral("--role"), QStringLiteral("agent")}
                                  << QStringLiteral("aparece dos veces");
    QTest::newRow("password in the URL")
        << QStringList{QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--database"),
                       QStringLiteral("postgresql://ventas:secreto@127.0.0.1:1/crm")}
        << QStringLiteral("La URL de PostgreSQL contiene una contraseña");
    // These were English on a Spanish desktop.
    QTest::newRow("campaign without a name")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create")}
        << QStringLiteral("campaign create necesita --name NOMBRE");
    QTest::newRow("instructions without a type")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--instructions"), QStringLiteral("sales")}
        << QStringLiteral("--instructions recibe TIPO=TEXTO");
    QTest::newRow("keyword twice")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--keyword"), QStringLiteral("promo"),
                       QStringLiteral("--keyword"), QStringLiteral("PROMO")}
        << QStringLiteral("La palabra clave «PROMO» aparece dos veces");
    QTest::newRow("integration value without a key")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("apiKey")}
        << QStringLiteral("«apiKey» no es CLAVE=VALOR");
    QTest::newRow("base URL over plain http")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                       QStringLiteral("baseUrl=http://models.example.com/v1")}
        << QStringLiteral("usa una URL https");
    QTest::newRow("settings set without a value")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.enabled")}
        << QStringLiteral("settings set recibe CLAVE VALOR");
    QTest::newRow("user add without a role")
        << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                       QStringLiteral("ana@example.com"), QStringLiteral("--name"), QStringLiteral("Ana")}
        << QStringLiteral("la contraseña se lee de la entrada estándar");
    QTest::newRow("import without a file")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads")}
        << QStringLiteral("import leads necesita el ARCHIVO");
    // A tab or line break in a name broke the campaign list's lines; so did a key pasted
    // with its line break.
    QTest::newRow("campaign name with a tab")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Mala\tcampaña")}
        << QStringLiteral("tabulación");
    QTest::newRow("campaign name too long")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QString(201, QLatin1Char('a'))}
        << QStringLiteral("200");
    QTest::newRow("integration value with a line break")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                       QStringLiteral("appName=ventas\nbot")}
        << QStringLiteral("salto de línea");
    QTest::newRow("base URL without a host")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                       QStringLiteral("baseUrl=https://")}
        << QStringLiteral("no indica ningún servidor");
    QTest::newRow("base URL with a port out of range")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                       QStringLiteral("baseUrl=http://127.0.0.1:99999/v1")}
        << QStringLiteral("65535");
    // The desktop's options are checked before any application object exists.
    QTest::newRow("unknown option of the desktop")
        << QStringList{QStringLiteral("--colour")} << QStringLiteral("Opción desconocida --colour");
}

// Under LANG=es_MX.UTF-8 messages for people are in Spanish; what a program reads (exit
// status, standard output) is the same in every language.
void CliTest::diagnosticsFollowTheDesktopLanguage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, spanish);

    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(spanish), qPrintable(result.err));
    QVERIFY(!result.err.contains(QLatin1String("secreto")));
    checkNothingStored();
}

void CliTest::helpExitsZero_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")};
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")};
    QTest::newRow("after a subcommand") << QStringList{QStringLiteral("user"), QStringLiteral("--help")};
}

void CliTest::helpExitsZero()
{
    QFETCH(QStringList, arguments);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QString());
    for (const char *command : {"integration set", "integration webhook-url", "campaign create", "settings set",
                                "user add", "user reset-password", "lead list"})
        QVERIFY2(result.out.contains(QLatin1String(command)), command);
    // The explanations follow the desktop's language; the commands stay as typed.
    QVERIFY2(result.out.contains(QStringLiteral("Uso:")), qPrintable(result.out));
}

void CliTest::missingActionNamed_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("actions");

    QTest::newRow("integration") << QStringLiteral("integration")
                                 << QStringList{QStringLiteral("set"), QStringLiteral("show"),
                                                QStringLiteral("webhook-url")};
    QTest::newRow("campaign") << QStringLiteral("campaign")
                              << QStringList{QStringLiteral("create"), QStringLiteral("list")};
    QTest::newRow("lead") << QStringLiteral("lead") << QStringList{QStringLiteral("list")};
    QTest::newRow("settings") << QStringLiteral("settings")
                              << QStringList{QStringLiteral("show"), QStringLiteral("set")};
    QTest::newRow("user") << QStringLiteral("user")
                          << QStringList{QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("set-role"),
                                         QStringLiteral("deactivate"), QStringLiteral("reactivate"),
                                         QStringLiteral("reset-password")};
    QTest::newRow("import") << QStringLiteral("import") << QStringList{QStringLiteral("leads")};
}

// A command without its action printed "Acción … desconocida «»", as if an empty action had
// been typed. It is a usage error that names the missing action and lists the valid ones,
// and no database is opened or created for it.
void CliTest::missingActionNamed()
{
    QFETCH(QString, command);
    QFETCH(QStringList, actions);

    for (const QStringList &arguments : {QStringList{command}, QStringList{command, QString()}}) {
        const Run result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QString());
        QVERIFY2(result.err.contains(QStringLiteral("Falta la acción después de %1").arg(command)),
                 qPrintable(result.err));
        QVERIFY2(!result.err.contains(QStringLiteral("«»")), qPrintable(result.err));
        for (const QString &action : actions)
            QVERIFY2(result.err.contains(action), qPrintable(action + QStringLiteral(" not in: ") + result.err));
        QVERIFY2(!QFileInfo::exists(databasePath()), "a database was created for a usage error");
    }

    const Run unknown = run({command, QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(QStringLiteral("Acción desconocida «frobnicate» para %1").arg(command)),
             qPrintable(unknown.err));
    QVERIFY2(!QFileInfo::exists(databasePath()), "a database was created for a usage error");
}

void CliTest::missingValueNamed_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expectedInStderr");

    const QStringList providers = {QStringLiteral("gupshup"), QStringLiteral("openai"), QStringLiteral("twilio"),
                                   QStringLiteral("meta")};
    const QStringList roles = {QStringLiteral("admin"), QStringLiteral("manager"), QStringLiteral("agent")};
    QTest::newRow("integration show without a provider")
        << QStringList{QStringLiteral("integration"), QStringLiteral("show")}
        << (QStringList{QStringLiteral("Falta el proveedor después de integration show")} + providers);
    QTest::newRow("integration set without a provider")
        << QStringList{QStringLiteral("integration"), QStringLiteral("set")}
        << (QStringList{QStringLiteral("Falta el proveedor después de integration set")} + providers);
    QTest::newRow("empty role")
        << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                       QStringLiteral("ana@example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                       QStringLiteral("--role"), QString()}
        << (QStringList{QStringLiteral("La opción --role necesita un valor")} + roles);
    QTest::newRow("empty role on set-role")
        << QStringList{QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("ana@example.com"), QString()}
        << (QStringList{QStringLiteral("user set-role necesita")} + roles);
    QTest::newRow("empty initial agent")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--initial-agent=")}
        << QStringList{QStringLiteral("La opción --initial-agent necesita un valor"), QStringLiteral("welcome"),
                       QStringLiteral("followup")};
    QTest::newRow("empty language")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--language"), QString()}
        << QStringList{QStringLiteral("La opción --language necesita un valor"), QStringLiteral("es, en")};
    QTest::newRow("empty region")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), QStringLiteral("x.csv"),
                       QStringLiteral("--region=")}
        << QStringList{QStringLiteral("La opción --region necesita un valor")};
    QTest::newRow("empty phone")
        << QStringList{QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--phone"), QString()}
        << QStringList{QStringLiteral("La opción --phone necesita un valor")};
    QTest::newRow("empty settings key")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QString(), QStringLiteral("500")}
        << QStringList{QStringLiteral("settings set recibe CLAVE VALOR"), QStringLiteral("ai.burstWindowMs")};
}

// An operand or option value left empty is reported as missing, with the valid choices,
// never as an unknown value «».
void CliTest::missingValueNamed()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expectedInStderr);

    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    QVERIFY2(!result.err.contains(QStringLiteral("«»")), qPrintable(result.err));
    for (const QString &expected : expectedInStderr)
        QVERIFY2(result.err.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + result.err));
    checkNothingStored();
}

void CliTest::databaseOptionAnywhere_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");

    // `run` adds its own `--database` only when the arguments name none.
    const QString placeholder = QStringLiteral("<db>");
    QTest::newRow("before the subcommand")
        << QStringList{QStringLiteral("--database"), placeholder, QStringLiteral("campaign"), QStringLiteral("create")}
        << QStringList();
    QTest::newRow("between subcommand and action")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("--database"), placeholder, QStringLiteral("create")}
        << QStringList();
    QTest::newRow("after everything")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create")}
        << QStringList{QStringLiteral("--database"), placeholder};
    QTest::newRow("inline value")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create")}
        << QStringList{QStringLiteral("--database=") + placeholder};
}

void CliTest::databaseOptionAnywhere()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);

    const auto substitute = [this](QStringList list) {
        for (QString &argument : list)
            argument.replace(QLatin1String("<db>"), databasePath());
        return list;
    };
    const QStringList arguments = substitute(before) + QStringList{QStringLiteral("--name"), QStringLiteral("Otoño")}
        + substitute(after);
    const Run created = run(arguments);
    QCOMPARE(created.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^[1-9][0-9]*\\n$")).match(created.out).hasMatch(),
             qPrintable(created.out + created.err));

    // The campaign went into the named file, not into a default database.
    auto database = openDatabase();
    QVERIFY(database);
    auto campaigns = CampaignRepository(*database).list();
    QVERIFY(campaigns);
    QCOMPARE(campaigns->size(), 1);
    QCOMPARE(campaigns->first().name, QStringLiteral("Otoño"));
    QCOMPARE(QString::number(campaigns->first().id) + QLatin1Char('\n'), created.out);
    QDirIterator others(m_home->path(), {QStringLiteral("*.db")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList databases;
    while (others.hasNext())
        databases << others.next();
    QCOMPARE(databases, QStringList{databasePath()});
}

// ---------------------------------------------------------------------------------------
// Campaigns

void CliTest::campaignCreatePrintsOnlyId()
{
    const Run first = run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                           QStringLiteral("Verano")});
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^[1-9][0-9]*\\n$")).match(first.out).hasMatch(), qPrintable(first.out));

    const Run second = run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                            QStringLiteral("Invierno"), QStringLiteral("--language"), QStringLiteral("en")});
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^[1-9][0-9]*\\n$")).match(second.out).hasMatch(),
             qPrintable(second.out));
    QVERIFY(first.out != second.out);
}

void CliTest::campaignListTsvAndJson()
{
    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Verano")})
                 .exitCode,
             0);
    const Run created = run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Invierno frío"), QStringLiteral("--welcome"),
                             QStringLiteral("Hola\tbienvenido"), QStringLiteral("--language"), QStringLiteral("en"),
                             QStringLiteral("--initial-agent"), QStringLiteral("sales"), QStringLiteral("--keyword"),
                             QStringLiteral("nieve"), QStringLiteral("--keyword"), QStringLiteral("esquí"),
                             QStringLiteral("--instructions"), QStringLiteral("sales=Ofrezca el paquete"),
                             QStringLiteral("--default")});
    QCOMPARE(created.exitCode, 0);
    const QString winterId = created.out.trimmed();

    const Run listed = run({QStringLiteral("campaign"), QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = nonEmptyLines(listed.out);
    QCOMPARE(lines.size(), 2);
    Fields winter;
    for (const QString &line : lines) {
        const Fields record = listRecord(line);
        const QStringList keys = keysOf(record);
        for (const char *key : {"id", "name", "type", "status", "language", "initialAgent", "welcome", "keywords",
                                "default"})
            QVERIFY2(keys.contains(QLatin1String(key)), qPrintable(line));
        if (valueOf(record, QStringLiteral("id")) == winterId)
            winter = record;
    }
    QVERIFY2(!winter.isEmpty(), qPrintable(listed.out));
    // A tab inside a value is escaped so it cannot split the record.
    QCOMPARE(valueOf(winter, QStringLiteral("welcome")), QStringLiteral("Hola\\tbienvenido"));
    QCOMPARE(valueOf(winter, QStringLiteral("name")), QStringLiteral("Invierno frío"));
    QCOMPARE(valueOf(winter, QStringLiteral("language")), QStringLiteral("en"));
    QCOMPARE(valueOf(winter, QStringLiteral("initialAgent")), QStringLiteral("sales"));
    QCOMPARE(valueOf(winter, QStringLiteral("default")), QStringLiteral("true"));
    QStringList keywords = valueOf(winter, QStringLiteral("keywords")).split(QLatin1Char(','));
    keywords.sort();
    QCOMPARE(keywords, (QStringList{QStringLiteral("esquí"), QStringLiteral("nieve")}));

    const Run json = run({QStringLiteral("campaign"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.out.toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(json.out));
    QVERIFY(document.isArray());
    QCOMPARE(document.array().size(), 2);
    QJsonObject winterJson;
    for (const QJsonValue &value : document.array()) {
        if (QString::number(value.toObject().value(QLatin1String("id")).toInteger()) == winterId)
            winterJson = value.toObject();
    }
    QCOMPARE(winterJson.value(QLatin1String("welcome")).toString(), QStringLiteral("Hola\tbienvenido"));
    QCOMPARE(winterJson.value(QLatin1String("default")).toBool(), true);
    QVERIFY(winterJson.value(QLatin1String("keywords")).isArray());
    QCOMPARE(winterJson.value(QLatin1String("keywords")).toArray().size(), 2);
}

void CliTest::campaignKeywordTakenIsRejected_data()
{
    QTest::addColumn<QString>("taken");
    QTest::addColumn<QString>("requested");
    QTest::newRow("same word") << QStringLiteral("verano") << QStringLiteral("verano");
    QTest::newRow("other case") << QStringLiteral("Verano") << QStringLiteral("VERANO");
    QTest::newRow("without accent") << QStringLiteral("promoción") << QStringLiteral("Promocion");
}

void CliTest::campaignKeywordTakenIsRejected()
{
    QFETCH(QString, taken);
    QFETCH(QString, requested);

    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Primera"), QStringLiteral("--keyword"), taken})
                 .exitCode,
             0);
    const Run refused = run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Segunda"), QStringLiteral("--keyword"), QStringLiteral("otra"),
                             QStringLiteral("--keyword"), requested});
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.out, QString());
    QVERIFY2(refused.err.contains(requested), qPrintable(refused.err));

    auto database = openDatabase();
    QVERIFY(database);
    auto campaigns = CampaignRepository(*database).list();
    QVERIFY(campaigns);
    QCOMPARE(campaigns->size(), 1);
    QCOMPARE(campaigns->first().name, QStringLiteral("Primera"));
    QCOMPARE(campaigns->first().keywords, QStringList{taken});
    auto audit = AuditRepository(*database).query({});
    QVERIFY(audit);
    QCOMPARE(audit->size(), 1);
}

void CliTest::campaignTextsRejected_data()
{
    QTest::addColumn<QStringList>("options"); // after --name Verano
    QTest::addColumn<QString>("expectedInStderr");

    // `campaign list` printed the escape sequence raw, so it drove the terminal.
    QTest::newRow("escape in the welcome message")
        << QStringList{QStringLiteral("--welcome"), QStringLiteral("Hola\x1b[2J")} << QStringLiteral("U+001B");
    QTest::newRow("carriage return in the welcome message")
        << QStringList{QStringLiteral("--welcome"), QStringLiteral("Hola\rAdiós")} << QStringLiteral("U+000D");
    QTest::newRow("escape in instructions")
        << QStringList{QStringLiteral("--instructions"), QStringLiteral("sales=Vende\x1b]0;x\x07")}
        << QStringLiteral("U+001B");
    QTest::newRow("empty instructions")
        << QStringList{QStringLiteral("--instructions"), QStringLiteral("sales=")} << QStringLiteral("sales");
    QTest::newRow("blank instructions")
        << QStringList{QStringLiteral("--instructions"), QStringLiteral("welcome=   ")} << QStringLiteral("welcome");
}

void CliTest::campaignTextsRejected()
{
    QFETCH(QStringList, options);
    QFETCH(QString, expectedInStderr);

    const Run result = run(QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                                       QStringLiteral("Verano")}
                           + options);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(expectedInStderr), qPrintable(result.err));
    checkNothingStored();

    // Line breaks and tabs stay allowed.
    const Run allowed = run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Verano"), QStringLiteral("--welcome"), QStringLiteral("Hola\n\tBienvenido"),
                             QStringLiteral("--instructions"), QStringLiteral("sales=Uno\nDos")});
    QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.err));
}

// ---------------------------------------------------------------------------------------
// Integrations

void CliTest::integrationShowMasksSecrets()
{
    const QString apiKey = QStringLiteral("sk-live-ABCDEFGH1234");
    const Run set = run({QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                         QStringLiteral("apiKey=") + apiKey, QStringLiteral("appName=ProspectaDemo"),
                         QStringLiteral("source=5215512345678")});
    QCOMPARE(set.exitCode, 0);
    QCOMPARE(set.out, QString());

    const Run shown = run({QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("gupshup")});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(!shown.out.contains(apiKey), qPrintable(shown.out));
    const Fields fields = showFields(shown.out);
    const QStringList keys = keysOf(fields);
    QCOMPARE(keys, (QStringList{QStringLiteral("apiKey"), QStringLiteral("appName"), QStringLiteral("baseUrl"),
                                QStringLiteral("source"), QStringLiteral("webhookToken")}));
    QCOMPARE(valueOf(fields, QStringLiteral("apiKey")), Mask + QStringLiteral("1234"));
    QCOMPARE(valueOf(fields, QStringLiteral("appName")), QStringLiteral("ProspectaDemo"));
    QCOMPARE(valueOf(fields, QStringLiteral("source")), QStringLiteral("5215512345678"));
    QCOMPARE(valueOf(fields, QStringLiteral("baseUrl")), DefaultGupshupBaseUrl);

    // The generated token is long and random, so it shows the mask and its last 4 characters.
    const QString maskedToken = valueOf(fields, QStringLiteral("webhookToken"));
    QVERIFY2(QRegularExpression(QStringLiteral("^\u2022{4}\\S{4}$")).match(maskedToken).hasMatch(),
             qPrintable(maskedToken));

    auto database = openDatabase();
    QVERIFY(database);
    auto keysPair = InstallationKeys::load(*database, findPrivateKey());
    QVERIFY2(keysPair, qPrintable(findPrivateKey()));
    auto record = IntegrationRepository(*database).load(Provider::Gupshup);
    QVERIFY(record);
    const IntegrationValues opened = IntegrationRepository::open(*record, *keysPair);
    const QString token = opened.value(QStringLiteral("webhookToken"));
    QVERIFY2(token.size() >= 12, qPrintable(token));
    QCOMPARE(maskedToken, Mask + token.right(4));
    QCOMPARE(opened.value(QStringLiteral("apiKey")), apiKey);
    // Sealed: the secret is not in the database in clear.
    QVERIFY(!record->config.contains(QStringLiteral("apiKey")));

    const Run json = run({QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("gupshup"),
                          QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.out.toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(json.out));
    QVERIFY(document.isObject());
    const QJsonObject object = document.object();
    QCOMPARE(object.keys(), keys);
    QCOMPARE(object.value(QLatin1String("apiKey")).toString(), Mask + QStringLiteral("1234"));
    QCOMPARE(object.value(QLatin1String("webhookToken")).toString(), maskedToken);
    QCOMPARE(object.value(QLatin1String("appName")).toString(), QStringLiteral("ProspectaDemo"));
}

void CliTest::integrationSecretMask_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("shown");
    QTest::newRow("long") << QStringLiteral("sk-0123456789abcdef") << Mask + QStringLiteral("cdef");
    QTest::newRow("exactly 12") << QStringLiteral("123456789012") << Mask + QStringLiteral("9012");
    QTest::newRow("11 characters") << QStringLiteral("12345678901") << Mask;
    QTest::newRow("very short") << QStringLiteral("abc") << Mask;
}

void CliTest::integrationSecretMask()
{
    QFETCH(QString, secret);
    QFETCH(QString, shown);

    QCOMPARE(run({QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                  QStringLiteral("apiKey=") + secret})
                 .exitCode,
             0);
    const Run result = run({QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("openai")});
    QCOMPARE(result.exitCode, 0);
    const Fields fields = showFields(result.out);
    QCOMPARE(keysOf(fields),
             (QStringList{QStringLiteral("apiKey"), QStringLiteral("baseUrl"), QStringLiteral("model")}));
    QCOMPARE(valueOf(fields, QStringLiteral("apiKey")), shown);
    QCOMPARE(valueOf(fields, QStringLiteral("model")), QStringLiteral("gpt-4o"));
}

void CliTest::integrationShowNeedsReentryWithoutKey()
{
    QCOMPARE(run({QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                  QStringLiteral("apiKey=sk-live-ABCDEFGH1234"), QStringLiteral("appName=ProspectaDemo")})
                 .exitCode,
             0);
    const QString keyPath = findPrivateKey();
    QVERIFY(!keyPath.isEmpty());
    QVERIFY(QFile::remove(keyPath));

    const Run shown = run({QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("gupshup")});
    QCOMPARE(shown.exitCode, 0);
    const Fields fields = showFields(shown.out);
    QCOMPARE(valueOf(fields, QStringLiteral("apiKey")), QStringLiteral("needs-reentry"));
    QCOMPARE(valueOf(fields, QStringLiteral("webhookToken")), QStringLiteral("needs-reentry"));
    QCOMPARE(valueOf(fields, QStringLiteral("appName")), QStringLiteral("ProspectaDemo"));
}

void CliTest::headlessOptionsRejected_data()
{
    QTest::addColumn<QStringList>("options"); // after --headless --database DB
    QTest::addColumn<QString>("expectedInStderr");
    // A port out of range exited 1 after the service had opened the database.
    QTest::newRow("port out of range") << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:99999")}
                                       << QStringLiteral("127.0.0.1:99999");
    QTest::newRow("port 0") << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}
                            << QStringLiteral("65535");
    QTest::newRow("no port") << QStringList{QStringLiteral("--listen=127.0.0.1")} << QStringLiteral("127.0.0.1");
    // Without its value, --listen was called an unknown option.
    QTest::newRow("listen without a value") << QStringList{QStringLiteral("--listen")} << QStringLiteral("HOST:PORT");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--port"), QStringLiteral("3001")}
                                    << QStringLiteral("--port");
}

// Options of --headless that cannot work are usage errors (exit 2) before anything starts.
void CliTest::headlessOptionsRejected()
{
    QFETCH(QStringList, options);
    QFETCH(QString, expectedInStderr);

    const Run result = run(QStringList{QStringLiteral("--headless"), QStringLiteral("--database"), databasePath()}
                           + options);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(expectedInStderr), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("service stopped")), qPrintable(result.err));
}

// The signals that stop an import, a migration or --headless, as rows of a
// "signalNumber" column.
static void addStoppingSignals()
{
    QTest::addColumn<int>("signalNumber");
#ifndef Q_OS_WIN
    QTest::newRow("Ctrl+C") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGHUP, the terminal closed") << int(SIGHUP);
#endif
}

void CliTest::headlessStopsOnSignal_data()
{
    addStoppingSignals();
}

// SIGHUP ended --headless at once, without the orderly stop that Ctrl+C and SIGTERM get.
void CliTest::headlessStopsOnSignal()
{
#ifdef Q_OS_WIN
    QSKIP("sends POSIX signals");
#else
    QFETCH(int, signalNumber);

    // A port that was free a moment ago.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString listen = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
    probe.close();

    QProcess process;
    process.setProcessEnvironment(checkerEnvironment());
    process.setWorkingDirectory(m_home->path());
    process.start(QStringLiteral(PROSPECTA_EXECUTABLE), {QStringLiteral("--headless"), QStringLiteral("--listen"),
                                                          listen, QStringLiteral("--database"), databasePath()});
    QVERIFY(process.waitForStarted(30000));
    QString err;
    QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(process.readAllStandardError()))
                                 .contains(QLatin1String("webhook server on")),
                             30000);
    QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
    QVERIFY(process.waitForFinished(30000));
    err += QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(err.contains(QLatin1String("service stopped")), qPrintable(err));
#endif
}

// Without a display Qt aborts the desktop app with a fatal message, which went only to
// the log file, so the app ended with an empty standard error.
void CliTest::desktopWithoutDisplayExplains()
{
    const Run result = run({});
    QVERIFY2(result.exitCode != 0, qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("platform plugin")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("display")), qPrintable(result.err));
}

void CliTest::emptyDatabaseRejected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("command, separate value")
        << QStringList{QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--database"), QString()};
    QTest::newRow("command, inline value")
        << QStringList{QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--database=")};
    QTest::newRow("command, spaces") << QStringList{QStringLiteral("lead"), QStringLiteral("list"),
                                                    QStringLiteral("--database"), QStringLiteral("  ")};
    QTest::newRow("headless") << QStringList{QStringLiteral("--headless"), QStringLiteral("--database"), QString()};
    QTest::newRow("desktop") << QStringList{QStringLiteral("--database=")};
}

// An empty --database opened the default database in the user's data folder, so a
// script with an unset variable worked on the wrong data without a word.
void CliTest::emptyDatabaseRejected()
{
    QFETCH(QStringList, arguments);

    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QLatin1String("--database")), qPrintable(result.err));
    const QString defaultDatabase = m_home->filePath(QStringLiteral(".local/share/Prospecta/prospecta.db"));
    QVERIFY2(!QFileInfo::exists(defaultDatabase), qPrintable(defaultDatabase));
}

void CliTest::newDatabaseServesEveryCommand_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("lead list") << QStringList{QStringLiteral("lead"), QStringLiteral("list")};
    QTest::newRow("lead list --json") << QStringList{QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--json")};
    QTest::newRow("campaign list") << QStringList{QStringLiteral("campaign"), QStringLiteral("list")};
    QTest::newRow("user list") << QStringList{QStringLiteral("user"), QStringLiteral("list")};
    QTest::newRow("settings show") << QStringList{QStringLiteral("settings"), QStringLiteral("show")};
    QTest::newRow("integration show")
        << QStringList{QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("gupshup")};
}

// A path named with --database that does not exist yet, in a folder that does, is a new
// database for every command. A script's first command on a fresh path may only read, so
// it gets an empty database (exit status 0) that stays for the next commands.
void CliTest::newDatabaseServesEveryCommand()
{
    QFETCH(QStringList, arguments);

    const QString fresh = m_home->filePath(QStringLiteral("prospecta-new.db"));
    const Run result = run(arguments + QStringList{QStringLiteral("--database"), fresh});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(QFileInfo::exists(fresh));
}

// The same for a path from PROSPECTA_DATABASE: the first command creates the file, and
// what a later command adds is there for the next one.
void CliTest::newDatabaseFromEnvironment()
{
    const QString fresh = m_home->filePath(QStringLiteral("prospecta-new.db"));
    QProcessEnvironment environment = checkerEnvironment();
    environment.insert(QStringLiteral("PROSPECTA_DATABASE"), fresh);

    const Run listedEmpty = runIn(environment, {QStringLiteral("campaign"), QStringLiteral("list")});
    QVERIFY2(listedEmpty.exitCode == 0, qPrintable(listedEmpty.err));
    QCOMPARE(listedEmpty.out, QString());
    QVERIFY(QFileInfo::exists(fresh));

    const Run created = runIn(environment, {QStringLiteral("campaign"), QStringLiteral("create"),
                                            QStringLiteral("--name"), QStringLiteral("Verano")});
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    const Run listed = runIn(environment, {QStringLiteral("campaign"), QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(QLatin1String("name=Verano")), qPrintable(listed.out));
}

void CliTest::missingFolderNotCreated_data()
{
    QTest::addColumn<QStringList>("arguments"); // DB stands for the path in a missing folder

    const QString db = QStringLiteral("DB");
    QTest::newRow("campaign create")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano"), QStringLiteral("--database"), db};
    QTest::newRow("user add") << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                                             QStringLiteral("ana@example.com"), QStringLiteral("--name"),
                                             QStringLiteral("Ana"), QStringLiteral("--role"),
                                             QStringLiteral("admin"), QStringLiteral("--database"), db};
    QTest::newRow("lead list") << QStringList{QStringLiteral("lead"), QStringLiteral("list"),
                                              QStringLiteral("--database"), db};
    QTest::newRow("headless") << QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"),
                                             QStringLiteral("127.0.0.1:39871"), QStringLiteral("--database"), db};
}

// A --database in a folder that does not exist created the folder and a new empty
// database in it. It is now an error (exit status 1) that names the folder, and neither
// the folder nor the file is created.
void CliTest::missingFolderNotCreated()
{
    QFETCH(QStringList, arguments);

    const QString folder = m_home->filePath(QStringLiteral("clientes-typo"));
    const QString path = folder + QStringLiteral("/prospecta.db");
    arguments.replaceInStrings(QStringLiteral("DB"), path);
    // user add reads its password only after the database is open.
    const Run result = run(arguments, AnaPassword);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(QStringLiteral("La carpeta %1 no existe").arg(folder)), qPrintable(result.err));
    QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));
}

// Without --database or PROSPECTA_DATABASE every command works on the default file, which
// a fresh account does not have yet: the first command creates it and its folder.
void CliTest::defaultDatabaseCreatedOnFirstUse()
{
    const Run shown = runIn(checkerEnvironment(), {QStringLiteral("settings"), QStringLiteral("show")});
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
    QCOMPARE(valueOf(showFields(shown.out), QStringLiteral("phone.defaultRegion")), QStringLiteral("MX"));

    QDirIterator databases(m_home->filePath(QStringLiteral(".local/share")), {QStringLiteral("prospecta.db")},
                           QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(databases.hasNext());
}

// A --database that names some other file failed with only "Cannot prepare a statement:
// file is not a database". The message now names the file and what to check, and the
// file is left as it was.
void CliTest::fileThatIsNoDatabaseNamed()
{
    const QString path = m_home->filePath(QStringLiteral("clientes.csv"));
    const QByteArray content("nombre,telefono\nAna,+51999000111\n");
    {
        QFile written(path);
        QVERIFY(written.open(QIODevice::WriteOnly));
        QCOMPARE(written.write(content), content.size());
    }

    const Run result = run({QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--database"), path});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(path), qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("--database")), qPrintable(result.err));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
}

void CliTest::readOnlyDatabaseExplained_data()
{
    QTest::addColumn<bool>("folderReadOnly");
    QTest::addColumn<QString>("fileName"); // in the folder data/ of HOME; prospecta.db exists
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("spanish");

    const QStringList create = {QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                                QStringLiteral("Invierno")};
    const QString cannotWrite = QStringLiteral("Prospecta no puede escribir en la base de datos");
    QTest::newRow("read-only file, a change") << false << QStringLiteral("prospecta.db") << create << cannotWrite;
    QTest::newRow("read-only folder, a change") << true << QStringLiteral("prospecta.db") << create << cannotWrite;
    // SQLite writes the -wal and -shm files beside the database even to read it.
    QTest::newRow("read-only folder, a read")
        << true << QStringLiteral("prospecta.db") << QStringList{QStringLiteral("lead"), QStringLiteral("list")}
        << cannotWrite;
    QTest::newRow("read-only folder, a new file")
        << true << QStringLiteral("nueva.db") << create
        << QStringLiteral("Prospecta no puede abrir el archivo de base de datos");
}

// A database that cannot be written failed with SQLite's English words only ("A statement
// failed: attempt to write a readonly database Unable to fetch row"). The message now states
// in the desktop's language what failed, on which file, and what to check, and keeps the
// driver's words as a detail.
void CliTest::readOnlyDatabaseExplained()
{
#ifdef Q_OS_WIN
    QSKIP("uses POSIX file permissions");
#else
    QFETCH(bool, folderReadOnly);
    QFETCH(QString, fileName);
    QFETCH(QStringList, arguments);
    QFETCH(QString, spanish);

    const QString folder = m_home->filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(folder));
    const QString existing = folder + QStringLiteral("/prospecta.db");
    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Verano"), QStringLiteral("--database"), existing})
                 .exitCode,
             0);
    const auto readable = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    const auto traversable = QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
    const auto writable = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    QVERIFY(QFile::setPermissions(existing, readable));
    QVERIFY(QFile::setPermissions(folder, readable | traversable | (folderReadOnly ? QFileDevice::Permissions() : writable)));

    const QString path = folder + QLatin1Char('/') + fileName;
    const Run result = runWithoutPrivileges(arguments + QStringList{QStringLiteral("--database"), path});
    QVERIFY(QFile::setPermissions(folder, readable | traversable | writable));
    if (result.exitCode == NoUnprivilegedChild)
        QSKIP("cannot run the executable as an unprivileged user");
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(spanish), qPrintable(result.err));
    QVERIFY2(result.err.contains(path), qPrintable(result.err));
    // What to do next: the permissions of the file and of its folder.
    QVERIFY2(result.err.contains(QLatin1String("permisos")) || result.err.contains(QLatin1String("puedas leer")),
             qPrintable(result.err));
    QVERIFY2(result.err.contains(folder), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("A statement failed")), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("Cannot prepare")), qPrintable(result.err));
#endif
}

// A database whose file cannot grow (here a file size limit, as a full disk does) failed
// with "A statement failed: disk I/O error". The message now names the file, the disk and
// what to do, in Spanish.
void CliTest::fullDiskExplained()
{
#ifdef Q_OS_WIN
    QSKIP("limits the file size with setrlimit");
#else
    const QString csvPath = m_home->filePath(QStringLiteral("many.csv"));
    QByteArray csv = "nombre,telefono\n";
    for (int i = 0; i < 20000; ++i)
        csv += "Lead " + QByteArray::number(i) + ",+52 55 " + QByteArray::number(20000000 + i) + "\n";
    QVERIFY(writeFile(csvPath, csv));
    // The schema fits in the limit and the leads do not.
    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("server.publicUrl"), QString()})
                 .exitCode,
             0);
    const qint64 limit = QFileInfo(databasePath()).size() + 64 * 1024;

    const Run result = runIn(checkerEnvironment(),
                             {QStringLiteral("import"), QStringLiteral("leads"), csvPath, QStringLiteral("--database"),
                              databasePath()},
                             {}, [limit] {
                                 // Past the limit, write() fails with EFBIG instead of raising
                                 // SIGXFSZ, because the signal is ignored, and an ignored
                                 // signal stays ignored across exec.
                                 ::signal(SIGXFSZ, SIG_IGN);
                                 const rlimit size{rlim_t(limit), rlim_t(limit)};
                                 ::setrlimit(RLIMIT_FSIZE, &size);
                             });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(databasePath()), qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("espacio libre")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("La importación se detuvo")), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("A statement failed")), qPrintable(result.err));
#endif
}

// A report on a full disk was noticed only after every row had been imported, through an
// English message. The command now stops before importing anything, states that in Spanish
// and names the report.
void CliTest::fullDiskForReportExplained()
{
#ifdef Q_OS_WIN
    QSKIP("needs /dev/full");
#else
    if (!QFileInfo(QStringLiteral("/dev/full")).exists())
        QSKIP("this system has no /dev/full");
    const QString csvPath = m_home->filePath(QStringLiteral("leads.csv"));
    QVERIFY(writeFile(csvPath, LeadsCsv));
    // Run unprivileged where possible, so that no version of the command could replace
    // the device node /dev/full with a file of its own.
    const Run result = runWithoutPrivileges({QStringLiteral("import"), QStringLiteral("leads"), csvPath,
                                             QStringLiteral("--report"), QStringLiteral("/dev/full"),
                                             QStringLiteral("--database"), databasePath()});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(QLatin1String("No se pudo escribir el informe /dev/full")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("no se importó nada")), qPrintable(result.err));
    QVERIFY(QFileInfo(QStringLiteral("/dev/full")).exists() && !QFileInfo(QStringLiteral("/dev/full")).isFile());
    auto database = openDatabase();
    QVERIFY(database);
    auto leads = LeadRepository(*database).count();
    QVERIFY(leads);
    QCOMPARE(*leads, 0);
#endif
}

// The installation key's folder could not be made (here its parent is a file), and
// `integration set` printed "Cannot create the folder … for the installation key".
void CliTest::keyFolderProblemExplained()
{
    const QString blocker = m_home->filePath(QStringLiteral("config-file"));
    QVERIFY(writeFile(blocker, "not a folder\n"));
    QProcessEnvironment environment = checkerEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), blocker);

    const Run result = runIn(environment, {QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                                           QStringLiteral("apiKey=sk-test-0123456789abcdef"),
                                           QStringLiteral("--database"), databasePath()});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QLatin1String("No se puede crear la carpeta")), qPrintable(result.err));
    QVERIFY2(result.err.contains(blocker), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("Cannot create")), qPrintable(result.err));
}

// A log file that could not be opened was reported as "cannot open the log file …" in
// English, before any command's own message.
void CliTest::logFolderProblemExplained()
{
    const QString blocker = m_home->filePath(QStringLiteral("data-file"));
    QVERIFY(writeFile(blocker, "not a folder\n"));
    QProcessEnvironment environment = checkerEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), blocker);

    const Run result = runIn(environment, {QStringLiteral("campaign"), QStringLiteral("create"),
                                           QStringLiteral("--name"), QStringLiteral("Verano"),
                                           QStringLiteral("--database"), databasePath()});
    // The command itself still works.
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.contains(QStringLiteral("Aviso: no se puede abrir el archivo de registro")),
             qPrintable(result.err));
    QVERIFY2(result.err.contains(blocker), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("cannot open the log file")), qPrintable(result.err));
}

void CliTest::postgresPermissionExplained_data()
{
    QTest::addColumn<bool>("connectRevoked");
    QTest::addColumn<QString>("spanish");
    QTest::newRow("no rights on the tables") << false << QStringLiteral("no tiene permiso para hacer esto");
    QTest::newRow("no right to connect") << true << QStringLiteral("no puede conectarse a la base de datos");
}

// A PostgreSQL user without rights got the server's English text ("A statement failed:
// ERROR: permission denied for table schema_migrations (42501)"). The message now names
// the user and the database, says what to ask the administrator for, and keeps the
// server's words as a detail.
void CliTest::postgresPermissionExplained()
{
    QFETCH(bool, connectRevoked);
    QFETCH(QString, spanish);

    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
            QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    }
    Database admin;
    const QString name = QStringLiteral("perm_%1").arg(QCoreApplication::applicationPid());
    const QString target = createPostgresDatabase(url, name, admin);
    QVERIFY(!target.isEmpty());
    // The owner's first command creates the schema.
    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Verano"), QStringLiteral("--database"), target})
                 .exitCode,
             0);
    const QString role = QStringLiteral("sin_permisos_%1").arg(QCoreApplication::applicationPid());
    (void)admin.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role));
    if (!admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN").arg(role)))
        QSKIP("the test server's user may not create roles");
    if (connectRevoked)
        QVERIFY(admin.exec(QStringLiteral("REVOKE CONNECT ON DATABASE %1 FROM PUBLIC").arg(name)).ok());
    auto location = DatabaseLocation::parse(target);
    QVERIFY(location);
    location->userName = role;

    const Run result = run({QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--database"),
                            location->toString()});
    QVERIFY(admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name)).ok());
    QVERIFY(admin.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role)).ok());
    if (result.err.contains(QLatin1String("password")) || result.err.contains(QStringLiteral("contraseña")))
        QSKIP("the test server asks the new role for a password");

    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(spanish), qPrintable(result.err));
    QVERIFY2(result.err.contains(role), qPrintable(result.err));
    QVERIFY2(result.err.contains(name), qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("administrador")), qPrintable(result.err));
    QVERIFY2(!result.err.startsWith(QLatin1String("A statement failed")), qPrintable(result.err));
}

void CliTest::webhookUrl_data()
{
    QTest::addColumn<QString>("publicUrl");
    QTest::addColumn<QStringList>("extraArguments");
    QTest::addColumn<QString>("expectedBase");
    QTest::addColumn<bool>("warns");

    QTest::newRow("no public URL: server.listen default")
        << QString() << QStringList() << QStringLiteral("http://127.0.0.1:3001") << true;
    QTest::newRow("no public URL, --listen for this run")
        << QString() << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:4100")}
        << QStringLiteral("http://127.0.0.1:4100") << true;
    QTest::newRow("public URL") << QStringLiteral("https://x.example") << QStringList()
                                << QStringLiteral("https://x.example") << false;
    QTest::newRow("public URL with trailing slash") << QStringLiteral("https://x.example/") << QStringList()
                                                    << QStringLiteral("https://x.example") << false;
}

void CliTest::webhookUrl()
{
    QFETCH(QString, publicUrl);
    QFETCH(QStringList, extraArguments);
    QFETCH(QString, expectedBase);
    QFETCH(bool, warns);

    QCOMPARE(run({QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                  QStringLiteral("apiKey=sk-live-ABCDEFGH1234"), QStringLiteral("appName=ProspectaDemo"),
                  QStringLiteral("source=5215512345678")})
                 .exitCode,
             0);
    if (!publicUrl.isEmpty()) {
        const Run set = run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("server.publicUrl"),
                             publicUrl});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
    }

    QString token;
    {
        auto database = openDatabase();
        QVERIFY(database);
        auto keysPair = InstallationKeys::load(*database, findPrivateKey());
        QVERIFY(keysPair);
        auto record = IntegrationRepository(*database).load(Provider::Gupshup);
        QVERIFY(record);
        token = IntegrationRepository::open(*record, *keysPair).value(QStringLiteral("webhookToken"));
    }
    QVERIFY(!token.isEmpty());

    const Run result = run(QStringList{QStringLiteral("integration"), QStringLiteral("webhook-url"),
                                       QStringLiteral("gupshup")}
                           + extraArguments);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, expectedBase + QStringLiteral("/api/webhooks/gupshup/") + token + QLatin1Char('\n'));
    if (warns) {
        QVERIFY2(result.err.contains(QLatin1String("server.publicUrl")), qPrintable(result.err));
    } else {
        QCOMPARE(result.err, QString());
    }
}

// ---------------------------------------------------------------------------------------
// Settings and leads

void CliTest::settingsShowSetAndJson()
{
    // A reading command needs an existing database, which an unrelated change creates.
    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("server.publicUrl"), QString()})
                 .exitCode,
             0);
    const Run before = run({QStringLiteral("settings"), QStringLiteral("show")});
    QCOMPARE(before.exitCode, 0);
    const Fields defaults = showFields(before.out);
    QStringList sorted = keysOf(defaults);
    sorted.sort();
    QCOMPARE(keysOf(defaults), sorted);
    QCOMPARE(valueOf(defaults, QStringLiteral("ai.burstWindowMs")), QStringLiteral("3000"));
    QCOMPARE(valueOf(defaults, QStringLiteral("phone.defaultRegion")), QStringLiteral("MX"));
    QCOMPARE(valueOf(defaults, QStringLiteral("ai.enabled")), QStringLiteral("true"));
    QCOMPARE(valueOf(defaults, QStringLiteral("server.publicUrl")), QString());
    QCOMPARE(valueOf(defaults, QStringLiteral("ai.temperature")), QString());

    const Run set = run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.burstWindowMs"),
                         QStringLiteral("500")});
    QCOMPARE(set.exitCode, 0);
    QCOMPARE(set.out, QString());

    const Run after = run({QStringLiteral("settings"), QStringLiteral("show")});
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(valueOf(showFields(after.out), QStringLiteral("ai.burstWindowMs")), QStringLiteral("500"));
    QCOMPARE(keysOf(showFields(after.out)), keysOf(defaults));

    const Run json = run({QStringLiteral("settings"), QStringLiteral("show"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonDocument document = QJsonDocument::fromJson(json.out.toUtf8());
    QVERIFY2(document.isObject(), qPrintable(json.out));
    QCOMPARE(document.object().keys(), keysOf(defaults));
    QCOMPARE(document.object().value(QLatin1String("ai.burstWindowMs")).toVariant().toString(),
             QStringLiteral("500"));
    // Each value has its setting's type, as "active" of user list is a boolean.
    const QJsonObject typed = document.object();
    QCOMPARE(typed.value(QLatin1String("ai.burstWindowMs")), QJsonValue(500));
    QCOMPARE(typed.value(QLatin1String("ai.enabled")), QJsonValue(true));
    QVERIFY(typed.value(QLatin1String("ai.temperature")).isNull());
    QCOMPARE(typed.value(QLatin1String("phone.defaultRegion")), QJsonValue(QStringLiteral("MX")));

    // A decimal keeps its fraction in both forms.
    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.temperature"),
                  QStringLiteral("0.7")})
                 .exitCode,
             0);
    const Run decimal = run({QStringLiteral("settings"), QStringLiteral("show")});
    QCOMPARE(valueOf(showFields(decimal.out), QStringLiteral("ai.temperature")), QStringLiteral("0.7"));
    const Run decimalJson = run({QStringLiteral("settings"), QStringLiteral("show"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(decimalJson.out.toUtf8()).object().value(QLatin1String("ai.temperature")),
             QJsonValue(0.7));

    auto database = openDatabase();
    QVERIFY(database);
    auto snapshot = SettingsRepository(*database).load();
    QVERIFY(snapshot);
    QCOMPARE(snapshot->text(QStringLiteral("ai.burstWindowMs")), QStringLiteral("500"));
}

void CliTest::leadListEmpty()
{
    // A reading command needs an existing database, which a command that adds no lead creates.
    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Verano")})
                 .exitCode,
             0);
    const Run plain = run({QStringLiteral("lead"), QStringLiteral("list")});
    QCOMPARE(plain.exitCode, 0);
    QCOMPARE(plain.out, QString());

    const Run json = run({QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.out.trimmed(), QStringLiteral("[]"));
}

// ---------------------------------------------------------------------------------------
// Import

// An import killed mid-way (kill -9) leaves the database with whole batches and a report
// that ends at the last committed row: every row it lists up to there, once and in order.
void CliTest::killedImportLeavesItsReport()
{
    const QString csvPath = m_home->filePath(QStringLiteral("big.csv"));
    const QString reportPath = m_home->filePath(QStringLiteral("big-report.csv"));
    QByteArray csv = "nombre,telefono\n";
    constexpr int rowCount = 200000;
    for (int i = 0; i < rowCount; ++i)
        csv += "Lead " + QByteArray::number(i) + ",+52 55 " + QByteArray::number(20000000 + i) + "\n";
    QVERIFY(writeFile(csvPath, csv));
    const qint64 headerBytes = QByteArray("line,result,leadId,reason\r\n").size();

    QProcess process;
    process.setProcessEnvironment(checkerEnvironment());
    process.setWorkingDirectory(m_home->path());
    process.start(QStringLiteral(PROSPECTA_EXECUTABLE),
                  {QStringLiteral("import"), QStringLiteral("leads"), csvPath, QStringLiteral("--report"), reportPath,
                   QStringLiteral("--database"), databasePath()});
    QVERIFY(process.waitForStarted(30000));
    // A few batches in, well before the end.
    const bool someRowsReported =
        QTest::qWaitFor([&] { return QFileInfo(reportPath).size() > headerBytes + 20000; }, 60000);
    process.kill();
    QVERIFY(process.waitForFinished(10000));
    QVERIFY2(someRowsReported, "the report never grew");
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(reportFile.readAll()).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.first(), QStringLiteral("line,result,leadId,reason"));
    // Whole lines only: the file ends right after the last committed batch.
    QCOMPARE(lines.last(), QString());
    const QStringList rows = lines.mid(1, lines.size() - 2);
    QVERIFY(!rows.isEmpty());
    QVERIFY2(rows.size() < rowCount, "the import finished before it was killed");
    for (int i = 0; i < rows.size(); ++i)
        QVERIFY2(rows.at(i).startsWith(QString::number(i + 2) + QStringLiteral(",created,")), qPrintable(rows.at(i)));

    // The database contains at least the rows the report lists, and at most one batch more,
    // because the process may die between a commit and its report lines.
    auto database = openDatabase();
    QVERIFY(database);
    const qint64 stored = database->scalar(QStringLiteral("SELECT COUNT(*) FROM leads"))->toLongLong();
    QVERIFY2(stored >= rows.size() && stored <= rows.size() + 200,
             qPrintable(QStringLiteral("%1 leads stored, %2 reported").arg(stored).arg(rows.size())));
}

void CliTest::stoppedImportIsAudited_data()
{
    addStoppingSignals();
}

// Ctrl+C stopped an import after its batch, rolled nothing back that was committed, wrote
// the audit entry and exited 1, but SIGHUP killed the process with no audit entry. Every
// stopping signal the import handles now ends it the same way.
void CliTest::stoppedImportIsAudited()
{
#ifdef Q_OS_WIN
    QSKIP("sends POSIX signals");
#else
    QFETCH(int, signalNumber);

    const QString csvPath = m_home->filePath(QStringLiteral("big.csv"));
    const QString reportPath = m_home->filePath(QStringLiteral("big-report.csv"));
    QByteArray csv = "nombre,telefono\n";
    constexpr int rowCount = 200000;
    for (int i = 0; i < rowCount; ++i)
        csv += "Lead " + QByteArray::number(i) + ",+52 55 " + QByteArray::number(20000000 + i) + "\n";
    QVERIFY(writeFile(csvPath, csv));
    const qint64 headerBytes = QByteArray("line,result,leadId,reason\r\n").size();

    QProcess process;
    process.setProcessEnvironment(checkerEnvironment());
    process.setWorkingDirectory(m_home->path());
    process.start(QStringLiteral(PROSPECTA_EXECUTABLE),
                  {QStringLiteral("import"), QStringLiteral("leads"), csvPath, QStringLiteral("--report"), reportPath,
                   QStringLiteral("--database"), databasePath()});
    QVERIFY(process.waitForStarted(30000));
    // The first batch is committed and reported, and the import goes on.
    const bool someRowsReported = QTest::qWaitFor([&] { return QFileInfo(reportPath).size() > headerBytes; }, 60000);
    QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(someRowsReported, "the report never grew");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("La importación se canceló después de la línea")), qPrintable(err));

    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const QStringList rows =
        QString::fromUtf8(reportFile.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts).mid(1);
    QVERIFY(!rows.isEmpty());
    QVERIFY2(rows.size() < rowCount, "the import finished before the signal");
    const qint64 lastLine = rows.size() + 1;
    QVERIFY2(err.contains(QStringLiteral("línea %1.").arg(lastLine)), qPrintable(err));

    // The committed batches stay, and the audit entry names where the import stopped.
    auto database = openDatabase();
    QVERIFY(database);
    const qint64 stored = database->scalar(QStringLiteral("SELECT COUNT(*) FROM leads"))->toLongLong();
    QCOMPARE(stored, qint64(rows.size()));
    AuditFilter filter;
    filter.action = QStringLiteral("data.imported");
    auto audit = AuditRepository(*database).query(filter);
    QVERIFY(audit);
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->first().actorName, currentOsAccount());
    QCOMPARE(audit->first().detail,
             QStringLiteral("created=%1 updated=0 unchanged=0 merged=0 rejected=0 lastLine=%2 completed=false")
                 .arg(rows.size())
                 .arg(lastLine));
#endif
}

void CliTest::importLeadsWithReport()
{
    const QString csvPath = m_home->filePath(QStringLiteral("leads.csv"));
    const QString reportPath = m_home->filePath(QStringLiteral("report.csv"));
    QVERIFY(writeFile(csvPath, LeadsCsv));

    const Run imported = run({QStringLiteral("import"), QStringLiteral("leads"), csvPath, QStringLiteral("--report"),
                              reportPath});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    QCOMPARE(imported.out, QStringLiteral("created=2\tupdated=0\tunchanged=0\tmerged=1\trejected=2\n"));

    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const QByteArray report = reportFile.readAll();
    // No byte-order mark: scripts read the report, and for them the mark would be part of
    // the first column's name.
    QVERIFY2(report.startsWith("line,result,leadId,reason\r\n"), report.left(40).toHex().constData());
    const QStringList lines = QString::fromUtf8(report).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines.at(0), QStringLiteral("line,result,leadId,reason"));
    QCOMPARE(lines.at(1), QStringLiteral("2,created,1,"));
    QCOMPARE(lines.at(2), QStringLiteral("3,created,2,"));
    // The reason names the line merged into, in the desktop's language.
    QVERIFY2(lines.at(3).startsWith(QStringLiteral("4,merged,2,")), qPrintable(lines.at(3)));
    QVERIFY2(lines.at(3).endsWith(QStringLiteral(" 3.")), qPrintable(lines.at(3)));
    QVERIFY2(lines.at(4).startsWith(QStringLiteral("5,rejected,,")), qPrintable(lines.at(4)));
    // The phone's reason is translated too, not English inside a Spanish sentence.
    QVERIFY2(lines.at(4).contains(QStringLiteral("demasiado corto")), qPrintable(lines.at(4)));
    QVERIFY2(lines.at(5).startsWith(QStringLiteral("6,rejected,,")), qPrintable(lines.at(5)));
    // The report is for people, so its reasons are in the desktop's language (es_MX here).
    QVERIFY2(lines.at(5).contains(QStringLiteral("4 campos")), qPrintable(lines.at(5)));

    const Run listed = run({QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--phone"),
                            QStringLiteral("+51991234567")});
    QCOMPARE(listed.exitCode, 0);
    const Fields jose = listRecord(listed.out.trimmed());
    QCOMPARE(valueOf(jose, QStringLiteral("name")), QStringLiteral("José"));
    QCOMPARE(valueOf(jose, QStringLiteral("source")), QStringLiteral("import"));
    QCOMPARE(valueOf(jose, QStringLiteral("country")), QStringLiteral("PE"));

    // The same file again finds both leads, and changes neither.
    const Run again = run({QStringLiteral("import"), QStringLiteral("leads"), csvPath});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.out, QStringLiteral("created=0\tupdated=0\tunchanged=2\tmerged=1\trejected=2\n"));

    auto database = openDatabase();
    QVERIFY(database);
    AuditFilter filter;
    filter.action = QStringLiteral("data.imported");
    auto audit = AuditRepository(*database).query(filter);
    QVERIFY(audit);
    QCOMPARE(audit->size(), 2);
    QCOMPARE(audit->first().actorName, currentOsAccount());
    QCOMPARE(audit->first().client, QStringLiteral("cli"));
}

// Blank lines of the file were left out of the report, so its rows no longer lined up
// with the file's lines. Every line from the header to the last row with content now has
// its row with its number. Blank lines after that row only end the file and are left out.
void CliTest::importReportListsBlankLines()
{
    const QString csvPath = m_home->filePath(QStringLiteral("gaps.csv"));
    const QString reportPath = m_home->filePath(QStringLiteral("gaps-report.csv"));
    QVERIFY(writeFile(csvPath, "Nombre;Tel\xC3\xA9" "fono\r\n" // 1: header
                               "Ana;55 1234 5678\r\n"          // 2: created
                               "\r\n"                          // 3: blank
                               ";\r\n"                         // 4: empty cells
                               "Bea;55 8765 4321\r\n"          // 5: created
                               "   ;  \r\n"                    // 6: spaces only
                               "Ceci;55 1111 2222\r\n"         // 7: created
                               "\r\n"                          // 8: blank, after the last row
                               ";\r\n"));                      // 9: empty cells, after the last row
    const Run imported = run({QStringLiteral("import"), QStringLiteral("leads"), csvPath, QStringLiteral("--report"),
                              reportPath});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    QCOMPARE(imported.out, QStringLiteral("created=3\tupdated=0\tunchanged=0\tmerged=0\trejected=3\n"));

    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(reportFile.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines.at(0), QStringLiteral("line,result,leadId,reason"));
    // Row i of the report is line i + 1 of the file.
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines.at(i).startsWith(QString::number(i + 1) + QLatin1Char(',')), qPrintable(lines.at(i)));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("2,created,")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(4).startsWith(QStringLiteral("5,created,")), qPrintable(lines.at(4)));
    QVERIFY2(lines.at(6).startsWith(QStringLiteral("7,created,")), qPrintable(lines.at(6)));
    for (const int blank : {2, 3, 5}) {
        QVERIFY2(lines.at(blank).startsWith(QStringLiteral("%1,rejected,,").arg(blank + 1)),
                 qPrintable(lines.at(blank)));
        // The reason is in the desktop's language.
        QVERIFY2(lines.at(blank).contains(QStringLiteral("en blanco")), qPrintable(lines.at(blank)));
    }
}

// A lead without a campaign or an owner has null there in JSON, as in the REST API, and
// an empty value in the text form.
void CliTest::leadListNullReferences()
{
    const QString csvPath = m_home->filePath(QStringLiteral("one.csv"));
    QVERIFY(writeFile(csvPath, "Nombre,Tel\xC3\xA9" "fono\nAna,55 1234 5678\n"));
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("leads"), csvPath}).exitCode, 0);

    const Run json = run({QStringLiteral("lead"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray leads = QJsonDocument::fromJson(json.out.toUtf8()).array();
    QCOMPARE(leads.size(), 1);
    const QJsonObject ana = leads.first().toObject();
    QVERIFY2(ana.value(QStringLiteral("campaign")).isNull(), qPrintable(json.out));
    QVERIFY2(ana.value(QStringLiteral("assignedTo")).isNull(), qPrintable(json.out));
    QCOMPARE(ana.value(QStringLiteral("email")), QJsonValue(QString()));

    const Run plain = run({QStringLiteral("lead"), QStringLiteral("list")});
    const Fields fields = listRecord(plain.out.trimmed());
    QCOMPARE(valueOf(fields, QStringLiteral("campaign")), QString());
    QCOMPARE(valueOf(fields, QStringLiteral("assignedTo")), QString());
}

void CliTest::importLeadsUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments"); // FILE stands for a valid CSV file
    QTest::addColumn<QStringList>("expectedInStderr");

    const QString file = QStringLiteral("FILE");
    QTest::newRow("unknown action") << QStringList{QStringLiteral("import"), QStringLiteral("people"), file}
                                    << QStringList{QStringLiteral("people"), QStringLiteral("leads")};
    QTest::newRow("missing file") << QStringList{QStringLiteral("import"), QStringLiteral("leads")}
                                  << QStringList{QStringLiteral("ARCHIVO"), QStringLiteral("CSV")};
    QTest::newRow("unknown field")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--mapping"),
                       QStringLiteral("celular=2")}
        << QStringList{QStringLiteral("celular=2"), QStringLiteral("name"), QStringLiteral("phone"),
                       QStringLiteral("assignedTo"), QStringLiteral("notes")};
    QTest::newRow("unknown column")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--mapping"),
                       QStringLiteral("email=Correo")}
        << QStringList{QStringLiteral("Correo"), QStringLiteral("1 \"Nombre\""), QStringLiteral("2 \"Teléfono\""),
                       QStringLiteral("3 \"País\"")};
    QTest::newRow("column number out of range")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--mapping=phone=9")}
        << QStringList{QStringLiteral("\"9\""), QStringLiteral("1 \"Nombre\"")};
    QTest::newRow("unknown region")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--region"),
                       QStringLiteral("XX")}
        << QStringList{QStringLiteral("XX"), QStringLiteral("MX")};
    QTest::newRow("no phone column")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--mapping"),
                       QStringLiteral("notes=Teléfono")}
        << QStringList{QStringLiteral("phone"), QStringLiteral("2 \"Teléfono\"")};
    // The second mapping silently replaced the first.
    QTest::newRow("one column for two fields")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--mapping"),
                       QStringLiteral("status=2"), QStringLiteral("--mapping"), QStringLiteral("phone=2")}
        << QStringList{QStringLiteral("2 \"Teléfono\""), QStringLiteral("status"), QStringLiteral("phone")};
    // A report in a folder that does not exist. It was noticed after the import, when every
    // lead had been saved.
    QTest::newRow("report that cannot be written")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--report"),
                       QStringLiteral("FILE.missing/report.csv")}
        << QStringList{QStringLiteral("report.csv")};
    // The report was truncated before the first row was read, destroying the spreadsheet.
    QTest::newRow("report is the file")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--report"), file}
        << QStringList{QStringLiteral("--report")};
    QTest::newRow("report is the file, other spelling")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--report"),
                       QStringLiteral("./sub/../leads.csv")}
        << QStringList{QStringLiteral("./sub/../leads.csv")};
    QTest::newRow("report is a link to the file")
        << QStringList{QStringLiteral("import"), QStringLiteral("leads"), file, QStringLiteral("--report"),
                       QStringLiteral("LINK")}
        << QStringList{QStringLiteral("--report")};
}

void CliTest::importLeadsUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expectedInStderr);

    const QString csvPath = m_home->filePath(QStringLiteral("leads.csv"));
    QVERIFY(writeFile(csvPath, LeadsCsv));
    QVERIFY(QDir(m_home->path()).mkdir(QStringLiteral("sub")));
    const QString linkPath = m_home->filePath(QStringLiteral("link.csv"));
    if (arguments.contains(QStringLiteral("LINK"))) {
        if (!QFile::link(csvPath, linkPath))
            QSKIP("this file system cannot make a symbolic link");
        arguments.replaceInStrings(QStringLiteral("LINK"), linkPath);
    }
    arguments.replaceInStrings(QStringLiteral("FILE"), csvPath);

    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    for (const QString &expected : expectedInStderr)
        QVERIFY2(result.err.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + result.err));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), LeadsCsv);
    checkNothingStored();
    if (!QFileInfo::exists(databasePath()))
        return; // rejected before the database was opened
    auto database = openDatabase();
    QVERIFY(database);
    auto leads = LeadRepository(*database).count();
    QVERIFY(leads);
    QCOMPARE(*leads, 0);
}

void CliTest::importLeadsUnreadableFile_data()
{
    QTest::addColumn<QString>("fileName"); // in the test's HOME; "missing.csv" is never written
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedInStderr");

    QTest::newRow("does not exist") << QStringLiteral("missing.csv") << QByteArray() << QStringLiteral("missing.csv");
    QTest::newRow("empty") << QStringLiteral("empty.csv") << QByteArray("") << QStringLiteral("empty");
    QTest::newRow("UTF-16") << QStringLiteral("utf16.csv") << QByteArray("\xFF\xFEp\0h\0", 6)
                            << QStringLiteral("UTF-16");
}

void CliTest::importLeadsUnreadableFile()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedInStderr);

    const QString path = m_home->filePath(fileName);
    if (fileName != QLatin1String("missing.csv"))
        QVERIFY(writeFile(path, content));

    const Run result = run({QStringLiteral("import"), QStringLiteral("leads"), path});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(expectedInStderr), qPrintable(result.err));
    checkNothingStored();
}

// ---------------------------------------------------------------------------------------
// Users

void CliTest::userAddAndList()
{
    const Run added = run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                           QStringLiteral("Ana@Example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                           QStringLiteral("--role"), QStringLiteral("admin")},
                          AnaPassword);
    QCOMPARE(added.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^[1-9][0-9]*\\n$")).match(added.out).hasMatch(),
             qPrintable(added.out + added.err));
    const QString id = added.out.trimmed();

    const Run listed = run({QStringLiteral("user"), QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = nonEmptyLines(listed.out);
    QCOMPARE(lines.size(), 1);
    const Fields record = listRecord(lines.first());
    QCOMPARE(keysOf(record), (QStringList{QStringLiteral("id"), QStringLiteral("email"), QStringLiteral("name"),
                                          QStringLiteral("role"), QStringLiteral("active")}));
    QCOMPARE(valueOf(record, QStringLiteral("id")), id);
    QCOMPARE(valueOf(record, QStringLiteral("email")).toLower(), QStringLiteral("ana@example.com"));
    QCOMPARE(valueOf(record, QStringLiteral("name")), QStringLiteral("Ana"));
    QCOMPARE(valueOf(record, QStringLiteral("role")), QStringLiteral("admin"));
    QCOMPARE(valueOf(record, QStringLiteral("active")), QStringLiteral("true"));

    const Run json = run({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonDocument document = QJsonDocument::fromJson(json.out.toUtf8());
    QVERIFY2(document.isArray(), qPrintable(json.out));
    QCOMPARE(document.array().size(), 1);
    const QJsonObject user = document.array().first().toObject();
    QCOMPARE(user.keys(), (QStringList{QStringLiteral("active"), QStringLiteral("email"), QStringLiteral("id"),
                                       QStringLiteral("name"), QStringLiteral("role")}));
    QCOMPARE(QString::number(user.value(QLatin1String("id")).toInteger()), id);
    QCOMPARE(user.value(QLatin1String("active")), QJsonValue(true));
    QCOMPARE(user.value(QLatin1String("role")).toString(), QStringLiteral("admin"));

    // The password arrived intact, without its line ending, and only as a hash.
    auto database = openDatabase();
    QVERIFY(database);
    auto stored = UserRepository(*database).findByEmail(QStringLiteral("ana@example.com"));
    QVERIFY(stored);
    QVERIFY(stored->has_value());
    QVERIFY((*stored)->passwordHash.startsWith(QLatin1String("$argon2id$")));
    QVERIFY(PasswordHasher::verify((*stored)->passwordHash, QStringLiteral("correct horse battery")));
}

void CliTest::userEmailUniqueWithoutCase()
{
    QVERIFY(addUser(QStringLiteral("Ana@Example.com"), QStringLiteral("admin")) > 0);

    const Run again = run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                           QStringLiteral("ana@example.COM"), QStringLiteral("--name"), QStringLiteral("Otra Ana"),
                           QStringLiteral("--role"), QStringLiteral("agent")},
                          AnaPassword);
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.out, QString());
    QVERIFY(!again.err.isEmpty());

    auto database = openDatabase();
    QVERIFY(database);
    auto count = UserRepository(*database).count();
    QVERIFY(count);
    QCOMPARE(*count, 1);
}

void CliTest::userPasswordRejected_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expectedInStderr");
    QTest::newRow("9 characters") << QByteArrayLiteral("123456789\n") << QStringLiteral("10");
    QTest::newRow("9 characters, no newline") << QByteArrayLiteral("abcdefghi") << QStringLiteral("10");
    // Nine characters in ten UTF-8 bytes: "ñ" counts as one character.
    QTest::newRow("9 characters with ñ") << QByteArrayLiteral("ma\xc3\xb1" "anitas\n") << QStringLiteral("10");
    QTest::newRow("empty line") << QByteArrayLiteral("\n") << QString();
    QTest::newRow("only spaces") << QByteArrayLiteral("            \n") << QString();
    // The REST API rejects U+0000 in every field, so that account could never log in.
    QTest::newRow("NUL inside") << QByteArray("abcde\0fghijk\n", 13) << QStringLiteral("U+0000");
    QTest::newRow("escape sequence") << QByteArrayLiteral("abcdefghij\x1b[0m\n") << QStringLiteral("U+001B");
    // The hint's example is one line that can be copied, with its "\n" as two characters.
    QTest::newRow("empty standard input") << QByteArray() << QStringLiteral("printf '%s\\n' \"$PASSWORD\"");
}

void CliTest::userPasswordRejected()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expectedInStderr);

    const Run result = run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                            QStringLiteral("ana@example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                            QStringLiteral("--role"), QStringLiteral("admin")},
                           input);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY(!result.err.isEmpty());
    QVERIFY2(result.err.contains(expectedInStderr), qPrintable(result.err));
    checkNothingStored();
}

void CliTest::lastAdminProtected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("roleAfter");
    QTest::addColumn<bool>("activeAfter");
    QTest::newRow("set-role to agent")
        << QStringList{QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("ANA@example.com"),
                       QStringLiteral("agent")}
        << QStringLiteral("agent") << true;
    QTest::newRow("set-role to manager")
        << QStringList{QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("ana@example.com"),
                       QStringLiteral("manager")}
        << QStringLiteral("manager") << true;
    QTest::newRow("deactivate")
        << QStringList{QStringLiteral("user"), QStringLiteral("deactivate"), QStringLiteral("Ana@Example.com")}
        << QStringLiteral("admin") << false;
}

void CliTest::lastAdminProtected()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, roleAfter);
    QFETCH(bool, activeAfter);

    const auto anaNow = [this]() -> std::optional<User> {
        auto database = openDatabase();
        if (!database)
            return std::nullopt;
        auto found = UserRepository(*database).findByEmail(QStringLiteral("ana@example.com"));
        if (!found || !found->has_value())
            return std::nullopt;
        return (*found)->user;
    };

    QVERIFY(addUser(QStringLiteral("ana@example.com"), QStringLiteral("admin")) > 0);
    // An agent does not count as an administrator.
    QVERIFY(addUser(QStringLiteral("luis@example.com"), QStringLiteral("agent")) > 0);

    const Run refused = run(arguments);
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.out, QString());
    QVERIFY(!refused.err.isEmpty());
    std::optional<User> ana = anaNow();
    QVERIFY(ana);
    QCOMPARE(toString(ana->role), QStringLiteral("admin"));
    QCOMPARE(ana->active, true);

    QVERIFY(addUser(QStringLiteral("bea@example.com"), QStringLiteral("admin")) > 0);
    const Run allowed = run(arguments);
    QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.err));
    QCOMPARE(allowed.out, QString());
    ana = anaNow();
    QVERIFY(ana);
    QCOMPARE(toString(ana->role), roleAfter);
    QCOMPARE(ana->active, activeAfter);
}

void CliTest::resetPasswordUnknownEmail()
{
    QVERIFY(addUser(QStringLiteral("ana@example.com"), QStringLiteral("admin")) > 0);
    const Run result = run({QStringLiteral("user"), QStringLiteral("reset-password"), QStringLiteral("nadie@example.com")},
                           QByteArrayLiteral("a brand new password\n"));
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(QLatin1String("nadie@example.com")), qPrintable(result.err));
}

void CliTest::resetPasswordStoresNewHash()
{
    QVERIFY(addUser(QStringLiteral("ana@example.com"), QStringLiteral("admin")) > 0);
    QString oldHash;
    {
        auto database = openDatabase();
        QVERIFY(database);
        auto stored = UserRepository(*database).findByEmail(QStringLiteral("ana@example.com"));
        QVERIFY(stored && stored->has_value());
        oldHash = (*stored)->passwordHash;
    }

    // A password with a control character is rejected before anything changes.
    const Run rejected = run({QStringLiteral("user"), QStringLiteral("reset-password"), QStringLiteral("ana@example.com")},
                             QByteArray("a brand\0new password\n", 21));
    QCOMPARE(rejected.exitCode, 1);
    QVERIFY2(rejected.err.contains(QLatin1String("U+0000")), qPrintable(rejected.err));
    {
        auto database = openDatabase();
        QVERIFY(database);
        auto stored = UserRepository(*database).findByEmail(QStringLiteral("ana@example.com"));
        QVERIFY(stored && stored->has_value());
        QCOMPARE((*stored)->passwordHash, oldHash);
    }

    const Run result = run({QStringLiteral("user"), QStringLiteral("reset-password"), QStringLiteral("ANA@example.com")},
                           QByteArrayLiteral("a brand new password\n"));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QCOMPARE(result.out, QString());

    auto database = openDatabase();
    QVERIFY(database);
    auto stored = UserRepository(*database).findByEmail(QStringLiteral("ana@example.com"));
    QVERIFY(stored && stored->has_value());
    const QString newHash = (*stored)->passwordHash;
    QVERIFY(newHash != oldHash);
    QVERIFY(PasswordHasher::verify(newHash, QStringLiteral("a brand new password")));
    QVERIFY(!PasswordHasher::verify(newHash, QStringLiteral("correct horse battery")));
}

// Ctrl+C at the password prompt left the terminal without echo, so the shell did not
// show what was typed next.
void CliTest::interruptedPromptRestoresEcho()
{
#ifdef Q_OS_WIN
    QSKIP("needs a POSIX pseudo-terminal");
#else
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    QVERIFY(master >= 0);
    QCOMPARE(grantpt(master), 0);
    QCOMPARE(unlockpt(master), 0);
    const QByteArray terminalPath = ptsname(master);
    const int terminal = ::open(terminalPath.constData(), O_RDWR | O_NOCTTY);
    QVERIFY(terminal >= 0);
    const auto echoOn = [terminal] {
        termios settings{};
        return tcgetattr(terminal, &settings) == 0 && (settings.c_lflag & ECHO) != 0;
    };
    QVERIFY(echoOn());

    QProcess process;
    process.setProcessEnvironment(checkerEnvironment());
    process.setWorkingDirectory(m_home->path());
    process.setStandardInputFile(QString::fromLocal8Bit(terminalPath));
    process.start(QStringLiteral(PROSPECTA_EXECUTABLE),
                  {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                   QStringLiteral("ana@example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                   QStringLiteral("--role"), QStringLiteral("admin"), QStringLiteral("--database"), databasePath()});
    QVERIFY(process.waitForStarted(30000));
    // The prompt turns echo off.
    QTRY_VERIFY_WITH_TIMEOUT(!echoOn(), 30000);
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    QVERIFY(echoOn());
    ::close(terminal);
    ::close(master);
    checkNothingStored();
#endif
}

// ---------------------------------------------------------------------------------------
// Audit and schema

void CliTest::auditRowsPerAction()
{
    const QString secret = QStringLiteral("sk-audit-SECRET-0123456789");
    QCOMPARE(run({QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("gupshup"),
                  QStringLiteral("apiKey=") + secret, QStringLiteral("appName=AuditApp"),
                  QStringLiteral("source=5215512345678")})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.burstWindowMs"),
                  QStringLiteral("4321")})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("server.publicUrl"),
                  QStringLiteral("https://tunnel.example")})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Verano")})
                 .exitCode,
             0);
    QVERIFY(addUser(QStringLiteral("ana@example.com"), QStringLiteral("admin")) > 0);
    QVERIFY(addUser(QStringLiteral("bea@example.com"), QStringLiteral("agent")) > 0);
    QCOMPARE(run({QStringLiteral("user"), QStringLiteral("set-role"), QStringLiteral("bea@example.com"),
                  QStringLiteral("manager")})
                 .exitCode,
             0);
    const Run url = run({QStringLiteral("integration"), QStringLiteral("webhook-url"), QStringLiteral("gupshup")});
    QCOMPARE(url.exitCode, 0);
    const QString token = url.out.trimmed().section(QLatin1Char('/'), -1);
    QVERIFY(token.size() >= 12);
    // Reading commands are not audited.
    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("show")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("user"), QStringLiteral("list")}).exitCode, 0);

    auto database = openDatabase();
    QVERIFY(database);
    auto rows = AuditRepository(*database).query({});
    QVERIFY(rows);

    QStringList actions;
    for (const AuditEntry &row : std::as_const(*rows)) {
        actions << row.action;
        QCOMPARE(row.actorKind, QStringLiteral("cli"));
        // The account that runs the process, not the USER variable, which anyone can set.
        QCOMPARE(row.actorName, currentOsAccount());
        QVERIFY(row.actorName != QLatin1String("tester"));
        QCOMPARE(row.client, QStringLiteral("cli"));
        for (const QString &field : {row.actorName, row.targetId, row.detail}) {
            QVERIFY2(!field.contains(secret), qPrintable(row.action));
            QVERIFY2(!field.contains(token), qPrintable(row.action));
        }
        if (row.action == QLatin1String("integration.changed")) {
            QCOMPARE(row.targetId, QStringLiteral("gupshup"));
            QVERIFY2(!row.detail.contains(QLatin1String("AuditApp")), qPrintable(row.detail));
            QVERIFY2(!row.detail.contains(QLatin1String("5215512345678")), qPrintable(row.detail));
        }
        if (row.action == QLatin1String("setting.changed")) {
            QVERIFY2(!row.detail.contains(QLatin1String("4321")), qPrintable(row.detail));
            QVERIFY2(!row.detail.contains(QLatin1String("tunnel.example")), qPrintable(row.detail));
        }
    }
    actions.sort();
    QCOMPARE(actions, (QStringList{QStringLiteral("campaign.created"), QStringLiteral("integration.changed"),
                                   QStringLiteral("integration.webhook_url_shown"), QStringLiteral("setting.changed"),
                                   QStringLiteral("setting.changed"), QStringLiteral("user.created"),
                                   QStringLiteral("user.created"), QStringLiteral("user.role_changed")}));
}

void CliTest::schemaNewerIsRejected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("settings show") << QStringList{QStringLiteral("settings"), QStringLiteral("show")} << QByteArray();
    QTest::newRow("campaign create")
        << QStringList{QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Verano")}
        << QByteArray();
    QTest::newRow("settings set")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ai.burstWindowMs"),
                       QStringLiteral("500")}
        << QByteArray();
    QTest::newRow("user add")
        << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                       QStringLiteral("ana@example.com"), QStringLiteral("--name"), QStringLiteral("Ana"),
                       QStringLiteral("--role"), QStringLiteral("admin")}
        << AnaPassword;
}

void CliTest::schemaNewerIsRejected()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);

    QCOMPARE(run({QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("server.publicUrl"), QString()})
                 .exitCode,
             0);
    {
        auto database = openDatabase();
        QVERIFY(database);
        QVERIFY(database->exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
                               {99, QDateTime::currentMSecsSinceEpoch()}));
        QVERIFY(database->checkpoint());
    }
    QFile file(databasePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    const Run result = run(arguments, input);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.contains(QLatin1String("99")), qPrintable(result.err));

    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(file.readAll() == before, "the database file changed");
    file.close();
    auto database = openDatabase();
    QVERIFY(database);
    auto version = Migrations::currentVersion(*database);
    QVERIFY(version);
    QCOMPARE(*version, 99);
}

QTEST_GUILESS_MAIN(CliTest)
void CliTest::migrateUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("no target") << QStringList{QStringLiteral("migrate"), QStringLiteral("--from"), QStringLiteral("x.db")} << 2;
    QTest::newRow("no source") << QStringList{QStringLiteral("migrate"), QStringLiteral("--to"),
                                              QStringLiteral("postgresql://u@127.0.0.1:1/db")} << 2;
    QTest::newRow("target is a file") << QStringList{QStringLiteral("migrate"), QStringLiteral("--from"), QStringLiteral("a.db"),
                                                     QStringLiteral("--to"), QStringLiteral("b.db")} << 2;
    QTest::newRow("missing source file") << QStringList{QStringLiteral("migrate"), QStringLiteral("--from"),
                                                        QStringLiteral("/nonexistent/p.db"), QStringLiteral("--to"),
                                                        QStringLiteral("postgresql://u@127.0.0.1:1/db")} << 1;
}

void CliTest::migrateUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY(result.out.isEmpty());
    QVERIFY(!result.err.isEmpty());
}

// A desktop's database goes into an empty PostgreSQL database with every row, and the
// secrets stay sealed to this installation's key. A second copy into the same target is rejected.
void CliTest::migrateCopiesIntoEmptyPostgres()
{
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
            QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    }
    // A database of its own, since other suites reset the test database's schema.
    Database admin;
    const QString name = QStringLiteral("mig_%1").arg(QCoreApplication::applicationPid());
    const QString target = createPostgresDatabase(url, name, admin);
    QVERIFY(!target.isEmpty());

    QCOMPARE(run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("Verano"),
                  QStringLiteral("--keyword"), QStringLiteral("verano")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"), QStringLiteral("ana@example.com"),
                  QStringLiteral("--name"), QStringLiteral("Ana"), QStringLiteral("--role"), QStringLiteral("admin")},
                 "correct horse battery\n").exitCode, 0);
    QCOMPARE(run({QStringLiteral("integration"), QStringLiteral("set"), QStringLiteral("openai"),
                  QStringLiteral("apiKey=sk-test-0123456789abcdef")}).exitCode, 0);

    const Run copied = run({QStringLiteral("migrate"), QStringLiteral("--from"), databasePath(), QStringLiteral("--to"), target});
    QVERIFY2(copied.exitCode == 0, qPrintable(copied.err));
    QVERIFY2(copied.out.contains(QStringLiteral("users=1\n")), qPrintable(copied.out));
    QVERIFY2(copied.out.contains(QStringLiteral("campaigns=1\n")), qPrintable(copied.out));

    // The copy returns the same data as the original, secrets included.
    const Run users = run({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--database"), target});
    QCOMPARE(users.exitCode, 0);
    QVERIFY2(users.out.contains(QStringLiteral("email=ana@example.com")), qPrintable(users.out));
    const Run openai = run({QStringLiteral("integration"), QStringLiteral("show"), QStringLiteral("openai"),
                            QStringLiteral("--database"), target});
    QVERIFY2(openai.out.contains(QStringLiteral("apiKey=••••cdef")), qPrintable(openai.out));
    // New rows get new ids after the copied ones.
    const Run second = run({QStringLiteral("campaign"), QStringLiteral("create"), QStringLiteral("--name"),
                            QStringLiteral("Invierno"), QStringLiteral("--database"), target});
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out.trimmed(), QStringLiteral("2"));

    const Run again = run({QStringLiteral("migrate"), QStringLiteral("--from"), databasePath(), QStringLiteral("--to"), target});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("ya tiene datos")), qPrintable(again.err));

    QVERIFY(admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name)).ok());
}

void CliTest::migrateInterruptedLeavesTargetEmpty_data()
{
    addStoppingSignals();
}

// Ctrl+C during a copy ran it to the end. It now stops, rolls back and exits 1, as an
// interrupted import does, and so do SIGTERM and SIGHUP.
void CliTest::migrateInterruptedLeavesTargetEmpty()
{
#ifdef Q_OS_WIN
    QSKIP("sends SIGINT, which Windows has no way to send to one process");
#else
    QFETCH(int, signalNumber);
    const QString url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
            QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    }
    Database admin;
    const QString name = QStringLiteral("mig_stop_%1").arg(QCoreApplication::applicationPid());
    const QString target = createPostgresDatabase(url, name, admin);
    QVERIFY(!target.isEmpty());

    // Enough leads that the copy is still running when the signal comes.
    const QString csvPath = m_home->filePath(QStringLiteral("many.csv"));
    QByteArray csv = "nombre,telefono\n";
    for (int i = 0; i < 60000; ++i)
        csv += "Lead " + QByteArray::number(i) + ",+52 55 " + QByteArray::number(20000000 + i) + "\n";
    QVERIFY(writeFile(csvPath, csv));
    const Run imported = run({QStringLiteral("import"), QStringLiteral("leads"), csvPath});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));

    QProcess process;
    process.setProcessEnvironment(checkerEnvironment());
    process.setWorkingDirectory(m_home->path());
    process.start(QStringLiteral(PROSPECTA_EXECUTABLE), {QStringLiteral("migrate"), QStringLiteral("--from"),
                                                          databasePath(), QStringLiteral("--to"), target});
    QVERIFY(process.waitForStarted(30000));
    // The first progress line of 5,000 rows comes from the middle of the copy.
    QString progress;
    QTRY_VERIFY_WITH_TIMEOUT((progress += QString::fromUtf8(process.readAllStandardError())).contains(
                                 QLatin1String(": 5000 ")),
                             60000);
    QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());

    // Rolled back: the target has the schema and no row, so the copy can run again.
    auto targetLocation = DatabaseLocation::parse(target);
    QVERIFY(targetLocation);
    {
        Database copy;
        QVERIFY(copy.open(*targetLocation, QStringLiteral("tst_cli_interrupted_target")).ok());
        for (const QString &table : {QStringLiteral("leads"), QStringLiteral("users"), QStringLiteral("campaigns")}) {
            auto rows = copy.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table), {}, 0);
            QVERIFY(rows);
            QVERIFY2(rows->toLongLong() == 0, qPrintable(table));
        }
    }
    QVERIFY(admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name)).ok());
#endif
}

#include "tst_cli.moc"
