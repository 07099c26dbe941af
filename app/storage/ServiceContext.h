// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IntegrationRepository.h"
#include "SettingsCatalog.h"

#include <functional>

namespace Prospecta {

class Clock;
class Database;

// The state every worker on the service thread shares: the writing connection, the clock,
// and the current settings and integrations (reloaded by the service when they change).
struct ServiceContext
{
    const Database &database;
    const Clock &clock;
    std::function<SettingsSnapshot()> settings;
    std::function<IntegrationValues(Provider)> integration;
};

} // namespace Prospecta
