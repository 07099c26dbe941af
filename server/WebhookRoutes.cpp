// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebhookRoutes.h"

#include "HttpService.h"

#include "HttpError.h"
#include "channels/GupshupWebhookParser.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "core/StrictJson.h"
#include "security/SecretBox.h"
#include "security/WebhookSignatures.h"
#include "storage/Database.h"
#include "storage/InboundEventRepository.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUrl>

namespace Prospecta {

namespace {

const QString gupshupRoute = QStringLiteral("/api/webhooks/gupshup/{token}");

// The CallStatus values of Twilio's call status callbacks. They are the Call resource's
// statuses (the CallStatus type of the npm package twilio 5.11.1) and "initiated", which
// the callback of the initiated event carries.
const QStringList twilioCallStatuses = {
    QStringLiteral("queued"), QStringLiteral("initiated"), QStringLiteral("ringing"),
    QStringLiteral("in-progress"), QStringLiteral("completed"), QStringLiteral("busy"),
    QStringLiteral("failed"), QStringLiteral("no-answer"), QStringLiteral("canceled"),
};

// The RecordingStatus values of Twilio's recording status callbacks. Twilio sends "failed"
// only when voice recording encryption is on
// (https://support.twilio.com/hc/en-us/articles/360014251313).
const QStringList twilioRecordingStatuses = {
    QStringLiteral("in-progress"), QStringLiteral("completed"), QStringLiteral("absent"), QStringLiteral("failed"),
};

// Reads the form fields of a Twilio callback that Prospecta relies on, and returns them by
// name. A call status needs CallSid and CallStatus (SequenceNumber is optional), and a
// recording needs RecordingSid, RecordingStatus and the CallSid of its call. Missing fields are MissingField
// listing them all. A field given twice, or a status outside Twilio's documented values,
// is InvalidArgument naming it.
Result<QHash<QString, QString>> twilioForm(const QByteArray &body, bool callStatus)
{
    bool decoded = false;
    const auto form = WebhookSignatures::decodeForm(body, &decoded);
    // The signature check has decoded the same body, so this is a safeguard.
    if (!decoded)
        return makeError(ErrorKind::InvalidArgument,
                         WebhookRoutes::tr("The form body has a malformed percent-escape or is not UTF-8."));

    const QString statusName = callStatus ? QStringLiteral("CallStatus") : QStringLiteral("RecordingStatus");
    const QStringList required = callStatus ? QStringList{QStringLiteral("CallSid"), statusName}
                                            : QStringList{QStringLiteral("RecordingSid"), statusName,
                                                          QStringLiteral("CallSid")};
    QStringList read = required;
    if (callStatus)
        read << QStringLiteral("SequenceNumber");

    QHash<QString, QString> fields;
    for (const auto &[name, value] : form) {
        if (!read.contains(name))
            continue;
        if (fields.contains(name))
            return makeError(ErrorKind::InvalidArgument,
                             WebhookRoutes::tr("The form parameter \"%1\" is given twice; give it once.").arg(name),
                             {name});
        fields.insert(name, value);
    }

    QStringList missing;
    for (const QString &name : required) {
        if (fields.value(name).isEmpty())
            missing << name;
    }
    if (!missing.isEmpty())
        return makeError(ErrorKind::MissingField,
                         WebhookRoutes::tr("Missing form parameters: %1.").arg(missing.join(QStringLiteral(", "))),
                         missing);

    const QStringList &documented = callStatus ? twilioCallStatuses : twilioRecordingStatuses;
    const QString status = fields.value(statusName);
    if (!documented.contains(status)) {
        constexpr qsizetype quotedLength = 32;
        const QString quoted = status.size() > quotedLength ? status.left(quotedLength) + QStringLiteral("…") : status;
        return makeError(ErrorKind::InvalidArgument,
                         WebhookRoutes::tr("The form parameter \"%1\" is \"%2\", which is not one of Twilio's "
                                           "values: %3.")
                             .arg(statusName, quoted, documented.join(QStringLiteral(", "))),
                         {statusName});
    }
    return fields;
}

} // namespace

WebhookRoutes::WebhookRoutes(HttpService &service, const ServiceContext &context, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_context(context)
    , m_groupCommit(context)
{
    Router &router = service.router();
    router.add<"/health">(HttpMethod::Get, [this](const HttpRequest &, HttpResponder responder) {
        responder.send(health());
    });
    router.add<"/api/webhooks/gupshup/{token}">(HttpMethod::Post,
        [this](const QString &token, const HttpRequest &request, HttpResponder responder) {
            answer(gupshup(token, request), responder);
        });
    router.add<"/api/webhooks/twilio/call">(HttpMethod::Post, [this](const HttpRequest &request, HttpResponder responder) {
        answer(twilio(QStringLiteral("/api/webhooks/twilio/call"), QStringLiteral("call-status"), request), responder);
    });
    router.add<"/api/webhooks/twilio/recording">(HttpMethod::Post,
        [this](const HttpRequest &request, HttpResponder responder) {
            answer(twilio(QStringLiteral("/api/webhooks/twilio/recording"), QStringLiteral("recording-status"), request),
                   responder);
        });
    router.add<"/api/webhooks/meta">(HttpMethod::Get, [this](const HttpRequest &request, HttpResponder responder) {
        responder.send(metaHandshake(request));
    });
    router.add<"/api/webhooks/meta">(HttpMethod::Post, [this](const HttpRequest &request, HttpResponder responder) {
        answer(meta(request), responder);
    });

    connect(&m_groupCommit, &GroupCommit::eventsStored, this, &WebhookRoutes::eventsStored);
    connect(&m_groupCommit, &GroupCommit::webhookStored, this, &WebhookRoutes::announceWebhook);

    auto version = Migrations::currentVersion(m_context.database);
    m_schemaVersion = version.valueOr(0);
}

WebhookRoutes::~WebhookRoutes() = default;

void WebhookRoutes::setGupshupToken(const QString &token)
{
    m_gupshupToken = token;
}

std::optional<HttpReply> WebhookRoutes::admitWebhook(const QString &routePattern)
{
    const qint64 waitMs = m_service.budgets().admitWebhook(routePattern);
    if (waitMs == 0)
        return std::nullopt;
    Error error = makeError(ErrorKind::TooManyRequests, tr("Too many webhooks on this route; wait and try again."));
    error.retryAfterMs = waitMs;
    return HttpReply::error(error);
}

std::optional<HttpReply> WebhookRoutes::admitStranger(const HttpRequest &request)
{
    const qint64 waitMs = m_service.budgets().admitClient(request.client);
    if (waitMs == 0)
        return std::nullopt;
    Error error = makeError(ErrorKind::TooManyRequests,
                            tr("Too many requests from %1; wait and try again.").arg(request.client));
    error.retryAfterMs = waitMs;
    return HttpReply::error(error);
}

HttpReply WebhookRoutes::health() const
{
    QJsonObject body;
    body.insert(QStringLiteral("status"), QStringLiteral("ok"));
    body.insert(QStringLiteral("timestamp"),
                QDateTime::fromMSecsSinceEpoch(m_context.clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs));
    body.insert(QStringLiteral("version"), QStringLiteral(PROSPECTA_VERSION));
    body.insert(QStringLiteral("schemaVersion"), m_schemaVersion);
    return HttpReply::json(body);
}

void WebhookRoutes::answer(WebhookOutcome outcome, const HttpResponder &responder)
{
    if (!outcome.store) {
        responder.send(outcome.reply);
        return;
    }
    m_groupCommit.submit(outcome.provider, std::move(outcome.rows),
                         [responder, reply = std::move(outcome.reply)](const Status &status) {
                             responder.send(status ? reply : storeFailed(status.error()));
                         });
}

HttpReply WebhookRoutes::storeFailed(const Error &error)
{
    // Webhooks come from the internet through the tunnel, and the database's message names
    // its file. So the caller gets the status with a plain text, and the log the cause.
    qCWarning(lcServer).noquote() << "a webhook was not stored:" << error.message;
    Error publicError = error;
    publicError.message = tr("The webhook could not be stored now; send it again later.");
    return HttpReply::error(publicError);
}

WebhookOutcome WebhookRoutes::gupshup(const QString &token, const HttpRequest &request)
{
    // The token is checked first so that nothing about the route leaks to a stranger,
    // and a stranger's requests spend the stranger's budget.
    if (m_gupshupToken.isEmpty() || !SecretBox::constantTimeEquals(token.toUtf8(), m_gupshupToken.toUtf8())) {
        if (auto refused = admitStranger(request))
            return *refused;
        return HttpReply::error(404, "not_found", tr("No such route."));
    }
    if (auto refused = admitWebhook(gupshupRoute))
        return *refused;
    checkHost(request);

    const QByteArray &body = request.body;
    auto document = StrictJson::parse(body);
    if (!document)
        return HttpReply::error(document.error());
    auto events = GupshupWebhookParser::parse(*document, body);
    if (!events)
        return HttpReply::error(events.error());

    return storeEvents(Provider::Gupshup, *events, body, false);
}

WebhookOutcome WebhookRoutes::storeEvents(Provider provider, const QList<InboundEvent> &events, const QByteArray &body,
                                          bool keepForLater)
{
    QList<StoredInboundEvent> rows;
    for (const InboundEvent &event : events) {
        StoredInboundEvent row;
        row.provider = provider;
        row.kind = event.kindName;
        row.dedupKey = event.dedupKey;
        row.itemIndex = event.itemIndex;
        row.body = body;
        row.ignored = keepForLater || event.kind == InboundEvent::Kind::Unhandled;
        rows << row;
    }
    return storeRows(provider, rows);
}

WebhookOutcome WebhookRoutes::storeRows(Provider provider, QList<StoredInboundEvent> rows)
{
    // The raw events are committed before the response, so an acknowledged webhook
    // survives a crash. Duplicates of known events are acknowledged and not stored.
    WebhookOutcome outcome(HttpReply::json({{QStringLiteral("status"), QStringLiteral("received")}}));
    outcome.store = true;
    outcome.provider = provider;
    outcome.rows = std::move(rows);
    return outcome;
}

HttpReply WebhookRoutes::authenticationFailed(const QString &routePattern, const HttpRequest &request, const char *why)
{
    // HttpService counts and logs the rejection itself. The reason goes to the debug log
    // only, so a flood costs no more than one line a minute.
    qCDebug(lcServer).noquote() << "authentication failed on" << routePattern << "from" << request.client << ":" << why;
    if (auto refused = admitStranger(request))
        return *refused;
    return HttpReply::error(403, "forbidden", tr("The request's signature or token is not valid."));
}

void WebhookRoutes::checkHost(const HttpRequest &request)
{
    const QString publicUrl = m_context.settings().text(QStringLiteral("server.publicUrl"));
    if (publicUrl.isEmpty() || request.host.isEmpty())
        return;
    const QString expected = QUrl(publicUrl).host().toLower();
    const QString forwardedHost = QString::fromLatin1(request.header("X-Forwarded-Host"));
    const QString actual = (forwardedHost.isEmpty() ? request.host : forwardedHost).section(QLatin1Char(':'), 0, 0).toLower();
    // Requests through the tunnel may carry the tunnel's own host or localhost. Only a
    // public name that differs from the configured one is worth a warning.
    if (actual == expected || actual == QLatin1String("localhost") || QHostAddress(actual).isLoopback())
        return;
    if (m_warnedHosts.contains(actual))
        return;
    m_warnedHosts.insert(actual);
    emit foreignHost(actual, expected);
    qCWarning(lcServer).noquote() << "a webhook arrived for host" << actual << "but server.publicUrl names" << expected
                                  << "; if the tunnel's address changed, update server.publicUrl and the providers' "
                                     "webhook URLs";
}

WebhookOutcome WebhookRoutes::storeUnprocessed(Provider provider, const QString &kind, const QString &dedupKey,
                                              const QByteArray &body)
{
    // Calls are kept for the features that will process them.
    StoredInboundEvent row;
    row.provider = provider;
    row.kind = kind;
    row.dedupKey = dedupKey;
    row.body = body;
    row.ignored = true;
    return storeRows(provider, {row});
}

void WebhookRoutes::announceWebhook(Provider provider)
{
    const qint64 nowMs = m_context.clock.nowMs();
    qint64 &last = m_lastRecordedSignalMs[int(provider)];
    if (last != 0 && nowMs - last < 1000)
        return;
    last = nowMs;
    emit webhookRecorded(provider);
}

WebhookOutcome WebhookRoutes::twilio(const QString &routePattern, const QString &kind, const HttpRequest &request)
{
    const IntegrationValues twilio = m_context.integration(Provider::Twilio);
    const QString authToken = twilio.value(QStringLiteral("authToken"));
    if (authToken.isEmpty()) {
        if (auto refused = admitStranger(request))
            return *refused;
        return HttpReply::error(404, "not_found", tr("No such route."));
    }
    // The signed URL is the public one the provider called, never one built from the
    // Host header, which the caller controls.
    QString publicUrl = m_context.settings().text(QStringLiteral("server.publicUrl"));
    while (publicUrl.endsWith(QLatin1Char('/')))
        publicUrl.chop(1);
    if (publicUrl.isEmpty()) {
        qCWarning(lcServer) << "a Twilio webhook cannot be verified because server.publicUrl is not set";
        return authenticationFailed(routePattern, request, "server.publicUrl is not set");
    }
    QString url = publicUrl + routePattern;
    if (!request.rawQuery.isEmpty())
        url += QLatin1Char('?') + QString::fromLatin1(request.rawQuery);
    if (!WebhookSignatures::verifyTwilio(authToken, twilio.value(QStringLiteral("sharedKey")), url,
                                         request.header("Content-Type"), request.body,
                                         request.header("X-Twilio-Signature")))
        return authenticationFailed(routePattern, request, "X-Twilio-Signature does not match");
    if (auto refused = admitWebhook(routePattern))
        return *refused;
    checkHost(request);

    const bool callStatus = kind == QLatin1String("call-status");
    auto form = twilioForm(request.body, callStatus);
    if (!form)
        return HttpReply::error(form.error());

    // One event per call status or recording: Twilio retries deliver the same values.
    const QStringList keyParts = callStatus
        ? QStringList{kind, form->value(QStringLiteral("CallSid")), form->value(QStringLiteral("CallStatus")),
                      form->value(QStringLiteral("SequenceNumber"))}
        : QStringList{kind, form->value(QStringLiteral("RecordingSid")), form->value(QStringLiteral("RecordingStatus"))};
    const QString dedupKey = keyParts.join(QLatin1Char(':'));

    WebhookOutcome stored = storeUnprocessed(Provider::Twilio, kind, dedupKey, request.body);
    if (!callStatus)
        return stored;
    // Twilio reads the response to a call webhook as TwiML, and an empty Response does nothing.
    stored.reply = HttpReply::text(QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"));
    stored.reply.contentType = QByteArrayLiteral("text/xml");
    return stored;
}

HttpReply WebhookRoutes::metaHandshake(const HttpRequest &request)
{
    const QString verifyToken = m_context.integration(Provider::Meta).value(QStringLiteral("verifyToken"));
    const QString typed = request.queryValue(QStringLiteral("hub.verify_token"));
    if (verifyToken.isEmpty() || request.queryValue(QStringLiteral("hub.mode")) != QLatin1String("subscribe")
        || !SecretBox::constantTimeEquals(typed.toUtf8(), verifyToken.toUtf8())) {
        // Meta only needs a status other than 200 here; the body is the error shape every
        // route uses (CONVENTIONS.md), which Meta ignores.
        return authenticationFailed(QStringLiteral("/api/webhooks/meta"), request,
                                    "the verification handshake's mode or token does not match");
    }
    // Past the token check, Meta (or an administrator testing the URL) gets the reason why
    // the handshake failed, rather than a 200 with nothing to echo.
    if (auto once = checkQuery(request); !once)
        return HttpReply::error(once.error());
    const QString challenge = request.queryValue(QStringLiteral("hub.challenge"));
    if (challenge.isEmpty())
        return HttpReply::error(makeError(ErrorKind::MissingField,
                                          tr("The query parameter \"%1\" is required.").arg(QStringLiteral("hub.challenge")),
                                          {QStringLiteral("hub.challenge")}));
    // Meta expects the challenge echoed as the whole body, in plain text.
    return HttpReply::text(challenge.toUtf8());
}

WebhookOutcome WebhookRoutes::meta(const HttpRequest &request)
{
    static const QString route = QStringLiteral("/api/webhooks/meta");
    const QString appSecret = m_context.integration(Provider::Meta).value(QStringLiteral("appSecret"));
    if (appSecret.isEmpty()) {
        if (auto refused = admitStranger(request))
            return *refused;
        return HttpReply::error(404, "not_found", tr("No such route."));
    }
    if (!WebhookSignatures::verifyMeta(appSecret, request.body, request.header("X-Hub-Signature-256")))
        return authenticationFailed(route, request, "X-Hub-Signature-256 does not match");
    if (auto refused = admitWebhook(route))
        return *refused;
    checkHost(request);
    auto document = StrictJson::parse(request.body);
    if (!document)
        return HttpReply::error(document.error());
    // Meta's format is the one Gupshup passes through as its v3, so one parser splits a
    // body into one event per message or status, deduplicated by their ids. The events are
    // kept for the Cloud API sender, which does not exist yet.
    auto events = GupshupWebhookParser::parse(*document, request.body);
    if (!events)
        return HttpReply::error(events.error());
    return storeEvents(Provider::Meta, *events, request.body, true);
}

} // namespace Prospecta
