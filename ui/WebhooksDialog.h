// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Enums.h"
#include "runtime/SnapshotReader.h"

#include <QDialog>
#include <QList>

class QLabel;
class QTableWidget;

namespace Prospecta {

class ReaderRequest;
class ServiceHost;
class Session;

// The administrators' view of the webhooks: for Gupshup, Twilio and Meta, the full URL to
// paste into the provider's console (fetched from the core, which audits it because
// Gupshup's carries its secret token), a Copy button, and when the last authenticated
// webhook arrived. A warning says when webhooks arrive for another host than
// server.publicUrl, the sign of a quick tunnel whose address changed.
class WebhooksDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { ProviderColumn, UrlColumn, LastWebhookColumn, CopyColumn, ColumnCount };

    WebhooksDialog(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QString warningText() const;

    // Requests the integrations' state again.
    void refresh();

    // Fetches the provider's URL, shows it and puts it on the clipboard.
    void copyUrl(Provider provider);

signals:
    void refreshed();
    void urlCopied(Prospecta::Provider provider, const QString &url);

private:
    void applyIntegrations(int requestId, const QList<Prospecta::IntegrationStatus> &integrations);
    void showHostMismatch(const QString &host, const QString &expected);
    int rowOf(Provider provider) const;

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    ReaderRequest *m_request = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Prospecta
