// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PaintProbe.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QTimer>
#include <QWidget>

namespace Prospecta::Bench {

PaintProbe::PaintProbe(QWidget *widget, const QElapsedTimer &clock, QObject *parent)
    : QObject(parent)
    , m_widget(widget)
    , m_clock(clock)
{
    // Event filters run newest first, so this one runs before the filter through which
    // a scroll area paints its viewport (installed when the viewport was created).
    m_widget->installEventFilter(this);
}

void PaintProbe::expect(std::function<bool()> condition)
{
    m_condition = std::move(condition);
    m_satisfiedAtNs = -1;
    m_paintCount = 0;
}

bool PaintProbe::wait(int timeoutMs)
{
    if (isSatisfied())
        return true;
    QEventLoop loop;
    connect(this, &PaintProbe::satisfied, &loop, [&loop] { loop.exit(0); });
    QTimer::singleShot(timeoutMs, &loop, [&loop] { loop.exit(1); });
    loop.exec();
    return isSatisfied();
}

bool PaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_widget || event->type() != QEvent::Paint || m_delivering)
        return false;

    // Delivers the paint event again from here, past this filter, to the widget's own
    // painting. This still runs inside the widget's paint, whose painter state the
    // backing store set up, so drawing works as in the original delivery. Returning
    // true below keeps the widget from painting twice.
    m_delivering = true;
    QCoreApplication::sendEvent(watched, event);
    m_delivering = false;
    const qint64 paintedAtNs = m_clock.nsecsElapsed();
    ++m_paintCount;

    if (m_condition && !isSatisfied() && m_condition()) {
        m_satisfiedAtNs = paintedAtNs;
        emit satisfied();
    }
    return true;
}

} // namespace Prospecta::Bench
