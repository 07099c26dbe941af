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

// A WhatsApp template that Meta approved, as an administrator entered it. WhatsApp
// delivers only templates once 24 hours have passed since the lead last wrote.
struct MessageTemplate
{
    qint64 id = 0;
    QString name;     // Gupshup's template id, sent as template.id
    QString language; // as Gupshup lists it: "es", "es_MX", "en_US"
    QString body;     // the approved text, with numbered parameters {{1}}, {{2}}, …
    qint64 updatedMs = 0;
};

class MessageTemplateRepository
{
public:
    explicit MessageTemplateRepository(const Database &database);

    // By name, then language.
    Result<QList<MessageTemplate>> list() const;
    Result<std::optional<MessageTemplate>> findById(qint64 id) const;
    // Whether another template than `exceptId` already has this name and language,
    // which the table keeps unique.
    Result<bool> exists(const QString &name, const QString &language, qint64 exceptId) const;
    Result<qint64> create(const MessageTemplate &messageTemplate, qint64 nowMs) const;
    Status update(const MessageTemplate &messageTemplate, qint64 nowMs) const;
    Status remove(qint64 id) const;

private:
    const Database &m_database;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::MessageTemplate)
