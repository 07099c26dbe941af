// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageTemplateRepository.h"

#include "Database.h"

namespace Prospecta {

namespace {

const QString Columns = QStringLiteral("id, name, language, body, updated_at");

Result<QList<MessageTemplate>> readTemplates(Result<QSqlQuery> query)
{
    if (!query)
        return query.error();
    QList<MessageTemplate> templates;
    while (query->next()) {
        MessageTemplate messageTemplate;
        messageTemplate.id = query->value(0).toLongLong();
        messageTemplate.name = query->value(1).toString();
        messageTemplate.language = query->value(2).toString();
        messageTemplate.body = query->value(3).toString();
        messageTemplate.updatedMs = query->value(4).toLongLong();
        templates << messageTemplate;
    }
    query->finish();
    return templates;
}

} // namespace

MessageTemplateRepository::MessageTemplateRepository(const Database &database)
    : m_database(database)
{
}

Result<QList<MessageTemplate>> MessageTemplateRepository::list() const
{
    return readTemplates(m_database.exec(
        QStringLiteral("SELECT %1 FROM message_templates ORDER BY name, language, id").arg(Columns)));
}

Result<std::optional<MessageTemplate>> MessageTemplateRepository::findById(qint64 id) const
{
    auto templates = readTemplates(
        m_database.exec(QStringLiteral("SELECT %1 FROM message_templates WHERE id = ?").arg(Columns), {id}));
    if (!templates)
        return templates.error();
    if (templates->isEmpty())
        return std::optional<MessageTemplate>();
    return std::optional<MessageTemplate>(templates->first());
}

Result<bool> MessageTemplateRepository::exists(const QString &name, const QString &language, qint64 exceptId) const
{
    auto count = m_database.scalar(
        QStringLiteral("SELECT COUNT(*) FROM message_templates WHERE name = ? AND language = ? AND id <> ?"),
        {name, language, exceptId}, 0);
    if (!count)
        return count.error();
    return count->toInt() > 0;
}

Result<qint64> MessageTemplateRepository::create(const MessageTemplate &messageTemplate, qint64 nowMs) const
{
    return m_database.insert(
        QStringLiteral("INSERT INTO message_templates (name, language, body, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?) RETURNING id"),
        {messageTemplate.name, messageTemplate.language, messageTemplate.body, nowMs, nowMs});
}

Status MessageTemplateRepository::update(const MessageTemplate &messageTemplate, qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE message_templates SET name = ?, language = ?, body = ?, updated_at = ? WHERE id = ?"),
        {messageTemplate.name, messageTemplate.language, messageTemplate.body, nowMs, messageTemplate.id});
    if (!updated)
        return updated.error();
    return {};
}

Status MessageTemplateRepository::remove(qint64 id) const
{
    auto removed = m_database.update(QStringLiteral("DELETE FROM message_templates WHERE id = ?"), {id});
    if (!removed)
        return removed.error();
    return {};
}

} // namespace Prospecta
