// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

namespace Prospecta {

class Database;

// An inbound message whose media waits to be downloaded.
struct PendingMedia
{
    qint64 messageId = 0;
    QString url;
    QString contentType; // the message's kind: image, audio, video, file, sticker
    int attempts = 0;
};

// The download state of inbound media (columns media_* of messages).
class MediaRepository
{
public:
    explicit MediaRepository(const Database &database);

    // Pending downloads whose next attempt is due, the longest due first.
    Result<QList<PendingMedia>> due(qint64 nowMs, int limit) const;

    // The earliest next attempt of a pending download, 0 when none waits.
    Result<qint64> nextDueMs() const;

    Status markDownloaded(qint64 messageId, const QString &relativePath) const;
    // Another attempt at `nextAttemptMs`, or failed for good when that is 0.
    Status markFailed(qint64 messageId, const QString &error, int attempts, qint64 nextAttemptMs) const;

private:
    const Database &m_database;
};

} // namespace Prospecta
