// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/DatabaseLocation.h"

#include <QObject>

class QThread;

namespace Prospecta {

// Copies the SQLite WAL into the database file with its own connection on its own
// thread, because a checkpoint on the writer's thread stalled webhooks and AI turns.
// PASSIVE takes no lock that the writer or the readers wait for.
//
// The WAL file starts over only after a checkpoint that left nothing to copy, and the
// writer keeps appending while this thread copies. So walCopied() triggers a short
// checkpoint on the writer for the pages written meanwhile. Without it the WAL grew by
// 18 MB/s at 100 AI turns/s, and cutting it back to journal_size_limit stalled the
// writer for 150 ms.
class CheckpointThread : public QObject
{
    Q_OBJECT

public:
    CheckpointThread(DatabaseLocation location, int intervalMs, QObject *parent = nullptr);
    // Stops the timer and waits for the running checkpoint to end.
    ~CheckpointThread() override;

    void start();

signals:
    // Emitted on the checkpoint thread when every page that the WAL contained at the
    // start of a checkpoint is in the database file.
    void walCopied();

private:
    class Worker;

    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
};

} // namespace Prospecta
