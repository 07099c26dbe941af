// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServiceHarness.h"

#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

namespace Prospecta::Testing {

ServiceHarness::ServiceHarness()
{
    m_location.engine = SqlEngine::Sqlite;
    m_location.filePath = m_dir.filePath(QStringLiteral("prospecta.db"));
}

QString ServiceHarness::keyPath() const
{
    return m_dir.filePath(QStringLiteral("installation.key"));
}

Status ServiceHarness::prepare(Database &database, const QString &connectionName, qint64 nowMs)
{
    if (const Status opened = database.open(m_location, connectionName); !opened)
        return opened;
    if (const Status migrated = Migrations::apply(database, nowMs); !migrated)
        return migrated;
    auto publicKey = InstallationKeys::ensurePublicKey(database, keyPath());
    if (!publicKey)
        return publicKey.error();
    m_publicKey = *publicKey;
    return {};
}

Status ServiceHarness::saveGupshup(Database &database, const QUrl &baseUrl, const QString &webhookToken,
                                   const QString &apiKey, qint64 nowMs) const
{
    const QMap<QString, QString> gupshup{
        {QStringLiteral("apiKey"), apiKey},
        {QStringLiteral("appName"), QStringLiteral("CrmVentasDemo")},
        {QStringLiteral("source"), QStringLiteral("51940000999")},
        {QStringLiteral("baseUrl"), baseUrl.toString()},
        {QStringLiteral("webhookToken"), webhookToken},
    };
    return saveIntegration(database, Provider::Gupshup, gupshup, nowMs);
}

Status ServiceHarness::saveIntegration(Database &database, Provider provider, const QMap<QString, QString> &values,
                                       qint64 nowMs) const
{
    return IntegrationRepository(database).save(provider, values, m_publicKey, nowMs);
}

Status ServiceHarness::setSetting(Database &database, const QString &key, const QString &value, qint64 nowMs)
{
    const auto stored = SettingsRepository(database).set(key, value, nowMs);
    return stored ? Status() : Status(stored.error());
}

Status ServiceHarness::prepareGupshupWithoutAi(const QUrl &gupshupBaseUrl, const QString &webhookToken, qint64 nowMs,
                                               const QMap<QString, QString> &settings)
{
    Database database;
    if (const Status prepared = prepare(database, QStringLiteral("test-setup"), nowMs); !prepared)
        return prepared;
    if (const Status saved = saveGupshup(database, gupshupBaseUrl, webhookToken,
                                         QStringLiteral("gupshup-test-key-000000000000"), nowMs);
        !saved)
        return saved;
    if (const Status aiOff = setSetting(database, QStringLiteral("ai.enabled"), QStringLiteral("false"), nowMs); !aiOff)
        return aiOff;
    for (auto setting = settings.cbegin(); setting != settings.cend(); ++setting) {
        if (const Status stored = setSetting(database, setting.key(), setting.value(), nowMs); !stored)
            return stored;
    }
    return {};
}

ServiceOptions ServiceHarness::serviceOptions(std::shared_ptr<Clock> clock) const
{
    ServiceOptions options;
    options.database = m_location;
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    options.privateKeyPath = keyPath();
    options.clock = std::move(clock);
    return options;
}

} // namespace Prospecta::Testing
