// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpTestClient.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

namespace Prospecta::Testing {

namespace {

qsizetype contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed().toLongLong();
    }
    return 0;
}

} // namespace

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

QJsonObject HttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString HttpResponse::text() const
{
    return QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(body));
}

QString errorShapeProblem(const HttpResponse &response, int status, const QString &code, const QString &field)
{
    if (response.status != status)
        return QStringLiteral("status %1, expected %2; body %3")
            .arg(response.status)
            .arg(status)
            .arg(QString::fromUtf8(response.body));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return QStringLiteral("the body is not a JSON object: %1").arg(QString::fromUtf8(response.body));
    const QJsonObject body = document.object();
    if (body.value(QLatin1String("error")).toString() != code)
        return QStringLiteral("error code %1, expected %2 in %3")
            .arg(body.value(QLatin1String("error")).toString(), code, QString::fromUtf8(response.body));
    if (body.value(QLatin1String("message")).toString().isEmpty())
        return QStringLiteral("no message in %1").arg(QString::fromUtf8(response.body));
    if (!field.isEmpty()) {
        const QJsonArray fields = body.value(QLatin1String("fields")).toArray();
        if (!fields.contains(QJsonValue(field)))
            return QStringLiteral("\"fields\" does not name %1: %2").arg(field, QString::fromUtf8(response.body));
    }
    return {};
}

HttpTestClient::HttpTestClient(int timeoutMs, ContentType contentType)
    : m_timeoutMs(timeoutMs)
    , m_contentType(contentType)
{
    m_network.setProxy(QNetworkProxy::NoProxy);
}

HttpResponse HttpTestClient::request(quint16 port, const QByteArray &method, const QString &pathAndQuery,
                                     const QByteArray &body, const HttpHeaders &headers)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery)));
    if (m_contentType == ContentType::JsonAlways || !body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply =
        method == "GET" ? m_network.get(request) : m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResponse response;
    if (reply->isFinished() || finished.wait(m_timeoutMs)) {
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        response.status = status.isValid() ? status.toInt() : -1;
        response.headers = reply->rawHeaderPairs();
        response.body = reply->readAll();
    } else {
        reply->abort();
    }
    reply->deleteLater();
    return response;
}

RawExchange::RawExchange(quint16 port, QByteArray request, Sending sending)
    : m_request(std::move(request))
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    if (sending == Sending::OnConnect)
        connect(&m_socket, &QTcpSocket::connected, this, &RawExchange::send);
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
    connect(&m_socket, &QTcpSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) { m_errors.append(error); });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

bool RawExchange::isComplete() const
{
    const qsizetype end = m_received.indexOf("\r\n\r\n");
    return end >= 0 && m_received.size() >= end + 4 + contentLength(m_received.left(end));
}

HttpResponse RawExchange::response() const
{
    return responses().value(0);
}

QList<HttpResponse> RawExchange::responses() const
{
    QList<HttpResponse> responses;
    qsizetype offset = 0;
    for (;;) {
        const qsizetype end = m_received.indexOf("\r\n\r\n", offset);
        if (end < 0)
            break;
        const QByteArray head = m_received.sliced(offset, end - offset);
        const qsizetype length = contentLength(head);
        if (m_received.size() < end + 4 + length)
            break;

        HttpResponse response;
        const QList<QByteArray> lines = head.split('\n');
        response.status = lines.value(0).trimmed().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                response.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
        }
        response.body = m_received.mid(end + 4, length);
        responses.append(response);
        offset = end + 4 + length;
    }
    return responses;
}

HttpResponse rawRequest(quint16 port, const QByteArray &bytes, int timeoutMs, bool *reset)
{
    RawExchange exchange(port, bytes);
    if (!QTest::qWaitFor([&exchange] { return exchange.isComplete() || exchange.wasReset(); }, timeoutMs))
        qWarning("no response within %d ms", timeoutMs);
    if (reset)
        *reset = exchange.wasReset();
    return exchange.response();
}

} // namespace Prospecta::Testing
