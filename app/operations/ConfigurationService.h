// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Actor.h"
#include "domain/Entities.h"

#include <QCoreApplication>
#include <QMap>

namespace Prospecta {

class Clock;
class Database;

// The administrator's changes to how the installation works: integrations, settings and
// campaigns. Each is checked against the actor's role and audited (which keys changed,
// never their values) in the same transaction as the change.
class ConfigurationService
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::ConfigurationService)

public:
    ConfigurationService(const Database &database, const Clock &clock, QString privateKeyPath);

    // Merges `values` into the provider's integration; an empty value clears its key.
    // Sealing needs only the installation's public key. Gupshup gets a random webhook
    // token when it has none.
    Status setIntegration(const Actor &actor, Provider provider, const QMap<QString, QString> &values) const;

    struct WebhookUrl
    {
        QString url;
        bool local = false; // server.publicUrl is not set: providers cannot reach this URL
    };
    // The URL to paste into the provider's console, token included (so it is audited).
    // Without server.publicUrl, the local URL from `listen` (or server.listen).
    Result<WebhookUrl> webhookUrl(const Actor &actor, Provider provider, const QString &listen = {}) const;

    // Returns the value as stored. ai.enabled is the "pause all AI" switch, which
    // managers may use too; every other key needs an administrator.
    Result<QString> setSetting(const Actor &actor, const QString &key, const QString &value) const;

    Result<qint64> createCampaign(const Actor &actor, const Campaign &campaign) const;

    // Replaces every field of the campaign `campaign.id` (CampaignRepository::update).
    Status updateCampaign(const Actor &actor, const Campaign &campaign) const;

    // Deletes a campaign; its leads and conversations stay, without a campaign.
    Status deleteCampaign(const Actor &actor, qint64 id) const;

private:
    // Rejects a missing name and one that NameRule::check rejects, a welcome message or
    // instructions with a control character that NameRule::forbiddenTextCharacter finds,
    // and instructions without text.
    static Status checkCampaign(const Campaign &campaign);

    const Database &m_database;
    const Clock &m_clock;
    QString m_privateKeyPath;
};

} // namespace Prospecta
