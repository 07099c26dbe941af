// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runtime/SnapshotReader.h"

#include <QWidget>

class QAbstractButton;
class QAction;
class QButtonGroup;
class QLabel;
class QModelIndex;
class QTreeView;

namespace Prospecta {

class InboxModel;
class ServiceHost;
class Session;

// The inbox pane: the filter buttons (Mine, Unassigned, Needs a human, All; Alt+1 to
// Alt+4 or their mnemonics) above the list of conversations. The arrow keys move through
// the list; Enter or a click opens the conversation through leadOpened(). Scrolling to
// the end of the list loads the next page of conversations.
class InboxView : public QWidget
{
    Q_OBJECT

public:
    InboxView(SnapshotReader *reader, ServiceHost *host, Session *session, QWidget *parent = nullptr);

    InboxModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QAbstractButton *filterButton(InboxFilter filter) const;
    // The filters as actions with the shortcuts Alt+1 to Alt+4. The owner adds them to
    // its window too, so the shortcuts work while this pane is hidden behind another tab.
    QList<QAction *> filterActions() const { return m_filterActions; }

    // Selects `filter`'s button and shows its conversations.
    void setFilter(InboxFilter filter);
    // Makes lead `leadId`'s conversation the current row without opening it; clears the
    // current row when the lead is not listed.
    void selectLead(qint64 leadId);

signals:
    // The user opened a conversation.
    void leadOpened(const Prospecta::LeadRow &row);
    // A filter shortcut was used: the owner shows this pane and focuses its list.
    void filterShortcutUsed();

private:
    void openIndex(const QModelIndex &index);
    // Asks the model for the next page when the list is scrolled to its end.
    void loadMoreAtEnd();
    void restoreCurrent();
    void showState();

    InboxModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QButtonGroup *m_filters = nullptr;
    QList<QAction *> m_filterActions;
    QLabel *m_stateLabel = nullptr;
    qint64 m_currentLeadId = 0; // kept across model resets
    bool m_sized = false;
};

} // namespace Prospecta
