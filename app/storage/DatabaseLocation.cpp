// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatabaseLocation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace Prospecta {

namespace {

// The libpq parameters a URL may carry; anything else would fail only when connecting,
// with the driver's own words.
const QStringList &connectionOptions()
{
    static const QStringList names{
        QStringLiteral("application_name"), QStringLiteral("channel_binding"), QStringLiteral("connect_timeout"),
        QStringLiteral("gssencmode"), QStringLiteral("keepalives"), QStringLiteral("keepalives_count"),
        QStringLiteral("keepalives_idle"), QStringLiteral("keepalives_interval"), QStringLiteral("options"),
        QStringLiteral("passfile"), QStringLiteral("service"), QStringLiteral("sslcert"), QStringLiteral("sslcrl"),
        QStringLiteral("sslkey"), QStringLiteral("sslmode"), QStringLiteral("sslrootcert"),
        QStringLiteral("target_session_attrs"), QStringLiteral("tcp_user_timeout")};
    return names;
}

const QStringList &sslModes()
{
    static const QStringList modes{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                                   QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return modes;
}

// The value as typed, for messages, with any password in it removed.
QString withoutPassword(const QString &value)
{
    static const QRegularExpression password(QStringLiteral("(://[^/@:]*):[^/@]*@"));
    QString shown = value;
    return shown.replace(password, QStringLiteral("\\1@"));
}

} // namespace

Result<DatabaseLocation> DatabaseLocation::parse(const QString &value)
{
    DatabaseLocation location;
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::DatabaseLocation", "The database location is empty: give a file path or a "
                                        "postgresql://user@host:port/db URL."));

    const bool postgresUrl =
        trimmed.startsWith(QLatin1String("postgresql://")) || trimmed.startsWith(QLatin1String("postgres://"));
    // Any other scheme is a mistake, not a file name: it would create an empty database.
    static const QRegularExpression otherScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    if (!postgresUrl && otherScheme.match(trimmed).hasMatch())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::DatabaseLocation",
                                                     "\"%1\" is not a database location Prospecta knows: give a SQLite "
                                                     "file path or a postgresql://user@host:port/database URL.")
                             .arg(withoutPassword(trimmed)));

    if (!postgresUrl) {
        location.engine = SqlEngine::Sqlite;
        location.filePath = QFileInfo(trimmed).absoluteFilePath();
        return location;
    }

    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::DatabaseLocation", "Invalid PostgreSQL URL \"%1\": expected "
                                        "postgresql://user@host:port/database.")
                             .arg(withoutPassword(trimmed)));
    if (!url.password().isEmpty())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::DatabaseLocation", "The PostgreSQL URL contains a password: keep it in "
                                        "~/.pgpass, PGPASSWORD or the system's credential store "
                                        "instead of the command line."));

    location.engine = SqlEngine::Postgres;
    location.host = url.host();
    location.port = url.port(5432);
    location.userName = url.userName();
    location.databaseName = url.path().mid(1);
    if (location.userName.isEmpty())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::DatabaseLocation",
                                                     "The PostgreSQL URL \"%1\" names no user: write it as "
                                                     "postgresql://USER@host:port/database.")
                             .arg(withoutPassword(trimmed)));
    if (location.databaseName.isEmpty())
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::DatabaseLocation", "The PostgreSQL URL \"%1\" names no database: add "
                                        "/database after the host.")
                             .arg(url.toString(QUrl::RemovePassword)));

    const QUrlQuery query(url);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, itemValue] : items) {
        if (!connectionOptions().contains(key))
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::DatabaseLocation",
                                                         "Unknown connection option \"%1\" in the PostgreSQL URL. "
                                                         "Valid options: %2.")
                                 .arg(key, connectionOptions().join(QStringLiteral(", "))));
        if (key == QLatin1String("sslmode") && !sslModes().contains(itemValue))
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::DatabaseLocation",
                                                         "Unknown sslmode \"%1\". Valid modes: %2.")
                                 .arg(itemValue, sslModes().join(QStringLiteral(", "))));
        location.options.insert(key, itemValue);
    }
    return location;
}

Result<DatabaseLocation> DatabaseLocation::resolve(const QString &commandLineValue, const QString &desktopChoice)
{
    if (!commandLineValue.isEmpty())
        return parse(commandLineValue);
    const QString fromEnvironment = qEnvironmentVariable("PROSPECTA_DATABASE");
    if (!fromEnvironment.isEmpty())
        return parse(fromEnvironment);
    if (!desktopChoice.isEmpty())
        return parse(desktopChoice);
    DatabaseLocation location;
    location.filePath = defaultFilePath();
    location.isDefault = true;
    return location;
}

QString DatabaseLocation::defaultFilePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(folder).filePath(QStringLiteral("prospecta.db"));
}

QString DatabaseLocation::toString() const
{
    if (engine == SqlEngine::Sqlite)
        return filePath;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(userName);
    url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + databaseName);
    QUrlQuery query;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString DatabaseLocation::credentialAccount() const
{
    return displayName();
}

QString DatabaseLocation::displayName() const
{
    if (engine == SqlEngine::Sqlite)
        return QDir::toNativeSeparators(filePath);
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(userName, host).arg(port).arg(databaseName);
}

} // namespace Prospecta
