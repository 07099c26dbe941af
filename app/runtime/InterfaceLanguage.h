// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>

class QCoreApplication;

namespace Prospecta {

// The language of the interface: the ui.language preference, where "system" follows the
// desktop (LANG, LC_MESSAGES). Dates and numbers keep the desktop's own locale either way.
QLocale interfaceLocale();

// Installs Prospecta's translation for `locale` from the resources, owned by `app`, so
// the desktop, the command line's messages and --headless's errors speak the same
// language. Returns false when there is none (English needs none).
bool installProspectaTranslator(QCoreApplication &app, const QLocale &locale);

} // namespace Prospecta
