// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Enums.h"
#include "runtime/SnapshotReader.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

#include <optional>

namespace Prospecta {

// The cards of one pipeline column: the leads at one stage, as the latest BoardPage
// listed them. A card dropped here from another column is reported through leadDropped()
// and changes nothing by itself, because only the service may change a lead's stage.
class PipelineColumnModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { LeadIdRole = Qt::UserRole + 1, NameRole, PhoneRole, OwnerRole };

    explicit PipelineColumnModel(LeadStatus status, QObject *parent = nullptr);

    // The MIME type of a dragged card, which carries the lead id as decimal text.
    static QString mimeType();

    LeadStatus status() const { return m_status; }
    // The leads at this stage that the filters match, which may exceed rowCount().
    int total() const { return m_total; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;

    // Replaces the cards; `ownerNames` labels the owners of `rows` by user id.
    void setPage(const QList<LeadRow> &rows, int total, const QHash<qint64, QString> &ownerNames);
    // The row showing lead `leadId`, or -1.
    int rowOfLead(qint64 leadId) const;
    // Removes lead `leadId`'s card and returns it, for a move the service has not confirmed yet.
    std::optional<LeadRow> takeLead(qint64 leadId);
    // Puts `row` first, as the lead contacted most recently, with its owner's name.
    void insertLead(const LeadRow &row, const QString &ownerName);
    QString ownerNameOf(qint64 userId) const { return m_ownerNames.value(userId); }

signals:
    // A card of lead `leadId` was dropped on this column, which shows stage `status`.
    void leadDropped(qint64 leadId, Prospecta::LeadStatus status);

private:
    static std::optional<qint64> leadIdOf(const QMimeData *data);
    QString ownerText(const Lead &lead) const;

    LeadStatus m_status;
    QList<LeadRow> m_rows;
    QHash<qint64, QString> m_ownerNames;
    int m_total = 0;
};

} // namespace Prospecta
