// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CampaignRepository.h"

#include "Database.h"
#include "core/TextFolding.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Prospecta {

namespace {

QString instructionsToJson(const QMap<AgentType, QString> &instructions)
{
    QJsonObject object;
    for (auto it = instructions.cbegin(); it != instructions.cend(); ++it)
        object.insert(toString(it.key()), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QMap<AgentType, QString> instructionsFromJson(const QString &text)
{
    QMap<AgentType, QString> result;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (auto type = fromString<AgentType>(it.key()))
            result.insert(*type, it.value().toString());
    }
    return result;
}

const QString campaignColumns = QStringLiteral(
    "id, name, description, type, status, language, start_at, end_at, welcome_message, initial_agent, "
    "instructions, is_default, created_at");

Campaign readCampaign(const QSqlQuery &query)
{
    Campaign campaign;
    campaign.id = query.value(0).toLongLong();
    campaign.name = query.value(1).toString();
    campaign.description = query.value(2).toString();
    campaign.type = fromString<CampaignType>(query.value(3).toString()).value_or(CampaignType::WhatsApp);
    campaign.status = fromString<CampaignStatus>(query.value(4).toString()).value_or(CampaignStatus::Active);
    campaign.language = query.value(5).toString();
    campaign.startMs = query.value(6).toLongLong();
    campaign.endMs = query.value(7).toLongLong();
    campaign.welcomeMessage = query.value(8).toString();
    campaign.initialAgent = fromString<AgentType>(query.value(9).toString()).value_or(AgentType::Welcome);
    campaign.instructions = instructionsFromJson(query.value(10).toString());
    campaign.isDefault = query.value(11).toInt() != 0;
    campaign.createdMs = query.value(12).toLongLong();
    return campaign;
}

} // namespace

CampaignRepository::CampaignRepository(const Database &database)
    : m_database(database)
{
}

// The folded keys of the campaign's keywords, checked before anything is written so the
// error can name the campaign that owns a keyword. `campaignId` is the campaign being
// updated, whose own keywords are no conflict (0 when creating).
Result<QStringList> CampaignRepository::keywordKeys(const Campaign &campaign, qint64 campaignId) const
{
    QStringList keys;
    for (const QString &keyword : campaign.keywords) {
        const QString key = TextFolding::fold(keyword.trimmed());
        if (key.isEmpty())
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::CampaignRepository", "A campaign keyword is empty."),
                             {QStringLiteral("keywords")});
        if (keys.contains(key))
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::CampaignRepository",
                                                         "The keyword \"%1\" is given twice.")
                                 .arg(keyword),
                             {QStringLiteral("keywords")});
        auto owner = m_database.scalar(
            QStringLiteral("SELECT c.name FROM campaign_keywords k JOIN campaigns c ON c.id = k.campaign_id "
                           "WHERE k.keyword_key = ? AND k.campaign_id <> ?"),
            {key, campaignId});
        if (!owner)
            return owner.error();
        if (!owner->isNull())
            return makeError(ErrorKind::Conflict,
                             QCoreApplication::translate("Prospecta::CampaignRepository",
                                                         "The keyword \"%1\" already belongs to the campaign \"%2\": "
                                                         "keywords are unique across campaigns.")
                                 .arg(keyword, owner->toString()),
                             {QStringLiteral("keywords")});
        keys << key;
    }
    return keys;
}

Status CampaignRepository::insertKeywords(qint64 campaignId, const QStringList &keys, const QStringList &keywords) const
{
    for (qsizetype i = 0; i < keys.size(); ++i) {
        auto inserted = m_database.exec(
            QStringLiteral("INSERT INTO campaign_keywords (keyword_key, keyword, campaign_id) VALUES (?, ?, ?)"),
            {keys.at(i), keywords.at(i).trimmed(), campaignId});
        if (!inserted)
            return inserted.error();
    }
    return {};
}

Result<qint64> CampaignRepository::create(const Campaign &campaign, qint64 nowMs) const
{
    auto keys = keywordKeys(campaign, 0);
    if (!keys)
        return keys.error();

    if (campaign.isDefault) {
        auto cleared = m_database.update(QStringLiteral("UPDATE campaigns SET is_default = 0 WHERE is_default = 1"));
        if (!cleared)
            return cleared.error();
    }

    auto id = m_database.insert(
        QStringLiteral("INSERT INTO campaigns (%1name, description, type, status, language, start_at, end_at, "
                       "welcome_message, initial_agent, instructions, is_default, created_at, updated_at) "
                       "VALUES (%2?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .arg(m_database.newIdColumn(), m_database.newIdValue(QLatin1String("campaigns"))),
        {campaign.name, campaign.description, toString(campaign.type), toString(campaign.status),
         campaign.language, Database::nullableInstant(campaign.startMs), Database::nullableInstant(campaign.endMs),
         campaign.welcomeMessage, toString(campaign.initialAgent), instructionsToJson(campaign.instructions),
         campaign.isDefault ? 1 : 0, nowMs, nowMs});
    if (!id)
        return id;

    if (auto inserted = insertKeywords(*id, *keys, campaign.keywords); !inserted)
        return inserted.error();
    return id;
}

Status CampaignRepository::update(const Campaign &campaign, qint64 nowMs) const
{
    // Checked first so a missing campaign changes nothing, not even the default flag.
    auto exists = m_database.scalar(QStringLiteral("SELECT id FROM campaigns WHERE id = ?"), {campaign.id});
    if (!exists)
        return exists.error();
    if (exists->isNull())
        return makeError(ErrorKind::NotFound,
                         QCoreApplication::translate("Prospecta::CampaignRepository", "No campaign has the id %1.")
                             .arg(campaign.id));

    auto keys = keywordKeys(campaign, campaign.id);
    if (!keys)
        return keys.error();

    if (campaign.isDefault) {
        auto cleared = m_database.update(
            QStringLiteral("UPDATE campaigns SET is_default = 0 WHERE is_default = 1 AND id <> ?"), {campaign.id});
        if (!cleared)
            return cleared.error();
    }

    auto updated = m_database.update(
        QStringLiteral("UPDATE campaigns SET name = ?, description = ?, type = ?, status = ?, language = ?, "
                       "start_at = ?, end_at = ?, welcome_message = ?, initial_agent = ?, instructions = ?, "
                       "is_default = ?, updated_at = ? WHERE id = ?"),
        {campaign.name, campaign.description, toString(campaign.type), toString(campaign.status),
         campaign.language, Database::nullableInstant(campaign.startMs), Database::nullableInstant(campaign.endMs),
         campaign.welcomeMessage, toString(campaign.initialAgent), instructionsToJson(campaign.instructions),
         campaign.isDefault ? 1 : 0, nowMs, campaign.id});
    if (!updated)
        return updated.error();

    auto cleared = m_database.update(QStringLiteral("DELETE FROM campaign_keywords WHERE campaign_id = ?"), {campaign.id});
    if (!cleared)
        return cleared.error();
    return insertKeywords(campaign.id, *keys, campaign.keywords);
}

Status CampaignRepository::remove(qint64 id) const
{
    // Keywords go by ON DELETE CASCADE; leads and conversations keep their rows with a
    // NULL campaign_id by ON DELETE SET NULL (SQLite connections enable foreign keys).
    auto deleted = m_database.update(QStringLiteral("DELETE FROM campaigns WHERE id = ?"), {id});
    if (!deleted)
        return deleted.error();
    if (*deleted == 0)
        return makeError(ErrorKind::NotFound,
                         QCoreApplication::translate("Prospecta::CampaignRepository", "No campaign has the id %1.")
                             .arg(id));
    return {};
}

Result<QList<Campaign>> CampaignRepository::list() const
{
    return listPage(QString(), {});
}

Result<QList<Campaign>> CampaignRepository::list(int limit, int offset) const
{
    return listPage(QStringLiteral(" LIMIT ? OFFSET ?"), {limit, offset});
}

Result<int> CampaignRepository::count() const
{
    auto value = m_database.scalar(QStringLiteral("SELECT COUNT(*) FROM campaigns"), {}, 0);
    if (!value)
        return value.error();
    return value->toInt();
}

Result<QList<Campaign>> CampaignRepository::listPage(const QString &page, const QVariantList &values) const
{
    auto query = m_database.exec(QStringLiteral("SELECT %1 FROM campaigns ORDER BY id").arg(campaignColumns) + page,
                                 values);
    if (!query)
        return query.error();
    QList<Campaign> campaigns;
    while (query->next())
        campaigns << readCampaign(*query);
    query->finish();
    if (campaigns.isEmpty())
        return campaigns;

    // The rows are in id order, so the keywords of the page are those in its id range.
    auto keywords = m_database.exec(QStringLiteral("SELECT campaign_id, keyword FROM campaign_keywords "
                                                   "WHERE campaign_id BETWEEN ? AND ? ORDER BY keyword"),
                                    {campaigns.first().id, campaigns.last().id});
    if (!keywords)
        return keywords.error();
    while (keywords->next()) {
        const qint64 campaignId = keywords->value(0).toLongLong();
        for (Campaign &campaign : campaigns) {
            if (campaign.id == campaignId)
                campaign.keywords << keywords->value(1).toString();
        }
    }
    keywords->finish();
    return campaigns;
}

Result<std::optional<Campaign>> CampaignRepository::findById(qint64 id) const
{
    auto query = m_database.exec(QStringLiteral("SELECT %1 FROM campaigns WHERE id = ?").arg(campaignColumns), {id});
    if (!query)
        return query.error();
    std::optional<Campaign> campaign;
    if (query->next())
        campaign = readCampaign(*query);
    query->finish();
    if (!campaign)
        return campaign;

    auto keywords = m_database.exec(
        QStringLiteral("SELECT keyword FROM campaign_keywords WHERE campaign_id = ? ORDER BY keyword"), {id});
    if (!keywords)
        return keywords.error();
    while (keywords->next())
        campaign->keywords << keywords->value(0).toString();
    keywords->finish();
    return campaign;
}

Result<qint64> CampaignRepository::campaignForFirstMessage(const QString &text) const
{
    const QString folded = TextFolding::fold(text);
    auto keywords = m_database.execCached(QStringLiteral(
        "SELECT k.keyword_key, k.campaign_id FROM campaign_keywords k JOIN campaigns c ON c.id = k.campaign_id "
        "WHERE c.status = 'active' ORDER BY k.campaign_id, k.keyword_key"));
    if (!keywords)
        return keywords.error();
    qint64 match = 0;
    while (keywords->next()) {
        if (TextFolding::containsWholeWord(folded, keywords->value(0).toString())) {
            match = keywords->value(1).toLongLong();
            break;
        }
    }
    keywords->finish();
    if (match > 0)
        return match;

    // Like a keyword, the default takes new leads only while its campaign is active: a
    // paused campaign must not greet anyone.
    auto fallback = m_database.scalar(
        QStringLiteral("SELECT id FROM campaigns WHERE is_default = 1 AND status = 'active'"), {}, 0);
    if (!fallback)
        return fallback.error();
    return fallback->toLongLong();
}

} // namespace Prospecta
