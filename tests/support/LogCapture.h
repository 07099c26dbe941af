// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace Prospecta::Testing {

// Captures every log message of every thread while it exists, with Prospecta's debug and
// info output switched on whatever QT_LOGGING_RULES sets, so that no line the code could
// write escapes a check for secrets. Messages other than debug still reach the previous
// handler. One capture at a time.
class LogCapture
{
public:
    struct Line
    {
        QtMsgType type;
        QString text; // "category: message"
    };

    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    QList<Line> lines() const;
    QStringList texts() const;
};

} // namespace Prospecta::Testing
