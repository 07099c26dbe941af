// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Actor.h"
#include "domain/Entities.h"
#include "storage/AlertRepository.h"
#include "storage/AuditRepository.h"
#include "storage/DatabaseLocation.h"

#include <QList>
#include <QObject>
#include <QString>

class QThread;

namespace Prospecta {

class Database;

// One provider in the webhooks view.
struct IntegrationStatus
{
    Provider provider = Provider::Other;
    bool configured = false;
    qint64 lastWebhookMs = 0; // the latest authenticated webhook, 0 for none
};

// One row of the leads view.
struct LeadRow
{
    Lead lead;
    QString campaignName;
};

// The reader thread, which runs the views' queries on its own database connection and
// posts plain values back. No statement stays open between requests, so the WAL can
// always be checkpointed. Requests come from the GUI thread, and the *Ready signals
// arrive there.
class SnapshotReader : public QObject
{
    Q_OBJECT

public:
    explicit SnapshotReader(DatabaseLocation location, QObject *parent = nullptr);
    ~SnapshotReader() override;

    void start();

    // Each request gets exactly one signal back, carrying its `requestId`. Every request
    // names the `viewer`, whose role decides what the reader returns (an agent sees their
    // own and the unassigned leads); a deactivated viewer gets failed() with
    // `sessionEnded` true.
    // `search` filters as LeadListFilter::search does; empty for every lead.
    void requestLeads(int requestId, const Prospecta::Actor &viewer, int limit, int offset,
                      const QString &search = {});
    void requestConversation(int requestId, const Prospecta::Actor &viewer, qint64 leadId, int messageLimit);
    // Administrators only.
    void requestUsers(int requestId, const Prospecta::Actor &viewer);
    void requestAudit(int requestId, const Prospecta::Actor &viewer, const Prospecta::AuditFilter &filter);
    // Administrators only: every provider with a webhook.
    void requestIntegrations(int requestId, const Prospecta::Actor &viewer);
    // Administrators only: the open alerts.
    void requestAlerts(int requestId, const Prospecta::Actor &viewer);

signals:
    void leadsReady(int requestId, const QList<Prospecta::LeadRow> &rows, int total);
    // `conversation.id` is 0 when the lead has no conversation yet.
    void conversationReady(int requestId, qint64 leadId, const Prospecta::Conversation &conversation,
                           const QList<Prospecta::Message> &messages);
    void usersReady(int requestId, const QList<Prospecta::User> &users);
    // The matching entries (newest first) and every actor name and action that occurs,
    // for the filter lists.
    void auditReady(int requestId, const QList<Prospecta::AuditEntry> &entries, const QStringList &actorNames,
                    const QStringList &actions);
    void integrationsReady(int requestId, const QList<Prospecta::IntegrationStatus> &integrations);
    void alertsReady(int requestId, const QList<Prospecta::AdminAlert> &alerts);
    void failed(int requestId, const QString &message, bool sessionEnded);

private:
    class Worker;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::LeadRow)
Q_DECLARE_METATYPE(Prospecta::IntegrationStatus)
Q_DECLARE_METATYPE(Prospecta::AuditEntry)
Q_DECLARE_METATYPE(Prospecta::AuditFilter)

