// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QSystemTrayIcon;
class QTableView;
class QTabWidget;

namespace Prospecta {

class ChatView;
enum class Permission;
class AlertsBanner;
class AuditLogDialog;
class ImportLeadsDialog;
class LeadFileDialog;
class LeadFilterBar;
class InboxView;
struct LeadRow;
struct UnreadConversation;
class WebhooksDialog;
class LeadsModel;
class PipelineBoard;
class ServiceHost;
class Session;
class SnapshotReader;
class UsersDialog;

// The main window of one logged-in user: the leads table beside the selected lead's chat,
// the global switch that pauses every AI agent, the webhook server's address and who is
// logged in. Controls the user's role does not allow are disabled or left out; the core
// checks the role anyway. While the server runs, closing the window hides it to the
// system tray (or, with no tray, asks whether to quit), because the server stops with the
// process.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `session` must outlive the window.
    MainWindow(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Emits quitRequested(), after the user confirms when the server runs. Returns
    // whether it was emitted.
    bool requestQuit();

    // Shows the stored AI switch. The window follows ServiceHost::aiEnabledChanged after
    // construction; the owner passes the value stored before that.
    void showAiEnabled(bool enabled);

    LeadsModel *leadsModel() const { return m_leadsModel; }
    // The inbox tab ("Chats") beside the leads tab.
    InboxView *inboxView() const { return m_inboxView; }
    QTabWidget *leftTabs() const { return m_leftTabs; }
    // Shows the inbox tab and opens lead `leadId`'s conversation in the chat pane.
    void openLeadChat(qint64 leadId);
    // Opens the chat of the latest notification, as clicking the tray message does.
    void openNotifiedChat();
    ChatView *chatView() const { return m_chatView; }
    QTableView *leadsView() const { return m_leadsView; }
    // The search box and the stage, campaign and owner filters above the leads table.
    LeadFilterBar *leadFilterBar() const { return m_leadFilterBar; }
    QLineEdit *searchEdit() const;
    // Administrators only; nullptr for other roles.
    AlertsBanner *alertsBanner() const { return m_alertsBanner; }
    QAction *pauseAiAction() const { return m_pauseAiAction; }
    QAction *logoutAction() const { return m_logoutAction; }
    // File menu actions. Every role may import leads. Export needs Permission::Export and
    // is disabled without it.
    QAction *importLeadsAction() const { return m_importLeadsAction; }
    QAction *exportLeadsAction() const { return m_exportLeadsAction; }
    // Null for roles that may neither manage users nor read the audit log.
    QMenu *administrationMenu() const { return m_administrationMenu; }
    Session *session() const { return m_session; }

    // Open the administration dialogs (one of each at a time); null when the role may
    // not use them.
    UsersDialog *showUsers();
    AuditLogDialog *showAuditLog();
    // Administrators: the webhook URLs and when each provider last called.
    WebhooksDialog *showWebhooks();
    // The lead import dialog (one at a time).
    ImportLeadsDialog *showImportLeads();
    // Asks for a file name and exports the leads that the leads table lists, with its
    // search, filters and order, using the separator of the desktop's locale. Does nothing
    // without Permission::Export.
    void exportLeads();

    // The lead file of lead `leadId` in a window of its own, one window per lead.
    LeadFileDialog *showLeadFile(qint64 leadId);
    // File > Open lead file (Ctrl+L): the lead selected in the leads table, else the lead
    // whose chat is shown. Double-click or Enter on a row of the table does the same.
    QAction *openLeadFileAction() const { return m_openLeadFileAction; }
    // Shows `row`'s chat in the chat pane and brings the window up (the lead file's
    // WhatsApp button).
    void showLeadChat(const LeadRow &row);

    // The sales pipeline board in a window of its own (one at a time).
    PipelineBoard *showPipeline();
    QAction *pipelineAction() const { return m_pipelineAction; }

    // Saves the window layout; called before the window is closed for a logout.
    void saveLayout();

signals:
    // The user chose to quit the application (the owner of the event loop ends it).
    void quitRequested();
    // A lead wrote while the window was not active. Emitted for every new-message
    // notification, also when there is no system tray to show it in.
    void leadMessageNotified(qint64 leadId, const QString &title, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    template<typename Dialog>
    Dialog *showDialog(QPointer<Dialog> &dialog, Permission permission);
    void createActions();
    void createTrayIcon();
    void showFromTray();
    bool serverRunning() const;
    bool confirmQuit();
    void pauseAiTriggered(bool paused);
    void selectionChanged();
    void openFromInbox(const LeadRow &row);
    void notifyLeadMessages(const QList<UnreadConversation> &conversations);
    void showUnreadTotal(int total);
    void leadsRefreshed();
    void restoreLayout();
    void createAdministrationMenu();
    void createLeadFileActions();

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    LeadsModel *m_leadsModel = nullptr;
    QTableView *m_leadsView = nullptr;
    LeadFilterBar *m_leadFilterBar = nullptr;
    ChatView *m_chatView = nullptr;
    InboxView *m_inboxView = nullptr;
    QTabWidget *m_leftTabs = nullptr;
    qint64 m_notifiedLeadId = 0;
    QString m_notifiedLeadName;
    QString m_notifiedLeadPhone;
    QSplitter *m_splitter = nullptr;
    QAction *m_pauseAiAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_logoutAction = nullptr;
    QAction *m_pipelineAction = nullptr;
    QPointer<PipelineBoard> m_pipelineBoard;
    QAction *m_openLeadFileAction = nullptr;
    QHash<qint64, QPointer<LeadFileDialog>> m_leadFiles;
    QAction *m_importLeadsAction = nullptr;
    QAction *m_exportLeadsAction = nullptr;
    QPointer<ImportLeadsDialog> m_importLeadsDialog;
    QMenu *m_administrationMenu = nullptr;
    QPointer<UsersDialog> m_usersDialog;
    QPointer<AuditLogDialog> m_auditLogDialog;
    QPointer<WebhooksDialog> m_webhooksDialog;
    AlertsBanner *m_alertsBanner = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_userLabel = nullptr;
    QLabel *m_aiPausedLabel = nullptr;
    QLabel *m_offlineLabel = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    qint64 m_selectedLeadId = 0;
    bool m_quitting = false;
    bool m_trayHintShown = false;
    bool m_columnsSized = false;
};

} // namespace Prospecta
