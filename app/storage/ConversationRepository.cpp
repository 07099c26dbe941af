// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConversationRepository.h"

#include "Database.h"
#include "SearchIndex.h"
#include "core/TextFolding.h"

#include <QJsonDocument>

namespace Prospecta {

namespace {

const QString conversationColumns = QStringLiteral(
    "id, lead_id, campaign_id, channel, status, provider_address, current_agent, human_holds, human_user_id, "
    "needs_human, needs_human_reason, last_message_at, last_inbound_at, created_at, ai_cursor");

Conversation readConversation(const QSqlQuery &query)
{
    Conversation conversation;
    conversation.id = query.value(0).toLongLong();
    conversation.leadId = query.value(1).toLongLong();
    conversation.campaignId = query.value(2).toLongLong();
    conversation.channel = query.value(3).toString();
    conversation.status = fromString<ConversationStatus>(query.value(4).toString()).value_or(ConversationStatus::Active);
    conversation.providerAddress = query.value(5).toString();
    conversation.currentAgent = fromString<AgentType>(query.value(6).toString());
    // A conversation taken over before user accounts exist has no user id, so -1 marks
    // it as held.
    const bool held = query.value(7).toInt() != 0;
    const qint64 holder = query.value(8).toLongLong();
    if (held)
        conversation.humanUserId = holder > 0 ? holder : -1;
    conversation.needsHuman = query.value(9).toInt() != 0;
    conversation.needsHumanReason = query.value(10).toString();
    conversation.lastMessageMs = query.value(11).toLongLong();
    conversation.lastInboundMs = query.value(12).toLongLong();
    conversation.createdMs = query.value(13).toLongLong();
    conversation.aiCursor = query.value(14).toLongLong();
    return conversation;
}

Result<QList<Conversation>> readConversations(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    QList<Conversation> conversations;
    while (query->next())
        conversations << readConversation(*query);
    query->finish();
    return conversations;
}

Result<std::optional<Conversation>> firstOf(Result<QList<Conversation>> conversations)
{
    if (!conversations)
        return conversations.error();
    if (conversations->isEmpty())
        return std::optional<Conversation>();
    return std::optional<Conversation>(conversations->first());
}

// Outgoing messages carry the status of their outbox entry.
const QString messageSelect = QStringLiteral(
    "SELECT m.id, m.conversation_id, m.sender, m.agent_type, m.user_id, m.content_type, m.content, m.media_url, "
    "m.metadata, m.provider_message_id, m.created_at, o.status, o.last_error, m.media_state, m.media_path, "
    "m.media_error "
    "FROM messages m LEFT JOIN outbound_messages o ON o.message_id = m.id ");

Message readMessage(const QSqlQuery &query)
{
    Message message;
    message.id = query.value(0).toLongLong();
    message.conversationId = query.value(1).toLongLong();
    message.sender = fromString<SenderKind>(query.value(2).toString()).value_or(SenderKind::System);
    message.agentType = fromString<AgentType>(query.value(3).toString());
    message.userId = query.value(4).toLongLong();
    message.contentType = query.value(5).toString();
    message.content = query.value(6).toString();
    message.mediaUrl = query.value(7).toString();
    message.metadata = QJsonDocument::fromJson(query.value(8).toString().toUtf8()).object();
    message.providerMessageId = query.value(9).toString();
    message.createdMs = query.value(10).toLongLong();
    if (!query.value(11).isNull())
        message.deliveryStatus = fromString<OutboundStatus>(query.value(11).toString());
    message.deliveryError = query.value(12).toString();
    message.mediaState = query.value(13).toString();
    message.mediaPath = query.value(14).toString();
    message.mediaError = query.value(15).toString();
    return message;
}

Result<QList<Message>> readMessages(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    QList<Message> messages;
    while (query->next())
        messages << readMessage(*query);
    query->finish();
    return messages;
}

Status asStatus(const Result<int> &result)
{
    if (!result)
        return result.error();
    return {};
}

} // namespace

ConversationRepository::ConversationRepository(const Database &database)
    : m_database(database)
{
}

Result<std::optional<Conversation>> ConversationRepository::findActive(qint64 leadId, const QString &channel) const
{
    return firstOf(readConversations(m_database.execCached(
        QStringLiteral("SELECT %1 FROM conversations WHERE lead_id = ? AND channel = ? AND status = 'active' "
                       "ORDER BY id DESC LIMIT 1")
            .arg(conversationColumns),
        {leadId, channel})));
}

Result<std::optional<Conversation>> ConversationRepository::findById(qint64 id) const
{
    return firstOf(readConversations(
        m_database.exec(QStringLiteral("SELECT %1 FROM conversations WHERE id = ?").arg(conversationColumns), {id})));
}

Result<QList<Conversation>> ConversationRepository::listForLead(qint64 leadId) const
{
    return readConversations(m_database.execCached(
        QStringLiteral("SELECT %1 FROM conversations WHERE lead_id = ? ORDER BY id").arg(conversationColumns), {leadId}));
}

Result<QList<Conversation>> ConversationRepository::list(qint64 agentUserId, int limit, int offset) const
{
    // Agents see the conversations of their own and of unassigned leads.
    QString prefixed = conversationColumns;
    prefixed.replace(QLatin1String(", "), QLatin1String(", c.")).prepend(QLatin1String("c."));
    QString sql = QStringLiteral("SELECT %1 FROM conversations c JOIN leads l ON l.id = c.lead_id").arg(prefixed);
    QVariantList values;
    if (agentUserId > 0) {
        sql += QStringLiteral(" WHERE (l.assigned_user_id IS NULL OR l.assigned_user_id = ?)");
        values << agentUserId;
    }
    sql += QStringLiteral(" ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT ? OFFSET ?");
    values << limit << offset;
    return readConversations(m_database.execCached(sql, values));
}

Result<int> ConversationRepository::count(qint64 agentUserId) const
{
    QString sql = QStringLiteral("SELECT COUNT(*) FROM conversations c JOIN leads l ON l.id = c.lead_id");
    QVariantList values;
    if (agentUserId > 0) {
        sql += QStringLiteral(" WHERE (l.assigned_user_id IS NULL OR l.assigned_user_id = ?)");
        values << agentUserId;
    }
    auto value = m_database.scalar(sql, values, 0);
    if (!value)
        return value.error();
    return value->toInt();
}

Result<qint64> ConversationRepository::create(const Conversation &conversation, qint64 nowMs) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO conversations (%1lead_id, campaign_id, channel, status, provider_address, "
                       "current_agent, created_at, updated_at) VALUES (%2?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .arg(m_database.newIdColumn(), m_database.newIdValue(QLatin1String("conversations"))),
        {conversation.leadId, Database::nullableId(conversation.campaignId), conversation.channel,
         toString(conversation.status), conversation.providerAddress,
         conversation.currentAgent ? QVariant(toString(*conversation.currentAgent)) : Database::nullableText({}),
         nowMs, nowMs});
}

Status ConversationRepository::setProviderAddress(qint64 id, const QString &address, qint64 nowMs) const
{
    return asStatus(m_database.update(
        QStringLiteral("UPDATE conversations SET provider_address = ?, updated_at = ? WHERE id = ?"), {address, nowMs, id}));
}

Status ConversationRepository::setCurrentAgent(qint64 id, AgentType agent, qint64 nowMs) const
{
    return asStatus(m_database.update(
        QStringLiteral("UPDATE conversations SET current_agent = ?, updated_at = ? WHERE id = ?"),
        {toString(agent), nowMs, id}));
}

Status ConversationRepository::setNeedsHuman(qint64 id, bool needsHuman, const QString &reason, qint64 nowMs) const
{
    return asStatus(m_database.update(
        QStringLiteral("UPDATE conversations SET needs_human = ?, needs_human_reason = ?, updated_at = ? WHERE id = ?"),
        {needsHuman ? 1 : 0, needsHuman ? reason : QString(), nowMs, id}));
}

Status ConversationRepository::setHumanHolds(qint64 id, bool holds, qint64 userId, qint64 nowMs) const
{
    return asStatus(m_database.update(
        QStringLiteral("UPDATE conversations SET human_holds = ?, human_user_id = ?, updated_at = ? WHERE id = ?"),
        {holds ? 1 : 0, Database::nullableId(holds ? userId : 0), nowMs, id}));
}

Result<bool> ConversationRepository::setStatus(qint64 id, ConversationStatus status, qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE conversations SET status = ?, updated_at = ? WHERE id = ? AND status <> ?"),
        {toString(status), nowMs, id, toString(status)});
    if (!updated)
        return updated.error();
    return *updated > 0;
}

Result<std::optional<Conversation>> ConversationRepository::reopenLatestClosed(qint64 leadId, const QString &channel,
                                                                               qint64 nowMs) const
{
    auto latest = firstOf(readConversations(m_database.execCached(
        QStringLiteral("SELECT %1 FROM conversations WHERE lead_id = ? AND channel = ? ORDER BY id DESC LIMIT 1")
            .arg(conversationColumns),
        {leadId, channel})));
    if (!latest)
        return latest.error();
    if (!*latest || (*latest)->status != ConversationStatus::Closed)
        return std::optional<Conversation>();
    auto reopened = setStatus((*latest)->id, ConversationStatus::Active, nowMs);
    if (!reopened)
        return reopened.error();
    (*latest)->status = ConversationStatus::Active;
    return latest;
}

Result<bool> ConversationRepository::takeOver(qint64 id, qint64 userId, qint64 nowMs) const
{
    // One conditional UPDATE, so of two people taking over at once exactly one wins: the
    // second waits for the first's row lock and then no longer matches.
    auto updated = m_database.update(
        QStringLiteral("UPDATE conversations SET human_holds = 1, human_user_id = ?, updated_at = ? "
                       "WHERE id = ? AND (human_holds = 0 OR COALESCE(human_user_id, 0) = ?)"),
        {Database::nullableId(userId), nowMs, id, userId});
    if (!updated)
        return updated.error();
    return *updated > 0;
}

Status ConversationRepository::setAiCursor(qint64 id, qint64 messageId, qint64 nowMs) const
{
    return asStatus(m_database.update(
        QStringLiteral("UPDATE conversations SET ai_cursor = ?, updated_at = ? WHERE id = ? AND ai_cursor < ?"),
        {messageId, nowMs, id, messageId}));
}

Result<bool> ConversationRepository::advanceAiCursor(qint64 id, qint64 expectedId, qint64 messageId,
                                                    qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE conversations SET ai_cursor = ?, updated_at = ? WHERE id = ? AND ai_cursor = ?"),
        {messageId, nowMs, id, expectedId});
    if (!updated)
        return updated.error();
    return *updated > 0;
}

namespace {

// The first key of the two-key advisory locks that hold AI turns; other kinds of
// advisory lock use other values. Conversation ids above 2^31 share keys modulo 2^31,
// which only makes two turns wait for each other.
constexpr int turnLockSpace = 0x50540001;

int turnLockKey(qint64 conversationId)
{
    return int(conversationId & 0x7fffffff);
}

} // namespace

Result<bool> ConversationRepository::tryLockTurn(qint64 id) const
{
    if (m_database.engine() != SqlEngine::Postgres)
        return true;
    auto locked = m_database.scalar(QStringLiteral("SELECT pg_try_advisory_lock(?, ?)"),
                                    {turnLockSpace, turnLockKey(id)}, false);
    if (!locked)
        return locked.error();
    return locked->toBool();
}

void ConversationRepository::unlockTurn(qint64 id) const
{
    if (m_database.engine() != SqlEngine::Postgres)
        return;
    // A failure here means the connection is gone, and PostgreSQL released the lock with it.
    (void)m_database.scalar(QStringLiteral("SELECT pg_advisory_unlock(?, ?)"), {turnLockSpace, turnLockKey(id)});
}

Status ConversationRepository::recordMessage(qint64 id, qint64 atMs, bool inbound, qint64 providerTimestampMs) const
{
    if (inbound) {
        // The 24-hour window opens at the provider's time of the lead's last message.
        const qint64 windowStart = providerTimestampMs > 0 ? providerTimestampMs : atMs;
        return asStatus(m_database.update(
            QStringLiteral("UPDATE conversations SET last_message_at = ?, updated_at = ?, "
                           "last_inbound_at = CASE WHEN last_inbound_at IS NULL OR last_inbound_at < ? THEN ? "
                           "ELSE last_inbound_at END WHERE id = ?"),
            {atMs, atMs, windowStart, windowStart, id}));
    }
    return asStatus(m_database.update(
        QStringLiteral("UPDATE conversations SET last_message_at = ?, updated_at = ? WHERE id = ?"), {atMs, atMs, id}));
}

MessageRepository::MessageRepository(const Database &database)
    : m_database(database)
{
}

Result<qint64> MessageRepository::insert(const Message &message) const
{
    const QString searchText = TextFolding::searchText(message.content);
    auto id = m_database.insert(
        QStringLiteral("INSERT INTO messages (conversation_id, sender, agent_type, user_id, content_type, content, "
                       "media_url, metadata, provider_message_id, provider_timestamp, created_at, media_state, "
                       "media_next_attempt_at, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {message.conversationId, toString(message.sender),
         message.agentType ? QVariant(toString(*message.agentType)) : Database::nullableText({}),
         Database::nullableId(message.userId), message.contentType, message.content, message.mediaUrl,
         QString::fromUtf8(QJsonDocument(message.metadata).toJson(QJsonDocument::Compact)),
         Database::nullableText(message.providerMessageId),
         Database::nullableInstant(message.providerTimestampMs),
         message.createdMs,
         // An inbound link is downloaded by MediaDownloader; outgoing media is ours already.
         message.mediaUrl.isEmpty() || message.sender != SenderKind::Lead ? QString() : QStringLiteral("pending"),
         message.mediaUrl.isEmpty() ? Database::nullableInstant(0) : QVariant(message.createdMs), searchText});
    if (!id)
        return id;
    if (message.sender == SenderKind::Lead) {
        // The inbox walks conversations by their newest lead message (InboxRepository).
        // The condition keeps the newest id when two writers commit out of order.
        auto marked = m_database.update(QStringLiteral("UPDATE conversations SET last_lead_message_id = ? "
                                                       "WHERE id = ? AND last_lead_message_id < ?"),
                                        {*id, message.conversationId, *id});
        if (!marked)
            return marked.error();
    }
    if (auto indexed = SearchIndex(m_database).addMessage(message.conversationId, searchText); !indexed)
        return indexed.error();
    return id;
}

Result<std::optional<Message>> MessageRepository::findById(qint64 id) const
{
    auto messages = readMessages(m_database.execCached(messageSelect + QStringLiteral("WHERE m.id = ?"), {id}));
    if (!messages)
        return messages.error();
    if (messages->isEmpty())
        return std::optional<Message>();
    return std::optional<Message>(messages->first());
}

Result<QList<Message>> MessageRepository::latest(qint64 conversationId, int limit) const
{
    auto messages = readMessages(m_database.execCached(
        messageSelect + QStringLiteral("WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT ?"), {conversationId, limit}));
    if (messages)
        std::reverse(messages->begin(), messages->end());
    return messages;
}

Result<QList<Message>> MessageRepository::latestFrom(qint64 conversationId, qint64 firstId, int limit) const
{
    auto messages = readMessages(m_database.execCached(
        messageSelect + QStringLiteral("WHERE m.conversation_id = ? AND m.id >= ? ORDER BY m.id DESC LIMIT ?"),
        {conversationId, firstId, limit}));
    if (messages)
        std::reverse(messages->begin(), messages->end());
    return messages;
}

Result<QList<Message>> MessageRepository::before(qint64 conversationId, qint64 beforeId, int limit) const
{
    auto messages = readMessages(m_database.execCached(
        messageSelect + QStringLiteral("WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?"),
        {conversationId, beforeId, limit}));
    if (messages)
        std::reverse(messages->begin(), messages->end());
    return messages;
}

Result<QList<Message>> MessageRepository::leadMessagesAfter(qint64 conversationId, qint64 afterId) const
{
    return readMessages(m_database.execCached(
        messageSelect + QStringLiteral("WHERE m.conversation_id = ? AND m.sender = 'lead' AND m.id > ? ORDER BY m.id"),
        {conversationId, afterId}));
}

Result<QList<Message>> MessageRepository::history(qint64 conversationId, qint64 cursorId, int limit) const
{
    if (limit <= 0)
        return QList<Message>();
    auto messages = readMessages(m_database.execCached(
        messageSelect + QStringLiteral("WHERE m.conversation_id = ? AND m.sender <> 'system' "
                                       "AND NOT (m.sender = 'lead' AND m.id > ?) ORDER BY m.id DESC LIMIT ?"),
        {conversationId, cursorId, limit}));
    if (messages)
        std::reverse(messages->begin(), messages->end());
    return messages;
}

Result<int> MessageRepository::countAiRepliesSince(qint64 leadId, qint64 sinceMs) const
{
    // CROSS JOIN makes SQLite read the lead's few conversations first. The unary + on
    // created_at keeps messages_sender_created out, because without statistics SQLite
    // prefers its (sender, created_at) range to messages_conversation_sender's two
    // equalities. It then walked every AI message of the last hour of all leads per turn.
    // A campaign's welcome is its fixed text, not a reply, so it does not count. Its
    // metadata is written compact by this program, which makes the pattern exact.
    auto count = m_database.scalar(
        QStringLiteral("SELECT COUNT(*) FROM conversations c CROSS JOIN messages m "
                       "WHERE m.conversation_id = c.id AND c.lead_id = ? AND m.sender = 'ai' AND +m.created_at >= ? "
                       "AND m.metadata NOT LIKE '%\"welcomeMessage\":true%'"),
        {leadId, sinceMs}, 0);
    if (!count)
        return count.error();
    return count->toInt();
}

} // namespace Prospecta
