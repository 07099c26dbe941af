// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/TextLanguage.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;

namespace Prospecta {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// A request as route code sees it. It is copied out of QtHttpServer's request type in
// HttpExchange.cpp alone, so a Qt whose request API changed (the headers type did after
// 6.7) needs that one file changed.
struct HttpRequest
{
    QByteArray method;                       // "GET", "POST", … as sent
    QString path;                            // percent-decoded, without the query
    QList<QPair<QString, QString>> query;    // decoded ('+' is a space), in order
    QByteArray rawQuery;                     // the query string as sent, without '?'
    QString host;                            // the Host header, for the tunnel check
    HttpHeaders headers;                     // names and values as sent
    QByteArray body;
    QHostAddress peer;                       // the TCP peer
    QString client;                          // clientAddress(): the tunnel's client when trusted

    // The first header named `name`, compared without case; empty when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasQuery(const QString &name) const;
    QString queryValue(const QString &name) const;
};

// InvalidArgument naming the first query parameter that `request` gives more than once
// or whose name or value contains U+0000. Routes read one value per name, so
// "page=1&page=2" would otherwise be read one way without the caller knowing which, and
// no stored text may contain U+0000.
Status checkQuery(const HttpRequest &request);

// Returns InvalidJson when the request declares its body as another type than
// `mediaType`, such as "application/json". Every Content-Type field must name that type,
// compared without case and with any parameters (RFC 9110 section 8.3.1). A request
// without a Content-Type passes, and its body is read as that type.
Status checkMediaType(const HttpRequest &request, QByteArrayView mediaType);

// A response before it is written: status, content type, extra headers and body.
struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    HttpHeaders headers;
    QByteArray body;

    static HttpReply json(const QJsonObject &object, int status = 200);
    static HttpReply text(const QByteArray &body, int status = 200);
    // The error shape of every route: {"error": CODE, "message": TEXT[, "fields": […]]},
    // with Retry-After on 429 and 503 and Allow on 405 (`allow`).
    static HttpReply error(const Error &error);
    static HttpReply error(int status, const char *code, const QString &message, const QStringList &fields = {});
    static HttpReply methodNotAllowed(const QByteArrayList &allowed);
};

// Sends one reply for one request, at once or later (after the hashing thread answers),
// always on the server's thread. A reply for a client that has disconnected meanwhile
// is dropped: QtHttpServer 6.4 writes through a raw socket pointer and would crash.
// Copies share the request; only the first send() is written. For a HEAD request the
// reply's head is written with the Content-Length its body would have, and no body, so
// the next response on the connection stays in step.
class HttpResponder
{
public:
    explicit HttpResponder(QHttpServerResponder &&responder, bool headOnly = false);

    void send(const HttpReply &reply) const;
    bool sent() const;

    // The status sent; 0 before send().
    int status() const;

    // Runs once with the status when the reply is sent (the request log).
    void onSent(std::function<void(int status)> callback) const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

// The language of the texts in a response, from the request's Accept-Language value (RFC
// 9110 section 12.5.4): Spanish or English, whichever has the higher weight above 0 (the
// one listed first on a tie). English when the value is empty or names neither, as the
// API of the backend Prospecta replaces did.
TextLanguage textLanguageFor(QByteArrayView acceptLanguage);

// Copies `request` into Prospecta's type, with the client address decided by
// `trustedProxy` (see clientAddress()).
HttpRequest toHttpRequest(const QHttpServerRequest &request, bool trustedProxy);

} // namespace Prospecta
