// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

class QComboBox;
class QLineEdit;

namespace Prospecta {

class LeadsModel;
struct NamedId;
class Session;

// The filters above the leads table: a search box that filters as the user types, and
// the stage, campaign and owner filters, each applied to the model at once. The campaign
// and owner choices arrive with the model's refreshes; they are the lists the pipeline
// board offers, but each window keeps its own selection. The owner filter offers any
// owner, the unassigned leads, the user's own leads and each active user. A sales agent
// sees only their own and the unassigned leads, so their owner filter chooses among those.
class LeadFilterBar : public QWidget
{
    Q_OBJECT

public:
    // The owner filter's values besides user ids, as LeadsModel::setOwnerFilter takes them.
    static constexpr qint64 AnyOwner = 0;
    static constexpr qint64 Unassigned = -1;

    // `model` and `session` must outlive the bar.
    LeadFilterBar(LeadsModel *model, Session *session, QWidget *parent = nullptr);

    QLineEdit *searchEdit() const { return m_searchEdit; }
    QComboBox *stageFilter() const { return m_stageFilter; }
    QComboBox *campaignFilter() const { return m_campaignFilter; }
    QComboBox *ownerFilter() const { return m_ownerFilter; }

private:
    QList<NamedId> fixedCampaignChoices() const;
    QList<NamedId> fixedOwnerChoices() const;
    // Offers the model's latest campaigns and owners. A choice that is gone (a deleted
    // campaign, a deactivated user) falls back to the first item, which shows every lead.
    void updateChoices();
    void applyCampaign();
    void applyOwner();

    LeadsModel *m_model;
    Session *m_session;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_stageFilter = nullptr;
    QComboBox *m_campaignFilter = nullptr;
    QComboBox *m_ownerFilter = nullptr;
};

} // namespace Prospecta
