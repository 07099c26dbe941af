// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RecordListEditor.h"

#include "storage/MessageTemplateRepository.h"

#include <QList>

class QLineEdit;
class QPlainTextEdit;

namespace Prospecta {

class ServiceHost;
class Session;

// Administrators enter the WhatsApp templates Meta approved: Gupshup's template id as the
// name, the language, and the body with numbered parameters {{1}}, {{2}}. Writes go
// through the ServiceHost, which accepts them from administrators only.
class MessageTemplatesDialog : public RecordListEditor
{
    Q_OBJECT

public:
    MessageTemplatesDialog(ServiceHost *host, Session *session, QWidget *parent = nullptr);

private:
    void fetchRows(RowsDone done) override;
    bool fillForm(int row) override;
    void clearForm() override;
    void saveRecord(qint64 id, SaveDone done) override;
    void removeRecord(qint64 id, RemoveDone done) override;

    QList<MessageTemplate> m_templates;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_language = nullptr;
    QPlainTextEdit *m_body = nullptr;
};

} // namespace Prospecta
