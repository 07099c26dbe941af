// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "NameRule.h"

#include <algorithm>

namespace Prospecta {

Status NameRule::check(const QString &trimmedName, const QString &field)
{
    if (trimmedName.size() > MaxLength)
        return makeError(ErrorKind::InvalidArgument,
                         tr("The name is longer than %1 characters; shorten it.").arg(MaxLength), {field});
    if (std::any_of(trimmedName.cbegin(), trimmedName.cend(),
                    [](QChar c) { return c.category() == QChar::Other_Control; }))
        return makeError(ErrorKind::InvalidArgument,
                         tr("The name contains a tab, a line break or another control character; remove it."),
                         {field});
    return {};
}

std::optional<QChar> NameRule::forbiddenTextCharacter(const QString &text)
{
    const auto forbidden = std::find_if(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t');
    });
    if (forbidden == text.cend())
        return std::nullopt;
    return *forbidden;
}

} // namespace Prospecta
