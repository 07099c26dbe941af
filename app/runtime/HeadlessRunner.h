// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ServiceHost.h"

namespace Prospecta {

// `prospecta --headless`: the service without widgets, until SIGINT/SIGTERM (Ctrl+C or
// the console closing on Windows). Needs a QCoreApplication; returns the exit status.
int runHeadless(const ServiceOptions &options);

} // namespace Prospecta
