// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Actor.h"
#include "domain/Entities.h"
#include "storage/AlertRepository.h"
#include "storage/AuditRepository.h"
#include "storage/DatabaseLocation.h"
#include "storage/InboxRepository.h"
#include "storage/LeadRepository.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
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

// A campaign or a user, as a filter list shows it.
struct NamedId
{
    qint64 id = 0;
    QString name;
};

// The choices of the campaign and owner filters of the lead views.
struct LeadFilterChoices
{
    QList<NamedId> campaigns; // every campaign, by name
    QList<NamedId> owners;    // the active users, by name; empty for a viewer who sees only their own leads
};

// A request of the leads table: pages of rows in one sort order and filter, and the
// number of leads the filter matches.
struct LeadWindowQuery
{
    QString search;                   // as LeadListFilter::search; empty for every lead
    std::optional<LeadStatus> status; // unset for every stage
    qint64 campaignId = 0;            // 0 for any campaign
    qint64 ownerUserId = 0;           // 0 for any owner, -1 for unassigned leads only, else the owner's user id
    LeadSort sort;
    QList<int> offsets;               // the first row of each page to read
    int pageSize = 200;
    bool withCount = true;            // also count the matching leads
    bool withFilterChoices = false;   // also read the campaign and owner lists
};

// The result of a LeadWindowQuery: pages[i] contains up to pageSize rows starting at row
// offsets[i]. Each statement is read fully and finished before the result is sent.
struct LeadWindow
{
    int total = -1;                   // -1 when the query did not ask for the count
    QList<int> offsets;
    QList<QList<LeadRow>> pages;
    LeadFilterChoices choices;        // empty when the query did not ask for them
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

// One page of leads and what the filter lists offer.
struct BoardPage
{
    QList<LeadRow> rows;       // most recent contact first
    int total = 0;             // the leads the filter matches, without its limit and offset
    QHash<qint64, QString> ownerNames; // the name of every owner in `rows`, by user id
    QList<NamedId> campaigns;  // every campaign, by name
    QList<NamedId> owners;     // the active users, by name; empty for a viewer who sees only their own leads
};

// The maximum number of conversations with unread messages in an inbox snapshot.
constexpr int InboxUnreadLimit = 200;
// The unread total of a snapshot stops counting here, and the window title then shows
// "999+": a new user of a large database has millions of lead messages unread.
constexpr int InboxUnreadTotalLimit = 1000;

// A request of the inbox: the conversations in one range of the filter's order and,
// unless only more rows are wanted, the unread state.
struct InboxQuery
{
    InboxFilter filter = InboxFilter::All;
    InboxRange range;
    bool withUnread = true; // also read `unread`, `totalUnread` and `aiEnabled`
};

// One snapshot of the inbox, as its viewer sees it.
struct InboxSnapshot
{
    QList<InboxEntry> entries;        // the query's range of conversations, newest activity first
    // Conversations with unread lead messages, whatever the filter, newest message first
    // and at most InboxUnreadLimit of them. This and the two fields below keep their
    // defaults when the query did not ask for them (InboxQuery::withUnread).
    QList<UnreadConversation> unread;
    int totalUnread = 0;              // unread lead messages over every visible conversation,
                                      // at most InboxUnreadTotalLimit
    bool aiEnabled = true;            // the global AI switch (ai.enabled)
};

// One entry of a lead's timeline: a message, a call or an audited change of the lead.
struct TimelineEntry
{
    enum class Kind { Message, Call, Change };
    Kind kind = Kind::Message;
    qint64 atMs = 0;   // the message's creation, the call's start, the change's time
    Message message;   // with Kind::Message
    Call call;         // with Kind::Call
    AuditEntry change; // with Kind::Change
};

// One lead's data for the lead file.
struct LeadFile
{
    // The maximum number of timeline entries; the latest ones are kept.
    static constexpr int TimelineLimit = 200;

    Lead lead;
    QStringList tags;
    QList<NamedId> campaigns;          // every campaign, by name
    QList<NamedId> activeUsers;        // the owners one may choose, by name
    QHash<qint64, QString> userNames;  // every user, for the owner and the timeline
    QList<TimelineEntry> timeline;     // oldest first
    bool timelineTruncated = false;    // older entries exist beyond TimelineLimit
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
    // Pages of the leads `viewer` may see that match `query`, sent back by leadWindowReady().
    void requestLeadWindow(int requestId, const Prospecta::Actor &viewer, const Prospecta::LeadWindowQuery &query);
    // One page of the leads `viewer` may see that match `filter`; answered by leadPageReady().
    void requestLeadPage(int requestId, const Prospecta::Actor &viewer, const Prospecta::LeadPageFilter &filter);
    // The lead's latest conversation and its newest `messageLimit` messages whose id is at
    // least `firstMessageId` (0 for the newest messages of all), sent back by conversationReady().
    void requestConversation(int requestId, const Prospecta::Actor &viewer, qint64 leadId, qint64 firstMessageId,
                             int messageLimit);
    // The newest `limit` messages of conversation `conversationId` of lead `leadId` older
    // than message `beforeMessageId`, sent back by olderMessagesReady().
    void requestOlderMessages(int requestId, const Prospecta::Actor &viewer, qint64 leadId, qint64 conversationId,
                              qint64 beforeMessageId, int limit);
    // The conversations and unread state that `query` asks for, sent back by inboxReady().
    void requestInbox(int requestId, const Prospecta::Actor &viewer, const Prospecta::InboxQuery &query);
    // Administrators only.
    void requestUsers(int requestId, const Prospecta::Actor &viewer);
    void requestAudit(int requestId, const Prospecta::Actor &viewer, const Prospecta::AuditFilter &filter);
    // Administrators only: every provider with a webhook.
    void requestIntegrations(int requestId, const Prospecta::Actor &viewer);
    // Administrators only: the open alerts.
    void requestAlerts(int requestId, const Prospecta::Actor &viewer);
    // Reads the lead, its tags and its timeline for a viewer who may work the lead (the
    // Authorizer's rule). The result arrives through leadFileReady().
    void requestLeadFile(int requestId, const Prospecta::Actor &viewer, qint64 leadId);

    // The chat messages that requestConversation() and requestOlderMessages() have read
    // since the reader was created, for tests that check how much one step reads.
    qint64 chatMessagesRead() const { return m_chatMessagesRead.load(); }

signals:
    void leadsReady(int requestId, const QList<Prospecta::LeadRow> &rows, int total);
    void leadWindowReady(int requestId, const Prospecta::LeadWindow &window);
    void leadPageReady(int requestId, const Prospecta::BoardPage &page);
    // `conversation.id` is 0 when the lead has no conversation yet.
    void conversationReady(int requestId, qint64 leadId, const Prospecta::Conversation &conversation,
                           const QList<Prospecta::Message> &messages);
    // The messages before `beforeMessageId`, oldest first; empty when there are none.
    void olderMessagesReady(int requestId, qint64 leadId, qint64 conversationId, qint64 beforeMessageId,
                            const QList<Prospecta::Message> &messages);
    void usersReady(int requestId, const QList<Prospecta::User> &users);
    void inboxReady(int requestId, const Prospecta::InboxSnapshot &snapshot);
    // The matching entries (newest first) and every actor name and action that occurs,
    // for the filter lists.
    void auditReady(int requestId, const QList<Prospecta::AuditEntry> &entries, const QStringList &actorNames,
                    const QStringList &actions);
    void integrationsReady(int requestId, const QList<Prospecta::IntegrationStatus> &integrations);
    void alertsReady(int requestId, const QList<Prospecta::AdminAlert> &alerts);
    void leadFileReady(int requestId, const Prospecta::LeadFile &file);
    void failed(int requestId, const QString &message, bool sessionEnded);

private:
    class Worker;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
    std::atomic<qint64> m_chatMessagesRead = 0; // written on the reader thread
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::LeadRow)
Q_DECLARE_METATYPE(Prospecta::LeadWindow)
Q_DECLARE_METATYPE(Prospecta::IntegrationStatus)
Q_DECLARE_METATYPE(Prospecta::BoardPage)
Q_DECLARE_METATYPE(Prospecta::LeadFile)
Q_DECLARE_METATYPE(Prospecta::InboxSnapshot)
Q_DECLARE_METATYPE(Prospecta::LeadPageFilter)
Q_DECLARE_METATYPE(Prospecta::AuditEntry)
Q_DECLARE_METATYPE(Prospecta::AuditFilter)

