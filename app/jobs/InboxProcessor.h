// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/InboundEventRepository.h"
#include "storage/ServiceContext.h"
#include "core/Result.h"

#include <QObject>
#include <QTimer>

namespace Prospecta {

struct InboundEvent;

// Turns committed raw events into leads, conversations, messages and delivery
// statuses, in the order they arrived, a batch of events per transaction and each event
// in a savepoint of its own. An event whose
// processing fails for a transient reason, such as a busy database, stays pending and is
// tried again. After 5 tries it is marked failed with the error.
class InboxProcessor : public QObject
{
    Q_OBJECT

public:
    explicit InboxProcessor(ServiceContext context, QObject *parent = nullptr);

    // Processes what is pending, soon (coalesced).
    void wake();

    // Team mode: wakes every `intervalMs`, so events that another process stored, or
    // left pending when it stopped mid-event, are processed here too.
    void startPolling(int intervalMs);

    // Delay before a Gupshup rate-limit failure is sent again.
    void setRetryDelayMs(qint64 ms) { m_retryDelayMs = ms; }

signals:
    void changed(const QString &table, qint64 id);
    // A lead message was stored and may need an AI turn.
    void leadMessageStored(qint64 conversationId, qint64 messageId, qint64 receivedMs);
    void outboxQueued();
    void conversationNeedsHuman(qint64 conversationId);

private:
    void processPending();
    // Claims the event and processes it inside the open transaction, undoing its changes
    // when it fails. `claimed` is false when another process took it or it was already
    // processed; nothing was changed then.
    Status processClaimed(const StoredInboundEvent &stored, const InboundEvent &event, bool &claimed);
    // Whether `event` is a message or a user event whose sender is the business's own
    // WhatsApp number, the Gupshup "source" setting. Such an event is a provider's echo of
    // the business's side. It must not make the business a lead of itself, because the AI
    // agents would then reply to its messages.
    bool isFromBusinessNumber(const StoredInboundEvent &stored, const InboundEvent &event) const;
    Status processOne(const StoredInboundEvent &stored, const InboundEvent &event);
    Status processMessage(const StoredInboundEvent &stored, const InboundEvent &event);
    Status processStatus(const InboundEvent &event);
    Status processUserEvent(const InboundEvent &event);

    ServiceContext m_context;
    QTimer m_wakeTimer;
    QTimer m_pollTimer;
    qint64 m_retryDelayMs = 30000;

    // Signals to emit once the current transaction has committed.
    struct PendingSignal
    {
        enum class Kind { Changed, LeadMessage, OutboxQueued, NeedsHuman } kind;
        QString table;
        qint64 id = 0;
        qint64 messageId = 0;
        qint64 atMs = 0;
    };
    QList<PendingSignal> m_afterCommit;
    // Pending events read and not yet reached, oldest first.
    QList<StoredInboundEvent> m_fetched;
    // Events may be pending behind m_fetched: the last read was a full batch, or wake()
    // was called since.
    bool m_moreToRead = false;
};

} // namespace Prospecta
