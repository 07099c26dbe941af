// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadFilterBar.h"

#include "DisplayNames.h"
#include "FilterCombo.h"
#include "LeadsModel.h"
#include "Session.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace Prospecta {

LeadFilterBar::LeadFilterBar(LeadsModel *model, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_session(session)
{
    // The search box filters the leads as the user types, after a short pause so each
    // keystroke does not cost a query.
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("leadSearch"));
    m_searchEdit->setPlaceholderText(tr("Search leads by name, email, notes, message or phone digits"));
    m_searchEdit->setClearButtonEnabled(true);
    auto *searchTimer = new QTimer(this);
    searchTimer->setSingleShot(true);
    searchTimer->setInterval(200);
    connect(m_searchEdit, &QLineEdit::textChanged, searchTimer, qOverload<>(&QTimer::start));
    connect(searchTimer, &QTimer::timeout, this, [this] { m_model->setSearch(m_searchEdit->text()); });

    m_stageFilter = new QComboBox(this);
    m_stageFilter->setObjectName(QStringLiteral("leadStageFilter"));
    m_stageFilter->addItem(tr("All stages", "leads filter"), QString());
    for (LeadStatus status : {LeadStatus::New, LeadStatus::Contacted, LeadStatus::Qualified, LeadStatus::Converted,
                              LeadStatus::Lost})
        m_stageFilter->addItem(DisplayNames::leadStage(status), toString(status));
    connect(m_stageFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setStatusFilter(fromString<LeadStatus>(m_stageFilter->currentData().toString()));
    });

    m_campaignFilter = new QComboBox(this);
    m_campaignFilter->setObjectName(QStringLiteral("leadCampaignFilter"));
    m_campaignFilter->setToolTip(tr("Show the leads of one campaign"));
    m_campaignFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_ownerFilter = new QComboBox(this);
    m_ownerFilter->setObjectName(QStringLiteral("leadOwnerFilter"));
    m_ownerFilter->setToolTip(tr("Show the leads assigned to one sales agent, or the unassigned ones"));
    m_ownerFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    FilterCombo::fill(m_campaignFilter, fixedCampaignChoices(), {});
    FilterCombo::fill(m_ownerFilter, fixedOwnerChoices(), {});
    connect(m_campaignFilter, &QComboBox::currentIndexChanged, this, &LeadFilterBar::applyCampaign);
    connect(m_ownerFilter, &QComboBox::currentIndexChanged, this, &LeadFilterBar::applyOwner);
    connect(m_model, &LeadsModel::filterChoicesChanged, this, &LeadFilterBar::updateChoices);
    updateChoices();

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searchEdit, 1);
    searchRow->addWidget(m_stageFilter);
    auto *choiceRow = new QHBoxLayout;
    choiceRow->addWidget(m_campaignFilter);
    choiceRow->addWidget(m_ownerFilter);
    choiceRow->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(searchRow);
    layout->addLayout(choiceRow);
}

QList<NamedId> LeadFilterBar::fixedCampaignChoices() const
{
    return {{0, tr("All campaigns", "leads filter")}};
}

QList<NamedId> LeadFilterBar::fixedOwnerChoices() const
{
    const qint64 me = m_session->userId();
    const QString mine = tr("Mine", "leads filter: the leads assigned to me");
    const QString unassigned = tr("Unassigned", "leads filter: leads that no sales agent owns");
    if (m_session->allows(Permission::SeeAllLeads))
        return {{AnyOwner, tr("Any owner", "leads filter: leads of every sales agent")}, {Unassigned, unassigned},
                {me, mine}};
    return {{AnyOwner, tr("Mine and unassigned", "leads filter: a sales agent's own leads and the unassigned ones")},
            {Unassigned, unassigned},
            {me, mine}};
}

void LeadFilterBar::updateChoices()
{
    const LeadFilterChoices &choices = m_model->filterChoices();
    // The user's own entry is "Mine" already.
    QList<NamedId> others = choices.owners;
    others.removeIf([this](const NamedId &owner) { return owner.id == m_session->userId(); });

    if (FilterCombo::fill(m_campaignFilter, fixedCampaignChoices(), choices.campaigns))
        applyCampaign();
    if (FilterCombo::fill(m_ownerFilter, fixedOwnerChoices(), others))
        applyOwner();
}

void LeadFilterBar::applyCampaign()
{
    m_model->setCampaignFilter(m_campaignFilter->currentData().toLongLong());
}

void LeadFilterBar::applyOwner()
{
    m_model->setOwnerFilter(m_ownerFilter->currentData().toLongLong());
}

} // namespace Prospecta
