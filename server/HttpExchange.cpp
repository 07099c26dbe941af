// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpExchange.h"

#include "ClientAddress.h"
#include "HttpError.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace Prospecta {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QByteArrayLiteral("TRACE");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

// A language-range's weight: "q=" and a number from 0 to 1 with at most three decimals.
std::optional<double> weightOf(QByteArrayView parameter)
{
    const QByteArray text = parameter.trimmed().toByteArray().toLower();
    if (!text.startsWith("q="))
        return std::nullopt;
    const QByteArray number = text.mid(2).trimmed();
    bool ok = false;
    const double weight = number.toDouble(&ok);
    if (!ok || weight < 0 || weight > 1 || number.size() > 5)
        return std::nullopt;
    return weight;
}

} // namespace

TextLanguage textLanguageFor(QByteArrayView acceptLanguage)
{
    // Spanish when the request prefers it, English otherwise, whatever the desktop's own
    // language, as the API of the backend Prospecta replaces did, so a program gets the
    // same texts from every installation.
    TextLanguage chosen = TextLanguage::English;
    double chosenWeight = 0;
    for (const QByteArray &element : acceptLanguage.toByteArray().split(',')) {
        const QList<QByteArray> parts = element.split(';');
        // The primary subtag: "es" of "es-MX", compared without case.
        const QByteArray primary = parts.first().trimmed().split('-').first().toLower();
        TextLanguage language = TextLanguage::Process;
        if (primary == "es")
            language = TextLanguage::Spanish;
        else if (primary == "en")
            language = TextLanguage::English;
        else
            continue;

        double weight = 1;
        if (parts.size() > 1) {
            const auto parsed = weightOf(parts.at(1));
            if (!parsed)
                continue; // a malformed weight: the range is ignored
            weight = *parsed;
        }
        if (weight > chosenWeight) {
            chosen = language;
            chosenWeight = weight;
        }
    }
    return chosen;
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpRequest::hasQuery(const QString &name) const
{
    return std::any_of(query.cbegin(), query.cend(), [&name](const auto &item) { return item.first == name; });
}

QString HttpRequest::queryValue(const QString &name) const
{
    for (const auto &[key, value] : query) {
        if (key == name)
            return value;
    }
    return {};
}

Status checkQuery(const HttpRequest &request)
{
    for (qsizetype i = 0; i < request.query.size(); ++i) {
        const auto &[name, value] = request.query.at(i);
        if (name.contains(QChar(u'\0')) || value.contains(QChar(u'\0'))) {
            // The name is shown with U+FFFD in place of U+0000, which would cut it short in
            // many clients.
            const QString displayedName = QString(name).replace(QChar(u'\0'), QChar::ReplacementCharacter);
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::HttpRequest",
                                                         "The query parameter \"%1\" contains a NUL character "
                                                         "(U+0000), which cannot be stored; remove it and send the request again.")
                                 .arg(displayedName),
                             {displayedName});
        }
        for (qsizetype j = i + 1; j < request.query.size(); ++j) {
            if (request.query.at(j).first == name)
                return makeError(ErrorKind::InvalidArgument,
                                 QCoreApplication::translate("Prospecta::HttpRequest",
                                                             "The query parameter \"%1\" is given twice; give it "
                                                             "once.")
                                     .arg(name),
                                 {name});
        }
    }
    return {};
}

Status checkMediaType(const HttpRequest &request, QByteArrayView mediaType)
{
    QByteArrayList declared;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            declared << value;
    }
    // A body without a declared type is read as the route's format, as clients that
    // leave the header out (scripts, some proxies) expect.
    if (declared.isEmpty())
        return {};

    const QString expected = QString::fromLatin1(mediaType);
    for (const QByteArray &value : std::as_const(declared)) {
        // Parameters after the type are ignored, because RFC 8259 section 11 defines none
        // for application/json, and StrictJson requires UTF-8 whatever charset is named.
        const qsizetype end = value.indexOf(';');
        const QByteArray type = (end < 0 ? value : value.left(end)).trimmed();
        if (type.compare(mediaType, Qt::CaseInsensitive) == 0)
            continue;
        constexpr qsizetype quotedLength = 100;
        const QString quoted = value.size() > quotedLength
            ? QString::fromLatin1(value.left(quotedLength)) + QStringLiteral("…")
            : QString::fromLatin1(value);
        // The error codes are a fixed list with none for a media type, so a body declared
        // as another type is reported as JSON the route cannot take.
        return makeError(ErrorKind::InvalidJson,
                         QCoreApplication::translate("Prospecta::HttpRequest",
                                                     "The body must be sent with Content-Type %1, not \"%2\".")
                             .arg(expected, quoted));
    }
    return {};
}

HttpReply HttpReply::json(const QJsonObject &object, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

HttpReply HttpReply::text(const QByteArray &body, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    reply.body = body;
    return reply;
}

HttpReply HttpReply::error(int status, const char *code, const QString &message, const QStringList &fields)
{
    QJsonObject body{{QStringLiteral("error"), QString::fromLatin1(code)}, {QStringLiteral("message"), message}};
    if (!fields.isEmpty())
        body.insert(QStringLiteral("fields"), QJsonArray::fromStringList(fields));
    return json(body, status);
}

HttpReply HttpReply::error(const Error &error)
{
    const int status = Http::statusFor(error.kind);
    HttpReply reply = HttpReply::error(status, Http::codeFor(error.kind).constData(), error.message, error.fields);
    // A 401 names the scheme the client should use (RFC 9110, section 11.6.1).
    if (status == 401)
        reply.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"prospecta\"")});
    // Retry-After is in whole seconds, rounded up so a client never comes back too early.
    if (status == 429 || status == 503) {
        const qint64 seconds = error.retryAfterMs > 0 ? (error.retryAfterMs + 999) / 1000 : 5;
        reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(seconds)});
    }
    return reply;
}

HttpReply HttpReply::methodNotAllowed(const QByteArrayList &allowed)
{
    const QByteArray list = allowed.join(", ");
    HttpReply reply = error(405, "method_not_allowed",
                            QCoreApplication::translate("Prospecta::HttpReply", "This route accepts %1 only.")
                                .arg(QString::fromLatin1(list)));
    reply.headers.append({QByteArrayLiteral("Allow"), list});
    return reply;
}

struct HttpResponder::State
{
    State(QHttpServerResponder &&responder, bool headOnly)
        : responder(std::move(responder))
        , socket(this->responder.socket())
        , headOnly(headOnly)
    {
    }

    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket; // taken before any move, to notice a client that left
    bool headOnly;
    int status = 0;
    std::function<void(int)> sentCallback;
};

HttpResponder::HttpResponder(QHttpServerResponder &&responder, bool headOnly)
    : m_state(std::make_shared<State>(std::move(responder), headOnly))
{
}

void HttpResponder::send(const HttpReply &reply) const
{
    if (m_state->status != 0)
        return;
    m_state->status = reply.status;
    if (m_state->sentCallback)
        m_state->sentCallback(reply.status);
    if (!m_state->socket || m_state->socket->state() != QAbstractSocket::ConnectedState)
        return;

    if (m_state->headOnly) {
        QHttpServerResponder &responder = m_state->responder;
        responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
        responder.writeHeader(QByteArrayLiteral("Content-Type"), reply.contentType);
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(reply.body.size()));
        for (const auto &[name, value] : reply.headers)
            responder.writeHeader(name, value);
        responder.writeBody(QByteArray());
        return;
    }

    QHttpServerResponse response(reply.contentType, reply.body,
                                 static_cast<QHttpServerResponse::StatusCode>(reply.status));
    for (const auto &[name, value] : reply.headers)
        response.addHeader(name, value);
    response.write(std::move(m_state->responder));
}

bool HttpResponder::sent() const
{
    return m_state->status != 0;
}

int HttpResponder::status() const
{
    return m_state->status;
}

void HttpResponder::onSent(std::function<void(int)> callback) const
{
    m_state->sentCallback = std::move(callback);
}

HttpRequest toHttpRequest(const QHttpServerRequest &request, bool trustedProxy)
{
    HttpRequest copy;
    copy.method = methodName(request.method());
    const QUrl url = request.url();
    copy.path = url.path(QUrl::FullyDecoded);
    // QUrlQuery leaves '+' alone; in a query string it stands for a space.
    copy.rawQuery = url.query(QUrl::FullyEncoded).toLatin1();
    QString rawQuery = QString::fromLatin1(copy.rawQuery);
    rawQuery.replace(QLatin1Char('+'), QLatin1String("%20"));
    for (const auto &[key, value] : QUrlQuery(rawQuery).queryItems(QUrl::FullyDecoded))
        copy.query.append({key, value});
    copy.headers = request.headers();
    copy.host = QString::fromLatin1(copy.header("Host"));
    copy.body = request.body();
    copy.peer = request.remoteAddress();
    copy.client = clientAddress(copy.peer, copy.headers, trustedProxy);
    return copy;
}

} // namespace Prospecta
