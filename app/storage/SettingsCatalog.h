// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Prospecta {

// Every setting, its type, default and home in one place. Installation settings live
// in the database and are shared by every process and desktop; desktop preferences live
// in QSettings.
struct SettingSpec
{
    enum class Type { Bool, Int, OptionalInt, OptionalDecimal, Text, Url, HostPort, Region, Choice };
    enum class Scope { Installation, Desktop };

    QString key;
    Type type = Type::Text;
    QString defaultValue;
    Scope scope = Scope::Installation;
    int minimum = 0;        // for Int and OptionalInt
    QStringList choices;    // for Choice
    QString description;    // shown by usage messages
};

// The address and port of a HOST:PORT value.
struct HostPort
{
    QHostAddress address;
    quint16 port = 0;
};

class SettingsCatalog
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::SettingsCatalog)

public:
    static const QList<SettingSpec> &all();
    static const SettingSpec *find(const QString &key);
    static QStringList keys();

    // Checks a value for its setting and returns its canonical form ("TRUE" -> "true",
    // " 20" -> "20", "mx" -> "MX"). ErrorKind::InvalidArgument names the key, the value and
    // what is expected.
    static Result<QString> normalize(const SettingSpec &spec, const QString &value);

    // Splits HOST:PORT ("127.0.0.1:3001", "[::1]:3001", "localhost:3001"), the form of
    // server.listen and --listen. Returns nothing when the value is malformed or the port
    // is above 65535. Port 0 (any free port) passes because tests request it, and
    // normalize() rejects it in the setting and in --listen.
    static std::optional<HostPort> splitHostPort(const QString &value);
};

// A snapshot of every setting's value, with the typed reads the services need.
class SettingsSnapshot
{
public:
    SettingsSnapshot();
    explicit SettingsSnapshot(QMap<QString, QString> values);

    QString text(const QString &key) const;
    bool flag(const QString &key) const;
    int integer(const QString &key) const;
    std::optional<int> optionalInteger(const QString &key) const;
    std::optional<double> optionalDecimal(const QString &key) const;

    const QMap<QString, QString> &values() const { return m_values; }
    void set(const QString &key, const QString &value) { m_values.insert(key, value); }

private:
    QMap<QString, QString> m_values; // every key of the catalog, defaults filled in
};

} // namespace Prospecta
