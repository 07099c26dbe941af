// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PasswordHasher.h"

#include "SecretBox.h"
#include "core/Logging.h"
#include "core/TextLanguage.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QRunnable>
#include <QThreadPool>

#include <sodium.h>

#include <algorithm>

namespace Prospecta {

namespace {

// The cost of a new hash: libsodium's interactive limits (2 passes over 64 MiB in
// libsodium 1.0.18). MODERATE (3 passes over 256 MiB) would need four times the memory
// per check, too much for a desktop that also serves logins over REST.
constexpr unsigned long long HashOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t HashMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static_assert(HashOpsLimit <= crypto_pwhash_OPSLIMIT_MODERATE);
static_assert(HashMemLimit <= crypto_pwhash_MEMLIMIT_MODERATE);

// The stored hash as the NUL-terminated ASCII text libsodium parses, or an empty array
// when it cannot be one of libsodium's strings: non-ASCII, or so long that it would not
// fit in crypto_pwhash_STRBYTES with its terminating NUL.
QByteArray hashText(const QString &storedHash)
{
    if (storedHash.isEmpty() || storedHash.size() >= qsizetype(crypto_pwhash_STRBYTES))
        return {};
    for (const QChar c : storedHash) {
        if (c.unicode() == 0 || c.unicode() > 0x7f)
            return {};
    }
    return storedHash.toLatin1();
}

// Overwrites the bytes of a temporary copy of a password before the array frees them.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        sodium_memzero(bytes.data(), size_t(bytes.size()));
}

} // namespace

Status PasswordHasher::checkPolicy(const QString &password)
{
    const QStringList fields{QStringLiteral("password")};
    const qsizetype length = password.toUcs4().size();

    if (length > maximumLength) {
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::PasswordHasher",
                                                     "The password is too long: use at most %1 characters.")
                             .arg(maximumLength),
                         fields);
    }
    if (length < minimumLength) {
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::PasswordHasher",
                                                     "The password is too short: use at least %1 characters.")
                             .arg(minimumLength),
                         fields);
    }
    if (password.trimmed().isEmpty()) {
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::PasswordHasher",
                                                     "The password contains only white space: use letters, "
                                                     "digits or symbols too."),
                         fields);
    }
    // A control character cannot be typed into the login form, and the REST API rejects
    // U+0000 in every field, so such a password could never be used to log in.
    const auto control = std::find_if(password.cbegin(), password.cend(),
                                      [](QChar c) { return c.category() == QChar::Other_Control; });
    if (control != password.cend()) {
        const QString codePoint = QStringLiteral("%1").arg(control->unicode(), 4, 16, QLatin1Char('0')).toUpper();
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::PasswordHasher",
                                                     "The password contains the control character U+%1, which "
                                                     "cannot be typed when logging in: use letters, digits, "
                                                     "spaces or symbols only.")
                             .arg(codePoint),
                         fields);
    }
    return {};
}

Result<QString> PasswordHasher::hash(const QString &password)
{
    if (!SecretBox::initialize())
        return makeError(ErrorKind::Internal, QStringLiteral("libsodium failed to initialise"));

    QByteArray utf8 = password.toUtf8();
    char text[crypto_pwhash_STRBYTES];
    const int rc = crypto_pwhash_str_alg(text, utf8.constData(),
                                         static_cast<unsigned long long>(utf8.size()),
                                         HashOpsLimit, HashMemLimit, crypto_pwhash_ALG_ARGON2ID13);
    wipe(utf8);
    if (rc != 0) {
        // libsodium fails here only when it cannot allocate the memory Argon2id needs.
        qCWarning(lcSecurity) << "Argon2id hashing failed: could not allocate"
                              << HashMemLimit / (1024 * 1024) << "MiB";
        return makeError(ErrorKind::Unavailable,
                         QStringLiteral("Hashing the password failed because %1 MiB of memory "
                                        "could not be allocated; close other programs and try again.")
                             .arg(HashMemLimit / (1024 * 1024)));
    }
    return QString::fromLatin1(text);
}

bool PasswordHasher::verify(const QString &storedHash, const QString &password)
{
    if (!SecretBox::initialize())
        return false;
    const QByteArray text = hashText(storedHash);
    if (text.isEmpty())
        return false;

    QByteArray utf8 = password.toUtf8();
    // crypto_pwhash_str_verify parses the string and returns -1 for a malformed one, so
    // garbage costs a parse, not a hash.
    const bool matches = crypto_pwhash_str_verify(text.constData(), utf8.constData(),
                                                  static_cast<unsigned long long>(utf8.size()))
        == 0;
    wipe(utf8);
    return matches;
}

bool PasswordHasher::needsRehash(const QString &storedHash)
{
    if (!SecretBox::initialize())
        return true;
    const QByteArray text = hashText(storedHash);
    if (text.isEmpty())
        return true;
    // The argon2id-specific function, because crypto_pwhash_str_needs_rehash also accepts
    // an argon2i hash with the same limits as current.
    return crypto_pwhash_argon2id_str_needs_rehash(text.constData(), HashOpsLimit, HashMemLimit) != 0;
}

QString PasswordHasher::decoyHash()
{
    // A static local is initialised once even when threads race to the first call.
    static const QString decoy = [] {
        SecretBox::initialize();
        const Result<QString> hashed = hash(SecretBox::randomToken(32));
        if (!hashed) {
            // An empty decoy makes verify() return at once, so logins with unknown emails
            // fail faster than wrong passwords until the process restarts.
            qCWarning(lcSecurity) << "Could not make the decoy password hash:" << hashed.error().message;
            return QString();
        }
        return hashed.value();
    }();
    return decoy;
}

// HashingPool ------------------------------------------------------------------------

namespace {

// Carries one result to the context through a queued connection. Qt drops a queued call
// whose receiver was destroyed, and it checks and posts under the lock that destruction
// takes. A QPointer check followed by QMetaObject::invokeMethod from the hashing thread
// would leave a window in which the context dies between the check and the call.
class ResultRelay : public QObject
{
    Q_OBJECT

Q_SIGNALS:
    void finished(const QVariant &result);
};

class HashingJob : public QRunnable
{
public:
    HashingJob(std::function<QVariant()> work, std::unique_ptr<ResultRelay> relay,
               std::shared_ptr<std::atomic_int> pending)
        : m_work(std::move(work)), m_relay(std::move(relay)), m_pending(std::move(pending))
    {
    }

    void run() override
    {
        const QVariant result = m_work();
        // Counted as done before the result is delivered, so a `done` callback that
        // submits a follow-up job (a rehash after a login) finds this job's slot free.
        m_pending->fetch_sub(1);
        Q_EMIT m_relay->finished(result);
    }

private:
    std::function<QVariant()> m_work;
    // Never receives events, so the pool thread may delete it although it was created
    // on the submitting thread.
    std::unique_ptr<ResultRelay> m_relay;
    std::shared_ptr<std::atomic_int> m_pending;
};

} // namespace

HashingPool::HashingPool(int maxQueued, QObject *parent)
    : QObject(parent),
      m_pool(new QThreadPool(this)),
      m_maxQueued(qMax(1, maxQueued)),
      m_pending(std::make_shared<std::atomic_int>(0))
{
    // One thread: a second concurrent hash would double the memory and halve the speed of
    // both, so queueing costs a waiting user nothing.
    m_pool->setMaxThreadCount(1);
    m_pool->setObjectName(QStringLiteral("PasswordHashing"));
}

HashingPool::~HashingPool()
{
    waitForDone();
}

Status HashingPool::submit(std::function<QVariant()> work, QObject *context,
                           std::function<void(const QVariant &)> done)
{
    if (!work || !context || !done) {
        return makeError(ErrorKind::Internal,
                         QStringLiteral("HashingPool::submit needs work, a context object and a callback"));
    }

    // Reserve a slot first, so two threads submitting at once cannot both take the last.
    int pending = m_pending->load();
    do {
        if (pending >= m_maxQueued) {
            // Logged at most once a minute: a flood would otherwise write a line per request.
            static std::atomic<qint64> lastLoggedMs{0};
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            if (nowMs - lastLoggedMs.load() >= 60000) {
                lastLoggedMs = nowMs;
                qCWarning(lcSecurity) << "Password checks rejected: all" << m_maxQueued
                                      << "slots in use (logged once a minute)";
            }
            return makeError(ErrorKind::Unavailable,
                             QCoreApplication::translate("Prospecta::PasswordHasher",
                                                         "Too many password checks are waiting; try again "
                                                         "in a few seconds."));
        }
    } while (!m_pending->compare_exchange_weak(pending, pending + 1));

    auto relay = std::make_unique<ResultRelay>();
    // `done` creates its texts in the submitter's language, an HTTP request's included.
    connect(relay.get(), &ResultRelay::finished, context,
            [done = std::move(done), language = TextLanguageScope::current()](const QVariant &result) {
                const TextLanguageScope scope(language);
                done(result);
            },
            Qt::QueuedConnection);
    m_pool->start(new HashingJob(std::move(work), std::move(relay), m_pending));
    return {};
}

int HashingPool::pending() const
{
    return m_pending->load();
}

void HashingPool::waitForDone()
{
    m_pool->waitForDone();
}

} // namespace Prospecta

#include "PasswordHasher.moc"
