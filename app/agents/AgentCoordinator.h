// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/ServiceContext.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QVariant>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace Prospecta {

class ChatCompletionsClient;
struct ChatOutcome;

// Decides when and how an AI agent replies. A turn starts once the lead has been quiet
// for ai.burstWindowMs and replies to every lead message received by then, in one
// chat-completions request. Each conversation has one turn at a time, so messages that
// arrive during a turn wait for the next one.
class AgentCoordinator : public QObject
{
    Q_OBJECT

public:
    AgentCoordinator(ServiceContext context, ChatCompletionsClient &client, QObject *parent = nullptr);

    // A lead message was stored (receivedMs on Prospecta's clock).
    void onLeadMessage(qint64 conversationId, qint64 receivedMs);

    // Schedules a turn for every conversation with lead messages no turn has replied to and
    // that no failed turn flagged for a human, after a start or when the AI is switched back
    // on. Only lead messages of the last 24
    // hours count, because outside WhatsApp's customer service window the AI stays silent.
    void resumeUnanswered();

    // Team mode: every `intervalMs`, schedules a turn for recent conversations whose lead
    // messages no turn has replied to, such as those a stopped process was replying to.
    // A turn locked by another live process is left to it (see startTurn).
    void startOrphanScan(int intervalMs);

    int turnsInFlight() const;

signals:
    void changed(const QString &table, qint64 id);
    void outboxQueued();
    // A problem the admin must solve (an invalid key, an exhausted quota).
    void alertRaised(const QString &message);

private:
    struct ConversationState
    {
        qint64 dueMs = 0;
        bool inFlight = false;
        bool again = false;   // messages arrived during the turn
        bool timerArmed = false;
    };

    enum class TurnStart { Requested, NothingToDo, NotYet };

    void schedule(qint64 conversationId, qint64 dueMs);
    void armTimer(qint64 conversationId, qint64 delayMs);
    void onTimer(qint64 conversationId);
    // Takes the conversation's turn lock, then requests a reply; the lock is held until
    // endTurn. While another process has the lock, tries again after a second.
    void startTurn(qint64 conversationId);
    TurnStart requestReply(qint64 conversationId);
    void scanForOrphans();
    // Active conversations, not held by a person and of a lead who did not opt out, with
    // lead messages of the last 24 hours that no turn has replied to, and the newest such
    // message's time. `conditions` (starting with " AND") narrows them.
    QList<QPair<qint64, qint64>> unansweredConversations(const QString &conditions, const QVariantList &values) const;
    void finishTurn(qint64 conversationId, qint64 cursorId, qint64 lastMessageId, AgentType agent,
                    const ChatOutcome &outcome);
    void endTurn(qint64 conversationId);
    Status flagNeedsHuman(qint64 conversationId, const QString &reason, qint64 cursorMessageId);
    Status raiseAlertOnce(const QString &kind, const QString &message);

    ServiceContext m_context;
    ChatCompletionsClient &m_client;
    QHash<qint64, ConversationState> m_states;
    QTimer *m_orphanScanTimer = nullptr;
};

} // namespace Prospecta
