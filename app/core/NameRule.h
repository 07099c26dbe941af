// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QString>

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
};

} // namespace Prospecta
