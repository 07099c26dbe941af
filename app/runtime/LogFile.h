// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Prospecta::LogFile {

// Installs the message handler that writes every log line to
// AppLocalDataLocation/logs/prospecta.log, rotated at 5 MB with 5 files kept, and also
// to standard error when `alsoToStandardError` is set (headless mode).
void install(bool alsoToStandardError);

QString path();

} // namespace Prospecta::LogFile
