// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSet>
#include <QString>

class QHttpServerRequest;
class QHttpServerResponse;

namespace Prospecta {

class Clock;
class Database;

// The embedded HTTP server for /health and the provider webhooks. It runs on the service
// thread, and every handler responds on that thread. A webhook gets its 2xx only after
// its raw events are committed, and processing happens after the response.
class WebhookServer : public QObject
{
    Q_OBJECT

public:
    WebhookServer(const Database &database, const Clock &clock, QObject *parent = nullptr);
    ~WebhookServer() override;

    // Listens on host:port (port 0 picks a free one) and returns the port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    // The secret path segment of the Gupshup route; empty disables the route (404).
    void setGupshupToken(const QString &token);
    void setMaxBodyBytes(qint64 bytes);

signals:
    // New raw events were committed and wait for the inbox processor.
    void eventsStored(int count);

private:
    QHttpServerResponse handleHealth(const QHttpServerRequest &request) const;
    QHttpServerResponse handleGupshup(const QString &token, const QHttpServerRequest &request);
    void logRequest(const QHttpServerRequest &request, const char *routePattern, int status) const;

    const Database &m_database;
    const Clock &m_clock;
    QHttpServer m_http;
    QString m_gupshupToken;
    qint64 m_maxBodyBytes = 1048576;
    QSet<QString> m_loggedIgnoredKinds;
    int m_schemaVersion = 0;
};

} // namespace Prospecta
