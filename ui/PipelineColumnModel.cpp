// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PipelineColumnModel.h"

#include <QMimeData>

namespace Prospecta {

PipelineColumnModel::PipelineColumnModel(LeadStatus status, QObject *parent)
    : QAbstractListModel(parent)
    , m_status(status)
{
}

QString PipelineColumnModel::mimeType()
{
    return QStringLiteral("application/x-prospecta-lead-id");
}

int PipelineColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PipelineColumnModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Lead &lead = m_rows.at(index.row()).lead;

    switch (role) {
    case Qt::DisplayRole:
        // The card: name, phone and owner on three lines.
        return QStringLiteral("%1\n%2\n%3").arg(lead.name, lead.phone, ownerText(lead));
    case Qt::ToolTipRole:
        return m_rows.at(index.row()).campaignName;
    case LeadIdRole:
        return lead.id;
    case NameRole:
        return lead.name;
    case PhoneRole:
        return lead.phone;
    case OwnerRole:
        return ownerText(lead);
    }
    return {};
}

Qt::ItemFlags PipelineColumnModel::flags(const QModelIndex &index) const
{
    // Cards are dragged, and drops land on the column itself (the invalid index), so a
    // card dropped onto another card still counts as a drop on the column.
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
}

QStringList PipelineColumnModel::mimeTypes() const
{
    return {mimeType()};
}

QMimeData *PipelineColumnModel::mimeData(const QModelIndexList &indexes) const
{
    // One card at a time: the views allow a single selection.
    for (const QModelIndex &index : indexes) {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            continue;
        auto *data = new QMimeData;
        data->setData(mimeType(), QByteArray::number(m_rows.at(index.row()).lead.id));
        return data;
    }
    return nullptr;
}

bool PipelineColumnModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                          const QModelIndex &parent) const
{
    Q_UNUSED(row)
    Q_UNUSED(column)
    Q_UNUSED(parent)
    if (action != Qt::MoveAction)
        return false;
    const auto leadId = leadIdOf(data);
    // A card dropped back on its own column is no change.
    return leadId && rowOfLead(*leadId) < 0;
}

bool PipelineColumnModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                       const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    emit leadDropped(*leadIdOf(data), m_status);
    return true;
}

Qt::DropActions PipelineColumnModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions PipelineColumnModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

void PipelineColumnModel::setPage(const QList<LeadRow> &rows, int total, const QHash<qint64, QString> &ownerNames)
{
    beginResetModel();
    m_rows = rows;
    m_total = total;
    m_ownerNames = ownerNames;
    endResetModel();
}

int PipelineColumnModel::rowOfLead(qint64 leadId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).lead.id == leadId)
            return row;
    }
    return -1;
}

std::optional<LeadRow> PipelineColumnModel::takeLead(qint64 leadId)
{
    const int row = rowOfLead(leadId);
    if (row < 0)
        return std::nullopt;
    beginRemoveRows({}, row, row);
    LeadRow taken = m_rows.takeAt(row);
    m_total = qMax(0, m_total - 1);
    endRemoveRows();
    return taken;
}

void PipelineColumnModel::insertLead(const LeadRow &row, const QString &ownerName)
{
    if (row.lead.assignedUserId > 0)
        m_ownerNames.insert(row.lead.assignedUserId, ownerName);
    beginInsertRows({}, 0, 0);
    m_rows.prepend(row);
    m_total += 1;
    endInsertRows();
}

std::optional<qint64> PipelineColumnModel::leadIdOf(const QMimeData *data)
{
    if (!data || !data->hasFormat(mimeType()))
        return std::nullopt;
    bool ok = false;
    const qint64 leadId = data->data(mimeType()).toLongLong(&ok);
    if (!ok || leadId <= 0)
        return std::nullopt;
    return leadId;
}

QString PipelineColumnModel::ownerText(const Lead &lead) const
{
    if (lead.assignedUserId <= 0)
        return tr("Unassigned", "a lead that no sales agent owns");
    const QString name = m_ownerNames.value(lead.assignedUserId);
    return name.isEmpty() ? tr("User %1", "an owner whose name is unknown").arg(lead.assignedUserId) : name;
}

} // namespace Prospecta
