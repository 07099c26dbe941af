// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SingleInstance.h"

#include "core/Logging.h"

#include <QCryptographicHash>
#include <QLocalServer>
#include <QLocalSocket>

namespace Prospecta {

namespace {

const QByteArray activateMessage = QByteArrayLiteral("show\n");

} // namespace

SingleInstance::SingleInstance(const QString &databaseName, QObject *parent)
    : QObject(parent)
{
    // Local socket names are short and contain no path separators, so the name is a
    // digest. The user name in it keeps two accounts on one Windows machine apart.
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    const QByteArray digest = QCryptographicHash::hash((user + QLatin1Char('\n') + databaseName).toUtf8(),
                                                       QCryptographicHash::Sha256)
                                  .toHex()
                                  .left(24);
    m_serverName = QStringLiteral("prospecta-") + QString::fromLatin1(digest);
}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::activateRunning(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(activateMessage);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The running instance replies once it has shown its window.
    const bool answered = socket.waitForReadyRead(timeoutMs);
    socket.disconnectFromServer();
    return answered;
}

bool SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_serverName)) {
        // A name left behind by a crashed instance is stale, because no instance replied
        // to activateRunning(), so it is removed.
        QLocalServer::removeServer(m_serverName);
        if (!m_server->listen(m_serverName)) {
            qCWarning(lcUi) << "cannot answer later launches on" << m_serverName << ":" << m_server->errorString();
            return false;
        }
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (!socket->readAll().contains('\n'))
                    return;
                qCInfo(lcUi) << "another launch asked to show the window";
                emit activationRequested();
                socket->write("ok\n");
                socket->flush();
            });
        }
    });
    return true;
}

} // namespace Prospecta
