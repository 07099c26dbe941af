// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CheckpointThread.h"

#include "WorkerThread.h"
#include "core/Logging.h"
#include "storage/Database.h"

#include <QThread>
#include <QTimer>

namespace Prospecta {

class CheckpointThread::Worker : public QObject
{
public:
    Worker(CheckpointThread *owner, DatabaseLocation location, int intervalMs)
        : m_owner(owner)
        , m_location(std::move(location))
    {
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &Worker::checkpoint);
    }

    void start() { m_timer.start(); }

private:
    void checkpoint()
    {
        if (!m_database.isOpen()) {
            auto opened = m_database.open(m_location, QStringLiteral("checkpoint-%1").arg(quintptr(this)));
            if (!opened) {
                qCWarning(lcStorage) << "the checkpoint connection cannot open:" << opened.error().message;
                return;
            }
        }
        auto progress = m_database.checkpoint(Database::CheckpointMode::Passive);
        if (!progress) {
            qCWarning(lcStorage) << "WAL checkpoint failed:" << progress.error().message;
            return;
        }
        if (progress->copiedAll())
            emit m_owner->walCopied();
    }

    CheckpointThread *m_owner;
    DatabaseLocation m_location;
    Database m_database;
    QTimer m_timer{this};
};

CheckpointThread::CheckpointThread(DatabaseLocation location, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new Worker(this, std::move(location), intervalMs))
{
    m_thread->setObjectName(QStringLiteral("checkpoint"));
    m_worker->moveToThread(m_thread);
}

CheckpointThread::~CheckpointThread()
{
    deleteWorkerAndThread(m_worker, m_thread);
}

void CheckpointThread::start()
{
    m_thread->start();
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->start(); });
}

} // namespace Prospecta
