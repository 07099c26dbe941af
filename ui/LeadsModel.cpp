// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadsModel.h"

#include "DisplayNames.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "core/Logging.h"
#include "runtime/ServiceHost.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace Prospecta {

namespace {

bool affectsLeads(const QString &table)
{
    return table == QLatin1String("leads") || table == QLatin1String("messages")
        || table == QLatin1String("conversations") || table == QLatin1String("campaigns")
        || table == QLatin1String("users");
}

bool sameChoices(const QList<NamedId> &left, const QList<NamedId> &right)
{
    return std::equal(left.cbegin(), left.cend(), right.cbegin(), right.cend(),
                      [](const NamedId &a, const NamedId &b) { return a.id == b.id && a.name == b.name; });
}

LeadSortKey sortKeyOf(int column)
{
    switch (column) {
    case LeadsModel::NameColumn:
        return LeadSortKey::Name;
    case LeadsModel::PhoneColumn:
        return LeadSortKey::Phone;
    case LeadsModel::StageColumn:
        return LeadSortKey::Stage;
    case LeadsModel::SourceColumn:
        return LeadSortKey::Source;
    case LeadsModel::CampaignColumn:
        return LeadSortKey::Campaign;
    default:
        return LeadSortKey::LastContact;
    }
}

} // namespace

LeadsModel::LeadsModel(SnapshotReader *reader, ServiceHost *host, Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
    , m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LeadsModel::refresh);
    // Zero delay: the pages every data() call of one paint asked for go out as one request.
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(0);
    connect(&m_fetchTimer, &QTimer::timeout, this, &LeadsModel::requestWantedPages);

    m_refreshRequest = new ReaderRequest(m_reader, m_session, this);
    m_pageRequest = new ReaderRequest(m_reader, m_session, this);
    connect(m_reader, &SnapshotReader::leadWindowReady, this, [this](int requestId, const LeadWindow &window) {
        if (m_refreshRequest->finish(requestId))
            applyRefresh(window);
        else if (m_pageRequest->finish(requestId))
            applyPages(window);
    });
    connect(m_refreshRequest, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading the leads failed:" << message;
        emit refreshFailed(message);
    });
    connect(m_pageRequest, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading a page of leads failed:" << message;
        // The rows stay placeholders, and painting them again requests their pages again.
        m_pagesInFlight.clear();
        emit refreshFailed(message);
    });
    if (host) {
        connect(host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
            if (affectsLeads(table))
                scheduleRefresh();
        });
    }
    restart();
}

int LeadsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_total;
}

int LeadsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LeadsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int page = index.row() / PageSize;
    const auto found = m_pages.constFind(page);
    markUsed(page);
    if (found == m_pages.cend() || index.row() % PageSize >= found->size()) {
        if (found == m_pages.cend() && !m_wantedPages.contains(page) && !m_pagesInFlight.contains(page)) {
            m_wantedPages << page;
            // Only the most recent few are read, so a caller that walks every row (a
            // model tester, an accessibility client) cannot grow the list without bound.
            if (m_wantedPages.size() > 4 * RefreshedPages)
                m_wantedPages.removeFirst();
            m_fetchTimer.start();
        }
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return tr("Loading…", "placeholder of a leads table row whose data has not arrived");
        return {};
    }
    const LeadRow &row = found->at(index.row() % PageSize);

    if (role == LeadIdRole)
        return row.lead.id;
    if (role == Qt::ToolTipRole && index.column() == LastContactColumn && row.lead.lastContactMs > 0)
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.lead.lastContactMs).toLocalTime(),
                                  QLocale::LongFormat);
    if (role != Qt::DisplayRole)
        return {};

    switch (index.column()) {
    case NameColumn:
        return row.lead.name;
    case PhoneColumn:
        return row.lead.phone;
    case StageColumn:
        return DisplayNames::leadStage(row.lead.status);
    case SourceColumn:
        return DisplayNames::leadSource(row.lead.source);
    case CampaignColumn:
        return row.campaignName;
    case LastContactColumn:
        return DisplayNames::dateTime(row.lead.lastContactMs);
    }
    return {};
}

QVariant LeadsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name", "column: the lead's name");
    case PhoneColumn:
        return tr("Phone", "column: the lead's phone number");
    case StageColumn:
        return tr("Stage", "column: the lead's stage in the sales funnel");
    case SourceColumn:
        return tr("Source", "column: where the lead came from");
    case CampaignColumn:
        return tr("Campaign", "column");
    case LastContactColumn:
        return tr("Last contact", "column: when the lead last wrote or was written to");
    }
    return {};
}

void LeadsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        column = LastContactColumn;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    restart();
}

LeadRow LeadsModel::leadRow(int row) const
{
    if (row < 0 || row >= m_total)
        return {};
    const auto found = m_pages.constFind(row / PageSize);
    if (found == m_pages.cend() || row % PageSize >= found->size())
        return {};
    return found->at(row % PageSize);
}

int LeadsModel::rowOfLead(qint64 leadId) const
{
    for (auto page = m_pages.cbegin(); page != m_pages.cend(); ++page) {
        for (qsizetype i = 0; i < page->size(); ++i) {
            if (page->at(i).lead.id == leadId)
                return page.key() * PageSize + int(i);
        }
    }
    return -1;
}

bool LeadsModel::isRowLoaded(int row) const
{
    return leadRow(row).lead.id != 0;
}

bool LeadsModel::allRowsLoaded() const
{
    const int pageCount = (m_total + PageSize - 1) / PageSize;
    for (int page = 0; page < pageCount; ++page) {
        if (!m_pages.contains(page))
            return false;
    }
    return true;
}

LeadWindowQuery LeadsModel::baseQuery() const
{
    LeadWindowQuery query;
    query.search = m_search;
    query.status = m_status;
    query.campaignId = m_campaignId;
    query.ownerUserId = m_ownerUserId;
    query.sort = LeadSort{sortKeyOf(m_sortColumn), m_sortOrder == Qt::DescendingOrder};
    query.pageSize = PageSize;
    return query;
}

LeadListFilter LeadsModel::listFilter() const
{
    const LeadWindowQuery query = baseQuery();
    LeadListFilter filter;
    filter.search = query.search;
    filter.status = query.status;
    filter.campaignId = query.campaignId;
    filter.assignedUserId = query.ownerUserId;
    filter.sort = query.sort;
    return filter;
}

void LeadsModel::restart()
{
    m_restartPending = true;
    // Pages of the old query that are still on their way would land in the wrong rows.
    m_pageRequest->cancel();
    m_pagesInFlight.clear();
    m_wantedPages.clear();
    refresh();
}

void LeadsModel::refresh()
{
    m_refreshTimer.stop();
    LeadWindowQuery query = baseQuery();
    query.withCount = true;
    query.withFilterChoices = true;
    if (m_restartPending) {
        query.offsets << 0;
    } else {
        // The loaded pages the view used last; the others are dropped when the refresh
        // arrives and read again if the view comes back to them.
        QList<int> pages = m_pages.keys();
        std::sort(pages.begin(), pages.end(),
                  [this](int left, int right) { return m_pageUse.value(left) > m_pageUse.value(right); });
        pages = pages.mid(0, RefreshedPages);
        if (pages.isEmpty())
            pages << 0;
        std::sort(pages.begin(), pages.end());
        for (const int page : std::as_const(pages))
            query.offsets << page * PageSize;
    }
    m_refreshClock.start();
    // A newer refresh supersedes an older one still in flight, whose result is then dropped.
    m_reader->requestLeadWindow(m_refreshRequest->next(), m_session->actor(), query);
}

void LeadsModel::scheduleRefresh()
{
    // The timer is not restarted, so a steady stream of changes still refreshes once
    // per interval instead of waiting for a quiet moment.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void LeadsModel::setSearch(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    restart();
}

void LeadsModel::setStatusFilter(std::optional<LeadStatus> status)
{
    if (status == m_status)
        return;
    m_status = status;
    restart();
}

void LeadsModel::setCampaignFilter(qint64 campaignId)
{
    if (campaignId == m_campaignId)
        return;
    m_campaignId = campaignId;
    restart();
}

void LeadsModel::setOwnerFilter(qint64 ownerUserId)
{
    if (ownerUserId == m_ownerUserId)
        return;
    m_ownerUserId = ownerUserId;
    restart();
}

void LeadsModel::markUsed(int page) const
{
    m_pageUse.insert(page, ++m_useCounter);
}

void LeadsModel::requestWantedPages()
{
    // While a request is out, wanted pages wait for it, so fast scrolling costs one query
    // at a time instead of a queue of pages the view has already left. During a restart
    // the view still shows the old query's rows, whose pages are not worth reading.
    if (!m_pagesInFlight.isEmpty())
        return;
    if (m_restartPending) {
        m_wantedPages.clear();
        return;
    }
    const int pageCount = (m_total + PageSize - 1) / PageSize;
    QList<int> pages;
    for (auto page = m_wantedPages.crbegin(); page != m_wantedPages.crend() && pages.size() < RefreshedPages; ++page) {
        if (*page < pageCount && !m_pages.contains(*page) && !pages.contains(*page))
            pages << *page;
    }
    m_wantedPages.clear();
    if (pages.isEmpty())
        return;
    std::sort(pages.begin(), pages.end());

    LeadWindowQuery query = baseQuery();
    query.withCount = false;
    for (const int page : std::as_const(pages))
        query.offsets << page * PageSize;
    m_pagesInFlight = pages;
    m_reader->requestLeadWindow(m_pageRequest->next(), m_session->actor(), query);
}

void LeadsModel::applyRefresh(const LeadWindow &window)
{
    // The next refresh waits at least twice as long as this one took (a search over a
    // million leads takes about a second), so the reader stays free for pages.
    m_refreshTimer.setInterval(int(std::max<qint64>(RefreshDelayMs, 2 * m_refreshClock.elapsed())));
    applyRefreshedRows(window);

    // After the rows: a filter whose choice is gone falls back to "all", which starts a
    // new query.
    if (!sameChoices(window.choices.campaigns, m_filterChoices.campaigns)
        || !sameChoices(window.choices.owners, m_filterChoices.owners)) {
        m_filterChoices = window.choices;
        emit filterChoicesChanged();
    }
    emit refreshed();
}

void LeadsModel::applyRefreshedRows(const LeadWindow &window)
{
    if (m_restartPending) {
        // The view restores its selection by lead id after the reset (MainWindow).
        beginResetModel();
        m_restartPending = false;
        m_pages.clear();
        m_pageUse.clear();
        m_total = window.total;
        for (qsizetype i = 0; i < window.offsets.size(); ++i) {
            m_pages.insert(window.offsets.at(i) / PageSize, window.pages.at(i));
            m_rowsReceived += window.pages.at(i).size();
        }
        endResetModel();
        return;
    }

    setTotal(window.total);
    // Pages not read again may be stale; rows a view still shows become placeholders,
    // which ask for their page when painted.
    const QList<int> cached = m_pages.keys();
    for (const int page : cached) {
        if (window.offsets.contains(page * PageSize))
            continue;
        m_pages.remove(page);
        const int first = page * PageSize;
        const int last = std::min(first + PageSize, m_total) - 1;
        if (first <= last)
            emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
    for (qsizetype i = 0; i < window.offsets.size(); ++i)
        storePage(window.offsets.at(i), window.pages.at(i));
}

void LeadsModel::applyPages(const LeadWindow &window)
{
    m_pagesInFlight.clear();
    for (qsizetype i = 0; i < window.offsets.size(); ++i)
        storePage(window.offsets.at(i), window.pages.at(i));
    evictPages();
    if (!m_wantedPages.isEmpty())
        m_fetchTimer.start();
}

void LeadsModel::storePage(int offset, const QList<LeadRow> &rows)
{
    m_rowsReceived += rows.size();
    if (offset >= m_total)
        return;
    const int expected = std::min(PageSize, m_total - offset);
    m_pages.insert(offset / PageSize, rows.mid(0, expected));
    if (!m_pageUse.contains(offset / PageSize))
        markUsed(offset / PageSize);
    emit dataChanged(index(offset, 0), index(offset + expected - 1, ColumnCount - 1));
    // Fewer rows than the count promised: leads were deleted or hidden since the count.
    // The refresh that their change announces corrects the count; this one covers a
    // change made by another process, which nothing announces here.
    if (rows.size() < expected)
        scheduleRefresh();
}

void LeadsModel::evictPages()
{
    while (m_pages.size() > MaxCachedPages) {
        int oldest = -1;
        for (auto page = m_pages.cbegin(); page != m_pages.cend(); ++page) {
            if (oldest < 0 || m_pageUse.value(page.key()) < m_pageUse.value(oldest))
                oldest = page.key();
        }
        // Least recently painted: a view shows far fewer than MaxCachedPages pages, and
        // every paint marks the pages it shows as used, so nothing needs repainting.
        m_pages.remove(oldest);
        m_pageUse.remove(oldest);
    }
}

void LeadsModel::setTotal(int total)
{
    if (total > m_total) {
        beginInsertRows({}, m_total, total - 1);
        m_total = total;
        endInsertRows();
    } else if (total < m_total) {
        beginRemoveRows({}, total, m_total - 1);
        m_total = total;
        const QList<int> cached = m_pages.keys();
        for (const int page : cached) {
            const int first = page * PageSize;
            if (first >= total)
                m_pages.remove(page);
            else if (first + m_pages.value(page).size() > total)
                m_pages[page] = m_pages.value(page).mid(0, total - first);
        }
        endRemoveRows();
    }
}

} // namespace Prospecta
