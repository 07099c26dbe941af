// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "HeadlessRunner.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>

namespace Prospecta {

namespace {

std::atomic<int> stopSignal = 0;
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only use lock-free atomics");

// Only async-signal-safe work here, so the handler records the signal and a timer on the
// event loop acts on it. Posting an event from here would allocate and take locks, which a
// signal handler must not do.
extern "C" void onTerminationSignal(int signal)
{
    stopSignal = signal;
}

} // namespace

int runHeadless(const ServiceOptions &options)
{
    ServiceHost host(options);
    if (auto started = host.start(); !started) {
        qCCritical(lcRuntime).noquote() << started.error().message;
        return 1;
    }
    std::signal(SIGINT, onTerminationSignal);
    std::signal(SIGTERM, onTerminationSignal);
    // A closed terminal ended the service without its orderly stop. SIGHUP is POSIX and
    // SIGBREAK is Windows's; <csignal> defines each only where it exists.
#ifdef SIGHUP
    std::signal(SIGHUP, onTerminationSignal);
#endif
#ifdef SIGBREAK
    std::signal(SIGBREAK, onTerminationSignal);
#endif
    // The event loop looks for a stop signal ten times a second, which bounds how long a
    // stop waits before the service shuts down.
    QTimer stopCheck;
    stopCheck.callOnTimeout(QCoreApplication::instance(), [] {
        if (const int signal = stopSignal.exchange(0); signal != 0) {
            qCInfo(lcRuntime) << "stopping on signal" << signal;
            QCoreApplication::quit();
        }
    });
    stopCheck.start(100);
    qCInfo(lcRuntime).noquote() << "Prospecta" << QStringLiteral(PROSPECTA_VERSION) << "headless, webhook server on"
                                << host.listenAddress();
    const int status = QCoreApplication::exec();
    host.stop();
    return status;
}

} // namespace Prospecta
