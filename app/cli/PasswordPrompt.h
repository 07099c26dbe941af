// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace Prospecta {

// Reads a password as one line from standard input. On a terminal the prompt goes to
// standard error and typing is not echoed (termios on POSIX, SetConsoleMode on
// Windows); from a pipe the line is read as it comes, without a prompt.
class PasswordPrompt
{
public:
    static Result<QString> readLine(const QString &prompt);
};

} // namespace Prospecta
