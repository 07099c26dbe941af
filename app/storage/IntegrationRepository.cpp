// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntegrationRepository.h"

#include "Database.h"
#include "channels/PhoneNumbers.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Prospecta {

namespace {

IntegrationKeySpec key(const char *name, bool secret = false, const char *defaultValue = "")
{
    return IntegrationKeySpec{QString::fromLatin1(name), secret, QString::fromLatin1(defaultValue)};
}

QJsonObject toJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QString> fromJson(const QString &text)
{
    QMap<QString, QString> map;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

bool isLoopback(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

const QString publicKeyName = QStringLiteral("worker.publicKey");

} // namespace

QStringList IntegrationCatalog::providerNames()
{
    return {QStringLiteral("gupshup"), QStringLiteral("openai"), QStringLiteral("twilio"), QStringLiteral("meta")};
}

std::optional<Provider> IntegrationCatalog::providerFor(const QString &name)
{
    if (!providerNames().contains(name))
        return std::nullopt;
    return fromString<Provider>(name);
}

QList<IntegrationKeySpec> IntegrationCatalog::keysFor(Provider provider)
{
    switch (provider) {
    case Provider::Gupshup:
        return {key("apiKey", true), key("appName"), key("source"),
                key("baseUrl", false, "https://api.gupshup.io/wa/api/v1"), key("webhookToken", true)};
    case Provider::OpenAi:
        return {key("apiKey", true), key("model", false, "gpt-4o"),
                key("baseUrl", false, "https://api.openai.com/v1")};
    case Provider::Twilio:
        return {key("accountSid"), key("authToken", true), key("sharedKey", true), key("phoneNumber"),
                key("baseUrl", false, "https://api.twilio.com")};
    case Provider::Meta:
        return {key("accessToken", true), key("appSecret", true), key("verifyToken", true),
                key("phoneNumberId"), key("baseUrl", false, "https://graph.facebook.com/v21.0")};
    case Provider::Other:
        break;
    }
    return {};
}

const IntegrationKeySpec *IntegrationCatalog::findKey(Provider provider, const QString &name)
{
    static const QMap<Provider, QList<IntegrationKeySpec>> all = [] {
        QMap<Provider, QList<IntegrationKeySpec>> map;
        for (Provider p : {Provider::Gupshup, Provider::OpenAi, Provider::Twilio, Provider::Meta})
            map.insert(p, keysFor(p));
        return map;
    }();
    const auto it = all.constFind(provider);
    if (it == all.cend())
        return nullptr;
    for (const IntegrationKeySpec &spec : *it) {
        if (spec.key == name)
            return &spec;
    }
    return nullptr;
}

namespace {

bool allAsciiDigits(const QString &value)
{
    return !value.isEmpty()
        && std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.isDigit() && c.unicode() < 128; });
}

} // namespace

Status IntegrationCatalog::validate(Provider provider, const QString &name, const QString &value)
{
    const auto invalid = [&](const QString &message) { return makeError(ErrorKind::InvalidArgument, message, {name}); };

    // Keys, ids and URLs never contain them, and a pasted line break would end up in a
    // request header or a URL.
    if (std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return invalid(tr("Invalid %1 %2: the value contains a tab, a line break or another control character; "
                          "paste it again without them.")
                           .arg(toString(provider), name));
    // No key, token, id or URL of these providers starts or ends with white space, so a
    // space there was copied by accident and would make every request fail.
    if (!value.isEmpty() && (value.front().isSpace() || value.back().isSpace()))
        return invalid(tr("Invalid %1 %2: the value starts or ends with a space; paste it again without it.")
                           .arg(toString(provider), name));
    // The cap is well above the longest real values (access tokens of a few hundred
    // characters, an estimate from published examples), so it only catches a wrong paste.
    if (value.size() > IntegrationCatalog::MaxValueLength)
        return invalid(tr("Invalid %1 %2: the value has %3 characters, more than %4; check what was pasted.")
                           .arg(toString(provider), name)
                           .arg(value.size())
                           .arg(IntegrationCatalog::MaxValueLength));

    if (name == QLatin1String("baseUrl")) {
        const QUrl url(value, QUrl::StrictMode);
        const bool https = url.scheme() == QLatin1String("https");
        const bool localHttp = url.scheme() == QLatin1String("http") && isLoopback(url.host());
        if (!url.isValid())
            return invalid(tr("Invalid %1 baseUrl \"%2\": it is not a URL (check the port, at most 65535); write "
                              "it like https://api.example.com/v1.")
                               .arg(toString(provider), value));
        if ((https || url.scheme() == QLatin1String("http")) && url.host().isEmpty())
            return invalid(tr("Invalid %1 baseUrl \"%2\": it names no host; write it like "
                              "https://api.example.com/v1.")
                               .arg(toString(provider), value));
        if (url.host().isEmpty() || !(https || localHttp))
            return invalid(tr("Invalid %1 baseUrl \"%2\": use an https URL (plain http is allowed only for a "
                              "loopback host such as 127.0.0.1).")
                               .arg(toString(provider), value));
        // Link-local addresses (169.254.0.0/16, fe80::/10) serve cloud metadata, which must
        // never receive the provider's API key.
        const QHostAddress address(url.host());
        if (!address.isNull() && (address.isLinkLocal() || address.isEqual(QHostAddress(QHostAddress::AnyIPv4))
                                  || address.isEqual(QHostAddress(QHostAddress::AnyIPv6))))
            return invalid(tr("Invalid %1 baseUrl \"%2\": a link-local or unspecified address is not a provider.")
                               .arg(toString(provider), value));
    }
    if (name == QLatin1String("webhookToken") && !value.isEmpty()) {
        // The token is the Gupshup webhook's only proof of origin, so it must be hard to
        // guess and fit a URL path segment as it is.
        static const QRegularExpression tokenPattern(QStringLiteral("^[A-Za-z0-9_-]{16,128}$"));
        if (!tokenPattern.match(value).hasMatch())
            return invalid(tr("Invalid webhookToken: use 16 to 128 letters, digits, '-' or '_' (an empty value "
                              "makes a new random token)."));
    }
    // The source is the business number in the provider's id form (country code and
    // digits), so it must be a number that PhoneNumbers::fromProviderId accepts.
    if (name == QLatin1String("source") && provider == Provider::Gupshup
        && (!allAsciiDigits(value) || !PhoneNumbers::fromProviderId(value)))
        return invalid(tr("Invalid gupshup source \"%1\": give the business number as digits with the country "
                          "code, such as 51940000999.")
                           .arg(value));
    // The other identifiers go into provider URLs and request fields, where a typo shows
    // up only as the provider's refusal of the first call or message.
    if (name == QLatin1String("phoneNumberId") && provider == Provider::Meta && !value.isEmpty()
        && !allAsciiDigits(value))
        return invalid(tr("Invalid meta phoneNumberId \"%1\": give the digits of the phone number ID shown in "
                          "Meta's WhatsApp Manager, such as 104857600123456.")
                           .arg(value));
    if (name == QLatin1String("accountSid") && provider == Provider::Twilio && !value.isEmpty()) {
        static const QRegularExpression sidPattern(QStringLiteral("^AC[0-9a-fA-F]{32}$"));
        if (!sidPattern.match(value).hasMatch())
            return invalid(tr("Invalid twilio accountSid \"%1\": give the Account SID from Twilio's console, "
                              "AC followed by 32 hexadecimal digits.")
                               .arg(value));
    }
    if (name == QLatin1String("phoneNumber") && provider == Provider::Twilio && !value.isEmpty()
        && !(value.size() >= 9 && value.size() <= 16 && value.startsWith(QLatin1Char('+'))
             && allAsciiDigits(value.mid(1))))
        return invalid(tr("Invalid twilio phoneNumber \"%1\": give the Twilio number in E.164 form, a '+' and "
                          "the country code, such as +5215512345678.")
                           .arg(value));
    return {};
}

bool IntegrationValues::usable(const QStringList &requiredKeys) const
{
    if (!exists)
        return false;
    for (const QString &required : requiredKeys) {
        if (values.value(required).isEmpty() || needsReentry.contains(required))
            return false;
    }
    return true;
}

IntegrationRepository::IntegrationRepository(const Database &database)
    : m_database(database)
{
}

Result<IntegrationRecord> IntegrationRepository::load(Provider provider) const
{
    auto query = m_database.exec(
        QStringLiteral("SELECT active, credentials, config, last_webhook_at, updated_at "
                       "FROM integration_settings WHERE provider = ?"),
        {toString(provider)});
    if (!query)
        return query.error();
    IntegrationRecord record;
    record.provider = provider;
    if (query->next()) {
        record.exists = true;
        record.active = query->value(0).toInt() != 0;
        const auto sealed = fromJson(query->value(1).toString());
        for (auto it = sealed.cbegin(); it != sealed.cend(); ++it)
            record.sealed.insert(it.key(), it.value().toLatin1());
        record.config = fromJson(query->value(2).toString());
        record.lastWebhookMs = query->value(3).toLongLong();
        record.updatedMs = query->value(4).toLongLong();
    }
    query->finish();
    return record;
}

Status IntegrationRepository::save(Provider provider, const QMap<QString, QString> &values,
                                   const QByteArray &publicKey, qint64 nowMs) const
{
    auto current = load(provider);
    if (!current)
        return current.error();

    QMap<QString, QString> sealed;
    for (auto it = current->sealed.cbegin(); it != current->sealed.cend(); ++it)
        sealed.insert(it.key(), QString::fromLatin1(it.value()));
    QMap<QString, QString> config = current->config;

    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const IntegrationKeySpec *spec = IntegrationCatalog::findKey(provider, it.key());
        if (!spec)
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::IntegrationRepository", "Unknown key \"%1\" for %2.").arg(it.key(), toString(provider)),
                             {it.key()});
        if (spec->secret) {
            if (it.value().isEmpty())
                sealed.remove(it.key());
            else
                sealed.insert(it.key(), QString::fromLatin1(SecretBox::seal(it.value().toUtf8(), publicKey)));
        } else if (it.value().isEmpty()) {
            config.remove(it.key());
        } else {
            config.insert(it.key(), it.value());
        }
    }

    const QString credentialsJson = QString::fromUtf8(QJsonDocument(toJson(sealed)).toJson(QJsonDocument::Compact));
    const QString configJson = QString::fromUtf8(QJsonDocument(toJson(config)).toJson(QJsonDocument::Compact));
    auto stored = m_database.exec(
        QStringLiteral("INSERT INTO integration_settings (provider, active, credentials, config, updated_at) "
                       "VALUES (?, 1, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET "
                       "credentials = excluded.credentials, config = excluded.config, updated_at = excluded.updated_at"),
        {toString(provider), credentialsJson, configJson, nowMs});
    if (!stored)
        return stored.error();
    return {};
}

Status IntegrationRepository::recordWebhook(Provider provider, qint64 nowMs) const
{
    auto updated = m_database.update(
        QStringLiteral("UPDATE integration_settings SET last_webhook_at = ? WHERE provider = ?"),
        {nowMs, toString(provider)});
    if (!updated)
        return updated.error();
    return {};
}

IntegrationValues IntegrationRepository::open(const IntegrationRecord &record, const std::optional<KeyPair> &keys)
{
    IntegrationValues result;
    result.exists = record.exists;
    for (const IntegrationKeySpec &spec : IntegrationCatalog::keysFor(record.provider)) {
        if (!spec.secret) {
            result.values.insert(spec.key, record.config.value(spec.key, spec.defaultValue));
            continue;
        }
        const auto it = record.sealed.constFind(spec.key);
        if (it == record.sealed.cend())
            continue;
        if (!keys) {
            result.needsReentry << spec.key;
            continue;
        }
        auto opened = SecretBox::open(*it, *keys);
        if (opened)
            result.values.insert(spec.key, QString::fromUtf8(*opened));
        else
            result.needsReentry << spec.key;
    }
    return result;
}

Result<QByteArray> InstallationKeys::ensurePublicKey(const Database &database, const QString &privateKeyPath)
{
    auto stored = database.scalar(QStringLiteral("SELECT value FROM installation WHERE key = ?"), {publicKeyName});
    if (!stored)
        return stored.error();
    if (!stored->toString().isEmpty())
        return QByteArray::fromBase64(stored->toString().toLatin1());

    SecretBox::initialize();
    KeyPair pair;
    auto existing = InstallationKeyFile::readPrivateKey(privateKeyPath);
    if (existing) {
        pair.privateKey = *existing;
        pair.publicKey = SecretBox::publicKeyFor(pair.privateKey);
    } else if (existing.error().kind == ErrorKind::NotFound) {
        pair = SecretBox::generateKeyPair();
        if (auto written = InstallationKeyFile::writePrivateKey(privateKeyPath, pair.privateKey); !written)
            return written.error();
        qCInfo(lcSecurity) << "created the installation key pair";
    } else {
        return existing.error();
    }

    auto inserted = database.exec(
        QStringLiteral("INSERT INTO installation (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
        {publicKeyName, QString::fromLatin1(pair.publicKey.toBase64())});
    if (!inserted)
        return inserted.error();
    // Another process may have won the race: the stored key is the one that counts.
    auto winner = database.scalar(QStringLiteral("SELECT value FROM installation WHERE key = ?"), {publicKeyName});
    if (!winner)
        return winner.error();
    return QByteArray::fromBase64(winner->toString().toLatin1());
}

Result<KeyPair> InstallationKeys::load(const Database &database, const QString &privateKeyPath)
{
    auto stored = database.scalar(QStringLiteral("SELECT value FROM installation WHERE key = ?"), {publicKeyName});
    if (!stored)
        return stored.error();
    const QByteArray publicKey = QByteArray::fromBase64(stored->toString().toLatin1());
    if (publicKey.isEmpty())
        return makeError(ErrorKind::SecretUnavailable,
                         QCoreApplication::translate("Prospecta::IntegrationRepository", "This database has no installation key yet."));

    auto privateKey = InstallationKeyFile::readPrivateKey(privateKeyPath);
    if (!privateKey)
        return makeError(ErrorKind::SecretUnavailable,
                         QCoreApplication::translate("Prospecta::IntegrationRepository", "The installation's private key %1 is missing or unreadable: "
                                        "re-enter the integration secrets.")
                             .arg(privateKeyPath));
    SecretBox::initialize();
    if (SecretBox::publicKeyFor(*privateKey) != publicKey)
        return makeError(ErrorKind::SecretUnavailable,
                         QCoreApplication::translate("Prospecta::IntegrationRepository", "The private key %1 belongs to another installation: "
                                        "re-enter the integration secrets.")
                             .arg(privateKeyPath));
    return KeyPair{publicKey, *privateKey};
}

} // namespace Prospecta
