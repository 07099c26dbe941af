// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"
#include "domain/Enums.h"
#include "channels/InboundEvent.h"
#include "storage/InboundEventRepository.h"
#include "storage/ServiceContext.h"
#include "GroupCommit.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <optional>

namespace Prospecta {

class HttpService;

// The decision of a webhook handler: a reply to send at once, or raw events to commit
// first and the reply to send once they are durable.
struct WebhookOutcome
{
    WebhookOutcome(HttpReply reply) : reply(std::move(reply)) {}

    HttpReply reply;
    bool store = false;
    Provider provider = Provider::Gupshup;
    QList<StoredInboundEvent> rows;
};

// GET /health and the provider webhooks. Each webhook proves its sender before anything
// is stored: Gupshup by the secret token in its path, Twilio by X-Twilio-Signature over
// the public URL, Meta by X-Hub-Signature-256 over the raw body. A webhook gets its 2xx
// only after its raw events are committed (GroupCommit shares one commit among the
// webhooks that arrive together); processing happens after the response. Handlers run
// on the service thread.
class WebhookRoutes : public QObject
{
    Q_OBJECT

public:
    WebhookRoutes(HttpService &service, const ServiceContext &context, QObject *parent = nullptr);
    ~WebhookRoutes() override;

    // The secret path segment of the Gupshup route; empty disables the route (404).
    void setGupshupToken(const QString &token);

    // Forgets the hosts already warned about, after server.publicUrl changed.
    void resetHostWarnings() { m_warnedHosts.clear(); }

signals:
    // New raw events were committed and wait for the inbox processor.
    void eventsStored(int count);
    // An authenticated webhook arrived for `host`, not the host of server.publicUrl
    // (`expected`): a quick tunnel whose address changed. Emitted once per host.
    void foreignHost(const QString &host, const QString &expected);
    // An authenticated webhook of `provider` was stored; at most once a second per
    // provider, so a burst of webhooks does not flood the views with refreshes.
    void webhookRecorded(Prospecta::Provider provider);

private:
    HttpReply health() const;
    WebhookOutcome gupshup(const QString &token, const HttpRequest &request);
    WebhookOutcome twilio(const QString &routePattern, const QString &kind, const HttpRequest &request);
    HttpReply metaHandshake(const HttpRequest &request);
    WebhookOutcome meta(const HttpRequest &request);

    // Sends the reply now, or once the outcome's events are committed.
    void answer(WebhookOutcome outcome, const HttpResponder &responder);
    // The reply to a webhook whose commit failed: `error`'s status, a text without the
    // database's details, which go to the log.
    static HttpReply storeFailed(const Error &error);

    // The parsed events of one webhook body, to commit; with `keepForLater` they are
    // stored but not processed (Meta's Cloud API has no sender yet).
    WebhookOutcome storeEvents(Provider provider, const QList<InboundEvent> &events, const QByteArray &body,
                               bool keepForLater);
    // The rows to commit in one transaction with the provider's last webhook time.
    WebhookOutcome storeRows(Provider provider, QList<StoredInboundEvent> rows);
    // One authenticated event that waits for later processing (calls).
    WebhookOutcome storeUnprocessed(Provider provider, const QString &kind, const QString &dedupKey,
                                    const QByteArray &body);
    // A 403 for a failed signature or token check: counted, nothing stored.
    HttpReply authenticationFailed(const QString &routePattern, const HttpRequest &request, const char *why);
    // Warns (once per host) when a webhook arrives for another host than server.publicUrl,
    // the sign of a quick tunnel whose address changed.
    void checkHost(const HttpRequest &request);
    void announceWebhook(Provider provider);
    // Spends the route's webhook budget; a reply when it is exhausted.
    std::optional<HttpReply> admitWebhook(const QString &routePattern);
    std::optional<HttpReply> admitStranger(const HttpRequest &request);

    HttpService &m_service;
    ServiceContext m_context;
    GroupCommit m_groupCommit;
    QString m_gupshupToken;
    QSet<QString> m_warnedHosts;
    QHash<int, qint64> m_lastRecordedSignalMs;
    int m_schemaVersion = 0;
};

} // namespace Prospecta
