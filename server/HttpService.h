// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"
#include "HttpGuard.h"
#include "RateLimiter.h"
#include "Router.h"
#include "core/Result.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace Prospecta {

class Clock;

// The request budgets of one server. Every client has server.rateLimitPerMinute
// requests a minute. A webhook that proved who sent it (its token or signature) spends
// its route's own, much larger budget instead, so a flood from strangers never costs a
// provider a 429.
class RequestBudgets
{
public:
    explicit RequestBudgets(std::shared_ptr<const Clock> clock);

    void setPerMinute(int perMinute);

    // 0 when admitted, else the milliseconds to wait (Retry-After).
    qint64 admitClient(const QString &client);
    qint64 admitWebhook(const QString &routePattern);

    // The webhook budget per route: twenty times a client's, and never below 6,000 a
    // minute (100 a second), which covers a busy WhatsApp number's status callbacks.
    static int webhookPerMinute(int clientPerMinute);

private:
    RateLimiter m_clients;
    RateLimiter m_webhooks;
};

// Counts rejected requests per route and status and logs them once a minute, so a flood
// of bad tokens or signatures costs one log line a minute instead of one per request.
// The first rejection of each kind is logged at once.
class RejectionLog : public QObject
{
    Q_OBJECT

public:
    explicit RejectionLog(QObject *parent = nullptr);
    void record(const QString &routePattern, int status, const QString &client);

private:
    void flush();

    QHash<QString, int> m_counts; // "route status" -> rejections since the last flush
    QHash<QString, QString> m_lastClient;
    QTimer m_timer;
};

// The embedded HTTP server: QtHttpServer behind HttpGuard's limits, with Prospecta's own
// router in front of every route. Every request passes the same steps: the guard's
// limits (size, head, time, connections), the copy into HttpRequest with the client
// address, the client's rate budget (webhooks spend their own after authenticating), the
// route by method and path (404, or 405 with Allow), and one log line with the route
// pattern and the status, never the path (it may carry a webhook token). The texts of
// every response, errors included, are in the request's language (textLanguageFor()),
// which needs a ProspectaTranslator installed in the process.
class HttpService : public QObject
{
    Q_OBJECT

public:
    explicit HttpService(std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    ~HttpService() override;

    Router &router() { return m_router; }
    RequestBudgets &budgets() { return m_budgets; }
    RejectionLog &rejections() { return m_rejections; }

    // Applies the server.* limits; takes effect for new requests.
    void setLimits(const HttpLimits &limits, int rateLimitPerMinute);
    HttpLimits limits() const { return m_guard->limits(); }

    // Listens on host:port (port 0 picks a free one) and returns the port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

private:
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    std::shared_ptr<const Clock> m_clock;
    QHttpServer m_http;
    HttpGuard *m_guard = nullptr;
    Router m_router;
    RequestBudgets m_budgets;
    RejectionLog m_rejections;
};

} // namespace Prospecta
