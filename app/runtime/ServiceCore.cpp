// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServiceCore.h"

#include "WebhookServer.h"
#include "agents/AgentCoordinator.h"
#include "agents/ChatCompletionsClient.h"
#include "channels/GupshupClient.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "jobs/InboxProcessor.h"
#include "jobs/OutboxDispatcher.h"
#include "storage/ConversationRepository.h"
#include "storage/ConversationWriter.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QThread>

namespace Prospecta {

namespace {

constexpr qint64 windowMs = 24LL * 60 * 60 * 1000;
constexpr int pollIntervalMs = 1000;
constexpr int checkpointIntervalMs = 10000;

// host:port with IPv6 hosts in brackets.
Result<QPair<QHostAddress, quint16>> parseListen(const QString &value)
{
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    QString host = value.left(colon);
    bool ok = false;
    const int port = value.mid(colon + 1).toInt(&ok);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress address = host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (colon <= 0 || !ok || port < 0 || port > 65535 || address.isNull())
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("Invalid listen address \"%1\": expected HOST:PORT such as 127.0.0.1:3001 "
                                        "or [::1]:3001.")
                             .arg(value));
    return qMakePair(address, quint16(port));
}

} // namespace

ServiceCore::ServiceCore(ServiceOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? m_options.clock : std::make_shared<SystemClock>())
{
    if (m_options.privateKeyPath.isEmpty())
        m_options.privateKeyPath = InstallationKeyFile::defaultPath();
}

ServiceCore::~ServiceCore()
{
    // Workers go before the connection they use.
    delete m_outbox;
    delete m_agents;
    delete m_inbox;
    delete m_server;
    delete m_chat;
    delete m_gupshup;
    delete m_network;
    if (m_database.isOpen())
        (void)m_database.checkpoint();
    m_database.close();
}

Status ServiceCore::openDatabase()
{
    const DatabaseLocation &location = m_options.database;
    if (location.engine == SqlEngine::Sqlite) {
        // One process runs the workers on a SQLite file.
        QDir().mkpath(QFileInfo(location.filePath).absolutePath());
        m_lock = std::make_unique<QLockFile>(location.filePath + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0);
        if (!m_lock->tryLock(0)) {
            qint64 pid = 0;
            QString hostName;
            QString appName;
            m_lock->getLockInfo(&pid, &hostName, &appName);
            return makeError(ErrorKind::Unavailable,
                             QStringLiteral("Another Prospecta (process %1) is already running on %2: close it "
                                            "first, or use another database with --database.")
                                 .arg(pid)
                                 .arg(location.displayName()));
        }
    }

    const QString connectionName = QStringLiteral("writer-%1").arg(quintptr(QThread::currentThreadId()));
    if (auto opened = m_database.open(location, connectionName); !opened)
        return opened;
    return Migrations::apply(m_database, m_clock->nowMs());
}

Status ServiceCore::initialize()
{
    if (auto opened = openDatabase(); !opened)
        return opened;

    SecretBox::initialize();
    if (auto keys = InstallationKeys::load(m_database, m_options.privateKeyPath))
        m_keys = *keys;
    else
        qCInfo(lcRuntime) << "integration secrets are not readable here:" << keys.error().message;

    reloadConfiguration();

    const ServiceContext context{
        m_database, *m_clock, [this] { return m_settings; },
        [this](Provider provider) { return integration(provider); }};

    m_network = new QNetworkAccessManager(this);
    m_gupshup = new GupshupClient(m_network, this);
    m_chat = new ChatCompletionsClient(this);
    m_inbox = new InboxProcessor(context, this);
    m_agents = new AgentCoordinator(context, *m_chat, this);
    m_outbox = new OutboxDispatcher(context, *m_gupshup, this);

    connect(m_inbox, &InboxProcessor::changed, this, &ServiceCore::changed);
    connect(m_inbox, &InboxProcessor::leadMessageStored, m_agents,
            [this](qint64 conversationId, qint64, qint64 receivedMs) { m_agents->onLeadMessage(conversationId, receivedMs); });
    connect(m_inbox, &InboxProcessor::outboxQueued, m_outbox, &OutboxDispatcher::wake);
    connect(m_agents, &AgentCoordinator::changed, this, &ServiceCore::changed);
    connect(m_agents, &AgentCoordinator::outboxQueued, m_outbox, &OutboxDispatcher::wake);
    connect(m_outbox, &OutboxDispatcher::changed, this, &ServiceCore::changed);

    if (m_options.runServer) {
        m_server = new WebhookServer(m_database, *m_clock, this);
        const QString listen = m_options.listenOverride.isEmpty() ? m_settings.text(QStringLiteral("server.listen"))
                                                                  : m_options.listenOverride;
        auto address = parseListen(listen);
        if (!address)
            return address.error();
        m_server->setMaxBodyBytes(m_settings.integer(QStringLiteral("server.maxBodyBytes")));
        m_server->setGupshupToken(integration(Provider::Gupshup).value(QStringLiteral("webhookToken")));
        auto port = m_server->listen(address->first, address->second);
        if (!port)
            return port.error();
        m_port = *port;
        const QString host = address->first.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(address->first.toString())
            : address->first.toString();
        m_listenAddress = QStringLiteral("%1:%2").arg(host).arg(m_port);
        connect(m_server, &WebhookServer::eventsStored, m_inbox, &InboxProcessor::wake);
    }

    m_pollTimer.setInterval(pollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &ServiceCore::reloadConfiguration);
    m_pollTimer.start();
    m_checkpointTimer.setInterval(checkpointIntervalMs);
    connect(&m_checkpointTimer, &QTimer::timeout, this, &ServiceCore::checkpoint);
    m_checkpointTimer.start();

    // Work left by the previous run: events stored but not processed, turns not taken,
    // messages not sent.
    m_inbox->wake();
    m_agents->resumeUnanswered();
    m_outbox->start();
    qCInfo(lcRuntime) << "service started on" << m_database.location().displayName()
                      << (m_listenAddress.isEmpty() ? QString() : QStringLiteral("listening on ") + m_listenAddress);
    return {};
}

IntegrationValues ServiceCore::integration(Provider provider) const
{
    return m_integrations.value(int(provider));
}

void ServiceCore::reloadConfiguration()
{
    if (!m_database.isOpen())
        return;

    SettingsRepository settings(m_database);
    auto stamp = settings.changeStamp();
    if (stamp && *stamp != m_settingsStamp) {
        auto loaded = settings.load();
        if (loaded) {
            const SettingsSnapshot previous = m_settings;
            m_settings = *loaded;
            m_settingsStamp = *stamp;
            applySettings(previous);
        }
    }

    auto integrationsStamp = m_database.scalar(
        QStringLiteral("SELECT COUNT(*) || '/' || COALESCE(MAX(updated_at), 0) FROM integration_settings"));
    if (integrationsStamp && integrationsStamp->toString() != m_integrationsStamp) {
        m_integrationsStamp = integrationsStamp->toString();
        IntegrationRepository repository(m_database);
        for (Provider provider : {Provider::Gupshup, Provider::OpenAi, Provider::Twilio, Provider::Meta}) {
            auto record = repository.load(provider);
            if (record)
                m_integrations.insert(int(provider), IntegrationRepository::open(*record, m_keys));
        }
        if (m_server)
            m_server->setGupshupToken(integration(Provider::Gupshup).value(QStringLiteral("webhookToken")));
        if (m_outbox)
            m_outbox->wake();
    }
}

void ServiceCore::applySettings(const SettingsSnapshot &previous)
{
    if (m_server)
        m_server->setMaxBodyBytes(m_settings.integer(QStringLiteral("server.maxBodyBytes")));
    const bool wasEnabled = previous.flag(QStringLiteral("ai.enabled"));
    const bool enabled = m_settings.flag(QStringLiteral("ai.enabled"));
    if (wasEnabled != enabled) {
        qCInfo(lcRuntime) << (enabled ? "AI agents switched on" : "AI agents paused");
        emit aiEnabledChanged(enabled);
        if (enabled && m_agents)
            m_agents->resumeUnanswered();
    }
    emit changed(QStringLiteral("settings"), 0);
}

void ServiceCore::checkpoint()
{
    if (auto status = m_database.checkpoint(); !status)
        qCWarning(lcStorage) << "WAL checkpoint failed:" << status.error().message;
}

Status ServiceCore::sendHumanMessage(qint64 conversationId, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorKind::InvalidArgument, QStringLiteral("The message is empty: write some text before sending it."), {QStringLiteral("text")});

    const qint64 nowMs = m_clock->nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    ConversationRepository conversations(m_database);
    auto conversation = conversations.findById(conversationId);
    if (!conversation)
        return conversation.error();
    if (!*conversation)
        return makeError(ErrorKind::NotFound, QStringLiteral("Conversation %1 no longer exists: select the lead again to reload it.").arg(conversationId));
    auto lead = LeadRepository(m_database).findById((*conversation)->leadId);
    if (!lead)
        return lead.error();
    if (*lead && (*lead)->optedOut)
        return makeError(ErrorKind::Forbidden,
                         QStringLiteral("This lead opted out of messages; nothing was sent."));
    if ((*conversation)->lastInboundMs == 0 || nowMs - (*conversation)->lastInboundMs > windowMs)
        return makeError(ErrorKind::Forbidden,
                         QStringLiteral("The lead's last message is more than 24 hours old: WhatsApp only allows "
                                        "an approved template now."));

    Message message;
    message.sender = SenderKind::Human;
    message.content = trimmed;
    auto queued = ConversationWriter(m_database).queueOutgoing(**conversation, message, nowMs);
    if (!queued)
        return queued.error();
    // Writing to the lead takes the conversation from the AI and clears the needs-a-human flag.
    if (auto held = conversations.setHumanHolds(conversationId, true, 0, nowMs); !held)
        return held;
    if (auto cleared = conversations.setNeedsHuman(conversationId, false, {}, nowMs); !cleared)
        return cleared;
    if (auto committed = transaction.commit(); !committed)
        return committed;

    emit changed(QStringLiteral("messages"), *queued);
    emit changed(QStringLiteral("conversations"), conversationId);
    m_outbox->wake();
    return {};
}

Status ServiceCore::setHumanHolds(qint64 conversationId, bool holds)
{
    const qint64 nowMs = m_clock->nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    ConversationRepository conversations(m_database);
    if (auto held = conversations.setHumanHolds(conversationId, holds, 0, nowMs); !held)
        return held;
    if (holds) {
        if (auto cleared = conversations.setNeedsHuman(conversationId, false, {}, nowMs); !cleared)
            return cleared;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed;
    qCInfo(lcRuntime) << "conversation" << conversationId << (holds ? "taken over by a human" : "given back to the AI");
    emit changed(QStringLiteral("conversations"), conversationId);
    if (!holds)
        m_agents->resumeUnanswered();
    return {};
}

Status ServiceCore::setAiEnabled(bool enabled)
{
    auto stored = SettingsRepository(m_database).set(QStringLiteral("ai.enabled"),
                                                     enabled ? QStringLiteral("true") : QStringLiteral("false"),
                                                     m_clock->nowMs());
    if (!stored)
        return stored.error();
    m_settingsStamp.clear();
    reloadConfiguration();
    return {};
}

} // namespace Prospecta
