// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>

class QCoreApplication;

namespace Prospecta {

// The language of the interface: the ui.language preference, where "system" follows the
// desktop (LANG, LC_MESSAGES). Dates and numbers keep the desktop's own locale either way.
QLocale interfaceLocale();

// Installs Prospecta's translations from the resources, owned by `app`, so the desktop,
// the command line's messages and --headless's errors speak the language of `locale`,
// and the server's responses the language of each request. Returns false when `locale`'s
// language has no translation (English needs none).
bool installProspectaTranslator(QCoreApplication &app, const QLocale &locale);

} // namespace Prospecta
