// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace Prospecta {

class Session;
class SnapshotReader;

// The one SnapshotReader request a view waits for. Every view shares the reader, so a
// view must ignore the results of other views' requests and of its own superseded ones.
// A failure of the pending request ends the session when the reader reports that the
// viewer was deactivated, and is otherwise passed on through failed() for the view to show.
class ReaderRequest : public QObject
{
    Q_OBJECT

public:
    // `session` must outlive this object.
    ReaderRequest(SnapshotReader *reader, Session *session, QObject *parent);

    // Returns a new request id, which supersedes the pending one.
    int next();
    // Returns whether `requestId` is the pending request, which is then no longer pending.
    // The view calls this first in each *Ready slot.
    bool finish(int requestId);
    // Forgets the pending request, so that its result is ignored.
    void cancel() { m_pendingId = 0; }

signals:
    // The pending request failed while the session stays open.
    void failed(const QString &message);

private:
    void readerFailed(int requestId, const QString &message, bool sessionEnded);

    Session *m_session;
    int m_pendingId = 0;
};

} // namespace Prospecta
