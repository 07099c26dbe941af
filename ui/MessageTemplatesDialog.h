// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/MessageTemplateRepository.h"

#include <QDialog>
#include <QList>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Prospecta {

class ServiceHost;
class Session;

// Administrators enter the WhatsApp templates Meta approved: Gupshup's template id as the
// name, the language, and the body with numbered parameters {{1}}, {{2}}. Writes go
// through the ServiceHost, which accepts them from administrators only.
class MessageTemplatesDialog : public QDialog
{
    Q_OBJECT

public:
    MessageTemplatesDialog(ServiceHost *host, Session *session, QWidget *parent = nullptr);

private:
    void load();
    void showSelected();
    void startNew();
    void save();
    void remove();
    void showError(const QString &format, const Error &error);

    ServiceHost *m_host;
    Session *m_session;
    QList<MessageTemplate> m_templates;
    qint64 m_editingId = 0;

    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_language = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Prospecta
