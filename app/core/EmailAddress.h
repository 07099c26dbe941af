// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRegularExpression>
#include <QString>

namespace Prospecta {

// True for text shaped like an email address: one "@" with something on each side, a dot
// in the domain, no spaces, at most 254 characters. Enough to catch typing mistakes
// without rejecting unusual but valid addresses; users, leads and imports share it.
inline bool isEmailAddress(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    return text.size() <= 254 && pattern.match(text).hasMatch();
}

} // namespace Prospecta
