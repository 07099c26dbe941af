// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QObject>
#include <QString>
#include <QVariant>

#include <atomic>
#include <functional>
#include <memory>

class QThreadPool;

namespace Prospecta {

// Argon2id password hashes in libsodium's crypto_pwhash_str format ("$argon2id$v=19$m=…").
// Hashing costs tens of milliseconds and tens of megabytes on purpose, so these functions
// are only called from the HashingPool below or from the command line's main thread,
// never from the service (server) thread or the GUI thread.
class PasswordHasher
{
public:
    // The shortest password accepted, in characters (not bytes).
    static constexpr int minimumLength = 10;

    // The longest password accepted, in characters.
    static constexpr int maximumLength = 1024;

    // Rejects passwords shorter than minimumLength (the message states the number in
    // digits) or longer than maximumLength, passwords that are only white space and
    // passwords with a control character (Unicode category Cc: U+0000 to U+001F, tab
    // and line ends included, and U+007F to U+009F).
    // Characters are Unicode code points, so an emoji counts as one.
    // ErrorKind::InvalidArgument with the field "password".
    static Status checkPolicy(const QString &password);

    // A new hash with the current parameters (libsodium's interactive limits).
    static Result<QString> hash(const QString &password);

    // True when `password` matches `storedHash`. A malformed hash never matches.
    static bool verify(const QString &storedHash, const QString &password);

    // True when `storedHash` was made with other parameters or another algorithm than
    // hash() uses now, so a successful login should store a fresh hash.
    static bool needsRehash(const QString &storedHash);

    // A hash of a random password made once per process, verified against when an
    // email is unknown so that the response takes as long as for a wrong password.
    // It is thread-safe, and the first call pays for one hash.
    static QString decoyHash();
};

// The one thread that hashes and verifies passwords, with a bounded queue: a flood of
// login requests is refused (Unavailable) instead of growing memory or starving the
// machine. Results come back on the thread of `context`.
class HashingPool : public QObject
{
    Q_OBJECT

public:
    explicit HashingPool(int maxQueued = 16, QObject *parent = nullptr);
    ~HashingPool() override;

    // Runs `work` on the hashing thread and then `done(result)` on `context`'s thread.
    // Refused with ErrorKind::Unavailable when `maxQueued` jobs are already waiting or
    // running; `done` is then not called. When `context` is destroyed before the result
    // arrives, `done` is not called either.
    Status submit(std::function<QVariant()> work, QObject *context, std::function<void(const QVariant &)> done);

    int pending() const;

    // Blocks until every submitted job has finished (shutdown and tests).
    void waitForDone();

private:
    QThreadPool *m_pool = nullptr;
    int m_maxQueued;
    std::shared_ptr<std::atomic_int> m_pending;
};

} // namespace Prospecta
