// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QTimer>

#include <optional>

namespace Prospecta {

class ReaderRequest;
class ServiceHost;
class Session;

// The leads table as `session`'s user may see them, however many there are. rowCount()
// is the number of matching leads; rows arrive from the SnapshotReader in pages of
// PageSize when a view first requests them, and a row whose page has not arrived shows a
// placeholder. Sorting, search and filters run in SQL. The model never runs SQL and keeps
// at most MaxCachedPages pages.
//
// A change to leads, messages, conversations, campaigns or users announced by the service
// schedules a refresh. It reads the count, the pages the view used last and the filters'
// choices again and applies them in place, so the selection and the scroll position
// stay. Bursts of changes are coalesced into one refresh per RefreshDelayMs, or per twice
// the last refresh's duration when that is longer.
class LeadsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, PhoneColumn, StageColumn, SourceColumn, CampaignColumn, LastContactColumn, ColumnCount };
    enum Role { LeadIdRole = Qt::UserRole + 1 };

    static constexpr int PageSize = 200;
    static constexpr int MaxCachedPages = 40;
    // The pages a refresh reads again: the ones the view asked for most recently.
    static constexpr int RefreshedPages = 4;
    static constexpr int RefreshDelayMs = 100;

    // `host` may be null: the model then refreshes only when refresh() is called. A read
    // refused because the user was deactivated ends `session`, which must outlive the model.
    LeadsModel(SnapshotReader *reader, ServiceHost *host, Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    // A row whose page has not arrived shows a placeholder and requests its page.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Orders the leads by `column` in SQL and reloads from the first page. Called by the
    // view when the user clicks a column header.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The lead on `row`; an empty LeadRow (lead.id 0) when out of range or not loaded yet.
    LeadRow leadRow(int row) const;
    // The row showing lead `leadId` among the loaded rows, or -1.
    int rowOfLead(qint64 leadId) const;
    // Whether `row`'s page has arrived.
    bool isRowLoaded(int row) const;
    // Whether every row is loaded, so that rowOfLead() returning -1 means the lead is not listed.
    bool allRowsLoaded() const;
    // How many leads match the search and filters: the same as rowCount().
    int totalLeads() const { return m_total; }
    // How many rows the reader has sent since the model was created, for tests that
    // check that scrolling does not load every lead.
    qint64 rowsReceived() const { return m_rowsReceived; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Requests the count and the pages in use now.
    void refresh();
    // Requests a refresh within the coalescing delay, however many times it is called meanwhile.
    void scheduleRefresh();

    // Shows only the leads that match `text` (names, emails, notes, message words, or a
    // run of phone digits); empty shows every lead.
    void setSearch(const QString &text);
    QString search() const { return m_search; }
    // Shows only the leads in `status`; unset for every stage.
    void setStatusFilter(std::optional<LeadStatus> status);
    std::optional<LeadStatus> statusFilter() const { return m_status; }
    // Shows only the leads of campaign `campaignId`; 0 for any campaign.
    void setCampaignFilter(qint64 campaignId);
    qint64 campaignFilter() const { return m_campaignId; }
    // Shows only the leads assigned to user `ownerUserId`; 0 for any owner, -1 for the
    // unassigned leads. An agent sees only their own and the unassigned leads whatever
    // the filter, because the reader returns no others.
    void setOwnerFilter(qint64 ownerUserId);
    qint64 ownerFilter() const { return m_ownerUserId; }

    // The search, filters and order of the rows, for an export of exactly what the view lists.
    LeadListFilter listFilter() const;
    // The campaigns and owners the filters may offer, as of the latest refresh.
    const LeadFilterChoices &filterChoices() const { return m_filterChoices; }

signals:
    // After each refresh is applied (the first one included): the count and the pages in
    // use are current.
    void refreshed();
    void refreshFailed(const QString &message);
    // A refresh brought other campaigns or owners than the previous one.
    void filterChoicesChanged();

private:
    // Starts a new query: a new order, search or filter. Rows of the old one are
    // dropped when the first page of the new one arrives.
    void restart();
    LeadWindowQuery baseQuery() const;
    void requestWantedPages();
    void applyRefresh(const LeadWindow &window);
    void applyRefreshedRows(const LeadWindow &window);
    void applyPages(const LeadWindow &window);
    // Stores the page that starts at `offset` and announces its rows as changed.
    void storePage(int offset, const QList<LeadRow> &rows);
    void evictPages();
    void setTotal(int total);
    void markUsed(int page) const;

    SnapshotReader *m_reader;
    Session *m_session;
    QTimer m_refreshTimer;
    QElapsedTimer m_refreshClock;
    QString m_search;
    std::optional<LeadStatus> m_status;
    qint64 m_campaignId = 0;
    qint64 m_ownerUserId = 0;
    LeadFilterChoices m_filterChoices;
    int m_sortColumn = LastContactColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;

    int m_total = 0;
    QHash<int, QList<LeadRow>> m_pages; // by page number: the first row is page * PageSize
    qint64 m_rowsReceived = 0;
    // The next refresh replaces every row (a new order, search or filter) instead of updating them in place.
    bool m_restartPending = false;

    // data() is const but records which pages the view uses and which it still needs.
    mutable QHash<int, quint64> m_pageUse; // page number to the use counter's value at its last use
    mutable quint64 m_useCounter = 0;
    mutable QList<int> m_wantedPages;      // most recently wanted last
    mutable QTimer m_fetchTimer;
    QList<int> m_pagesInFlight;

    ReaderRequest *m_refreshRequest = nullptr;
    ReaderRequest *m_pageRequest = nullptr;
};

} // namespace Prospecta
