// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConfigurationService.h"

#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "core/Clock.h"
#include "security/SecretBox.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/SettingsRepository.h"

namespace Prospecta {

ConfigurationService::ConfigurationService(const Database &database, const Clock &clock, QString privateKeyPath)
    : m_database(database)
    , m_clock(clock)
    , m_privateKeyPath(std::move(privateKeyPath))
{
}

Status ConfigurationService::setIntegration(const Actor &actor, Provider provider,
                                            const QMap<QString, QString> &values) const
{
    QMap<QString, QString> checked = values;
    for (auto it = checked.cbegin(); it != checked.cend(); ++it) {
        if (!IntegrationCatalog::findKey(provider, it.key()))
            return makeError(ErrorKind::InvalidArgument,
                             tr("%1 has no key \"%2\".").arg(toString(provider), it.key()), {it.key()});
        if (!it.value().isEmpty()) {
            if (auto valid = IntegrationCatalog::validate(provider, it.key(), it.value()); !valid)
                return valid;
        }
    }

    return protectedChange(m_database, actor, Permission::ManageIntegrations, [&](const Principal &principal) -> Status {
        auto publicKey = InstallationKeys::ensurePublicKey(m_database, m_privateKeyPath);
        if (!publicKey)
            return publicKey.error();
        IntegrationRepository repository(m_database);
        // An empty token requests a new random one rather than turning the webhook off.
        if (provider == Provider::Gupshup && checked.contains(QStringLiteral("webhookToken"))
            && checked.value(QStringLiteral("webhookToken")).isEmpty())
            checked.insert(QStringLiteral("webhookToken"), SecretBox::randomToken());
        if (provider == Provider::Gupshup && !checked.contains(QStringLiteral("webhookToken"))) {
            auto record = repository.load(provider);
            if (!record)
                return record.error();
            if (!record->sealed.contains(QStringLiteral("webhookToken")))
                checked.insert(QStringLiteral("webhookToken"), SecretBox::randomToken());
        }
        if (auto saved = repository.save(provider, checked, *publicKey, m_clock.nowMs()); !saved)
            return saved;
        // The key names record what changed, while the values (secrets among them) stay out of the log.
        return AuditLog(m_database, m_clock).record(principal, AuditAction::IntegrationChanged,
                                                    QStringLiteral("integration"), toString(provider),
                                                    QStringLiteral("keys=") + checked.keys().join(QLatin1Char(',')));
    });
}

Result<ConfigurationService::WebhookUrl> ConfigurationService::webhookUrl(const Actor &actor, Provider provider,
                                                                          const QString &listen) const
{
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    auto principal = Authorizer(m_database).require(actor, Permission::ManageIntegrations);
    if (!principal)
        return principal.error();

    QString path;
    switch (provider) {
    case Provider::Gupshup: {
        auto record = IntegrationRepository(m_database).load(provider);
        if (!record)
            return record.error();
        std::optional<KeyPair> keys;
        if (auto loaded = InstallationKeys::load(m_database, m_privateKeyPath))
            keys = *loaded;
        const IntegrationValues values = IntegrationRepository::open(*record, keys);
        if (values.needsReentry.contains(QStringLiteral("webhookToken")))
            return makeError(ErrorKind::SecretUnavailable,
                             tr("The gupshup webhook token cannot be read (the installation key is missing): set a "
                                "new one with `prospecta integration set gupshup webhookToken=…`."));
        const QString token = values.value(QStringLiteral("webhookToken"));
        if (token.isEmpty())
            return makeError(ErrorKind::NotFound,
                             tr("The gupshup integration has no webhook token yet: run `prospecta integration set "
                                "gupshup apiKey=… appName=… source=…` first."));
        path = QStringLiteral("/api/webhooks/gupshup/") + token;
        break;
    }
    case Provider::Twilio:
        path = QStringLiteral("/api/webhooks/twilio/call");
        break;
    case Provider::Meta:
        path = QStringLiteral("/api/webhooks/meta");
        break;
    case Provider::OpenAi:
    case Provider::Other:
        return makeError(ErrorKind::InvalidArgument,
                         tr("%1 sends no webhooks; webhook URLs exist for gupshup, twilio and meta.")
                             .arg(toString(provider)));
    }

    auto settings = SettingsRepository(m_database).load();
    if (!settings)
        return settings.error();
    WebhookUrl result;
    QString base = settings->text(QStringLiteral("server.publicUrl"));
    if (base.isEmpty()) {
        base = QStringLiteral("http://") + (listen.isEmpty() ? settings->text(QStringLiteral("server.listen")) : listen);
        result.local = true;
    }
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    result.url = base + path;

    if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::WebhookUrlShown,
                                                            QStringLiteral("integration"), toString(provider));
        !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return result;
}

Result<QString> ConfigurationService::setSetting(const Actor &actor, const QString &key, const QString &value) const
{
    const Permission needed = key == QLatin1String("ai.enabled") ? Permission::PauseAi : Permission::ManageSettings;
    return protectedChange(m_database, actor, needed, [&](const Principal &principal) -> Result<QString> {
        auto stored = SettingsRepository(m_database).set(key, value, m_clock.nowMs());
        if (!stored)
            return stored;
        // The key only: a setting's value is configuration, not something the log should copy.
        if (auto audited = AuditLog(m_database, m_clock).record(principal, AuditAction::SettingChanged,
                                                                QStringLiteral("setting"), key);
            !audited)
            return audited.error();
        return stored;
    });
}

// A campaign's name is listed, filtered on and exported like a lead's, under the same rule.
namespace {

// "001B" for ESC.
QString codePointText(QChar c)
{
    return QStringLiteral("%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
}

} // namespace

Status ConfigurationService::checkCampaign(const Campaign &campaign)
{
    const QString name = campaign.name.trimmed();
    if (name.isEmpty())
        return makeError(ErrorKind::MissingField, tr("The campaign's name is missing: write one."), {QStringLiteral("name")});
    if (auto valid = NameRule::check(name, QStringLiteral("name")); !valid)
        return valid;

    if (const auto forbidden = NameRule::forbiddenTextCharacter(campaign.welcomeMessage))
        return makeError(ErrorKind::InvalidArgument,
                         tr("The welcome message contains the control character U+%1; remove it. Line breaks and "
                            "tabs are allowed.")
                             .arg(codePointText(*forbidden)),
                         {QStringLiteral("welcomeMessage")});
    for (auto it = campaign.instructions.cbegin(); it != campaign.instructions.cend(); ++it) {
        const QString agent = toString(it.key());
        if (it.value().trimmed().isEmpty())
            return makeError(ErrorKind::InvalidArgument,
                             tr("The instructions for the %1 agent are empty; write them, or leave that agent out.")
                                 .arg(agent),
                             {QStringLiteral("instructions")});
        if (const auto forbidden = NameRule::forbiddenTextCharacter(it.value()))
            return makeError(ErrorKind::InvalidArgument,
                             tr("The instructions for the %1 agent contain the control character U+%2; remove it. "
                                "Line breaks and tabs are allowed.")
                                 .arg(agent, codePointText(*forbidden)),
                             {QStringLiteral("instructions")});
    }
    return {};
}

Result<qint64> ConfigurationService::createCampaign(const Actor &actor, const Campaign &campaign) const
{
    if (auto valid = checkCampaign(campaign); !valid)
        return valid.error();
    return protectedChange(m_database, actor, Permission::ManageCampaigns, [&](const Principal &principal) -> Result<qint64> {
        auto id = CampaignRepository(m_database).create(campaign, m_clock.nowMs());
        if (!id)
            return id;
        if (auto audited = AuditLog(m_database, m_clock).record(principal, AuditAction::CampaignCreated,
                                                                QStringLiteral("campaign"), QString::number(*id),
                                                                campaign.name);
            !audited)
            return audited.error();
        return id;
    });
}

Status ConfigurationService::updateCampaign(const Actor &actor, const Campaign &campaign) const
{
    if (auto valid = checkCampaign(campaign); !valid)
        return valid;
    return protectedChange(m_database, actor, Permission::ManageCampaigns, [&](const Principal &principal) -> Status {
        if (auto updated = CampaignRepository(m_database).update(campaign, m_clock.nowMs()); !updated)
            return updated;
        return AuditLog(m_database, m_clock).record(principal, AuditAction::CampaignUpdated, QStringLiteral("campaign"),
                                                    QString::number(campaign.id), campaign.name);
    });
}

Status ConfigurationService::deleteCampaign(const Actor &actor, qint64 id) const
{
    return protectedChange(m_database, actor, Permission::ManageCampaigns, [&](const Principal &principal) -> Status {
        // The audit detail keeps the name because the row that contains it is deleted next.
        auto existing = CampaignRepository(m_database).findById(id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return makeError(ErrorKind::NotFound, tr("No campaign has the id %1.").arg(id));
        if (auto removed = CampaignRepository(m_database).remove(id); !removed)
            return removed;
        return AuditLog(m_database, m_clock).record(principal, AuditAction::CampaignDeleted, QStringLiteral("campaign"),
                                                    QString::number(id), (*existing)->name);
    });
}

} // namespace Prospecta
