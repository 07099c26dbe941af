// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Entities.h"
#include "operations/AttachmentRules.h"
#include "runtime/SnapshotReader.h"
#include "storage/CannedReplyRepository.h"
#include "storage/MessageTemplateRepository.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QToolButton;

namespace Prospecta {

class ServiceHost;
class Session;

// The chat composer's tools beside free text: assign the lead to a colleague, close the
// conversation, insert a canned reply, attach an image or a document, and, outside the
// 24-hour window, send an approved template with a field per parameter and a preview.
// Lists come from the service and are read again when another desktop or dialog changes
// them. Every write goes through the ServiceHost, which checks and audits it.
class ComposerTools : public QWidget
{
    Q_OBJECT

public:
    ComposerTools(ServiceHost *host, Session *session, QWidget *parent = nullptr);

    // The lead and conversation the tools act on. `outsideWindow` shows the template panel.
    void setConversation(const LeadRow &lead, const Conversation &conversation, bool outsideWindow);

    // Opens the canned replies menu under its button (the composer's Ctrl+Shift+R).
    void popupCannedReplies();

    // The file attached to the next message, shown as a removable chip above the
    // composer, whose text becomes its caption. It is dropped when another conversation
    // is shown or the 24-hour window closes.
    bool hasAttachment() const { return !m_attachmentPath.isEmpty(); }
    QString attachmentPath() const { return m_attachmentPath; }
    // Opens the file dialog and has the service check the chosen file (Attach…, Ctrl+Shift+A).
    void chooseAttachment();
    void clearAttachment();

    QMenu *assignMenu() const { return m_assignMenu; }
    QMenu *cannedMenu() const { return m_cannedMenu; }
    const QList<CannedReply> &cannedReplies() const { return m_cannedReplies; }
    const QList<MessageTemplate> &templates() const { return m_templates; }

signals:
    // A canned reply chose this text, {name} already replaced.
    void insertRequested(const QString &text);
    // A result for the status line under the composer; an empty text clears it.
    void statusChanged(const QString &text, bool error);
    // A write succeeded: the chat should show the conversation again.
    void conversationChanged();
    // A file was attached or the attachment removed.
    void attachmentChanged();

private:
    void buildLayout();
    void reload(const QString &table);
    void rebuildAssignMenu();
    void rebuildCannedMenu();
    void rebuildTemplateBox();
    void assignTo(qint64 userId);
    void closeConversation();
    void insertCannedReply(qint64 replyId);
    void showTemplate();
    void updatePreview();
    void sendTemplate();
    void manageCannedReplies();
    void manageTemplates();
    // Asks the service whether server.publicUrl lets attachments out.
    void checkAttachmentsAvailable();
    void updateAttachmentControls();
    // Shows a refused write, unless the refusal ended the session.
    void reportFailure(const QString &format, const Error &error);

    ServiceHost *m_host;
    Session *m_session;
    LeadRow m_lead;
    Conversation m_conversation;
    bool m_outsideWindow = false;
    bool m_writing = false;
    bool m_assigneesStale = false; // users changed since the assign menu was filled
    QList<User> m_assignees;
    QList<CannedReply> m_cannedReplies;
    QList<MessageTemplate> m_templates;
    QString m_attachmentPath;           // empty: nothing attached
    Attachment m_attachment;            // its check, without the bytes
    bool m_inspectingAttachment = false;
    bool m_attachmentsChecked = false;  // checkAttachmentsAvailable() has a result
    QString m_attachmentsProblem;       // why attachments cannot be sent; empty when they can
    QString m_attachmentFolder;         // where the file dialog opens

    QToolButton *m_assignButton = nullptr;
    QMenu *m_assignMenu = nullptr;
    QPushButton *m_closeButton = nullptr;
    QToolButton *m_cannedButton = nullptr;
    QMenu *m_cannedMenu = nullptr;
    QWidget *m_templatePanel = nullptr;
    QComboBox *m_templateBox = nullptr;
    QFormLayout *m_parameterForm = nullptr;
    QList<QLineEdit *> m_parameterEdits;
    QLabel *m_templatePreview = nullptr;
    QPushButton *m_sendTemplateButton = nullptr;
    QPushButton *m_manageTemplatesButton = nullptr;
    QToolButton *m_attachButton = nullptr;
    QWidget *m_attachmentChip = nullptr;
    QLabel *m_attachmentLabel = nullptr;
    QToolButton *m_removeAttachmentButton = nullptr;
};

} // namespace Prospecta
