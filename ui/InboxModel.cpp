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

namespace Prospecta {

namespace {

constexpr int RefreshDelayMs = 100;
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

void InboxModel::setFilter(InboxFilter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
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
    m_reader->requestInbox(m_request->next(), m_session->actor(), m_filter, MaxRows);
}

void InboxModel::scheduleRefresh()
{
    // Not restarted by later notices, so a steady stream still refreshes every 100 ms.
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

    m_aiEnabled = snapshot.aiEnabled;
    bool sameConversations = snapshot.entries.size() == m_entries.size();
    for (int row = 0; sameConversations && row < m_entries.size(); ++row)
        sameConversations = snapshot.entries.at(row).conversationId == m_entries.at(row).conversationId;
    if (sameConversations) {
        // Same rows in the same order: update the cells in place, which keeps the view's
        // current row and scroll position.
        m_entries = snapshot.entries;
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_entries.size()) - 1, ColumnCount - 1));
    } else {
        // The view selects the same lead again after the reset (InboxView).
        beginResetModel();
        m_entries = snapshot.entries;
        endResetModel();
    }

    trackUnread(snapshot.unread);
    const bool totalChanged = !m_hasSnapshot || snapshot.totalUnread != m_totalUnread;
    m_totalUnread = snapshot.totalUnread;
    m_hasSnapshot = true;
    if (totalChanged)
        emit totalUnreadChanged(m_totalUnread);
    emit refreshed();
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
