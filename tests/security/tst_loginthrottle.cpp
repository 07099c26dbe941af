// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Clock.h"
#include "security/LoginThrottle.h"

#include <QTest>

#include <memory>

using namespace Prospecta;

namespace {

constexpr qint64 StartMs = 1767225600000; // 2026-01-01T00:00:00Z
constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;

const QString Admin = QStringLiteral("admin@x");
const QString Desktop = QStringLiteral("desktop");
const QString Stranger = QStringLiteral("203.0.113.9");

} // namespace

class LoginThrottleTest : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void firstAttemptIsFree();
    void delayAfterFailures_data();
    void delayAfterFailures();
    void delayRunsFromLatestFailure();
    void fifthFailureLocksPairOut();
    void lockoutOutlastsOlderFailures();
    void windowExpiryFreesEverything();
    void failuresLeaveSlidingWindow();
    void successClearsPairOnly();
    void unknownEmailCountsLikeKnown();
    void strangerFloodSparesDesktop();
    void clientLockout_data();
    void clientLockout();
    void retryAfterIsMaxOfPairAndClient();
    void expiredEntriesArePruned();
    void memoryStaysWithinCaps();

private:
    // Records `count` failures of the pair, each one when the throttle allows it, so the
    // clock ends at the last failure.
    void failPatiently(const QString &email, const QString &client, int count);

    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<LoginThrottle> m_throttle;
};

void LoginThrottleTest::init()
{
    m_clock = std::make_shared<ManualClock>(StartMs);
    m_throttle = std::make_unique<LoginThrottle>(m_clock);
}

void LoginThrottleTest::failPatiently(const QString &email, const QString &client, int count)
{
    for (int i = 0; i < count; ++i) {
        m_clock->advance(m_throttle->retryAfterMs(email, client));
        m_throttle->recordFailure(email, client);
    }
}

void LoginThrottleTest::firstAttemptIsFree()
{
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 0);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 0);
}

void LoginThrottleTest::delayAfterFailures_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("expectedWaitMs");

    QTest::newRow("1 failure") << 1 << 1 * Second;
    QTest::newRow("2 failures") << 2 << 2 * Second;
    QTest::newRow("3 failures") << 3 << 4 * Second;
    QTest::newRow("4 failures") << 4 << 8 * Second;
    QTest::newRow("5 failures") << 5 << 15 * Minute;
}

void LoginThrottleTest::delayAfterFailures()
{
    QFETCH(int, failures);
    QFETCH(qint64, expectedWaitMs);

    failPatiently(Admin, Desktop, failures);

    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), failures);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), expectedWaitMs);

    m_clock->advance(expectedWaitMs - 1);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 1);
    m_clock->advance(1);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 0);
}

void LoginThrottleTest::delayRunsFromLatestFailure()
{
    failPatiently(Admin, Desktop, 3);
    m_clock->advance(1500);

    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 4 * Second - 1500);
}

void LoginThrottleTest::fifthFailureLocksPairOut()
{
    // Failures recorded back to back, without waiting, count the same.
    for (int i = 0; i < LoginThrottle::lockoutFailures - 1; ++i)
        m_throttle->recordFailure(Admin, Desktop);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 8 * Second);

    m_throttle->recordFailure(Admin, Desktop);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 15 * Minute);

    m_clock->advance(14 * Minute);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 1 * Minute);
}

void LoginThrottleTest::lockoutOutlastsOlderFailures()
{
    failPatiently(Admin, Desktop, LoginThrottle::lockoutFailures); // at 0, 1, 3, 7 and 15 s

    // The first failure has left the window, but the lockout runs from the 5th.
    m_clock->set(StartMs + LoginThrottle::windowMs);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), LoginThrottle::lockoutFailures - 1);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 15 * Second);
}

void LoginThrottleTest::windowExpiryFreesEverything()
{
    failPatiently(Admin, Desktop, 5);
    for (int i = 0; i < LoginThrottle::clientLockoutFailures; ++i)
        m_throttle->recordFailure(QStringLiteral("user%1@x").arg(i), Stranger);
    QVERIFY(m_throttle->retryAfterMs(Admin, Desktop) > 0);
    QVERIFY(m_throttle->retryAfterMs(QStringLiteral("new@x"), Stranger) > 0);

    m_clock->advance(LoginThrottle::windowMs);

    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 0);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 0);
    QCOMPARE(m_throttle->retryAfterMs(QStringLiteral("new@x"), Stranger), 0);

    // Counting starts over.
    m_throttle->recordFailure(Admin, Desktop);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 1);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 1 * Second);
}

void LoginThrottleTest::failuresLeaveSlidingWindow()
{
    failPatiently(Admin, Desktop, 4); // the first at StartMs, the 4th 7 s later
    m_clock->set(StartMs + LoginThrottle::windowMs - 1);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 4);

    // The first failure leaves the window, so the next one is the 4th again, not the 5th.
    m_clock->set(StartMs + LoginThrottle::windowMs);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 3);
    m_throttle->recordFailure(Admin, Desktop);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 4);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 8 * Second);
}

void LoginThrottleTest::successClearsPairOnly()
{
    for (int i = 0; i < LoginThrottle::clientLockoutFailures - 2; ++i)
        m_throttle->recordFailure(QStringLiteral("user%1@x").arg(i), Stranger);
    m_throttle->recordFailure(Admin, Stranger);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Stranger), 1 * Second);

    m_throttle->recordSuccess(Admin, Stranger);
    QCOMPARE(m_throttle->recentFailures(Admin, Stranger), 0);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Stranger), 0);

    // The client's 19 failures remain: one more locks it out.
    m_throttle->recordFailure(QStringLiteral("other@x"), Stranger);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Stranger), LoginThrottle::lockoutMs);
}

void LoginThrottleTest::unknownEmailCountsLikeKnown()
{
    // The throttle compares only keys, so an email with no account is slowed down exactly
    // like the admin's and a caller cannot tell accounts apart by the delays.
    const QString nobody = QStringLiteral("nobody@nowhere.example");
    for (int failures = 1; failures <= LoginThrottle::lockoutFailures; ++failures) {
        m_throttle->recordFailure(Admin, Stranger);
        m_throttle->recordFailure(nobody, Stranger);
        QCOMPARE(m_throttle->recentFailures(nobody, Stranger), failures);
        QCOMPARE(m_throttle->retryAfterMs(nobody, Stranger), m_throttle->retryAfterMs(Admin, Stranger));
    }
}

void LoginThrottleTest::strangerFloodSparesDesktop()
{
    for (int i = 0; i < 100; ++i)
        m_throttle->recordFailure(Admin, Stranger);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Stranger), LoginThrottle::lockoutMs);

    QCOMPARE(m_throttle->retryAfterMs(Admin, Desktop), 0);
    QCOMPARE(m_throttle->recentFailures(Admin, Desktop), 0);
}

void LoginThrottleTest::clientLockout_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("expectedWaitMs");

    QTest::newRow("19 failures") << LoginThrottle::clientLockoutFailures - 1 << qint64(0);
    QTest::newRow("20 failures") << LoginThrottle::clientLockoutFailures << LoginThrottle::lockoutMs;
}

void LoginThrottleTest::clientLockout()
{
    QFETCH(int, failures);
    QFETCH(qint64, expectedWaitMs);

    // One failure per email, a second apart, so no pair is delayed by then.
    for (int i = 0; i < failures; ++i) {
        m_throttle->recordFailure(QStringLiteral("user%1@x").arg(i), Stranger);
        m_clock->advance(1 * Second);
    }

    const QString newEmail = QStringLiteral("new@x");
    const qint64 elapsedSinceLatest = expectedWaitMs > 0 ? 1 * Second : 0;
    QCOMPARE(m_throttle->retryAfterMs(newEmail, Stranger), expectedWaitMs - elapsedSinceLatest);
    QCOMPARE(m_throttle->retryAfterMs(newEmail, Desktop), 0);
    QCOMPARE(m_throttle->retryAfterMs(QStringLiteral("user0@x"), Desktop), 0);
}

void LoginThrottleTest::retryAfterIsMaxOfPairAndClient()
{
    // The pair waits 15 minutes from its 5th failure, the client 15 minutes from its
    // 20th, which comes 10 minutes later: the later end wins.
    for (int i = 0; i < LoginThrottle::lockoutFailures; ++i)
        m_throttle->recordFailure(Admin, Stranger);
    m_clock->advance(10 * Minute);
    for (int i = 0; i < LoginThrottle::clientLockoutFailures - LoginThrottle::lockoutFailures; ++i)
        m_throttle->recordFailure(QStringLiteral("user%1@x").arg(i), Stranger);

    QCOMPARE(m_throttle->retryAfterMs(Admin, Stranger), 15 * Minute);
    m_clock->advance(6 * Minute);
    QCOMPARE(m_throttle->retryAfterMs(Admin, Stranger), 9 * Minute);
}

void LoginThrottleTest::expiredEntriesArePruned()
{
    for (int i = 0; i < 100; ++i)
        m_throttle->recordFailure(QStringLiteral("user%1@x").arg(i), QStringLiteral("198.51.100.%1").arg(i));
    QCOMPARE(m_throttle->trackedPairs(), 100);
    QCOMPARE(m_throttle->trackedClients(), 100);

    m_clock->advance(LoginThrottle::windowMs);
    m_throttle->recordFailure(Admin, Desktop);

    QCOMPARE(m_throttle->trackedPairs(), 1);
    QCOMPARE(m_throttle->trackedClients(), 1);
}

void LoginThrottleTest::memoryStaysWithinCaps()
{
    constexpr int floodSize = 2 * LoginThrottle::maxTrackedPairs;
    static_assert(floodSize >= 2 * LoginThrottle::maxTrackedClients);

    // Random-looking emails from many addresses, all within one window.
    for (int i = 0; i < floodSize; ++i) {
        const QString client = QStringLiteral("10.%1.%2.%3").arg(i >> 16).arg((i >> 8) & 0xff).arg(i & 0xff);
        m_throttle->recordFailure(QStringLiteral("flood%1@x").arg(i), client);
        m_clock->advance(10);
    }

    QCOMPARE(m_throttle->trackedPairs(), LoginThrottle::maxTrackedPairs);
    QCOMPARE(m_throttle->trackedClients(), LoginThrottle::maxTrackedClients);

    // The oldest failures were forgotten first, the latest are still counted.
    QCOMPARE(m_throttle->recentFailures(QStringLiteral("flood0@x"), QStringLiteral("10.0.0.0")), 0);
    const int last = floodSize - 1;
    const QString lastClient = QStringLiteral("10.%1.%2.%3").arg(last >> 16).arg((last >> 8) & 0xff).arg(last & 0xff);
    QCOMPARE(m_throttle->recentFailures(QStringLiteral("flood%1@x").arg(last), lastClient), 1);
}

QTEST_GUILESS_MAIN(LoginThrottleTest)
#include "tst_loginthrottle.moc"
