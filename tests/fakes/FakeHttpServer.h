// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace Prospecta::Testing {

struct RecordedRequest
{
    QByteArray method;
    QByteArray target;                           // path and query, as sent
    QList<QPair<QByteArray, QByteArray>> headers; // in order, names as sent
    QByteArray body;
    qint64 receivedMs = 0;

    QByteArray header(QByteArrayView name) const; // case-insensitive, first match
    QByteArray path() const;                      // target without the query
};

struct FakeResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int delayMs = 0;           // respond after this many milliseconds
    bool dropConnection = false; // close the socket without a response
};

// A minimal HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for fake providers.
// It reads one request per connection at a time (Content-Length bodies), records it,
// and responds with what the handler returns, or with the next queued response.
class FakeHttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<FakeResponse(const RecordedRequest &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    bool start();
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT

    void setHandler(Handler handler);
    void enqueue(FakeResponse response);  // used before the handler, first in first out

    const QList<RecordedRequest> &requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

    static FakeResponse json(int status, const QByteArray &body,
                             QList<QPair<QByteArray, QByteArray>> extraHeaders = {});

signals:
    void requestReceived(const Prospecta::Testing::RecordedRequest &request);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const RecordedRequest &request);

    QTcpServer m_server;
    Handler m_handler;
    QList<FakeResponse> m_queue;
    QList<RecordedRequest> m_requests;
};

} // namespace Prospecta::Testing
