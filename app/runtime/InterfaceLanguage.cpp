// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InterfaceLanguage.h"

#include "core/TextLanguage.h"
#include "storage/SettingsRepository.h"

#include <QCoreApplication>

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
    // Installed even when the process's language has no translation, because the server
    // responds to each request in the language the request names (TextLanguageScope).
    auto *translator = new ProspectaTranslator(locale, &app);
    QCoreApplication::installTranslator(translator);
    return translator->hasProcessTranslation();
}

} // namespace Prospecta
