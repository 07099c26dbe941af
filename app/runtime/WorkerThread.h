// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QObject;
class QThread;

namespace Prospecta {

// Deletes `worker` on `thread`, where its database connection and timers live and must
// end, then stops and deletes the thread. Without a running thread the worker is deleted
// here.
void deleteWorkerAndThread(QObject *worker, QThread *thread);

} // namespace Prospecta
