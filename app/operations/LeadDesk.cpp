// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadDesk.h"

#include "TemplateText.h"

#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "storage/ConversationRepository.h"
#include "storage/ConversationWriter.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/MessageTemplateRepository.h"
#include "storage/OutboxRepository.h"
#include "storage/UserRepository.h"

namespace Prospecta {

namespace {

// Rejects (Forbidden) a message to a lead who opted out. A lead that is not found passes.
Status rejectIfOptedOut(const Database &database, qint64 leadId)
{
    auto lead = LeadRepository(database).findById(leadId);
    if (!lead)
        return lead.error();
    if (*lead && (*lead)->optedOut)
        return makeError(ErrorKind::Forbidden, LeadDesk::tr("This lead opted out of messages; nothing was sent."));
    return {};
}

} // namespace

Error LeadDesk::heldByAnother(qint64 conversationId) const
{
    // The holder's name helps the refused person know whom to ask; an unknown holder (a
    // take-over from the command line) is still refused.
    QString holder;
    auto conversation = ConversationRepository(m_database).findById(conversationId);
    if (conversation && *conversation && (*conversation)->humanUserId > 0) {
        auto user = UserRepository(m_database).findById((*conversation)->humanUserId);
        if (user && *user)
            holder = (*user)->user.name;
    }
    if (holder.isEmpty())
        return makeError(ErrorKind::Conflict,
                         tr("Another person already took over this conversation; ask them to give it back first."));
    return makeError(ErrorKind::Conflict,
                     tr("%1 already took over this conversation; ask them to give it back first.").arg(holder));
}

LeadDesk::LeadDesk(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<qint64> LeadDesk::sendHumanMessage(const Actor &actor, qint64 conversationId, const QString &text) const
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorKind::InvalidArgument, tr("The message is empty: write some text before sending it."),
                         {QStringLiteral("text")});
    // The AI's long replies are split, but a person decides where their own text breaks.
    if (trimmed.size() > Message::MaxTextLength)
        return makeError(ErrorKind::InvalidArgument,
                         tr("The message has %1 characters and WhatsApp takes at most %2: shorten it or send it "
                            "in parts.")
                             .arg(trimmed.size())
                             .arg(Message::MaxTextLength),
                         {QStringLiteral("text")});

    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    auto leadId = authorizer.requireConversation(*principal, conversationId);
    if (!leadId)
        return leadId.error();

    ConversationRepository conversations(m_database);
    auto conversation = conversations.findById(conversationId);
    if (!conversation)
        return conversation.error();
    if (auto allowed = rejectIfOptedOut(m_database, *leadId); !allowed)
        return allowed.error();
    if (!*conversation || !insideCustomerServiceWindow((*conversation)->lastInboundMs, nowMs))
        return makeError(ErrorKind::Forbidden,
                         tr("The lead's last message is more than 24 hours old: WhatsApp only allows an approved "
                            "template now."));

    Message message;
    message.sender = SenderKind::Human;
    message.userId = actor.kind == Actor::Kind::User ? actor.userId : 0;
    message.content = trimmed;
    auto queued = ConversationWriter(m_database).queueOutgoing(**conversation, message, nowMs);
    if (!queued)
        return queued.error();
    if (auto taken = takeForHumanReply(*principal, **conversation, message.userId, QStringLiteral("by replying"), nowMs);
        !taken)
        return taken.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return *queued;
}

Status LeadDesk::takeForHumanReply(const Principal &principal, const Conversation &conversation, qint64 userId,
                                   const QString &auditDetail, qint64 nowMs) const
{
    // Writing to the lead takes the conversation from the AI and clears the needs-a-human
    // flag, unless another person has taken it over, because a take-over is exclusive.
    ConversationRepository conversations(m_database);
    const bool wasHeld = conversation.humanUserId != 0;
    auto takenOver = conversations.takeOver(conversation.id, userId, nowMs);
    if (!takenOver)
        return takenOver.error();
    if (!*takenOver)
        return heldByAnother(conversation.id);
    if (auto cleared = conversations.setNeedsHuman(conversation.id, false, {}, nowMs); !cleared)
        return cleared;
    if (conversation.status == ConversationStatus::Closed) {
        if (auto reopened = conversations.setStatus(conversation.id, ConversationStatus::Active, nowMs); !reopened)
            return reopened.error();
    }
    if (!wasHeld) {
        if (auto audited = AuditLog(m_database, m_clock).record(principal, AuditAction::ConversationTakenOver,
                                                                QStringLiteral("conversation"),
                                                                QString::number(conversation.id), auditDetail);
            !audited)
            return audited;
    }
    return {};
}

Result<qint64> LeadDesk::sendTemplate(const Actor &actor, qint64 conversationId, qint64 templateId,
                                      const QStringList &params) const
{
    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    auto leadId = authorizer.requireConversation(*principal, conversationId);
    if (!leadId)
        return leadId.error();

    auto conversation = ConversationRepository(m_database).findById(conversationId);
    if (!conversation)
        return conversation.error();
    if (!*conversation)
        return makeError(ErrorKind::NotFound, tr("That conversation no longer exists."));
    if (auto allowed = rejectIfOptedOut(m_database, *leadId); !allowed)
        return allowed.error();
    auto found = MessageTemplateRepository(m_database).findById(templateId);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(ErrorKind::NotFound, tr("That template no longer exists; choose another one."),
                         {QStringLiteral("template")});
    const MessageTemplate &messageTemplate = **found;
    auto filled = TemplateText::fill(messageTemplate.body, params);
    if (!filled)
        return filled.error();

    Message message;
    message.sender = SenderKind::Human;
    message.userId = actor.kind == Actor::Kind::User ? actor.userId : 0;
    message.content = *filled;
    message.metadata.insert(QStringLiteral("template"), messageTemplate.name);
    message.metadata.insert(QStringLiteral("templateLanguage"), messageTemplate.language);
    auto queued = ConversationWriter(m_database).queueTemplate(**conversation, message, messageTemplate.name,
                                                                TemplateText::trimmed(params), nowMs);
    if (!queued)
        return queued.error();
    if (auto taken = takeForHumanReply(*principal, **conversation, message.userId,
                                       QStringLiteral("by sending a template"), nowMs);
        !taken)
        return taken.error();
    if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::TemplateSent,
                                                            QStringLiteral("conversation"),
                                                            QString::number(conversationId),
                                                            QStringLiteral("template %1 (%2)")
                                                                .arg(messageTemplate.name, messageTemplate.language));
        !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    qCInfo(lcJobs) << "template" << messageTemplate.id << "queued as message" << *queued << "in conversation"
                   << conversationId;
    return *queued;
}

Status LeadDesk::closeConversation(const Actor &actor, qint64 conversationId) const
{
    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    if (auto allowed = authorizer.requireConversation(*principal, conversationId); !allowed)
        return allowed.error();

    // The conditional update refuses a second close, so the audit log has one row per close.
    auto closed = ConversationRepository(m_database).setStatus(conversationId, ConversationStatus::Closed, nowMs);
    if (!closed)
        return closed.error();
    if (!*closed)
        return makeError(ErrorKind::Conflict, tr("This conversation is already closed."));
    if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::ConversationClosed,
                                                            QStringLiteral("conversation"),
                                                            QString::number(conversationId));
        !audited)
        return audited;
    return transaction.commit();
}

Result<qint64> LeadDesk::retryMessage(const Actor &actor, qint64 messageId) const
{
    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();

    auto message = MessageRepository(m_database).findById(messageId);
    if (!message)
        return message.error();
    if (!*message)
        return makeError(ErrorKind::NotFound, tr("That message no longer exists."));
    // The conversation check runs before any message-specific error, so an agent learns
    // nothing about other agents' conversations.
    auto leadId = authorizer.requireConversation(*principal, (*message)->conversationId);
    if (!leadId)
        return leadId.error();
    const bool outgoing = (*message)->sender == SenderKind::Ai || (*message)->sender == SenderKind::Human;
    if (!outgoing || (*message)->deliveryStatus != OutboundStatus::Failed)
        return makeError(ErrorKind::Conflict, tr("Only a message that failed to send can be sent again."));
    if (auto allowed = rejectIfOptedOut(m_database, *leadId); !allowed)
        return allowed.error();

    auto requeued = OutboxRepository(m_database).requeueFailed(messageId, nowMs);
    if (!requeued)
        return requeued.error();
    if (*requeued == 0)
        return makeError(ErrorKind::Conflict, tr("Only a message that failed to send can be sent again."));
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    qCInfo(lcJobs) << "message" << messageId << "queued again after a failed send";
    return (*message)->conversationId;
}

Status LeadDesk::setHumanHolds(const Actor &actor, qint64 conversationId, bool holds) const
{
    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    if (auto allowed = authorizer.requireConversation(*principal, conversationId); !allowed)
        return allowed.error();

    ConversationRepository conversations(m_database);
    const qint64 userId = actor.kind == Actor::Kind::User ? actor.userId : 0;
    if (holds) {
        // Of two people taking over at once, the second is refused (a conditional update).
        auto takenOver = conversations.takeOver(conversationId, userId, nowMs);
        if (!takenOver)
            return takenOver.error();
        if (!*takenOver)
            return heldByAnother(conversationId);
    } else if (auto released = conversations.setHumanHolds(conversationId, false, 0, nowMs); !released) {
        return released;
    }
    if (holds) {
        if (auto cleared = conversations.setNeedsHuman(conversationId, false, {}, nowMs); !cleared)
            return cleared;
    }
    if (auto audited = AuditLog(m_database, m_clock)
                           .record(*principal,
                                   holds ? AuditAction::ConversationTakenOver : AuditAction::ConversationGivenBack,
                                   QStringLiteral("conversation"), QString::number(conversationId));
        !audited)
        return audited;
    return transaction.commit();
}

Status LeadDesk::deleteLead(const Actor &actor, qint64 leadId) const
{
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::DeleteLeads);
    if (!principal)
        return principal.error();
    if (auto allowed = authorizer.requireLead(*principal, leadId); !allowed)
        return allowed;
    if (auto removed = LeadRepository(m_database).remove(leadId); !removed)
        return removed;
    if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::LeadDeleted, QStringLiteral("lead"),
                                                            QString::number(leadId));
        !audited)
        return audited;
    return transaction.commit();
}

} // namespace Prospecta
