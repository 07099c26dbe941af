// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConversationWriter.h"

#include "ConversationRepository.h"
#include "Database.h"
#include "OutboxRepository.h"

namespace Prospecta {

ConversationWriter::ConversationWriter(const Database &database)
    : m_database(database)
{
}

Result<qint64> ConversationWriter::queueOutgoing(const Conversation &conversation, Message message, qint64 nowMs) const
{
    return queue(conversation, std::move(message), OutboundMessage{}, nowMs);
}

Result<qint64> ConversationWriter::queueTemplate(const Conversation &conversation, Message message,
                                                 const QString &templateId, const QStringList &params,
                                                 qint64 nowMs) const
{
    OutboundMessage outbound;
    outbound.kind = OutboundKind::Template;
    outbound.templateId = templateId;
    outbound.templateParams = params;
    return queue(conversation, std::move(message), outbound, nowMs);
}

Result<qint64> ConversationWriter::queueMedia(const Conversation &conversation, Message message,
                                              OutboundKind outboundKind, const QString &fileName, qint64 nowMs) const
{
    OutboundMessage outbound;
    outbound.kind = outboundKind;
    outbound.mediaUrl = message.mediaUrl;
    outbound.mediaFileName = fileName;
    return queue(conversation, std::move(message), outbound, nowMs);
}

Result<qint64> ConversationWriter::queue(const Conversation &conversation, Message message,
                                         const OutboundMessage &outboundKind, qint64 nowMs) const
{
    message.conversationId = conversation.id;
    message.createdMs = nowMs;
    auto messageId = MessageRepository(m_database).insert(message);
    if (!messageId)
        return messageId;

    OutboundMessage outbound = outboundKind;
    outbound.messageId = *messageId;
    outbound.conversationId = conversation.id;
    outbound.provider = Provider::Gupshup;
    outbound.destination = conversation.providerAddress;
    outbound.body = message.content;
    if (auto queued = OutboxRepository(m_database).enqueue(outbound, nowMs); !queued)
        return queued.error();

    if (auto touched = ConversationRepository(m_database).recordMessage(conversation.id, nowMs, false, 0); !touched)
        return touched.error();
    return messageId;
}

} // namespace Prospecta
