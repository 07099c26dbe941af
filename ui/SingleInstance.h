// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace Prospecta {

// One desktop app per database and operating-system user. A second launch finds the
// first through a local socket (a named pipe on Windows) named after the database, asks
// it to show its window and exits, instead of failing on the database lock.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    // `databaseName` is the database's display name (file path or URL without password).
    explicit SingleInstance(const QString &databaseName, QObject *parent = nullptr);
    ~SingleInstance() override;

    QString serverName() const { return m_serverName; }

    // True when another instance replied and was asked to show itself.
    bool activateRunning(int timeoutMs = 1000);

    // Starts serving later launches; false (logged) when the name cannot be taken.
    bool listen();

signals:
    void activationRequested();

private:
    QString m_serverName;
    QLocalServer *m_server = nullptr;
};

} // namespace Prospecta
