// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SettingsRepository.h"

#include "Database.h"

#include <QSettings>

namespace Prospecta {

SettingsRepository::SettingsRepository(const Database &database)
    : m_database(database)
{
}

Result<SettingsSnapshot> SettingsRepository::load() const
{
    auto query = m_database.exec(QStringLiteral("SELECT key, value FROM settings"));
    if (!query)
        return query.error();
    QMap<QString, QString> stored;
    while (query->next())
        stored.insert(query->value(0).toString(), query->value(1).toString());
    query->finish();

    SettingsSnapshot snapshot;
    for (const SettingSpec &spec : SettingsCatalog::all()) {
        if (spec.scope == SettingSpec::Scope::Desktop)
            snapshot.set(spec.key, DesktopPreferences::value(spec.key, spec.defaultValue));
        else if (stored.contains(spec.key))
            snapshot.set(spec.key, stored.value(spec.key));
    }
    return snapshot;
}

Result<QString> SettingsRepository::set(const QString &key, const QString &value, qint64 nowMs) const
{
    const SettingSpec *spec = SettingsCatalog::find(key);
    if (!spec)
        return makeError(ErrorKind::InvalidArgument,
                         SettingsCatalog::tr("Unknown setting \"%1\". Valid settings: %2.")
                             .arg(key, SettingsCatalog::keys().join(QStringLiteral(", "))),
                         {key});
    auto canonical = SettingsCatalog::normalize(*spec, value);
    if (!canonical)
        return canonical;

    if (spec->scope == SettingSpec::Scope::Desktop) {
        DesktopPreferences::setValue(key, *canonical);
        return canonical;
    }

    auto stored = m_database.exec(
        QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"),
        {key, *canonical, nowMs});
    if (!stored)
        return stored.error();
    return canonical;
}

Result<QString> SettingsRepository::changeStamp() const
{
    auto query = m_database.exec(QStringLiteral("SELECT COUNT(*), MAX(updated_at) FROM settings"));
    if (!query)
        return query.error();
    QString stamp;
    if (query->next())
        stamp = query->value(0).toString() + QLatin1Char('/') + query->value(1).toString();
    query->finish();
    return stamp;
}

QString DesktopPreferences::value(const QString &key, const QString &fallback)
{
    QSettings settings(QStringLiteral("Prospecta"), QStringLiteral("Prospecta"));
    return settings.value(key, fallback).toString();
}

void DesktopPreferences::setValue(const QString &key, const QString &value)
{
    QSettings settings(QStringLiteral("Prospecta"), QStringLiteral("Prospecta"));
    settings.setValue(key, value);
    settings.sync();
}

} // namespace Prospecta
