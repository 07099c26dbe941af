// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageTemplatesDialog.h"

#include "Session.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>

namespace Prospecta {

MessageTemplatesDialog::MessageTemplatesDialog(ServiceHost *host, Session *session, QWidget *parent)
    : RecordListEditor(host, session, parent)
{
    setWindowTitle(tr("WhatsApp templates"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("templateName"));
    m_name->setPlaceholderText(tr("The template id Gupshup lists"));
    m_language = new QLineEdit(QStringLiteral("es"), this);
    m_language->setObjectName(QStringLiteral("templateLanguage"));
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("templateBody"));
    m_body->setPlaceholderText(tr("The approved text, with parameters {{1}}, {{2}}, …"));

    form()->addRow(tr("Name:", "a WhatsApp template's id"), m_name);
    form()->addRow(tr("Language:"), m_language);
    form()->addRow(tr("Text:"), m_body);

    finishSetup({.list = QStringLiteral("templateList"),
                 .newButton = QString(),
                 .saveButton = QStringLiteral("templateSave"),
                 .deleteButton = QStringLiteral("templateDelete"),
                 .status = QStringLiteral("templateStatus")},
                {.newButton = tr("New"),
                 .saveButton = tr("Save"),
                 .deleteButton = tr("Delete"),
                 .saved = tr("Saved."),
                 .loadFailed = tr("Could not load the templates: %1"),
                 .saveFailed = tr("The template was not saved: %1"),
                 .deleteFailed = tr("The template was not deleted: %1")});
}

void MessageTemplatesDialog::fetchRows(RowsDone done)
{
    host()->call<QList<MessageTemplate>>(
        this, [actor = session()->actor()](ServiceCore &core) { return core.messageTemplates(actor); },
        [this, done = std::move(done)](const Result<QList<MessageTemplate>> &templates) {
            if (!templates) {
                done(templates.error());
                return;
            }
            m_templates = *templates;
            QList<ListRow> rows;
            for (const MessageTemplate &messageTemplate : std::as_const(m_templates)) {
                rows.append({messageTemplate.id, tr("%1 (%2)", "template name (language)")
                                                     .arg(messageTemplate.name, messageTemplate.language)});
            }
            done(rows);
        });
}

bool MessageTemplatesDialog::fillForm(int row)
{
    const MessageTemplate &messageTemplate = m_templates.at(row);
    m_name->setText(messageTemplate.name);
    m_language->setText(messageTemplate.language);
    m_body->setPlainText(messageTemplate.body);
    // Every template is writable here, because only users who may manage templates open this
    // dialog. The service checks each write too.
    return true;
}

void MessageTemplatesDialog::clearForm()
{
    // The language keeps its value ("es" at first), so it is typed once for a series of
    // templates in one language.
    m_name->clear();
    m_body->clear();
    m_name->setFocus();
}

void MessageTemplatesDialog::saveRecord(qint64 id, SaveDone done)
{
    MessageTemplate messageTemplate;
    messageTemplate.id = id;
    messageTemplate.name = m_name->text();
    messageTemplate.language = m_language->text();
    messageTemplate.body = m_body->toPlainText();
    host()->call<qint64>(
        this,
        [actor = session()->actor(), messageTemplate](ServiceCore &core) {
            return core.saveMessageTemplate(actor, messageTemplate);
        },
        std::move(done));
}

void MessageTemplatesDialog::removeRecord(qint64 id, RemoveDone done)
{
    host()->call<void>(
        this, [actor = session()->actor(), id](ServiceCore &core) { return core.deleteMessageTemplate(actor, id); },
        std::move(done));
}

} // namespace Prospecta
