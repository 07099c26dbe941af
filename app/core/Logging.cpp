// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Logging.h"

Q_LOGGING_CATEGORY(lcStorage, "prospecta.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "prospecta.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAgents, "prospecta.agents", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGupshup, "prospecta.channels.gupshup", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPhone, "prospecta.channels.phone", QtInfoMsg)
Q_LOGGING_CATEGORY(lcJobs, "prospecta.jobs", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "prospecta.security", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRuntime, "prospecta.runtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "prospecta.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "prospecta.ui", QtInfoMsg)
