// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QList>

#include <optional>

namespace Prospecta {

class Database;

class CampaignRepository
{
public:
    explicit CampaignRepository(const Database &database);

    // Stores a campaign with its keywords. A keyword already used by any campaign
    // (compared without case or accents) is ErrorKind::Conflict naming the keyword and
    // that campaign. With isDefault set, the campaign replaces the previous default.
    Result<qint64> create(const Campaign &campaign, qint64 nowMs) const;

    // Replaces every field of the campaign `campaign.id`, its keywords included, under the
    // rules of create(): a keyword of another campaign is a Conflict naming it. NotFound
    // when no campaign has that id. The caller runs it inside a transaction.
    Status update(const Campaign &campaign, qint64 nowMs) const;

    // Deletes the campaign and its keywords. Its leads and conversations stay, with no
    // campaign (the schema's ON DELETE SET NULL). NotFound when no campaign has that id.
    Status remove(qint64 id) const;

    // Returns campaigns in id order (oldest first) with their keywords, either all of them
    // or `limit` of them after skipping `offset`.
    Result<QList<Campaign>> list() const;
    Result<QList<Campaign>> list(int limit, int offset) const;
    Result<int> count() const;
    Result<std::optional<Campaign>> findById(qint64 id) const;

    // The campaign a new lead joins: the one with a keyword that appears as a whole word
    // in its first message, else the default campaign, else none (0).
    Result<qint64> campaignForFirstMessage(const QString &text) const;

private:
    // Runs list() with `page` (a LIMIT clause or nothing) appended to its ordered SELECT and
    // bound to `values`.
    Result<QList<Campaign>> listPage(const QString &page, const QVariantList &values) const;
    Result<QStringList> keywordKeys(const Campaign &campaign, qint64 campaignId) const;
    Status insertKeywords(qint64 campaignId, const QStringList &keys, const QStringList &keywords) const;

    const Database &m_database;
};

} // namespace Prospecta
