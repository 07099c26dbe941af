// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextFolding.h"

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
    auto isWordChar = [](QChar c) { return c.isLetterOrNumber(); };
    qsizetype from = 0;
    while (true) {
        const qsizetype at = foldedText.indexOf(foldedKeyword, from);
        if (at < 0)
            return false;
        const qsizetype end = at + foldedKeyword.size();
        const bool startOk = at == 0 || !isWordChar(foldedText.at(at - 1));
        const bool endOk = end == foldedText.size() || !isWordChar(foldedText.at(end));
        if (startOk && endOk)
            return true;
        from = at + 1;
    }
}

} // namespace Prospecta::TextFolding
