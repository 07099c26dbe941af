// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Prospecta::TextFolding {

// Text folded for matching: lower case, accents removed (canonical decomposition
// without its combining marks), so "Promoción" and "PROMOCION" compare equal.
QString fold(const QString &text);

// True when the folded keyword appears in the folded text as a whole word: bounded by
// the text's ends or by characters that are neither letters nor digits.
bool containsWholeWord(const QString &foldedText, const QString &foldedKeyword);

} // namespace Prospecta::TextFolding
