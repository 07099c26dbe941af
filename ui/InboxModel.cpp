// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InboxModel.h"

#include "DisplayNames.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "runtime/ServiceHost.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace Prospecta {

namespace {

// The relative times are redrawn this often, so "5 min ago" does not stay for an hour.
constexpr int RelativeTimeIntervalMs = 30'000;
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

bool affectsInbox(const QString &table)
{
    return table == QLatin1String("messages") || table == QLatin1String("conversations")
        || table == QLatin1String("leads") || table == QLatin1String("conversation_reads")
        || table == QLatin1String("users") || table == QLatin1String("settings") || table == QLatin1String("*");
}

} // namespace

InboxModel::InboxModel(SnapshotReader *reader, ServiceHost *host, Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
    , m_session(session)
    , m_clock(std::make_shared<SystemClock>())
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &InboxModel::refresh);

    m_relativeTimeTimer.setInterval(RelativeTimeIntervalMs);
    connect(&m_relativeTimeTimer, &QTimer::timeout, this, [this] {
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, TimeColumn), index(int(m_entries.size()) - 1, TimeColumn));
    });
    m_relativeTimeTimer.start();

    connect(m_reader, &SnapshotReader::inboxReady, this, &InboxModel::applySnapshot);
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_request, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading the inbox failed:" << message;
        // The next change notice, or the view scrolling to the end again, tries again.
        m_pending = Pending::Nothing;
        m_pageDeferred = false;
        if (m_refreshDeferred)
            scheduleRefresh();
        emit refreshFailed(message);
    });
    if (host) {
        connect(host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
            if (affectsInbox(table))
                scheduleRefresh();
        });
        // Team mode: notices may have been missed while the shared database was away.
        connect(host, &ServiceHost::sharedDatabaseOnline, this, [this](bool online) {
            if (online)
                scheduleRefresh();
        });
    }
    refresh();
}

InboxModel::~InboxModel() = default;

int InboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int InboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InboxEntry &entry = m_entries.at(index.row());

    switch (role) {
    case LeadIdRole:
        return entry.leadId;
    case ConversationIdRole:
        return entry.conversationId;
    case UnreadCountRole:
        return entry.unreadCount;
    case Qt::FontRole:
        if (entry.unreadCount > 0 && index.column() != AnsweringColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn && entry.lastActivityMs > 0)
            return DisplayNames::dateTime(entry.lastActivityMs);
        if (index.column() == PreviewColumn)
            return entry.lastContent;
        if (index.column() == LeadColumn)
            return entry.leadPhone;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == UnreadColumn || index.column() == TimeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case LeadColumn:
        return entry.leadName.isEmpty() ? entry.leadPhone : entry.leadName;
    case PreviewColumn:
        return entry.lastMessageId == 0 ? QString() : previewText(entry.lastContentType, entry.lastContent);
    case TimeColumn:
        return relativeTime(entry.lastActivityMs, nowMs());
    case AnsweringColumn:
        return answeringText(entry, m_aiEnabled);
    case UnreadColumn:
        return entry.unreadCount > 0 ? QLocale().toString(entry.unreadCount) : QString();
    }
    return {};
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LeadColumn:
        return tr("Lead", "inbox column: the lead's name");
    case PreviewColumn:
        return tr("Last message", "inbox column");
    case TimeColumn:
        return tr("When", "inbox column: when the last message was written");
    case AnsweringColumn:
        return tr("Answered by", "inbox column: the AI agent or the person who answers the lead");
    case UnreadColumn:
        return tr("Unread", "inbox column: how many of the lead's messages the user has not read");
    }
    return {};
}

bool InboxModel::canLoadMore() const
{
    // Not while a result is being applied: a caller in a rowsAboutToBeInserted handler
    // would get the page after the old last row.
    return m_hasSnapshot && m_moreAvailable && m_pending != Pending::Page && !m_restartPending && !m_applying;
}

void InboxModel::loadMore()
{
    if (!canLoadMore())
        return;
    if (m_pending == Pending::Refresh) {
        m_pageDeferred = true;
        return;
    }
    requestPage();
}

void InboxModel::setFilter(InboxFilter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    // The request in flight belongs to the old filter; the refresh below supersedes it.
    m_restartPending = true;
    m_pending = Pending::Nothing;
    m_refreshDeferred = false;
    m_pageDeferred = false;
    refresh();
}

void InboxModel::setClock(std::shared_ptr<const Clock> clock)
{
    m_clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, TimeColumn), index(int(m_entries.size()) - 1, TimeColumn));
}

InboxEntry InboxModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row) : InboxEntry{};
}

LeadRow InboxModel::leadRow(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return {};
    const InboxEntry &entry = m_entries.at(row);
    LeadRow lead;
    lead.lead.id = entry.leadId;
    lead.lead.name = entry.leadName;
    lead.lead.phone = entry.leadPhone;
    lead.lead.assignedUserId = entry.assignedUserId;
    lead.lead.optedOut = entry.leadOptedOut;
    lead.lead.lastContactMs = entry.lastActivityMs;
    return lead;
}

int InboxModel::rowOfLead(qint64 leadId) const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).leadId == leadId)
            return row;
    }
    return -1;
}

void InboxModel::refresh()
{
    m_refreshTimer.stop();
    if (m_pending == Pending::Page) {
        // A refresh sent now would end above the page's rows and drop them.
        m_refreshDeferred = true;
        return;
    }
    m_refreshDeferred = false;

    InboxQuery query;
    query.filter = m_filter;
    query.range.limit = PageSize;
    if (!m_restartPending) {
        // Room for the conversations that arrived above the loaded ones since the last read.
        query.range.limit = int(m_entries.size()) + PageSize;
        if (m_moreAvailable && !m_entries.isEmpty())
            query.range.through = m_entries.last().key();
    }
    m_pending = Pending::Refresh;
    m_pendingRange = query.range;
    m_refreshClock.start();
    m_reader->requestInbox(m_request->next(), m_session->actor(), query);
}

void InboxModel::requestPage()
{
    InboxQuery query;
    query.filter = m_filter;
    query.range.limit = PageSize;
    if (!m_entries.isEmpty())
        query.range.after = m_entries.last().key();
    query.withUnread = false;
    m_pageDeferred = false;
    m_pending = Pending::Page;
    m_pendingRange = query.range;
    m_reader->requestInbox(m_request->next(), m_session->actor(), query);
}

void InboxModel::scheduleRefresh()
{
    // Not restarted by later notices, so a steady stream still refreshes once per interval.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

QString InboxModel::relativeTime(qint64 thenMs, qint64 nowMs)
{
    if (thenMs <= 0)
        return {};
    // A message from a clock a little ahead of ours is "now" as well.
    const qint64 elapsedMs = nowMs - thenMs;
    if (elapsedMs < MinuteMs)
        return tr("now", "relative time of the last message");
    if (elapsedMs < HourMs)
        return tr("%n min ago", "relative time of the last message", int(elapsedMs / MinuteMs));
    if (elapsedMs < DayMs)
        return tr("%n h ago", "relative time of the last message", int(elapsedMs / HourMs));
    if (elapsedMs < 7 * DayMs)
        return tr("%n days ago", "relative time of the last message", int(elapsedMs / DayMs));
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(thenMs).toLocalTime().date(), QLocale::ShortFormat);
}

QString InboxModel::previewText(const QString &contentType, const QString &content)
{
    QString text = content.simplified();
    const QString kind = DisplayNames::contentKind(contentType);
    if (kind.isEmpty())
        return text;
    return text.isEmpty() ? QStringLiteral("[%1]").arg(kind) : QStringLiteral("[%1] %2").arg(kind, text);
}

QString InboxModel::answeringText(const InboxEntry &entry, bool aiEnabled)
{
    if (entry.humanHolds)
        return entry.humanName.isEmpty() ? tr("A person", "who answers a conversation taken over by an unknown user")
                                         : entry.humanName;
    if (entry.needsHuman)
        return tr("Needs a human");
    if (entry.leadOptedOut)
        return tr("Opted out", "the lead asked to receive no more messages");
    if (!aiEnabled)
        return tr("AI paused", "every AI agent is paused");
    return DisplayNames::aiAgent(entry.currentAgent);
}

void InboxModel::applySnapshot(int requestId, const InboxSnapshot &snapshot)
{
    if (!m_request->finish(requestId))
        return;

    const Pending applied = m_pending;
    m_pending = Pending::Nothing;
    m_applying = true;
    if (applied == Pending::Page)
        applyPage(snapshot.entries);
    else
        applyRefresh(snapshot);
    m_applying = false;

    // What waited for this request goes out now: a refresh first, since a page after
    // stale rows would continue from a stale key.
    if (m_refreshDeferred)
        refresh();
    else if (m_pageDeferred && canLoadMore())
        requestPage();
}

void InboxModel::applyRefresh(const InboxSnapshot &snapshot)
{
    // The next refresh waits at least twice as long as this one took, so a long loaded
    // list does not keep the reader busy.
    m_refreshTimer.setInterval(int(std::max<qint64>(RefreshDelayMs, 2 * m_refreshClock.elapsed())));

    // A refresh bounded by a `through` key did not read the rows below it. Otherwise a
    // full result may have been cut at the limit.
    m_moreAvailable = m_pendingRange.through || snapshot.entries.size() >= m_pendingRange.limit;
    m_aiEnabled = snapshot.aiEnabled;
    if (m_restartPending) {
        // A new filter lists other conversations. The view selects the same lead again
        // after the reset (InboxView).
        beginResetModel();
        m_restartPending = false;
        m_entries = snapshot.entries;
        endResetModel();
    } else {
        mergeEntries(snapshot.entries);
    }

    trackUnread(snapshot.unread);
    const bool totalChanged = !m_hasSnapshot || snapshot.totalUnread != m_totalUnread;
    m_totalUnread = snapshot.totalUnread;
    m_hasSnapshot = true;
    if (totalChanged)
        emit totalUnreadChanged(m_totalUnread);
    emit refreshed();
}

void InboxModel::applyPage(const QList<InboxEntry> &entries)
{
    m_moreAvailable = entries.size() >= m_pendingRange.limit;
    // A lead already listed moved up since the page's key was taken; the next refresh
    // shows it where it belongs now.
    QSet<qint64> listed;
    for (const InboxEntry &entry : std::as_const(m_entries))
        listed.insert(entry.leadId);
    QList<InboxEntry> added;
    for (const InboxEntry &entry : entries) {
        if (!listed.contains(entry.leadId))
            added << entry;
    }
    if (added.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_entries += added;
    endInsertRows();
}

void InboxModel::mergeEntries(const QList<InboxEntry> &fresh)
{
    // Each lead has one row, its latest conversation, so the lead id names a row across
    // refreshes even when the lead starts a new conversation.
    QSet<qint64> freshLeads;
    for (const InboxEntry &entry : fresh)
        freshLeads.insert(entry.leadId);

    // 1. Remove the rows of leads no longer listed, bottom-up in contiguous runs.
    for (int row = int(m_entries.size()) - 1; row >= 0;) {
        if (freshLeads.contains(m_entries.at(row).leadId)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !freshLeads.contains(m_entries.at(first - 1).leadId))
            --first;
        beginRemoveRows({}, first, row);
        m_entries.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }

    // 2. Put the remaining rows in their new relative order.
    moveSurvivors(fresh);

    // 3. Insert the new leads' rows at their places. The rows before each place are
    // already the fresh ones, in the fresh order.
    QSet<qint64> present;
    for (const InboxEntry &entry : std::as_const(m_entries))
        present.insert(entry.leadId);
    for (int row = 0; row < fresh.size();) {
        if (present.contains(fresh.at(row).leadId)) {
            ++row;
            continue;
        }
        int last = row;
        while (last + 1 < fresh.size() && !present.contains(fresh.at(last + 1).leadId))
            ++last;
        beginInsertRows({}, row, last);
        m_entries.insert(row, last - row + 1, InboxEntry{});
        for (int inserted = row; inserted <= last; ++inserted)
            m_entries[inserted] = fresh.at(inserted);
        endInsertRows();
        row = last + 1;
    }

    // 4. Every row may have new content: the last message, the unread count, the holder.
    m_entries = fresh;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_entries.size()) - 1, ColumnCount - 1));
}

void InboxModel::moveSurvivors(const QList<InboxEntry> &fresh)
{
    // After step 1 every row's lead is in `fresh`; their order there is the target.
    QHash<qint64, int> freshRank;
    for (int rank = 0; rank < fresh.size(); ++rank)
        freshRank.insert(fresh.at(rank).leadId, rank);
    QList<InboxEntry> ordered = m_entries;
    std::stable_sort(ordered.begin(), ordered.end(), [&freshRank](const InboxEntry &left, const InboxEntry &right) {
        return freshRank.value(left.leadId) < freshRank.value(right.leadId);
    });
    bool moved = false;
    for (qsizetype row = 0; !moved && row < ordered.size(); ++row)
        moved = ordered.at(row).leadId != m_entries.at(row).leadId;
    if (!moved)
        return;

    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    QHash<qint64, int> newRowOfLead;
    for (int row = 0; row < ordered.size(); ++row)
        newRowOfLead.insert(ordered.at(row).leadId, row);
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before)
        after << createIndex(newRowOfLead.value(m_entries.at(index.row()).leadId), index.column());
    m_entries = ordered;
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void InboxModel::trackUnread(const QList<UnreadConversation> &unread)
{
    // A conversation's newest unread message id only grows while the user does not read
    // it, and a conversation that was read leaves the list. So a larger id than the one
    // remembered, or none remembered, means the lead wrote since the previous snapshot.
    QList<UnreadConversation> arrived;
    QHash<qint64, qint64> newest;
    newest.reserve(unread.size());
    for (const UnreadConversation &conversation : unread) {
        newest.insert(conversation.conversationId, conversation.lastLeadMessageId);
        if (m_hasSnapshot && conversation.lastLeadMessageId > m_newestUnreadByConversation.value(conversation.conversationId))
            arrived << conversation;
    }
    m_newestUnreadByConversation = newest;
    if (!arrived.isEmpty())
        emit leadMessagesArrived(arrived);
}

qint64 InboxModel::nowMs() const
{
    return m_clock->nowMs();
}

} // namespace Prospecta
