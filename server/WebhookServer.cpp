// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebhookServer.h"

#include "HttpError.h"
#include "channels/GupshupWebhookParser.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "core/StrictJson.h"
#include "security/SecretBox.h"
#include "storage/Database.h"
#include "storage/InboundEventRepository.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace Prospecta {

namespace {

QHttpServerResponse jsonResponse(const QJsonObject &body, int status = 200)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact),
                               static_cast<QHttpServerResponse::StatusCode>(status));
}

QHttpServerResponse methodNotAllowed(const char *allowed)
{
    QHttpServerResponse response = Http::errorResponse(
        405, "method_not_allowed", QStringLiteral("This route accepts %1 only.").arg(QString::fromLatin1(allowed)));
    response.setHeader(QByteArrayLiteral("Allow"), QByteArray(allowed));
    return response;
}

QByteArray methodName(const QHttpServerRequest &request)
{
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    default: return "OTHER";
    }
}

} // namespace

WebhookServer::WebhookServer(const Database &database, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
{
    m_http.route(QStringLiteral("/health"), [this](const QHttpServerRequest &request) {
        return handleHealth(request);
    });
    m_http.route(QStringLiteral("/api/webhooks/gupshup/<arg>"),
                 [this](const QString &token, const QHttpServerRequest &request) {
                     return handleGupshup(token, request);
                 });
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        logRequest(request, "(no route)", 404);
        Http::errorResponse(404, "not_found", QStringLiteral("No such route.")).write(std::move(responder));
    });

    auto version = Migrations::currentVersion(m_database);
    m_schemaVersion = version.valueOr(0);
}

WebhookServer::~WebhookServer() = default;

Result<quint16> WebhookServer::listen(const QHostAddress &address, quint16 port)
{
    const quint16 bound = m_http.listen(address, port);
    if (bound == 0)
        return makeError(ErrorKind::Unavailable,
                         QStringLiteral("Cannot listen on %1:%2: the port is in use or the address is not "
                                        "local. Choose another with --listen or the server.listen setting.")
                             .arg(address.toString())
                             .arg(port));
    qCInfo(lcServer) << "listening on" << address.toString() << bound;
    return bound;
}

void WebhookServer::setGupshupToken(const QString &token)
{
    m_gupshupToken = token;
}

void WebhookServer::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = bytes;
}

QHttpServerResponse WebhookServer::handleHealth(const QHttpServerRequest &request) const
{
    if (request.method() != QHttpServerRequest::Method::Get) {
        logRequest(request, "/health", 405);
        return methodNotAllowed("GET");
    }
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("ok"));
    body.insert(QStringLiteral("timestamp"),
                QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs));
    body.insert(QStringLiteral("version"), QStringLiteral(PROSPECTA_VERSION));
    body.insert(QStringLiteral("schemaVersion"), m_schemaVersion);
    return jsonResponse(body);
}

QHttpServerResponse WebhookServer::handleGupshup(const QString &token, const QHttpServerRequest &request)
{
    static const char route[] = "/api/webhooks/gupshup/{token}";

    // The token is checked first so that nothing about the route leaks to a stranger.
    if (m_gupshupToken.isEmpty() || !SecretBox::constantTimeEquals(token.toUtf8(), m_gupshupToken.toUtf8())) {
        logRequest(request, route, 404);
        return Http::errorResponse(404, "not_found", QStringLiteral("No such route."));
    }
    if (request.method() != QHttpServerRequest::Method::Post) {
        logRequest(request, route, 405);
        return methodNotAllowed("POST");
    }

    const QByteArray body = request.body();
    if (body.size() > m_maxBodyBytes) {
        logRequest(request, route, 413);
        return Http::errorResponse(413, "payload_too_large",
                                   QStringLiteral("The body has %1 bytes; the limit is %2 (server.maxBodyBytes).")
                                       .arg(body.size())
                                       .arg(m_maxBodyBytes));
    }

    auto document = StrictJson::parse(body);
    if (!document) {
        logRequest(request, route, 400);
        return Http::errorResponse(document.error());
    }
    auto events = GupshupWebhookParser::parse(*document, body);
    if (!events) {
        logRequest(request, route, 400);
        return Http::errorResponse(events.error());
    }

    // The raw events are committed before the response, so an acknowledged webhook
    // survives a crash. Duplicates of known events are acknowledged and not stored.
    const qint64 nowMs = m_clock.nowMs();
    InboundEventRepository inbound(m_database);
    int stored = 0;
    Transaction transaction(m_database);
    if (!transaction.started()) {
        logRequest(request, route, 503);
        return Http::errorResponse(transaction.started().error());
    }
    for (const InboundEvent &event : *events) {
        StoredInboundEvent row;
        row.provider = Provider::Gupshup;
        row.kind = event.kindName;
        row.dedupKey = event.dedupKey;
        row.itemIndex = event.itemIndex;
        row.body = body;
        row.receivedMs = nowMs;
        row.ignored = event.kind == InboundEvent::Kind::Unhandled;
        auto id = inbound.insert(row);
        if (!id) {
            logRequest(request, route, 503);
            return Http::errorResponse(id.error());
        }
        if (*id > 0 && !row.ignored)
            ++stored;
        if (*id > 0 && row.ignored && !m_loggedIgnoredKinds.contains(event.kindName)) {
            m_loggedIgnoredKinds.insert(event.kindName);
            qCInfo(lcServer) << "stored and ignored a Gupshup event of kind" << event.kindName
                             << "(logged once per kind)";
        }
    }
    if (auto recorded = IntegrationRepository(m_database).recordWebhook(Provider::Gupshup, nowMs); !recorded) {
        logRequest(request, route, 503);
        return Http::errorResponse(recorded.error());
    }
    if (auto committed = transaction.commit(); !committed) {
        logRequest(request, route, 503);
        return Http::errorResponse(committed.error());
    }

    logRequest(request, route, 200);
    if (stored > 0)
        emit eventsStored(stored);
    return jsonResponse({{QStringLiteral("status"), QStringLiteral("received")}});
}

void WebhookServer::logRequest(const QHttpServerRequest &request, const char *routePattern, int status) const
{
    // The route pattern, never the path: the path carries the webhook token.
    const QString peer = request.remoteAddress().toString();
    if (status >= 400)
        qCInfo(lcServer).noquote() << methodName(request) << routePattern << status << "from" << peer;
    else
        qCDebug(lcServer).noquote() << methodName(request) << routePattern << status << "from" << peer;
}

} // namespace Prospecta
