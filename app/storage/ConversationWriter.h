// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QStringList>

namespace Prospecta {

class Database;
struct OutboundMessage;
enum class OutboundKind;

// Writes shared by the inbox, the agents and the GUI's composer: an outgoing message
// stored and queued in the outbox in the same transaction as the caller's other
// writes. Callers open and commit the transaction.
class ConversationWriter
{
public:
    explicit ConversationWriter(const Database &database);

    // Stores `message` (its conversation, sender and content set by the caller) and
    // queues it for the conversation's provider address. Returns the message id.
    Result<qint64> queueOutgoing(const Conversation &conversation, Message message, qint64 nowMs) const;
    // The same for an approved WhatsApp template: `message.content` is the filled body
    // people read, and the outbox sends `templateId` with `params` through the template API.
    Result<qint64> queueTemplate(const Conversation &conversation, Message message, const QString &templateId,
                                 const QStringList &params, qint64 nowMs) const;
    // The same for an attached image or document: `message` carries the caption as its
    // content and the file's public link as its mediaUrl, which the outbox sends as
    // `outboundKind` (Image or File) with `fileName`.
    Result<qint64> queueMedia(const Conversation &conversation, Message message, OutboundKind outboundKind,
                              const QString &fileName, qint64 nowMs) const;

private:
    Result<qint64> queue(const Conversation &conversation, Message message, const OutboundMessage &outbound,
                         qint64 nowMs) const;

    const Database &m_database;
};

} // namespace Prospecta
