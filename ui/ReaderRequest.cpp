// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReaderRequest.h"

#include "Session.h"
#include "runtime/SnapshotReader.h"

namespace Prospecta {

namespace {

// Every view shares one reader, whose failed() signal carries only the id, so ids must
// be unique across views. GUI thread only.
int nextSnapshotRequestId()
{
    static int lastId = 0;
    return ++lastId;
}

} // namespace

ReaderRequest::ReaderRequest(SnapshotReader *reader, Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(reader, &SnapshotReader::failed, this, &ReaderRequest::readerFailed);
}

int ReaderRequest::next()
{
    m_pendingId = nextSnapshotRequestId();
    return m_pendingId;
}

bool ReaderRequest::finish(int requestId)
{
    if (requestId != m_pendingId)
        return false;
    m_pendingId = 0;
    return true;
}

void ReaderRequest::readerFailed(int requestId, const QString &message, bool sessionEnded)
{
    if (!finish(requestId))
        return;
    if (sessionEnded) {
        m_session->end(message);
        return;
    }
    emit failed(message);
}

} // namespace Prospecta
