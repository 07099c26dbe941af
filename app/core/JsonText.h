// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace Prospecta::JsonText {

// Appends `text` to `out` as a JSON string literal, as Gupshup's request examples write
// it: non-ASCII raw, '/' unescaped, other control characters as \u00XX, a lone surrogate
// as U+FFFD. Cheaper than QJsonDocument for the thousands of search terms an import
// writes per second.
void appendQuoted(QString &out, QStringView text);

inline QString quoted(QStringView text)
{
    QString out;
    out.reserve(text.size() + 2);
    appendQuoted(out, text);
    return out;
}

} // namespace Prospecta::JsonText
