// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LogFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QStandardPaths>

#include <cstdio>

namespace Prospecta::LogFile {

namespace {

constexpr qint64 maxFileBytes = 5 * 1024 * 1024;
constexpr int keptFiles = 5;

QMutex mutex;
QFile *file = nullptr;
bool toStandardError = false;

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

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line = QStringLiteral("%1 %2 %3: %4\n")
                                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                     QString::fromLatin1(levelName(type)),
                                     QString::fromLatin1(context.category ? context.category : "default"), message)
                                .toUtf8();
    QMutexLocker locker(&mutex);
    if (toStandardError) {
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    if (file && file->isOpen()) {
        if (file->size() + line.size() > maxFileBytes)
            rotate();
        file->write(line);
        file->flush();
    }
}

} // namespace

QString path()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("logs/prospecta.log"));
}

void install(bool alsoToStandardError)
{
    QMutexLocker locker(&mutex);
    toStandardError = alsoToStandardError;
    const QString logPath = path();
    QDir().mkpath(QFileInfo(logPath).absolutePath());
    file = new QFile(logPath);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        std::fprintf(stderr, "cannot open the log file %s\n", qPrintable(logPath));
    qInstallMessageHandler(handler);
}

} // namespace Prospecta::LogFile
