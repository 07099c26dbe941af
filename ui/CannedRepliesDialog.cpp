// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedRepliesDialog.h"

#include "Session.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Prospecta {

CannedRepliesDialog::CannedRepliesDialog(ServiceHost *host, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_session(session)
{
    setWindowTitle(tr("Canned replies"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("cannedList"));
    connect(m_list, &QListWidget::currentRowChanged, this, &CannedRepliesDialog::showSelected);

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("cannedTitle"));
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("cannedBody"));
    m_body->setPlaceholderText(tr("Hello {name}, …", "{name} stays as is: it becomes the lead's first name"));
    m_shared = new QCheckBox(tr("Shared with every user"), this);
    m_shared->setObjectName(QStringLiteral("cannedShared"));
    // Only managers and administrators write shared replies; the service checks it too.
    m_shared->setVisible(m_session->role() != UserRole::Agent);

    auto *newButton = new QPushButton(tr("New"), this);
    newButton->setObjectName(QStringLiteral("cannedNew"));
    connect(newButton, &QPushButton::clicked, this, &CannedRepliesDialog::startNew);
    m_saveButton = new QPushButton(tr("Save"), this);
    m_saveButton->setObjectName(QStringLiteral("cannedSave"));
    connect(m_saveButton, &QPushButton::clicked, this, &CannedRepliesDialog::save);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_deleteButton->setObjectName(QStringLiteral("cannedDelete"));
    connect(m_deleteButton, &QPushButton::clicked, this, &CannedRepliesDialog::remove);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("cannedStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Text:"), m_body);
    form->addRow(QString(), m_shared);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addStretch(1);
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_saveButton);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *editor = new QVBoxLayout;
    editor->addLayout(form);
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

void CannedRepliesDialog::load()
{
    m_host->call<QList<CannedReply>>(
        this, [actor = m_session->actor()](ServiceCore &core) { return core.cannedReplies(actor); },
        [this](const Result<QList<CannedReply>> &replies) {
            if (!replies) {
                showError(tr("Could not load the canned replies: %1"), replies.error());
                return;
            }
            m_replies = *replies;
            const QSignalBlocker blocker(m_list);
            m_list->clear();
            int selectedRow = -1;
            for (const CannedReply &reply : std::as_const(m_replies)) {
                if (reply.id == m_editingId)
                    selectedRow = m_list->count();
                m_list->addItem(reply.shared() ? tr("%1 (shared)", "a canned reply every user sees").arg(reply.title)
                                               : reply.title);
            }
            m_list->setCurrentRow(selectedRow);
        });
}

void CannedRepliesDialog::showSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_replies.size())
        return;
    const CannedReply &reply = m_replies.at(row);
    m_editingId = reply.id;
    m_title->setText(reply.title);
    m_body->setPlainText(reply.body);
    m_shared->setChecked(reply.shared());
    // Who owns a reply never changes.
    m_shared->setEnabled(false);
    const bool writable = reply.shared() ? m_session->role() != UserRole::Agent : true;
    m_saveButton->setEnabled(writable);
    m_deleteButton->setEnabled(writable);
    m_status->clear();
}

void CannedRepliesDialog::startNew()
{
    m_editingId = 0;
    m_list->clearSelection();
    m_title->clear();
    m_body->clear();
    m_shared->setChecked(false);
    m_shared->setEnabled(true);
    m_saveButton->setEnabled(true);
    m_deleteButton->setEnabled(false);
    m_title->setFocus();
}

void CannedRepliesDialog::save()
{
    CannedReply reply;
    reply.id = m_editingId;
    reply.title = m_title->text();
    reply.body = m_body->toPlainText();
    reply.ownerUserId = m_shared->isChecked() ? 0 : m_session->userId();
    m_host->call<qint64>(
        this, [actor = m_session->actor(), reply](ServiceCore &core) { return core.saveCannedReply(actor, reply); },
        [this](const Result<qint64> &saved) {
            if (!saved) {
                showError(tr("The reply was not saved: %1"), saved.error());
                return;
            }
            m_editingId = *saved;
            m_status->setStyleSheet(QString());
            m_status->setText(tr("Saved."));
            load();
        });
}

void CannedRepliesDialog::remove()
{
    if (m_editingId == 0)
        return;
    const qint64 replyId = m_editingId;
    m_host->call<void>(
        this, [actor = m_session->actor(), replyId](ServiceCore &core) { return core.deleteCannedReply(actor, replyId); },
        [this](const Status &status) {
            if (!status.ok()) {
                showError(tr("The reply was not deleted: %1"), status.error());
                return;
            }
            startNew();
            load();
        });
}

void CannedRepliesDialog::showError(const QString &format, const Error &error)
{
    if (m_session->check(error))
        return;
    m_status->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_status->setText(format.arg(error.message));
}

} // namespace Prospecta
