// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServiceCore.h"

#include "CheckpointThread.h"
#include "HttpService.h"
#include "ImportJob.h"
#include "MediaRoutes.h"
#include "RestApi.h"
#include "WebhookRoutes.h"
#include "agents/AgentCoordinator.h"
#include "agents/ChatCompletionsClient.h"
#include "channels/GupshupClient.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "jobs/InboxProcessor.h"
#include "jobs/MediaDownloader.h"
#include "jobs/OutboxDispatcher.h"
#include "operations/AccountService.h"
#include "operations/AuditExport.h"
#include "operations/ComposerService.h"
#include "operations/ConfigurationService.h"
#include "operations/LeadDesk.h"
#include "operations/LeadService.h"
#include "operations/LoginService.h"
#include "operations/PasswordJobs.h"
#include "security/PasswordHasher.h"
#include "spreadsheets/LeadExport.h"
#include "storage/AlertRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/InboxRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

#include <QCoreApplication>
#include <QFile>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QThread>

#include <utility>

namespace Prospecta {

namespace {

constexpr int pollIntervalMs = 1000;
// The checkpoint thread copies and flushes the WAL's pages every second beside the
// writer, which then checkpoints what was written meanwhile (see CheckpointThread). The
// writer's timer is a fallback for a checkpoint thread that cannot open the database.
// Passive, so that the WAL file starts over in place and keeps its blocks.
constexpr int backgroundCheckpointIntervalMs = 1000;
constexpr int checkpointIntervalMs = 60000;
// Team mode: how often each process looks for work no live process has claimed (events
// left pending, turns and sends of a process that stopped).
constexpr int orphanScanIntervalMs = 3000;
// Team mode: a burst of notifications from other processes wakes each worker once.
constexpr int sharedChangeDelayMs = 100;

// Parses the server.listen setting or the listen override of ServiceOptions. Only the
// override may give port 0 (any free port), which tests use. main() checks --listen as
// it checks the setting before it sets the override.
Result<HostPort> parseListen(const QString &value, bool isOverride)
{
    const std::optional<HostPort> hostPort = SettingsCatalog::splitHostPort(value);
    if (!hostPort || (hostPort->port == 0 && !isOverride))
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::ServiceCore", "Invalid listen address \"%1\": expected HOST:PORT such as 127.0.0.1:3001 "
                                        "or [::1]:3001.")
                             .arg(value));
    return *hostPort;
}

} // namespace

ServiceCore::ServiceCore(ServiceOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? m_options.clock : std::make_shared<SystemClock>())
{
    if (m_options.privateKeyPath.isEmpty())
        m_options.privateKeyPath = InstallationKeyFile::defaultPath();
    if (m_options.mediaFolder.isEmpty())
        m_options.mediaFolder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
            + QStringLiteral("/media");
}

ServiceCore::~ServiceCore()
{
    // Imports still running end first, while the connection is open. Each keeps its
    // committed batches and writes its audit row and report with the line where it stopped.
    for (ImportJob *job : m_imports.values())
        job->stop(LeadImportRun::StopCause::Closing);

    // Workers go before the connection they use. The hashing thread finishes its job
    // first, and its results for the login service are then dropped.
    delete m_login;
    delete m_hashing;
    delete m_media;
    delete m_outbox;
    delete m_agents;
    delete m_inbox;
    delete m_api;
    delete m_webhooks;
    delete m_mediaRoutes;
    delete m_http;
    delete m_chat;
    delete m_gupshup;
    delete m_network;
    delete m_checkpoints;
    if (m_database.isOpen())
        (void)m_database.checkpoint();
    m_database.close();
}

Status ServiceCore::openDatabase()
{
    const DatabaseLocation &location = m_options.database;
    if (location.engine == SqlEngine::Sqlite) {
        if (auto folder = Database::prepareFolder(location); !folder)
            return folder;
        // One process runs the workers on a SQLite file.
        m_lock = std::make_unique<QLockFile>(location.filePath + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0);
        if (!m_lock->tryLock(0)) {
            qint64 pid = 0;
            QString hostName;
            QString appName;
            m_lock->getLockInfo(&pid, &hostName, &appName);
            return makeError(ErrorKind::Unavailable,
                             QCoreApplication::translate("Prospecta::ServiceCore", "Another Prospecta (process %1) is already running on %2: close it "
                                            "first, or use another database with --database.")
                                 .arg(pid)
                                 .arg(location.displayName()));
        }
    }

    const QString connectionName = QStringLiteral("writer-%1").arg(quintptr(QThread::currentThreadId()));
    if (auto opened = m_database.open(location, connectionName); !opened)
        return opened;
    // The writer outlives server restarts: a lost connection is opened again, and a write
    // it cut off fails with a message that nothing was saved.
    m_database.setReopenAfterConnectionLoss(true);
    return Migrations::apply(m_database, m_clock->nowMs());
}

Status ServiceCore::initialize()
{
    if (auto opened = openDatabase(); !opened)
        return opened;

    SecretBox::initialize();
    // The first start on a database makes the installation's key pair, so the REST API
    // can sign tokens before any integration was set. A database that already has a
    // public key keeps it; a desktop without its private key simply cannot open secrets.
    if (auto ensured = InstallationKeys::ensurePublicKey(m_database, m_options.privateKeyPath); !ensured)
        qCWarning(lcRuntime) << "the installation key pair is not available:" << ensured.error().message;
    if (auto keys = InstallationKeys::load(m_database, m_options.privateKeyPath))
        m_keys = *keys;
    else
        qCInfo(lcRuntime) << "integration secrets are not readable here:" << keys.error().message;
    // A single desktop keeps running its workers without the key (an administrator enters
    // the secrets again). On a team database other processes hold the key, and this one
    // must not claim sends and turns that would fail here.
    m_runsWorkers = m_keys.has_value() || m_database.location().engine == SqlEngine::Sqlite;
    if (!m_runsWorkers)
        qCInfo(lcRuntime) << "no installation key on this desktop: the webhook server and the workers run on the "
                             "processes that have it";

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
    m_media = new MediaDownloader(context, m_network, m_options.mediaFolder, this);
    // Every change notice also goes to the other desktops. `changed` is emitted after the
    // commit, so no transaction delays or drops the NOTIFY.
    if (m_database.location().engine == SqlEngine::Postgres)
        connect(this, &ServiceCore::changed, this, &ServiceCore::announceChange);
    connect(m_media, &MediaDownloader::changed, this, &ServiceCore::changed);
    if (m_options.downloadMedia.value_or(!QStandardPaths::isTestModeEnabled()))
        connect(m_inbox, &InboxProcessor::leadMessageStored, m_media, [this] { m_media->wake(); });
    else
        qCInfo(lcRuntime) << "inbound media downloads are off";
    m_hashing = new HashingPool(16, this);
    m_login = new LoginService(m_database, m_clock, *m_hashing, this);

    connect(m_inbox, &InboxProcessor::changed, this, &ServiceCore::changed);
    connect(m_inbox, &InboxProcessor::leadMessageStored, m_agents,
            [this](qint64 conversationId, qint64, qint64 receivedMs) { m_agents->onLeadMessage(conversationId, receivedMs); });
    connect(m_inbox, &InboxProcessor::outboxQueued, m_outbox, &OutboxDispatcher::wake);
    connect(m_agents, &AgentCoordinator::changed, this, &ServiceCore::changed);
    connect(m_agents, &AgentCoordinator::outboxQueued, m_outbox, &OutboxDispatcher::wake);
    connect(m_outbox, &OutboxDispatcher::changed, this, &ServiceCore::changed);

    if (m_options.runServer && m_runsWorkers) {
        m_http = new HttpService(m_clock, this);
        m_webhooks = new WebhookRoutes(*m_http, context, this);
        m_mediaRoutes = new MediaRoutes(*m_http, context, this);
        m_api = new RestApi(*m_http,
                            RestContext{m_database, *m_clock, *m_login, *m_hashing, [this] { return m_settings; },
                                        [this] { return m_keys; }, m_options.privateKeyPath},
                            this);
        connect(m_api, &RestApi::changed, this, &ServiceCore::changed);
        connect(m_api, &RestApi::outboxQueued, m_outbox, &OutboxDispatcher::wake);
        const QString listen = m_options.listenOverride.isEmpty() ? m_settings.text(QStringLiteral("server.listen"))
                                                                  : m_options.listenOverride;
        auto address = parseListen(listen, !m_options.listenOverride.isEmpty());
        if (!address)
            return address.error();
        applyServerLimits();
        m_webhooks->setGupshupToken(integration(Provider::Gupshup).value(QStringLiteral("webhookToken")));
        auto port = m_http->listen(address->address, address->port);
        if (!port)
            return port.error();
        m_port = *port;
        const QString host = address->address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(address->address.toString())
            : address->address.toString();
        m_listenAddress = QStringLiteral("%1:%2").arg(host).arg(m_port);
        connect(m_webhooks, &WebhookRoutes::eventsStored, m_inbox, &InboxProcessor::wake);
        connect(m_webhooks, &WebhookRoutes::foreignHost, this, &ServiceCore::webhookHostMismatch);
        connect(m_webhooks, &WebhookRoutes::webhookRecorded, this,
                [this](Provider provider) { emit changed(QStringLiteral("integrations"), int(provider)); });
    }

    m_pollTimer.setInterval(pollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &ServiceCore::reloadConfiguration);
    m_pollTimer.start();
    m_checkpointTimer.setInterval(checkpointIntervalMs);
    connect(&m_checkpointTimer, &QTimer::timeout, this, &ServiceCore::checkpoint);
    m_checkpointTimer.start();
    if (m_database.engine() == SqlEngine::Sqlite) {
        m_checkpoints = new CheckpointThread(m_database.location(), backgroundCheckpointIntervalMs, this);
        connect(m_checkpoints, &CheckpointThread::walCopied, this, &ServiceCore::checkpoint);
        m_checkpoints->start();
    }

    m_sharedChangeTimer.setSingleShot(true);
    m_sharedChangeTimer.setInterval(sharedChangeDelayMs);
    connect(&m_sharedChangeTimer, &QTimer::timeout, this, [this] {
        if (std::exchange(m_sharedOutboxChange, false))
            wakeOutbox();
        if (std::exchange(m_sharedTurnChange, false))
            resumeTurns();
    });

    // Work left by the previous run: events stored but not processed, turns not taken,
    // messages not sent.
    if (m_runsWorkers) {
        m_inbox->wake();
        m_agents->resumeUnanswered();
        m_outbox->start();
        if (m_database.location().engine == SqlEngine::Postgres) {
            m_inbox->startPolling(orphanScanIntervalMs);
            m_agents->startOrphanScan(orphanScanIntervalMs);
            m_outbox->startOrphanScan(orphanScanIntervalMs);
        }
        if (m_options.downloadMedia.value_or(!QStandardPaths::isTestModeEnabled()))
            m_media->wake();
    }
    qCInfo(lcRuntime) << "service started on" << m_database.location().displayName()
                      << (m_listenAddress.isEmpty() ? QString() : QStringLiteral("listening on ") + m_listenAddress);
    return {};
}

void ServiceCore::onSharedChange(const QString &table, qint64)
{
    if (!m_runsWorkers)
        return;
    const bool everything = table == QLatin1String("*");
    if (everything || table == QLatin1String("messages") || table == QLatin1String("outbound_messages"))
        m_sharedOutboxChange = true;
    if (everything || table == QLatin1String("conversations"))
        m_sharedTurnChange = true;
    if ((m_sharedOutboxChange || m_sharedTurnChange) && !m_sharedChangeTimer.isActive())
        m_sharedChangeTimer.start();
}

void ServiceCore::wakeOutbox()
{
    if (m_runsWorkers && m_outbox)
        m_outbox->wake();
}

void ServiceCore::resumeTurns()
{
    if (m_runsWorkers && m_agents)
        m_agents->resumeUnanswered();
}

void ServiceCore::announceChange(const QString &table, qint64 id)
{
    // Only table and id travel: listeners read the rest with their own permissions.
    const QString payload = QStringLiteral("%1:%2").arg(table).arg(id);
    if (auto sent = m_database.exec(QStringLiteral("SELECT pg_notify('prospecta_changes', ?)"), {payload}); !sent)
        qCWarning(lcRuntime) << "cannot announce a change to other desktops:" << sent.error().message;
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
        if (m_webhooks)
            m_webhooks->setGupshupToken(integration(Provider::Gupshup).value(QStringLiteral("webhookToken")));
        wakeOutbox();
    }
}

void ServiceCore::applySettings(const SettingsSnapshot &previous)
{
    // A new public URL makes earlier host warnings stale.
    const QString publicUrl = QStringLiteral("server.publicUrl");
    if (m_webhooks && previous.text(publicUrl) != m_settings.text(publicUrl)) {
        m_webhooks->resetHostWarnings();
        emit webhookHostMismatch(QString(), QString());
    }
    applyServerLimits();
    const bool wasEnabled = previous.flag(QStringLiteral("ai.enabled"));
    const bool enabled = m_settings.flag(QStringLiteral("ai.enabled"));
    if (wasEnabled != enabled) {
        qCInfo(lcRuntime) << (enabled ? "AI agents switched on" : "AI agents paused");
        emit aiEnabledChanged(enabled);
        if (enabled)
            resumeTurns();
    }
    emit changed(QStringLiteral("settings"), 0);
}

void ServiceCore::applyServerLimits()
{
    if (!m_http)
        return;
    HttpLimits limits;
    limits.maxBodyBytes = m_settings.integer(QStringLiteral("server.maxBodyBytes"));
    limits.maxHeaderBytes = int(m_settings.integer(QStringLiteral("server.maxHeaderBytes")));
    limits.requestTimeoutMs = int(m_settings.integer(QStringLiteral("server.requestTimeoutMs")));
    limits.keepAliveSeconds = int(m_settings.integer(QStringLiteral("server.keepAliveSeconds")));
    limits.maxConnectionsPerClient = int(m_settings.integer(QStringLiteral("server.maxConnectionsPerClient")));
    limits.trustedProxy = m_settings.flag(QStringLiteral("server.trustedProxy"));
    m_http->setLimits(limits, int(m_settings.integer(QStringLiteral("server.rateLimitPerMinute"))));
}

void ServiceCore::checkpoint()
{
    if (auto progress = m_database.checkpoint(Database::CheckpointMode::Passive); !progress)
        qCWarning(lcStorage) << "WAL checkpoint failed:" << progress.error().message;
}

Result<bool> ServiceCore::hasUsers() const
{
    return AccountService(m_database, *m_clock).hasUsers();
}

void ServiceCore::withPasswordHash(const QString &password, std::function<void(Result<QString>)> store)
{
    hashPasswordThen(*m_hashing, this, password, std::move(store));
}

void ServiceCore::createFirstAdmin(const User &user, const QString &password, Reply<qint64> reply)
{
    if (auto valid = AccountService::validateNewUser(user); !valid) {
        reply(valid.error());
        return;
    }
    withPasswordHash(password, [this, user, reply](Result<QString> hash) {
        if (!hash) {
            reply(hash.error());
            return;
        }
        auto id = AccountService(m_database, *m_clock).createFirstAdmin(user, *hash, LoginService::desktopClient());
        if (id)
            emit changed(QStringLiteral("users"), *id);
        reply(id);
    });
}

void ServiceCore::login(const QString &email, const QString &password, const QString &client, Reply<Principal> reply)
{
    m_login->login(email, password, client, [reply](const Result<Principal> &result) { reply(result); });
}

Result<Principal> ServiceCore::resolve(const Actor &actor) const
{
    return Authorizer(m_database).resolve(actor);
}

Result<QList<User>> ServiceCore::users(const Actor &actor) const
{
    return AccountService(m_database, *m_clock).list(actor);
}

void ServiceCore::addUser(const Actor &actor, const User &user, const QString &password, Reply<qint64> reply)
{
    // Cheap refusals first, so a refused request costs no hashing.
    if (auto valid = AccountService::validateNewUser(user); !valid) {
        reply(valid.error());
        return;
    }
    if (auto allowed = Authorizer(m_database).require(actor, Permission::ManageUsers); !allowed) {
        reply(allowed.error());
        return;
    }
    withPasswordHash(password, [this, actor, user, reply](Result<QString> hash) {
        if (!hash) {
            reply(hash.error());
            return;
        }
        auto id = AccountService(m_database, *m_clock).addUser(actor, user, *hash);
        if (id)
            emit changed(QStringLiteral("users"), *id);
        reply(id);
    });
}

void ServiceCore::resetPassword(const Actor &actor, const QString &email, const QString &password, Reply<bool> reply)
{
    if (auto allowed = Authorizer(m_database).require(actor, Permission::ManageUsers); !allowed) {
        reply(allowed.error());
        return;
    }
    withPasswordHash(password, [this, actor, email, reply](Result<QString> hash) {
        if (!hash) {
            reply(hash.error());
            return;
        }
        auto reset = AccountService(m_database, *m_clock).resetPassword(actor, email, *hash);
        if (!reset) {
            reply(reset.error());
            return;
        }
        emit changed(QStringLiteral("users"), 0);
        reply(true);
    });
}

Status ServiceCore::setUserRole(const Actor &actor, const QString &email, UserRole role)
{
    auto changedRole = AccountService(m_database, *m_clock).setRole(actor, email, role);
    if (changedRole)
        emit changed(QStringLiteral("users"), 0);
    return changedRole;
}

Status ServiceCore::setUserActive(const Actor &actor, const QString &email, bool active)
{
    auto changedActive = AccountService(m_database, *m_clock).setActive(actor, email, active);
    if (changedActive)
        emit changed(QStringLiteral("users"), 0);
    return changedActive;
}

Result<QList<AuditEntry>> ServiceCore::auditEntries(const Actor &actor, const AuditFilter &filter) const
{
    return AuditExport(m_database, *m_clock).query(actor, filter);
}

Result<int> ServiceCore::exportAudit(const Actor &actor, const AuditFilter &filter, const QString &filePath)
{
    return AuditExport(m_database, *m_clock).writeCsv(actor, filter, filePath);
}

Result<int> ServiceCore::exportLeads(const Actor &actor, const LeadListFilter &filter, const QString &filePath,
                                     const QLocale &locale)
{
    return LeadExport(m_database, *m_clock).writeCsv(actor, filter, filePath, locale);
}

void ServiceCore::startLeadImport(qint64 importId, const Actor &actor, const LeadImportRequest &request,
                                  Reply<LeadImportReport> reply)
{
    if (m_imports.contains(importId)) {
        reply(makeError(ErrorKind::Conflict, QCoreApplication::translate("Prospecta::ServiceCore", "Lead import %1 is already running.").arg(importId)));
        return;
    }
    auto *job = new ImportJob(importId, m_database, *m_clock, this);
    if (auto started = job->start(actor, request); !started) {
        delete job;
        reply(started.error());
        return;
    }
    m_imports.insert(importId, job);
    connect(job, &ImportJob::progressed, this, &ServiceCore::leadImportProgressed);
    connect(job, &ImportJob::finished, this, [this, job, reply](qint64 id, const LeadImportReport &report) {
        m_imports.remove(id);
        job->deleteLater();
        // Rejected and unchanged rows write no lead, and the views need no refresh for them.
        if (report.created > 0 || report.updated > 0 || report.merged > 0)
            emit changed(QStringLiteral("leads"), 0);
        reply(report);
    });
}

void ServiceCore::cancelLeadImport(qint64 importId)
{
    if (ImportJob *job = m_imports.value(importId))
        job->stop(LeadImportRun::StopCause::Cancelled);
}

bool ServiceCore::isLeadImportRunning(qint64 importId) const
{
    const ImportJob *job = m_imports.value(importId);
    return job && job->isRunning();
}

Status ServiceCore::sendHumanMessage(const Actor &actor, qint64 conversationId, const QString &text)
{
    auto queued = LeadDesk(m_database, *m_clock).sendHumanMessage(actor, conversationId, text);
    if (!queued)
        return queued.error();
    emit changed(QStringLiteral("messages"), *queued);
    emit changed(QStringLiteral("conversations"), conversationId);
    wakeOutbox();
    return {};
}

Status ServiceCore::retryMessage(const Actor &actor, qint64 messageId)
{
    auto conversationId = LeadDesk(m_database, *m_clock).retryMessage(actor, messageId);
    if (!conversationId)
        return conversationId.error();
    emit changed(QStringLiteral("messages"), messageId);
    emit changed(QStringLiteral("conversations"), *conversationId);
    wakeOutbox();
    return {};
}

Status ServiceCore::markConversationRead(const Actor &actor, qint64 conversationId, qint64 messageId)
{
    Authorizer authorizer(m_database);
    auto principal = authorizer.resolve(actor);
    if (!principal)
        return principal.error();
    if (auto allowed = authorizer.requireConversation(*principal, conversationId); !allowed)
        return allowed.error();
    // Read markers belong to users; the command line and the workers read nothing.
    if (actor.userId <= 0)
        return makeError(ErrorKind::InvalidArgument, tr("Only a logged-in user can mark a conversation as read."));
    // Only a message of this conversation may be the marker: a larger id would mark
    // messages that have not arrived yet as read.
    auto message = MessageRepository(m_database).findById(messageId);
    if (!message)
        return message.error();
    if (!*message || (*message)->conversationId != conversationId)
        return makeError(ErrorKind::NotFound, tr("Message %1 is not part of conversation %2.").arg(messageId).arg(conversationId));
    InboxRepository inbox(m_database);
    const qint64 nowMs = m_clock->nowMs();
    if (auto marked = inbox.markRead(actor.userId, conversationId, messageId, nowMs); !marked)
        return marked;
    // The watermark only shortens the unread walk, so a failure leaves the marker written
    // and the next read continues the advance. The view is the one SnapshotReader's inbox
    // queries use.
    const qint64 agentUserId = principal->allows(Permission::SeeAllLeads) ? 0 : actor.userId;
    if (auto advanced = inbox.advanceReadThrough(actor.userId, agentUserId, nowMs); !advanced)
        qCWarning(lcRuntime) << "the read-through watermark of user" << actor.userId << "did not advance:"
                             << advanced.error().message;
    emit changed(QStringLiteral("conversation_reads"), conversationId);
    return {};
}

Status ServiceCore::setHumanHolds(const Actor &actor, qint64 conversationId, bool holds)
{
    if (auto held = LeadDesk(m_database, *m_clock).setHumanHolds(actor, conversationId, holds); !held)
        return held;
    qCInfo(lcRuntime) << "conversation" << conversationId << (holds ? "taken over by a human" : "given back to the AI");
    emit changed(QStringLiteral("conversations"), conversationId);
    if (!holds)
        resumeTurns();
    return {};
}

Status ServiceCore::sendTemplate(const Actor &actor, qint64 conversationId, qint64 templateId, const QStringList &params)
{
    auto queued = LeadDesk(m_database, *m_clock).sendTemplate(actor, conversationId, templateId, params);
    if (!queued)
        return queued.error();
    emit changed(QStringLiteral("messages"), *queued);
    emit changed(QStringLiteral("conversations"), conversationId);
    wakeOutbox();
    return {};
}

Status ServiceCore::closeConversation(const Actor &actor, qint64 conversationId)
{
    if (auto closed = LeadDesk(m_database, *m_clock).closeConversation(actor, conversationId); !closed)
        return closed;
    qCInfo(lcRuntime) << "conversation" << conversationId << "closed";
    emit changed(QStringLiteral("conversations"), conversationId);
    return {};
}

Result<QList<User>> ServiceCore::assignees(const Actor &actor) const
{
    return ComposerService(m_database, *m_clock).assignees(actor);
}

Result<QList<CannedReply>> ServiceCore::cannedReplies(const Actor &actor) const
{
    return ComposerService(m_database, *m_clock).cannedReplies(actor);
}

Result<qint64> ServiceCore::saveCannedReply(const Actor &actor, const CannedReply &reply)
{
    auto saved = ComposerService(m_database, *m_clock).saveCannedReply(actor, reply);
    if (saved)
        emit changed(QStringLiteral("canned_replies"), *saved);
    return saved;
}

Status ServiceCore::deleteCannedReply(const Actor &actor, qint64 replyId)
{
    if (auto deleted = ComposerService(m_database, *m_clock).deleteCannedReply(actor, replyId); !deleted)
        return deleted;
    emit changed(QStringLiteral("canned_replies"), replyId);
    return {};
}

Result<QList<MessageTemplate>> ServiceCore::messageTemplates(const Actor &actor) const
{
    return ComposerService(m_database, *m_clock).templates(actor);
}

Result<qint64> ServiceCore::saveMessageTemplate(const Actor &actor, const MessageTemplate &messageTemplate)
{
    auto saved = ComposerService(m_database, *m_clock).saveTemplate(actor, messageTemplate);
    if (saved)
        emit changed(QStringLiteral("message_templates"), *saved);
    return saved;
}

Status ServiceCore::deleteMessageTemplate(const Actor &actor, qint64 templateId)
{
    if (auto deleted = ComposerService(m_database, *m_clock).deleteTemplate(actor, templateId); !deleted)
        return deleted;
    emit changed(QStringLiteral("message_templates"), templateId);
    return {};
}

Status ServiceCore::attachmentsAvailable() const
{
    auto baseUrl = AttachmentRules::mediaBaseUrl(m_settings.text(QStringLiteral("server.publicUrl")));
    if (!baseUrl)
        return baseUrl.error();
    return {};
}

Result<Attachment> ServiceCore::inspectAttachment(const QString &filePath) const
{
    auto attachment = AttachmentRules::readFile(filePath);
    if (attachment)
        attachment->bytes.clear();
    return attachment;
}

Status ServiceCore::sendAttachment(const Actor &actor, qint64 conversationId, const QString &filePath,
                                   const QString &caption)
{
    auto attachment = AttachmentRules::readFile(filePath);
    if (!attachment)
        return attachment.error();
    auto queued = ComposerService(m_database, *m_clock)
                      .sendAttachment(actor, conversationId, attachment->fileName, attachment->bytes, caption,
                                      m_options.mediaFolder);
    if (!queued)
        return queued.error();
    emit changed(QStringLiteral("messages"), *queued);
    emit changed(QStringLiteral("conversations"), conversationId);
    wakeOutbox();
    return {};
}

LeadService ServiceCore::leadService() const
{
    return LeadService(m_database, *m_clock, m_settings.text(QStringLiteral("phone.defaultRegion")));
}

Status ServiceCore::assignLead(const Actor &actor, qint64 leadId, qint64 userId)
{
    if (auto assigned = leadService().assign(actor, leadId, userId); !assigned)
        return assigned;
    emit changed(QStringLiteral("leads"), leadId);
    return {};
}

Result<Lead> ServiceCore::updateLead(const Actor &actor, qint64 leadId, const LeadInput &input)
{
    auto updated = leadService().update(actor, leadId, input);
    if (!updated)
        return updated.error();
    emit changed(QStringLiteral("leads"), leadId);
    return updated;
}

Status ServiceCore::setLeadStatus(const Actor &actor, qint64 leadId, LeadStatus status)
{
    if (auto moved = leadService().setStatus(actor, leadId, status); !moved)
        return moved;
    emit changed(QStringLiteral("leads"), leadId);
    return {};
}

Status ServiceCore::deleteLead(const Actor &actor, qint64 leadId)
{
    if (auto deleted = LeadDesk(m_database, *m_clock).deleteLead(actor, leadId); !deleted)
        return deleted;
    emit changed(QStringLiteral("leads"), leadId);
    return {};
}

Status ServiceCore::resolveAlert(const Actor &actor, qint64 alertId)
{
    auto principal = Authorizer(m_database).require(actor, Permission::ManageIntegrations);
    if (!principal)
        return principal.error();
    if (auto resolved = AlertRepository(m_database).resolve(alertId, m_clock->nowMs()); !resolved)
        return resolved;
    emit changed(QStringLiteral("alerts"), alertId);
    return {};
}

QList<QPair<QByteArray, QString>> ServiceCore::httpRoutes() const
{
    return m_http ? m_http->router().routes() : QList<QPair<QByteArray, QString>>();
}

Result<QString> ServiceCore::webhookUrl(const Actor &actor, Provider provider)
{
    auto url = ConfigurationService(m_database, *m_clock, m_options.privateKeyPath)
                   .webhookUrl(actor, provider, m_listenAddress);
    if (!url)
        return url.error();
    return url->url;
}

Status ServiceCore::setAiEnabled(const Actor &actor, bool enabled)
{
    auto stored = ConfigurationService(m_database, *m_clock, m_options.privateKeyPath)
                      .setSetting(actor, QStringLiteral("ai.enabled"),
                                  enabled ? QStringLiteral("true") : QStringLiteral("false"));
    if (!stored)
        return stored.error();
    m_settingsStamp.clear();
    reloadConfiguration();
    return {};
}

} // namespace Prospecta
