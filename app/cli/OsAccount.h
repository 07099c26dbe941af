// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Prospecta {

// The operating-system account that runs this process, as the audit log names the
// command line: the effective user's login name on POSIX (getpwuid), GetUserNameW on
// Windows. Environment variables are not trusted for this (anyone can set USER); they
// are used only when the system has no name for the account.
QString currentOsAccount();

} // namespace Prospecta
