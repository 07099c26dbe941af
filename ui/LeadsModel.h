// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

namespace Prospecta {

class ReaderRequest;
class ServiceHost;
class Session;

// The leads table: snapshots of LeadRow from the SnapshotReader, as `session`'s user may
// see them, refreshed when the service announces a change to leads, messages or
// conversations. Bursts of changes are
// coalesced into one request per 100 ms. The model never runs SQL.
class LeadsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, PhoneColumn, StageColumn, SourceColumn, CampaignColumn, LastContactColumn, ColumnCount };
    enum Role { LeadIdRole = Qt::UserRole + 1 };

    // `host` may be null: the model then refreshes only when refresh() is called. A read
    // refused because the user was deactivated ends `session`, which must outlive the model.
    LeadsModel(SnapshotReader *reader, ServiceHost *host, Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The lead on `row`; an empty LeadRow (lead.id 0) when out of range.
    LeadRow leadRow(int row) const;
    // The row showing lead `leadId`, or -1.
    int rowOfLead(qint64 leadId) const;
    // How many leads the database holds, which may exceed rowCount().
    int totalLeads() const { return m_total; }

    // Requests a snapshot now.
    void refresh();

    // Shows only the leads that match `text` (names, emails, notes, message words, or a
    // run of phone digits); empty shows every lead.
    void setSearch(const QString &text);
    QString search() const { return m_search; }
    // Requests a snapshot within 100 ms, however many times it is called meanwhile.
    void scheduleRefresh();

signals:
    // After each snapshot is applied (the first one included).
    void refreshed();
    void refreshFailed(const QString &message);

private:
    void applySnapshot(int requestId, const QList<Prospecta::LeadRow> &rows, int total);

    SnapshotReader *m_reader;
    Session *m_session;
    QTimer m_refreshTimer;
    QString m_search;
    QList<LeadRow> m_rows;
    int m_total = 0;
    ReaderRequest *m_request = nullptr;
};

} // namespace Prospecta
