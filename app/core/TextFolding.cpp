// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextFolding.h"

#include <QTextBoundaryFinder>

namespace Prospecta::TextFolding {

QString fold(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString folded;
    folded.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        folded.append(c);
    }
    return folded.toCaseFolded().normalized(QString::NormalizationForm_C);
}

bool containsWholeWord(const QString &foldedText, const QString &foldedKeyword)
{
    if (foldedKeyword.isEmpty())
        return false;

    // Word boundaries as Unicode defines them (UAX #29), so "promoción" inside
    // "promociones" is not a match but "promoción," is.
    QTextBoundaryFinder words(QTextBoundaryFinder::Word, foldedText);
    qsizetype from = 0;
    while (true) {
        const qsizetype index = foldedText.indexOf(foldedKeyword, from);
        if (index < 0)
            return false;
        const qsizetype end = index + foldedKeyword.size();

        words.setPosition(index);
        const bool startsWord = words.isAtBoundary()
            && words.boundaryReasons().testFlag(QTextBoundaryFinder::StartOfItem);
        words.setPosition(end);
        const bool endsWord = words.isAtBoundary()
            && words.boundaryReasons().testFlag(QTextBoundaryFinder::EndOfItem);
        if (startsWord && endsWord)
            return true;
        from = index + 1;
    }
}

QStringList words(const QString &text)
{
    const QString folded = fold(text);
    QStringList result;
    QString current;
    for (const QChar c : folded) {
        if (c.isLetterOrNumber()) {
            current.append(c);
        } else if (!current.isEmpty()) {
            result << current;
            current.clear();
        }
    }
    if (!current.isEmpty())
        result << current;
    return result;
}

QString searchText(const QString &text)
{
    const QStringList found = words(text);
    if (found.isEmpty())
        return {};
    return QLatin1Char(' ') + found.join(QLatin1Char(' ')) + QLatin1Char(' ');
}

} // namespace Prospecta::TextFolding
