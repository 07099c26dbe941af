// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageTemplatesDialog.h"

#include "Session.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

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

MessageTemplatesDialog::MessageTemplatesDialog(ServiceHost *host, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_session(session)
{
    setWindowTitle(tr("WhatsApp templates"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("templateList"));
    connect(m_list, &QListWidget::currentRowChanged, this, &MessageTemplatesDialog::showSelected);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("templateName"));
    m_name->setPlaceholderText(tr("The template id Gupshup lists"));
    m_language = new QLineEdit(QStringLiteral("es"), this);
    m_language->setObjectName(QStringLiteral("templateLanguage"));
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("templateBody"));
    m_body->setPlaceholderText(tr("The approved text, with parameters {{1}}, {{2}}, …"));

    auto *newButton = new QPushButton(tr("New"), this);
    connect(newButton, &QPushButton::clicked, this, &MessageTemplatesDialog::startNew);
    m_saveButton = new QPushButton(tr("Save"), this);
    m_saveButton->setObjectName(QStringLiteral("templateSave"));
    connect(m_saveButton, &QPushButton::clicked, this, &MessageTemplatesDialog::save);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_deleteButton->setObjectName(QStringLiteral("templateDelete"));
    connect(m_deleteButton, &QPushButton::clicked, this, &MessageTemplatesDialog::remove);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("templateStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("Name:", "a WhatsApp template's id"), m_name);
    form->addRow(tr("Language:"), m_language);
    form->addRow(tr("Text:"), m_body);
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

void MessageTemplatesDialog::load()
{
    m_host->call<QList<MessageTemplate>>(
        this, [actor = m_session->actor()](ServiceCore &core) { return core.messageTemplates(actor); },
        [this](const Result<QList<MessageTemplate>> &templates) {
            if (!templates) {
                showError(tr("Could not load the templates: %1"), templates.error());
                return;
            }
            m_templates = *templates;
            const QSignalBlocker blocker(m_list);
            m_list->clear();
            int selectedRow = -1;
            for (const MessageTemplate &messageTemplate : std::as_const(m_templates)) {
                if (messageTemplate.id == m_editingId)
                    selectedRow = m_list->count();
                m_list->addItem(tr("%1 (%2)", "template name (language)").arg(messageTemplate.name, messageTemplate.language));
            }
            m_list->setCurrentRow(selectedRow);
        });
}

void MessageTemplatesDialog::showSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_templates.size())
        return;
    const MessageTemplate &messageTemplate = m_templates.at(row);
    m_editingId = messageTemplate.id;
    m_name->setText(messageTemplate.name);
    m_language->setText(messageTemplate.language);
    m_body->setPlainText(messageTemplate.body);
    m_deleteButton->setEnabled(true);
    m_status->clear();
}

void MessageTemplatesDialog::startNew()
{
    m_editingId = 0;
    m_list->clearSelection();
    m_name->clear();
    m_body->clear();
    m_deleteButton->setEnabled(false);
    m_name->setFocus();
}

void MessageTemplatesDialog::save()
{
    MessageTemplate messageTemplate;
    messageTemplate.id = m_editingId;
    messageTemplate.name = m_name->text();
    messageTemplate.language = m_language->text();
    messageTemplate.body = m_body->toPlainText();
    m_host->call<qint64>(
        this,
        [actor = m_session->actor(), messageTemplate](ServiceCore &core) {
            return core.saveMessageTemplate(actor, messageTemplate);
        },
        [this](const Result<qint64> &saved) {
            if (!saved) {
                showError(tr("The template was not saved: %1"), saved.error());
                return;
            }
            m_editingId = *saved;
            m_status->setStyleSheet(QString());
            m_status->setText(tr("Saved."));
            load();
        });
}

void MessageTemplatesDialog::remove()
{
    if (m_editingId == 0)
        return;
    const qint64 templateId = m_editingId;
    m_host->call<void>(
        this,
        [actor = m_session->actor(), templateId](ServiceCore &core) {
            return core.deleteMessageTemplate(actor, templateId);
        },
        [this](const Status &status) {
            if (!status.ok()) {
                showError(tr("The template was not deleted: %1"), status.error());
                return;
            }
            startNew();
            load();
        });
}

void MessageTemplatesDialog::showError(const QString &format, const Error &error)
{
    if (m_session->check(error))
        return;
    m_status->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_status->setText(format.arg(error.message));
}

} // namespace Prospecta
