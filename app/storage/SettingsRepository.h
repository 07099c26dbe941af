// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SettingsCatalog.h"
#include "core/Result.h"

namespace Prospecta {

class Database;

// Reads and writes settings where they live: installation settings in the database's
// settings table, desktop preferences in QSettings.
class SettingsRepository
{
public:
    explicit SettingsRepository(const Database &database);

    Result<SettingsSnapshot> load() const;

    // Checks and stores one value; returns its canonical form. An unknown key is
    // ErrorKind::InvalidArgument listing the valid keys.
    Result<QString> set(const QString &key, const QString &value, qint64 nowMs) const;

    // Changes whenever any installation setting changes; cheap enough to poll.
    Result<QString> changeStamp() const;

private:
    const Database &m_database;
};

// The per-desktop preferences file (QSettings, organisation "Prospecta").
class DesktopPreferences
{
public:
    static QString value(const QString &key, const QString &fallback);
    static void setValue(const QString &key, const QString &value);
};

} // namespace Prospecta
