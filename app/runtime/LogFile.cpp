// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LogFile.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace Prospecta::LogFile {

namespace {

constexpr qint64 maxFileBytes = 5 * 1024 * 1024;
constexpr int keptFiles = 5;
// A thread that logs faster than the disk takes lines waits beyond this many queued lines,
// so a flood of messages cannot fill the memory.
constexpr qsizetype maxQueuedLines = 100000;

// The file and standard error belong to the writer thread while it runs, and otherwise to
// the thread that has locked `mutex`.
std::mutex mutex;
std::condition_variable linesQueued;
std::condition_variable queueShrank;
QByteArrayList queue;
bool writerRunning = false;
bool stopRequested = false;
// Never destroyed, because destroying a joinable std::thread calls std::terminate, and a
// program may exit without stopping the writer.
std::thread *writer = nullptr;
QFile *file = nullptr;
bool toStandardError = false;
// The last warnings and critical messages that went only to the file. A fatal message
// writes them to standard error before itself, because the warnings before an abort (no
// display, say) often give its cause, and the log file is not where people look first.
constexpr qsizetype keptWarnings = 8;
QByteArrayList recentWarnings;

void rotate()
{
    file->close();
    const QString base = file->fileName();
    QFile::remove(base + QStringLiteral(".%1").arg(keptFiles - 1));
    for (int i = keptFiles - 2; i >= 1; --i)
        QFile::rename(base + QStringLiteral(".%1").arg(i), base + QStringLiteral(".%1").arg(i + 1));
    QFile::rename(base, base + QStringLiteral(".1"));
    file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

void writeLines(const QByteArrayList &lines)
{
    if (toStandardError) {
        for (const QByteArray &line : lines)
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    if (file && file->isOpen()) {
        for (const QByteArray &line : lines) {
            if (file->size() + line.size() > maxFileBytes)
                rotate();
            file->write(line);
        }
        file->flush();
    }
}

void writeQueue()
{
    std::unique_lock lock(mutex);
    for (;;) {
        linesQueued.wait(lock, [] { return !queue.isEmpty() || stopRequested; });
        if (queue.isEmpty())
            return;
        QByteArrayList lines;
        lines.swap(queue);
        queueShrank.notify_all();
        lock.unlock();
        writeLines(lines);
        lock.lock();
    }
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "info";
}

void stopWriter()
{
    {
        std::lock_guard lock(mutex);
        if (!writerRunning)
            return;
        stopRequested = true;
    }
    linesQueued.notify_all();
    writer->join();
    std::lock_guard lock(mutex);
    delete writer;
    writer = nullptr;
    writerRunning = false;
    stopRequested = false;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QByteArray line = QStringLiteral("%1 %2 %3: %4\n")
                          .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                               QString::fromLatin1(levelName(type)),
                               QString::fromLatin1(context.category ? context.category : "default"), message)
                          .toUtf8();
    if (type == QtFatalMsg) {
        // The process aborts after this handler returns, so the line and everything
        // queued before it are written here.
        stopWriter();
        std::lock_guard lock(mutex);
        writeLines({line});
        if (!toStandardError) {
            for (const QByteArray &warning : std::as_const(recentWarnings))
                std::fwrite(warning.constData(), 1, size_t(warning.size()), stderr);
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fflush(stderr);
        }
        return;
    }
    std::unique_lock lock(mutex);
    if (!toStandardError && (type == QtWarningMsg || type == QtCriticalMsg)) {
        if (recentWarnings.size() == keptWarnings)
            recentWarnings.removeFirst();
        recentWarnings.append(line);
    }
    if (!writerRunning) {
        writeLines({line});
        return;
    }
    queueShrank.wait(lock, [] { return queue.size() < maxQueuedLines; });
    queue.append(std::move(line));
    lock.unlock();
    linesQueued.notify_one();
}

} // namespace

Installation::~Installation()
{
    stopWriter();
}

QString path()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("logs/prospecta.log"));
}

Installation install(bool alsoToStandardError)
{
    // The writer thread uses the file without the lock, so it stops before the file changes.
    stopWriter();
    std::lock_guard lock(mutex);
    toStandardError = alsoToStandardError;
    const QString logPath = path();
    QDir().mkpath(QFileInfo(logPath).absolutePath());
    delete file;
    file = new QFile(logPath);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        // Translated when the caller installed the translator first, as the command line does.
        const QString warning = QCoreApplication::translate("Prospecta::LogFile",
                                                            "Warning: cannot open the log file %1 (%2), so this run "
                                                            "keeps no log. Check that you may write to its folder.")
                                    .arg(QDir::toNativeSeparators(logPath), file->errorString());
        std::fprintf(stderr, "%s\n", warning.toLocal8Bit().constData());
    }
    writer = new std::thread(writeQueue);
    writerRunning = true;
    qInstallMessageHandler(handler);
    return Installation{};
}

} // namespace Prospecta::LogFile
