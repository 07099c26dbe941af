// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "OutboxRepository.h"

#include "Database.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Prospecta {

namespace {

const QString outboundColumns = QStringLiteral(
    "id, message_id, conversation_id, provider, destination, body, status, attempts, next_attempt_at, "
    "provider_message_id, last_error, kind, template_id, template_params, media_url, media_file_name");

QString kindName(OutboundKind kind)
{
    switch (kind) {
    case OutboundKind::Text: return QStringLiteral("text");
    case OutboundKind::Template: return QStringLiteral("template");
    case OutboundKind::Image: return QStringLiteral("image");
    case OutboundKind::File: return QStringLiteral("file");
    }
    return QStringLiteral("text");
}

OutboundKind kindFromName(const QString &name)
{
    for (OutboundKind kind : {OutboundKind::Template, OutboundKind::Image, OutboundKind::File}) {
        if (name == kindName(kind))
            return kind;
    }
    return OutboundKind::Text;
}

OutboundMessage readOutbound(const QSqlQuery &query)
{
    OutboundMessage message;
    message.id = query.value(0).toLongLong();
    message.messageId = query.value(1).toLongLong();
    message.conversationId = query.value(2).toLongLong();
    message.provider = fromString<Provider>(query.value(3).toString()).value_or(Provider::Gupshup);
    message.destination = query.value(4).toString();
    message.body = query.value(5).toString();
    message.status = fromString<OutboundStatus>(query.value(6).toString()).value_or(OutboundStatus::Queued);
    message.attempts = query.value(7).toInt();
    message.nextAttemptMs = query.value(8).toLongLong();
    message.providerMessageId = query.value(9).toString();
    message.lastError = query.value(10).toString();
    message.kind = kindFromName(query.value(11).toString());
    message.templateId = query.value(12).toString();
    const QJsonArray params = QJsonDocument::fromJson(query.value(13).toString().toUtf8()).array();
    for (const QJsonValue &param : params)
        message.templateParams << param.toString();
    message.mediaUrl = query.value(14).toString();
    message.mediaFileName = query.value(15).toString();
    return message;
}

Result<QList<OutboundMessage>> readOutbounds(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    QList<OutboundMessage> list;
    while (query->next())
        list << readOutbound(*query);
    query->finish();
    return list;
}

int rank(OutboundStatus status)
{
    switch (status) {
    case OutboundStatus::Queued: return 0;
    case OutboundStatus::Enqueued: return 1;
    case OutboundStatus::Sent: return 2;
    case OutboundStatus::Delivered: return 3;
    case OutboundStatus::Read: return 4;
    case OutboundStatus::Failed:
    case OutboundStatus::Cancelled:
        return 5;
    }
    return 0;
}

// Failures the provider reports for a message that a later attempt may still deliver:
// Gupshup's own rate limit (4001) and WhatsApp's throughput limit (130429).
bool isRetryableFailure(const QString &code)
{
    return code == QLatin1String("4001") || code == QLatin1String("130429");
}

Status asStatus(const Result<int> &result)
{
    if (!result)
        return result.error();
    return {};
}

} // namespace

OutboxRepository::OutboxRepository(const Database &database)
    : m_database(database)
{
}

bool OutboxRepository::isForward(OutboundStatus from, OutboundStatus to)
{
    if (from == OutboundStatus::Cancelled)
        return false;
    if (to == OutboundStatus::Failed)
        return from == OutboundStatus::Queued || from == OutboundStatus::Enqueued || from == OutboundStatus::Sent;
    if (from == OutboundStatus::Failed)
        return false;
    return rank(to) > rank(from);
}

Result<qint64> OutboxRepository::enqueue(const OutboundMessage &message, qint64 nowMs) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO outbound_messages (message_id, conversation_id, provider, destination, body, status, "
                       "attempts, next_attempt_at, created_at, updated_at, kind, template_id, template_params, "
                       "media_url, media_file_name) "
                       "VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {Database::nullableId(message.messageId), message.conversationId, toString(message.provider),
         message.destination, message.body, std::max(message.nextAttemptMs, nowMs), nowMs, nowMs,
         kindName(message.kind), message.templateId,
         QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(message.templateParams)).toJson(QJsonDocument::Compact)),
         message.mediaUrl, message.mediaFileName});
}

Result<QList<OutboundMessage>> OutboxRepository::due(qint64 nowMs, int limit) const
{
    // Runs before every send, so its prepared form is kept.
    return readOutbounds(m_database.execCached(
        QStringLiteral("SELECT %1 FROM outbound_messages o WHERE o.status = 'queued' AND o.sending_since IS NULL "
                       "AND o.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM outbound_messages p "
                       "WHERE p.conversation_id = o.conversation_id AND p.id < o.id AND p.status = 'queued') "
                       "ORDER BY o.id LIMIT ?")
            .arg(outboundColumns),
        {nowMs, limit}));
}

Result<std::optional<qint64>> OutboxRepository::nextDueMs() const
{
    // Only the first queued message of each conversation can be sent (see due()). A later
    // one may be due already while the first waits for its retry, and counting it made the
    // dispatcher see a message due now, so it set no timer and slept.
    auto value = m_database.scalar(QStringLiteral(
        "SELECT MIN(o.next_attempt_at) FROM outbound_messages o WHERE o.status = 'queued' "
        "AND o.sending_since IS NULL AND NOT EXISTS (SELECT 1 FROM outbound_messages p "
        "WHERE p.conversation_id = o.conversation_id AND p.id < o.id AND p.status = 'queued')"));
    if (!value)
        return value.error();
    if (value->isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(value->toLongLong());
}

Status OutboxRepository::markSending(qint64 id, qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE outbound_messages SET sending_since = ?, attempts = attempts + 1, updated_at = ? "
                       "WHERE id = ? AND status = 'queued' AND sending_since IS NULL"),
        {nowMs, nowMs, id});
    if (!updated)
        return updated.error();
    if (*updated == 0)
        return makeError(ErrorKind::Conflict,
                         QCoreApplication::translate("Prospecta::OutboxRepository", "Outbound message %1 is no longer queued or is being sent").arg(id));
    return asStatus(m_database.update(
        QStringLiteral("INSERT INTO outbound_attempts (outbound_id, attempt, status, started_at) "
                       "SELECT id, attempts, 'sending', ? FROM outbound_messages WHERE id = ?"),
        {nowMs, id}));
}

Result<QList<DeliveryOutcome>> OutboxRepository::markAccepted(qint64 id, const QString &providerMessageId,
                                                              qint64 nowMs, qint64 retryDelayMs, int maxAttempts) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE outbound_messages SET status = 'enqueued', provider_message_id = ?, sending_since = NULL, "
                       "last_error = '', updated_at = ? WHERE id = ?"),
        {providerMessageId, nowMs, id});
    if (!updated)
        return updated.error();
    auto attempt = m_database.update(
        QStringLiteral("UPDATE outbound_attempts SET provider_message_id = ?, status = 'enqueued' "
                       "WHERE outbound_id = ? AND attempt = (SELECT attempts FROM outbound_messages WHERE id = ?)"),
        {providerMessageId, id, id});
    if (!attempt)
        return attempt.error();

    // Statuses that arrived before the send's response were kept, so they are applied now.
    auto early = m_database.exec(
        QStringLiteral("SELECT status, occurred_at, error_code, error_reason, whatsapp_message_id FROM delivery_events "
                       "WHERE provider_message_id = ? AND outbound_id IS NULL ORDER BY id"),
        {providerMessageId});
    if (!early)
        return early.error();
    QList<DeliveryEvent> pendingEvents;
    while (early->next()) {
        DeliveryEvent event;
        event.providerMessageId = providerMessageId;
        event.status = fromString<OutboundStatus>(early->value(0).toString()).value_or(OutboundStatus::Sent);
        event.occurredMs = early->value(1).toLongLong();
        event.errorCode = early->value(2).toString();
        event.errorReason = early->value(3).toString();
        event.whatsappMessageId = early->value(4).toString();
        pendingEvents << event;
    }
    early->finish();
    if (auto linked = m_database.update(
            QStringLiteral("UPDATE delivery_events SET outbound_id = ? WHERE provider_message_id = ? AND outbound_id IS NULL"),
            {id, providerMessageId});
        !linked)
        return linked.error();

    QList<DeliveryOutcome> outcomes;
    for (const DeliveryEvent &event : pendingEvents) {
        auto outbound = findById(id);
        if (!outbound)
            return outbound.error();
        if (!*outbound)
            break;
        // An early failure is retried like one that arrives later, because Gupshup may
        // report its rate limit (4001) before it responds to the send request.
        auto outcome = applyToOutbound(**outbound, providerMessageId, event, nowMs, retryDelayMs, maxAttempts);
        if (!outcome)
            return outcome.error();
        outcomes << *outcome;
    }
    return outcomes;
}

Status OutboxRepository::failCurrentAttempt(qint64 id, const QString &error) const
{
    return asStatus(m_database.update(
        QStringLiteral("UPDATE outbound_attempts SET status = 'failed', error = ? WHERE outbound_id = ? "
                       "AND attempt = (SELECT attempts FROM outbound_messages WHERE id = ?)"),
        {error, id, id}));
}

Status OutboxRepository::markRetry(qint64 id, const QString &error, qint64 nextAttemptMs, qint64 nowMs) const
{
    if (auto attempt = failCurrentAttempt(id, error); !attempt)
        return attempt;
    return asStatus(m_database.update(
        QStringLiteral("UPDATE outbound_messages SET status = 'queued', sending_since = NULL, provider_message_id = NULL, "
                       "last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?"),
        {error, nextAttemptMs, nowMs, id}));
}

Status OutboxRepository::markFailed(qint64 id, const QString &error, qint64 nowMs) const
{
    if (auto attempt = failCurrentAttempt(id, error); !attempt)
        return attempt;
    return asStatus(m_database.update(
        QStringLiteral("UPDATE outbound_messages SET status = 'failed', sending_since = NULL, last_error = ?, "
                       "updated_at = ? WHERE id = ?"),
        {error, nowMs, id}));
}

Result<int> OutboxRepository::recoverInterrupted(qint64 nowMs) const
{
    return m_database.update(
        QStringLiteral("UPDATE outbound_messages SET sending_since = NULL, next_attempt_at = ?, updated_at = ? "
                       "WHERE status = 'queued' AND sending_since IS NOT NULL"),
        {nowMs, nowMs});
}

namespace {

// The first key of the two-key advisory locks that claim outbound messages (see
// ConversationRepository for the AI turns' key space).
constexpr int sendLockSpace = 0x50540002;

int sendLockKey(qint64 outboundId)
{
    return int(outboundId & 0x7fffffff);
}

} // namespace

Result<bool> OutboxRepository::tryClaim(qint64 id) const
{
    if (m_database.engine() != SqlEngine::Postgres)
        return true;
    auto locked = m_database.scalar(QStringLiteral("SELECT pg_try_advisory_lock(?, ?)"),
                                    {sendLockSpace, sendLockKey(id)}, false);
    if (!locked)
        return locked.error();
    return locked->toBool();
}

void OutboxRepository::releaseClaim(qint64 id) const
{
    if (m_database.engine() != SqlEngine::Postgres)
        return;
    // A failure here means the connection is gone, and PostgreSQL released the lock with it.
    (void)m_database.scalar(QStringLiteral("SELECT pg_advisory_unlock(?, ?)"), {sendLockSpace, sendLockKey(id)});
}

Result<QList<qint64>> OutboxRepository::recoverOrphaned(const QSet<qint64> &ownInFlight, qint64 nowMs) const
{
    QList<qint64> recovered;
    if (m_database.engine() != SqlEngine::Postgres)
        return recovered;
    auto query = m_database.exec(QStringLiteral(
        "SELECT id FROM outbound_messages WHERE status = 'queued' AND sending_since IS NOT NULL ORDER BY id"));
    if (!query)
        return query.error();
    QList<qint64> candidates;
    while (query->next())
        candidates << query->value(0).toLongLong();
    query->finish();

    for (qint64 id : std::as_const(candidates)) {
        // Session advisory locks are re-entrant, so this connection would "win" its own.
        if (ownInFlight.contains(id))
            continue;
        auto claimed = tryClaim(id);
        if (!claimed)
            return claimed.error();
        if (!*claimed)
            continue; // a live process is sending it
        // The claim is free, so its holder died. The row is re-read under the claim: the
        // holder may have stored its outcome just before it went.
        auto requeued = m_database.update(
            QStringLiteral("UPDATE outbound_messages SET sending_since = NULL, next_attempt_at = ?, updated_at = ? "
                           "WHERE id = ? AND status = 'queued' AND sending_since IS NOT NULL"),
            {nowMs, nowMs, id});
        releaseClaim(id);
        if (!requeued)
            return requeued.error();
        if (*requeued > 0)
            recovered << id;
    }
    return recovered;
}

Result<int> OutboxRepository::requeueFailed(qint64 messageId, qint64 nowMs) const
{
    return m_database.update(
        QStringLiteral("UPDATE outbound_messages SET status = 'queued', attempts = 0, next_attempt_at = ?, "
                       "sending_since = NULL, provider_message_id = NULL, whatsapp_message_id = NULL, "
                       "last_error = '', updated_at = ? WHERE message_id = ? AND status = 'failed'"),
        {nowMs, nowMs, messageId});
}

Result<int> OutboxRepository::cancelQueuedForLead(qint64 leadId, qint64 nowMs) const
{
    return m_database.update(
        QStringLiteral("UPDATE outbound_messages SET status = 'cancelled', last_error = 'opted out', updated_at = ? "
                       "WHERE status = 'queued' AND sending_since IS NULL AND conversation_id IN "
                       "(SELECT id FROM conversations WHERE lead_id = ?)"),
        {nowMs, leadId});
}

Result<DeliveryOutcome> OutboxRepository::applyDeliveryEvent(const DeliveryEvent &event, qint64 nowMs,
                                                             qint64 retryDelayMs, int maxAttempts) const
{
    // Find the attempt the event belongs to: by the provider's id, else by WhatsApp's.
    QString sql = QStringLiteral("SELECT outbound_id, provider_message_id FROM outbound_attempts WHERE ");
    QVariantList values;
    if (!event.providerMessageId.isEmpty()) {
        sql += QStringLiteral("provider_message_id = ?");
        values << event.providerMessageId;
    } else {
        sql += QStringLiteral("whatsapp_message_id = ?");
        values << event.whatsappMessageId;
    }
    auto attempt = m_database.exec(sql + QStringLiteral(" ORDER BY id DESC LIMIT 1"), values);
    if (!attempt)
        return attempt.error();
    qint64 outboundId = 0;
    QString attemptProviderId;
    if (attempt->next()) {
        outboundId = attempt->value(0).toLongLong();
        attemptProviderId = attempt->value(1).toString();
    }
    attempt->finish();

    auto stored = m_database.exec(
        QStringLiteral("INSERT INTO delivery_events (outbound_id, provider_message_id, whatsapp_message_id, status, "
                       "occurred_at, error_code, error_reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {Database::nullableId(outboundId), Database::nullableText(event.providerMessageId),
         Database::nullableText(event.whatsappMessageId), toString(event.status),
         Database::nullableInstant(event.occurredMs), event.errorCode, event.errorReason, nowMs});
    if (!stored)
        return stored.error();
    stored->finish();

    if (outboundId == 0) {
        qCInfo(lcJobs) << "kept a" << toString(event.status) << "status for a message not known yet";
        return DeliveryOutcome{};
    }

    auto outbound = findById(outboundId);
    if (!outbound)
        return outbound.error();
    if (!*outbound)
        return DeliveryOutcome{};
    return applyToOutbound(**outbound, attemptProviderId, event, nowMs, retryDelayMs, maxAttempts);
}

Result<DeliveryOutcome> OutboxRepository::applyToOutbound(const OutboundMessage &outbound,
                                                          const QString &attemptProviderId, const DeliveryEvent &event,
                                                          qint64 nowMs, qint64 retryDelayMs, int maxAttempts) const
{
    DeliveryOutcome outcome;
    outcome.outboundId = outbound.id;
    outcome.messageId = outbound.messageId;
    outcome.conversationId = outbound.conversationId;

    if (!event.whatsappMessageId.isEmpty() && !attemptProviderId.isEmpty()) {
        auto recorded = m_database.update(
            QStringLiteral("UPDATE outbound_attempts SET whatsapp_message_id = ? WHERE provider_message_id = ?"),
            {event.whatsappMessageId, attemptProviderId});
        if (!recorded)
            return recorded.error();
    }

    // Events of an earlier attempt stay in the history and change nothing.
    const bool currentAttempt = attemptProviderId.isEmpty() || attemptProviderId == outbound.providerMessageId;
    if (!currentAttempt || !isForward(outbound.status, event.status))
        return outcome;

    if (event.status == OutboundStatus::Failed) {
        const QString reason = event.errorReason.isEmpty()
            ? QStringLiteral("failed with code %1").arg(event.errorCode)
            : QStringLiteral("%1 (code %2)").arg(event.errorReason, event.errorCode);
        if (isRetryableFailure(event.errorCode) && outbound.attempts < maxAttempts) {
            if (auto retry = markRetry(outbound.id, reason, nowMs + retryDelayMs, nowMs); !retry)
                return retry.error();
            outcome.retryScheduled = true;
        } else {
            if (auto failed = markFailed(outbound.id, reason, nowMs); !failed)
                return failed.error();
            outcome.failedForGood = true;
        }
        outcome.statusChanged = true;
        return outcome;
    }

    auto updated = m_database.update(
        QStringLiteral("UPDATE outbound_messages SET status = ?, updated_at = ? WHERE id = ?"),
        {toString(event.status), nowMs, outbound.id});
    if (!updated)
        return updated.error();
    if (!event.whatsappMessageId.isEmpty()) {
        auto whatsappId = m_database.update(
            QStringLiteral("UPDATE outbound_messages SET whatsapp_message_id = ? WHERE id = ?"),
            {event.whatsappMessageId, outbound.id});
        if (!whatsappId)
            return whatsappId.error();
    }
    outcome.statusChanged = true;
    return outcome;
}

Result<std::optional<OutboundMessage>> OutboxRepository::findById(qint64 id) const
{
    auto list = readOutbounds(m_database.exec(
        QStringLiteral("SELECT %1 FROM outbound_messages WHERE id = ?").arg(outboundColumns), {id}));
    if (!list)
        return list.error();
    if (list->isEmpty())
        return std::optional<OutboundMessage>();
    return std::optional<OutboundMessage>(list->first());
}

Result<QList<OutboundMessage>> OutboxRepository::forConversation(qint64 conversationId) const
{
    return readOutbounds(m_database.exec(
        QStringLiteral("SELECT %1 FROM outbound_messages WHERE conversation_id = ? ORDER BY id").arg(outboundColumns),
        {conversationId}));
}

} // namespace Prospecta
