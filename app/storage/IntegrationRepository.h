// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Enums.h"
#include "security/SecretBox.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Prospecta {

class Database;

struct IntegrationKeySpec
{
    QString key;
    bool secret = false;
    QString defaultValue;
};

// The keys each provider takes; secrets are sealed before they reach the database.
class IntegrationCatalog
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::IntegrationCatalog)

public:
    static QStringList providerNames();
    static std::optional<Provider> providerFor(const QString &name);
    static QList<IntegrationKeySpec> keysFor(Provider provider);
    static const IntegrationKeySpec *findKey(Provider provider, const QString &key);

    // The maximum length of a value, in UTF-16 code units.
    static constexpr int MaxValueLength = 2048;

    // Checks one value. No value may contain a control character, start or end with white
    // space, or be longer than MaxValueLength. A baseUrl must be https, or http on a
    // loopback host only. The webhook token, the Gupshup source (a valid phone number in
    // the provider's id form) and the providers' account and number ids must have their
    // documented form. An empty value is not checked here.
    static Status validate(Provider provider, const QString &key, const QString &value);
};

// An integration as stored: plain configuration and sealed secrets.
struct IntegrationRecord
{
    Provider provider = Provider::Other;
    bool exists = false;
    bool active = true;
    QMap<QString, QString> config;
    QMap<QString, QByteArray> sealed;
    qint64 lastWebhookMs = 0;
    qint64 updatedMs = 0;
};

// An integration with its secrets opened.
struct IntegrationValues
{
    bool exists = false;
    QMap<QString, QString> values;  // every key: config, opened secrets, defaults
    QStringList needsReentry;       // secrets that could not be opened

    QString value(const QString &key) const { return values.value(key); }
    bool usable(const QStringList &requiredKeys) const;
};

class IntegrationRepository
{
public:
    explicit IntegrationRepository(const Database &database);

    Result<IntegrationRecord> load(Provider provider) const;

    // Merges `values` into the stored integration, sealing secrets to `publicKey`.
    Status save(Provider provider, const QMap<QString, QString> &values,
                const QByteArray &publicKey, qint64 nowMs) const;

    Status recordWebhook(Provider provider, qint64 nowMs) const;

    // Opens the secrets of a record with the key pair, when there is one.
    static IntegrationValues open(const IntegrationRecord &record, const std::optional<KeyPair> &keys);

private:
    const Database &m_database;
};

// The installation's key pair: the public half in the database, the private half in a
// file outside it.
class InstallationKeys
{
public:
    // The public key, creating the pair (and the private key file at `privateKeyPath`)
    // on first use. When the database has no public key but the file exists, the file's
    // pair is adopted.
    static Result<QByteArray> ensurePublicKey(const Database &database, const QString &privateKeyPath);

    // The pair, when the private key file exists and matches the database's public key;
    // ErrorKind::SecretUnavailable otherwise (secrets then need re-entry).
    static Result<KeyPair> load(const Database &database, const QString &privateKeyPath);
};

} // namespace Prospecta
