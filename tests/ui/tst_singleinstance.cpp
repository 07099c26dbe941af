// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A second launch of the desktop app on the same database finds the first one, asks it to
// show its window and gets an answer; a launch on another database does not.

#include "SingleInstance.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Prospecta;

namespace {

// activateRunning() blocks, and the running instance answers from its event loop, so the
// second launch runs on its own thread as it would in its own process.
bool activateFromAnotherThread(const QString &databaseName)
{
    std::atomic_bool answered = false;
    QThread *launch = QThread::create([&answered, databaseName] {
        SingleInstance second(databaseName);
        answered = second.activateRunning(3000);
    });
    launch->start();
    const bool finished = QTest::qWaitFor([launch] { return launch->isFinished(); }, 10000);
    launch->wait();
    delete launch;
    return finished && answered;
}

} // namespace

class SingleInstanceTest : public QObject
{
    Q_OBJECT

private slots:
    void secondLaunchActivatesFirst();
    void otherDatabaseIsAnotherInstance();
    void nothingRunningAnswersNo();
};

void SingleInstanceTest::secondLaunchActivatesFirst()
{
    const QString database = QStringLiteral("/tmp/tst_singleinstance/%1.db").arg(QCoreApplication::applicationPid());
    SingleInstance first(database);
    QVERIFY(first.listen());
    QSignalSpy activations(&first, &SingleInstance::activationRequested);

    QVERIFY(activateFromAnotherThread(database));
    QCOMPARE(activations.size(), 1);
}

void SingleInstanceTest::otherDatabaseIsAnotherInstance()
{
    const QString database = QStringLiteral("/tmp/tst_singleinstance/a-%1.db").arg(QCoreApplication::applicationPid());
    SingleInstance first(database);
    QVERIFY(first.listen());
    QSignalSpy activations(&first, &SingleInstance::activationRequested);

    QVERIFY(SingleInstance(database).serverName() != SingleInstance(database + QStringLiteral("x")).serverName());
    QVERIFY(!activateFromAnotherThread(database + QStringLiteral("x")));
    QCOMPARE(activations.size(), 0);
}

void SingleInstanceTest::nothingRunningAnswersNo()
{
    SingleInstance lonely(QStringLiteral("/tmp/tst_singleinstance/none-%1.db").arg(QCoreApplication::applicationPid()));
    QVERIFY(!lonely.activateRunning(200));
}

QTEST_MAIN(SingleInstanceTest)
#include "tst_singleinstance.moc"
