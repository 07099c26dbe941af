// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QTimer>

#include <memory>

namespace Prospecta {

class Clock;
class ReaderRequest;
class ServiceHost;
class Session;

// The inbox: the latest conversation of each lead `session`'s user may see, newest
// activity first, with that user's unread counts, the last message and who replies to the lead.
// Snapshots come from the SnapshotReader. The first PageSize conversations load at once,
// and loadMore() adds PageSize more, which InboxView calls when the list is scrolled to
// its end. Each page continues after the last loaded conversation's key in the order,
// not at an offset.
//
// A change notice schedules a refresh, which reads every conversation down to the last
// loaded key again, so the loaded rows stay loaded and new conversations appear above
// them. Bursts of notices are coalesced into one refresh per 100 ms, or per twice the
// last refresh's duration when that is longer. Rows are updated, moved, inserted and
// removed in place, so the view keeps its current row and scroll position. The model
// also tracks the unread total over every conversation and filter, and reports which
// leads wrote since the previous refresh, for the badge and the notifications.
class InboxModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { LeadColumn, PreviewColumn, TimeColumn, AnsweringColumn, UnreadColumn, ColumnCount };
    enum Role { LeadIdRole = Qt::UserRole + 1, ConversationIdRole, UnreadCountRole };

    // The conversations of the first page and of each page the view loads after it.
    static constexpr int PageSize = 100;
    static constexpr int RefreshDelayMs = 100;

    // `host` may be null: the model then refreshes only when refresh() is called. A read
    // refused because the user was deactivated ends `session`, which must outlive the model.
    InboxModel(SnapshotReader *reader, ServiceHost *host, Session *session, QObject *parent = nullptr);
    ~InboxModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // True while conversations beyond the loaded ones may exist and no page is on its way.
    bool canLoadMore() const;
    // Requests the next page, which arrives later, after the refresh in flight if there is
    // one. This is not fetchMore(), because Qt 6.4's QTreeView calls that each time it
    // lays out its rows while canFetchMore() is true, which loads page after page.
    void loadMore();

    // Shows the conversations that match `filter` and requests the first page at once.
    void setFilter(InboxFilter filter);
    InboxFilter filter() const { return m_filter; }

    // The time source of the relative times ("5 min ago"); the system clock by default.
    void setClock(std::shared_ptr<const Clock> clock);

    // The conversation on `row`; an empty entry (conversationId 0) when out of range.
    InboxEntry entry(int row) const;
    // The lead on `row` as the chat pane takes it; lead id 0 when out of range.
    LeadRow leadRow(int row) const;
    // The row of lead `leadId`'s conversation, or -1.
    int rowOfLead(qint64 leadId) const;
    // Unread lead messages over every conversation the user may see, whatever the filter.
    int totalUnread() const { return m_totalUnread; }
    bool hasSnapshot() const { return m_hasSnapshot; }

    // Requests the loaded conversations and the unread state now. A newer refresh
    // supersedes one still in flight; a page in flight is applied first.
    void refresh();
    // Requests a refresh within the coalescing delay, however many times it is called meanwhile.
    void scheduleRefresh();

    // How long ago `thenMs` was at `nowMs`: "now", "5 min ago", "3 h ago", "2 days ago",
    // then the date.
    static QString relativeTime(qint64 thenMs, qint64 nowMs);
    // The last message on one line: its kind for media ("[Image] caption") and its text
    // with line breaks as spaces. The view elides it to the column's width.
    static QString previewText(const QString &contentType, const QString &content);
    // Returns who replies to the lead: the person who took the conversation over,
    // "Needs a human", "Opted out", "AI paused" when every AI agent is paused, or the AI
    // agent's type.
    static QString answeringText(const InboxEntry &entry, bool aiEnabled);

signals:
    // After each refresh is applied (the first one included), not after a page.
    void refreshed();
    void refreshFailed(const QString &message);
    void totalUnreadChanged(int total);
    // Leads wrote since the previous refresh: the conversations whose newest unread
    // message is new, newest first. Never emitted for the first refresh, which only sets
    // the baseline.
    void leadMessagesArrived(const QList<Prospecta::UnreadConversation> &conversations);

private:
    // The kind of request in flight: a refresh reads every loaded row again with the
    // unread state, a page reads the rows after them.
    enum class Pending { Nothing, Refresh, Page };

    void requestPage();
    void applySnapshot(int requestId, const Prospecta::InboxSnapshot &snapshot);
    void applyRefresh(const InboxSnapshot &snapshot);
    void applyPage(const QList<InboxEntry> &entries);
    // Turns the rows into `fresh` by removing, moving and inserting rows, so persistent
    // indexes (the view's current row) follow their lead.
    void mergeEntries(const QList<InboxEntry> &fresh);
    void moveSurvivors(const QList<InboxEntry> &fresh);
    void trackUnread(const QList<UnreadConversation> &unread);
    qint64 nowMs() const;

    SnapshotReader *m_reader;
    Session *m_session;
    std::shared_ptr<const Clock> m_clock;
    QTimer m_refreshTimer;
    QElapsedTimer m_refreshClock;
    QTimer m_relativeTimeTimer;
    ReaderRequest *m_request = nullptr;
    InboxFilter m_filter = InboxFilter::All;
    QList<InboxEntry> m_entries;
    bool m_aiEnabled = true;
    int m_totalUnread = 0;
    bool m_hasSnapshot = false;
    // Conversations after the last loaded one may exist.
    bool m_moreAvailable = false;
    Pending m_pending = Pending::Nothing;
    InboxRange m_pendingRange;
    bool m_applying = false; // inside applySnapshot(), whose signals may call back
    // The next refresh replaces every row (a new filter) instead of merging.
    bool m_restartPending = true;
    // Requested while the other kind of request was in flight; sent when it is applied.
    bool m_refreshDeferred = false;
    bool m_pageDeferred = false;
    // The newest unread lead message of each conversation in the previous refresh.
    QHash<qint64, qint64> m_newestUnreadByConversation;
};

} // namespace Prospecta
