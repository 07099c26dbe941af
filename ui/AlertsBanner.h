// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/AlertRepository.h"

#include <QFrame>
#include <QList>

class QLabel;
class QPushButton;

namespace Prospecta {

class ReaderRequest;
class ServiceHost;
class Session;
class SnapshotReader;

// A strip above the main window's views that shows administrators the oldest open alert
// (an AI key the provider rejects, an exhausted quota), what to do about it, and a button
// to mark it dealt with. Hidden while no alert is open.
class AlertsBanner : public QFrame
{
    Q_OBJECT

public:
    AlertsBanner(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent = nullptr);

    const QList<AdminAlert> &alerts() const { return m_alerts; }
    QString text() const;

    void refresh();
    // Marks the alert shown as dealt with.
    void dismiss();

    // The headline for an alert kind, with what to do next; the provider's own words
    // follow it as details.
    static QString headline(const QString &kind);

signals:
    void refreshed();

private:
    void applyAlerts(int requestId, const QList<Prospecta::AdminAlert> &alerts);

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    ReaderRequest *m_request = nullptr;
    QList<AdminAlert> m_alerts;
    QLabel *m_text = nullptr;
    QPushButton *m_dismiss = nullptr;
};

} // namespace Prospecta
