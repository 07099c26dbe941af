// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <csignal>

namespace Prospecta {

// Catches SIGINT (Ctrl+C) and SIGTERM while it exists, so that a long command stops where
// its data is consistent (after an import batch, before a copy commits) instead of dying
// midway. The previous handlers come back when it is destroyed. Only one may exist at a
// time.
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    // The signal that arrived since the guard was made (SIGINT or SIGTERM), or 0. Safe on
    // any thread, because the signal may arrive on another thread than the one that checks.
    static int received();

private:
    void (*m_previousInterrupt)(int) = SIG_DFL;
    void (*m_previousTerminate)(int) = SIG_DFL;
};

} // namespace Prospecta
