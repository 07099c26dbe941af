// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CannedRepliesDialog.h"

#include "Session.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace Prospecta {

CannedRepliesDialog::CannedRepliesDialog(ServiceHost *host, Session *session, QWidget *parent)
    : RecordListEditor(host, session, parent)
{
    setWindowTitle(tr("Canned replies"));

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("cannedTitle"));
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("cannedBody"));
    m_body->setPlaceholderText(tr("Hello {name}, …", "{name} stays as is: it becomes the lead's first name"));
    m_shared = new QCheckBox(tr("Shared with every user"), this);
    m_shared->setObjectName(QStringLiteral("cannedShared"));
    // Only managers and administrators write shared replies; the service checks it too.
    m_shared->setVisible(session->role() != UserRole::Agent);

    form()->addRow(tr("Title:"), m_title);
    form()->addRow(tr("Text:"), m_body);
    form()->addRow(QString(), m_shared);

    finishSetup({.list = QStringLiteral("cannedList"),
                 .newButton = QStringLiteral("cannedNew"),
                 .saveButton = QStringLiteral("cannedSave"),
                 .deleteButton = QStringLiteral("cannedDelete"),
                 .status = QStringLiteral("cannedStatus")},
                {.newButton = tr("New"),
                 .saveButton = tr("Save"),
                 .deleteButton = tr("Delete"),
                 .saved = tr("Saved."),
                 .loadFailed = tr("Could not load the canned replies: %1"),
                 .saveFailed = tr("The reply was not saved: %1"),
                 .deleteFailed = tr("The reply was not deleted: %1")});
}

void CannedRepliesDialog::fetchRows(RowsDone done)
{
    host()->call<QList<CannedReply>>(
        this, [actor = session()->actor()](ServiceCore &core) { return core.cannedReplies(actor); },
        [this, done = std::move(done)](const Result<QList<CannedReply>> &replies) {
            if (!replies) {
                done(replies.error());
                return;
            }
            m_replies = *replies;
            QList<ListRow> rows;
            for (const CannedReply &reply : std::as_const(m_replies)) {
                rows.append({reply.id, reply.shared() ? tr("%1 (shared)", "a canned reply every user sees").arg(reply.title)
                                                      : reply.title});
            }
            done(rows);
        });
}

bool CannedRepliesDialog::fillForm(int row)
{
    const CannedReply &reply = m_replies.at(row);
    m_title->setText(reply.title);
    m_body->setPlainText(reply.body);
    m_shared->setChecked(reply.shared());
    // Who owns a reply never changes.
    m_shared->setEnabled(false);
    return reply.shared() ? session()->role() != UserRole::Agent : true;
}

void CannedRepliesDialog::clearForm()
{
    m_title->clear();
    m_body->clear();
    m_shared->setChecked(false);
    m_shared->setEnabled(true);
    m_title->setFocus();
}

void CannedRepliesDialog::saveRecord(qint64 id, SaveDone done)
{
    CannedReply reply;
    reply.id = id;
    reply.title = m_title->text();
    reply.body = m_body->toPlainText();
    reply.ownerUserId = m_shared->isChecked() ? 0 : session()->userId();
    host()->call<qint64>(
        this, [actor = session()->actor(), reply](ServiceCore &core) { return core.saveCannedReply(actor, reply); },
        std::move(done));
}

void CannedRepliesDialog::removeRecord(qint64 id, RemoveDone done)
{
    host()->call<void>(
        this, [actor = session()->actor(), id](ServiceCore &core) { return core.deleteCannedReply(actor, id); },
        std::move(done));
}

} // namespace Prospecta
