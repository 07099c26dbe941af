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
// How soon a turn locked by another process is tried again.
constexpr qint64 lockRetryMs = 1000;

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

QList<QPair<qint64, qint64>> AgentCoordinator::unansweredConversations(const QString &conditions,
                                                                       const QVariantList &values) const
{
    // Reads recent lead messages first (messages_sender_created), so the window bounds the
    // rows read. Starting from the conversations probed all of them: 5.9 s on 1M leads.
    QVariantList bound{m_context.clock.nowMs() - CustomerServiceWindowMs};
    bound += values;
    auto query = m_context.database.exec(
        QStringLiteral("SELECT c.id, MAX(m.created_at) FROM messages m CROSS JOIN conversations c "
                       "JOIN leads l ON l.id = c.lead_id "
                       "WHERE m.conversation_id = c.id AND m.sender = 'lead' AND m.created_at > ? "
                       "AND m.id > c.ai_cursor AND c.status = 'active' AND c.human_holds = 0 AND l.opted_out = 0")
            + conditions + QStringLiteral(" GROUP BY c.id"),
        bound);
    if (!query) {
        qCWarning(lcAgents) << "cannot look for unanswered conversations:" << query.error().message;
        return {};
    }
    QList<QPair<qint64, qint64>> unanswered;
    while (query->next())
        unanswered.append({query->value(0).toLongLong(), query->value(1).toLongLong()});
    query->finish();
    return unanswered;
}

void AgentCoordinator::resumeUnanswered()
{
    // A conversation that a failed turn flagged for a human waits for that human. Resuming
    // it on a restart made the AI reply to messages minutes old while a person might be
    // replying. In team mode the flag's own change notice resumed it after every failure,
    // so an exhausted quota was requested without end.
    const auto unanswered = unansweredConversations(QStringLiteral(" AND c.needs_human = 0"), {});
    qCInfo(lcAgents) << "resuming turns for" << unanswered.size() << "conversation(s) with unanswered lead messages";
    for (const auto &[conversationId, lastMs] : unanswered)
        onLeadMessage(conversationId, lastMs);
}

void AgentCoordinator::startOrphanScan(int intervalMs)
{
    if (!m_orphanScanTimer) {
        m_orphanScanTimer = new QTimer(this);
        connect(m_orphanScanTimer, &QTimer::timeout, this, &AgentCoordinator::scanForOrphans);
    }
    m_orphanScanTimer->start(intervalMs);
}

void AgentCoordinator::scanForOrphans()
{
    if (!m_context.settings().flag(QStringLiteral("ai.enabled")))
        return;
    // Only what a turn would reply to: recent lead messages in active conversations that
    // no person has taken over and no failed turn flagged. A conversation flagged for a
    // human waits for that human instead of being retried every scan.
    const auto unanswered = unansweredConversations(QStringLiteral(" AND c.needs_human = 0"), {});
    for (const auto &[conversationId, lastMs] : unanswered) {
        if (m_states.contains(conversationId))
            continue; // already scheduled or replying here
        qCDebug(lcAgents) << "conversation" << conversationId << "has unanswered lead messages; scheduling a turn";
        onLeadMessage(conversationId, lastMs);
    }
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
    armTimer(conversationId, state.dueMs - m_context.clock.nowMs());
}

void AgentCoordinator::armTimer(qint64 conversationId, qint64 delayMs)
{
    m_states[conversationId].timerArmed = true;
    QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(0, delayMs)), this,
                       [this, conversationId] { onTimer(conversationId); });
}

void AgentCoordinator::onTimer(qint64 conversationId)
{
    ConversationState &state = m_states[conversationId];
    state.timerArmed = false;
    const qint64 remaining = state.dueMs - m_context.clock.nowMs();
    if (remaining > 0) {
        // A newer message moved the turn later while the timer ran.
        armTimer(conversationId, remaining);
        return;
    }
    startTurn(conversationId);
}

void AgentCoordinator::startTurn(qint64 conversationId)
{
    ConversationRepository conversations(m_context.database);
    auto locked = conversations.tryLockTurn(conversationId);
    if (!locked) {
        // The orphan scan (team mode) or the next lead message tries again.
        qCWarning(lcAgents) << "cannot take the turn of conversation" << conversationId << locked.error().message;
        m_states.remove(conversationId);
        return;
    }
    if (!*locked) {
        // Another process is replying in this conversation. When it is done, the retry
        // finds its reply and only the messages that turn did not include.
        qCDebug(lcAgents) << "conversation" << conversationId << "has a turn in another process; waiting";
        armTimer(conversationId, lockRetryMs);
        return;
    }

    switch (requestReply(conversationId)) {
    case TurnStart::Requested:
        return; // the lock is released by endTurn
    case TurnStart::NothingToDo:
        conversations.unlockTurn(conversationId);
        m_states.remove(conversationId);
        return;
    case TurnStart::NotYet: {
        conversations.unlockTurn(conversationId);
        const qint64 dueMs = m_states.value(conversationId).dueMs;
        armTimer(conversationId, dueMs - m_context.clock.nowMs());
        return;
    }
    }
}

AgentCoordinator::TurnStart AgentCoordinator::requestReply(qint64 conversationId)
{
    const Database &db = m_context.database;
    const SettingsSnapshot settings = m_context.settings();
    const qint64 nowMs = m_context.clock.nowMs();

    auto conversation = ConversationRepository(db).findById(conversationId);
    if (!conversation || !*conversation)
        return TurnStart::NothingToDo;
    const Conversation &c = **conversation;

    const qint64 cursorId = c.aiCursor;
    MessageRepository messages(db);
    auto fresh = messages.leadMessagesAfter(conversationId, cursorId);
    if (!fresh || fresh->isEmpty())
        return TurnStart::NothingToDo;
    const qint64 lastMessageId = fresh->last().id;

    // Another process may have stored a later message of the burst than this one knew
    // of. A receipt time further ahead than one window (another desktop's clock running
    // fast) delays the turn by one window at most.
    const qint64 burstMs = settings.integer(QStringLiteral("ai.burstWindowMs"));
    const qint64 quietFromMs = std::min(fresh->last().createdMs, nowMs) + burstMs;
    if (quietFromMs > nowMs) {
        ConversationState &state = m_states[conversationId];
        state.dueMs = std::max(state.dueMs, quietFromMs);
        return TurnStart::NotYet;
    }

    // The rules under which an AI agent stays silent.
    if (!settings.flag(QStringLiteral("ai.enabled")) || c.humanUserId != 0 || c.status != ConversationStatus::Active)
        return TurnStart::NothingToDo;
    auto lead = LeadRepository(db).findById(c.leadId);
    if (!lead || !*lead || (*lead)->optedOut)
        return TurnStart::NothingToDo;
    for (const Message &message : std::as_const(*fresh)) {
        if (message.contentType == QLatin1String("text")
            && classifyOptKeyword(message.content) == OptKeyword::MentionsOptOut) {
            (void)flagNeedsHuman(conversationId, tr("The lead mentions opting out"), lastMessageId);
            return TurnStart::NothingToDo;
        }
    }
    if (c.lastInboundMs > 0 && !insideCustomerServiceWindow(c.lastInboundMs, nowMs)) {
        qCInfo(lcAgents) << "conversation" << conversationId << "is outside the 24-hour window; the AI stays silent";
        return TurnStart::NothingToDo;
    }
    const int maxPerHour = settings.integer(QStringLiteral("ai.maxRepliesPerLeadPerHour"));
    auto recent = messages.countAiRepliesSince(c.leadId, nowMs - hourMs);
    if (recent && *recent >= maxPerHour) {
        (void)flagNeedsHuman(conversationId,
                             tr("The AI reached %1 replies in an hour for this lead").arg(maxPerHour),
                             lastMessageId);
        return TurnStart::NothingToDo;
    }
    const IntegrationValues openai = m_context.integration(Provider::OpenAi);
    if (!openai.usable({QStringLiteral("apiKey")})) {
        (void)flagNeedsHuman(conversationId, tr("No AI provider is configured"), lastMessageId);
        return TurnStart::NothingToDo;
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
        return TurnStart::NothingToDo;
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
                      [this, conversationId, cursorId, lastMessageId, agent](const ChatOutcome &outcome) {
                          finishTurn(conversationId, cursorId, lastMessageId, agent, outcome);
                      });
    return TurnStart::Requested;
}

void AgentCoordinator::finishTurn(qint64 conversationId, qint64 cursorId, qint64 lastMessageId, AgentType agent,
                                  const ChatOutcome &received)
{
    const Database &db = m_context.database;
    const qint64 nowMs = m_context.clock.nowMs();

    // A reply cut at max_tokens ends mid-sentence, often mid-word. The lead gets its
    // complete sentences, or nothing when not even the first one ended.
    ChatOutcome outcome = received;
    if (outcome.kind == ChatOutcome::Kind::Reply && outcome.finishReason == QLatin1String("length")) {
        outcome.content = completeSentences(outcome.content);
        qCInfo(lcAgents) << "turn for conversation" << conversationId
                         << "was cut at max_tokens; kept" << outcome.content.size() << "characters of complete sentences";
        if (outcome.content.isEmpty()) {
            outcome.kind = ChatOutcome::Kind::Failed;
            outcome.errorMessage = tr("The model's reply was cut off before its first sentence ended. Raise the "
                                      "ai.maxTokens setting or leave it empty.");
            outcome.logMessage = QStringLiteral("reply cut at max_tokens before its first sentence ended");
        }
    }

    if (outcome.kind != ChatOutcome::Kind::Reply || outcome.content.trimmed().isEmpty()) {
        const QString reason = outcome.errorMessage.isEmpty() ? tr("The AI returned an empty reply")
                                                              : outcome.errorMessage;
        qCWarning(lcAgents) << "turn for conversation" << conversationId << "failed after" << outcome.attempts
                            << "attempt(s):"
                            << (outcome.logMessage.isEmpty() ? QStringLiteral("empty reply") : outcome.logMessage);
        // The lead's messages stay unanswered (not skipped), so a later turn includes them.
        (void)flagNeedsHuman(conversationId, tr("The AI could not answer: %1").arg(reason), 0);
        // Every later turn would fail the same way until the admin acts, so these are also
        // raised as an alert (one per kind, with the latest reason).
        if (outcome.kind == ChatOutcome::Kind::KeyOrQuota)
            (void)raiseAlertOnce(QStringLiteral("openai.keyOrQuota"), reason);
        else if (outcome.kind == ChatOutcome::Kind::Rejected)
            (void)raiseAlertOnce(QStringLiteral("openai.rejected"), reason);
        endTurn(conversationId);
        return;
    }

    Transaction transaction(db);
    Status status = transaction.started();
    ConversationRepository conversations(db);

    // Compare-and-set first: the reply is stored only if no other process answered these
    // messages since the turn started (its lock may have been lost with its connection).
    // The update also locks the conversation's row until the commit.
    bool cursorMoved = false;
    if (status) {
        auto advanced = conversations.advanceAiCursor(conversationId, cursorId, lastMessageId, nowMs);
        if (!advanced)
            status = advanced.error();
        else
            cursorMoved = !*advanced;
    }
    if (status && cursorMoved) {
        // Another process answered these messages, or a keyword (opt-out, opt-in) was
        // handled while the model was asked.
        qCWarning(lcAgents) << "conversation" << conversationId << "moved past message" << cursorId
                            << "during the turn; the reply to messages up to" << lastMessageId << "is dropped";
        endTurn(conversationId);
        return;
    }

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
        status = transaction.commit();

    if (!status) {
        qCWarning(lcAgents) << "cannot store the reply for conversation" << conversationId << status.error().message;
        (void)flagNeedsHuman(conversationId, tr("The AI reply could not be stored"), 0);
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
    ConversationRepository(m_context.database).unlockTurn(conversationId);
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
