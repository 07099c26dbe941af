// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GatherRule.h"
#include "core/Result.h"
#include "domain/Enums.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>

namespace Prospecta {

class Database;

// The inbox's filters.
enum class InboxFilter {
    All,        // every conversation the viewer may see
    // The three below list active conversations only: a closed one is under All alone.
    Mine,       // the lead is assigned to the viewer, or the viewer has taken the conversation over
    Unassigned, // the lead has no owner
    NeedsHuman, // flagged for a person to read
};

// The position of a conversation in the inbox's order: newest activity first, then the
// higher conversation id first among equal activity times.
struct InboxKey
{
    qint64 activityMs = 0;
    qint64 conversationId = 0;
};

// The part of the inbox order that a list reads. Pages are bounded by keys instead of
// offsets, so a conversation that moves to the top does not shift the rows below it.
struct InboxRange
{
    std::optional<InboxKey> after;   // only rows after this key: the next page
    std::optional<InboxKey> through; // only rows down to this key, the key's row included
    int limit = 100;
};

// One row of the inbox: the latest conversation of a lead.
struct InboxEntry
{
    qint64 conversationId = 0;
    qint64 leadId = 0;
    QString leadName;
    QString leadPhone;
    qint64 assignedUserId = 0;   // 0: unassigned
    bool leadOptedOut = false;
    std::optional<AgentType> currentAgent;
    bool humanHolds = false;
    qint64 humanUserId = 0;      // who took the conversation over, 0 when unknown
    QString humanName;
    bool needsHuman = false;
    qint64 lastActivityMs = 0;   // the last message, or the creation without messages
    int unreadCount = 0;         // lead messages after the viewer's read marker
    // The conversation's last message; lastMessageId is 0 when it has none.
    qint64 lastMessageId = 0;
    SenderKind lastSender = SenderKind::Lead;
    QString lastContentType;
    QString lastContent;

    InboxKey key() const { return {lastActivityMs, conversationId}; }
};

// A conversation with lead messages the viewer has not read, for the unread badge and
// new-message notifications.
struct UnreadConversation
{
    qint64 conversationId = 0;
    qint64 leadId = 0;
    QString leadName;
    QString leadPhone;
    int unreadCount = 0;
    qint64 lastLeadMessageId = 0; // grows with every new lead message
    QString lastLeadContentType;
    QString lastLeadContent;
};

// The way an agent's conversations are found (InboxRepository::MineGatherLimit).
enum class AgentLeads {
    Walked,  // the query's order is walked and each conversation's lead checked
    Gathered // the agent's few leads are read first and their conversations sorted
};

// The inbox's queries and the per-user read markers. Only the latest conversation of each
// lead is listed, the one the chat pane shows. Viewers who may not see every lead
// (agentUserId > 0) get the conversations of their own and of unassigned leads.
class InboxRepository
{
public:
    explicit InboxRepository(const Database &database);

    // Returns the conversations in `range` of the inbox order, at most range.limit of
    // them, newest activity first. `agentUserId` is as above, 0 for a viewer who sees all
    // leads. Unread counts are those of `viewerUserId`. A limit below 1 is rejected.
    Result<QList<InboxEntry>> list(qint64 viewerUserId, qint64 agentUserId, InboxFilter filter,
                                   const InboxRange &range) const;

    // Up to `limit` conversations with unread lead messages, newest lead message first.
    // Reads about `limit` conversations, however many messages are unread.
    Result<QList<UnreadConversation>> unread(qint64 viewerUserId, qint64 agentUserId, int limit) const;
    // The unread lead messages over every conversation the viewer may see, counted up to
    // `limit`: a result equal to `limit` means that many or more. The count stops there
    // because a new user of a large database has millions unread, and counting them all
    // took seconds on every inbox refresh.
    Result<int> totalUnread(qint64 viewerUserId, qint64 agentUserId, int limit) const;

    // Records that `userId` has seen conversation `conversationId` up to message
    // `messageId`. A marker never moves back, so a late write of an older snapshot
    // does not make read messages unread again.
    Status markRead(qint64 userId, qint64 conversationId, qint64 messageId, qint64 nowMs) const;
    // The marker's message id, 0 when the user has read nothing there.
    Result<qint64> readMarker(qint64 userId, qint64 conversationId) const;

    // Moves the read-through watermark of `viewerUserId` in the view of `agentUserId` (as
    // in list()) up past the conversations that need no unread check, and returns it. The
    // unread list and total walk only the conversations above it, so a viewer who has read
    // everything costs as little as one who has read nothing. The walk goes oldest lead
    // message first, visits at most `maxConversations` and stops at the first
    // conversation with lead messages the viewer has not read, or whose newest lead
    // message is less than ReadThroughSettleMs old at `nowMs`. A later call continues
    // from there. Writes in a transaction of its own, so the caller must not have one open.
    Result<qint64> advanceReadThrough(qint64 viewerUserId, qint64 agentUserId, qint64 nowMs,
                                      int maxConversations = ReadThroughStep) const;
    // The watermark; 0 before the first advance.
    Result<qint64> readThrough(qint64 viewerUserId, qint64 agentUserId) const;

    // Conversations one advance visits at most. The same walk took 1 to 10 ms for 2,000
    // and 1.4 s for all 1,000,000 conversations of the 1M data set (sqlite3 shell,
    // 2-core VM). A user who had read every conversation before the watermark existed
    // catches up over 500 reads.
    static constexpr int ReadThroughStep = 2000;
    // The watermark passes a lead message only this long after its creation. On
    // PostgreSQL two processes commit message ids out of order, so a message with a
    // lower id than one already committed may still arrive. It would then land below the
    // watermark unread. Waiting covers any insert that takes less time than this.
    static constexpr qint64 ReadThroughSettleMs = 5 * 60 * 1000;

    // Below this many conversations of their own, the "Mine" filter reads the viewer's
    // conversations first and sorts them. From this many on, walking the inbox order
    // finds a page sooner, because they are dense enough in it. The same holds for an
    // agent's leads (their own and the unassigned) in every query of an agent's inbox, by
    // GatherRule: an agent who saw none of 1,000,000 conversations waited 2 s for the
    // unread list, because its walk visited them all.
    static constexpr int MineGatherLimit = 5000;
    void setMineGatherLimit(int conversations) { m_mineGatherLimit = conversations; }
    void setAgentGatherRule(const GatherRule &rule)
    {
        m_agentGatherRule = rule;
        m_agentLeads.reset();
    }

private:
    // Returns the way the conversations of `agentUserId`'s leads are found: gathered when
    // m_agentGatherRule reads them first, walked otherwise and for 0 (no agent).
    Result<AgentLeads> agentLeadsWay(qint64 agentUserId) const;

    // Returns whether the viewer owns or has taken over fewer than m_mineGatherLimit
    // conversations.
    Result<bool> hasFewOwnConversations(qint64 viewerUserId) const;

    const Database &m_database;
    int m_mineGatherLimit = MineGatherLimit;
    GatherRule m_agentGatherRule;
    // The last agent's way, so an inbox refresh (page, unread list and total through one
    // repository) counts the agent's leads once instead of three times.
    mutable std::optional<std::pair<qint64, AgentLeads>> m_agentLeads;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::InboxEntry)
Q_DECLARE_METATYPE(Prospecta::UnreadConversation)
