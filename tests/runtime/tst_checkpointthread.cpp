// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// WAL checkpoints on a thread of their own copy pages while the writer keeps committing.
// With the writer's short checkpoint after each one, the WAL file starts over instead of
// growing for as long as writes keep coming.

#include "CheckpointThread.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Prospecta;

class CheckpointThreadTest : public QObject
{
    Q_OBJECT

private slots:
    void walStartsOverUnderSteadyWrites();
};

void CheckpointThreadTest::walStartsOverUnderSteadyWrites()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DatabaseLocation location;
    location.engine = SqlEngine::Sqlite;
    location.filePath = dir.filePath(QStringLiteral("wal.db"));

    Database writer;
    QVERIFY(writer.open(location, QStringLiteral("writer")).ok());
    QVERIFY(writer.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB)")).ok());

    // The WAL's length seen by each of the writer's checkpoints: it falls only when the
    // WAL file started over.
    QList<qint64> walLengths;
    CheckpointThread checkpoints(location, 20);
    connect(&checkpoints, &CheckpointThread::walCopied, this, [&] {
        auto progress = writer.checkpoint(Database::CheckpointMode::Passive);
        QVERIFY(progress.ok());
        if (!progress->busy)
            walLengths << progress->walFrames;
    });
    checkpoints.start();

    const QByteArray body(3000, 'x');
    const QDeadlineTimer deadline(30000);
    auto startedOver = [&] {
        for (qsizetype i = 1; i < walLengths.size(); ++i) {
            if (walLengths.at(i) < walLengths.at(i - 1))
                return true;
        }
        return false;
    };
    int commits = 0;
    while (!(startedOver() && walLengths.size() >= 3) && !deadline.hasExpired()) {
        QVERIFY(writer.insert(QStringLiteral("INSERT INTO notes (body) VALUES (?) RETURNING id"), {body}).ok());
        ++commits;
        QCoreApplication::processEvents();
    }
    QStringList lengths;
    for (qint64 length : std::as_const(walLengths))
        lengths << QString::number(length);
    QVERIFY2(startedOver(), qPrintable(QStringLiteral("%1 commits, WAL lengths at the writer's checkpoints: %2")
                                           .arg(commits)
                                           .arg(lengths.join(QStringLiteral(", ")))));

    // Every row is readable from a connection that opens the file afresh.
    Database reader;
    QVERIFY(reader.open(location, QStringLiteral("reader")).ok());
    auto rows = reader.scalar(QStringLiteral("SELECT COUNT(*) FROM notes"));
    QVERIFY(rows.ok());
    QCOMPARE(rows->toInt(), commits);
}

QTEST_GUILESS_MAIN(CheckpointThreadTest)
#include "tst_checkpointthread.moc"
