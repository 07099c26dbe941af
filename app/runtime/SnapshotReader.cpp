// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "SnapshotReader.h"

#include "WorkerThread.h"
#include "accounts/Authorizer.h"
#include "core/Logging.h"
#include "storage/CallRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/ConversationRepository.h"
#include "storage/Database.h"
#include "storage/InboxRepository.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QThread>

#include <algorithm>

namespace Prospecta {

// Lives on the reader thread with its own connection.
class SnapshotReader::Worker : public QObject
{
public:
    explicit Worker(DatabaseLocation location) : m_location(std::move(location)) {}

    bool ensureOpen(SnapshotReader *owner, int requestId)
    {
        if (m_database.isOpen())
            return true;
        auto opened = m_database.open(m_location, QStringLiteral("reader-%1").arg(quintptr(this)));
        if (!opened) {
            emit owner->failed(requestId, opened.error().message, false);
            return false;
        }
        // Reads run again on a new connection after a server restart.
        m_database.setReopenAfterConnectionLoss(true);
        return true;
    }

    // Opens the connection and checks the viewer. On failure it emits failed() for the request.
    std::optional<Principal> viewerFor(SnapshotReader *owner, int requestId, const Actor &viewer,
                                       std::optional<Permission> permission = std::nullopt)
    {
        if (!ensureOpen(owner, requestId))
            return std::nullopt;
        Authorizer authorizer(m_database);
        auto principal = permission ? authorizer.require(viewer, *permission) : authorizer.resolve(viewer);
        if (!principal) {
            fail(owner, requestId, principal.error());
            return std::nullopt;
        }
        return *principal;
    }

    static void fail(SnapshotReader *owner, int requestId, const Error &error)
    {
        emit owner->failed(requestId, error.message, error.kind == ErrorKind::Unauthorized);
    }

    void leads(SnapshotReader *owner, int requestId, const Actor &viewer, int limit, int offset, const QString &search)
    {
        const auto principal = viewerFor(owner, requestId, viewer);
        if (!principal)
            return;
        LeadListFilter filter;
        filter.search = search;
        if (!principal->allows(Permission::SeeAllLeads))
            filter.visibility.agentUserId = viewer.userId;
        LeadRepository repository(m_database);
        auto total = repository.count(filter);
        filter.limit = limit;
        filter.offset = offset;
        auto rows = repository.listRows(filter);
        if (!rows || !total) {
            fail(owner, requestId, rows ? total.error() : rows.error());
            return;
        }
        QList<LeadRow> result;
        result.reserve(rows->size());
        for (const LeadRepository::Row &row : std::as_const(*rows))
            result << LeadRow{row.lead, row.campaignName};
        emit owner->leadsReady(requestId, result, *total);
    }

    void leadWindow(SnapshotReader *owner, int requestId, const Actor &viewer, const LeadWindowQuery &query)
    {
        const auto principal = viewerFor(owner, requestId, viewer);
        if (!principal)
            return;
        const bool seesAll = principal->allows(Permission::SeeAllLeads);
        LeadListFilter filter;
        filter.search = query.search;
        filter.status = query.status;
        filter.campaignId = query.campaignId;
        filter.assignedUserId = query.ownerUserId;
        filter.sort = query.sort;
        if (!seesAll)
            filter.visibility.agentUserId = viewer.userId;

        // NOTE: the count and the pages are separate statements outside a transaction.
        // A commit between them can leave them a lead apart until the view's next
        // refresh, which that commit announces.
        LeadRepository repository(m_database);
        LeadWindow window;
        if (query.withCount) {
            auto total = repository.count(filter);
            if (!total) {
                fail(owner, requestId, total.error());
                return;
            }
            window.total = *total;
        }
        filter.limit = query.pageSize;
        for (const int offset : query.offsets) {
            filter.offset = offset;
            auto rows = repository.listRows(filter);
            if (!rows) {
                fail(owner, requestId, rows.error());
                return;
            }
            QList<LeadRow> page;
            page.reserve(rows->size());
            for (const LeadRepository::Row &row : std::as_const(*rows))
                page << LeadRow{row.lead, row.campaignName};
            window.offsets << offset;
            window.pages << page;
        }
        if (query.withFilterChoices) {
            auto lists = readFilterLists(seesAll);
            if (!lists) {
                fail(owner, requestId, lists.error());
                return;
            }
            window.choices = lists->choices;
        }
        emit owner->leadWindowReady(requestId, window);
    }

    // The lead filters' choices and every user's name by id.
    struct FilterLists
    {
        LeadFilterChoices choices;
        QHash<qint64, QString> userNames;
    };

    // The campaigns and, for a viewer who sees every lead, the active users, each sorted
    // by name. The pipeline board and the leads table offer the same lists.
    Result<FilterLists> readFilterLists(bool seesAll)
    {
        auto campaigns = CampaignRepository(m_database).list();
        if (!campaigns)
            return campaigns.error();
        // The user table is small, and its names also label the pipeline's cards.
        auto users = UserRepository(m_database).list();
        if (!users)
            return users.error();

        FilterLists lists;
        for (const User &user : std::as_const(*users)) {
            lists.userNames.insert(user.id, user.name);
            if (seesAll && user.active)
                lists.choices.owners << NamedId{user.id, user.name};
        }
        for (const Campaign &campaign : std::as_const(*campaigns))
            lists.choices.campaigns << NamedId{campaign.id, campaign.name};
        const auto byName = [](const NamedId &left, const NamedId &right) {
            return QString::localeAwareCompare(left.name, right.name) < 0;
        };
        std::sort(lists.choices.campaigns.begin(), lists.choices.campaigns.end(), byName);
        std::sort(lists.choices.owners.begin(), lists.choices.owners.end(), byName);
        return lists;
    }

    void leadPage(SnapshotReader *owner, int requestId, const Actor &viewer, const LeadPageFilter &pageFilter)
    {
        const auto principal = viewerFor(owner, requestId, viewer);
        if (!principal)
            return;
        const bool seesAll = principal->allows(Permission::SeeAllLeads);
        LeadListFilter filter;
        filter.status = pageFilter.status;
        filter.campaignId = pageFilter.campaignId;
        filter.assignedUserId = pageFilter.ownerUserId;
        if (!seesAll)
            filter.visibility.agentUserId = viewer.userId;

        LeadRepository repository(m_database);
        auto total = repository.count(filter);
        filter.limit = pageFilter.limit;
        filter.offset = pageFilter.offset;
        auto rows = repository.listRows(filter);
        auto lists = readFilterLists(seesAll);
        if (!total) {
            fail(owner, requestId, total.error());
            return;
        }
        if (!rows) {
            fail(owner, requestId, rows.error());
            return;
        }
        if (!lists) {
            fail(owner, requestId, lists.error());
            return;
        }

        BoardPage page;
        page.total = *total;
        page.rows.reserve(rows->size());
        for (const LeadRepository::Row &row : std::as_const(*rows)) {
            page.rows << LeadRow{row.lead, row.campaignName};
            if (row.lead.assignedUserId > 0)
                page.ownerNames.insert(row.lead.assignedUserId, lists->userNames.value(row.lead.assignedUserId));
        }
        page.campaigns = lists->choices.campaigns;
        page.owners = lists->choices.owners;
        emit owner->leadPageReady(requestId, page);
    }

    void conversation(SnapshotReader *owner, int requestId, const Actor &viewer, qint64 leadId, qint64 firstMessageId,
                      int messageLimit)
    {
        const auto principal = viewerFor(owner, requestId, viewer);
        if (!principal)
            return;
        if (messageLimit <= 0) {
            fail(owner, requestId, invalidMessageLimit(messageLimit));
            return;
        }
        if (auto allowed = Authorizer(m_database).requireLead(*principal, leadId); !allowed) {
            fail(owner, requestId, allowed.error());
            return;
        }
        auto conversations = ConversationRepository(m_database).listForLead(leadId);
        if (!conversations) {
            fail(owner, requestId, conversations.error());
            return;
        }
        Conversation latest;
        QList<Message> messages;
        if (!conversations->isEmpty()) {
            latest = conversations->last();
            auto loaded = MessageRepository(m_database).latestFrom(latest.id, firstMessageId, messageLimit);
            if (!loaded) {
                fail(owner, requestId, loaded.error());
                return;
            }
            messages = *loaded;
            owner->m_chatMessagesRead += messages.size();
        }
        emit owner->conversationReady(requestId, leadId, latest, messages);
    }

    void olderMessages(SnapshotReader *owner, int requestId, const Actor &viewer, qint64 leadId, qint64 conversationId,
                       qint64 beforeMessageId, int limit)
    {
        const auto principal = viewerFor(owner, requestId, viewer);
        if (!principal)
            return;
        if (limit <= 0) {
            fail(owner, requestId, invalidMessageLimit(limit));
            return;
        }
        if (auto allowed = Authorizer(m_database).requireLead(*principal, leadId); !allowed) {
            fail(owner, requestId, allowed.error());
            return;
        }
        // The lead check above covers this conversation only if it is the lead's.
        auto conversation = ConversationRepository(m_database).findById(conversationId);
        if (!conversation) {
            fail(owner, requestId, conversation.error());
            return;
        }
        if (!*conversation || (*conversation)->leadId != leadId) {
            fail(owner, requestId,
                 makeError(ErrorKind::NotFound,
                           SnapshotReader::tr("The conversation no longer exists; select the lead again.")));
            return;
        }
        auto messages = MessageRepository(m_database).before(conversationId, beforeMessageId, limit);
        if (!messages) {
            fail(owner, requestId, messages.error());
            return;
        }
        owner->m_chatMessagesRead += messages->size();
        emit owner->olderMessagesReady(requestId, leadId, conversationId, beforeMessageId, *messages);
    }

    static Error invalidMessageLimit(int limit)
    {
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("A chat must read at least 1 message at a time; got %1.").arg(limit));
    }

    void inbox(SnapshotReader *owner, int requestId, const Actor &viewer, const InboxQuery &query)
    {
        const auto principal = viewerFor(owner, requestId, viewer);
        if (!principal)
            return;
        const qint64 agentUserId = principal->allows(Permission::SeeAllLeads) ? 0 : viewer.userId;
        InboxRepository repository(m_database);
        auto entries = repository.list(viewer.userId, agentUserId, query.filter, query.range);
        if (!entries) {
            fail(owner, requestId, entries.error());
            return;
        }
        InboxSnapshot snapshot;
        snapshot.entries = *entries;
        if (!query.withUnread) {
            emit owner->inboxReady(requestId, snapshot);
            return;
        }

        auto unread = repository.unread(viewer.userId, agentUserId, InboxUnreadLimit);
        auto totalUnread = repository.totalUnread(viewer.userId, agentUserId, InboxUnreadTotalLimit);
        auto settings = SettingsRepository(m_database).load();
        for (const Error *error : {unread ? nullptr : &unread.error(), totalUnread ? nullptr : &totalUnread.error(),
                                   settings ? nullptr : &settings.error()}) {
            if (error) {
                fail(owner, requestId, *error);
                return;
            }
        }
        snapshot.unread = *unread;
        snapshot.totalUnread = *totalUnread;
        snapshot.aiEnabled = settings->flag(QStringLiteral("ai.enabled"));
        emit owner->inboxReady(requestId, snapshot);
    }

    void users(SnapshotReader *owner, int requestId, const Actor &viewer)
    {
        if (!viewerFor(owner, requestId, viewer, Permission::ManageUsers))
            return;
        auto users = UserRepository(m_database).list();
        if (!users) {
            fail(owner, requestId, users.error());
            return;
        }
        emit owner->usersReady(requestId, *users);
    }

    void audit(SnapshotReader *owner, int requestId, const Actor &viewer, const AuditFilter &filter)
    {
        if (!viewerFor(owner, requestId, viewer, Permission::ViewAudit))
            return;
        AuditRepository repository(m_database);
        auto entries = repository.query(filter);
        auto actorNames = repository.actorNames();
        auto actions = repository.actions();
        for (const Error *error : {entries ? nullptr : &entries.error(), actorNames ? nullptr : &actorNames.error(),
                                   actions ? nullptr : &actions.error()}) {
            if (error) {
                fail(owner, requestId, *error);
                return;
            }
        }
        emit owner->auditReady(requestId, *entries, *actorNames, *actions);
    }

    void integrations(SnapshotReader *owner, int requestId, const Actor &viewer)
    {
        if (!viewerFor(owner, requestId, viewer, Permission::ManageIntegrations))
            return;
        IntegrationRepository repository(m_database);
        QList<IntegrationStatus> result;
        for (Provider provider : {Provider::Gupshup, Provider::Twilio, Provider::Meta}) {
            auto record = repository.load(provider);
            if (!record) {
                fail(owner, requestId, record.error());
                return;
            }
            result << IntegrationStatus{provider, record->exists, record->lastWebhookMs};
        }
        emit owner->integrationsReady(requestId, result);
    }

    void alerts(SnapshotReader *owner, int requestId, const Actor &viewer)
    {
        if (!viewerFor(owner, requestId, viewer, Permission::ManageIntegrations))
            return;
        auto open = AlertRepository(m_database).open();
        if (!open) {
            fail(owner, requestId, open.error());
            return;
        }
        emit owner->alertsReady(requestId, *open);
    }

    void leadFile(SnapshotReader *owner, int requestId, const Actor &viewer, qint64 leadId)
    {
        const auto principal = viewerFor(owner, requestId, viewer, Permission::WorkLeads);
        if (!principal)
            return;
        if (auto allowed = Authorizer(m_database).requireLead(*principal, leadId); !allowed) {
            fail(owner, requestId, allowed.error());
            return;
        }
        auto file = readLeadFile(leadId);
        if (!file) {
            fail(owner, requestId, file.error());
            return;
        }
        emit owner->leadFileReady(requestId, *file);
    }

    Result<LeadFile> readLeadFile(qint64 leadId)
    {
        LeadRepository leads(m_database);
        auto lead = leads.findById(leadId);
        if (!lead)
            return lead.error();
        if (!*lead)
            return makeError(ErrorKind::NotFound,
                             SnapshotReader::tr("Lead %1 no longer exists; reload the list.").arg(leadId));
        auto tags = leads.tags(leadId);
        auto campaigns = CampaignRepository(m_database).list();
        auto users = UserRepository(m_database).list();
        for (const Error *error : {tags ? nullptr : &tags.error(), campaigns ? nullptr : &campaigns.error(),
                                   users ? nullptr : &users.error()}) {
            if (error)
                return *error;
        }
        LeadFile file;
        file.lead = **lead;
        file.tags = *tags;
        for (const Campaign &campaign : std::as_const(*campaigns))
            file.campaigns << NamedId{campaign.id, campaign.name};
        for (const User &user : std::as_const(*users)) {
            file.userNames.insert(user.id, user.name);
            if (user.active)
                file.activeUsers << NamedId{user.id, user.name};
        }
        const auto byName = [](const NamedId &left, const NamedId &right) {
            return QString::localeAwareCompare(left.name, right.name) < 0;
        };
        std::sort(file.campaigns.begin(), file.campaigns.end(), byName);
        std::sort(file.activeUsers.begin(), file.activeUsers.end(), byName);
        if (auto timeline = readTimeline(leadId, file); !timeline)
            return timeline.error();
        return file;
    }

    // Each source gives at most its latest LeadFile::TimelineLimit rows; the merge keeps
    // the latest TimelineLimit of them all, oldest first.
    Status readTimeline(qint64 leadId, LeadFile &file)
    {
        const int limit = LeadFile::TimelineLimit;
        bool truncated = false;
        QList<TimelineEntry> entries;

        auto conversations = ConversationRepository(m_database).listForLead(leadId);
        if (!conversations)
            return conversations.error();
        for (const Conversation &conversation : std::as_const(*conversations)) {
            auto messages = MessageRepository(m_database).latest(conversation.id, limit);
            if (!messages)
                return messages.error();
            truncated = truncated || messages->size() >= limit;
            for (const Message &message : std::as_const(*messages)) {
                TimelineEntry entry;
                entry.kind = TimelineEntry::Kind::Message;
                entry.atMs = message.createdMs;
                entry.message = message;
                entries << entry;
            }
        }

        auto calls = CallRepository(m_database).list(0, leadId, limit, 0);
        if (!calls)
            return calls.error();
        truncated = truncated || calls->size() >= limit;
        for (const Call &call : std::as_const(*calls)) {
            TimelineEntry entry;
            entry.kind = TimelineEntry::Kind::Call;
            entry.atMs = call.startMs > 0 ? call.startMs : call.endMs;
            entry.call = call;
            entries << entry;
        }

        AuditFilter filter;
        filter.targetKind = QStringLiteral("lead");
        filter.targetId = QString::number(leadId);
        filter.limit = limit;
        auto changes = AuditRepository(m_database).query(filter);
        if (!changes)
            return changes.error();
        truncated = truncated || changes->size() >= limit;
        for (const AuditEntry &change : std::as_const(*changes)) {
            TimelineEntry entry;
            entry.kind = TimelineEntry::Kind::Change;
            entry.atMs = change.occurredMs;
            entry.change = change;
            entries << entry;
        }

        // Equal instants keep a fixed order: by kind, then by id within a kind.
        const auto idOf = [](const TimelineEntry &entry) {
            switch (entry.kind) {
            case TimelineEntry::Kind::Message:
                return entry.message.id;
            case TimelineEntry::Kind::Call:
                return entry.call.id;
            case TimelineEntry::Kind::Change:
                return entry.change.id;
            }
            return qint64(0);
        };
        std::sort(entries.begin(), entries.end(), [&idOf](const TimelineEntry &left, const TimelineEntry &right) {
            if (left.atMs != right.atMs)
                return left.atMs < right.atMs;
            if (left.kind != right.kind)
                return int(left.kind) < int(right.kind);
            return idOf(left) < idOf(right);
        });
        if (entries.size() > limit) {
            truncated = true;
            entries = entries.mid(entries.size() - limit);
        }
        file.timeline = entries;
        file.timelineTruncated = truncated;
        return {};
    }

    Database m_database;
    DatabaseLocation m_location;
};

SnapshotReader::SnapshotReader(DatabaseLocation location, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new Worker(std::move(location)))
{
    qRegisterMetaType<Prospecta::LeadRow>();
    qRegisterMetaType<QList<Prospecta::LeadRow>>();
    qRegisterMetaType<Prospecta::LeadWindow>();
    qRegisterMetaType<Prospecta::BoardPage>();
    qRegisterMetaType<Prospecta::LeadFile>();
    qRegisterMetaType<Prospecta::InboxSnapshot>();
    qRegisterMetaType<Prospecta::Conversation>();
    qRegisterMetaType<QList<Prospecta::Message>>();
    qRegisterMetaType<QList<Prospecta::User>>();
    qRegisterMetaType<QList<Prospecta::AuditEntry>>();
    qRegisterMetaType<QList<Prospecta::IntegrationStatus>>();
    qRegisterMetaType<QList<Prospecta::AdminAlert>>();
    m_thread->setObjectName(QStringLiteral("reader"));
    m_worker->moveToThread(m_thread);
}

SnapshotReader::~SnapshotReader()
{
    deleteWorkerAndThread(m_worker, m_thread);
}

void SnapshotReader::start()
{
    m_thread->start();
}

void SnapshotReader::requestLeads(int requestId, const Actor &viewer, int limit, int offset, const QString &search)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, limit, offset, search] {
        worker->leads(this, requestId, viewer, limit, offset, search);
    });
}

void SnapshotReader::requestLeadWindow(int requestId, const Actor &viewer, const LeadWindowQuery &query)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, query] {
        worker->leadWindow(this, requestId, viewer, query);
    });
}

void SnapshotReader::requestLeadPage(int requestId, const Actor &viewer, const LeadPageFilter &filter)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, filter] {
        worker->leadPage(this, requestId, viewer, filter);
    });
}

void SnapshotReader::requestConversation(int requestId, const Actor &viewer, qint64 leadId, qint64 firstMessageId,
                                         int messageLimit)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, leadId, firstMessageId, messageLimit] {
        worker->conversation(this, requestId, viewer, leadId, firstMessageId, messageLimit);
    });
}

void SnapshotReader::requestOlderMessages(int requestId, const Actor &viewer, qint64 leadId, qint64 conversationId,
                                          qint64 beforeMessageId, int limit)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, leadId, conversationId, beforeMessageId, limit] {
        worker->olderMessages(this, requestId, viewer, leadId, conversationId, beforeMessageId, limit);
    });
}

void SnapshotReader::requestInbox(int requestId, const Actor &viewer, const InboxQuery &query)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, query] {
        worker->inbox(this, requestId, viewer, query);
    });
}

void SnapshotReader::requestUsers(int requestId, const Actor &viewer)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer] { worker->users(this, requestId, viewer); });
}

void SnapshotReader::requestAudit(int requestId, const Actor &viewer, const AuditFilter &filter)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, filter] {
        worker->audit(this, requestId, viewer, filter);
    });
}

void SnapshotReader::requestIntegrations(int requestId, const Actor &viewer)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer] { worker->integrations(this, requestId, viewer); });
}

void SnapshotReader::requestAlerts(int requestId, const Actor &viewer)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer] { worker->alerts(this, requestId, viewer); });
}

void SnapshotReader::requestLeadFile(int requestId, const Actor &viewer, qint64 leadId)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [this, worker, requestId, viewer, leadId] {
        worker->leadFile(this, requestId, viewer, leadId);
    });
}

} // namespace Prospecta
