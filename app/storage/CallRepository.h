// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QList>

#include <optional>

namespace Prospecta {

class Database;

// Reads the calls table. Calls are written by the telephony code; this repository only
// lists and reads them.
class CallRepository
{
public:
    explicit CallRepository(const Database &database);

    // Most recent first (by start time, else creation time). agentUserId > 0 keeps the
    // calls of that agent's own and unassigned leads; leadId > 0 keeps that lead's calls.
    Result<QList<Call>> list(qint64 agentUserId, qint64 leadId, int limit, int offset) const;
    Result<int> count(qint64 agentUserId, qint64 leadId) const;
    Result<std::optional<Call>> findById(qint64 id) const;

private:
    const Database &m_database;
};

} // namespace Prospecta
