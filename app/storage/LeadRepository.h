// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QList>
#include <QVariant>

#include <optional>

namespace Prospecta {

class Database;

struct LeadListFilter
{
    QString phoneKey;   // exact identity, empty for all
    int limit = 0;      // 0: no limit
    int offset = 0;
};

class LeadRepository
{
public:
    explicit LeadRepository(const Database &database);

    Result<std::optional<Lead>> findByPhoneKey(const QString &phoneKey) const;
    Result<std::optional<Lead>> findById(qint64 id) const;
    Result<qint64> create(const Lead &lead, qint64 nowMs) const;
    Status setName(qint64 id, const QString &name, qint64 nowMs) const;
    Status setOptedOut(qint64 id, bool optedOut, qint64 nowMs) const;
    Status touchLastContact(qint64 id, qint64 atMs) const;

    // Newest first.
    Result<QList<Lead>> list(const LeadListFilter &filter = {}) const;

    // Rows for the leads view: the lead and its campaign's name.
    struct Row
    {
        Lead lead;
        QString campaignName;
    };
    Result<QList<Row>> listRows(int limit, int offset) const;
    Result<int> count() const;

private:
    // The lead whose `column` (a fixed column name, never user input) equals `value`.
    Result<std::optional<Lead>> findOne(const QString &column, const QVariant &value) const;

    const Database &m_database;
};

} // namespace Prospecta
