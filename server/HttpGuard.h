// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QTcpServer>

#include <memory>

namespace Prospecta {

class Clock;
class FrontSocket;

// The limits QtHttpServer 6.4 lacks, from the server.* settings.
struct HttpLimits
{
    qint64 maxBodyBytes = 1048576;     // 413 before the body is buffered
    int maxHeaderBytes = 16384;        // request line plus headers; 431 beyond
    int requestTimeoutMs = 10000;      // a request still incomplete then: 408 and close
    int keepAliveSeconds = 30;         // an idle keep-alive connection is closed then
    int keepAliveTestMs = 0;           // tests only: when above 0, replaces keepAliveSeconds
    int lingerMs = 2000;               // after an error response, the rest of the request is read and dropped this long
    int maxConnectionsPerClient = 16;  // more open connections from one client: 429 and close
    bool trustedProxy = false;         // take the client from the tunnel's headers (ClientAddress)
};

// A QTcpServer to hand to QAbstractHttpServer::bind(). The guard owns each accepted socket
// and hands QtHttpServer a stand-in socket that receives exactly one complete, checked
// request at a time, so QtHttpServer never buffers bytes the guard has not accepted:
// - a request head longer than maxHeaderBytes, or with more than 100 header fields: 431
//   headers_too_large;
// - a Content-Length over maxBodyBytes, or chunked data that grows past it: 413;
// - a request line that is not "METHOD SP target SP HTTP/1.x", a malformed header or chunk
//   size, or a request QtHttpServer cannot parse: 400 invalid_field;
// - "Expect: 100-continue" within the limits: "HTTP/1.1 100 Continue" is written;
// - "Connection: close" (or HTTP/1.0 without keep-alive): closed once the response is out;
// - pipelined requests (sent before the previous one is answered), which QtHttpServer 6.4
//   would merge into one: each is held back until the previous response is written, then
//   checked and passed on, so responses go out in request order; requests after one with
//   "Connection: close" are not read;
// - a request started but still incomplete after requestTimeoutMs: 408 request_timeout and
//   close; a connection that sends nothing for that long is closed without an answer;
// - idle for keepAliveSeconds after a response: closed;
// - a client with maxConnectionsPerClient open connections: the next one gets 429 and closes.
// With trustedProxy and a loopback peer the client is only known from the first request
// head (clientAddress()), so the connection limit applies from then on.
// Every answer it writes itself has the error body of HttpError and "Connection: close".
class HttpGuard : public QTcpServer
{
    Q_OBJECT

public:
    explicit HttpGuard(std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    ~HttpGuard() override;

    void setLimits(const HttpLimits &limits);
    HttpLimits limits() const { return m_limits; }

    // Open connections per client address, for tests and the status view.
    int openConnections(const QString &client) const;

signals:
    // A request the guard answered itself (status 400, 408, 413, 429 or 431), so the
    // server can count and log rejections without logging each one.
    void rejected(const QString &client, int status);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    class Connection;
    friend class Connection;
    friend class FrontSocket;

    // Counts a connection for `client`; false when the client is at its limit.
    bool admitClient(const QString &client);
    void releaseClient(const QString &client);

    std::shared_ptr<const Clock> m_clock;
    HttpLimits m_limits;
    QHash<QString, int> m_openConnections;
};

} // namespace Prospecta
