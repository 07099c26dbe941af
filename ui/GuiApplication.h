// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Prospecta {

struct ServiceOptions;

// Runs the desktop app: creates the QApplication, loads the translations for the
// ui.language preference, starts the service (database, webhook server, workers) and
// the snapshot reader, and shows the first-run or login dialog, then the main window
// (DesktopController). Returns the exit status: 1 when the service cannot start (after
// telling the user why), otherwise the event loop's.
int runGui(int &argc, char **argv, const ServiceOptions &options);

} // namespace Prospecta
