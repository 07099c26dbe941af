// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace Prospecta {

// The rule for the names people give leads, users and campaigns: at most MaxLength
// characters, and no tab, line break or other control character, because those would
// break lists, the CSV export and the audit log.
class NameRule
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::NameRule)

public:
    static constexpr int MaxLength = 200;

    // Returns an InvalidArgument error naming `field` when `trimmedName` breaks the rule.
    // An empty name passes, because whether one is required depends on the caller.
    static Status check(const QString &trimmedName, const QString &field);

    // The first control character of `text` other than a line feed or a tab, or nothing.
    // Multi-line texts (a campaign's welcome message, an AI agent's instructions) follow
    // this rule, because other control characters, such as ESC, would reach terminals
    // raw through `campaign list` and leads through the AI agents.
    static std::optional<QChar> forbiddenTextCharacter(const QString &text);
};

} // namespace Prospecta
