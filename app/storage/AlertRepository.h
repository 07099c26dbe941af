// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace Prospecta {

class Database;

// A problem an administrator must act on, such as an AI key the provider rejects.
struct AdminAlert
{
    qint64 id = 0;
    QString kind;     // "openai.keyOrQuota"
    QString message;  // the provider's own words, for the details
    qint64 createdMs = 0;
};

// The alerts table: at most one open alert per kind, resolved by an administrator.
class AlertRepository
{
public:
    explicit AlertRepository(const Database &database);

    // Opens an alert of `kind`, or gives the open one of that kind this message. Returns
    // the alert's id, or 0 when the open alert already had this message.
    Result<qint64> raiseOnce(const QString &kind, const QString &message, qint64 nowMs) const;

    // Open alerts, oldest first.
    Result<QList<AdminAlert>> open() const;

    // NotFound when no open alert has this id.
    Status resolve(qint64 id, qint64 nowMs) const;

private:
    const Database &m_database;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::AdminAlert)
