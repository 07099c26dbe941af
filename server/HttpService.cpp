// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpService.h"

#include "core/Logging.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace Prospecta {

namespace {

constexpr int rejectionFlushMs = 60 * 1000;

bool isWebhook(const QString &path)
{
    return path.startsWith(QLatin1String("/api/webhooks/"));
}

} // namespace

RequestBudgets::RequestBudgets(std::shared_ptr<const Clock> clock)
    : m_clients(clock, 600)
    , m_webhooks(clock, webhookPerMinute(600))
{
}

int RequestBudgets::webhookPerMinute(int clientPerMinute)
{
    return std::max(6000, clientPerMinute * 20);
}

void RequestBudgets::setPerMinute(int perMinute)
{
    m_clients.setPerMinute(perMinute);
    m_webhooks.setPerMinute(webhookPerMinute(perMinute));
}

qint64 RequestBudgets::admitClient(const QString &client)
{
    return m_clients.acquire(client);
}

qint64 RequestBudgets::admitWebhook(const QString &routePattern)
{
    return m_webhooks.acquire(routePattern);
}

RejectionLog::RejectionLog(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(rejectionFlushMs);
    connect(&m_timer, &QTimer::timeout, this, &RejectionLog::flush);
}

void RejectionLog::record(const QString &routePattern, int status, const QString &client)
{
    const QString key = routePattern + QLatin1Char(' ') + QString::number(status);
    auto it = m_counts.find(key);
    if (it == m_counts.end()) {
        // The first of its kind is logged at once; the rest are counted.
        qCInfo(lcServer).noquote() << "rejected" << routePattern << "with" << status << "from" << client;
        m_counts.insert(key, 0);
    } else {
        ++it.value();
        m_lastClient.insert(key, client);
    }
    if (!m_timer.isActive())
        m_timer.start();
}

void RejectionLog::flush()
{
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (it.value() > 0)
            qCInfo(lcServer).noquote() << "rejected" << it.value() << "more requests on" << it.key()
                                       << "in the last minute, the latest from" << m_lastClient.value(it.key());
    }
    m_counts.clear();
    m_lastClient.clear();
    m_timer.stop();
}

HttpService::HttpService(std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_guard(new HttpGuard(clock, this))
    , m_budgets(clock)
{
    // No QtHttpServer routes at all: every request reaches the missing handler, which
    // runs Prospecta's own policy and router. That is how 405 gets its Allow header and
    // how every route shares one set of checks.
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        dispatch(request, std::move(responder));
    });
    connect(m_guard, &HttpGuard::rejected, this, [this](const QString &client, int status) {
        m_rejections.record(QStringLiteral("(limits)"), status, client);
    });
}

HttpService::~HttpService() = default;

void HttpService::setLimits(const HttpLimits &limits, int rateLimitPerMinute)
{
    m_guard->setLimits(limits);
    m_budgets.setPerMinute(rateLimitPerMinute);
}

Result<quint16> HttpService::listen(const QHostAddress &address, quint16 port)
{
    if (!m_guard->listen(address, port))
        return makeError(ErrorKind::Unavailable,
                         tr("Cannot listen on %1:%2: the port is in use or the address is not local. Choose "
                            "another with --listen or the server.listen setting.")
                             .arg(address.toString())
                             .arg(port));
    // bind() connects QtHttpServer to connections the guard has already watched.
    m_http.bind(m_guard);
    qCInfo(lcServer) << "listening on" << address.toString() << m_guard->serverPort();
    return m_guard->serverPort();
}

void HttpService::dispatch(const QHttpServerRequest &qtRequest, QHttpServerResponder &&qtResponder)
{
    const HttpRequest request = toHttpRequest(qtRequest, m_guard->limits().trustedProxy);
    // Every text the handling creates on this thread, down to the core's errors, follows
    // the request's language. Work that responds later (password hashing, the webhooks'
    // group commit) carries the language along.
    const TextLanguageScope language(textLanguageFor(request.header("Accept-Language")));
    HttpResponder responder(std::move(qtResponder), request.method == "HEAD");
    const Router::Match match = m_router.match(request);
    const QString pattern = match.pattern.isEmpty() ? QStringLiteral("(no route)") : match.pattern;
    responder.onSent([this, pattern, method = request.method, client = request.client](int status) {
        if (status >= 400)
            m_rejections.record(pattern, status, client);
        else
            qCDebug(lcServer).noquote() << method << pattern << status << "from" << client;
    });

    // Webhooks spend their own budget once they have authenticated (WebhookRoutes);
    // everything else spends the client's.
    if (!isWebhook(request.path)) {
        if (const qint64 waitMs = m_budgets.admitClient(request.client); waitMs > 0) {
            Error error = makeError(ErrorKind::TooManyRequests,
                                    tr("Too many requests from %1; wait and try again.").arg(request.client));
            error.retryAfterMs = waitMs;
            responder.send(HttpReply::error(error));
            return;
        }
    }

    // The guard refuses large bodies before they are buffered; this is the backstop for
    // a body whose size the head did not announce.
    if (request.body.size() > m_guard->limits().maxBodyBytes) {
        responder.send(HttpReply::error(413, "payload_too_large",
                                        tr("The body has %1 bytes; the limit is %2 (server.maxBodyBytes).")
                                            .arg(request.body.size())
                                            .arg(m_guard->limits().maxBodyBytes)));
        return;
    }

    if (!match.invoke) {
        if (!match.allowed.isEmpty())
            responder.send(HttpReply::methodNotAllowed(match.allowed));
        else
            responder.send(HttpReply::error(404, "not_found", tr("No such route.")));
        return;
    }
    match.invoke(match.params, request, responder);
}

} // namespace Prospecta
