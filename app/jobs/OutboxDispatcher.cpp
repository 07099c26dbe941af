// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "OutboxDispatcher.h"

#include "channels/GupshupClient.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/OutboxRepository.h"

#include <QRandomGenerator>

namespace Prospecta {

namespace {

constexpr int maxAttempts = 5;
constexpr int batchSize = 50;
constexpr qint64 maxBackoffMs = 5 * 60 * 1000;
constexpr qint64 notConfiguredRetryMs = 30000;
// How often a message that another process claimed is looked at again.
constexpr qint64 claimedElsewherePollMs = 1000;

} // namespace

OutboxDispatcher::OutboxDispatcher(ServiceContext context, GupshupClient &gupshup, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_gupshup(gupshup)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OutboxDispatcher::dispatch);
}

void OutboxDispatcher::start()
{
    // On PostgreSQL other processes may be sending right now, so only sends whose
    // holder is gone are taken back.
    if (m_context.database.engine() == SqlEngine::Postgres) {
        recoverOrphaned();
        wake();
        return;
    }
    auto recovered = OutboxRepository(m_context.database).recoverInterrupted(m_context.clock.nowMs());
    if (!recovered)
        qCWarning(lcJobs) << "cannot recover interrupted sends:" << recovered.error().message;
    else if (*recovered > 0)
        qCInfo(lcJobs) << *recovered << "message(s) interrupted by a stop will be sent again";
    wake();
}

void OutboxDispatcher::startOrphanScan(int intervalMs)
{
    m_orphanScanTimer.setInterval(intervalMs);
    connect(&m_orphanScanTimer, &QTimer::timeout, this, &OutboxDispatcher::recoverOrphaned, Qt::UniqueConnection);
    m_orphanScanTimer.start();
}

void OutboxDispatcher::recoverOrphaned()
{
    auto recovered = OutboxRepository(m_context.database).recoverOrphaned(m_inFlight, m_context.clock.nowMs());
    if (!recovered) {
        qCWarning(lcJobs) << "cannot look for sends left by a stopped process:" << recovered.error().message;
        return;
    }
    if (recovered->isEmpty())
        return;
    // The process that died may have had the provider accept the message before it could
    // store the result: the lead may then receive it twice (the outbox sends at least once).
    for (qint64 id : std::as_const(*recovered))
        qCWarning(lcJobs) << "outbound message" << id
                          << "was left mid-send by a process that stopped; sending it again (the lead may get it twice)";
    wake();
}

void OutboxDispatcher::wake()
{
    m_timer.start(0);
}

void OutboxDispatcher::dispatch()
{
    const IntegrationValues gupshup = m_context.integration(Provider::Gupshup);
    if (!gupshup.usable({QStringLiteral("apiKey"), QStringLiteral("source"), QStringLiteral("appName")})) {
        if (!m_warnedNotConfigured) {
            qCWarning(lcJobs) << "the gupshup integration is incomplete; queued messages wait";
            m_warnedNotConfigured = true;
        }
        m_timer.start(notConfiguredRetryMs);
        return;
    }
    m_warnedNotConfigured = false;

    auto due = OutboxRepository(m_context.database).due(m_context.clock.nowMs(), batchSize);
    if (!due) {
        qCWarning(lcJobs) << "cannot read the outbox:" << due.error().message;
        m_timer.start(1000);
        return;
    }
    GupshupConfig config;
    config.apiKey = gupshup.value(QStringLiteral("apiKey"));
    config.appName = gupshup.value(QStringLiteral("appName"));
    config.source = gupshup.value(QStringLiteral("source"));
    config.baseUrl = QUrl(gupshup.value(QStringLiteral("baseUrl")));
    for (const OutboundMessage &message : std::as_const(*due)) {
        if (m_inFlight.contains(message.id) || m_busyConversations.contains(message.conversationId))
            continue;
        send(message, config);
    }
    scheduleNext();
}

void OutboxDispatcher::send(const OutboundMessage &message, const GupshupConfig &config)
{
    const qint64 nowMs = m_context.clock.nowMs();
    OutboxRepository outbox(m_context.database);
    auto claimed = outbox.tryClaim(message.id);
    if (!claimed) {
        qCWarning(lcJobs) << "cannot claim outbound message" << message.id << claimed.error().message;
        return;
    }
    if (!*claimed) {
        qCDebug(lcJobs) << "outbound message" << message.id << "is being sent by another process";
        return;
    }
    if (auto marked = outbox.markSending(message.id, nowMs); !marked) {
        outbox.releaseClaim(message.id);
        // Another process sent it between the read of the due messages and the claim.
        if (marked.error().kind == ErrorKind::Conflict)
            qCDebug(lcJobs) << "outbound message" << message.id << "was taken by another process";
        else
            qCWarning(lcJobs) << "cannot start sending outbound message" << message.id << marked.error().message;
        return;
    }
    m_inFlight.insert(message.id);
    m_busyConversations.insert(message.conversationId);

    const OutboundMessage copy = message;
    auto done = [this, copy](const GupshupSendOutcome &outcome) { onOutcome(copy, outcome); };
    switch (message.kind) {
    case OutboundKind::Template:
        m_gupshup.sendTemplate(config, message.destination, GupshupTemplate{message.templateId, message.templateParams, {}},
                               std::move(done));
        break;
    case OutboundKind::Image:
    case OutboundKind::File: {
        GupshupMedia media;
        media.kind = message.kind == OutboundKind::Image ? GupshupMedia::Kind::Image : GupshupMedia::Kind::File;
        media.url = message.mediaUrl;
        media.fileName = message.mediaFileName;
        media.caption = message.body;
        m_gupshup.sendMedia(config, message.destination, media, std::move(done));
        break;
    }
    case OutboundKind::Text:
        m_gupshup.sendText(config, message.destination, message.body, std::move(done));
        break;
    }
}

void OutboxDispatcher::onOutcome(const OutboundMessage &message, const GupshupSendOutcome &outcome)
{
    m_inFlight.remove(message.id);
    m_busyConversations.remove(message.conversationId);

    const Database &db = m_context.database;
    const qint64 nowMs = m_context.clock.nowMs();
    OutboxRepository outbox(db);
    const int attempt = message.attempts + 1;

    Transaction transaction(db);
    Status status = transaction.started();
    bool flag = false;
    QString flagReason;

    if (status) {
        switch (outcome.kind) {
        case GupshupSendOutcome::Kind::Accepted: {
            auto applied = outbox.markAccepted(message.id, outcome.providerMessageId, nowMs, backoffMs(attempt, -1),
                                               maxAttempts);
            status = applied ? Status() : Status(applied.error());
            if (applied) {
                for (const DeliveryOutcome &early : std::as_const(*applied)) {
                    if (early.failedForGood) {
                        flag = true;
                        flagReason = tr("A message could not be delivered");
                    }
                }
            }
            qCInfo(lcJobs) << "outbound message" << message.id << "accepted by Gupshup, attempt" << attempt;
            break;
        }
        case GupshupSendOutcome::Kind::Retryable:
            if (attempt < maxAttempts) {
                const qint64 delay = backoffMs(attempt, outcome.retryAfterMs);
                status = outbox.markRetry(message.id, outcome.error, nowMs + delay, nowMs);
                qCInfo(lcJobs) << "outbound message" << message.id << "attempt" << attempt << "failed (" << outcome.error
                               << "), retrying in" << delay << "ms";
                break;
            }
            [[fallthrough]];
        case GupshupSendOutcome::Kind::Permanent:
            status = outbox.markFailed(message.id, outcome.error, nowMs);
            flag = true;
            flagReason = tr("Gupshup did not accept a message: %1").arg(outcome.error);
            qCWarning(lcJobs) << "outbound message" << message.id << "failed after" << attempt << "attempt(s):"
                              << outcome.error;
            break;
        }
    }
    if (status && flag)
        status = ConversationRepository(db).setNeedsHuman(message.conversationId, true, flagReason, nowMs);
    if (status)
        status = transaction.commit();
    if (!status)
        qCWarning(lcJobs) << "cannot record the outcome of outbound message" << message.id << status.error().message;
    // Released after the commit, so no other process can take the claim while the row is
    // still marked "sending".
    outbox.releaseClaim(message.id);

    emit changed(QStringLiteral("messages"), message.messageId);
    if (flag)
        emit changed(QStringLiteral("conversations"), message.conversationId);
    wake();
}

void OutboxDispatcher::scheduleNext()
{
    if (m_timer.isActive())
        return;
    auto next = OutboxRepository(m_context.database).nextDueMs();
    if (!next || !*next)
        return;
    const qint64 delay = std::max<qint64>(0, **next - m_context.clock.nowMs());
    if (delay > 0) {
        m_timer.start(std::chrono::milliseconds(std::min(delay, maxBackoffMs)));
        return;
    }
    // A message due now was not sent. Either this process is sending it or an earlier message
    // of its conversation, and that send's outcome wakes the dispatcher, or another process
    // has claimed it. The poll covers the second case, when nothing here is in flight.
    if (m_inFlight.isEmpty())
        m_timer.start(std::chrono::milliseconds(claimedElsewherePollMs));
}

qint64 OutboxDispatcher::backoffMs(int attempt, qint64 retryAfterMs) const
{
    if (retryAfterMs >= 0)
        return std::min(retryAfterMs, maxBackoffMs);
    // Up to half the delay again as random jitter, so messages that failed together
    // do not all come back at the same moment.
    const qint64 base = m_backoffBaseMs << std::min(attempt - 1, 10);
    const qint64 jitter = QRandomGenerator::global()->bounded(base / 2 + 1);
    return std::min(base + jitter, maxBackoffMs);
}

} // namespace Prospecta
