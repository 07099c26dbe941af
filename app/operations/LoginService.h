// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"
#include "core/Result.h"
#include "security/LoginThrottle.h"

#include <QCoreApplication>
#include <QObject>

#include <functional>
#include <memory>

namespace Prospecta {

class Clock;
class Database;
class HashingPool;

// Checks an email and password for the desktop's login dialog and the REST API, on the
// service thread, with the password verified on the hashing thread. Failures are
// throttled per email and client (LoginThrottle); an unknown email is checked against a
// decoy hash so it is answered like a wrong password, in the same time. A hash made
// with older parameters is replaced after a successful login.
class LoginService : public QObject
{
    Q_OBJECT

public:
    // The client name of the desktop's own login dialog.
    static QString desktopClient() { return QStringLiteral("desktop"); }

    LoginService(const Database &database, std::shared_ptr<const Clock> clock, HashingPool &pool,
                 QObject *parent = nullptr);

    using Done = std::function<void(const Result<Principal> &)>;

    // `done` runs on this object's thread, once. Errors: Unauthorized (wrong email or
    // password, or a deactivated account), TooManyRequests (with retryAfterMs),
    // Unavailable (the hashing queue is full).
    void login(const QString &email, const QString &password, const QString &client, Done done);

    LoginThrottle &throttle() { return m_throttle; }

private:
    void finish(const QString &emailKey, const QString &typedEmail, const QString &client, qint64 userId,
                bool verified, const QString &newHash, const Done &done);
    Error failed(const QString &emailKey, const QString &typedEmail, const QString &client, const QString &reason);

    const Database &m_database;
    std::shared_ptr<const Clock> m_clock;
    HashingPool &m_pool;
    LoginThrottle m_throttle;
};

} // namespace Prospecta
