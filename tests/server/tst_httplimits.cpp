// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The limits HttpGuard puts in front of QtHttpServer 6.4, checked on the wire. A
// QHttpServer with an echo route runs behind a guard on 127.0.0.1. Raw QTcpSocket writes
// let each test control the exact bytes (split heads, slow bodies, chunks, pipelining).
// Also clientAddress(), which decides who "one client" is.

#include "ClientAddress.h"
#include "HttpGuard.h"
#include "core/Clock.h"
#include "core/TextLanguage.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Prospecta;

namespace {

constexpr int WaitMs = 5000;

struct RawResponse
{
    int status = 0;
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const char *name) const
    {
        for (const auto &header : headers) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return header.second;
        }
        return {};
    }
    QByteArray errorCode() const
    {
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toString().toLatin1();
    }
};

// Splits what a client received into complete responses (interim 1xx ones included);
// every response of these servers has a Content-Length.
QList<RawResponse> parseResponses(const QByteArray &bytes)
{
    QList<RawResponse> responses;
    qsizetype offset = 0;
    while (offset < bytes.size()) {
        const qsizetype headEnd = bytes.indexOf("\r\n\r\n", offset);
        if (headEnd < 0)
            break;
        const QList<QByteArray> lines = bytes.mid(offset, headEnd - offset).split('\n');
        RawResponse response;
        response.statusLine = lines.first().trimmed();
        response.status = response.statusLine.split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            response.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
        }
        const qint64 length = response.header("Content-Length").toLongLong();
        if (headEnd + 4 + length > bytes.size())
            break;
        response.body = bytes.mid(headEnd + 4, length);
        offset = headEnd + 4 + length;
        responses.append(response);
    }
    return responses;
}

// A client that records every byte it receives and whether the server closed.
class RawClient
{
public:
    RawClient()
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_received += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
            if (m_socket.isOpen())
                m_received += m_socket.readAll();
            m_closed = true;
        });
    }
    ~RawClient() { QObject::disconnect(&m_socket, nullptr, nullptr, nullptr); }
    Q_DISABLE_COPY_MOVE(RawClient)

    bool connectTo(quint16 port, const QHostAddress &from = QHostAddress())
    {
        if (!from.isNull() && !m_socket.bind(from))
            return false;
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                               WaitMs);
    }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    QList<RawResponse> responses() const { return parseResponses(m_received); }
    QByteArray received() const { return m_received; }
    bool closed() const { return m_closed; }

    bool waitForResponses(int count, int timeoutMs = WaitMs)
    {
        return QTest::qWaitFor([&] { return responses().size() >= count; }, timeoutMs);
    }
    bool waitForClose(int timeoutMs = WaitMs)
    {
        return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_closed = false;
};

// Milliseconds after which GET /slow sends its response.
constexpr int SlowAnswerMs = 150;

// QtHttpServer with a POST route that returns the size of the body it received, a GET
// route, and GET /slow, which responds later from a timer as a route that waits for a
// database commit does. It is bound to a guard on 127.0.0.1.
class GuardedServer
{
public:
    explicit GuardedServer(const HttpLimits &limits)
    {
        m_http.route(QStringLiteral("/echo"), QHttpServerRequest::Method::Post,
                     [](const QHttpServerRequest &request) {
                         return QHttpServerResponse(QByteArray::number(request.body().size()));
                     });
        m_http.route(QStringLiteral("/hello"), QHttpServerRequest::Method::Get,
                     [] { return QHttpServerResponse(QByteArrayLiteral("hello")); });
        m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (request.url().path() != QLatin1String("/slow")) {
                responder.write(QHttpServerResponder::StatusCode::NotFound);
                return;
            }
            // A responder written after its client left would crash QtHttpServer 6.4.
            QPointer<QTcpSocket> socket = responder.socket();
            auto later = std::make_shared<QHttpServerResponder>(std::move(responder));
            QTimer::singleShot(SlowAnswerMs, &m_http, [socket, later] {
                if (socket && socket->state() == QAbstractSocket::ConnectedState)
                    later->write(QByteArrayLiteral("slow"), QByteArrayLiteral("text/plain"));
            });
        });

        m_guard = new HttpGuard(std::make_shared<SystemClock>());
        m_guard->setLimits(limits);
        if (m_guard->listen(QHostAddress::LocalHost, 0)) {
            m_port = m_guard->serverPort();
            m_http.bind(m_guard);
        }
    }

    HttpGuard *guard() const { return m_guard; }
    quint16 port() const { return m_port; }

    std::unique_ptr<RawClient> connect(const QHostAddress &from = QHostAddress()) const
    {
        auto client = std::make_unique<RawClient>();
        if (!client->connectTo(m_port, from))
            return nullptr;
        return client;
    }

private:
    QHttpServer m_http;
    HttpGuard *m_guard = nullptr; // owned by m_http after bind()
    quint16 m_port = 0;
};

HttpLimits smallLimits()
{
    HttpLimits limits;
    limits.maxBodyBytes = 1000;
    limits.maxHeaderBytes = 2048;
    limits.requestTimeoutMs = 3000;
    limits.keepAliveSeconds = 30;
    limits.maxConnectionsPerClient = 8;
    // Short, so tests that wait for the close after an error response stay fast.
    limits.lingerMs = 100;
    return limits;
}

QByteArray get(const QByteArray &path = "/hello", const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

// Checks the shape of a response the guard writes itself.
void verifyGuardAnswer(const RawResponse &response, int status, const QByteArray &code)
{
    QCOMPARE(response.status, status);
    QVERIFY2(response.statusLine.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '),
             response.statusLine.constData());
    QCOMPARE(response.header("Content-Type"), QByteArrayLiteral("application/json"));
    QCOMPARE(response.header("Connection"), QByteArrayLiteral("close"));
    QCOMPARE(response.errorCode(), code);
    QVERIFY(!QJsonDocument::fromJson(response.body).object().value(QStringLiteral("message"))
                 .toString().isEmpty());
}

} // namespace

class TestHttpLimits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void clientAddress_data();
    void clientAddress();

    void keepAliveServesSequentialRequests();
    void chunkedBodyWithinLimitReachesRoute();
    void headTooLarge_data();
    void headTooLarge();
    void headerFieldLimit_data();
    void headerFieldLimit();
    void contentLengthTooLarge_data();
    void contentLengthTooLarge();
    void chunkedBodyTooLarge();
    void malformedRequest_data();
    void malformedRequest();
    void expectContinue();
    void expectContinueTooLarge();
    void connectionPersistence_data();
    void connectionPersistence();
    void pipelinedRequestsAnsweredInOrder();
    void pipelinedLargeBodiesAnsweredInOrder();
    void pipelinedRequestStillChecked_data();
    void pipelinedRequestStillChecked();
    void pipelinedPartialRequestTimesOut();
    void pipelinedRequestAfterCloseNotRead();
    void incompleteRequestTimesOut_data();
    void incompleteRequestTimesOut();
    void silentConnectionClosedWithoutAnswer();
    void idleKeepAliveClosed();
    void connectionLimitPerClient();
    void trustedProxyCountsForwardedClients();
    void guardAnswerFollowsAcceptLanguage_data();
    void guardAnswerFollowsAcceptLanguage();
};

void TestHttpLimits::initTestCase()
{
    // As main() does: the process speaks English here, and each request its own language.
    QCoreApplication::installTranslator(new ProspectaTranslator(QLocale(QLocale::English), this));
}

void TestHttpLimits::clientAddress_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("cfConnectingIp");
    QTest::addColumn<QByteArray>("forwardedFor");
    QTest::addColumn<bool>("trusted");
    QTest::addColumn<QString>("expected");

    const QString loopback = QStringLiteral("127.0.0.1");
    QTest::newRow("untrusted ignores headers")
        << loopback << QByteArray("203.0.113.5") << QByteArray("198.51.100.1") << false << loopback;
    // Behind ngrok a client may send CF-Connecting-IP itself, and ngrok appends the real
    // address to X-Forwarded-For; Cloudflare's tunnel appends the same address it sends as
    // CF-Connecting-IP.
    QTest::newRow("trusted takes X-Forwarded-For over CF-Connecting-IP")
        << loopback << QByteArray("203.0.113.5") << QByteArray("198.51.100.1") << true
        << QStringLiteral("198.51.100.1");
    QTest::newRow("forged CF-Connecting-IP behind ngrok")
        << loopback << QByteArray("192.0.2.113") << QByteArray("192.0.2.113, 198.51.100.50") << true
        << QStringLiteral("198.51.100.50");
    QTest::newRow("CF-Connecting-IP without X-Forwarded-For")
        << loopback << QByteArray("203.0.113.5") << QByteArray() << true << QStringLiteral("203.0.113.5");
    QTest::newRow("garbage X-Forwarded-For falls back to CF")
        << loopback << QByteArray("203.0.113.5") << QByteArray("unknown") << true << QStringLiteral("203.0.113.5");
    QTest::newRow("trusted takes last X-Forwarded-For entry")
        << loopback << QByteArray() << QByteArray("10.9.9.9, 198.51.100.1,  192.0.2.44 ") << true
        << QStringLiteral("192.0.2.44");
    QTest::newRow("trusted without headers is the peer")
        << loopback << QByteArray() << QByteArray() << true << loopback;
    QTest::newRow("non-loopback peer ignores headers")
        << QStringLiteral("192.0.2.10") << QByteArray("203.0.113.5") << QByteArray("198.51.100.1")
        << true << QStringLiteral("192.0.2.10");
    QTest::newRow("garbage CF falls back to X-Forwarded-For")
        << loopback << QByteArray("not-an-ip") << QByteArray("198.51.100.1") << true
        << QStringLiteral("198.51.100.1");
    QTest::newRow("garbage everywhere is the peer")
        << loopback << QByteArray("<script>") << QByteArray("unknown, 1.2.3") << true << loopback;
    QTest::newRow("shortened IPv4 is garbage")
        << loopback << QByteArray("10.1") << QByteArray() << true << loopback;
    QTest::newRow("address with port is garbage")
        << loopback << QByteArray("203.0.113.5:443") << QByteArray() << true << loopback;
    QTest::newRow("IPv6 from the tunnel")
        << loopback << QByteArray("2001:DB8::1") << QByteArray() << true << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv6 loopback peer is trusted")
        << QStringLiteral("::1") << QByteArray() << QByteArray("2001:db8::7") << true
        << QStringLiteral("2001:db8::7");
    QTest::newRow("IPv6 peer without trust")
        << QStringLiteral("2001:db8::9") << QByteArray("203.0.113.5") << QByteArray() << true
        << QStringLiteral("2001:db8::9");
    QTest::newRow("IPv4-mapped peer shown as IPv4")
        << QStringLiteral("::ffff:192.0.2.10") << QByteArray() << QByteArray() << false
        << QStringLiteral("192.0.2.10");
    QTest::newRow("IPv4-mapped loopback peer is trusted")
        << QStringLiteral("::ffff:127.0.0.1") << QByteArray("203.0.113.5") << QByteArray() << true
        << QStringLiteral("203.0.113.5");
    QTest::newRow("IPv4-mapped header shown as IPv4")
        << loopback << QByteArray("::ffff:203.0.113.9") << QByteArray() << true
        << QStringLiteral("203.0.113.9");
}

void TestHttpLimits::clientAddress()
{
    QFETCH(QString, peer);
    QFETCH(QByteArray, cfConnectingIp);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(bool, trusted);
    QFETCH(QString, expected);

    // Header names arrive in any case.
    QList<QPair<QByteArray, QByteArray>> headers{{"Host", "example.org"}};
    if (!cfConnectingIp.isNull())
        headers.append({"cf-connecting-ip", cfConnectingIp});
    if (!forwardedFor.isNull())
        headers.append({"X-FORWARDED-FOR", forwardedFor});

    QCOMPARE(Prospecta::clientAddress(QHostAddress(peer), headers, trusted), expected);
}

void TestHttpLimits::keepAliveServesSequentialRequests()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    client->send(get());
    QVERIFY(client->waitForResponses(1));
    client->send(post("twelve bytes"));
    QVERIFY(client->waitForResponses(2));
    // A head split across writes is still one request.
    client->send("GET /hel");
    QTest::qWait(50);
    client->send("lo HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QVERIFY(client->waitForResponses(3));

    const auto responses = client->responses();
    QCOMPARE(responses.size(), 3);
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[0].body, QByteArrayLiteral("hello"));
    QCOMPARE(responses[1].body, QByteArrayLiteral("12"));
    QCOMPARE(responses[2].body, QByteArrayLiteral("hello"));
    QVERIFY(!client->closed());
}

void TestHttpLimits::chunkedBodyWithinLimitReachesRoute()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    client->send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n");
    QTest::qWait(50);
    client->send("7;ext=1\r\n, world\r\n0\r\n\r\n");
    QVERIFY(client->waitForResponses(1));
    QCOMPARE(client->responses().first().body, QByteArrayLiteral("12"));

    client->send(get());
    QVERIFY(client->waitForResponses(2));
    QVERIFY(!client->closed());
}

void TestHttpLimits::headTooLarge_data()
{
    QTest::addColumn<bool>("inPieces");
    QTest::newRow("in one write") << false;
    QTest::newRow("in pieces that never end") << true;
}

void TestHttpLimits::headTooLarge()
{
    QFETCH(bool, inPieces);

    GuardedServer server(smallLimits());
    QSignalSpy rejected(server.guard(), &HttpGuard::rejected);
    auto client = server.connect();
    QVERIFY(client);

    const QByteArray filler = "X-Filler: " + QByteArray(500, 'a') + "\r\n";
    if (inPieces) {
        client->send("GET /hello HTTP/1.1\r\n");
        for (int i = 0; i < 8 && !client->closed(); ++i) {
            client->send(filler);
            QTest::qWait(20);
        }
    } else {
        client->send(get("/hello", filler.repeated(5)));
    }

    QVERIFY(client->waitForResponses(1));
    verifyGuardAnswer(client->responses().first(), 431, "headers_too_large");
    QVERIFY(client->waitForClose());
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(rejected.first().at(0).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(rejected.first().at(1).toInt(), 431);
}

// QtHttpServer 6.4 drops every header of a head with more than 100 fields and reads the
// body as a request of its own, so such a head gets 431 and nothing reaches a route.
void TestHttpLimits::headerFieldLimit_data()
{
    QTest::addColumn<int>("fillers");
    QTest::addColumn<int>("status");
    // post() adds Host and Content-Length.
    QTest::newRow("100 fields") << 98 << 200;
    QTest::newRow("101 fields") << 99 << 431;
    QTest::newRow("150 fields") << 148 << 431;
}

void TestHttpLimits::headerFieldLimit()
{
    QFETCH(int, fillers);
    QFETCH(int, status);

    HttpLimits limits = smallLimits();
    limits.maxHeaderBytes = 16384;
    GuardedServer server(limits);
    auto client = server.connect();
    QVERIFY(client);

    QByteArray headers;
    for (int i = 0; i < fillers; ++i)
        headers += "X-Filler-" + QByteArray::number(i) + ": v\r\n";
    // The body is itself a whole request: read as one, it would get a second response.
    const QByteArray inner = get("/hello", "Connection: close\r\n");
    client->send(post(inner, headers));

    QVERIFY(client->waitForResponses(1));
    const RawResponse response = client->responses().first();
    if (status == 200) {
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray::number(inner.size()));
        QVERIFY(!client->closed());
        return;
    }
    verifyGuardAnswer(response, status, "headers_too_large");
    QVERIFY(client->waitForClose());
    QCOMPARE(client->responses().size(), 1);
}

void TestHttpLimits::contentLengthTooLarge_data()
{
    QTest::addColumn<QByteArray>("contentLength");
    QTest::newRow("one byte over") << QByteArray("1001");
    QTest::newRow("10^15") << QByteArray("1000000000000000");
    QTest::newRow("beyond 64 bits") << QByteArray("99999999999999999999999");
}

void TestHttpLimits::contentLengthTooLarge()
{
    QFETCH(QByteArray, contentLength);

    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    // Only the head: the response must not wait for a body.
    client->send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + contentLength
                 + "\r\n\r\n");
    QVERIFY(client->waitForResponses(1));
    verifyGuardAnswer(client->responses().first(), 413, "payload_too_large");
    QVERIFY(client->waitForClose());
}

void TestHttpLimits::chunkedBodyTooLarge()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    // Framing bytes do not count, decoded data does: 2 x 400 is within 1000, a third is not.
    const QByteArray chunk = "190\r\n" + QByteArray(400, 'z') + "\r\n";
    client->send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + chunk + chunk);
    QTest::qWait(100);
    QVERIFY(client->responses().isEmpty());
    client->send(chunk);

    QVERIFY(client->waitForResponses(1));
    verifyGuardAnswer(client->responses().first(), 413, "payload_too_large");
    QVERIFY(client->waitForClose());
}

void TestHttpLimits::malformedRequest_data()
{
    QTest::addColumn<QByteArray>("request");

    QTest::newRow("garbage request line") << QByteArray("HELLO THERE\r\n\r\n");
    QTest::newRow("binary request line") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15);
    QTest::newRow("HTTP/0.9 style") << QByteArray("GET /hello\r\n\r\n");
    QTest::newRow("HTTP/2.0 version") << QByteArray("GET /hello HTTP/2.0\r\n\r\n");
    QTest::newRow("two spaces") << QByteArray("GET  /hello HTTP/1.1\r\n\r\n");
    QTest::newRow("header without colon") << QByteArray("GET /hello HTTP/1.1\r\nHost localhost\r\n\r\n");
    QTest::newRow("space before colon") << QByteArray("GET /hello HTTP/1.1\r\nHost : localhost\r\n\r\n");
    QTest::newRow("folded header") << QByteArray("GET /hello HTTP/1.1\r\nX-A: 1\r\n  2\r\n\r\n");
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET /hello HTTP/1.1\r\nAccept: */*\r\n\r\n");
    QTest::newRow("two Host headers") << QByteArray("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    QTest::newRow("Content-Length and chunked")
        << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    QTest::newRow("two Content-Lengths")
        << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
    QTest::newRow("negative Content-Length")
        << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("gzip transfer coding")
        << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
    QTest::newRow("chunk size not hex")
        << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    QTest::newRow("chunk without CRLF after data")
        << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n");
}

void TestHttpLimits::malformedRequest()
{
    QFETCH(QByteArray, request);

    GuardedServer server(smallLimits());
    QSignalSpy rejected(server.guard(), &HttpGuard::rejected);
    auto client = server.connect();
    QVERIFY(client);

    client->send(request);
    QVERIFY2(client->waitForResponses(1), client->received().constData());
    verifyGuardAnswer(client->responses().first(), 400, "invalid_field");
    QVERIFY(client->waitForClose());
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(rejected.first().at(1).toInt(), 400);
}

void TestHttpLimits::expectContinue()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    client->send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                 "Expect: 100-continue\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return client->received().size() >= 25; }, WaitMs));
    QCOMPARE(client->received(), QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));

    client->send("abcde");
    QVERIFY(client->waitForResponses(2));
    const auto responses = client->responses();
    QCOMPARE(responses[0].status, 100);
    QCOMPARE(responses[1].status, 200);
    QCOMPARE(responses[1].body, QByteArrayLiteral("5"));
}

void TestHttpLimits::expectContinueTooLarge()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    client->send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n"
                 "Expect: 100-continue\r\n\r\n");
    QVERIFY(client->waitForResponses(1));
    QVERIFY(!client->received().contains("100 Continue"));
    verifyGuardAnswer(client->responses().first(), 413, "payload_too_large");
    QVERIFY(client->waitForClose());
}

void TestHttpLimits::connectionPersistence_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");

    QTest::newRow("HTTP/1.1 default keeps") << get() << false;
    QTest::newRow("HTTP/1.1 Connection: close")
        << get("/hello", "Connection: close\r\n") << true;
    QTest::newRow("HTTP/1.1 close among tokens")
        << get("/hello", "Connection: Upgrade-Insecure, CLOSE\r\n") << true;
    QTest::newRow("HTTP/1.0 default closes")
        << QByteArray("GET /hello HTTP/1.0\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 keep-alive keeps")
        << QByteArray("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
    QTest::newRow("POST with Connection: close")
        << post("abc", "Connection: close\r\n") << true;
}

void TestHttpLimits::connectionPersistence()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);

    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    client->send(request);
    QVERIFY(client->waitForResponses(1));
    QCOMPARE(client->responses().first().status, 200);
    if (closes) {
        QVERIFY(client->waitForClose());
    } else {
        QTest::qWait(200);
        QVERIFY(!client->closed());
        client->send(get());
        QVERIFY(client->waitForResponses(2));
    }
}

void TestHttpLimits::pipelinedRequestsAnsweredInOrder()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    // One write, so the server reads all four requests at once. The slow one gets its
    // response from a timer, and the request after it must still wait its turn.
    client->send(get() + post("0123456789") + get("/slow") + get());
    QVERIFY2(client->waitForResponses(4), client->received().constData());

    const auto responses = client->responses();
    QCOMPARE(responses.size(), 4);
    const QList<QByteArray> bodies{"hello", "10", "slow", "hello"};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(responses[i].status, 200);
        QCOMPARE(responses[i].body, bodies[i]);
    }
    QVERIFY(!client->closed());

    // The connection still serves the next request.
    client->send(get());
    QVERIFY(client->waitForResponses(5));
    QCOMPARE(client->responses().last().body, QByteArrayLiteral("hello"));
}

void TestHttpLimits::pipelinedLargeBodiesAnsweredInOrder()
{
    HttpLimits limits = smallLimits();
    limits.maxBodyBytes = 400000;
    GuardedServer server(limits);
    auto client = server.connect();
    QVERIFY(client);

    // More bytes than the guard buffers while the slow response is pending, so reading
    // has to stop and start again.
    client->send(get("/slow") + post(QByteArray(300000, 'x')) + post(QByteArray(250000, 'y')));
    QVERIFY2(client->waitForResponses(3), client->received().left(500).constData());

    const auto responses = client->responses();
    QCOMPARE(responses.size(), 3);
    QCOMPARE(responses[0].body, QByteArrayLiteral("slow"));
    QCOMPARE(responses[1].body, QByteArrayLiteral("300000"));
    QCOMPARE(responses[2].body, QByteArrayLiteral("250000"));
    QVERIFY(!client->closed());
}

void TestHttpLimits::pipelinedRequestStillChecked_data()
{
    QTest::addColumn<QByteArray>("second");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");

    QTest::newRow("body over the limit")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n") << 413
        << QByteArray("payload_too_large");
    QTest::newRow("head over the limit")
        << get("/hello", "X-Filler: " + QByteArray(3000, 'a') + "\r\n") << 431 << QByteArray("headers_too_large");
    QTest::newRow("malformed request line") << QByteArray("HELLO THERE\r\n\r\n") << 400 << QByteArray("invalid_field");
}

void TestHttpLimits::pipelinedRequestStillChecked()
{
    QFETCH(QByteArray, second);
    QFETCH(int, status);
    QFETCH(QByteArray, code);

    GuardedServer server(smallLimits());
    QSignalSpy rejected(server.guard(), &HttpGuard::rejected);
    auto client = server.connect();
    QVERIFY(client);

    client->send(get("/slow") + second + get());
    QVERIFY2(client->waitForResponses(2), client->received().constData());
    QVERIFY(client->waitForClose());

    // The first request gets its response. The second is rejected after it, and the
    // third, behind a rejected one, is never read.
    const auto responses = client->responses();
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[0].body, QByteArrayLiteral("slow"));
    verifyGuardAnswer(responses[1], status, code);
    QCOMPARE(rejected.size(), 1);
}

void TestHttpLimits::pipelinedPartialRequestTimesOut()
{
    HttpLimits limits = smallLimits();
    limits.requestTimeoutMs = 300;
    GuardedServer server(limits);
    auto client = server.connect();
    QVERIFY(client);

    client->send(get() + "GET /hello HTTP/1.1\r\nHost: local");
    QVERIFY(client->waitForResponses(1));
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(client->waitForResponses(2));
    QVERIFY2(elapsed.elapsed() >= 200, qPrintable(QString::number(elapsed.elapsed())));

    const auto responses = client->responses();
    QCOMPARE(responses[0].body, QByteArrayLiteral("hello"));
    verifyGuardAnswer(responses[1], 408, "request_timeout");
    QVERIFY(client->waitForClose());
}

void TestHttpLimits::pipelinedRequestAfterCloseNotRead()
{
    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    // RFC 9112 section 9.6: no request after one with "Connection: close" is processed.
    client->send(get("/hello", "Connection: close\r\n") + post("0123456789"));
    QVERIFY(client->waitForClose());

    const auto responses = client->responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);
    QCOMPARE(responses.first().body, QByteArrayLiteral("hello"));
}

void TestHttpLimits::incompleteRequestTimesOut_data()
{
    QTest::addColumn<QByteArray>("partial");
    QTest::newRow("head never ends") << QByteArray("GET /hello HTTP/1.1\r\nHost: local");
    QTest::newRow("body never ends") << QByteArray(post(QByteArray(10, 'b')).chopped(4));
}

void TestHttpLimits::incompleteRequestTimesOut()
{
    QFETCH(QByteArray, partial);

    HttpLimits limits = smallLimits();
    limits.requestTimeoutMs = 300;
    GuardedServer server(limits);
    auto client = server.connect();
    QVERIFY(client);

    QElapsedTimer elapsed;
    elapsed.start();
    client->send(partial);
    QVERIFY(client->waitForResponses(1));
    QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));
    verifyGuardAnswer(client->responses().first(), 408, "request_timeout");
    QVERIFY(client->waitForClose());
}

void TestHttpLimits::silentConnectionClosedWithoutAnswer()
{
    HttpLimits limits = smallLimits();
    limits.requestTimeoutMs = 300;
    GuardedServer server(limits);
    auto client = server.connect();
    QVERIFY(client);

    QVERIFY(client->waitForClose());
    QVERIFY(client->received().isEmpty());
}

void TestHttpLimits::idleKeepAliveClosed()
{
    HttpLimits limits = smallLimits();
    limits.keepAliveTestMs = 400;
    GuardedServer server(limits);
    auto client = server.connect();
    QVERIFY(client);

    client->send(get());
    QVERIFY(client->waitForResponses(1));
    QElapsedTimer idle;
    idle.start();

    QTest::qWait(150);
    QVERIFY(!client->closed());
    QVERIFY(client->waitForClose());
    QVERIFY2(idle.elapsed() >= 350, qPrintable(QString::number(idle.elapsed())));
    QCOMPARE(client->responses().size(), 1);
}

void TestHttpLimits::connectionLimitPerClient()
{
    HttpLimits limits = smallLimits();
    limits.maxConnectionsPerClient = 2;
    GuardedServer server(limits);
    const QString client = QStringLiteral("127.0.0.1");

    auto first = server.connect();
    auto second = server.connect();
    QVERIFY(first && second);
    QTRY_COMPARE(server.guard()->openConnections(client), 2);

    auto third = server.connect();
    QVERIFY(third);
    QVERIFY(third->waitForResponses(1));
    const RawResponse refused = third->responses().first();
    verifyGuardAnswer(refused, 429, "too_many_requests");
    QCOMPARE(refused.header("Retry-After"), QByteArrayLiteral("1"));
    QVERIFY(third->waitForClose());

    // Another address on the loopback network is another client.
    auto other = server.connect(QHostAddress(QStringLiteral("127.0.0.2")));
    QVERIFY(other);
    other->send(get());
    QVERIFY(other->waitForResponses(1));
    QCOMPARE(other->responses().first().status, 200);

    // The open connections still work, and closing one frees a place.
    first->send(get());
    QVERIFY(first->waitForResponses(1));
    QCOMPARE(first->responses().first().status, 200);
    second.reset();
    QTRY_COMPARE(server.guard()->openConnections(client), 1);
    auto fourth = server.connect();
    QVERIFY(fourth);
    fourth->send(get());
    QVERIFY(fourth->waitForResponses(1));
    QCOMPARE(fourth->responses().first().status, 200);
}

void TestHttpLimits::trustedProxyCountsForwardedClients()
{
    HttpLimits limits = smallLimits();
    limits.maxConnectionsPerClient = 1;
    limits.trustedProxy = true;
    GuardedServer server(limits);
    QSignalSpy rejected(server.guard(), &HttpGuard::rejected);
    const QString alice = QStringLiteral("203.0.113.1");
    const QString bob = QStringLiteral("198.51.100.2");

    auto aliceFirst = server.connect();
    QVERIFY(aliceFirst);
    aliceFirst->send(get("/hello", "CF-Connecting-IP: 203.0.113.1\r\n"));
    QVERIFY(aliceFirst->waitForResponses(1));
    QCOMPARE(aliceFirst->responses().first().status, 200);
    QCOMPARE(server.guard()->openConnections(alice), 1);

    auto aliceSecond = server.connect();
    QVERIFY(aliceSecond);
    aliceSecond->send(get("/hello", "CF-Connecting-IP: 203.0.113.1\r\n"));
    QVERIFY(aliceSecond->waitForResponses(1));
    verifyGuardAnswer(aliceSecond->responses().first(), 429, "too_many_requests");
    QVERIFY(aliceSecond->waitForClose());
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(rejected.first().at(0).toString(), alice);

    // Every connection comes from 127.0.0.1, yet Bob is a client of his own.
    auto bobFirst = server.connect();
    QVERIFY(bobFirst);
    bobFirst->send(get("/hello", "X-Forwarded-For: 10.0.0.1, 198.51.100.2\r\n"));
    QVERIFY(bobFirst->waitForResponses(1));
    QCOMPARE(bobFirst->responses().first().status, 200);
    QCOMPARE(server.guard()->openConnections(bob), 1);
    QCOMPARE(server.guard()->openConnections(QStringLiteral("127.0.0.1")), 0);
}

void TestHttpLimits::guardAnswerFollowsAcceptLanguage_data()
{
    QTest::addColumn<QByteArray>("acceptLanguage");
    QTest::addColumn<QString>("message");

    const QString spanish = QStringLiteral("El cuerpo de la solicitud supera los 1000 bytes.");
    const QString english = QStringLiteral("The request body exceeds 1000 bytes.");
    QTest::newRow("es-MX") << QByteArray("es-MX") << spanish;
    QTest::newRow("en") << QByteArray("en") << english;
    QTest::newRow("English preferred") << QByteArray("en-US,es;q=0.9") << english;
    QTest::newRow("no header") << QByteArray() << english;
}

// The limits layer responds before any route runs, in the language the request names.
void TestHttpLimits::guardAnswerFollowsAcceptLanguage()
{
    QFETCH(QByteArray, acceptLanguage);
    QFETCH(QString, message);

    GuardedServer server(smallLimits());
    auto client = server.connect();
    QVERIFY(client);

    const QByteArray header = acceptLanguage.isEmpty() ? QByteArray() : "Accept-Language: " + acceptLanguage + "\r\n";
    client->send("POST /echo HTTP/1.1\r\nHost: localhost\r\n" + header + "Content-Length: 5000\r\n\r\n");
    QVERIFY(client->waitForResponses(1));
    const RawResponse response = client->responses().first();
    verifyGuardAnswer(response, 413, "payload_too_large");
    QCOMPARE(QJsonDocument::fromJson(response.body).object().value(QStringLiteral("message")).toString(), message);
}

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_httplimits.moc"
