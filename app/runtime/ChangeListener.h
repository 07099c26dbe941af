// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/DatabaseLocation.h"

#include <QObject>
#include <QString>

class QThread;

namespace Prospecta {

class ChangeListenerWorker;

// Receives the change notices that every Prospecta process sends on a PostgreSQL
// database (NOTIFY prospecta_changes, payload "table:id"), so views refresh when a
// colleague writes. QPSQL delivers notifications on the thread that owns the connection,
// so the connection lives on a thread of its own where a busy service cannot delay them.
//
// After a server restart the old connection still reports that it is open and subscribed
// but receives nothing, and only the next query fails. A heartbeat query therefore finds
// the lost connection, and the listener reconnects with a growing pause and emits
// reconnected(), because notices sent meanwhile are lost and views must refresh fully.
//
// This object stays on the thread that created it and emits its signals there. The
// connection, the timers and the QPSQL driver belong to a worker on the listener thread.
class ChangeListener : public QObject
{
    Q_OBJECT

public:
    // The NOTIFY channel the service writes to and this listens on.
    static QString channel();
    // The application_name of the listening connection, to find it in pg_stat_activity.
    static QString applicationName();

    explicit ChangeListener(DatabaseLocation location, QObject *parent = nullptr);
    // Stops the thread and closes the connection.
    ~ChangeListener() override;

    // Starts the thread and connects; connection failures are retried in the background.
    // Returns at once, and started() or reconnected() reports the subscription.
    void start();
    void stop();

    // Sets how often the connection is probed (5 s by default). Call it before start().
    void setHeartbeatIntervalMs(int ms) { m_heartbeatMs = ms; }

signals:
    // The first subscription succeeded.
    void started();
    // A notice "table:id" arrived (malformed payloads are dropped).
    void changed(const QString &table, qint64 id);
    // The heartbeat failed, so notices may be missed until reconnected().
    void connectionLost();
    // Connected and subscribed again after connectionLost() or a failed first attempt.
    // Notices sent meanwhile are lost.
    void reconnected();

private:
    DatabaseLocation m_location;
    int m_heartbeatMs = 5000;
    QThread *m_thread = nullptr;
    ChangeListenerWorker *m_worker = nullptr;
};

} // namespace Prospecta
