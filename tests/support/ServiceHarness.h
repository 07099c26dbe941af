// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An installation for the suites that run a real ServiceHost: a temporary directory with
// the SQLite file and the private key, prepared through a test's own Database connection
// the way the command line would prepare it, before the host starts.

#include "ServiceHost.h"
#include "core/Result.h"
#include "domain/Enums.h"
#include "storage/DatabaseLocation.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace Prospecta {
class Clock;
class Database;
} // namespace Prospecta

namespace Prospecta::Testing {

class ServiceHarness
{
public:
    ServiceHarness();

    // Whether the temporary directory could be created.
    bool isValid() const { return m_dir.isValid(); }
    QString filePath(const QString &fileName) const { return m_dir.filePath(fileName); }
    const DatabaseLocation &location() const { return m_location; }
    QString keyPath() const;
    // The installation's public key, once prepare() succeeded.
    const QByteArray &publicKey() const { return m_publicKey; }

    // Opens `database` on the temporary file as `connectionName`, applies the migrations
    // and creates the installation's key pair.
    Status prepare(Database &database, const QString &connectionName, qint64 nowMs);

    // Saves Gupshup's integration with `webhookToken` and the fake at `baseUrl`.
    Status saveGupshup(Database &database, const QUrl &baseUrl, const QString &webhookToken, const QString &apiKey,
                       qint64 nowMs) const;
    Status saveIntegration(Database &database, Provider provider, const QMap<QString, QString> &values,
                           qint64 nowMs) const;
    static Status setSetting(Database &database, const QString &key, const QString &value, qint64 nowMs);

    // Prepares the installation the way the GUI suites need it, through a connection of
    // its own that is closed on return: Gupshup configured, the AI switched off (no model
    // calls), and each of `settings` stored.
    Status prepareGupshupWithoutAi(const QUrl &gupshupBaseUrl, const QString &webhookToken, qint64 nowMs,
                                   const QMap<QString, QString> &settings = {});

    // Options for a host on this installation that listens on a free port of 127.0.0.1.
    // A null `clock` means the system clock.
    ServiceOptions serviceOptions(std::shared_ptr<Clock> clock = {}) const;

private:
    QTemporaryDir m_dir;
    DatabaseLocation m_location;
    QByteArray m_publicKey;
};

// The error message of a failed result, empty for success: for QVERIFY2.
inline QString messageOf(const Status &status)
{
    return status.ok() ? QString() : status.error().message;
}

template<typename T>
QString messageOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().message;
}

} // namespace Prospecta::Testing
