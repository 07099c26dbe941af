// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InterruptGuard.h"

#include <atomic>
#include <iterator>

namespace Prospecta {

namespace {

// SIGHUP is POSIX and SIGBREAK is Windows's; <csignal> defines each only where it exists.
constexpr int stoppingSignals[] = {
    SIGINT,
    SIGTERM,
#ifdef SIGHUP
    SIGHUP,
#endif
#ifdef SIGBREAK
    SIGBREAK,
#endif
};

std::atomic<int> receivedSignal = 0;
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only use lock-free atomics");

extern "C" void recordSignal(int signal)
{
    receivedSignal = signal;
}

} // namespace

InterruptGuard::InterruptGuard()
{
    static_assert(std::size(stoppingSignals) <= MaxSignals, "InterruptGuard::MaxSignals is too small");
    receivedSignal = 0;
    for (size_t i = 0; i < std::size(stoppingSignals); ++i)
        m_previous[i] = std::signal(stoppingSignals[i], recordSignal);
}

InterruptGuard::~InterruptGuard()
{
    for (size_t i = 0; i < std::size(stoppingSignals); ++i)
        std::signal(stoppingSignals[i], m_previous[i] == SIG_ERR ? SIG_DFL : m_previous[i]);
}

int InterruptGuard::received()
{
    return receivedSignal;
}

} // namespace Prospecta
