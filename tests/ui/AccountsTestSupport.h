// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Users for the GUI suites, made through the running service as the dialogs make them:
// ServiceCore operations sent with ServiceHost::request, whose answers are awaited here.

#include "ServiceHarness.h"
#include "accounts/Authorizer.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QObject>
#include <QTest>

#include <functional>
#include <optional>

namespace Prospecta::Testing {

// Password hashing takes about 100 ms per user, so a few users fit well in the timeout.
constexpr int ServiceAnswerTimeoutMs = 15000;

// Runs `work` on the service thread and waits for its answer. An Internal error when no
// answer came in time.
template<typename T>
Result<T> awaitService(ServiceHost &host, std::function<void(ServiceCore &, std::function<void(Result<T>)>)> work)
{
    QObject context;
    std::optional<Result<T>> answer;
    host.request<T>(&context, std::move(work), [&answer](const Result<T> &result) { answer = result; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, ServiceAnswerTimeoutMs))
        return makeError(ErrorKind::Internal, QStringLiteral("The service did not answer in time."));
    return *answer;
}

inline Result<qint64> createFirstAdmin(ServiceHost &host, const QString &name, const QString &email,
                                       const QString &password)
{
    const User user{0, name, email, UserRole::Admin, true};
    return awaitService<qint64>(host, [user, password](ServiceCore &core, std::function<void(Result<qint64>)> reply) {
        core.createFirstAdmin(user, password, std::move(reply));
    });
}

inline Result<qint64> addUser(ServiceHost &host, const Actor &actor, const QString &name, const QString &email,
                              UserRole role, const QString &password)
{
    const User user{0, name, email, role, true};
    return awaitService<qint64>(host, [actor, user, password](ServiceCore &core, std::function<void(Result<qint64>)> reply) {
        core.addUser(actor, user, password, std::move(reply));
    });
}

inline Status setUserActive(ServiceHost &host, const Actor &actor, const QString &email, bool active)
{
    const auto changed = awaitService<bool>(host, [actor, email, active](ServiceCore &core, std::function<void(Result<bool>)> reply) {
        const Status status = core.setUserActive(actor, email, active);
        reply(status.ok() ? Result<bool>(true) : Result<bool>(status.error()));
    });
    return changed.ok() ? Status() : Status(changed.error());
}

// The user's current role and name, as the login dialog would return them.
inline Result<Principal> resolve(ServiceHost &host, qint64 userId)
{
    return awaitService<Principal>(host, [userId](ServiceCore &core, std::function<void(Result<Principal>)> reply) {
        reply(core.resolve(Actor::user(userId)));
    });
}

} // namespace Prospecta::Testing
