// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/PasswordHasher.h"
#include "security/SecretBox.h"

#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <sodium.h>

#include <atomic>

using namespace Prospecta;

namespace {

const QString CorrectPassword = QStringLiteral("correct horse battery staple");

// A hash in libsodium's string format made directly with libsodium, with other
// parameters or another algorithm than PasswordHasher uses.
QString libsodiumHash(const QString &password, unsigned long long opsLimit, size_t memLimit, int algorithm)
{
    const QByteArray utf8 = password.toUtf8();
    char text[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(text, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                              opsLimit, memLimit, algorithm)
        != 0) {
        return {};
    }
    return QString::fromLatin1(text);
}

} // namespace

class PasswordsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void hashHasInteractiveArgon2idFormat();
    void hashesOfSamePasswordDiffer();
    void verify_data();
    void verify();
    void nonAsciiPasswordRoundTrips();
    void olderParametersStillVerify();
    void needsRehash_data();
    void needsRehash();
    void decoyHashIsStableAndValid();

    void checkPolicy_data();
    void checkPolicy();

    void poolDeliversOnContextThread_data();
    void poolDeliversOnContextThread();
    void poolRejectsBeyondMaxQueued();
    void poolDropsResultForDestroyedContext_data();
    void poolDropsResultForDestroyedContext();
    void poolDestructorWaitsForJobs();

private:
    QString m_correctHash;
};

void PasswordsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(SecretBox::initialize());

    const Result<QString> hashed = PasswordHasher::hash(CorrectPassword);
    QVERIFY2(hashed.ok(), qPrintable(hashed.ok() ? QString() : hashed.error().message));
    m_correctHash = hashed.value();
}

void PasswordsTest::hashHasInteractiveArgon2idFormat()
{
    QVERIFY2(m_correctHash.startsWith(QLatin1String("$argon2id$v=19$m=")), qPrintable(m_correctHash));

    // $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<digest>, salt and digest in
    // unpadded standard base64.
    static const QRegularExpression format(QStringLiteral(
        "^\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$"));
    const QRegularExpressionMatch match = format.match(m_correctHash);
    QVERIFY2(match.hasMatch(), qPrintable(m_correctHash));

    QCOMPARE(match.captured(1).toULongLong(), qulonglong(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024));
    QCOMPARE(match.captured(2).toULongLong(), qulonglong(crypto_pwhash_OPSLIMIT_INTERACTIVE));
    QCOMPARE(match.captured(3).toInt(), 1);
    QVERIFY(match.captured(1).toULongLong() * 1024 <= crypto_pwhash_MEMLIMIT_MODERATE);
    QVERIFY(match.captured(2).toULongLong() <= crypto_pwhash_OPSLIMIT_MODERATE);
}

void PasswordsTest::hashesOfSamePasswordDiffer()
{
    const Result<QString> second = PasswordHasher::hash(CorrectPassword);
    QVERIFY(second.ok());

    // A random salt per hash: equal passwords must not give equal hashes.
    QVERIFY(second.value() != m_correctHash);
    QVERIFY(PasswordHasher::verify(second.value(), CorrectPassword));
}

void PasswordsTest::verify_data()
{
    QTest::addColumn<QString>("storedHash"); // "{hash}" stands for the hash of CorrectPassword
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("matches");

    const QString hash = QStringLiteral("{hash}");
    QTest::newRow("right password") << hash << CorrectPassword << true;
    QTest::newRow("wrong password") << hash << QStringLiteral("correct horse battery stapler") << false;
    QTest::newRow("different case") << hash << CorrectPassword.toUpper() << false;
    QTest::newRow("empty password") << hash << QString() << false;
    QTest::newRow("empty hash") << QString() << CorrectPassword << false;
    QTest::newRow("garbage hash") << QStringLiteral("not a hash at all") << CorrectPassword << false;
    QTest::newRow("bcrypt hash")
        << QStringLiteral("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
        << CorrectPassword << false;
    QTest::newRow("truncated hash") << QStringLiteral("{hash-truncated}") << CorrectPassword << false;
    QTest::newRow("altered digest") << QStringLiteral("{hash-altered}") << CorrectPassword << false;
    QTest::newRow("overlong hash") << QStringLiteral("{hash-overlong}") << CorrectPassword << false;
    QTest::newRow("non-ASCII hash") << QStringLiteral("{hash-non-ascii}") << CorrectPassword << false;
    QTest::newRow("prefix only") << QStringLiteral("$argon2id$v=19$m=65536,t=2,p=1$")
                                 << CorrectPassword << false;
}

void PasswordsTest::verify()
{
    QFETCH(QString, storedHash);
    QFETCH(QString, password);
    QFETCH(bool, matches);

    if (storedHash == QLatin1String("{hash}")) {
        storedHash = m_correctHash;
    } else if (storedHash == QLatin1String("{hash-truncated}")) {
        storedHash = m_correctHash.chopped(10);
    } else if (storedHash == QLatin1String("{hash-altered}")) {
        storedHash = m_correctHash;
        const qsizetype last = storedHash.size() - 1;
        storedHash[last] = storedHash.at(last) == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    } else if (storedHash == QLatin1String("{hash-overlong}")) {
        // Longer than crypto_pwhash_STRBYTES - 1 characters: never passed to libsodium.
        storedHash = m_correctHash + QString(crypto_pwhash_STRBYTES, QLatin1Char('A'));
    } else if (storedHash == QLatin1String("{hash-non-ascii}")) {
        storedHash = m_correctHash;
        storedHash.replace(QLatin1String("argon2id"), QStringLiteral("argon2íd"));
    }

    QCOMPARE(PasswordHasher::verify(storedHash, password), matches);
}

void PasswordsTest::nonAsciiPasswordRoundTrips()
{
    const QString password = QStringLiteral("contraseña-Ñandú-🔐");
    const Result<QString> hashed = PasswordHasher::hash(password);
    QVERIFY(hashed.ok());

    QVERIFY(PasswordHasher::verify(hashed.value(), password));
    QVERIFY(!PasswordHasher::verify(hashed.value(), QStringLiteral("contrasena-Nandu-")));
    // Hashed as UTF-8: the Latin-1 reading of the same bytes is another password.
    QVERIFY(!PasswordHasher::verify(hashed.value(), QString::fromLatin1(password.toUtf8())));
}

void PasswordsTest::olderParametersStillVerify()
{
    const QString weak = libsodiumHash(CorrectPassword, crypto_pwhash_OPSLIMIT_MIN,
                                       crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13);
    QVERIFY(!weak.isEmpty());

    // A hash made with other limits still logs its user in; needsRehash() then upgrades it.
    QVERIFY(PasswordHasher::verify(weak, CorrectPassword));
    QVERIFY(!PasswordHasher::verify(weak, QStringLiteral("wrong password")));
}

void PasswordsTest::needsRehash_data()
{
    QTest::addColumn<QString>("storedHash");
    QTest::addColumn<bool>("needsRehash");

    const Result<QString> fresh = PasswordHasher::hash(CorrectPassword);
    QVERIFY(fresh.ok());
    QTest::newRow("fresh hash") << fresh.value() << false;

    QTest::newRow("minimum limits")
        << libsodiumHash(CorrectPassword, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                         crypto_pwhash_ALG_ARGON2ID13)
        << true;
    QTest::newRow("more passes")
        << libsodiumHash(CorrectPassword, crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
        << true;
    QTest::newRow("argon2i")
        << libsodiumHash(CorrectPassword, crypto_pwhash_argon2i_OPSLIMIT_MIN,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2I13)
        << true;
    QTest::newRow("garbage") << QStringLiteral("not a hash at all") << true;
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("truncated") << fresh.value().chopped(10) << true;
    QTest::newRow("overlong") << fresh.value() + QString(crypto_pwhash_STRBYTES, QLatin1Char('A')) << true;
}

void PasswordsTest::needsRehash()
{
    QFETCH(QString, storedHash);
    QFETCH(bool, needsRehash);

    QCOMPARE(PasswordHasher::needsRehash(storedHash), needsRehash);
}

void PasswordsTest::decoyHashIsStableAndValid()
{
    const QString decoy = PasswordHasher::decoyHash();

    QVERIFY(decoy.startsWith(QLatin1String("$argon2id$v=19$")));
    QCOMPARE(PasswordHasher::decoyHash(), decoy);
    QVERIFY(!PasswordHasher::needsRehash(decoy));
    QVERIFY(!PasswordHasher::verify(decoy, QString()));
    QVERIFY(!PasswordHasher::verify(decoy, CorrectPassword));
}

void PasswordsTest::checkPolicy_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("messagePart");

    const QString tooShort = QStringLiteral("10");
    const QString onlySpace = QStringLiteral("white space");
    const QString tooLong = QStringLiteral("1024");
    const QString lock = QStringLiteral("🔐"); // one code point, two UTF-16 code units

    QTest::newRow("empty") << QString() << false << tooShort;
    QTest::newRow("9 characters") << QStringLiteral("abcdefghi") << false << tooShort;
    QTest::newRow("10 characters") << QStringLiteral("abcdefghij") << true << QString();
    QTest::newRow("8 characters and an emoji") << QStringLiteral("abcdefgh") + lock << false << tooShort;
    QTest::newRow("9 characters and an emoji") << QStringLiteral("abcdefghi") + lock << true << QString();
    QTest::newRow("10 accented characters") << QStringLiteral("ñandúñandú") << true << QString();
    QTest::newRow("inner spaces") << QStringLiteral("a b c d e f") << true << QString();
    QTest::newRow("only spaces") << QString(12, QLatin1Char(' ')) << false << onlySpace;
    QTest::newRow("only tabs and newlines") << QStringLiteral("\t\n\t\n\t\n\t\n\t\n") << false << onlySpace;
    QTest::newRow("only ideographic spaces") << QString(10, QChar(0x3000)) << false << onlySpace;
    QTest::newRow("1024 characters") << QString(1024, QLatin1Char('x')) << true << QString();
    QTest::newRow("1025 characters") << QString(1025, QLatin1Char('x')) << false << tooLong;
    QTest::newRow("1024 emoji") << lock.repeated(1024) << true << QString();
    QTest::newRow("1025 emoji") << lock.repeated(1025) << false << tooLong;
    const QString control = QStringLiteral("control character");
    QTest::newRow("NUL inside") << QStringLiteral("abcde") + QChar(u'\0') + QStringLiteral("fghij") << false
                                << QStringLiteral("U+0000");
    QTest::newRow("tab inside") << QStringLiteral("abcde\tfghij") << false << control;
    QTest::newRow("escape") << QStringLiteral("abcde\x1b[2Jfghij") << false << QStringLiteral("U+001B");
    QTest::newRow("DEL") << QStringLiteral("abcdefghij\x7f") << false << control;
    QTest::newRow("C1 control") << QStringLiteral("abcdefghij") + QChar(0x85) << false << QStringLiteral("U+0085");
}

void PasswordsTest::checkPolicy()
{
    QFETCH(QString, password);
    QFETCH(bool, accepted);
    QFETCH(QString, messagePart);

    const Status status = PasswordHasher::checkPolicy(password);
    QCOMPARE(status.ok(), accepted);
    if (accepted)
        return;

    QCOMPARE(status.error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(status.error().fields, QStringList{QStringLiteral("password")});
    QVERIFY2(status.error().message.contains(messagePart), qPrintable(status.error().message));
}

void PasswordsTest::poolDeliversOnContextThread_data()
{
    QTest::addColumn<bool>("contextOnWorkerThread");

    QTest::newRow("context on the test thread") << false;
    QTest::newRow("context on another thread") << true;
}

void PasswordsTest::poolDeliversOnContextThread()
{
    QFETCH(bool, contextOnWorkerThread);

    QThread worker;
    QObject context;
    QThread *expectedThread = QThread::currentThread();
    if (contextOnWorkerThread) {
        worker.start();
        context.moveToThread(&worker);
        expectedThread = &worker;
    }

    HashingPool pool;
    std::atomic<QThread *> workThread = nullptr;
    std::atomic<QThread *> doneThread = nullptr;
    std::atomic_int doneValue = 0;
    const Status submitted = pool.submit(
        [&workThread] {
            workThread = QThread::currentThread();
            return QVariant(42);
        },
        &context,
        [&doneThread, &doneValue](const QVariant &result) {
            doneThread = QThread::currentThread();
            doneValue = result.toInt();
        });
    QVERIFY(submitted.ok());

    QTRY_VERIFY(doneThread.load() != nullptr);
    QCOMPARE(doneValue.load(), 42);
    QCOMPARE(doneThread.load(), expectedThread);
    QVERIFY(workThread.load() != nullptr);
    QVERIFY(workThread.load() != doneThread.load());
    QVERIFY(workThread.load() != QThread::currentThread());
    QCOMPARE(pool.pending(), 0);

    if (contextOnWorkerThread) {
        worker.quit();
        QVERIFY(worker.wait(5000));
    }
}

void PasswordsTest::poolRejectsBeyondMaxQueued()
{
    constexpr int maxQueued = 3;
    // Declared before the pool, and opened on every exit, so that a failed check cannot
    // leave the pool's destructor waiting for blocked jobs.
    QSemaphore gate;
    QObject context;
    HashingPool pool(maxQueued);
    const auto openGate = qScopeGuard([&gate] { gate.release(maxQueued + 1); });
    int delivered = 0;

    // The first job runs and blocks, the next two wait behind it: all three count.
    for (int i = 0; i < maxQueued; ++i) {
        const Status submitted = pool.submit(
            [&gate] {
                gate.acquire();
                return QVariant(true);
            },
            &context, [&delivered](const QVariant &) { ++delivered; });
        QVERIFY2(submitted.ok(), qPrintable(QString::number(i)));
    }
    QCOMPARE(pool.pending(), maxQueued);

    bool rejectedWorkRan = false;
    bool rejectedDoneRan = false;
    const Status rejected = pool.submit(
        [&rejectedWorkRan] {
            rejectedWorkRan = true;
            return QVariant();
        },
        &context, [&rejectedDoneRan](const QVariant &) { rejectedDoneRan = true; });
    QVERIFY(!rejected.ok());
    QCOMPARE(rejected.error().kind, ErrorKind::Unavailable);
    QCOMPARE(rejected.error().message,
             QStringLiteral("Too many password checks are waiting; try again in a few seconds."));
    QCOMPARE(pool.pending(), maxQueued);

    gate.release(maxQueued);
    QTRY_COMPARE(delivered, maxQueued);
    QCOMPARE(pool.pending(), 0);
    QVERIFY(!rejectedWorkRan);
    QVERIFY(!rejectedDoneRan);

    // Freed slots are usable again.
    const Status again = pool.submit([] { return QVariant(1); }, &context,
                                     [&delivered](const QVariant &) { ++delivered; });
    QVERIFY(again.ok());
    QTRY_COMPARE(delivered, maxQueued + 1);
}

void PasswordsTest::poolDropsResultForDestroyedContext_data()
{
    QTest::addColumn<bool>("jobFinishedFirst");

    // Destroyed while the job runs, and destroyed after the result was posted to it but
    // before its event loop delivered it.
    QTest::newRow("destroyed while running") << false;
    QTest::newRow("destroyed with result posted") << true;
}

void PasswordsTest::poolDropsResultForDestroyedContext()
{
    QFETCH(bool, jobFinishedFirst);

    QSemaphore gate;
    HashingPool pool;
    const auto openGate = qScopeGuard([&gate] { gate.release(); });
    auto *doomed = new QObject;
    bool doomedDone = false;
    const Status submitted = pool.submit(
        [&gate] {
            gate.acquire();
            return QVariant(QStringLiteral("result"));
        },
        doomed, [&doomedDone](const QVariant &) { doomedDone = true; });
    QVERIFY(submitted.ok());

    if (jobFinishedFirst) {
        gate.release();
        pool.waitForDone();
        delete doomed;
    } else {
        delete doomed;
        gate.release();
    }

    // The pool runs one job at a time in order, so once this later job's result has
    // arrived, the first result would have arrived too.
    QObject survivor;
    bool survivorDone = false;
    QVERIFY(pool.submit([] { return QVariant(); }, &survivor,
                        [&survivorDone](const QVariant &) { survivorDone = true; })
                .ok());
    QTRY_VERIFY(survivorDone);
    QVERIFY(!doomedDone);
    QCOMPARE(pool.pending(), 0);
}

void PasswordsTest::poolDestructorWaitsForJobs()
{
    std::atomic_bool finished = false;
    QObject context;
    {
        HashingPool pool;
        QVERIFY(pool.submit(
                        [&finished] {
                            QThread::msleep(200);
                            finished = true;
                            return QVariant();
                        },
                        &context, [](const QVariant &) {})
                    .ok());
    }
    // `finished` lives on this stack frame: a job still running now would outlive it.
    QVERIFY(finished.load());
}

QTEST_GUILESS_MAIN(PasswordsTest)
#include "tst_passwords.moc"
