// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InterruptGuard.h"

#include <atomic>

namespace Prospecta {

namespace {

std::atomic<int> receivedSignal = 0;
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only use lock-free atomics");

extern "C" void recordSignal(int signal)
{
    receivedSignal = signal;
}

} // namespace

InterruptGuard::InterruptGuard()
{
    receivedSignal = 0;
    m_previousInterrupt = std::signal(SIGINT, recordSignal);
    m_previousTerminate = std::signal(SIGTERM, recordSignal);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, m_previousInterrupt == SIG_ERR ? SIG_DFL : m_previousInterrupt);
    std::signal(SIGTERM, m_previousTerminate == SIG_ERR ? SIG_DFL : m_previousTerminate);
}

int InterruptGuard::received()
{
    return receivedSignal;
}

} // namespace Prospecta
