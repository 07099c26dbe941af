// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QtGlobal>

namespace Prospecta {

// Wall-clock time in milliseconds since the epoch (UTC), injectable so tests can move
// time (burst windows, rate limits, the 24-hour window) without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

// A clock that does not advance until a test moves it.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs) : m_nowMs(startMs) {}
    qint64 nowMs() const override { return m_nowMs; }
    void advance(qint64 ms) { m_nowMs += ms; }
    void set(qint64 ms) { m_nowMs = ms; }

private:
    qint64 m_nowMs;
};

} // namespace Prospecta
