// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LogCapture.h"

#include <QLoggingCategory>
#include <QMutex>

namespace Prospecta::Testing {

namespace {

// Message handlers and category filters are plain functions, so the capture lives here.
QMutex capturedMutex;
QList<LogCapture::Line> captured;
QtMessageHandler previousMessageHandler = nullptr;
QLoggingCategory::CategoryFilter previousCategoryFilter = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker locker(&capturedMutex);
        captured.append({type, QString::fromLatin1(context.category ? context.category : "default")
                                   + QLatin1String(": ") + message});
    }
    if (previousMessageHandler && type != QtDebugMsg)
        previousMessageHandler(type, context, message);
}

void enableProspectaDebug(QLoggingCategory *category)
{
    if (previousCategoryFilter)
        previousCategoryFilter(category);
    if (qstrncmp(category->categoryName(), "prospecta.", 10) == 0) {
        category->setEnabled(QtDebugMsg, true);
        category->setEnabled(QtInfoMsg, true);
    }
}

} // namespace

LogCapture::LogCapture()
{
    {
        QMutexLocker locker(&capturedMutex);
        captured.clear();
    }
    previousMessageHandler = qInstallMessageHandler(captureMessage);
    previousCategoryFilter = QLoggingCategory::installFilter(enableProspectaDebug);
}

LogCapture::~LogCapture()
{
    QLoggingCategory::installFilter(previousCategoryFilter);
    qInstallMessageHandler(previousMessageHandler);
    QMutexLocker locker(&capturedMutex);
    captured.clear();
}

QList<LogCapture::Line> LogCapture::lines() const
{
    QMutexLocker locker(&capturedMutex);
    return captured;
}

QStringList LogCapture::texts() const
{
    QStringList texts;
    for (const Line &line : lines())
        texts.append(line.text);
    return texts;
}

} // namespace Prospecta::Testing
