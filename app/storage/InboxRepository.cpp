// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InboxRepository.h"

#include "Database.h"
#include "LeadRepository.h"

#include <QHash>
#include <QStringList>

namespace Prospecta {

namespace {

// The chat pane shows a lead's latest conversation, so the inbox lists only that one.
const QString LatestConversationOfLead =
    QStringLiteral("c.id = (SELECT MAX(c2.id) FROM conversations c2 WHERE c2.lead_id = c.lead_id)");

// The time of a conversation's last activity: its last message, or its creation without
// messages. The inbox is ordered by it, then by the conversation id.
const QString Activity = QStringLiteral("COALESCE(c.last_message_at, c.created_at)");

// The viewer's read marker for the conversation `c`; the query binds the user id.
const QString ReadMarkerJoin =
    QStringLiteral(" LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ?");

// Adds the visibility condition of agents to `where`: their own and unassigned leads.
void restrictToAgent(QStringList &where, QVariantList &values, qint64 agentUserId, AgentLeads leads)
{
    if (agentUserId <= 0)
        return;
    where << QStringLiteral("(l.assigned_user_id IS NULL OR l.assigned_user_id = ?)");
    values << agentUserId;
    // The condition above stays, so both ways find the same conversations.
    if (leads == AgentLeads::Gathered) {
        const LeadIdSet agentView = LeadIdSet::agentView(agentUserId);
        where << QStringLiteral("c.lead_id IN (%1)").arg(agentView.select);
        values << agentView.values;
    }
}

// The ids of the conversations whose lead the user (bound twice) owns or that the user
// has taken over. The owner is matched through leads_owner_inbox, whose expression no
// other query uses.
const QString OwnConversationIds = QStringLiteral(
    "SELECT oc.id FROM leads ol JOIN conversations oc ON oc.lead_id = ol.id "
    "WHERE ol.assigned_user_id + 0 = ? AND ol.assigned_user_id IS NOT NULL "
    "UNION ALL SELECT hc.id FROM conversations hc WHERE hc.human_holds = 1 AND hc.human_user_id = ?");

// The kind of row that unreadFrom() selects.
enum class UnreadRow { Conversation, Message };

// Returns the FROM and WHERE of the conversations with lead messages the viewer has not read,
// among those the inbox lists, or of those messages themselves (alias m). Binds the
// viewer, the read-through watermark, then the agent when there is one.
//
// The conversations are walked newest lead message first through conversations_last_lead,
// so a caller that stops after a page reads that page and not every unread message of the
// database (a new user without read markers has all of them unread). The walk ends at the
// watermark `readThrough`, below which nothing is unread, so a viewer who has read every
// conversation does not visit them all. CROSS JOIN keeps SQLite from starting at the
// leads or at the messages; PostgreSQL treats it as a plain join.
QString unreadFrom(UnreadRow row, QVariantList &values, qint64 viewerUserId, qint64 agentUserId, AgentLeads leads,
                   qint64 readThrough)
{
    QString sql = QStringLiteral(" FROM conversations c CROSS JOIN leads l");
    sql += ReadMarkerJoin;
    values << viewerUserId << readThrough;
    QStringList where{QStringLiteral("l.id = c.lead_id"), QStringLiteral("c.last_lead_message_id > ?"),
                      QStringLiteral("c.last_lead_message_id > COALESCE(r.last_read_message_id, 0)"),
                      LatestConversationOfLead};
    if (row == UnreadRow::Message) {
        sql += QStringLiteral(" CROSS JOIN messages m");
        where << QStringLiteral("m.conversation_id = c.id") << QStringLiteral("m.sender = 'lead'")
              << QStringLiteral("m.id > COALESCE(r.last_read_message_id, 0)");
    }
    restrictToAgent(where, values, agentUserId, leads);
    return sql + QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

// The viewer's unread lead messages in the conversation `c`, with its read marker `r`.
const QString UnreadCount = QStringLiteral(
    "(SELECT COUNT(*) FROM messages mu WHERE mu.conversation_id = c.id AND mu.sender = 'lead' "
    "AND mu.id > COALESCE(r.last_read_message_id, 0))");

void addFilter(QStringList &where, QVariantList &values, InboxFilter filter, qint64 viewerUserId)
{
    switch (filter) {
    case InboxFilter::All:
        return;
    // A closed conversation is done with: it stays under All only, until the lead writes again.
    case InboxFilter::Mine:
        where << QStringLiteral("c.status = 'active'")
              << QStringLiteral("(l.assigned_user_id = ? OR (c.human_holds = 1 AND c.human_user_id = ?))");
        values << viewerUserId << viewerUserId;
        return;
    case InboxFilter::Unassigned:
        where << QStringLiteral("c.status = 'active'") << QStringLiteral("l.assigned_user_id IS NULL");
        return;
    case InboxFilter::NeedsHuman:
        where << QStringLiteral("c.status = 'active'") << QStringLiteral("c.needs_human = 1");
        return;
    }
}

// Adds the bounds of `range` in the inbox order (newest activity first, then the higher id).
void addRange(QStringList &where, QVariantList &values, const InboxRange &range)
{
    if (range.after) {
        where << QStringLiteral("(%1 < ? OR (%1 = ? AND c.id < ?))").arg(Activity);
        values << range.after->activityMs << range.after->activityMs << range.after->conversationId;
    }
    if (range.through) {
        where << QStringLiteral("(%1 > ? OR (%1 = ? AND c.id >= ?))").arg(Activity);
        values << range.through->activityMs << range.through->activityMs << range.through->conversationId;
    }
}

InboxEntry readEntry(const QSqlQuery &query)
{
    InboxEntry entry;
    entry.conversationId = query.value(0).toLongLong();
    entry.leadId = query.value(1).toLongLong();
    entry.leadName = query.value(2).toString();
    entry.leadPhone = query.value(3).toString();
    entry.assignedUserId = query.value(4).toLongLong();
    entry.leadOptedOut = query.value(5).toInt() != 0;
    entry.currentAgent = fromString<AgentType>(query.value(6).toString());
    entry.humanHolds = query.value(7).toInt() != 0;
    entry.humanUserId = query.value(8).toLongLong();
    entry.humanName = query.value(9).toString();
    entry.needsHuman = query.value(10).toInt() != 0;
    entry.lastActivityMs = query.value(11).toLongLong();
    entry.unreadCount = query.value(12).toInt();
    entry.lastMessageId = query.value(13).toLongLong();
    entry.lastSender = fromString<SenderKind>(query.value(14).toString()).value_or(SenderKind::System);
    entry.lastContentType = query.value(15).toString();
    entry.lastContent = query.value(16).toString();
    return entry;
}

} // namespace

InboxRepository::InboxRepository(const Database &database)
    : m_database(database)
{
}

Result<QList<InboxEntry>> InboxRepository::list(qint64 viewerUserId, qint64 agentUserId, InboxFilter filter,
                                                const InboxRange &range) const
{
    if (range.limit <= 0)
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("The inbox page size must be at least 1; got %1.").arg(range.limit));

    // The inner query pages through ids alone. The unread counts and the last message
    // are then computed for the page's rows only, not for every conversation it skips.
    auto agentLeads = agentLeadsWay(agentUserId);
    if (!agentLeads)
        return agentLeads.error();
    QVariantList values;
    QStringList where{LatestConversationOfLead};
    restrictToAgent(where, values, agentUserId, *agentLeads);
    addFilter(where, values, filter, viewerUserId);
    if (filter == InboxFilter::Mine) {
        auto few = hasFewOwnConversations(viewerUserId);
        if (!few)
            return few.error();
        // The page then starts from the viewer's own conversations instead of walking
        // every conversation in the inbox order. The filter's condition stays, so both
        // ways list the same conversations.
        if (*few) {
            where << QStringLiteral("c.id IN (%1)").arg(OwnConversationIds);
            values << viewerUserId << viewerUserId;
        }
    }
    addRange(where, values, range);
    const QString pageIds =
        QStringLiteral("SELECT c.id, %1 AS activity FROM conversations c JOIN leads l ON l.id = c.lead_id WHERE %2 "
                       "ORDER BY activity DESC, c.id DESC LIMIT ?")
            .arg(Activity, where.join(QStringLiteral(" AND ")));
    values << range.limit;

    QString sql = QStringLiteral(
        "SELECT c.id, c.lead_id, l.name, l.phone, l.assigned_user_id, l.opted_out, c.current_agent, c.human_holds, "
        "c.human_user_id, u.name, c.needs_human, page.activity, %2 AS unread, "
        "lm.id, lm.sender, lm.content_type, lm.content "
        "FROM (%1) page JOIN conversations c ON c.id = page.id JOIN leads l ON l.id = c.lead_id "
        "LEFT JOIN users u ON u.id = c.human_user_id")
                      .arg(pageIds, UnreadCount);
    sql += ReadMarkerJoin;
    values << viewerUserId;
    sql += QStringLiteral(
        " LEFT JOIN messages lm ON lm.id = (SELECT MAX(m2.id) FROM messages m2 WHERE m2.conversation_id = c.id)");
    sql += QStringLiteral(" ORDER BY page.activity DESC, c.id DESC");

    auto query = m_database.exec(sql, values);
    if (!query)
        return query.error();
    QList<InboxEntry> entries;
    while (query->next())
        entries << readEntry(*query);
    query->finish();
    return entries;
}

Result<bool> InboxRepository::hasFewOwnConversations(qint64 viewerUserId) const
{
    auto count = m_database.scalar(QStringLiteral("SELECT COUNT(*) FROM (%1 LIMIT ?) own").arg(OwnConversationIds),
                                   {viewerUserId, viewerUserId, m_mineGatherLimit}, 0);
    if (!count)
        return count.error();
    return count->toInt() < m_mineGatherLimit;
}

Result<AgentLeads> InboxRepository::agentLeadsWay(qint64 agentUserId) const
{
    if (agentUserId <= 0)
        return AgentLeads::Walked;
    if (m_agentLeads && m_agentLeads->first == agentUserId)
        return m_agentLeads->second;
    const LeadIdSet agentView = LeadIdSet::agentView(agentUserId);
    auto gathered = m_agentGatherRule.gathers(m_database, agentView.select, agentView.values);
    if (!gathered)
        return gathered.error();
    m_agentLeads = std::pair(agentUserId, *gathered ? AgentLeads::Gathered : AgentLeads::Walked);
    return m_agentLeads->second;
}

Result<QList<UnreadConversation>> InboxRepository::unread(qint64 viewerUserId, qint64 agentUserId, int limit) const
{
    if (limit <= 0)
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("The unread list's size must be at least 1; got %1.").arg(limit));

    auto agentLeads = agentLeadsWay(agentUserId);
    if (!agentLeads)
        return agentLeads.error();
    auto through = readThrough(viewerUserId, agentUserId);
    if (!through)
        return through.error();
    QVariantList values;
    QString sql = QStringLiteral("SELECT c.id, c.lead_id, l.name, l.phone, %1, c.last_lead_message_id").arg(UnreadCount)
        + unreadFrom(UnreadRow::Conversation, values, viewerUserId, agentUserId, *agentLeads, *through);
    sql += QStringLiteral(" ORDER BY c.last_lead_message_id DESC LIMIT ?");
    values << limit;

    auto query = m_database.exec(sql, values);
    if (!query)
        return query.error();
    QList<UnreadConversation> conversations;
    while (query->next()) {
        UnreadConversation conversation;
        conversation.conversationId = query->value(0).toLongLong();
        conversation.leadId = query->value(1).toLongLong();
        conversation.leadName = query->value(2).toString();
        conversation.leadPhone = query->value(3).toString();
        conversation.unreadCount = query->value(4).toInt();
        conversation.lastLeadMessageId = query->value(5).toLongLong();
        conversations << conversation;
    }
    query->finish();
    if (conversations.isEmpty())
        return conversations;

    // The text of each conversation's newest unread message, for the notification.
    QStringList placeholders;
    QVariantList ids;
    QHash<qint64, qsizetype> indexById;
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        placeholders << QStringLiteral("?");
        ids << conversations.at(i).lastLeadMessageId;
        indexById.insert(conversations.at(i).lastLeadMessageId, i);
    }
    auto texts = m_database.exec(QStringLiteral("SELECT id, content_type, content FROM messages WHERE id IN (%1)")
                                     .arg(placeholders.join(QStringLiteral(", "))),
                                 ids);
    if (!texts)
        return texts.error();
    while (texts->next()) {
        const qsizetype index = indexById.value(texts->value(0).toLongLong(), -1);
        if (index < 0)
            continue;
        conversations[index].lastLeadContentType = texts->value(1).toString();
        conversations[index].lastLeadContent = texts->value(2).toString();
    }
    texts->finish();
    return conversations;
}

Result<int> InboxRepository::totalUnread(qint64 viewerUserId, qint64 agentUserId, int limit) const
{
    if (limit <= 0)
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("The unread count's limit must be at least 1; got %1.").arg(limit));

    // Each unread message is one row of the inner query, which stops at the limit.
    auto agentLeads = agentLeadsWay(agentUserId);
    if (!agentLeads)
        return agentLeads.error();
    auto through = readThrough(viewerUserId, agentUserId);
    if (!through)
        return through.error();
    QVariantList values;
    QString sql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1")
        + unreadFrom(UnreadRow::Message, values, viewerUserId, agentUserId, *agentLeads, *through);
    sql += QStringLiteral(" ORDER BY c.last_lead_message_id DESC LIMIT ?) unread_messages");
    values << limit;
    auto total = m_database.scalar(sql, values, 0);
    if (!total)
        return total.error();
    return total->toInt();
}

Status InboxRepository::markRead(qint64 userId, qint64 conversationId, qint64 messageId, qint64 nowMs) const
{
    // ON CONFLICT ... DO UPDATE is understood by SQLite (3.24 and later) and PostgreSQL.
    auto written = m_database.exec(
        QStringLiteral("INSERT INTO conversation_reads (user_id, conversation_id, last_read_message_id, read_at) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, conversation_id) DO UPDATE SET "
                       "last_read_message_id = CASE WHEN excluded.last_read_message_id > "
                       "conversation_reads.last_read_message_id THEN excluded.last_read_message_id "
                       "ELSE conversation_reads.last_read_message_id END, read_at = excluded.read_at"),
        {userId, conversationId, messageId, nowMs});
    if (!written)
        return written.error();
    return {};
}

Result<qint64> InboxRepository::readThrough(qint64 viewerUserId, qint64 agentUserId) const
{
    auto through = m_database.scalar(
        QStringLiteral("SELECT message_id FROM inbox_read_through WHERE user_id = ? AND agent_user_id = ?"),
        {viewerUserId, agentUserId}, 0);
    if (!through)
        return through.error();
    return through->toLongLong();
}

Result<qint64> InboxRepository::advanceReadThrough(qint64 viewerUserId, qint64 agentUserId, qint64 nowMs,
                                                   int maxConversations) const
{
    if (maxConversations <= 0)
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("A read-through advance must visit at least 1 conversation; got %1.")
                             .arg(maxConversations));

    // The row is committed before the transaction below locks it. On PostgreSQL the
    // trigger that lowers watermarks when a lead changes owner then either commits before
    // the lock, and the walk reads the new owner, or waits for this transaction and lowers
    // the watermark it wrote. A row inserted in the same transaction would be invisible
    // to the trigger, which would lower nothing.
    auto created = m_database.update(
        QStringLiteral("INSERT INTO inbox_read_through (user_id, agent_user_id, message_id) VALUES (?, ?, 0) "
                       "ON CONFLICT (user_id, agent_user_id) DO NOTHING"),
        {viewerUserId, agentUserId});
    if (!created)
        return created.error();

    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    // SQLite's BEGIN IMMEDIATE already keeps every other writer out.
    const QString lock = m_database.engine() == SqlEngine::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
    auto current = m_database.scalar(
        QStringLiteral("SELECT message_id FROM inbox_read_through WHERE user_id = ? AND agent_user_id = ?") + lock,
        {viewerUserId, agentUserId}, 0);
    if (!current)
        return current.error();

    // A conversation needs no unread check when the viewer has read it up to its newest
    // lead message, or, in an agent's view, when another user owns its lead. The newest
    // lead message's time (lm) shows whether the id has settled (ReadThroughSettleMs).
    // Unlike the unread walk this ignores which conversation is the lead's latest, because
    // deleting the latest one shows the one before it again.
    QVariantList values;
    QString passCondition = QStringLiteral("COALESCE(r.last_read_message_id, 0) >= c.last_lead_message_id");
    QString from = QStringLiteral(" FROM conversations c");
    QString where = QStringLiteral(" WHERE c.last_lead_message_id > ?");
    if (agentUserId > 0) {
        passCondition += QStringLiteral(" OR (l.assigned_user_id IS NOT NULL AND l.assigned_user_id <> ?)");
        values << agentUserId;
        // CROSS JOIN keeps SQLite walking conversations_last_lead, as in unreadFrom().
        from += QStringLiteral(" CROSS JOIN leads l");
        where += QStringLiteral(" AND l.id = c.lead_id");
    }
    from += ReadMarkerJoin + QStringLiteral(" LEFT JOIN messages lm ON lm.id = c.last_lead_message_id");
    values << viewerUserId << current->toLongLong() << maxConversations;
    const QString sql = QStringLiteral("SELECT c.last_lead_message_id, CASE WHEN %1 THEN 1 ELSE 0 END, lm.created_at")
                            .arg(passCondition)
        + from + where + QStringLiteral(" ORDER BY c.last_lead_message_id LIMIT ?");
    auto walked = m_database.exec(sql, values);
    if (!walked)
        return walked.error();

    // A message belongs to one conversation, so no two conversations share a
    // last_lead_message_id above 0, and every conversation between the watermark and the
    // last one passed has been visited.
    qint64 through = current->toLongLong();
    const qint64 settledBefore = nowMs - ReadThroughSettleMs;
    while (walked->next()) {
        const bool passes = walked->value(1).toInt() != 0;
        // A message deleted since keeps no insert in flight.
        const QVariant createdMs = walked->value(2);
        const bool settled = createdMs.isNull() || createdMs.toLongLong() <= settledBefore;
        if (!passes || !settled)
            break;
        through = walked->value(0).toLongLong();
    }
    walked->finish();

    if (through > current->toLongLong()) {
        auto written = m_database.update(
            QStringLiteral("UPDATE inbox_read_through SET message_id = ? WHERE user_id = ? AND agent_user_id = ?"),
            {through, viewerUserId, agentUserId});
        if (!written)
            return written.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return through;
}

Result<qint64> InboxRepository::readMarker(qint64 userId, qint64 conversationId) const
{
    auto marker = m_database.scalar(
        QStringLiteral("SELECT last_read_message_id FROM conversation_reads WHERE user_id = ? AND conversation_id = ?"),
        {userId, conversationId}, 0);
    if (!marker)
        return marker.error();
    return marker->toLongLong();
}

} // namespace Prospecta
