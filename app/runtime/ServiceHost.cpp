// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServiceHost.h"

#include "ChangeListener.h"
#include "ImportJob.h"
#include "ServiceCore.h"
#include "core/Logging.h"

#include <QPointer>
#include <QThread>

namespace Prospecta {

ServiceHost::ServiceHost(ServiceOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
}

ServiceHost::~ServiceHost()
{
    stop();
}

Status ServiceHost::start()
{
    if (m_thread)
        return makeError(ErrorKind::Internal, QStringLiteral("The service is already running."));

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("service"));
    // The core is created on the service thread so that everything it owns (the
    // database connection, sockets, timers) belongs to that thread.
    QObject anchor;
    anchor.moveToThread(m_thread);
    m_thread->start();

    Status status;
    QMetaObject::invokeMethod(
        &anchor,
        [this, &status] {
            auto core = std::make_unique<ServiceCore>(m_options);
            status = core->initialize();
            if (status) {
                m_listenAddress = core->listenAddress();
                m_port = core->port();
                m_core = core.release();
            }
        },
        Qt::BlockingQueuedConnection);

    if (!status) {
        stop();
        return status;
    }
    connect(m_core, &ServiceCore::changed, this, &ServiceHost::changed);
    connect(m_core, &ServiceCore::aiEnabledChanged, this, &ServiceHost::aiEnabledChanged);
    connect(m_core, &ServiceCore::webhookHostMismatch, this, [this](const QString &host, const QString &expected) {
        m_lastHostMismatch = {host, expected};
        emit webhookHostMismatch(host, expected);
    });
    connect(m_core, &ServiceCore::leadImportProgressed, this, &ServiceHost::leadImportProgressed);
    if (m_options.database.engine == SqlEngine::Postgres) {
        // Our own notices come back too; a second refresh is harmless.
        m_listener = new ChangeListener(m_options.database, this);
        connect(m_listener, &ChangeListener::changed, this, &ServiceHost::changed);
        // A worker process also picks up work that another process queued.
        connect(m_listener, &ChangeListener::changed, this, [this](const QString &table, qint64 id) {
            if (ServiceCore *core = m_core)
                QMetaObject::invokeMethod(core, [core, table, id] { core->onSharedChange(table, id); });
        });
        connect(m_listener, &ChangeListener::connectionLost, this, [this] { emit sharedDatabaseOnline(false); });
        connect(m_listener, &ChangeListener::reconnected, this, [this] {
            emit sharedDatabaseOnline(true);
            // Notices sent while the connection was down are lost: every view refreshes.
            emit changed(QStringLiteral("*"), 0);
            if (ServiceCore *core = m_core)
                QMetaObject::invokeMethod(core, [core] { core->onSharedChange(QStringLiteral("*"), 0); });
            for (const char *table : {"leads", "messages", "conversations", "campaigns", "settings", "users",
                                      "integrations", "alerts"})
                emit changed(QString::fromLatin1(table), 0);
        });
        m_listener->start();
    }
    return {};
}

void ServiceHost::stop()
{
    delete m_listener;
    m_listener = nullptr;
    if (!m_thread)
        return;
    if (m_core) {
        ServiceCore *core = m_core;
        m_core = nullptr;
        QMetaObject::invokeMethod(core, [core] { delete core; }, Qt::BlockingQueuedConnection);
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    qCInfo(lcRuntime) << "service stopped";
}

QString ServiceHost::listenAddress() const
{
    return m_listenAddress;
}

quint16 ServiceHost::port() const
{
    return m_port;
}

bool ServiceHost::post(std::function<void(ServiceCore &)> work)
{
    if (!m_core)
        return false;
    ServiceCore *core = m_core;
    QMetaObject::invokeMethod(core, [core, work = std::move(work)] { work(*core); });
    return true;
}

void ServiceHost::sendHumanMessage(const Actor &actor, qint64 conversationId, const QString &text, QObject *context,
                                   Done done)
{
    call<void>(
        context, [actor, conversationId, text](ServiceCore &core) { return core.sendHumanMessage(actor, conversationId, text); },
        std::move(done));
}

void ServiceHost::setHumanHolds(const Actor &actor, qint64 conversationId, bool holds, QObject *context, Done done)
{
    call<void>(
        context, [actor, conversationId, holds](ServiceCore &core) { return core.setHumanHolds(actor, conversationId, holds); },
        std::move(done));
}

void ServiceHost::setAiEnabled(const Actor &actor, bool enabled, QObject *context, Done done)
{
    call<void>(context, [actor, enabled](ServiceCore &core) { return core.setAiEnabled(actor, enabled); },
               std::move(done));
}

qint64 ServiceHost::startLeadImport(const Actor &actor, const LeadImportRequest &request, QObject *context,
                                    std::function<void(const Result<LeadImportReport> &)> done)
{
    const qint64 importId = ++m_lastImportId;
    ServiceHost::request<LeadImportReport>(
        context,
        [importId, actor, request](ServiceCore &core, std::function<void(Result<LeadImportReport>)> reply) {
            core.startLeadImport(importId, actor, request, std::move(reply));
        },
        std::move(done));
    return importId;
}

void ServiceHost::cancelLeadImport(qint64 importId)
{
    post([importId](ServiceCore &core) { core.cancelLeadImport(importId); });
}

void ServiceHost::runOnServiceThread(std::function<void(ServiceCore &)> work)
{
    if (!m_core)
        return;
    ServiceCore *core = m_core;
    QMetaObject::invokeMethod(core, [core, work = std::move(work)] { work(*core); }, Qt::BlockingQueuedConnection);
}

} // namespace Prospecta
