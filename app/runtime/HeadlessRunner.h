// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ServiceHost.h"

namespace Prospecta {

// `prospecta --headless`: the service without widgets, until SIGINT (Ctrl+C), SIGTERM,
// SIGHUP (the terminal closed) or, on Windows, SIGBREAK (Ctrl+Break) stops it. Needs a
// QCoreApplication; returns the exit status.
int runHeadless(const ServiceOptions &options);

} // namespace Prospecta
