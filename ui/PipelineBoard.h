// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Enums.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QListView;

namespace Prospecta {

struct BoardPage;
class PipelineColumnModel;
class ReaderRequest;
class ServiceHost;
class Session;
class SnapshotReader;

// The sales pipeline: one column of lead cards per stage, with the number of leads at
// each stage in the column title. Dragging a card to another column asks the service to
// change the lead's stage, which the service stores and audits. A refused move shows
// why and puts the card back. The campaign and owner filters narrow every column.
// Agents see only their own and the unassigned leads, because the reader returns no others.
class PipelineBoard : public QWidget
{
    Q_OBJECT

public:
    // Each column shows at most this many cards, the leads contacted most recently.
    static constexpr int MaxCardsPerColumn = 200;

    // `host`, `reader` and `session` must outlive the board. A write refused because the
    // user was deactivated ends `session`.
    PipelineBoard(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent = nullptr);
    ~PipelineBoard() override;

    // The stages in the order of the columns, left to right.
    static QList<LeadStatus> stages();

    PipelineColumnModel *columnModel(LeadStatus status) const;
    QListView *columnView(LeadStatus status) const;
    QLabel *columnTitle(LeadStatus status) const;
    // "Showing 200 of 950", hidden while the column holds every matching lead.
    QLabel *columnNote(LeadStatus status) const;
    QComboBox *campaignFilter() const { return m_campaignFilter; }
    QComboBox *ownerFilter() const { return m_ownerFilter; }

    // Requests every column now.
    void refresh();
    // Requests every column within 100 ms, however many times it is called meanwhile.
    void scheduleRefresh();

    // Moves lead `leadId` to `status`, as a drop does: the card moves at once and goes
    // back if the service rejects the change.
    void moveLead(qint64 leadId, LeadStatus status);

signals:
    // Every column applied the page of the latest refresh.
    void refreshed();
    void refreshFailed(const QString &message);
    // The service stored the move of lead `leadId` to `status`.
    void leadMoved(qint64 leadId, Prospecta::LeadStatus status);
    // The service rejected the move, for the reason in `message`.
    void moveFailed(qint64 leadId, const QString &message);

private:
    struct Column;

    void createColumn(LeadStatus status, QLayout *layout);
    Column *columnOf(LeadStatus status) const;
    void applyPage(Column &column, int requestId, const BoardPage &page);
    void updateTitle(const Column &column);
    void updateFilterChoices(const BoardPage &page);
    void filtersChanged();

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    QList<Column *> m_columns;
    QComboBox *m_campaignFilter = nullptr;
    QComboBox *m_ownerFilter = nullptr;
    QTimer m_refreshTimer;
    qint64 m_campaignId = 0;
    qint64 m_ownerUserId = 0;
    int m_pendingColumns = 0;
};

} // namespace Prospecta
