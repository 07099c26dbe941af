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

namespace Prospecta {

namespace {

// NOTE: the table shows only the MaxRows leads contacted most recently. Paging or a
// lazily fetched window is still to be written.
constexpr int MaxRows = 1000;
constexpr int RefreshDelayMs = 100;

bool affectsLeads(const QString &table)
{
    return table == QLatin1String("leads") || table == QLatin1String("messages")
        || table == QLatin1String("conversations");
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

    connect(m_reader, &SnapshotReader::leadsReady, this, &LeadsModel::applySnapshot);
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_request, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading the leads failed:" << message;
        emit refreshFailed(message);
    });
    if (host) {
        connect(host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
            if (affectsLeads(table))
                scheduleRefresh();
        });
    }
    refresh();
}

int LeadsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LeadsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LeadsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LeadRow &row = m_rows.at(index.row());

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

LeadRow LeadsModel::leadRow(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : LeadRow{};
}

int LeadsModel::rowOfLead(qint64 leadId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).lead.id == leadId)
            return row;
    }
    return -1;
}

void LeadsModel::refresh()
{
    m_refreshTimer.stop();
    // A newer request supersedes an older one still in flight, whose snapshot is then dropped.
    m_reader->requestLeads(m_request->next(), m_session->actor(), MaxRows, 0, m_search);
}

void LeadsModel::setSearch(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    refresh();
}

void LeadsModel::scheduleRefresh()
{
    // The timer is not restarted, so a steady stream of changes still refreshes every
    // 100 ms instead of waiting for a quiet moment.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void LeadsModel::applySnapshot(int requestId, const QList<LeadRow> &rows, int total)
{
    if (!m_request->finish(requestId))
        return;
    m_total = total;

    bool sameLeads = rows.size() == m_rows.size();
    for (int row = 0; sameLeads && row < rows.size(); ++row)
        sameLeads = rows.at(row).lead.id == m_rows.at(row).lead.id;

    if (sameLeads) {
        // Same leads in the same order: update the cells in place, which keeps the
        // view's selection and scroll position without any bookkeeping.
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    } else {
        // The view restores its selection by lead id after the reset (MainWindow).
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }
    emit refreshed();
}

} // namespace Prospecta
