// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InboxProcessor.h"

#include "storage/ConversationWriter.h"
#include "agents/Prompting.h"
#include "channels/GupshupWebhookParser.h"
#include "channels/PhoneNumbers.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "core/TextLanguage.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/InboundEventRepository.h"
#include "storage/LeadRepository.h"
#include "storage/OutboxRepository.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace Prospecta {

namespace {

constexpr int batchSize = 100;
// The maximum time one batch of events keeps the writer busy before it commits, while
// the processor keeps up with the webhooks.
constexpr qint64 batchBudgetMs = 4;
// Once the oldest waiting event is this old, batches may run for catchUpBudgetMs. Under
// a sustained burst the short batches left the processor too little of the thread, so it
// fell further behind every second: after 10 s at 64 connections it needed 9 to 16 s to
// drain. Longer batches give it more of the thread, and the lag stays near this value.
constexpr qint64 catchUpLagMs = 1000;
constexpr qint64 catchUpBudgetMs = 8;
constexpr int maxProcessingAttempts = 5;

Message toMessage(const InboundMessage &inbound)
{
    Message message;
    message.sender = SenderKind::Lead;
    message.contentType = inbound.contentType;
    message.providerMessageId = inbound.providerMessageId;
    message.providerTimestampMs = inbound.providerTimestampMs;
    message.mediaUrl = inbound.mediaUrl;

    const bool media = inbound.contentType == QLatin1String("image") || inbound.contentType == QLatin1String("video")
        || inbound.contentType == QLatin1String("audio") || inbound.contentType == QLatin1String("file");
    message.content = media ? inbound.caption : inbound.text;

    QJsonObject metadata;
    if (!inbound.mediaMimeType.isEmpty())
        metadata.insert(QStringLiteral("mimeType"), inbound.mediaMimeType);
    if (!inbound.fileName.isEmpty())
        metadata.insert(QStringLiteral("fileName"), inbound.fileName);
    if (inbound.latitude)
        metadata.insert(QStringLiteral("latitude"), *inbound.latitude);
    if (inbound.longitude)
        metadata.insert(QStringLiteral("longitude"), *inbound.longitude);
    if (!inbound.locationName.isEmpty())
        metadata.insert(QStringLiteral("locationName"), inbound.locationName);
    if (!inbound.contactName.isEmpty())
        metadata.insert(QStringLiteral("contactName"), inbound.contactName);
    if (!inbound.contactPhone.isEmpty())
        metadata.insert(QStringLiteral("contactPhone"), inbound.contactPhone);
    if (!inbound.replyId.isEmpty())
        metadata.insert(QStringLiteral("replyId"), inbound.replyId);
    if (!inbound.contextMessageId.isEmpty())
        metadata.insert(QStringLiteral("contextMessageId"), inbound.contextMessageId);
    if (inbound.contentType == QLatin1String("contact") && message.content.isEmpty())
        message.content = QStringList{inbound.contactName, inbound.contactPhone}.join(QLatin1Char(' ')).trimmed();
    message.metadata = metadata;
    return message;
}

std::optional<OutboundStatus> deliveryStatusFor(const QString &name)
{
    auto status = fromString<OutboundStatus>(name);
    if (!status || *status == OutboundStatus::Queued || *status == OutboundStatus::Cancelled)
        return std::nullopt;
    return status;
}

} // namespace

InboxProcessor::InboxProcessor(ServiceContext context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
{
    m_wakeTimer.setSingleShot(true);
    m_wakeTimer.setInterval(0);
    connect(&m_wakeTimer, &QTimer::timeout, this, &InboxProcessor::processPending);
}

void InboxProcessor::wake()
{
    // Events may have been stored since the last read. They are read once the ones
    // already read are done.
    m_moreToRead = true;
    if (!m_wakeTimer.isActive())
        m_wakeTimer.start();
}

void InboxProcessor::startPolling(int intervalMs)
{
    m_pollTimer.setInterval(intervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &InboxProcessor::wake, Qt::UniqueConnection);
    m_pollTimer.start();
}

void InboxProcessor::processPending()
{
    InboundEventRepository repository(m_context.database);
    // Events read before and not reached in the last batch come first. Events are read
    // again only once all of those are done.
    if (m_fetched.isEmpty()) {
        auto pending = repository.pending(batchSize);
        if (!pending) {
            qCWarning(lcJobs) << "cannot read pending events:" << pending.error().message;
            QTimer::singleShot(1000, this, &InboxProcessor::wake);
            return;
        }
        m_fetched = std::move(*pending);
        m_moreToRead = m_fetched.size() == batchSize;
    }
    if (m_fetched.isEmpty())
        return;

    // The events of a batch share one commit, since with synchronous=FULL a commit per
    // event would cap processing at the disk's flush rate. Each event is a savepoint of
    // its own, so a failing event is undone alone. The batch ends once it has run for
    // its budget (the event in progress finishes first), so a webhook, served on this
    // thread, waits about that long plus one event and the commit at most.
    const qint64 lagMs = m_context.clock.nowMs() - m_fetched.first().receivedMs;
    const qint64 budgetMs = lagMs >= catchUpLagMs ? catchUpBudgetMs : batchBudgetMs;
    QElapsedTimer elapsed;
    elapsed.start();
    Transaction transaction(m_context.database);
    if (!transaction.started()) {
        qCWarning(lcJobs) << "cannot start processing events:" << transaction.started().error().message;
        QTimer::singleShot(1000, this, &InboxProcessor::wake);
        return;
    }

    QList<PendingSignal> committedSignals;
    bool retryLater = false;
    qsizetype handled = 0;
    for (const StoredInboundEvent &stored : std::as_const(m_fetched)) {
        if (handled > 0 && elapsed.elapsed() >= budgetMs)
            break;
        ++handled;

        // The webhook route stored the body only after StrictJson accepted it, so
        // QJsonDocument reads it again without repeating those checks. The parser's
        // errors go to the log and the stored event, so they stay in English.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(stored.body, &parseError);
        auto events = [&]() -> Result<QList<InboundEvent>> {
            if (parseError.error != QJsonParseError::NoError)
                return makeError(ErrorKind::InvalidJson, parseError.errorString());
            const TextLanguageScope english(TextLanguage::English);
            return GupshupWebhookParser::parse(document, stored.body);
        }();
        const qint64 nowMs = m_context.clock.nowMs();
        if (!events || stored.itemIndex >= events->size()) {
            // Cannot happen for a body the server accepted, unless the parser changed.
            const QString error = events ? QStringLiteral("event index out of range") : events.error().message;
            qCWarning(lcJobs) << "inbound event" << stored.id << "cannot be parsed again:" << error;
            if (auto marked = repository.mark(stored.id, InboundEventRepository::State::Failed, error, nowMs); !marked)
                retryLater = true;
            continue;
        }

        bool claimed = true;
        Status status = processClaimed(stored, events->at(stored.itemIndex), claimed);
        if (!status && status.error().kind == ErrorKind::Conflict) {
            // Another process created the same lead (its phone key is unique) while this
            // one processed an event of it. Once that commit is visible, the retry finds it.
            qCInfo(lcJobs) << "inbound event" << stored.id << "met a concurrent insert; retrying it";
            status = processClaimed(stored, events->at(stored.itemIndex), claimed);
        }
        if (status && !claimed) {
            qCDebug(lcJobs) << "inbound event" << stored.id << "was taken by another process";
            continue;
        }

        if (!status) {
            m_afterCommit.clear();
            qCWarning(lcJobs) << "processing inbound event" << stored.id << "failed:" << status.error().message;
            (void)repository.countAttempt(stored.id);
            if (stored.attempts + 1 >= maxProcessingAttempts)
                (void)repository.mark(stored.id, InboundEventRepository::State::Failed, status.error().message, nowMs);
            else
                retryLater = true;
            continue;
        }
        committedSignals += std::exchange(m_afterCommit, {});
    }

    if (auto committed = transaction.commit(); !committed) {
        qCWarning(lcJobs) << "cannot commit" << handled << "processed events:" << committed.error().message;
        // Nothing of the batch was kept; the events are read again.
        m_fetched.clear();
        QTimer::singleShot(1000, this, &InboxProcessor::wake);
        return;
    }
    m_fetched.remove(0, handled);

    for (const PendingSignal &pendingSignal : std::as_const(committedSignals)) {
        switch (pendingSignal.kind) {
        case PendingSignal::Kind::Changed:
            emit changed(pendingSignal.table, pendingSignal.id);
            break;
        case PendingSignal::Kind::LeadMessage:
            emit leadMessageStored(pendingSignal.id, pendingSignal.messageId, pendingSignal.atMs);
            break;
        case PendingSignal::Kind::OutboxQueued:
            emit outboxQueued();
            break;
        case PendingSignal::Kind::NeedsHuman:
            emit conversationNeedsHuman(pendingSignal.id);
            break;
        }
    }

    if (!m_fetched.isEmpty() || m_moreToRead)
        m_wakeTimer.start();
    else if (retryLater)
        QTimer::singleShot(1000, this, &InboxProcessor::wake);
}

Status InboxProcessor::processClaimed(const StoredInboundEvent &stored, const InboundEvent &event, bool &claimed)
{
    m_afterCommit.clear();
    claimed = false;
    const qint64 nowMs = m_context.clock.nowMs();
    InboundEventRepository repository(m_context.database);
    // Several processes may read the same pending events; only the claim's winner goes on.
    // The claim stays outside the savepoint, so its lock outlives a failed attempt.
    auto claim = repository.claim(stored.id);
    if (!claim)
        return claim.error();
    if (!*claim)
        return {};
    claimed = true;
    Savepoint step(m_context.database);
    if (!step.started())
        return step.started();

    // An echo of the business's own number was acknowledged like any webhook, so the
    // provider does not send it again. It is kept as ignored, with no lead or conversation.
    InboundEventRepository::State outcome = InboundEventRepository::State::Processed;
    if (isFromBusinessNumber(stored, event)) {
        qCInfo(lcJobs).noquote() << "inbound event" << stored.id << "of kind" << event.kindName
                                 << "comes from the business's own number (the Gupshup source setting); ignored "
                                    "without creating a lead or a conversation";
        outcome = InboundEventRepository::State::Ignored;
    } else if (auto processed = processOne(stored, event); !processed) {
        return processed;
    }
    if (auto marked = repository.mark(stored.id, outcome, {}, nowMs); !marked)
        return marked;
    return step.release();
}

bool InboxProcessor::isFromBusinessNumber(const StoredInboundEvent &stored, const InboundEvent &event) const
{
    if (stored.provider != Provider::Gupshup)
        return false;
    QString sender;
    if (event.kind == InboundEvent::Kind::Message)
        sender = event.message.from;
    else if (event.kind == InboundEvent::Kind::UserEvent)
        sender = event.userEvent.phone;
    const QString business = m_context.integration(Provider::Gupshup).value(QStringLiteral("source"));
    if (sender.isEmpty() || business.isEmpty())
        return false;

    // Compared by phone identity, so that Mexico's "521…" form matches "52…".
    const auto senderIdentity = PhoneNumbers::fromProviderId(sender);
    const auto businessIdentity = PhoneNumbers::fromProviderId(business);
    return senderIdentity && businessIdentity && senderIdentity->phoneKey == businessIdentity->phoneKey;
}

Status InboxProcessor::processOne(const StoredInboundEvent &stored, const InboundEvent &event)
{
    switch (event.kind) {
    case InboundEvent::Kind::Message:
        return processMessage(stored, event);
    case InboundEvent::Kind::Status:
        return processStatus(event);
    case InboundEvent::Kind::UserEvent:
        return processUserEvent(event);
    case InboundEvent::Kind::Unhandled:
        break;
    }
    return {};
}

Status InboxProcessor::processMessage(const StoredInboundEvent &stored, const InboundEvent &event)
{
    // A provider time after the receipt is a wrong clock or a forged webhook. Taken as it
    // is, a time in the year 5138 would hold the lead's 24-hour window open for good.
    InboundMessage inbound = event.message;
    inbound.providerTimestampMs = std::min(inbound.providerTimestampMs, stored.receivedMs);
    const Database &db = m_context.database;
    const qint64 nowMs = m_context.clock.nowMs();

    auto identity = PhoneNumbers::fromProviderId(inbound.from);
    if (!identity)
        return identity.error();

    LeadRepository leads(db);
    ConversationRepository conversations(db);
    CampaignRepository campaigns(db);

    auto existing = leads.findByPhoneKey(identity->phoneKey);
    if (!existing)
        return existing.error();

    // A WhatsApp profile name of 5,000 characters was stored whole, where a typed or
    // imported name is refused beyond Lead::MaxNameLength. It is cut there, never inside
    // a surrogate pair.
    QString profileName = inbound.profileName;
    if (profileName.size() > Lead::MaxNameLength) {
        const bool splitsPair = profileName.at(Lead::MaxNameLength - 1).isHighSurrogate();
        profileName.truncate(Lead::MaxNameLength - (splitsPair ? 1 : 0));
    }

    bool newLead = false;
    Lead lead;
    if (*existing) {
        lead = **existing;
        if (lead.name.isEmpty() && !profileName.isEmpty()) {
            if (auto named = leads.setName(lead.id, profileName, nowMs); !named)
                return named;
        }
    } else {
        auto campaignId = campaigns.campaignForFirstMessage(inbound.text.isEmpty() ? inbound.caption : inbound.text);
        if (!campaignId)
            return campaignId.error();
        lead.name = profileName;
        lead.phone = identity->e164;
        lead.phoneKey = identity->phoneKey;
        lead.country = identity->country;
        lead.source = LeadSource::WhatsApp;
        lead.campaignId = *campaignId;
        auto id = leads.create(lead, nowMs);
        if (!id)
            return id.error();
        lead.id = *id;
        newLead = true;
        qCInfo(lcJobs) << "new lead" << lead.id << "from WhatsApp, campaign" << lead.campaignId;
    }

    std::optional<Campaign> campaign;
    if (lead.campaignId > 0) {
        auto found = campaigns.findById(lead.campaignId);
        if (!found)
            return found.error();
        campaign = *found;
    }
    const QString language = campaign ? campaign->language : QStringLiteral("es");

    // A lead created by this event has no conversation yet, so the two lookups below
    // are skipped for it.
    Result<std::optional<Conversation>> active = std::optional<Conversation>();
    if (!newLead)
        active = conversations.findActive(lead.id, QStringLiteral("whatsapp"));
    if (!active)
        return active.error();
    // The lead's next message reopens a closed conversation, so its history and its
    // 24-hour window stay in the one chat the inbox shows.
    if (!newLead && !*active) {
        active = conversations.reopenLatestClosed(lead.id, QStringLiteral("whatsapp"), nowMs);
        if (!active)
            return active.error();
        if (*active)
            m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("conversations"), (*active)->id};
    }
    Conversation conversation;
    if (*active) {
        conversation = **active;
        // Replies go to the address the provider gave last.
        if (conversation.providerAddress != inbound.from) {
            if (auto updated = conversations.setProviderAddress(conversation.id, inbound.from, nowMs); !updated)
                return updated;
            conversation.providerAddress = inbound.from;
        }
    } else {
        conversation.leadId = lead.id;
        conversation.campaignId = lead.campaignId;
        conversation.providerAddress = inbound.from;
        conversation.currentAgent = campaign ? campaign->initialAgent : AgentType::Welcome;
        auto id = conversations.create(conversation, nowMs);
        if (!id)
            return id.error();
        conversation.id = *id;
    }

    Message message = toMessage(inbound);
    message.conversationId = conversation.id;
    message.createdMs = stored.receivedMs;
    auto messageId = MessageRepository(db).insert(message);
    if (!messageId)
        return messageId.error();
    if (auto touched = conversations.recordMessage(conversation.id, stored.receivedMs, true, inbound.providerTimestampMs);
        !touched)
        return touched;
    if (auto contacted = leads.touchLastContact(lead.id, stored.receivedMs); !contacted)
        return contacted;

    m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("leads"), lead.id};
    m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("messages"), *messageId};

    // A webhook delivered late (a provider retry, a replay) may carry a message older than
    // WhatsApp's window: nothing of ours may start then, or the provider refuses it.
    const qint64 windowOpenedMs = std::max(conversation.lastInboundMs, inbound.providerTimestampMs > 0
                                                                           ? inbound.providerTimestampMs
                                                                           : stored.receivedMs);
    const bool windowOpen = insideCustomerServiceWindow(windowOpenedMs, nowMs);

    ConversationWriter writer(db);
    OptKeyword keyword = inbound.contentType == QLatin1String("text") ? classifyOptKeyword(inbound.text)
                                                                       : OptKeyword::None;
    // Opting back in applies only to a lead who opted out. From anyone else "Alta" is an
    // ordinary first message, which gets the welcome and the AI's reply.
    if (keyword == OptKeyword::OptIn && !lead.optedOut)
        keyword = OptKeyword::None;

    // An opt-out or opt-in keyword is handled here, at once, and never reaches the AI.
    if (keyword == OptKeyword::OptOut || keyword == OptKeyword::OptIn) {
        const bool optOut = keyword == OptKeyword::OptOut;
        // The lead gets one confirmation: a second "BAJA" changes nothing to confirm.
        const bool changes = lead.optedOut != optOut;
        if (auto flagged = leads.setOptedOut(lead.id, optOut, nowMs); !flagged)
            return flagged;
        if (optOut) {
            auto cancelled = OutboxRepository(db).cancelQueuedForLead(lead.id, nowMs);
            if (!cancelled)
                return cancelled.error();
        }
        if (!changes) {
            qCInfo(lcJobs) << "lead" << lead.id << "repeated the opt-out keyword; already opted out, not confirmed again";
        } else if (windowOpen) {
            Message confirmation;
            confirmation.sender = SenderKind::System;
            confirmation.content = optOut ? optOutConfirmation(language) : optInConfirmation(language);
            auto queued = writer.queueOutgoing(conversation, confirmation, nowMs);
            if (!queued)
                return queued.error();
        } else {
            qCInfo(lcJobs) << "lead" << lead.id << "is outside the 24-hour window; the keyword is applied unconfirmed";
        }
        if (auto cursor = conversations.setAiCursor(conversation.id, *messageId, nowMs); !cursor)
            return cursor;
        qCInfo(lcJobs) << "lead" << lead.id << (optOut ? "opted out" : "opted in") << "by keyword";
        m_afterCommit << PendingSignal{PendingSignal::Kind::OutboxQueued, {}, 0};
        return {};
    }

    // A new lead first gets its campaign's welcome message, unchanged. The welcome goes out
    // as the initial agent's message, so pausing the AI (ai.enabled) stops it too, because an
    // administrator who stops the agents expects nothing automatic to reach leads.
    const bool wantsWelcome = newLead && campaign && !campaign->welcomeMessage.trimmed().isEmpty();
    const bool aiEnabled = m_context.settings().flag(QStringLiteral("ai.enabled"));
    // A first message that mentions opting out goes to a human without a reply, so no
    // cheerful welcome is sent to it either.
    const bool mentionsOptOut = keyword == OptKeyword::MentionsOptOut;
    if (wantsWelcome && !windowOpen)
        qCInfo(lcJobs) << "lead" << lead.id << "wrote more than 24 hours ago; no welcome message";
    else if (wantsWelcome && !aiEnabled)
        qCInfo(lcJobs) << "lead" << lead.id << "gets no welcome message because the AI is paused";
    else if (wantsWelcome && mentionsOptOut)
        qCInfo(lcJobs) << "lead" << lead.id << "mentions opting out; no welcome message";
    if (wantsWelcome && windowOpen && aiEnabled && !mentionsOptOut) {
        Message welcome;
        welcome.sender = SenderKind::Ai;
        welcome.agentType = campaign->initialAgent;
        welcome.content = campaign->welcomeMessage;
        welcome.metadata.insert(QStringLiteral("welcomeMessage"), true);
        auto queued = writer.queueOutgoing(conversation, welcome, nowMs);
        if (!queued)
            return queued.error();
        m_afterCommit << PendingSignal{PendingSignal::Kind::OutboxQueued, {}, 0};
    }

    // Flagged here, not only when an agent's turn starts, so that a human reads it also
    // while the AI is paused or not configured.
    if (mentionsOptOut) {
        if (auto flagged = conversations.setNeedsHuman(conversation.id, true, tr("The lead mentions opting out"), nowMs);
            !flagged)
            return flagged;
        m_afterCommit << PendingSignal{PendingSignal::Kind::NeedsHuman, {}, conversation.id};
        m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("conversations"), conversation.id};
    }

    // Without an AI provider the conversation waits for a human.
    const IntegrationValues openai = m_context.integration(Provider::OpenAi);
    if (!openai.usable({QStringLiteral("apiKey")})) {
        if (auto flagged = conversations.setNeedsHuman(conversation.id, true,
                                                       tr("No AI provider is configured"), nowMs);
            !flagged)
            return flagged;
        if (auto cursor = conversations.setAiCursor(conversation.id, *messageId, nowMs); !cursor)
            return cursor;
        m_afterCommit << PendingSignal{PendingSignal::Kind::NeedsHuman, {}, conversation.id};
        m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("conversations"), conversation.id};
        return {};
    }

    m_afterCommit << PendingSignal{PendingSignal::Kind::LeadMessage, {}, conversation.id, *messageId, stored.receivedMs};
    return {};
}

Status InboxProcessor::processStatus(const InboundEvent &event)
{
    const InboundStatus &inbound = event.status;
    const auto status = deliveryStatusFor(inbound.status);
    if (!status) {
        qCInfo(lcJobs) << "ignored a delivery status named" << inbound.status;
        return {};
    }

    DeliveryEvent delivery;
    delivery.providerMessageId = inbound.gupshupMessageId;
    delivery.whatsappMessageId = inbound.whatsappMessageId;
    delivery.status = *status;
    delivery.occurredMs = inbound.timestampMs;
    delivery.errorCode = inbound.errorCode;
    delivery.errorReason = inbound.errorReason;

    auto outcome = OutboxRepository(m_context.database)
                       .applyDeliveryEvent(delivery, m_context.clock.nowMs(), m_retryDelayMs, 5);
    if (!outcome)
        return outcome.error();

    if (outcome->statusChanged)
        m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("messages"), outcome->messageId};
    if (outcome->retryScheduled)
        m_afterCommit << PendingSignal{PendingSignal::Kind::OutboxQueued, {}, 0};
    if (outcome->failedForGood && outcome->conversationId > 0) {
        const QString reason = tr("A message could not be delivered: %1")
                                   .arg(inbound.errorReason.isEmpty() ? inbound.errorCode : inbound.errorReason);
        if (auto flagged = ConversationRepository(m_context.database)
                               .setNeedsHuman(outcome->conversationId, true, reason, m_context.clock.nowMs());
            !flagged)
            return flagged;
        m_afterCommit << PendingSignal{PendingSignal::Kind::NeedsHuman, {}, outcome->conversationId};
    }
    return {};
}

Status InboxProcessor::processUserEvent(const InboundEvent &event)
{
    const InboundUserEvent &user = event.userEvent;
    const bool optOut = user.type == QLatin1String("opted-out");
    const bool optIn = user.type == QLatin1String("opted-in");
    // sandbox-start and friends carry no lead to act on.
    if ((!optOut && !optIn) || user.phone.isEmpty())
        return {};

    auto identity = PhoneNumbers::fromProviderId(user.phone);
    if (!identity) {
        qCInfo(lcJobs) << "user event with an invalid phone ignored:" << identity.error().message;
        return {};
    }

    const Database &db = m_context.database;
    const qint64 nowMs = m_context.clock.nowMs();
    LeadRepository leads(db);
    auto existing = leads.findByPhoneKey(identity->phoneKey);
    if (!existing)
        return existing.error();

    qint64 leadId = 0;
    if (*existing) {
        leadId = (*existing)->id;
        if (auto flagged = leads.setOptedOut(leadId, optOut, nowMs); !flagged)
            return flagged;
    } else if (optOut) {
        // Remember the refusal even before the lead ever wrote.
        Lead lead;
        lead.phone = identity->e164;
        lead.phoneKey = identity->phoneKey;
        lead.country = identity->country;
        lead.source = LeadSource::WhatsApp;
        lead.optedOut = true;
        auto id = leads.create(lead, nowMs);
        if (!id)
            return id.error();
        leadId = *id;
    }
    if (optOut && leadId > 0) {
        auto cancelled = OutboxRepository(db).cancelQueuedForLead(leadId, nowMs);
        if (!cancelled)
            return cancelled.error();
    }
    if (leadId > 0) {
        qCInfo(lcJobs) << "lead" << leadId << (optOut ? "opted out" : "opted in") << "by user event";
        m_afterCommit << PendingSignal{PendingSignal::Kind::Changed, QStringLiteral("leads"), leadId};
    }
    return {};
}

} // namespace Prospecta
