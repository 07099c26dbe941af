// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <csignal>

namespace Prospecta {

// Catches the signals that ask a program to stop while it exists, so that a long command
// stops where its data is consistent (after an import batch, before a copy commits)
// instead of dying midway. They are SIGINT (Ctrl+C) and SIGTERM everywhere, SIGHUP (the
// terminal was closed) where it exists, and SIGBREAK (Ctrl+Break) on Windows, and each has
// the same effect. The previous handlers come back when it is destroyed. Only one may
// exist at a time.
// NOTE: closing the console window on Windows is not covered. Windows ends the process as
// soon as its console control handler returns
// (https://learn.microsoft.com/windows/console/ctrl-close-signal), so recording the signal
// does not give the command time to stop cleanly.
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    // The signal that arrived since the guard was made, or 0. Safe on any thread, because
    // the signal may arrive on another thread than the one that checks.
    static int received();

private:
    // SIGINT, SIGTERM, and SIGHUP or SIGBREAK.
    static constexpr int MaxSignals = 3;
    void (*m_previous[MaxSignals])(int) = {};
};

} // namespace Prospecta
