// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "storage/DatabaseLocation.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThread;

namespace Prospecta {

class Clock;
class ServiceCore;

struct ServiceOptions
{
    DatabaseLocation database;
    QString listenOverride;        // --listen, empty for the server.listen setting
    QString privateKeyPath;        // empty: InstallationKeyFile::defaultPath()
    bool runServer = true;
    std::shared_ptr<Clock> clock;  // null: the system clock
};

// The service thread and what runs on it: the only writing database connection, the
// webhook server, the inbox processor, the AI agents and the outbox. Created and used
// from the GUI (or main) thread; every call is forwarded to the service thread and
// every result comes back as a queued signal or callback.
class ServiceHost : public QObject
{
    Q_OBJECT

public:
    explicit ServiceHost(ServiceOptions options, QObject *parent = nullptr);
    ~ServiceHost() override;

    // Starts the thread, opens the database, applies migrations and starts listening.
    // Blocks until started, so start-up errors reach the caller: a locked database, a
    // schema newer than the program, a port in use.
    Status start();
    void stop();

    // The address the server listens on, "127.0.0.1:3001", once started.
    QString listenAddress() const;
    quint16 port() const;

    using Done = std::function<void(const Status &)>;

    // Writes requested by the GUI; `done` runs on `context`'s thread.
    void sendHumanMessage(qint64 conversationId, const QString &text, QObject *context, Done done);
    void setHumanHolds(qint64 conversationId, bool holds, QObject *context, Done done);
    void setAiEnabled(bool enabled, QObject *context, Done done);

    // Runs `work` on the service thread (tests and the composition root only).
    void runOnServiceThread(std::function<void(ServiceCore &)> work);

signals:
    // After each commit: the table and row that changed ("leads", "messages",
    // "conversations", "settings"), so views can refresh.
    void changed(const QString &table, qint64 id);
    // The AI switch, as stored.
    void aiEnabledChanged(bool enabled);

private:
    ServiceOptions m_options;
    QThread *m_thread = nullptr;
    ServiceCore *m_core = nullptr;
    QString m_listenAddress;
    quint16 m_port = 0;
};

} // namespace Prospecta
