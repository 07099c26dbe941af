// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Actor.h"
#include "domain/Entities.h"
#include "storage/AlertRepository.h"
#include "storage/AuditRepository.h"
#include "storage/DatabaseLocation.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

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

// The filters of one page of leads, for the pipeline board's columns.
struct LeadPageFilter
{
    std::optional<LeadStatus> status; // unset for every stage
    qint64 campaignId = 0;            // 0 for any campaign
    qint64 ownerUserId = 0;           // 0 for any owner, -1 for unassigned leads only
    int limit = 0;                    // 0: no limit
    int offset = 0;
};

// A campaign or a user, as a filter list shows it.
struct NamedId
{
    qint64 id = 0;
    QString name;
};

// One page of leads and what the filter lists offer.
struct BoardPage
{
    QList<LeadRow> rows;       // most recent contact first
    int total = 0;             // the leads the filter matches, without its limit and offset
    QHash<qint64, QString> ownerNames; // the name of every owner in `rows`, by user id
    QList<NamedId> campaigns;  // every campaign, by name
    QList<NamedId> owners;     // the active users, by name; empty for a viewer who sees only their own leads
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
    // One page of the leads `viewer` may see that match `filter`; answered by leadPageReady().
    void requestLeadPage(int requestId, const Prospecta::Actor &viewer, const Prospecta::LeadPageFilter &filter);
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
    void leadPageReady(int requestId, const Prospecta::BoardPage &page);
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
Q_DECLARE_METATYPE(Prospecta::BoardPage)
Q_DECLARE_METATYPE(Prospecta::LeadPageFilter)
Q_DECLARE_METATYPE(Prospecta::AuditEntry)
Q_DECLARE_METATYPE(Prospecta::AuditFilter)

