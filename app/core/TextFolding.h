// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Prospecta::TextFolding {

// Text folded for matching: lower case, accents removed (canonical decomposition
// without its combining marks), so "Promoción" and "PROMOCION" compare equal.
QString fold(const QString &text);

// True when the folded keyword appears in the folded text as a whole word: bounded by
// the text's ends or by characters that are neither letters nor digits.
bool containsWholeWord(const QString &foldedText, const QString &foldedKeyword);

// The folded words of `text` (runs of letters and digits), in order.
QStringList words(const QString &text);

// The words of `text` as stored for search: folded, each between single spaces
// (" ana lopez promocion "), so a SQL LIKE '% word %' finds a whole word and
// LIKE '% wor%' a word's start, the same way on SQLite and PostgreSQL.
QString searchText(const QString &text);

} // namespace Prospecta::TextFolding
