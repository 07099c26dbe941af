// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Actor.h"
#include "domain/Enums.h"

#include <QCoreApplication>
#include <QStringList>

namespace Prospecta {

class Clock;
class Database;
struct Conversation;
struct Principal;

// What people do in conversations: write to a lead, take a conversation from the AI or
// give it back; and deleting a lead. (Lead fields, the owner and the pipeline step are
// LeadService's.) Each call checks the
// actor (agents only touch their own and unassigned leads), writes its audit row, and
// commits in one transaction or changes nothing.
class LeadDesk
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadDesk)

public:
    LeadDesk(const Database &database, const Clock &clock);

    // Queues a human reply in the outbox and takes the conversation from the AI.
    // Returns the id of the stored message. Rejected with Conflict, naming the person,
    // while another person has taken the conversation over, and with Forbidden outside
    // the 24-hour window, and with InvalidArgument for a text longer than WhatsApp takes.
    // Writing in a closed conversation reopens it.
    Result<qint64> sendHumanMessage(const Actor &actor, qint64 conversationId, const QString &text) const;

    // Queues the approved template `templateId` (message_templates.id) with `params` as
    // the values of {{1}}, {{2}}, … ; the stored message is the filled body. Allowed inside
    // and outside the 24-hour window. Refused (InvalidArgument on "params") when a value
    // is missing, empty, or has a line break or tab. Takes the conversation from the AI,
    // reopens it when closed, and is audited.
    Result<qint64> sendTemplate(const Actor &actor, qint64 conversationId, qint64 templateId,
                                const QStringList &params) const;

    // Closes the conversation: it leaves the active inbox lists and the AI stops, until
    // the lead writes again or a person writes to the lead. Audited. Refused (Conflict)
    // when it is closed already.
    Status closeConversation(const Actor &actor, qint64 conversationId) const;

    // Sends a failed outgoing message again: its outbox entry is queued as new (attempts
    // reset, due now, the error cleared). Refused for any other message. Returns the id of
    // the message's conversation, so the caller can announce the change. Not audited: it
    // repeats a send that was already allowed.
    Result<qint64> retryMessage(const Actor &actor, qint64 messageId) const;

    // Takes the conversation from the AI for the actor when `holds` is true, otherwise
    // gives it back. Rejected with Conflict, naming the person, while another person has
    // taken it over.
    Status setHumanHolds(const Actor &actor, qint64 conversationId, bool holds) const;

    // Removes the lead with its conversations, messages, calls and queued replies.
    // Managers and administrators only. The audit row keeps the id, not the person's data.
    Status deleteLead(const Actor &actor, qint64 leadId) const;

    // What a person writing to the lead does to the conversation, in the caller's
    // transaction: takes it from the AI (rejected while another person has it), clears
    // the needs-a-human flag and reopens it when closed. Public for the composer's
    // attachments (ComposerService).
    Status takeForHumanReply(const Principal &principal, const Conversation &conversation, qint64 userId,
                             const QString &auditDetail, qint64 nowMs) const;

private:
    // The Conflict error for a take-over, naming the person who has the conversation.
    Error heldByAnother(qint64 conversationId) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
