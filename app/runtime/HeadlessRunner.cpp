// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "HeadlessRunner.h"

#include "core/Logging.h"

#include <QCoreApplication>

#include <csignal>

namespace Prospecta {

namespace {

extern "C" void onTerminationSignal(int)
{
    // Only async-signal-safe work here: ask the event loop to stop.
    QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
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
    qCInfo(lcRuntime).noquote() << "Prospecta" << QStringLiteral(PROSPECTA_VERSION) << "headless, webhook server on"
                                << host.listenAddress();
    const int status = QCoreApplication::exec();
    host.stop();
    return status;
}

} // namespace Prospecta
