// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QList>

#include <optional>

namespace Prospecta {

class Database;

class ConversationRepository
{
public:
    explicit ConversationRepository(const Database &database);

    Result<std::optional<Conversation>> findActive(qint64 leadId, const QString &channel) const;
    Result<std::optional<Conversation>> findById(qint64 id) const;
    Result<QList<Conversation>> listForLead(qint64 leadId) const;
    // Most recent first; agentUserId > 0 keeps the conversations of that agent's own and
    // unassigned leads.
    Result<QList<Conversation>> list(qint64 agentUserId, int limit, int offset) const;
    Result<int> count(qint64 agentUserId) const;
    Result<qint64> create(const Conversation &conversation, qint64 nowMs) const;

    Status setProviderAddress(qint64 id, const QString &address, qint64 nowMs) const;
    Status setCurrentAgent(qint64 id, AgentType agent, qint64 nowMs) const;
    Status setNeedsHuman(qint64 id, bool needsHuman, const QString &reason, qint64 nowMs) const;
    Status setHumanHolds(qint64 id, bool holds, qint64 userId, qint64 nowMs) const;
    // Closes or reopens the conversation. A closed conversation gets no AI turn and leaves
    // the inbox's Mine, Unassigned and Needs-a-human lists. Returns false when it already
    // had that status, so two people closing it at once audit one close.
    Result<bool> setStatus(qint64 id, ConversationStatus status, qint64 nowMs) const;
    // Reopens the lead's latest conversation on `channel` when it is closed, and returns
    // it. Returns nullopt when the lead has none or its latest one is active.
    Result<std::optional<Conversation>> reopenLatestClosed(qint64 leadId, const QString &channel, qint64 nowMs) const;
    // Gives the conversation to `userId` (0 for the command line) unless another person
    // has taken it over already. Returns false, changing nothing, in that case.
    Result<bool> takeOver(qint64 id, qint64 userId, qint64 nowMs) const;
    // Records the id of the last lead message an AI turn has replied to.
    Status setAiCursor(qint64 id, qint64 messageId, qint64 nowMs) const;
    // Moves the cursor from `expectedId` to `messageId` only if it is still at
    // `expectedId`, so an AI turn stores its reply only when no other process replied to
    // those messages meanwhile. Returns false when the cursor had moved.
    Result<bool> advanceAiCursor(qint64 id, qint64 expectedId, qint64 messageId, qint64 nowMs) const;

    // The right to run an AI turn for a conversation, across processes. On PostgreSQL a
    // session advisory lock on this connection, which PostgreSQL releases when the
    // connection ends, so a dead process keeps no lock. On SQLite it always succeeds,
    // because ServiceCore's lock file keeps a second service off the file.
    Result<bool> tryLockTurn(qint64 id) const;
    void unlockTurn(qint64 id) const;
    Status recordMessage(qint64 id, qint64 atMs, bool inbound, qint64 providerTimestampMs) const;

private:
    const Database &m_database;
};

class MessageRepository
{
public:
    explicit MessageRepository(const Database &database);

    Result<qint64> insert(const Message &message) const;
    Result<std::optional<Message>> findById(qint64 id) const;

    // The latest `limit` messages of a conversation, oldest first, with the delivery
    // status of outgoing ones.
    Result<QList<Message>> latest(qint64 conversationId, int limit) const;
    // The newest `limit` messages whose id is at least `firstId`, oldest first, with the
    // delivery status of outgoing ones: the end of a chat that a refresh reads again.
    Result<QList<Message>> latestFrom(qint64 conversationId, qint64 firstId, int limit) const;
    // The newest `limit` messages older than message `beforeId`, oldest first, with the
    // delivery status of outgoing ones: the page a chat adds when the user scrolls up.
    Result<QList<Message>> before(qint64 conversationId, qint64 beforeId, int limit) const;

    // Lead messages after `afterId`, oldest first.
    Result<QList<Message>> leadMessagesAfter(qint64 conversationId, qint64 afterId) const;

    // Up to `limit` messages that are neither system messages nor lead messages after
    // `cursorId`, oldest first: the history sent to the model before a turn's new messages.
    Result<QList<Message>> history(qint64 conversationId, qint64 cursorId, int limit) const;

    // AI replies sent to a lead since `sinceMs`, over all its conversations; campaign
    // welcome messages are not replies.
    Result<int> countAiRepliesSince(qint64 leadId, qint64 sinceMs) const;

private:
    const Database &m_database;
};

} // namespace Prospecta
