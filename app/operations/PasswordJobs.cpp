// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PasswordJobs.h"

#include "security/PasswordHasher.h"

#include <QCoreApplication>
#include <QVariant>

namespace Prospecta {

void hashPasswordThen(HashingPool &pool, QObject *context, const QString &password,
                      std::function<void(Result<QString>)> done)
{
    if (auto allowed = PasswordHasher::checkPolicy(password); !allowed) {
        done(allowed.error());
        return;
    }
    auto queued = pool.submit(
        [password]() -> QVariant {
            auto hash = PasswordHasher::hash(password);
            return hash ? QVariant(*hash) : QVariant();
        },
        context,
        [done](const QVariant &hash) {
            if (hash.toString().isEmpty())
                done(makeError(ErrorKind::Unavailable, QCoreApplication::translate("Prospecta::PasswordJobs", "The password could not be hashed; try again.")));
            else
                done(hash.toString());
        });
    if (!queued) {
        Error error = queued.error();
        error.retryAfterMs = 2000;
        done(error);
    }
}

} // namespace Prospecta
