// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/CannedReplyRepository.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Prospecta {

class ServiceHost;
class Session;

// Adds, edits and deletes canned replies: the user's own, and for managers and
// administrators the shared ones. Writes go through the ServiceHost.
class CannedRepliesDialog : public QDialog
{
    Q_OBJECT

public:
    CannedRepliesDialog(ServiceHost *host, Session *session, QWidget *parent = nullptr);

private:
    void load();
    void showSelected();
    void startNew();
    void save();
    void remove();
    void showError(const QString &format, const Error &error);

    ServiceHost *m_host;
    Session *m_session;
    QList<CannedReply> m_replies;
    qint64 m_editingId = 0;

    QListWidget *m_list = nullptr;
    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QCheckBox *m_shared = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Prospecta
