// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InterfaceLanguage.h"

#include "core/Logging.h"
#include "storage/SettingsRepository.h"

#include <QCoreApplication>
#include <QTranslator>

namespace Prospecta {

QLocale interfaceLocale()
{
    const QString language = DesktopPreferences::value(QStringLiteral("ui.language"), QStringLiteral("system"));
    if (language == QLatin1String("es"))
        return QLocale(QLocale::Spanish, QLocale::LatinAmerica);
    if (language == QLatin1String("en"))
        return QLocale(QLocale::English, QLocale::UnitedStates);
    return QLocale::system();
}

bool installProspectaTranslator(QCoreApplication &app, const QLocale &locale)
{
    auto *translator = new QTranslator(&app);
    if (!translator->load(locale, QStringLiteral("prospecta"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        qCDebug(lcRuntime) << "No Prospecta translation for" << locale.name();
        delete translator;
        return false;
    }
    return QCoreApplication::installTranslator(translator);
}

} // namespace Prospecta
