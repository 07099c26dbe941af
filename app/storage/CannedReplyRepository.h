// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Prospecta {

class Database;

// A reply a person inserts into the composer instead of typing it. The body may contain
// {name}, which the composer replaces with the lead's first name.
struct CannedReply
{
    qint64 id = 0;
    qint64 ownerUserId = 0; // 0: shared with everyone
    QString title;
    QString body;
    qint64 updatedMs = 0;

    bool shared() const { return ownerUserId == 0; }
};

class CannedReplyRepository
{
public:
    explicit CannedReplyRepository(const Database &database);

    // The shared replies and `userId`'s own, by title without case.
    Result<QList<CannedReply>> visibleTo(qint64 userId) const;
    Result<std::optional<CannedReply>> findById(qint64 id) const;
    // `createdBy` is the user who wrote it (0 for the command line).
    Result<qint64> create(const CannedReply &reply, qint64 createdBy, qint64 nowMs) const;
    // Title and body only: who owns a reply never changes.
    Status update(const CannedReply &reply, qint64 nowMs) const;
    Status remove(qint64 id) const;

private:
    const Database &m_database;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::CannedReply)
