// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ServiceHost.h"
#include "accounts/Authorizer.h"
#include "domain/Entities.h"
#include "operations/AttachmentRules.h"
#include "security/SecretBox.h"
#include "spreadsheets/LeadImport.h"
#include "storage/AuditRepository.h"
#include "storage/CannedReplyRepository.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/MessageTemplateRepository.h"
#include "storage/SettingsCatalog.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QLockFile;
class QNetworkAccessManager;

namespace Prospecta {

class AgentCoordinator;
class ChatCompletionsClient;
class CheckpointThread;
class Clock;
class GupshupClient;
class HashingPool;
class ImportJob;
class InboxProcessor;
struct LeadImportRequest;
class LeadService;
struct LeadInput;
class LoginService;
class MediaDownloader;
class MediaRoutes;
class OutboxDispatcher;
class HttpService;
class RestApi;
class WebhookRoutes;

// Everything that lives on the service thread, wired together. Created on that thread
// by ServiceHost; also used directly by tests that run it on their own thread.
class ServiceCore : public QObject
{
    Q_OBJECT

public:
    explicit ServiceCore(ServiceOptions options, QObject *parent = nullptr);
    ~ServiceCore() override;

    // Takes the database lock, opens and migrates the database, loads settings and
    // secrets, starts the workers and the server.
    Status initialize();

    quint16 port() const { return m_port; }
    QString listenAddress() const { return m_listenAddress; }

    const Database &database() const { return m_database; }
    const Clock &clock() const { return *m_clock; }
    SettingsSnapshot settings() const { return m_settings; }
    IntegrationValues integration(Provider provider) const;

    InboxProcessor &inbox() { return *m_inbox; }
    AgentCoordinator &agents() { return *m_agents; }
    OutboxDispatcher &outbox() { return *m_outbox; }
    ChatCompletionsClient &chatClient() { return *m_chat; }
    MediaDownloader &media() { return *m_media; }
    // Where downloaded media is stored; Message::mediaPath is relative to it.
    QString mediaFolder() const { return m_options.mediaFolder; }

    // Operations people request. Each takes the acting user and is checked, audited and
    // committed by the operations layer (app/operations). These wrappers add what only the
    // service owns: the hashing thread, change notices and waking the workers.
    template<typename T>
    using Reply = std::function<void(Result<T>)>;

    Result<bool> hasUsers() const;
    // The desktop's first-run dialog; refused once any user exists.
    void createFirstAdmin(const User &user, const QString &password, Reply<qint64> reply);
    void login(const QString &email, const QString &password, const QString &client, Reply<Principal> reply);
    // The actor's current role and name; Unauthorized once the account was deactivated.
    Result<Principal> resolve(const Actor &actor) const;

    Result<QList<User>> users(const Actor &actor) const;
    void addUser(const Actor &actor, const User &user, const QString &password, Reply<qint64> reply);
    void resetPassword(const Actor &actor, const QString &email, const QString &password, Reply<bool> reply);
    Status setUserRole(const Actor &actor, const QString &email, UserRole role);
    Status setUserActive(const Actor &actor, const QString &email, bool active);

    Result<QList<AuditEntry>> auditEntries(const Actor &actor, const AuditFilter &filter) const;
    Result<int> exportAudit(const Actor &actor, const AuditFilter &filter, const QString &filePath);

    // Writes the leads that `filter` matches and the actor may see to `filePath` as CSV, in
    // the filter's order and with the separator spreadsheets expect in `locale`, and
    // returns how many were written. The leads view passes its search, filters and order
    // (LeadsModel::listFilter), so the file holds what the view lists. Managers and
    // administrators only, audited.
    Result<int> exportLeads(const Actor &actor, const LeadListFilter &filter, const QString &filePath,
                            const QLocale &locale);
    // Starts importing a CSV file as an ImportJob, which imports one batch per event-loop
    // turn, so webhooks and other writes are served between batches. `reply` gets the
    // report when the import ends (completed, cancelled, or stopped by an error after
    // some batches), or at once the error that kept it from starting. Progress goes out
    // as leadImportProgressed(importId, ...). `importId` is the caller's, unique per import.
    void startLeadImport(qint64 importId, const Actor &actor, const LeadImportRequest &request,
                         Reply<LeadImportReport> reply);
    // Stops import `importId` before its next batch; no effect once it has ended.
    void cancelLeadImport(qint64 importId);
    bool isLeadImportRunning(qint64 importId) const;

    Status sendHumanMessage(const Actor &actor, qint64 conversationId, const QString &text);
    Status setHumanHolds(const Actor &actor, qint64 conversationId, bool holds);
    // The composer's tools (LeadDesk and ComposerService), each announced as a change of
    // "conversations", "canned_replies" or "message_templates".
    Status sendTemplate(const Actor &actor, qint64 conversationId, qint64 templateId, const QStringList &params);
    Status closeConversation(const Actor &actor, qint64 conversationId);
    Result<QList<User>> assignees(const Actor &actor) const;
    Result<QList<CannedReply>> cannedReplies(const Actor &actor) const;
    Result<qint64> saveCannedReply(const Actor &actor, const CannedReply &reply);
    Status deleteCannedReply(const Actor &actor, qint64 replyId);
    Result<QList<MessageTemplate>> messageTemplates(const Actor &actor) const;
    Result<qint64> saveMessageTemplate(const Actor &actor, const MessageTemplate &messageTemplate);
    Status deleteMessageTemplate(const Actor &actor, qint64 templateId);
    // The composer's attachments (AttachmentRules, ComposerService). attachmentsAvailable()
    // fails, saying what an administrator must do, while server.publicUrl cannot serve
    // them. inspectAttachment() reads and checks a chosen file and returns it without its
    // bytes; sendAttachment() reads it again, queues it and wakes the outbox.
    Status attachmentsAvailable() const;
    Result<Attachment> inspectAttachment(const QString &filePath) const;
    Status sendAttachment(const Actor &actor, qint64 conversationId, const QString &filePath, const QString &caption);
    // Sends a failed outgoing message again (LeadDesk::retryMessage) and wakes the outbox.
    Status retryMessage(const Actor &actor, qint64 messageId);
    // Records that the actor (a user) has seen conversation `conversationId` up to its
    // message `messageId`, which clears its unread count in the actor's inbox.
    Status markConversationRead(const Actor &actor, qint64 conversationId, qint64 messageId);
    Status assignLead(const Actor &actor, qint64 leadId, qint64 userId);
    Status setLeadStatus(const Actor &actor, qint64 leadId, LeadStatus status);
    // The lead file's save: LeadService::update, with its optimistic check when
    // input.expectedUpdatedMs is set. Announces the change to the views.
    Result<Lead> updateLead(const Actor &actor, qint64 leadId, const LeadInput &input);
    Status deleteLead(const Actor &actor, qint64 leadId);
    Status setAiEnabled(const Actor &actor, bool enabled);
    // Administrators mark an alert as dealt with.
    Status resolveAlert(const Actor &actor, qint64 alertId);
    // The URL to paste into `provider`'s console (audited, it may carry a token).
    Result<QString> webhookUrl(const Actor &actor, Provider provider);

    // Every route of the HTTP server as (method, pattern), for the OpenAPI test.
    QList<QPair<QByteArray, QString>> httpRoutes() const;

    // Re-reads settings and integrations now (they are also polled every second).
    void reloadConfiguration();

    // False on a team desktop without the installation's private key: it cannot open
    // provider keys, so the webhook server and the workers run on the processes that can.
    bool runsWorkers() const { return m_runsWorkers; }

    // Another process changed `table` (a PostgreSQL notification). A worker process picks
    // up what may now be its work: a reply queued elsewhere, a conversation given back.
    void onSharedChange(const QString &table, qint64 id);

signals:
    void changed(const QString &table, qint64 id);
    void aiEnabledChanged(bool enabled);
    // See WebhookRoutes::foreignHost; an empty host clears the warning (the public URL
    // changed).
    void webhookHostMismatch(const QString &host, const QString &expected);
    // See ImportJob::progressed.
    void leadImportProgressed(qint64 importId, const Prospecta::LeadImportProgress &progress);

private:
    Status openDatabase();
    // Hashes `password` on the hashing thread, then runs `store` with the hash here.
    void withPasswordHash(const QString &password, std::function<void(Result<QString>)> store);
    void applySettings(const SettingsSnapshot &previous);
    void applyServerLimits();
    LeadService leadService() const;
    void checkpoint();
    // Tells the other desktops on a PostgreSQL database what changed (ChangeListener).
    void announceChange(const QString &table, qint64 id);
    // Both do nothing where the workers do not run.
    void wakeOutbox();
    void resumeTurns();

    ServiceOptions m_options;
    std::shared_ptr<Clock> m_clock;
    Database m_database;
    std::unique_ptr<QLockFile> m_lock;
    SettingsSnapshot m_settings;
    QString m_settingsStamp;
    QString m_integrationsStamp;
    std::optional<KeyPair> m_keys;
    QHash<int, IntegrationValues> m_integrations;

    QNetworkAccessManager *m_network = nullptr;
    GupshupClient *m_gupshup = nullptr;
    ChatCompletionsClient *m_chat = nullptr;
    HttpService *m_http = nullptr;
    WebhookRoutes *m_webhooks = nullptr;
    MediaRoutes *m_mediaRoutes = nullptr;
    RestApi *m_api = nullptr;
    InboxProcessor *m_inbox = nullptr;
    AgentCoordinator *m_agents = nullptr;
    OutboxDispatcher *m_outbox = nullptr;
    HashingPool *m_hashing = nullptr;
    MediaDownloader *m_media = nullptr;
    LoginService *m_login = nullptr;
    CheckpointThread *m_checkpoints = nullptr; // SQLite only
    // Lead imports in progress, by the caller's id.
    QHash<qint64, ImportJob *> m_imports;

    QTimer m_pollTimer;
    QTimer m_checkpointTimer;
    // Coalesces bursts of shared changes into one wake of each worker.
    QTimer m_sharedChangeTimer;
    bool m_sharedOutboxChange = false;
    bool m_sharedTurnChange = false;
    bool m_runsWorkers = true;
    quint16 m_port = 0;
    QString m_listenAddress;
};

} // namespace Prospecta
