// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <optional>

namespace Prospecta {

// Passwords kept by the operating system for this user, never in Prospecta's database or
// files: Windows Credential Manager (generic credentials named "Prospecta:" + account),
// and elsewhere the Secret Service through libsecret's `secret-tool` (attributes
// service=prospecta, account=ACCOUNT), so no extra library is linked. Without a store
// (no secret-tool, no session bus) lookups find nothing and saving explains why.
class CredentialStore
{
public:
    // The password saved for `account`, or nullopt when there is none or no store.
    static std::optional<QString> lookup(const QString &account);

    static Status save(const QString &account, const QString &password);
    static Status remove(const QString &account);

    // Whether this desktop has a store Prospecta can use.
    static bool available();
};

} // namespace Prospecta
