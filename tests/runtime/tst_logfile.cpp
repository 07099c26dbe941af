// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Lines reach the log file through a writer thread of its own, none lost or reordered.

#include "LogFile.h"

#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QThread>
#include <QtTest>

#include <optional>

namespace {

Q_LOGGING_CATEGORY(lcLogTest, "prospecta.logtest")

QStringList logLines()
{
    QFile file(Prospecta::LogFile::path());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class LogFileTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyLineWrittenInOrder();
    void lineAfterStopWrittenAtOnce();
};

void LogFileTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(Prospecta::LogFile::path());
}

void LogFileTest::everyLineWrittenInOrder()
{
    constexpr int threadCount = 4;
    constexpr int linesPerThread = 10000; // 2.8 MB, below the 5 MB at which the file rotates
    {
        const auto logging = Prospecta::LogFile::install(false);
        QList<QThread *> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads << QThread::create([t] {
                for (int i = 0; i < linesPerThread; ++i)
                    qCInfo(lcLogTest, "thread %d line %d", t, i);
            });
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
    }

    // Each thread's lines appear once each, in the order it logged them.
    QList<int> nextLine(threadCount, 0);
    static const QRegularExpression pattern(QStringLiteral(" info prospecta\\.logtest: thread (\\d) line (\\d+)$"));
    for (const QString &line : logLines()) {
        const auto match = pattern.match(line);
        if (!match.hasMatch())
            continue;
        const int thread = match.captured(1).toInt();
        QCOMPARE(match.captured(2).toInt(), nextLine[thread]);
        ++nextLine[thread];
    }
    QCOMPARE(nextLine, QList<int>(threadCount, linesPerThread));
}

void LogFileTest::lineAfterStopWrittenAtOnce()
{
    std::optional<int> before;
    {
        const auto logging = Prospecta::LogFile::install(false);
        before = int(logLines().size());
    }
    qCWarning(lcLogTest, "written after the writer thread stopped");
    const QStringList lines = logLines();
    QVERIFY(lines.size() > *before);
    QVERIFY(lines.last().endsWith(QStringLiteral("warning prospecta.logtest: written after the writer thread stopped")));
}

QTEST_GUILESS_MAIN(LogFileTest)
#include "tst_logfile.moc"
