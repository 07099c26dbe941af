// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// HTTP on 127.0.0.1 as the suites of the embedded server use it: requests through
// QNetworkAccessManager, requests written byte for byte on a socket, and the check of the
// error shape that every route returns.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTcpSocket>

namespace Prospecta::Testing {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// An HTTP response as the client receives it.
struct HttpResponse
{
    int status = -1; // -1: no response before the timeout
    HttpHeaders headers;
    QByteArray body;

    // The value of the first header called `name` (compared without case), or empty.
    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
    // The status and the body, for failure messages.
    QString text() const;
};

// Describes how `response` differs from the error the HTTP conventions prescribe, or
// returns an empty string when it matches: `status`, a JSON object {"error": code,
// "message": text} and, when `field` is given, "fields" naming it.
QString errorShapeProblem(const HttpResponse &response, int status, const QString &code, const QString &field = {});

// Sends requests to a server on 127.0.0.1, bypassing any proxy, and waits for each reply.
class HttpTestClient
{
public:
    enum class ContentType {
        JsonAlways,   // every request sends Content-Type: application/json
        JsonWithBody, // only requests with a body do
    };

    explicit HttpTestClient(int timeoutMs, ContentType contentType = ContentType::JsonAlways);

    // Sends `method` (GET or any other) to `pathAndQuery` on 127.0.0.1:`port`. `headers`
    // are set after the content type, so they may replace it. A response with status -1
    // means none arrived within the timeout.
    HttpResponse request(quint16 port, const QByteArray &method, const QString &pathAndQuery,
                         const QByteArray &body = {}, const HttpHeaders &headers = {});

private:
    QNetworkAccessManager m_network;
    int m_timeoutMs;
    ContentType m_contentType;
};

// One request written byte for byte on its own connection, for requests that
// QNetworkAccessManager would not send as they are (oversized heads, a chosen Host line)
// or that must be in flight together with others.
class RawExchange : public QObject
{
public:
    enum class Sending {
        OnConnect, // the request is written as soon as the connection is open
        OnSend,    // the caller writes it with send(), e.g. once several connections are open
    };

    RawExchange(quint16 port, QByteArray request, Sending sending = Sending::OnConnect);

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send() { m_socket.write(m_request); }

    // Whether the head and its Content-Length bytes of body have arrived.
    bool isComplete() const;
    // A reset, as opposed to an orderly close, can discard a response not yet read.
    bool wasReset() const { return m_errors.contains(QAbstractSocket::RemoteHostClosedError) && !isComplete(); }
    // The response, or one with status -1 while it is incomplete.
    HttpResponse response() const;
    // Every complete response received so far, in order, for pipelined requests. Each
    // body is as long as its Content-Length, so no response to HEAD may be among them.
    QList<HttpResponse> responses() const;

private:
    QTcpSocket m_socket;
    QByteArray m_request;
    QByteArray m_received;
    QList<QAbstractSocket::SocketError> m_errors;
};

// Writes `bytes` to 127.0.0.1:`port` and waits up to `timeoutMs` for the complete
// response or a reset. Sets `*reset` (when given) to whether the server reset the connection.
HttpResponse rawRequest(quint16 port, const QByteArray &bytes, int timeoutMs, bool *reset = nullptr);

} // namespace Prospecta::Testing
