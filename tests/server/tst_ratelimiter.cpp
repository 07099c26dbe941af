// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// RateLimiter on a manual clock: a burst of perMinute requests, then one every
// 60/perMinute seconds, per key, with a bounded number of keys.

#include "RateLimiter.h"
#include "core/Clock.h"

#include <QTest>

#include <memory>

using namespace Prospecta;

namespace {

constexpr qint64 StartMs = 1767225600000; // 2026-01-01T00:00:00Z
const QString ClientA = QStringLiteral("203.0.113.7");
const QString ClientB = QStringLiteral("198.51.100.20");

} // namespace

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void burstThenExactWait_data();
    void burstThenExactWait();
    void refillsOverTime();
    void keysAreIsolated();
    void floodOfKeysStaysBounded();
    void setPerMinuteTakesEffect();
    void zeroPerMinuteDisablesLimit();
};

void TestRateLimiter::burstThenExactWait_data()
{
    QTest::addColumn<int>("perMinute");
    QTest::addColumn<qint64>("expectedWaitMs");

    QTest::newRow("60 per minute") << 60 << qint64(1000);
    QTest::newRow("1 per minute") << 1 << qint64(60000);
    QTest::newRow("7 per minute rounds up") << 7 << qint64(8572); // 60000 / 7 = 8571.43
    QTest::newRow("1200 per minute") << 1200 << qint64(50);
}

void TestRateLimiter::burstThenExactWait()
{
    QFETCH(int, perMinute);
    QFETCH(qint64, expectedWaitMs);

    auto clock = std::make_shared<ManualClock>(StartMs);
    RateLimiter limiter(clock, perMinute);

    for (int i = 0; i < perMinute; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), expectedWaitMs);

    // A refused request costs nothing: the wait only shrinks as time passes.
    clock->advance(expectedWaitMs - 1);
    QCOMPARE(limiter.acquire(ClientA), qint64(1));
    clock->advance(1);
    QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QVERIFY(limiter.acquire(ClientA) > 0);
}

void TestRateLimiter::refillsOverTime()
{
    auto clock = std::make_shared<ManualClock>(StartMs);
    RateLimiter limiter(clock, 60);

    for (int i = 0; i < 60; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QVERIFY(limiter.acquire(ClientA) > 0);

    // Ten seconds buy ten requests at one per second.
    clock->advance(10000);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), qint64(1000));

    // A full minute of quiet restores the whole burst, and no more than that.
    clock->advance(120000);
    for (int i = 0; i < 60; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), qint64(1000));
}

void TestRateLimiter::keysAreIsolated()
{
    auto clock = std::make_shared<ManualClock>(StartMs);
    RateLimiter limiter(clock, 3);

    for (int i = 0; i < 3; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), qint64(20000));

    for (int i = 0; i < 3; ++i)
        QCOMPARE(limiter.acquire(ClientB), qint64(0));
    QCOMPARE(limiter.acquire(ClientB), qint64(20000));
    QCOMPARE(limiter.trackedKeys(), 2);
}

void TestRateLimiter::floodOfKeysStaysBounded()
{
    auto clock = std::make_shared<ManualClock>(StartMs);
    constexpr int MaxKeys = 1000;
    RateLimiter limiter(clock, 10, MaxKeys);

    // The client in debt is used between flood keys, so it stays recently used.
    for (int i = 0; i < 10; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));

    int largest = 0;
    for (int i = 0; i < 200000; ++i) {
        const QString spoofed = QStringLiteral("10.%1.%2.%3")
                                    .arg((i >> 16) & 0xff)
                                    .arg((i >> 8) & 0xff)
                                    .arg(i & 0xff);
        QCOMPARE(limiter.acquire(spoofed), qint64(0));
        largest = std::max(largest, limiter.trackedKeys());
        if (i % 500 == 0)
            QVERIFY(limiter.acquire(ClientA) > 0);
    }
    QVERIFY2(largest <= MaxKeys, qPrintable(QString::number(largest)));
    QCOMPARE(limiter.trackedKeys(), MaxKeys);
    QVERIFY(limiter.acquire(ClientA) > 0);
}

void TestRateLimiter::setPerMinuteTakesEffect()
{
    auto clock = std::make_shared<ManualClock>(StartMs);
    RateLimiter limiter(clock, 2);

    QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), qint64(30000));

    // A larger budget: the client keeps its two requests of debt out of six.
    limiter.setPerMinute(6);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.acquire(ClientA), qint64(10000));

    // A new key gets the new burst at once.
    for (int i = 0; i < 6; ++i)
        QCOMPARE(limiter.acquire(ClientB), qint64(0));
    QCOMPARE(limiter.acquire(ClientB), qint64(10000));

    // A smaller budget takes effect for everyone.
    limiter.setPerMinute(1);
    QVERIFY(limiter.acquire(ClientB) >= 60000);
}

void TestRateLimiter::zeroPerMinuteDisablesLimit()
{
    auto clock = std::make_shared<ManualClock>(StartMs);
    RateLimiter limiter(clock, 0);

    for (int i = 0; i < 10000; ++i)
        QCOMPARE(limiter.acquire(ClientA), qint64(0));
    QCOMPARE(limiter.trackedKeys(), 0);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
