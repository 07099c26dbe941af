// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PipelineBoard.h"

#include "DisplayNames.h"
#include "FilterCombo.h"
#include "MessageBoxes.h"
#include "PipelineColumnModel.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

constexpr int RefreshDelayMs = 100;

// The owner filter's values besides user ids.
constexpr qint64 AnyOwner = 0;
constexpr qint64 Unassigned = -1;

bool affectsBoard(const QString &table)
{
    return table == QLatin1String("leads") || table == QLatin1String("campaigns")
        || table == QLatin1String("users");
}

} // namespace

struct PipelineBoard::Column
{
    LeadStatus status = LeadStatus::New;
    PipelineColumnModel *model = nullptr;
    QListView *view = nullptr;
    QLabel *title = nullptr;
    QLabel *note = nullptr;
    ReaderRequest *request = nullptr;
};

PipelineBoard::PipelineBoard(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
{
    setObjectName(QStringLiteral("pipelineBoard"));
    setWindowTitle(tr("Sales pipeline"));

    m_campaignFilter = new QComboBox(this);
    m_campaignFilter->setObjectName(QStringLiteral("campaignFilter"));
    m_campaignFilter->addItem(tr("All campaigns"), qint64(0));
    m_ownerFilter = new QComboBox(this);
    m_ownerFilter->setObjectName(QStringLiteral("ownerFilter"));
    if (m_session->allows(Permission::SeeAllLeads)) {
        m_ownerFilter->addItem(tr("Any owner", "filter: leads of every sales agent"), AnyOwner);
        m_ownerFilter->addItem(tr("Unassigned", "filter: leads that no sales agent owns"), Unassigned);
    } else {
        // The reader returns an agent's own and the unassigned leads only, so there is
        // nothing to choose.
        m_ownerFilter->addItem(tr("Mine and unassigned", "filter: a sales agent's own leads and the unassigned ones"),
                               AnyOwner);
        m_ownerFilter->setEnabled(false);
    }
    connect(m_campaignFilter, &QComboBox::currentIndexChanged, this, &PipelineBoard::filtersChanged);
    connect(m_ownerFilter, &QComboBox::currentIndexChanged, this, &PipelineBoard::filtersChanged);

    auto *filters = new QHBoxLayout;
    auto *campaignLabel = new QLabel(tr("&Campaign:"), this);
    campaignLabel->setBuddy(m_campaignFilter);
    auto *ownerLabel = new QLabel(tr("&Owner:", "filter: the sales agent a lead is assigned to"), this);
    ownerLabel->setBuddy(m_ownerFilter);
    filters->addWidget(campaignLabel);
    filters->addWidget(m_campaignFilter);
    filters->addWidget(ownerLabel);
    filters->addWidget(m_ownerFilter);
    filters->addStretch();

    auto *columns = new QHBoxLayout;
    for (LeadStatus status : stages())
        createColumn(status, columns);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(columns, 1);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &PipelineBoard::refresh);
    connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
        if (affectsBoard(table))
            scheduleRefresh();
    });
    refresh();
}

PipelineBoard::~PipelineBoard()
{
    qDeleteAll(m_columns);
}

QList<LeadStatus> PipelineBoard::stages()
{
    return {LeadStatus::New, LeadStatus::Contacted, LeadStatus::Qualified, LeadStatus::Converted, LeadStatus::Lost};
}

void PipelineBoard::createColumn(LeadStatus status, QLayout *layout)
{
    auto *column = new Column;
    column->status = status;
    column->model = new PipelineColumnModel(status, this);
    column->request = new ReaderRequest(m_reader, m_session, this);

    auto *box = new QWidget(this);
    box->setObjectName(QStringLiteral("column-") + toString(status));
    column->title = new QLabel(box);
    column->title->setObjectName(QStringLiteral("title"));
    column->note = new QLabel(box);
    column->note->setObjectName(QStringLiteral("note"));
    column->note->hide();
    column->view = new QListView(box);
    column->view->setObjectName(QStringLiteral("cards"));
    column->view->setModel(column->model);
    column->view->setSelectionMode(QAbstractItemView::SingleSelection);
    column->view->setDragEnabled(true);
    column->view->setAcceptDrops(true);
    column->view->setDropIndicatorShown(true);
    column->view->setDragDropMode(QAbstractItemView::DragDrop);
    column->view->setDefaultDropAction(Qt::MoveAction);
    column->view->setSpacing(2);
    column->view->setWordWrap(true);

    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    boxLayout->addWidget(column->title);
    boxLayout->addWidget(column->view, 1);
    boxLayout->addWidget(column->note);
    layout->addWidget(box);

    connect(column->model, &PipelineColumnModel::leadDropped, this, &PipelineBoard::moveLead);
    connect(m_reader, &SnapshotReader::leadPageReady, this, [this, column](int requestId, const BoardPage &page) {
        applyPage(*column, requestId, page);
    });
    connect(column->request, &ReaderRequest::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "Reading the pipeline failed:" << message;
        if (--m_pendingColumns == 0)
            emit refreshed();
        emit refreshFailed(message);
    });
    m_columns << column;
    updateTitle(*column);
}

PipelineBoard::Column *PipelineBoard::columnOf(LeadStatus status) const
{
    for (Column *column : m_columns) {
        if (column->status == status)
            return column;
    }
    return nullptr;
}

PipelineColumnModel *PipelineBoard::columnModel(LeadStatus status) const
{
    const Column *column = columnOf(status);
    return column ? column->model : nullptr;
}

QListView *PipelineBoard::columnView(LeadStatus status) const
{
    const Column *column = columnOf(status);
    return column ? column->view : nullptr;
}

QLabel *PipelineBoard::columnTitle(LeadStatus status) const
{
    const Column *column = columnOf(status);
    return column ? column->title : nullptr;
}

QLabel *PipelineBoard::columnNote(LeadStatus status) const
{
    const Column *column = columnOf(status);
    return column ? column->note : nullptr;
}

void PipelineBoard::refresh()
{
    m_refreshTimer.stop();
    // A newer request supersedes each column's request still in flight.
    m_pendingColumns = int(m_columns.size());
    for (Column *column : std::as_const(m_columns)) {
        LeadPageFilter filter;
        filter.status = column->status;
        filter.campaignId = m_campaignId;
        filter.ownerUserId = m_ownerUserId;
        filter.limit = MaxCardsPerColumn;
        m_reader->requestLeadPage(column->request->next(), m_session->actor(), filter);
    }
}

void PipelineBoard::scheduleRefresh()
{
    // The timer is not restarted, so a steady stream of changes still refreshes every
    // 100 ms instead of waiting for a quiet moment.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void PipelineBoard::applyPage(Column &column, int requestId, const BoardPage &page)
{
    if (!column.request->finish(requestId))
        return;
    column.model->setPage(page.rows, page.total, page.ownerNames);
    updateTitle(column);
    updateFilterChoices(page);
    if (--m_pendingColumns == 0)
        emit refreshed();
}

void PipelineBoard::updateTitle(const Column &column)
{
    const int total = column.model->total();
    column.title->setText(tr("%1 (%2)", "pipeline column: the stage and how many leads are at it")
                              .arg(DisplayNames::leadStage(column.status))
                              .arg(total));
    const int shown = column.model->rowCount();
    column.note->setVisible(shown < total);
    column.note->setText(tr("Showing %1 of %n", "pipeline column: cards shown of the leads at the stage", total)
                             .arg(shown));
}

void PipelineBoard::updateFilterChoices(const BoardPage &page)
{
    bool changed = FilterCombo::fill(m_campaignFilter, {{0, tr("All campaigns")}}, page.campaigns);
    if (m_session->allows(Permission::SeeAllLeads)) {
        changed = FilterCombo::fill(m_ownerFilter,
                                    {{AnyOwner, tr("Any owner", "filter: leads of every sales agent")},
                                     {Unassigned, tr("Unassigned", "filter: leads that no sales agent owns")}},
                                    page.owners)
            || changed;
    }
    // A campaign or owner that was deleted meanwhile falls back to "all".
    if (changed)
        filtersChanged();
}

void PipelineBoard::filtersChanged()
{
    const qint64 campaignId = m_campaignFilter->currentData().toLongLong();
    const qint64 ownerUserId = m_ownerFilter->currentData().toLongLong();
    if (campaignId == m_campaignId && ownerUserId == m_ownerUserId)
        return;
    m_campaignId = campaignId;
    m_ownerUserId = ownerUserId;
    refresh();
}

void PipelineBoard::moveLead(qint64 leadId, LeadStatus status)
{
    Column *target = columnOf(status);
    if (!target || target->model->rowOfLead(leadId) >= 0)
        return;

    // Move the card now, so the drop feels immediate. The service's change notice
    // refreshes the board afterwards, and a rejection refreshes it at once.
    for (Column *source : std::as_const(m_columns)) {
        if (auto taken = source->model->takeLead(leadId)) {
            const QString name = source->model->ownerNameOf(taken->lead.assignedUserId);
            taken->lead.status = status;
            target->model->insertLead(*taken, name);
            updateTitle(*source);
            updateTitle(*target);
            break;
        }
    }

    qCInfo(lcUi) << "Moving lead" << leadId << "to stage" << toString(status);
    const Actor actor = m_session->actor();
    m_host->call<void>(
        this, [actor, leadId, status](ServiceCore &core) { return core.setLeadStatus(actor, leadId, status); },
        [this, leadId, status](const Status &result) {
            if (result.ok()) {
                emit leadMoved(leadId, status);
                return;
            }
            const Error &error = result.error();
            qCWarning(lcUi) << "Moving lead" << leadId << "to stage" << toString(status) << "failed:" << error.message;
            if (!m_session->check(error)) {
                // Reloading puts the card back where the service keeps the lead.
                refresh();
                MessageBoxes::warning(this, tr("Cannot move the lead"), error.message);
            }
            emit moveFailed(leadId, error.message);
        });
}

} // namespace Prospecta
