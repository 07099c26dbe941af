// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkerThread.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

namespace Prospecta {

void deleteWorkerAndThread(QObject *worker, QThread *thread)
{
    if (thread->isRunning()) {
        QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
    } else {
        delete worker;
    }
    delete thread;
}

} // namespace Prospecta
