// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/ServiceContext.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Prospecta {

class GupshupClient;
struct GupshupConfig;
struct GupshupSendOutcome;
struct OutboundMessage;

// Sends the outbox: due messages in order per conversation, one request at a time per
// conversation. An attempt is recorded before its request leaves, so a message caught by
// a crash is sent again after the restart (at least once). Retryable failures wait with
// exponential backoff and jitter. After 5 attempts, or when the provider rejects it for
// good, the message is failed with the provider's error and the conversation flagged.
class OutboxDispatcher : public QObject
{
    Q_OBJECT

public:
    OutboxDispatcher(ServiceContext context, GupshupClient &gupshup, QObject *parent = nullptr);

    // Re-queues messages interrupted by a crash, then sends what is due. On PostgreSQL
    // only messages whose sender is gone are re-queued (see recoverOrphaned).
    void start();
    void wake();

    // Team mode: every `intervalMs`, re-queues messages left mid-send by another
    // process that died, so a surviving process sends them.
    void startOrphanScan(int intervalMs);

    void setBackoffBaseMs(qint64 ms) { m_backoffBaseMs = ms; }
    int inFlight() const { return int(m_inFlight.size()); }

signals:
    void changed(const QString &table, qint64 id);

private:
    void dispatch();
    void send(const OutboundMessage &message, const GupshupConfig &config);
    void onOutcome(const OutboundMessage &message, const GupshupSendOutcome &outcome);
    void scheduleNext();
    void recoverOrphaned();
    qint64 backoffMs(int attempt, qint64 retryAfterMs) const;

    ServiceContext m_context;
    GupshupClient &m_gupshup;
    QTimer m_timer;
    QTimer m_orphanScanTimer;
    QSet<qint64> m_inFlight;            // outbound ids
    QSet<qint64> m_busyConversations;
    qint64 m_backoffBaseMs = 2000;
    bool m_warnedNotConfigured = false;
};

} // namespace Prospecta
