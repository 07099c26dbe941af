// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ComposerTools.h"

#include "CannedRepliesDialog.h"
#include "FileDialogs.h"
#include "MessageTemplatesDialog.h"
#include "Session.h"
#include "core/Logging.h"
#include "operations/TemplateText.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLocale>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

const QString CannedRepliesTable = QStringLiteral("canned_replies");
const QString TemplatesTable = QStringLiteral("message_templates");
const QString UsersTable = QStringLiteral("users");
const QString SettingsTable = QStringLiteral("settings");

QKeySequence attachShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A);
}

} // namespace

ComposerTools::ComposerTools(ServiceHost *host, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
{
    buildLayout();
    if (m_host) {
        connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
            // Colleagues are read again when the menu opens, not at every change of a user:
            // a read as a user who was just deactivated would end the session at once,
            // rather than at the user's next action.
            if (table == UsersTable || table == QLatin1String("*"))
                m_assigneesStale = true;
            if (table == CannedRepliesTable || table == TemplatesTable || table == QLatin1String("*"))
                reload(table);
            if (table == SettingsTable || table == QLatin1String("*"))
                checkAttachmentsAvailable();
        });
        connect(m_assignMenu, &QMenu::aboutToShow, this, [this] {
            if (m_assigneesStale)
                reload(UsersTable);
        });
        reload(CannedRepliesTable);
        reload(TemplatesTable);
        reload(UsersTable);
        checkAttachmentsAvailable();
    }
    setConversation(LeadRow{}, Conversation{}, false);
}

void ComposerTools::buildLayout()
{
    m_assignMenu = new QMenu(this);
    m_assignMenu->setObjectName(QStringLiteral("assignMenu"));
    m_assignButton = new QToolButton(this);
    m_assignButton->setObjectName(QStringLiteral("assignButton"));
    m_assignButton->setText(tr("Assign to…", "give the lead to a colleague"));
    m_assignButton->setMenu(m_assignMenu);
    m_assignButton->setPopupMode(QToolButton::InstantPopup);

    m_closeButton = new QPushButton(tr("Close conversation"), this);
    m_closeButton->setObjectName(QStringLiteral("closeConversationButton"));
    connect(m_closeButton, &QPushButton::clicked, this, &ComposerTools::closeConversation);

    m_cannedMenu = new QMenu(this);
    m_cannedMenu->setObjectName(QStringLiteral("cannedMenu"));
    m_cannedButton = new QToolButton(this);
    m_cannedButton->setObjectName(QStringLiteral("cannedButton"));
    m_cannedButton->setText(tr("Canned replies"));
    m_cannedButton->setToolTip(tr("Insert a saved reply (%1)", "%1 is a keyboard shortcut")
                                   .arg(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R).toString(QKeySequence::NativeText)));
    m_cannedButton->setMenu(m_cannedMenu);
    m_cannedButton->setPopupMode(QToolButton::InstantPopup);

    auto *toolRow = new QHBoxLayout;
    toolRow->setContentsMargins(0, 0, 0, 0);
    m_attachButton = new QToolButton(this);
    m_attachButton->setObjectName(QStringLiteral("attachButton"));
    m_attachButton->setText(tr("Attach…", "attach a file to the message"));
    m_attachButton->setShortcut(attachShortcut());
    connect(m_attachButton, &QToolButton::clicked, this, &ComposerTools::chooseAttachment);

    toolRow->addWidget(m_cannedButton);
    toolRow->addWidget(m_attachButton);
    toolRow->addStretch(1);
    toolRow->addWidget(m_assignButton);
    toolRow->addWidget(m_closeButton);

    m_templatePanel = new QWidget(this);
    m_templatePanel->setObjectName(QStringLiteral("templatePanel"));
    m_templateBox = new QComboBox(m_templatePanel);
    m_templateBox->setObjectName(QStringLiteral("templateBox"));
    connect(m_templateBox, &QComboBox::currentIndexChanged, this, &ComposerTools::showTemplate);
    m_parameterForm = new QFormLayout;
    m_templatePreview = new QLabel(m_templatePanel);
    m_templatePreview->setObjectName(QStringLiteral("templatePreview"));
    m_templatePreview->setTextFormat(Qt::PlainText);
    m_templatePreview->setWordWrap(true);
    m_templatePreview->setMargin(6);
    m_templatePreview->setStyleSheet(QStringLiteral("QLabel { background-color: #d9fdd3; color: #111b21; }"));
    m_sendTemplateButton = new QPushButton(tr("Send template"), m_templatePanel);
    m_sendTemplateButton->setObjectName(QStringLiteral("sendTemplateButton"));
    connect(m_sendTemplateButton, &QPushButton::clicked, this, &ComposerTools::sendTemplate);
    m_manageTemplatesButton = new QPushButton(tr("Manage templates…"), m_templatePanel);
    m_manageTemplatesButton->setObjectName(QStringLiteral("manageTemplatesButton"));
    connect(m_manageTemplatesButton, &QPushButton::clicked, this, &ComposerTools::manageTemplates);

    auto *templateRow = new QHBoxLayout;
    templateRow->addWidget(new QLabel(tr("Template:"), m_templatePanel));
    templateRow->addWidget(m_templateBox, 1);
    templateRow->addWidget(m_manageTemplatesButton);
    auto *sendRow = new QHBoxLayout;
    sendRow->addStretch(1);
    sendRow->addWidget(m_sendTemplateButton);
    auto *panelLayout = new QVBoxLayout(m_templatePanel);
    panelLayout->setContentsMargins(0, 0, 0, 0);
    panelLayout->addLayout(templateRow);
    panelLayout->addLayout(m_parameterForm);
    panelLayout->addWidget(m_templatePreview);
    panelLayout->addLayout(sendRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(toolRow);
    layout->addWidget(m_templatePanel);

    // The chip sits last, right above the composer whose text becomes the caption.
    m_attachmentChip = new QWidget(this);
    m_attachmentChip->setObjectName(QStringLiteral("attachmentChip"));
    m_attachmentLabel = new QLabel(m_attachmentChip);
    m_attachmentLabel->setObjectName(QStringLiteral("attachmentName"));
    m_attachmentLabel->setTextFormat(Qt::PlainText);
    m_attachmentLabel->setMargin(4);
    m_attachmentLabel->setStyleSheet(
        QStringLiteral("QLabel { background-color: #e7f0fd; color: #111b21; border: 1px solid #b6cff5; border-radius: 4px; }"));
    m_removeAttachmentButton = new QToolButton(m_attachmentChip);
    m_removeAttachmentButton->setObjectName(QStringLiteral("removeAttachmentButton"));
    m_removeAttachmentButton->setText(QStringLiteral("\u00D7"));
    m_removeAttachmentButton->setToolTip(tr("Remove the attachment"));
    m_removeAttachmentButton->setAccessibleName(tr("Remove the attachment"));
    connect(m_removeAttachmentButton, &QToolButton::clicked, this, &ComposerTools::clearAttachment);
    auto *chipLayout = new QHBoxLayout(m_attachmentChip);
    chipLayout->setContentsMargins(0, 0, 0, 0);
    chipLayout->addWidget(m_attachmentLabel);
    chipLayout->addWidget(m_removeAttachmentButton);
    chipLayout->addStretch(1);
    m_attachmentChip->hide();
    layout->addWidget(m_attachmentChip);
}

void ComposerTools::reload(const QString &table)
{
    const Actor actor = m_session->actor();
    const bool everything = table == QLatin1String("*");
    if (everything || table == UsersTable) {
        m_assigneesStale = false;
        m_host->call<QList<User>>(
            this, [actor](ServiceCore &core) { return core.assignees(actor); },
            [this](const Result<QList<User>> &users) {
                if (!users) {
                    reportFailure(tr("Could not load the colleagues to assign to: %1"), users.error());
                    return;
                }
                m_assignees = *users;
                rebuildAssignMenu();
            });
    }
    if (everything || table == CannedRepliesTable) {
        m_host->call<QList<CannedReply>>(
            this, [actor](ServiceCore &core) { return core.cannedReplies(actor); },
            [this](const Result<QList<CannedReply>> &replies) {
                if (!replies) {
                    reportFailure(tr("Could not load the canned replies: %1"), replies.error());
                    return;
                }
                m_cannedReplies = *replies;
                rebuildCannedMenu();
            });
    }
    if (everything || table == TemplatesTable) {
        m_host->call<QList<MessageTemplate>>(
            this, [actor](ServiceCore &core) { return core.messageTemplates(actor); },
            [this](const Result<QList<MessageTemplate>> &templates) {
                if (!templates) {
                    reportFailure(tr("Could not load the templates: %1"), templates.error());
                    return;
                }
                m_templates = *templates;
                rebuildTemplateBox();
            });
    }
}

void ComposerTools::setConversation(const LeadRow &lead, const Conversation &conversation, bool outsideWindow)
{
    const bool sameConversation = conversation.id == m_conversation.id;
    m_lead = lead;
    m_conversation = conversation;
    m_outsideWindow = outsideWindow;

    const bool hasConversation = conversation.id != 0;
    m_assignButton->setEnabled(lead.lead.id != 0 && !m_writing);
    m_closeButton->setEnabled(hasConversation && !m_writing && conversation.status == ConversationStatus::Active);
    m_closeButton->setToolTip(conversation.status == ConversationStatus::Closed
                                  ? tr("Closed. The conversation opens again when the lead writes or you write to the lead.")
                                  : QString());
    m_cannedButton->setEnabled(hasConversation && !outsideWindow);
    m_templatePanel->setVisible(hasConversation && outsideWindow);
    m_manageTemplatesButton->setVisible(m_session->allows(Permission::ManageIntegrations));
    rebuildAssignMenu();
    if (!sameConversation) {
        for (QLineEdit *edit : std::as_const(m_parameterEdits))
            edit->clear();
    }
    // The caller is updating its own controls, so the attachment goes without a signal.
    if (!sameConversation || outsideWindow) {
        m_attachmentPath.clear();
        m_attachment = Attachment{};
    }
    updateAttachmentControls();
    updatePreview();
}

void ComposerTools::popupCannedReplies()
{
    if (m_cannedButton->isEnabled())
        m_cannedButton->showMenu();
}

void ComposerTools::rebuildAssignMenu()
{
    m_assignMenu->clear();
    for (const User &user : std::as_const(m_assignees)) {
        QAction *action = m_assignMenu->addAction(user.id == m_session->userId() ? tr("%1 (me)").arg(user.name) : user.name);
        action->setCheckable(true);
        action->setChecked(user.id == m_lead.lead.assignedUserId);
        action->setData(user.id);
        connect(action, &QAction::triggered, this, [this, userId = user.id] { assignTo(userId); });
    }
    if (m_session->allows(Permission::AssignLeads)) {
        m_assignMenu->addSeparator();
        QAction *nobody = m_assignMenu->addAction(tr("Unassigned", "the lead has no owner"));
        nobody->setCheckable(true);
        nobody->setChecked(m_lead.lead.assignedUserId == 0);
        nobody->setData(qint64(0));
        connect(nobody, &QAction::triggered, this, [this] { assignTo(0); });
    }
}

void ComposerTools::rebuildCannedMenu()
{
    m_cannedMenu->clear();
    for (const CannedReply &reply : std::as_const(m_cannedReplies)) {
        QAction *action = m_cannedMenu->addAction(reply.shared() ? tr("%1 (shared)", "a canned reply every user sees")
                                                                         .arg(reply.title)
                                                                   : reply.title);
        action->setData(reply.id);
        action->setToolTip(reply.body);
        connect(action, &QAction::triggered, this, [this, replyId = reply.id] { insertCannedReply(replyId); });
    }
    if (m_cannedReplies.isEmpty())
        m_cannedMenu->addAction(tr("No canned replies yet"))->setEnabled(false);
    m_cannedMenu->addSeparator();
    QAction *manage = m_cannedMenu->addAction(tr("Manage canned replies…"));
    manage->setObjectName(QStringLiteral("manageCannedReplies"));
    connect(manage, &QAction::triggered, this, &ComposerTools::manageCannedReplies);
}

void ComposerTools::rebuildTemplateBox()
{
    const qint64 selected = m_templateBox->currentData().toLongLong();
    const QSignalBlocker blocker(m_templateBox);
    m_templateBox->clear();
    for (const MessageTemplate &messageTemplate : std::as_const(m_templates))
        m_templateBox->addItem(tr("%1 (%2)", "template name (language)").arg(messageTemplate.name, messageTemplate.language),
                               messageTemplate.id);
    const int index = m_templateBox->findData(selected);
    m_templateBox->setCurrentIndex(index >= 0 ? index : (m_templates.isEmpty() ? -1 : 0));
    showTemplate();
}

void ComposerTools::showTemplate()
{
    // One line edit per numbered parameter of the chosen template.
    while (m_parameterForm->rowCount() > 0)
        m_parameterForm->removeRow(0);
    m_parameterEdits.clear();

    const int index = m_templateBox->currentIndex();
    const int count = index >= 0 && index < m_templates.size() ? TemplateText::parameterCount(m_templates.at(index).body) : 0;
    for (int number = 1; number <= count; ++number) {
        auto *edit = new QLineEdit(m_templatePanel);
        edit->setObjectName(QStringLiteral("templateParameter%1").arg(number));
        connect(edit, &QLineEdit::textChanged, this, &ComposerTools::updatePreview);
        m_parameterForm->addRow(tr("{{%1}}", "a numbered template parameter").arg(number), edit);
        m_parameterEdits << edit;
    }
    updatePreview();
}

void ComposerTools::updatePreview()
{
    const int index = m_templateBox->currentIndex();
    if (index < 0 || index >= m_templates.size()) {
        m_templatePreview->setText(m_session->allows(Permission::ManageIntegrations)
                                       ? tr("No approved templates yet: add the ones Meta approved.")
                                       : tr("No approved templates yet: ask an administrator to add them."));
        m_sendTemplateButton->setEnabled(false);
        return;
    }
    QStringList values;
    bool complete = true;
    for (const QLineEdit *edit : std::as_const(m_parameterEdits)) {
        values << edit->text();
        complete = complete && !edit->text().trimmed().isEmpty();
    }
    m_templatePreview->setText(TemplateText::preview(m_templates.at(index).body, values));
    m_sendTemplateButton->setEnabled(complete && !m_writing && m_conversation.id != 0);
}

void ComposerTools::assignTo(qint64 userId)
{
    if (!m_host || m_lead.lead.id == 0 || m_writing)
        return;
    m_writing = true;
    const qint64 leadId = m_lead.lead.id;
    m_host->call<void>(
        this, [actor = m_session->actor(), leadId, userId](ServiceCore &core) { return core.assignLead(actor, leadId, userId); },
        [this, leadId, userId](const Status &status) {
            m_writing = false;
            if (!status.ok()) {
                reportFailure(tr("The lead was not assigned: %1"), status.error());
            } else {
                if (m_lead.lead.id == leadId)
                    m_lead.lead.assignedUserId = userId;
                emit statusChanged(QString(), false);
                emit conversationChanged();
            }
            setConversation(m_lead, m_conversation, m_outsideWindow);
        });
}

void ComposerTools::closeConversation()
{
    if (!m_host || m_conversation.id == 0 || m_writing)
        return;
    m_writing = true;
    setConversation(m_lead, m_conversation, m_outsideWindow);
    const qint64 conversationId = m_conversation.id;
    m_host->call<void>(
        this,
        [actor = m_session->actor(), conversationId](ServiceCore &core) {
            return core.closeConversation(actor, conversationId);
        },
        [this, conversationId](const Status &status) {
            m_writing = false;
            if (!status.ok()) {
                reportFailure(tr("The conversation was not closed: %1"), status.error());
            } else {
                if (m_conversation.id == conversationId)
                    m_conversation.status = ConversationStatus::Closed;
                emit statusChanged(tr("Conversation closed. It opens again when the lead writes."), false);
                emit conversationChanged();
            }
            setConversation(m_lead, m_conversation, m_outsideWindow);
        });
}

void ComposerTools::insertCannedReply(qint64 replyId)
{
    for (const CannedReply &reply : std::as_const(m_cannedReplies)) {
        if (reply.id == replyId) {
            emit insertRequested(TemplateText::cannedReply(reply.body, m_lead.lead.name));
            return;
        }
    }
}

void ComposerTools::sendTemplate()
{
    const int index = m_templateBox->currentIndex();
    if (!m_host || m_conversation.id == 0 || m_writing || index < 0 || index >= m_templates.size())
        return;
    QStringList values;
    for (const QLineEdit *edit : std::as_const(m_parameterEdits))
        values << edit->text();
    m_writing = true;
    updatePreview();
    emit statusChanged(tr("Sending…"), false);

    const qint64 conversationId = m_conversation.id;
    const qint64 templateId = m_templates.at(index).id;
    m_host->call<void>(
        this,
        [actor = m_session->actor(), conversationId, templateId, values](ServiceCore &core) {
            return core.sendTemplate(actor, conversationId, templateId, values);
        },
        [this](const Status &status) {
            m_writing = false;
            if (!status.ok()) {
                reportFailure(tr("The template was not sent: %1"), status.error());
            } else {
                for (QLineEdit *edit : std::as_const(m_parameterEdits))
                    edit->clear();
                emit statusChanged(QString(), false);
                emit conversationChanged();
            }
            updatePreview();
        });
}

void ComposerTools::manageCannedReplies()
{
    CannedRepliesDialog dialog(m_host, m_session, window());
    dialog.exec();
}

void ComposerTools::manageTemplates()
{
    MessageTemplatesDialog dialog(m_host, m_session, window());
    dialog.exec();
}

void ComposerTools::checkAttachmentsAvailable()
{
    m_host->call<void>(
        this, [](ServiceCore &core) { return core.attachmentsAvailable(); },
        [this](const Status &available) {
            m_attachmentsChecked = true;
            m_attachmentsProblem = available.ok() ? QString() : available.error().message;
            updateAttachmentControls();
        });
}

void ComposerTools::updateAttachmentControls()
{
    const bool hasConversation = m_conversation.id != 0;
    QString reason;
    if (!m_attachmentsChecked)
        reason = tr("Checking whether attachments can be sent…");
    else if (!m_attachmentsProblem.isEmpty())
        reason = m_attachmentsProblem;
    else if (hasConversation && m_outsideWindow)
        reason = tr("More than 24 hours have passed since the lead last wrote: WhatsApp accepts only templates.");
    const bool enabled = hasConversation && reason.isEmpty() && !m_inspectingAttachment;
    m_attachButton->setEnabled(enabled);
    m_attachButton->setToolTip(
        !reason.isEmpty() ? reason
                          : tr("Attach an image or a document (%1)", "%1 is a keyboard shortcut")
                                .arg(attachShortcut().toString(QKeySequence::NativeText)));

    m_attachmentChip->setVisible(hasAttachment());
    if (hasAttachment())
        m_attachmentLabel->setText(tr("%1 (%2)", "attached file: name (size)")
                                       .arg(m_attachment.fileName,
                                            QLocale().formattedDataSize(m_attachment.sizeBytes, 1,
                                                                        QLocale::DataSizeSIFormat)));
}

void ComposerTools::chooseAttachment()
{
    if (!m_host || m_conversation.id == 0 || !m_attachButton->isEnabled())
        return;
    QStringList patterns;
    for (const QString &suffix : AttachmentRules::acceptedSuffixes())
        patterns << QStringLiteral("*.") + suffix;
    // "All files" lets a person pick anything and learn from the check what is accepted.
    const QString filter = tr("Images and documents (%1)").arg(patterns.join(QLatin1Char(' '))) + QStringLiteral(";;")
        + tr("All files (*)");
    const QString path =
        FileDialogs::openFileName(window(), tr("Attach an image or a document"), m_attachmentFolder, filter);
    if (path.isEmpty())
        return;
    m_attachmentFolder = QFileInfo(path).absolutePath();

    m_inspectingAttachment = true;
    updateAttachmentControls();
    emit statusChanged(tr("Checking %1…").arg(QFileInfo(path).fileName()), false);
    const qint64 conversationId = m_conversation.id;
    m_host->call<Attachment>(
        this, [path](ServiceCore &core) { return core.inspectAttachment(path); },
        [this, path, conversationId](const Result<Attachment> &checked) {
            m_inspectingAttachment = false;
            if (m_conversation.id != conversationId) {
                updateAttachmentControls();
                return;
            }
            if (!checked) {
                updateAttachmentControls();
                reportFailure(tr("The file was not attached: %1"), checked.error());
                return;
            }
            m_attachmentPath = path;
            m_attachment = *checked;
            updateAttachmentControls();
            emit statusChanged(QString(), false);
            emit attachmentChanged();
        });
}

void ComposerTools::clearAttachment()
{
    if (m_attachmentPath.isEmpty())
        return;
    m_attachmentPath.clear();
    m_attachment = Attachment{};
    updateAttachmentControls();
    emit attachmentChanged();
}

void ComposerTools::reportFailure(const QString &format, const Error &error)
{
    if (m_session->check(error))
        return;
    qCWarning(lcUi).noquote() << format.arg(error.message);
    emit statusChanged(format.arg(error.message), true);
}

} // namespace Prospecta
