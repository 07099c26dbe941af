// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Fixtures.h"

#include <QFile>

namespace Prospecta::Testing {

QByteArray fixtureBytes(const QString &pathUnderFixtures)
{
    QFile file(QStringLiteral(PROSPECTA_FIXTURES_DIR "/") + pathUnderFixtures);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s: %s", qPrintable(file.fileName()), qPrintable(file.errorString()));
    return file.readAll();
}

} // namespace Prospecta::Testing
