// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The connection page: it tests a team server off the GUI thread and explains why a
// connection failed, rejects an incomplete form, and saves the choice as the desktop's
// preference without the password. Live cases need PROSPECTA_TEST_PG_URL.

#include "DatabaseConnectionDialog.h"
#include "MessageBoxes.h"
#include "storage/SettingsRepository.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace Prospecta;

class TestDatabaseConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void fileModeHasNoConnectionTest();
    void incompleteServerFormRejected_data();
    void incompleteServerFormRejected();
    void testReportsAMissingDatabase();
    void testReportsASuccessfulConnection();
    void connectSavesThePreferenceWithoutThePassword();
    void startupProblemIsShown();

private:
    template<typename T>
    T *child(DatabaseConnectionDialog &dialog, const char *name)
    {
        auto *widget = dialog.findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("the dialog has no child named %s", name);
        return widget;
    }
    DatabaseLocation serverLocation() const;
    bool runTest(DatabaseConnectionDialog &dialog);

    QString m_url;
};

void TestDatabaseConnectionDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_url = qEnvironmentVariable("PROSPECTA_TEST_PG_URL");
    if (m_url.isEmpty() && qEnvironmentVariable("PROSPECTA_REQUIRE_PG") == QLatin1String("1"))
        QFAIL("PROSPECTA_REQUIRE_PG=1 but PROSPECTA_TEST_PG_URL is not set");
}

void TestDatabaseConnectionDialog::init()
{
    // DesktopPreferences' file, under the test-mode folders.
    QSettings(QStringLiteral("Prospecta"), QStringLiteral("Prospecta")).clear();
    MessageBoxes::clearPreparedAnswers();
}

DatabaseLocation TestDatabaseConnectionDialog::serverLocation() const
{
    auto location = DatabaseLocation::parse(m_url.isEmpty() ? QStringLiteral("postgresql://ventas@127.0.0.1:5432/crm") : m_url);
    return location ? *location : DatabaseLocation();
}

bool TestDatabaseConnectionDialog::runTest(DatabaseConnectionDialog &dialog)
{
    QSignalSpy finished(&dialog, &DatabaseConnectionDialog::testFinished);
    child<QPushButton>(dialog, "testButton")->click();
    // The GUI stays responsive: the test runs on another thread and reports back.
    if (!dialog.testRunning())
        return false;
    return finished.wait(20000);
}

void TestDatabaseConnectionDialog::fileModeHasNoConnectionTest()
{
    DatabaseLocation file;
    file.filePath = QStringLiteral("/tmp/prospecta-dialog-test.db");
    DatabaseConnectionDialog dialog(file, {});
    QVERIFY(child<QRadioButton>(dialog, "fileMode")->isChecked());
    QVERIFY(!child<QPushButton>(dialog, "testButton")->isEnabled());
    QVERIFY(!child<QLineEdit>(dialog, "host")->isEnabled());

    child<QRadioButton>(dialog, "serverMode")->setChecked(true);
    QVERIFY(child<QPushButton>(dialog, "testButton")->isEnabled());
    QVERIFY(child<QLineEdit>(dialog, "host")->isEnabled());
}

void TestDatabaseConnectionDialog::incompleteServerFormRejected_data()
{
    QTest::addColumn<QString>("emptied");
    QTest::addColumn<QString>("message");
    QTest::newRow("server") << QStringLiteral("host") << QStringLiteral("server's name or address");
    QTest::newRow("database") << QStringLiteral("database") << QStringLiteral("name of the database");
    QTest::newRow("user") << QStringLiteral("user") << QStringLiteral("PostgreSQL user name");
}

void TestDatabaseConnectionDialog::incompleteServerFormRejected()
{
    QFETCH(QString, emptied);
    QFETCH(QString, message);

    DatabaseConnectionDialog dialog(serverLocation(), {});
    dialog.findChild<QLineEdit *>(emptied)->clear();

    child<QPushButton>(dialog, "testButton")->click();
    QVERIFY(!dialog.testRunning());
    QVERIFY2(dialog.statusText().contains(message), qPrintable(dialog.statusText()));

    child<QPushButton>(dialog, "connectButton")->click();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(DesktopPreferences::value(DatabaseConnectionDialog::preferenceKey(), {}).isEmpty());
}

void TestDatabaseConnectionDialog::testReportsAMissingDatabase()
{
    if (m_url.isEmpty())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    DatabaseConnectionDialog dialog(serverLocation(), {});
    const QString missing = QStringLiteral("no_such_db_%1").arg(QCoreApplication::applicationPid());
    child<QLineEdit>(dialog, "database")->setText(missing);

    QVERIFY(runTest(dialog));
    QVERIFY2(dialog.statusText().contains(missing) && dialog.statusText().contains(QLatin1String("does not exist")),
             qPrintable(dialog.statusText()));
    QVERIFY(child<QPushButton>(dialog, "connectButton")->isEnabled());
}

void TestDatabaseConnectionDialog::testReportsASuccessfulConnection()
{
    if (m_url.isEmpty())
        QSKIP("PROSPECTA_TEST_PG_URL is not set");
    DatabaseConnectionDialog dialog(serverLocation(), {});
    QSignalSpy finished(&dialog, &DatabaseConnectionDialog::testFinished);
    QVERIFY(runTest(dialog));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY2(dialog.statusText().startsWith(QLatin1String("Connected to PostgreSQL")), qPrintable(dialog.statusText()));
}

// The URL goes to the preferences file and the password does not. It goes to the
// operating system's store or, without one, is used for this session only.
void TestDatabaseConnectionDialog::connectSavesThePreferenceWithoutThePassword()
{
    DatabaseConnectionDialog dialog(serverLocation(), {});
    child<QLineEdit>(dialog, "host")->setText(QStringLiteral("db.example.com"));
    child<QSpinBox>(dialog, "port")->setValue(6543);
    child<QLineEdit>(dialog, "password")->setText(QStringLiteral("secret-typed-here"));
    auto *tls = child<QComboBox>(dialog, "tls");
    tls->setCurrentIndex(tls->findData(QStringLiteral("verify-full")));
    MessageBoxes::prepareAnswer(QMessageBox::Ok); // "password not saved" where no store exists

    child<QPushButton>(dialog, "connectButton")->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const QString saved = DesktopPreferences::value(DatabaseConnectionDialog::preferenceKey(), {});
    auto reread = DatabaseLocation::parse(saved);
    QVERIFY2(reread, qPrintable(saved));
    QCOMPARE(reread->host, QStringLiteral("db.example.com"));
    QCOMPARE(reread->port, 6543);
    QCOMPARE(reread->options.value(QStringLiteral("sslmode")), QStringLiteral("verify-full"));

    // The location handed back carries the password for this run only.
    QCOMPARE(dialog.location()->password, QStringLiteral("secret-typed-here"));
    QSettings settings(QStringLiteral("Prospecta"), QStringLiteral("Prospecta"));
    settings.sync();
    QVERIFY2(settings.fileName().contains(QLatin1String(".qttest")), qPrintable(settings.fileName()));
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("secret-typed-here"));
}

void TestDatabaseConnectionDialog::startupProblemIsShown()
{
    const QString problem = QStringLiteral("Nothing answers on db.example.com, port 5432.");
    DatabaseConnectionDialog dialog(serverLocation(), problem);
    QCOMPARE(child<QLabel>(dialog, "problemLabel")->text(), problem);
}

QTEST_MAIN(TestDatabaseConnectionDialog)
#include "tst_databaseconnectiondialog.moc"
