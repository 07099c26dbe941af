// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordListEditor.h"

#include "Session.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Prospecta {

RecordListEditor::RecordListEditor(ServiceHost *host, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_session(session)
{
    // The list is created before the subclass's fields, so it comes first in the Tab order.
    m_list = new QListWidget(this);
    connect(m_list, &QListWidget::currentRowChanged, this, &RecordListEditor::showSelected);
    m_form = new QFormLayout;
}

void RecordListEditor::finishSetup(const ObjectNames &names, const Texts &texts)
{
    m_texts = texts;
    m_list->setObjectName(names.list);

    auto *newButton = new QPushButton(texts.newButton, this);
    newButton->setObjectName(names.newButton);
    connect(newButton, &QPushButton::clicked, this, &RecordListEditor::startNew);
    m_saveButton = new QPushButton(texts.saveButton, this);
    m_saveButton->setObjectName(names.saveButton);
    connect(m_saveButton, &QPushButton::clicked, this, &RecordListEditor::save);
    m_deleteButton = new QPushButton(texts.deleteButton, this);
    m_deleteButton->setObjectName(names.deleteButton);
    connect(m_deleteButton, &QPushButton::clicked, this, &RecordListEditor::remove);
    m_status = new QLabel(this);
    m_status->setObjectName(names.status);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addStretch(1);
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_saveButton);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *editor = new QVBoxLayout;
    editor->addLayout(m_form);
    editor->addLayout(buttons);
    editor->addWidget(m_status);
    auto *columns = new QHBoxLayout;
    columns->addWidget(m_list, 1);
    columns->addLayout(editor, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(close);

    startNew();
    load();
}

void RecordListEditor::load()
{
    fetchRows([this](const Result<QList<ListRow>> &rows) {
        if (!rows) {
            showError(m_texts.loadFailed, rows.error());
            return;
        }
        // Blocked so that reselecting the edited row neither refills the form nor clears
        // the status line.
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        m_rowIds.clear();
        int selectedRow = -1;
        for (const ListRow &row : *rows) {
            if (row.id == m_editingId)
                selectedRow = m_list->count();
            m_list->addItem(row.text);
            m_rowIds.append(row.id);
        }
        m_list->setCurrentRow(selectedRow);
    });
}

void RecordListEditor::showSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_rowIds.size())
        return;
    m_editingId = m_rowIds.at(row);
    const bool writable = fillForm(row);
    m_saveButton->setEnabled(writable);
    m_deleteButton->setEnabled(writable);
    m_status->clear();
}

void RecordListEditor::startNew()
{
    m_editingId = 0;
    m_list->clearSelection();
    m_saveButton->setEnabled(true);
    m_deleteButton->setEnabled(false);
    clearForm();
}

void RecordListEditor::save()
{
    saveRecord(m_editingId, [this](const Result<qint64> &saved) {
        if (!saved) {
            showError(m_texts.saveFailed, saved.error());
            return;
        }
        m_editingId = *saved;
        m_status->setStyleSheet(QString());
        m_status->setText(m_texts.saved);
        load();
    });
}

void RecordListEditor::remove()
{
    if (m_editingId == 0)
        return;
    removeRecord(m_editingId, [this](const Status &status) {
        if (!status.ok()) {
            showError(m_texts.deleteFailed, status.error());
            return;
        }
        startNew();
        load();
    });
}

void RecordListEditor::showError(const QString &format, const Error &error)
{
    if (m_session->check(error))
        return;
    m_status->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_status->setText(format.arg(error.message));
}

} // namespace Prospecta
