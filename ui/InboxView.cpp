// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "InboxView.h"

#include "InboxModel.h"

#include <QAction>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Prospecta {

InboxView::InboxView(SnapshotReader *reader, ServiceHost *host, Session *session, QWidget *parent)
    : QWidget(parent)
{
    m_model = new InboxModel(reader, host, session, this);

    struct FilterChoice
    {
        InboxFilter filter;
        QString text;
        QString objectName;
    };
    const FilterChoice choices[] = {
        {InboxFilter::Mine, tr("&Mine", "inbox filter: my conversations"), QStringLiteral("inboxFilterMine")},
        {InboxFilter::Unassigned, tr("&Unassigned", "inbox filter: leads without an owner"),
         QStringLiteral("inboxFilterUnassigned")},
        {InboxFilter::NeedsHuman, tr("&Needs a human", "inbox filter"), QStringLiteral("inboxFilterNeedsHuman")},
        {InboxFilter::All, tr("A&ll", "inbox filter: every conversation"), QStringLiteral("inboxFilterAll")},
    };

    m_filters = new QButtonGroup(this);
    m_filters->setExclusive(true);
    auto *filterRow = new QHBoxLayout;
    int shortcutNumber = 1;
    for (const FilterChoice &choice : choices) {
        auto *button = new QPushButton(choice.text, this);
        button->setObjectName(choice.objectName);
        button->setCheckable(true);
        button->setFlat(true);
        const QKeySequence keys(Qt::ALT | Qt::Key(Qt::Key_0 + shortcutNumber));
        button->setToolTip(keys.toString(QKeySequence::NativeText));
        m_filters->addButton(button, int(choice.filter));
        filterRow->addWidget(button);

        // Window-wide, so the filters are reachable from the chat's composer too.
        auto *action = new QAction(choice.text, this);
        action->setObjectName(choice.objectName + QStringLiteral("Action"));
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        const InboxFilter filter = choice.filter;
        connect(action, &QAction::triggered, this, [this, filter] {
            setFilter(filter);
            emit filterShortcutUsed();
            m_view->setFocus();
        });
        addAction(action);
        m_filterActions << action;
        ++shortcutNumber;
    }
    filterRow->addStretch(1);
    m_filters->button(int(InboxFilter::All))->setChecked(true);
    connect(m_filters, &QButtonGroup::idClicked, this, [this](int id) { setFilter(InboxFilter(id)); });

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("inboxList"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(InboxModel::PreviewColumn, QHeaderView::Stretch);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("inboxState"));
    m_stateLabel->setWordWrap(true);
    m_stateLabel->setAlignment(Qt::AlignCenter);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_stateLabel);

    // The arrow keys only move the current row; Enter (activated) or a click opens it.
    connect(m_view, &QTreeView::activated, this, &InboxView::openIndex);
    connect(m_view, &QTreeView::clicked, this, &InboxView::openIndex);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_currentLeadId = m_model->entry(current.row()).leadId;
            });
    // The end of the list loads the next page. The range changes too when the loaded
    // rows no longer fill the list.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &InboxView::loadMoreAtEnd);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &InboxView::loadMoreAtEnd);
    connect(m_model, &InboxModel::modelReset, this, &InboxView::restoreCurrent);
    connect(m_model, &InboxModel::refreshed, this, &InboxView::showState);
    connect(m_model, &InboxModel::refreshFailed, this, [this](const QString &message) {
        m_stateLabel->setText(tr("Could not load the conversations: %1").arg(message));
        m_stateLabel->show();
    });
    m_stateLabel->setText(tr("Loading the conversations…"));
}

QAbstractButton *InboxView::filterButton(InboxFilter filter) const
{
    return m_filters->button(int(filter));
}

void InboxView::setFilter(InboxFilter filter)
{
    if (QAbstractButton *button = filterButton(filter))
        button->setChecked(true);
    m_model->setFilter(filter);
}

void InboxView::selectLead(qint64 leadId)
{
    m_currentLeadId = leadId;
    restoreCurrent();
}

void InboxView::openIndex(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const LeadRow row = m_model->leadRow(index.row());
    m_currentLeadId = row.lead.id;
    emit leadOpened(row);
}

void InboxView::loadMoreAtEnd()
{
    const QScrollBar *scrollBar = m_view->verticalScrollBar();
    if (scrollBar->value() >= scrollBar->maximum() && m_model->canLoadMore())
        m_model->loadMore();
}

void InboxView::restoreCurrent()
{
    QItemSelectionModel *selection = m_view->selectionModel();
    const int row = m_currentLeadId == 0 ? -1 : m_model->rowOfLead(m_currentLeadId);
    if (row < 0) {
        selection->clearCurrentIndex();
        selection->clearSelection();
        return;
    }
    // Restoring the current row is not the user opening a conversation, and
    // currentRowChanged only records the lead, so nothing is opened here.
    selection->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void InboxView::showState()
{
    if (!m_sized && m_model->rowCount() > 0) {
        // Once, so that later refreshes keep the user's own column widths.
        m_sized = true;
        for (int column = 0; column < InboxModel::ColumnCount; ++column) {
            if (column != InboxModel::PreviewColumn)
                m_view->resizeColumnToContents(column);
        }
    }
    if (m_model->rowCount() > 0) {
        m_stateLabel->hide();
        return;
    }
    m_stateLabel->setText(m_model->filter() == InboxFilter::All ? tr("No conversations yet.")
                                                                 : tr("No conversations match this filter."));
    m_stateLabel->show();
}

} // namespace Prospecta
