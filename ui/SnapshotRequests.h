// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Prospecta {

// The next request id for the SnapshotReader. Every view shares one reader, whose
// failed() signal carries only the id, so ids must be unique across views. GUI thread
// only.
inline int nextSnapshotRequestId()
{
    static int lastId = 0;
    return ++lastId;
}

} // namespace Prospecta
