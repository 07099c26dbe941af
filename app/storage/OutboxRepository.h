// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Enums.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace Prospecta {

class Database;

// The content kind of an outbound message: free text, an approved WhatsApp template, or
// an attached image or document (file). WhatsApp delivers only templates outside the
// 24-hour window. Stored as 'text', 'template', 'image' and 'file'.
enum class OutboundKind { Text, Template, Image, File };

struct OutboundMessage
{
    qint64 id = 0;
    qint64 messageId = 0;
    qint64 conversationId = 0;
    Provider provider = Provider::Gupshup;
    QString destination;
    QString body;
    OutboundStatus status = OutboundStatus::Queued;
    int attempts = 0;
    qint64 nextAttemptMs = 0;
    QString providerMessageId;
    QString lastError;
    OutboundKind kind = OutboundKind::Text;
    QString templateId;           // with Template: Gupshup's template id
    QStringList templateParams;   // with Template: the values of {{1}}, {{2}}, … in order
    QString mediaUrl;             // with Image and File: where Gupshup fetches it; body is the caption
    QString mediaFileName;        // with File: the name WhatsApp shows
};

// A delivery status reported by the provider.
struct DeliveryEvent
{
    QString providerMessageId;  // Gupshup's messageId / gsId
    QString whatsappMessageId;
    OutboundStatus status = OutboundStatus::Sent;
    qint64 occurredMs = 0;
    QString errorCode;
    QString errorReason;
};

// The effect of one delivery event on the outbox.
struct DeliveryOutcome
{
    qint64 outboundId = 0;      // 0 when the message is not known yet (kept for later)
    qint64 messageId = 0;
    qint64 conversationId = 0;
    bool statusChanged = false;
    bool retryScheduled = false;
    bool failedForGood = false;
};

// The outbox: messages waiting to be sent, their attempts and delivery history.
// Statuses only move forward (queued < enqueued < sent < delivered < read); failed
// overrides queued, enqueued and sent.
class OutboxRepository
{
public:
    explicit OutboxRepository(const Database &database);

    static bool isForward(OutboundStatus from, OutboundStatus to);

    Result<qint64> enqueue(const OutboundMessage &message, qint64 nowMs) const;

    // Queued messages due now whose conversation has no earlier queued message, so
    // replies go out in order.
    Result<QList<OutboundMessage>> due(qint64 nowMs, int limit) const;

    // The earliest time a queued message becomes due, or nullopt.
    Result<std::optional<qint64>> nextDueMs() const;

    // Records an attempt before the request leaves, so a crash mid-send is noticed.
    // Conflict when the message is not queued or another worker is sending it.
    Status markSending(qint64 id, qint64 nowMs) const;

    // The right to send one message, across processes: on PostgreSQL a session advisory
    // lock on this connection, held from markSending until the outcome is stored and
    // released by PostgreSQL when the connection ends. On SQLite it always succeeds,
    // because ServiceCore's lock file keeps a second service off the file.
    Result<bool> tryClaim(qint64 id) const;
    void releaseClaim(qint64 id) const;

    // Team mode (PostgreSQL): messages left mid-send by a process that died, recognized
    // by their free claim, are queued again. `ownInFlight` are this process's own sends,
    // whose claims this connection holds. Returns the ids requeued.
    Result<QList<qint64>> recoverOrphaned(const QSet<qint64> &ownInFlight, qint64 nowMs) const;
    // The provider accepted the message: its id is recorded and any status events that
    // arrived before it are applied.
    // Applies the statuses kept for `providerMessageId` before the send's response. An early
    // retryable failure schedules a new attempt after `retryDelayMs` while fewer than
    // `maxAttempts` were made.
    Result<QList<DeliveryOutcome>> markAccepted(qint64 id, const QString &providerMessageId, qint64 nowMs,
                                                qint64 retryDelayMs = 0, int maxAttempts = 1) const;
    Status markRetry(qint64 id, const QString &error, qint64 nextAttemptMs, qint64 nowMs) const;
    Status markFailed(qint64 id, const QString &error, qint64 nowMs) const;

    // Messages caught mid-send by a crash (sending, no status since) are queued again.
    Result<int> recoverInterrupted(qint64 nowMs) const;

    // Queues the failed outgoing message with id `messageId` (messages.id) again as if it
    // were new: attempts reset, due now, the last error and the provider's ids cleared.
    // Returns the number of outbox entries requeued: 0 when the message has none that failed.
    // The attempt history is kept.
    // NOTE: attempt numbers restart at 1, so outbound_attempts may hold two rows with the
    // same number, and failCurrentAttempt then also overwrites the older row's error.
    Result<int> requeueFailed(qint64 messageId, qint64 nowMs) const;

    // Cancels queued messages of a lead that have not left yet.
    Result<int> cancelQueuedForLead(qint64 leadId, qint64 nowMs) const;

    // Stores the event and applies it to its message when that is known. A retryable
    // failure of the current attempt (Gupshup 4001) queues a new attempt after
    // `retryDelayMs`, up to `maxAttempts` attempts in all.
    Result<DeliveryOutcome> applyDeliveryEvent(const DeliveryEvent &event, qint64 nowMs, qint64 retryDelayMs,
                                               int maxAttempts) const;

    Result<std::optional<OutboundMessage>> findById(qint64 id) const;
    Result<QList<OutboundMessage>> forConversation(qint64 conversationId) const;

private:
    Status failCurrentAttempt(qint64 id, const QString &error) const;
    Result<DeliveryOutcome> applyToOutbound(const OutboundMessage &outbound, const QString &attemptProviderId,
                                            const DeliveryEvent &event, qint64 nowMs, qint64 retryDelayMs,
                                            int maxAttempts) const;

    const Database &m_database;
};

} // namespace Prospecta
