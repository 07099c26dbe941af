// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChangeListener.h"

#include "core/Logging.h"
#include "storage/Database.h"

#include <QAtomicInt>
#include <QPointer>
#include <QSqlDriver>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace Prospecta {

namespace {

constexpr int firstRetryMs = 500;
constexpr int longestRetryMs = 10000;

QAtomicInt listenerCount;

} // namespace

// The part that lives on the listener thread: the connection, its driver and the timers.
// It emits through the ChangeListener, whose destructor deletes the worker first.
class ChangeListenerWorker : public QObject
{
public:
    ChangeListenerWorker(DatabaseLocation location, int heartbeatMs, ChangeListener *owner)
        : m_location(std::move(location))
        , m_owner(owner)
        // Children, so that moveToThread() takes the timers along.
        , m_heartbeat(this)
        , m_retry(this)
    {
        // Each listener needs its own connection name, because two hosts in one process
        // (tests) must not share a QSqlDatabase.
        m_connectionName = QStringLiteral("listener-%1").arg(listenerCount.fetchAndAddRelaxed(1));
        m_location.options.insert(QStringLiteral("application_name"), ChangeListener::applicationName());
        m_heartbeat.setInterval(heartbeatMs);
        m_retry.setSingleShot(true);
        QObject::connect(&m_heartbeat, &QTimer::timeout, this, [this] { beat(); });
        QObject::connect(&m_retry, &QTimer::timeout, this, [this] { connectAndSubscribe(); });
    }

    ~ChangeListenerWorker() override
    {
        m_heartbeat.stop();
        m_retry.stop();
        unsubscribe();
        m_database.close();
        qCInfo(lcRuntime) << "change listener stopped";
    }

    void connectAndSubscribe()
    {
        if (auto opened = m_database.open(m_location, m_connectionName); !opened) {
            scheduleRetry(opened.error().message);
            return;
        }
        QSqlDriver *driver = m_database.connection().driver();
        if (!driver || !driver->subscribeToNotification(ChangeListener::channel())) {
            m_database.close();
            scheduleRetry(QStringLiteral("cannot subscribe to %1").arg(ChangeListener::channel()));
            return;
        }
        QObject::connect(driver, &QSqlDriver::notification, this,
                         [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                             if (name == ChangeListener::channel())
                                 deliver(payload.toString());
                         });
        m_retryMs = firstRetryMs;
        m_heartbeat.start();
        const bool again = m_hadConnection || m_failedOnce;
        m_hadConnection = true;
        m_failedOnce = false;
        if (again) {
            qCInfo(lcRuntime) << "change listener reconnected to" << m_location.displayName();
            notify(&ChangeListener::reconnected);
        } else {
            qCInfo(lcRuntime) << "change listener started on" << m_location.displayName();
            notify(&ChangeListener::started);
        }
    }

private:
    // QPSQL only notices a dropped connection when a query fails, so probe it.
    void beat()
    {
        if (m_database.exec(QStringLiteral("SELECT 1")))
            return;
        // QPSQL reports a dropped connection with an empty error text, so none is logged.
        qCWarning(lcRuntime) << "change listener lost the connection to" << m_location.displayName();
        m_heartbeat.stop();
        unsubscribe();
        m_database.close();
        notify(&ChangeListener::connectionLost);
        m_retry.start(m_retryMs);
        m_retryMs = std::min(m_retryMs * 2, longestRetryMs);
    }

    void scheduleRetry(const QString &reason)
    {
        m_failedOnce = true;
        qCWarning(lcRuntime) << "change listener cannot listen on" << m_location.displayName() << ":" << reason
                             << "- retrying in" << m_retryMs << "ms";
        m_retry.start(m_retryMs);
        m_retryMs = std::min(m_retryMs * 2, longestRetryMs);
    }

    void unsubscribe()
    {
        if (!m_database.isOpen())
            return;
        if (QSqlDriver *driver = m_database.connection().driver()) {
            QObject::disconnect(driver, nullptr, this, nullptr);
            driver->unsubscribeFromNotification(ChangeListener::channel());
        }
    }

    // "table:id"; anything else (another program on the channel) is ignored.
    void deliver(const QString &payload)
    {
        const qsizetype colon = payload.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0) {
            qCDebug(lcRuntime) << "ignored a change notice without table and id";
            return;
        }
        bool ok = false;
        const qint64 id = payload.mid(colon + 1).toLongLong(&ok);
        const QString table = payload.left(colon);
        if (!ok || table.trimmed() != table) {
            qCDebug(lcRuntime) << "ignored a malformed change notice";
            return;
        }
        QPointer<ChangeListener> owner(m_owner);
        QMetaObject::invokeMethod(
            m_owner,
            [owner, table, id] {
                if (owner)
                    emit owner->changed(table, id);
            },
            Qt::QueuedConnection);
    }

    void notify(void (ChangeListener::*signal)())
    {
        QPointer<ChangeListener> owner(m_owner);
        QMetaObject::invokeMethod(
            m_owner,
            [owner, signal] {
                if (owner)
                    emit(owner.data()->*signal)();
            },
            Qt::QueuedConnection);
    }

    DatabaseLocation m_location;
    ChangeListener *m_owner;
    QString m_connectionName;
    Database m_database;
    QTimer m_heartbeat;
    QTimer m_retry;
    int m_retryMs = firstRetryMs;
    bool m_hadConnection = false;
    bool m_failedOnce = false;
};

QString ChangeListener::channel()
{
    return QStringLiteral("prospecta_changes");
}

QString ChangeListener::applicationName()
{
    return QStringLiteral("prospecta-listener");
}

ChangeListener::ChangeListener(DatabaseLocation location, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
{
}

ChangeListener::~ChangeListener()
{
    stop();
}

void ChangeListener::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("change-listener"));
    m_worker = new ChangeListenerWorker(m_location, m_heartbeatMs, this);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    ChangeListenerWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->connectAndSubscribe(); }, Qt::QueuedConnection);
}

void ChangeListener::stop()
{
    if (!m_thread)
        return;
    // The worker's connection and timers belong to the listener thread: delete it there.
    ChangeListenerWorker *worker = m_worker;
    m_worker = nullptr;
    QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

} // namespace Prospecta
