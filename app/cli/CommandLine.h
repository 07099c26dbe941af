// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Prospecta {

// The exit statuses of the command line.
enum ExitStatus { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2 };

// The kind of run, decided before main() creates the application object.
struct LaunchMode
{
    enum class Kind { Gui, Headless, Command, Help, Version };
    Kind kind = Kind::Gui;
};

LaunchMode launchModeFor(const QStringList &arguments);

// Runs one subcommand (arguments without the program name) and returns the exit status.
// Results go to `out`, diagnostics to `err`. Needs a QCoreApplication.
int runCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

// The usage text printed by --help and after usage errors.
QString usageText();

} // namespace Prospecta
