// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RecordListEditor.h"

#include "storage/CannedReplyRepository.h"

#include <QList>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

namespace Prospecta {

class ServiceHost;
class Session;

// Adds, edits and deletes canned replies: the user's own, and for managers and
// administrators the shared ones. Writes go through the ServiceHost.
class CannedRepliesDialog : public RecordListEditor
{
    Q_OBJECT

public:
    CannedRepliesDialog(ServiceHost *host, Session *session, QWidget *parent = nullptr);

private:
    void fetchRows(RowsDone done) override;
    bool fillForm(int row) override;
    void clearForm() override;
    void saveRecord(qint64 id, SaveDone done) override;
    void removeRecord(qint64 id, RemoveDone done) override;

    QList<CannedReply> m_replies;

    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QCheckBox *m_shared = nullptr;
};

} // namespace Prospecta
