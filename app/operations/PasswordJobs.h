// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <functional>

class QObject;

namespace Prospecta {

class HashingPool;

// Checks `password` against the rules, hashes it on `pool`'s thread and runs `done` with
// the hash (or the refusal) on `context`'s thread. A password that breaks the rules, or a
// full queue, is answered at once without hashing.
void hashPasswordThen(HashingPool &pool, QObject *context, const QString &password,
                      std::function<void(Result<QString>)> done);

} // namespace Prospecta
