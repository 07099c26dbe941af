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
    // One line; bytes that are not valid UTF-8 are rejected (InvalidArgument) rather than
    // replaced, which would make a password that can never be typed again.
    static Result<QString> readLine(const QString &prompt);

    // A new password: on a terminal it is asked twice and must match, because a typo
    // cannot be seen; from a pipe it is read once.
    static Result<QString> readNewPassword();
};

} // namespace Prospecta
