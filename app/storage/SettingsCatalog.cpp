// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SettingsCatalog.h"

#include "channels/PhoneNumbers.h"

#include <QHostAddress>
#include <QLocale>
#include <QUrl>

#include <cmath>

namespace Prospecta {

namespace {

using Type = SettingSpec::Type;
using Scope = SettingSpec::Scope;

SettingSpec spec(const char *key, Type type, const char *defaultValue, const char *description,
                 int minimum = 0, Scope scope = Scope::Installation, QStringList choices = {})
{
    SettingSpec s;
    s.key = QString::fromLatin1(key);
    s.type = type;
    s.defaultValue = QString::fromLatin1(defaultValue);
    s.scope = scope;
    s.minimum = minimum;
    s.choices = std::move(choices);
    s.description = QString::fromLatin1(description);
    return s;
}

QList<SettingSpec> buildCatalog()
{
    return {
        spec("phone.defaultRegion", Type::Region, "MX", "ISO 3166 alpha-2 region for numbers typed without +"),
        spec("server.listen", Type::HostPort, "127.0.0.1:3001", "address and port of the webhook server (restart needed)",
             0, Scope::Desktop),
        spec("server.publicUrl", Type::Url, "", "public base URL of the tunnel, e.g. https://example.trycloudflare.com"),
        spec("server.trustedProxy", Type::Bool, "false", "trust the tunnel's forwarding headers from loopback peers"),
        spec("server.maxBodyBytes", Type::Int, "1048576", "largest request body in bytes", 1024),
        spec("server.maxHeaderBytes", Type::Int, "32768", "largest request head in bytes", 1024),
        spec("server.requestTimeoutMs", Type::Int, "10000", "time allowed to send a whole request, in milliseconds", 100),
        spec("server.keepAliveSeconds", Type::Int, "15", "idle keep-alive connections close after this many seconds", 1),
        spec("server.maxConnectionsPerClient", Type::Int, "64", "open connections allowed per client", 1),
        spec("server.rateLimitPerMinute", Type::Int, "1200", "requests allowed per client and minute", 1),
        spec("api.enabled", Type::Bool, "false", "serve the REST API"),
        spec("api.tokenLifetimeMinutes", Type::Int, "480", "lifetime of REST API tokens in minutes", 1),
        spec("ai.enabled", Type::Bool, "true", "the global switch of the AI agents"),
        spec("ai.historyMessages", Type::Int, "20", "earlier messages sent to the model with each turn", 0),
        spec("ai.burstWindowMs", Type::Int, "3000", "quiet time after a lead's last message before the AI answers, in milliseconds", 0),
        spec("ai.maxRepliesPerLeadPerHour", Type::Int, "20", "AI replies allowed per lead and hour", 1),
        spec("ai.maxConcurrentRequests", Type::Int, "16", "chat-completions requests at once", 1),
        spec("ai.requestTimeoutMs", Type::Int, "60000", "time allowed per chat-completions attempt, in milliseconds", 1000),
        spec("ai.temperature", Type::OptionalDecimal, "", "sampling temperature sent to the model; empty: not sent"),
        spec("ai.maxTokens", Type::OptionalInt, "", "max_tokens sent to the model; empty: not sent", 1),
        spec("ui.language", Type::Choice, "system", "language of the desktop app", 0, Scope::Desktop,
             {QStringLiteral("system"), QStringLiteral("es"), QStringLiteral("en")}),
    };
}

Error invalid(const SettingSpec &spec, const QString &value, const QString &expected)
{
    return makeError(ErrorKind::InvalidArgument,
                     SettingsCatalog::tr("Invalid value \"%1\" for %2: expected %3.").arg(value, spec.key, expected),
                     {spec.key});
}

} // namespace

const QList<SettingSpec> &SettingsCatalog::all()
{
    static const QList<SettingSpec> catalog = buildCatalog();
    return catalog;
}

const SettingSpec *SettingsCatalog::find(const QString &key)
{
    for (const SettingSpec &spec : all()) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

QStringList SettingsCatalog::keys()
{
    QStringList result;
    for (const SettingSpec &spec : all())
        result << spec.key;
    return result;
}

Result<QString> SettingsCatalog::normalize(const SettingSpec &spec, const QString &rawValue)
{
    const QString value = rawValue.trimmed();
    switch (spec.type) {
    case Type::Bool: {
        const QString lower = value.toLower();
        if (lower == QLatin1String("true") || lower == QLatin1String("false"))
            return lower;
        return invalid(spec, rawValue, SettingsCatalog::tr("true or false"));
    }
    case Type::Int:
    case Type::OptionalInt: {
        if (value.isEmpty() && spec.type == Type::OptionalInt)
            return QString();
        bool ok = false;
        const qlonglong number = value.toLongLong(&ok);
        if (!ok || number < spec.minimum || number > std::numeric_limits<int>::max())
            return invalid(spec, rawValue,
                           SettingsCatalog::tr("a whole number from %1 to %2%3")
                               .arg(spec.minimum)
                               .arg(std::numeric_limits<int>::max())
                               .arg(spec.type == Type::OptionalInt ? SettingsCatalog::tr(", or empty") : QString()));
        return QString::number(number);
    }
    case Type::OptionalDecimal: {
        if (value.isEmpty())
            return QString();
        bool ok = false;
        const double number = QLocale::c().toDouble(value, &ok);
        // "nan" parses, and fails both comparisons below.
        if (!ok || !std::isfinite(number) || number < 0 || number > 2)
            return invalid(spec, rawValue, SettingsCatalog::tr("a decimal number from 0 to 2 written with a point, or empty"));
        return QString::number(number, 'g', 6);
    }
    case Type::Text:
        return value;
    case Type::Url: {
        if (value.isEmpty())
            return QString();
        // Webhook routes are appended to the URL, so a query, a fragment or a user name
        // would end up in front of them.
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) || url.hasQuery()
            || url.hasFragment() || !url.userInfo().isEmpty())
            return invalid(spec, rawValue,
                           SettingsCatalog::tr("an http or https URL without a query or fragment, such as "
                                      "https://example.trycloudflare.com"));
        QString canonical = url.toString(QUrl::StripTrailingSlash);
        return canonical;
    }
    case Type::HostPort: {
        const std::optional<HostPort> hostPort = SettingsCatalog::splitHostPort(value);
        if (!hostPort || hostPort->port == 0)
            return invalid(spec, rawValue,
                           SettingsCatalog::tr("HOST:PORT with a port from 1 to 65535, such as 127.0.0.1:3001 or "
                                               "[::1]:3001"));
        return value;
    }
    case Type::Region: {
        const QString upper = value.toUpper();
        const bool letters = upper.size() == 2 && upper.at(0).isLetter() && upper.at(1).isLetter()
            && upper.at(0).unicode() < 128 && upper.at(1).unicode() < 128;
        // "ZZ" is two letters too, but every import and phone lookup would then fail.
        if (!letters || !PhoneNumbers::isSupportedRegion(upper))
            return invalid(spec, rawValue, SettingsCatalog::tr("a two-letter ISO 3166 region code such as MX, PE or AR"));
        return upper;
    }
    case Type::Choice:
        if (spec.choices.contains(value))
            return value;
        return invalid(spec, rawValue, SettingsCatalog::tr("one of %1").arg(spec.choices.join(QStringLiteral(", "))));
    }
    return value;
}

std::optional<HostPort> SettingsCatalog::splitHostPort(const QString &value)
{
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::nullopt;
    QString host = value.left(colon);
    bool ok = false;
    const int port = value.mid(colon + 1).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return std::nullopt;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address =
        host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (address.isNull())
        return std::nullopt;
    return HostPort{address, quint16(port)};
}

SettingsSnapshot::SettingsSnapshot()
{
    for (const SettingSpec &spec : SettingsCatalog::all())
        m_values.insert(spec.key, spec.defaultValue);
}

SettingsSnapshot::SettingsSnapshot(QMap<QString, QString> values)
    : SettingsSnapshot()
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        m_values.insert(it.key(), it.value());
}

QString SettingsSnapshot::text(const QString &key) const
{
    return m_values.value(key);
}

bool SettingsSnapshot::flag(const QString &key) const
{
    return m_values.value(key) == QLatin1String("true");
}

int SettingsSnapshot::integer(const QString &key) const
{
    return m_values.value(key).toInt();
}

std::optional<int> SettingsSnapshot::optionalInteger(const QString &key) const
{
    bool ok = false;
    const int value = m_values.value(key).toInt(&ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}

std::optional<double> SettingsSnapshot::optionalDecimal(const QString &key) const
{
    bool ok = false;
    const double value = QLocale::c().toDouble(m_values.value(key), &ok);
    return ok && std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

} // namespace Prospecta
