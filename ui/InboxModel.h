// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QAbstractTableModel>
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
// Snapshots come from the SnapshotReader; bursts of change notices are coalesced into one
// request per 100 ms. The model also tracks the unread total over every filter and reports
// which leads wrote since the previous snapshot, for the badge and the notifications.
class InboxModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { LeadColumn, PreviewColumn, TimeColumn, AnsweringColumn, UnreadColumn, ColumnCount };
    enum Role { LeadIdRole = Qt::UserRole + 1, ConversationIdRole, UnreadCountRole };

    // The conversations one snapshot lists.
    static constexpr int MaxRows = 100;

    // `host` may be null: the model then refreshes only when refresh() is called. A read
    // refused because the user was deactivated ends `session`, which must outlive the model.
    InboxModel(SnapshotReader *reader, ServiceHost *host, Session *session, QObject *parent = nullptr);
    ~InboxModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Shows the conversations that match `filter` and requests a snapshot at once.
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

    // Requests a snapshot now; a newer request supersedes one still in flight.
    void refresh();
    // Requests a snapshot within 100 ms, however many times it is called meanwhile.
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
    // After each snapshot is applied (the first one included).
    void refreshed();
    void refreshFailed(const QString &message);
    void totalUnreadChanged(int total);
    // Leads wrote since the previous snapshot: the conversations whose newest unread
    // message is new, newest first. Never emitted for the first snapshot, which only sets
    // the baseline.
    void leadMessagesArrived(const QList<Prospecta::UnreadConversation> &conversations);

private:
    void applySnapshot(int requestId, const Prospecta::InboxSnapshot &snapshot);
    void trackUnread(const QList<UnreadConversation> &unread);
    qint64 nowMs() const;

    SnapshotReader *m_reader;
    Session *m_session;
    std::shared_ptr<const Clock> m_clock;
    QTimer m_refreshTimer;
    QTimer m_relativeTimeTimer;
    ReaderRequest *m_request = nullptr;
    InboxFilter m_filter = InboxFilter::All;
    QList<InboxEntry> m_entries;
    bool m_aiEnabled = true;
    int m_totalUnread = 0;
    bool m_hasSnapshot = false;
    // The newest unread lead message of each conversation in the previous snapshot.
    QHash<qint64, qint64> m_newestUnreadByConversation;
};

} // namespace Prospecta
