// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AgentCoordinator.h"

#include "ChatCompletionsClient.h"
#include "Prompting.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "storage/AlertRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/ConversationWriter.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"

#include <QTimer>

namespace Prospecta {

namespace {

constexpr qint64 hourMs = 60LL * 60 * 1000;
constexpr qint64 windowMs = 24 * hourMs;

} // namespace

AgentCoordinator::AgentCoordinator(ServiceContext context, ChatCompletionsClient &client, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_client(client)
{
}

int AgentCoordinator::turnsInFlight() const
{
    int count = 0;
    for (const ConversationState &state : m_states)
        count += state.inFlight ? 1 : 0;
    return count;
}

void AgentCoordinator::onLeadMessage(qint64 conversationId, qint64 receivedMs)
{
    const int burstMs = m_context.settings().integer(QStringLiteral("ai.burstWindowMs"));
    schedule(conversationId, receivedMs + burstMs);
}

void AgentCoordinator::resumeUnanswered()
{
    auto query = m_context.database.exec(QStringLiteral(
        "SELECT c.id, MAX(m.created_at) FROM conversations c JOIN messages m ON m.conversation_id = c.id "
        "WHERE c.status = 'active' AND m.sender = 'lead' AND m.id > c.ai_cursor GROUP BY c.id"));
    if (!query) {
        qCWarning(lcAgents) << "cannot look for unanswered conversations:" << query.error().message;
        return;
    }
    QList<QPair<qint64, qint64>> unanswered;
    while (query->next())
        unanswered.append({query->value(0).toLongLong(), query->value(1).toLongLong()});
    query->finish();
    for (const auto &[conversationId, lastMs] : unanswered)
        onLeadMessage(conversationId, lastMs);
}

void AgentCoordinator::schedule(qint64 conversationId, qint64 dueMs)
{
    ConversationState &state = m_states[conversationId];
    state.dueMs = std::max(state.dueMs, dueMs);
    if (state.inFlight) {
        state.again = true;
        return;
    }
    if (state.timerArmed)
        return;
    state.timerArmed = true;
    const qint64 delay = std::max<qint64>(0, state.dueMs - m_context.clock.nowMs());
    QTimer::singleShot(std::chrono::milliseconds(delay), this, [this, conversationId] { onTimer(conversationId); });
}

void AgentCoordinator::onTimer(qint64 conversationId)
{
    ConversationState &state = m_states[conversationId];
    state.timerArmed = false;
    const qint64 remaining = state.dueMs - m_context.clock.nowMs();
    if (remaining > 0) {
        // A newer message moved the turn later while the timer ran.
        state.timerArmed = true;
        QTimer::singleShot(std::chrono::milliseconds(remaining), this, [this, conversationId] { onTimer(conversationId); });
        return;
    }
    startTurn(conversationId);
}

void AgentCoordinator::startTurn(qint64 conversationId)
{
    const Database &db = m_context.database;
    const SettingsSnapshot settings = m_context.settings();
    const qint64 nowMs = m_context.clock.nowMs();

    auto conversation = ConversationRepository(db).findById(conversationId);
    if (!conversation || !*conversation) {
        m_states.remove(conversationId);
        return;
    }
    const Conversation &c = **conversation;

    const qint64 cursorId = c.aiCursor;
    MessageRepository messages(db);
    auto fresh = messages.leadMessagesAfter(conversationId, cursorId);
    if (!fresh || fresh->isEmpty()) {
        m_states.remove(conversationId);
        return;
    }
    const qint64 lastMessageId = fresh->last().id;

    // The rules under which an AI agent stays silent.
    if (!settings.flag(QStringLiteral("ai.enabled")) || c.humanUserId != 0 || c.status != ConversationStatus::Active) {
        m_states.remove(conversationId);
        return;
    }
    auto lead = LeadRepository(db).findById(c.leadId);
    if (!lead || !*lead || (*lead)->optedOut) {
        m_states.remove(conversationId);
        return;
    }
    for (const Message &message : std::as_const(*fresh)) {
        if (message.contentType == QLatin1String("text")
            && classifyOptKeyword(message.content) == OptKeyword::MentionsOptOut) {
            (void)flagNeedsHuman(conversationId, QStringLiteral("The lead mentions opting out"), lastMessageId);
            m_states.remove(conversationId);
            return;
        }
    }
    if (c.lastInboundMs > 0 && nowMs - c.lastInboundMs > windowMs) {
        qCInfo(lcAgents) << "conversation" << conversationId << "is outside the 24-hour window; the AI stays silent";
        m_states.remove(conversationId);
        return;
    }
    const int maxPerHour = settings.integer(QStringLiteral("ai.maxRepliesPerLeadPerHour"));
    auto recent = messages.countAiRepliesSince(c.leadId, nowMs - hourMs);
    if (recent && *recent >= maxPerHour) {
        (void)flagNeedsHuman(conversationId,
                             QStringLiteral("The AI reached %1 replies in an hour for this lead").arg(maxPerHour),
                             lastMessageId);
        m_states.remove(conversationId);
        return;
    }
    const IntegrationValues openai = m_context.integration(Provider::OpenAi);
    if (!openai.usable({QStringLiteral("apiKey")})) {
        (void)flagNeedsHuman(conversationId, QStringLiteral("No AI provider is configured"), lastMessageId);
        m_states.remove(conversationId);
        return;
    }

    std::optional<Campaign> campaign;
    if (c.campaignId > 0) {
        auto found = CampaignRepository(db).findById(c.campaignId);
        if (found)
            campaign = *found;
    }
    const QString language = campaign ? campaign->language : QStringLiteral("es");
    const AgentType agent = c.currentAgent.value_or(campaign ? campaign->initialAgent : AgentType::Welcome);

    auto history = messages.history(conversationId, cursorId, settings.integer(QStringLiteral("ai.historyMessages")));
    if (!history) {
        qCWarning(lcAgents) << "cannot read the history of conversation" << conversationId << history.error().message;
        m_states.remove(conversationId);
        return;
    }

    ChatRequestInput input;
    input.model = openai.value(QStringLiteral("model"));
    input.systemPrompt = systemPromptFor(agent, language, campaign ? campaign->instructions.value(agent) : QString());
    input.history = *history;
    input.newMessages = *fresh;
    input.language = language;
    input.temperature = settings.optionalDecimal(QStringLiteral("ai.temperature"));
    input.maxTokens = settings.optionalInteger(QStringLiteral("ai.maxTokens"));

    ChatConfig config;
    config.baseUrl = QUrl(openai.value(QStringLiteral("baseUrl")));
    config.apiKey = openai.value(QStringLiteral("apiKey"));
    config.requestTimeoutMs = settings.integer(QStringLiteral("ai.requestTimeoutMs"));
    config.maxConcurrentRequests = settings.integer(QStringLiteral("ai.maxConcurrentRequests"));

    ConversationState &state = m_states[conversationId];
    state.inFlight = true;
    state.again = false;
    qCInfo(lcAgents) << "turn for conversation" << conversationId << "agent" << toString(agent) << "answering"
                     << fresh->size() << "message(s)";
    m_client.complete(config, composeChatRequest(input), this,
                      [this, conversationId, lastMessageId, agent](const ChatOutcome &outcome) {
                          finishTurn(conversationId, lastMessageId, agent, outcome);
                      });
}

void AgentCoordinator::finishTurn(qint64 conversationId, qint64 lastMessageId, AgentType agent,
                                  const ChatOutcome &outcome)
{
    const Database &db = m_context.database;
    const qint64 nowMs = m_context.clock.nowMs();

    if (outcome.kind != ChatOutcome::Kind::Reply || outcome.content.trimmed().isEmpty()) {
        const QString reason = outcome.errorMessage.isEmpty() ? QStringLiteral("The AI returned an empty reply")
                                                              : outcome.errorMessage;
        qCWarning(lcAgents) << "turn for conversation" << conversationId << "failed after" << outcome.attempts
                            << "attempt(s):" << reason;
        // The lead's messages stay unanswered (not skipped), so a later turn includes them.
        (void)flagNeedsHuman(conversationId, QStringLiteral("The AI could not answer: %1").arg(reason), 0);
        if (outcome.kind == ChatOutcome::Kind::KeyOrQuota)
            (void)raiseAlertOnce(QStringLiteral("openai.keyOrQuota"), reason);
        endTurn(conversationId);
        return;
    }

    Transaction transaction(db);
    Status status = transaction.started();
    ConversationRepository conversations(db);
    auto conversation = conversations.findById(conversationId);
    if (status && (!conversation || !*conversation))
        status = makeError(ErrorKind::NotFound, QStringLiteral("conversation %1 is gone").arg(conversationId));

    // A human may have taken over while the model was thinking: then the reply is dropped.
    const bool humanHolds = status && (*conversation)->humanUserId != 0;
    auto lead = status ? LeadRepository(db).findById((*conversation)->leadId) : Result<std::optional<Lead>>(std::nullopt);
    const bool optedOut = lead && *lead && (*lead)->optedOut;
    int parts = 0;
    if (status && !humanHolds && !optedOut) {
        ConversationWriter writer(db);
        const QStringList replies = splitReply(outcome.content);
        for (const QString &part : replies) {
            Message reply;
            reply.sender = SenderKind::Ai;
            reply.agentType = agent;
            reply.content = part;
            reply.metadata.insert(QStringLiteral("model"), outcome.model);
            if (parts == 0)
                reply.metadata.insert(QStringLiteral("usage"), outcome.usage);
            auto queued = writer.queueOutgoing(**conversation, reply, nowMs);
            if (!queued) {
                status = queued.error();
                break;
            }
            ++parts;
        }
        // Welcome hands the conversation to qualification after its first reply.
        const AgentType next = agent == AgentType::Welcome ? AgentType::Qualification : agent;
        if (status)
            status = conversations.setCurrentAgent(conversationId, next, nowMs);
    }
    if (status)
        status = conversations.setAiCursor(conversationId, lastMessageId, nowMs);
    if (status)
        status = transaction.commit();

    if (!status) {
        qCWarning(lcAgents) << "cannot store the reply for conversation" << conversationId << status.error().message;
        (void)flagNeedsHuman(conversationId, QStringLiteral("The AI reply could not be stored"), 0);
    } else if (parts > 0) {
        qCInfo(lcAgents) << "conversation" << conversationId << "answered in" << parts << "message(s), queued"
                         << outcome.queuedMs << "ms, on the wire" << outcome.wireMs << "ms";
        emit outboxQueued();
        emit changed(QStringLiteral("messages"), conversationId);
        emit changed(QStringLiteral("conversations"), conversationId);
    }
    endTurn(conversationId);
}

void AgentCoordinator::endTurn(qint64 conversationId)
{
    ConversationState &state = m_states[conversationId];
    state.inFlight = false;
    if (state.again) {
        state.again = false;
        schedule(conversationId, state.dueMs);
        return;
    }
    m_states.remove(conversationId);
}

Status AgentCoordinator::flagNeedsHuman(qint64 conversationId, const QString &reason, qint64 cursorMessageId)
{
    const Database &db = m_context.database;
    const qint64 nowMs = m_context.clock.nowMs();
    Transaction transaction(db);
    if (!transaction.started())
        return transaction.started();
    ConversationRepository conversations(db);
    if (auto flagged = conversations.setNeedsHuman(conversationId, true, reason, nowMs); !flagged)
        return flagged;
    if (cursorMessageId > 0) {
        if (auto cursor = conversations.setAiCursor(conversationId, cursorMessageId, nowMs); !cursor)
            return cursor;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed;
    qCInfo(lcAgents) << "conversation" << conversationId << "needs a human:" << reason;
    emit changed(QStringLiteral("conversations"), conversationId);
    return {};
}

Status AgentCoordinator::raiseAlertOnce(const QString &kind, const QString &message)
{
    auto inserted = AlertRepository(m_context.database).raiseOnce(kind, message, m_context.clock.nowMs());
    if (!inserted)
        return inserted.error();
    if (*inserted == 0)
        return {};
    qCWarning(lcAgents) << "alert for the admin:" << message;
    emit alertRaised(message);
    emit changed(QStringLiteral("alerts"), *inserted);
    return {};
}

} // namespace Prospecta
