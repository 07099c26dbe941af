// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>

class QElapsedTimer;
class QWidget;

namespace Prospecta::Bench {

// Watches the paint events of one widget and records when the first paint after which a
// condition is true has finished. The widget paints inside the probe's event filter, so
// the recorded time comes after the rows were drawn, not before. For a scroll area
// (QTableView, QTextBrowser) the widget to watch is its viewport.
class PaintProbe : public QObject
{
    Q_OBJECT

public:
    // `clock` must outlive the probe. Times are nanoseconds on it.
    PaintProbe(QWidget *widget, const QElapsedTimer &clock, QObject *parent = nullptr);

    // Looks for the next paint after which `condition` returns true, and clears the time
    // of the previous one. The condition runs after every paint of the widget until it is true.
    void expect(std::function<bool()> condition);
    bool isSatisfied() const { return m_satisfiedAtNs >= 0; }
    // When the paint that satisfied the condition finished, or -1 before that.
    qint64 satisfiedAtNs() const { return m_satisfiedAtNs; }
    // Paint events of the widget since the last expect(), for error messages.
    int paintCount() const { return m_paintCount; }

    // Runs the event loop until the condition is true or `timeoutMs` passes, and returns
    // whether it is true. Never sleeps, because the paint itself wakes the loop.
    bool wait(int timeoutMs);

signals:
    void satisfied();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_widget;
    const QElapsedTimer &m_clock;
    std::function<bool()> m_condition;
    qint64 m_satisfiedAtNs = -1;
    int m_paintCount = 0;
    bool m_delivering = false;
};

} // namespace Prospecta::Bench
