// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditLogDialog.h"

#include "DisplayNames.h"
#include "FileDialogs.h"
#include "MessageBoxes.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

// A date edit cannot be empty, so its minimum stands for "no bound" and shows as "Any".
const QDate NoDateBound(2000, 1, 1);

QDateEdit *createDateEdit(QWidget *parent, const QString &objectName)
{
    auto *edit = new QDateEdit(parent);
    edit->setObjectName(objectName);
    edit->setCalendarPopup(true);
    edit->setMinimumDate(NoDateBound);
    edit->setSpecialValueText(AuditLogDialog::tr("Any", "no date limit in the audit log filter"));
    edit->setDate(NoDateBound);
    return edit;
}

// Midnight at the start of `date` in the desktop's time zone, in milliseconds since the
// epoch (UTC), as the audit log stores instants.
qint64 startOfLocalDay(const QDate &date)
{
    return date.startOfDay(Qt::LocalTime).toMSecsSinceEpoch();
}

} // namespace

AuditLogDialog::AuditLogDialog(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
{
    setObjectName(QStringLiteral("auditLogDialog"));
    setWindowTitle(tr("Audit log"));

    m_user = new QComboBox(this);
    m_user->setObjectName(QStringLiteral("userFilter"));
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("actionFilter"));
    fillChoices(m_user, {});
    fillChoices(m_action, {});
    m_from = createDateEdit(this, QStringLiteral("fromDate"));
    m_to = createDateEdit(this, QStringLiteral("toDate"));

    auto *filters = new QHBoxLayout;
    auto *leftForm = new QFormLayout;
    leftForm->addRow(tr("&User:"), m_user);
    leftForm->addRow(tr("A&ction:"), m_action);
    auto *rightForm = new QFormLayout;
    rightForm->addRow(tr("&From:", "first day shown"), m_from);
    rightForm->addRow(tr("&To:", "last day shown"), m_to);
    filters->addLayout(leftForm, 1);
    filters->addLayout(rightForm);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setHorizontalHeaderLabels({tr("Time", "column: when it happened"), tr("User", "column: who did it"),
                                        tr("Client", "column: desktop, command line or a REST caller's address"),
                                        tr("Action", "column: what was done"),
                                        tr("Target", "column: what it was done to"),
                                        tr("Detail", "column: what changed")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_exportButton = buttons->addButton(tr("&Export CSV…"), QDialogButtonBox::ActionRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(m_exportButton, &QPushButton::clicked, this, &AuditLogDialog::exportCsv);
    connect(buttons, &QDialogButtonBox::rejected, this, &AuditLogDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(980, 560);

    connect(m_user, &QComboBox::currentIndexChanged, this, &AuditLogDialog::refresh);
    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditLogDialog::refresh);
    connect(m_from, &QDateEdit::dateChanged, this, &AuditLogDialog::refresh);
    connect(m_to, &QDateEdit::dateChanged, this, &AuditLogDialog::refresh);
    connect(m_reader, &SnapshotReader::auditReady, this, &AuditLogDialog::applyEntries);
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_request, &ReaderRequest::failed, this, &AuditLogDialog::readFailed);
    refresh();
}

AuditFilter AuditLogDialog::filter() const
{
    AuditFilter filter;
    filter.actorName = m_user->currentData().toString();
    filter.action = m_action->currentData().toString();
    if (m_from->date() > NoDateBound)
        filter.fromMs = startOfLocalDay(m_from->date());
    if (m_to->date() > NoDateBound)
        filter.toMs = startOfLocalDay(m_to->date().addDays(1));
    return filter;
}

bool AuditLogDialog::selectUser(const QString &actorName)
{
    const int index = m_user->findData(actorName);
    if (index < 0)
        return false;
    m_user->setCurrentIndex(index);
    return true;
}

bool AuditLogDialog::selectAction(const QString &action)
{
    const int index = m_action->findData(action);
    if (index < 0)
        return false;
    m_action->setCurrentIndex(index);
    return true;
}

void AuditLogDialog::refresh()
{
    m_reader->requestAudit(m_request->next(), m_session->actor(), filter());
}

QString AuditLogDialog::statusText() const
{
    return m_status->text();
}

void AuditLogDialog::fillChoices(QComboBox *combo, const QStringList &values)
{
    // The item data is the filter value; "All" has none. Refilling keeps the current
    // choice and emits no change, so it does not request the entries again.
    const QString current = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(tr("All", "no filter in the audit log"), QString());
    for (const QString &value : values)
        combo->addItem(value, value);
    if (!current.isEmpty() && combo->findData(current) < 0)
        combo->addItem(current, current);
    combo->setCurrentIndex(qMax(0, combo->findData(current)));
}

void AuditLogDialog::applyEntries(int requestId, const QList<AuditEntry> &entries, const QStringList &actorNames,
                                  const QStringList &actions)
{
    if (!m_request->finish(requestId))
        return;
    fillChoices(m_user, actorNames);
    fillChoices(m_action, actions);

    m_entries = entries;
    m_table->clearContents();
    m_table->setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const AuditEntry &entry = entries.at(row);
        const QString target = entry.targetId.isEmpty()
            ? entry.targetKind
            : tr("%1 %2", "audit target: its kind, then its id or name").arg(entry.targetKind, entry.targetId);
        m_table->setItem(row, TimeColumn, new QTableWidgetItem(DisplayNames::dateTime(entry.occurredMs)));
        m_table->setItem(row, UserColumn, new QTableWidgetItem(entry.actorName));
        m_table->setItem(row, ClientColumn, new QTableWidgetItem(entry.client));
        m_table->setItem(row, ActionColumn, new QTableWidgetItem(entry.action));
        m_table->setItem(row, TargetColumn, new QTableWidgetItem(target));
        m_table->setItem(row, DetailColumn, new QTableWidgetItem(entry.detail));
    }
    m_table->resizeColumnsToContents();

    const int limit = AuditFilter{}.limit;
    m_status->setText(entries.size() >= limit
                          ? tr("Showing the newest %n entries; narrow the filter or export to see the others.", nullptr,
                               int(entries.size()))
                          : tr("%n entries", nullptr, int(entries.size())));
    emit refreshed();
}

void AuditLogDialog::readFailed(const QString &message)
{
    qCWarning(lcUi) << "Reading the audit log failed:" << message;
    m_status->setText(tr("Could not load the audit log: %1").arg(message));
}

void AuditLogDialog::exportCsv()
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(QStringLiteral("prospecta-audit-%1.csv")
                                                .arg(QDate::currentDate().toString(Qt::ISODate)));
    const QString path = FileDialogs::saveFileName(this, tr("Export the audit log"), suggested,
                                                   tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;

    m_exportButton->setEnabled(false);
    m_status->setText(tr("Exporting…"));
    m_host->call<int>(
        this,
        [actor = m_session->actor(), filter = filter(), path](ServiceCore &core) {
            return core.exportAudit(actor, filter, path);
        },
        [this, path](const Result<int> &written) {
            m_exportButton->setEnabled(true);
            if (!written) {
                m_status->clear();
                if (!m_session->check(written.error()))
                    MessageBoxes::critical(this, tr("The audit log was not exported"), written.error().message);
                emit exportFinished(false);
                return;
            }
            m_status->setText(tr("Exported %n entries to %1.", nullptr, *written).arg(QDir::toNativeSeparators(path)));
            emit exportFinished(true);
        });
}

} // namespace Prospecta
