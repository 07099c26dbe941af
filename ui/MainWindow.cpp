// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "AlertsBanner.h"
#include "AuditLogDialog.h"
#include "CannedRepliesDialog.h"
#include "MessageTemplatesDialog.h"
#include "WebhooksDialog.h"
#include "ChatView.h"
#include "FileDialogs.h"
#include "ImportLeadsDialog.h"
#include "LeadFileDialog.h"
#include "InboxModel.h"
#include "InboxView.h"
#include "LeadFilterBar.h"
#include "LeadsModel.h"
#include "MessageBoxes.h"
#include "PipelineBoard.h"
#include "Session.h"
#include "UsersDialog.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "storage/SettingsRepository.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

// Desktop preferences holding the window layout, base64 of Qt's saved state.
const QString GeometryKey = QStringLiteral("ui.mainWindow.geometry");
const QString SplitterKey = QStringLiteral("ui.mainWindow.splitter");

QIcon applicationIcon(const QStyle *style)
{
    QIcon icon(QStringLiteral(":/icons/prospecta.svg"));
    // The SVG needs Qt's SVG icon engine and the resource linked in. Without an icon
    // the tray would show nothing to click.
    if (icon.isNull() || icon.availableSizes().isEmpty())
        icon = style->standardIcon(QStyle::SP_ComputerIcon);
    return icon;
}

} // namespace

MainWindow::MainWindow(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
{
    setWindowTitle(QStringLiteral("Prospecta"));
    setWindowIcon(applicationIcon(style()));

    m_leadsModel = new LeadsModel(reader, host, session, this);
    m_leadsView = new QTableView(this);
    m_leadsView->setObjectName(QStringLiteral("leadsTable"));
    m_leadsView->setModel(m_leadsModel);
    m_leadsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_leadsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_leadsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Clicking a column header sorts in SQL (LeadsModel::sort). The indicator starts on
    // the model's own order, so enabling sorting does not reload.
    m_leadsView->horizontalHeader()->setSortIndicator(m_leadsModel->sortColumn(), m_leadsModel->sortOrder());
    m_leadsView->setSortingEnabled(true);
    m_leadsView->setWordWrap(false);
    m_leadsView->verticalHeader()->hide();
    m_leadsView->horizontalHeader()->setStretchLastSection(true);

    m_chatView = new ChatView(reader, host, session, this);
    m_chatView->setObjectName(QStringLiteral("chatView"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_leadFilterBar = new LeadFilterBar(m_leadsModel, session, this);
    m_leadFilterBar->setObjectName(QStringLiteral("leadFilterBar"));
    // A new order, search or filter starts from the first page.
    connect(m_leadsModel, &QAbstractItemModel::modelReset, m_leadsView, &QAbstractItemView::scrollToTop);
    auto *leadsPane = new QWidget(this);
    auto *leadsLayout = new QVBoxLayout(leadsPane);
    leadsLayout->setContentsMargins(0, 0, 0, 0);
    leadsLayout->addWidget(m_leadFilterBar);
    leadsLayout->addWidget(m_leadsView, 1);
    // The inbox and the leads table share the left side; either opens a chat on the right.
    m_inboxView = new InboxView(reader, host, session, this);
    m_inboxView->setObjectName(QStringLiteral("inboxView"));
    m_leftTabs = new QTabWidget(this);
    m_leftTabs->setObjectName(QStringLiteral("leftTabs"));
    m_leftTabs->addTab(m_inboxView, tr("Inbox", "tab of the live conversations"));
    m_leftTabs->addTab(leadsPane, tr("Leads", "tab of the leads table"));
    m_splitter->addWidget(m_leftTabs);
    m_splitter->addWidget(m_chatView);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    // Administrators see open alerts above the views; others have nothing to act on.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    if (m_session->allows(Permission::ManageIntegrations)) {
        m_alertsBanner = new AlertsBanner(host, reader, session, central);
        centralLayout->addWidget(m_alertsBanner);
    }
    centralLayout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    connect(m_leadsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::selectionChanged);
    connect(m_leadsModel, &LeadsModel::refreshed, this, &MainWindow::leadsRefreshed);
    // A row selected while it still showed a placeholder opens its chat once its page arrives.
    connect(m_leadsModel, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        if (m_selectedLeadId != 0)
            return;
        const QModelIndexList rows = m_leadsView->selectionModel()->selectedRows();
        if (!rows.isEmpty() && rows.first().row() >= topLeft.row() && rows.first().row() <= bottomRight.row())
            selectionChanged();
    });
    connect(m_inboxView, &InboxView::leadOpened, this, &MainWindow::openFromInbox);
    addActions(m_inboxView->filterActions());
    connect(m_inboxView, &InboxView::filterShortcutUsed, this,
            [this] { m_leftTabs->setCurrentWidget(m_inboxView); });
    connect(m_inboxView->model(), &InboxModel::totalUnreadChanged, this, &MainWindow::showUnreadTotal);
    connect(m_inboxView->model(), &InboxModel::leadMessagesArrived, this, &MainWindow::notifyLeadMessages);
    connect(m_leadsModel, &LeadsModel::refreshFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Could not load the leads: %1").arg(message), 10000);
    });

    createActions();

    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverLabel"));
    const QString address = m_host->listenAddress();
    m_serverLabel->setText(address.isEmpty() ? tr("Webhook server off")
                                             : tr("Webhook server on %1").arg(address));
    m_aiPausedLabel = new QLabel(tr("All AI agents are paused"), this);
    m_aiPausedLabel->setObjectName(QStringLiteral("aiPausedLabel"));
    m_aiPausedLabel->hide();
    m_userLabel = new QLabel(tr("%1 (%2)", "logged-in user: name (role)")
                                 .arg(m_session->name(), AccessPolicy::roleName(m_session->role())),
                             this);
    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    m_userLabel->setToolTip(m_session->email());
    statusBar()->addPermanentWidget(m_aiPausedLabel);
    statusBar()->addPermanentWidget(m_serverLabel);
    statusBar()->addPermanentWidget(m_userLabel);

    connect(m_host, &ServiceHost::aiEnabledChanged, this, &MainWindow::showAiEnabled);

    // Team mode: say so when colleagues' changes cannot be heard; what is shown stays.
    m_offlineLabel = new QLabel(tr("Offline: reconnecting to the shared database…"), this);
    m_offlineLabel->setObjectName(QStringLiteral("offlineLabel"));
    m_offlineLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_offlineLabel->hide();
    statusBar()->addPermanentWidget(m_offlineLabel);
    connect(m_host, &ServiceHost::sharedDatabaseOnline, this, [this](bool online) { m_offlineLabel->setVisible(!online); });

    if (QSystemTrayIcon::isSystemTrayAvailable())
        createTrayIcon();

    resize(1100, 700);
    m_splitter->setSizes({450, 650});
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_pauseAiAction = new QAction(tr("Pause all AI"), this);
    m_pauseAiAction->setObjectName(QStringLiteral("pauseAiAction"));
    m_pauseAiAction->setCheckable(true);
    m_pauseAiAction->setToolTip(tr("Stop every AI agent from writing to leads until you resume"));
    // triggered, not toggled: showing the stored state with setChecked must not write it.
    connect(m_pauseAiAction, &QAction::triggered, this, &MainWindow::pauseAiTriggered);
    if (!m_session->allows(Permission::PauseAi)) {
        m_pauseAiAction->setEnabled(false);
        m_pauseAiAction->setToolTip(tr("Only managers and administrators may pause the AI agents"));
    }

    m_logoutAction = new QAction(tr("&Log out"), this);
    m_logoutAction->setObjectName(QStringLiteral("logoutAction"));
    connect(m_logoutAction, &QAction::triggered, this, [this] {
        saveLayout();
        m_session->end(QString());
    });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::requestQuit);

    createLeadFileActions();
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_openLeadFileAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_importLeadsAction);
    fileMenu->addAction(m_exportLeadsAction);
    fileMenu->addSeparator();
    QAction *cannedReplies = fileMenu->addAction(tr("&Canned replies…"));
    cannedReplies->setObjectName(QStringLiteral("cannedRepliesAction"));
    connect(cannedReplies, &QAction::triggered, this, [this] {
        CannedRepliesDialog dialog(m_host, m_session, this);
        dialog.exec();
    });
    fileMenu->addSeparator();
    fileMenu->addAction(m_logoutAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);
    QMenu *aiMenu = menuBar()->addMenu(tr("&AI", "menu of the AI agents"));
    aiMenu->addAction(m_pauseAiAction);
    createAdministrationMenu();

    QToolBar *toolBar = addToolBar(tr("Main toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->addAction(m_pauseAiAction);

    m_pipelineAction = new QAction(tr("Sales &pipeline"), this);
    m_pipelineAction->setObjectName(QStringLiteral("pipelineAction"));
    m_pipelineAction->setToolTip(tr("Show the leads by stage and drag them from one stage to another"));
    connect(m_pipelineAction, &QAction::triggered, this, &MainWindow::showPipeline);
    toolBar->addAction(m_pipelineAction);
}

PipelineBoard *MainWindow::showPipeline()
{
    if (!m_pipelineBoard) {
        m_pipelineBoard = new PipelineBoard(m_host, m_reader, m_session, this);
        m_pipelineBoard->setWindowFlag(Qt::Window);
        m_pipelineBoard->setAttribute(Qt::WA_DeleteOnClose);
        m_pipelineBoard->resize(1100, 650);
    }
    m_pipelineBoard->show();
    m_pipelineBoard->raise();
    m_pipelineBoard->activateWindow();
    return m_pipelineBoard;
}

void MainWindow::createLeadFileActions()
{
    m_openLeadFileAction = new QAction(tr("&Open lead file"), this);
    m_openLeadFileAction->setObjectName(QStringLiteral("openLeadFileAction"));
    m_openLeadFileAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_openLeadFileAction->setToolTip(tr("Edit the selected lead and see its messages, calls and changes"));
    connect(m_openLeadFileAction, &QAction::triggered, this, [this] {
        const qint64 leadId = m_selectedLeadId != 0 ? m_selectedLeadId : m_chatView->leadId();
        if (leadId == 0) {
            statusBar()->showMessage(tr("Select a lead first, then open its file."), 5000);
            return;
        }
        showLeadFile(leadId);
    });
    connect(m_leadsView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            showLeadFile(m_leadsModel->leadRow(index.row()).lead.id);
    });

    m_importLeadsAction = new QAction(tr("&Import leads…"), this);
    m_importLeadsAction->setObjectName(QStringLiteral("importLeadsAction"));
    m_importLeadsAction->setEnabled(m_session->allows(Permission::WorkLeads));
    connect(m_importLeadsAction, &QAction::triggered, this, &MainWindow::showImportLeads);

    m_exportLeadsAction = new QAction(tr("&Export leads…"), this);
    m_exportLeadsAction->setObjectName(QStringLiteral("exportLeadsAction"));
    m_exportLeadsAction->setToolTip(tr("Save the leads that the Leads tab lists with its search and filters "
                                       "as a CSV file"));
    if (!m_session->allows(Permission::Export)) {
        m_exportLeadsAction->setEnabled(false);
        m_exportLeadsAction->setToolTip(tr("Only managers and administrators may export leads"));
    }
    connect(m_exportLeadsAction, &QAction::triggered, this, &MainWindow::exportLeads);
}

QLineEdit *MainWindow::searchEdit() const
{
    return m_leadFilterBar->searchEdit();
}

LeadFileDialog *MainWindow::showLeadFile(qint64 leadId)
{
    if (leadId == 0)
        return nullptr;
    // Closed windows delete themselves and leave null pointers behind.
    m_leadFiles.removeIf([](const auto &entry) { return entry.value().isNull(); });
    QPointer<LeadFileDialog> &dialog = m_leadFiles[leadId];
    if (!dialog) {
        dialog = new LeadFileDialog(m_host, m_reader, m_session, leadId, this);
        dialog->setWindowFlag(Qt::Window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &LeadFileDialog::chatRequested, this, &MainWindow::showLeadChat);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

void MainWindow::showLeadChat(const LeadRow &row)
{
    m_inboxView->selectLead(row.lead.id);
    openFromInbox(row);
    showFromTray();
}

ImportLeadsDialog *MainWindow::showImportLeads()
{
    if (!m_session->allows(Permission::WorkLeads))
        return nullptr;
    if (!m_importLeadsDialog) {
        m_importLeadsDialog = new ImportLeadsDialog(m_host, m_session, this);
        m_importLeadsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_importLeadsDialog->show();
    m_importLeadsDialog->raise();
    m_importLeadsDialog->activateWindow();
    return m_importLeadsDialog;
}

void MainWindow::exportLeads()
{
    if (!m_session->allows(Permission::Export))
        return;
    const QString path = FileDialogs::saveFileName(this, tr("Export leads"),
                                                   QDir::home().filePath(tr("leads") + QStringLiteral(".csv")),
                                                   tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const Actor actor = m_session->actor();
    const LeadListFilter filter = m_leadsModel->listFilter();
    // The separator follows the desktop's locale, as the spreadsheet opening the file will.
    const QLocale locale;
    m_exportLeadsAction->setEnabled(false);
    m_host->call<int>(
        this,
        [actor, filter, path, locale](ServiceCore &core) { return core.exportLeads(actor, filter, path, locale); },
        [this, path](const Result<int> &exported) {
            m_exportLeadsAction->setEnabled(m_session->allows(Permission::Export));
            if (!exported) {
                if (!m_session->check(exported.error()))
                    MessageBoxes::critical(this, tr("Export leads"), exported.error().message);
                return;
            }
            statusBar()->showMessage(
                tr("%n leads exported to %1", nullptr, *exported).arg(QDir::toNativeSeparators(path)), 10000);
        });
}

void MainWindow::createAdministrationMenu()
{
    const bool manageUsers = m_session->allows(Permission::ManageUsers);
    const bool viewAudit = m_session->allows(Permission::ViewAudit);
    const bool manageIntegrations = m_session->allows(Permission::ManageIntegrations);
    if (!manageUsers && !viewAudit && !manageIntegrations)
        return;

    m_administrationMenu = menuBar()->addMenu(tr("A&dministration"));
    m_administrationMenu->setObjectName(QStringLiteral("administrationMenu"));
    if (manageUsers) {
        QAction *users = m_administrationMenu->addAction(tr("&Users…"));
        users->setObjectName(QStringLiteral("usersAction"));
        connect(users, &QAction::triggered, this, &MainWindow::showUsers);
    }
    if (viewAudit) {
        QAction *audit = m_administrationMenu->addAction(tr("&Audit log…"));
        audit->setObjectName(QStringLiteral("auditLogAction"));
        connect(audit, &QAction::triggered, this, &MainWindow::showAuditLog);
    }
    if (manageIntegrations) {
        QAction *webhooks = m_administrationMenu->addAction(tr("&Webhooks…"));
        webhooks->setObjectName(QStringLiteral("webhooksAction"));
        connect(webhooks, &QAction::triggered, this, &MainWindow::showWebhooks);
        QAction *templates = m_administrationMenu->addAction(tr("WhatsApp &templates…"));
        templates->setObjectName(QStringLiteral("messageTemplatesAction"));
        connect(templates, &QAction::triggered, this, [this] {
            MessageTemplatesDialog dialog(m_host, m_session, this);
            dialog.exec();
        });
    }
}

// Shows the administration dialog kept in `dialog`, creating it on first use; nullptr
// when the session's role may not use it.
template<typename Dialog>
Dialog *MainWindow::showDialog(QPointer<Dialog> &dialog, Permission permission)
{
    if (!m_session->allows(permission))
        return nullptr;
    if (!dialog) {
        dialog = new Dialog(m_host, m_reader, m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

UsersDialog *MainWindow::showUsers()
{
    return showDialog(m_usersDialog, Permission::ManageUsers);
}

WebhooksDialog *MainWindow::showWebhooks()
{
    return showDialog(m_webhooksDialog, Permission::ManageIntegrations);
}

AuditLogDialog *MainWindow::showAuditLog()
{
    return showDialog(m_auditLogDialog, Permission::ViewAudit);
}

void MainWindow::createTrayIcon()
{
    auto *menu = new QMenu(this);
    QAction *showAction = menu->addAction(tr("Show Prospecta"));
    connect(showAction, &QAction::triggered, this, &MainWindow::showFromTray);
    menu->addSeparator();
    menu->addAction(m_quitAction);

    m_tray = new QSystemTrayIcon(windowIcon(), this);
    m_tray->setToolTip(windowTitle());
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &MainWindow::openNotifiedChat);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            showFromTray();
    });
    m_tray->show();
}

void MainWindow::showFromTray()
{
    showNormal();
    raise();
    activateWindow();
}

bool MainWindow::serverRunning() const
{
    return !m_host->listenAddress().isEmpty();
}

bool MainWindow::confirmQuit()
{
    const auto answer = MessageBoxes::question(
        isVisible() ? this : nullptr, tr("Quit Prospecta?"),
        tr("The webhook server stops and leads get no answers until you start Prospecta again."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    return answer == QMessageBox::Yes;
}

bool MainWindow::requestQuit()
{
    if (serverRunning() && !confirmQuit())
        return false;
    qCInfo(lcUi) << "Quitting at the user's request";
    m_quitting = true;
    saveLayout();
    emit quitRequested();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_quitting || !serverRunning()) {
        saveLayout();
        event->accept();
        if (!m_quitting) {
            m_quitting = true;
            emit quitRequested();
        }
        return;
    }

    if (m_tray) {
        // Leads keep writing while the window is closed: the server stays up in the tray.
        event->ignore();
        saveLayout();
        hide();
        if (!m_trayHintShown) {
            m_trayHintShown = true;
            m_tray->showMessage(tr("Prospecta is still running"),
                                tr("The webhook server keeps receiving messages. Choose Quit in the tray icon's menu to stop it."));
        }
        return;
    }

    // No tray to return from: closing the window ends the process, so ask first.
    event->ignore();
    requestQuit();
}

void MainWindow::pauseAiTriggered(bool paused)
{
    m_pauseAiAction->setEnabled(false);
    m_host->setAiEnabled(m_session->actor(), !paused, this, [this, paused](const Status &status) {
        m_pauseAiAction->setEnabled(m_session->allows(Permission::PauseAi));
        if (status.ok()) {
            showAiEnabled(!paused);
            return;
        }
        qCWarning(lcUi) << "Changing ai.enabled failed:" << status.error().message;
        showAiEnabled(paused);
        if (m_session->check(status.error()))
            return;
        statusBar()->showMessage(paused ? tr("Could not pause the AI agents: %1").arg(status.error().message)
                                        : tr("Could not resume the AI agents: %1").arg(status.error().message),
                                 10000);
    });
}

void MainWindow::showAiEnabled(bool enabled)
{
    m_pauseAiAction->setChecked(!enabled);
    m_aiPausedLabel->setVisible(!enabled);
}

void MainWindow::selectionChanged()
{
    const QModelIndexList rows = m_leadsView->selectionModel()->selectedRows();
    const LeadRow row = rows.isEmpty() ? LeadRow{} : m_leadsModel->leadRow(rows.first().row());
    m_selectedLeadId = row.lead.id;
    m_inboxView->selectLead(row.lead.id);
    m_chatView->showLead(row);
}

void MainWindow::openFromInbox(const LeadRow &row)
{
    // The chat now follows the inbox: the leads table lets go of its selection without
    // clearing the chat, and its refreshes no longer reselect a lead.
    m_selectedLeadId = 0;
    {
        const QSignalBlocker blocker(m_leadsView->selectionModel());
        m_leadsView->selectionModel()->clearSelection();
    }
    m_leadsView->viewport()->update();
    m_chatView->showLead(row);
}

void MainWindow::openLeadChat(qint64 leadId)
{
    if (leadId == 0)
        return;
    m_leftTabs->setCurrentWidget(m_inboxView);
    const InboxModel *inbox = m_inboxView->model();
    const int row = inbox->rowOfLead(leadId);
    LeadRow lead = inbox->leadRow(row);
    if (row < 0) {
        // Outside the current filter or page: the notification carries enough to open it.
        lead.lead.id = leadId;
        if (leadId == m_notifiedLeadId) {
            lead.lead.name = m_notifiedLeadName;
            lead.lead.phone = m_notifiedLeadPhone;
        }
    }
    m_inboxView->selectLead(leadId);
    openFromInbox(lead);
}

void MainWindow::openNotifiedChat()
{
    showFromTray();
    openLeadChat(m_notifiedLeadId);
}

void MainWindow::notifyLeadMessages(const QList<UnreadConversation> &conversations)
{
    // While the window is active the user sees the inbox and the chat already.
    if (conversations.isEmpty() || isActiveWindow())
        return;
    const UnreadConversation &newest = conversations.first();
    const QString leadName = newest.leadName.isEmpty() ? newest.leadPhone : newest.leadName;
    const QString preview = InboxModel::previewText(newest.lastLeadContentType, newest.lastLeadContent);
    // Notification bubbles show a few lines at most.
    constexpr int PreviewLength = 120;
    const QString start = preview.size() > PreviewLength ? preview.left(PreviewLength) + QChar(0x2026) : preview;

    QString title = leadName;
    QString message = start;
    if (conversations.size() > 1) {
        title = tr("New messages from %n leads", "tray notification", int(conversations.size()));
        message = tr("%1: %2", "tray notification: lead name: message").arg(leadName, start);
    }
    m_notifiedLeadId = newest.leadId;
    m_notifiedLeadName = newest.leadName;
    m_notifiedLeadPhone = newest.leadPhone;
    qCInfo(lcUi) << "Notifying new messages of lead" << newest.leadId << "in" << conversations.size() << "conversations";
    emit leadMessageNotified(newest.leadId, title, message);
    if (m_tray)
        m_tray->showMessage(title, message, QSystemTrayIcon::Information);
    QApplication::alert(this);
}

void MainWindow::showUnreadTotal(int total)
{
    // The snapshot counts up to InboxUnreadTotalLimit, so a total that reaches it reads
    // as "999+".
    const QString count = total >= InboxUnreadTotalLimit ? QLocale().toString(InboxUnreadTotalLimit - 1) + u'+'
                                                         : QLocale().toString(total);
    const QString title = total > 0
        ? tr("(%1) Prospecta", "window title with the number of unread lead messages").arg(count)
        : QStringLiteral("Prospecta");
    setWindowTitle(title);
    if (m_tray)
        m_tray->setToolTip(title);
}

void MainWindow::leadsRefreshed()
{
    if (!m_columnsSized && m_leadsModel->rowCount() > 0) {
        // Once, so that later refreshes do not undo the user's own column widths.
        m_columnsSized = true;
        m_leadsView->resizeColumnsToContents();
    }
    if (m_selectedLeadId == 0)
        return;
    const int row = m_leadsModel->rowOfLead(m_selectedLeadId);
    if (row < 0 && m_leadsModel->allRowsLoaded()) {
        // The selected lead is no longer listed.
        m_leadsView->clearSelection();
        m_selectedLeadId = 0;
        m_chatView->showLead(LeadRow{});
        return;
    }
    if (row < 0) {
        // The lead may sit in a page that is not loaded: keep its chat, and take the
        // highlight off a row that may now show another lead. A later refresh that
        // loads the lead's page selects it again.
        const QSignalBlocker blocker(m_leadsView->selectionModel());
        m_leadsView->selectionModel()->clearSelection();
        m_leadsView->viewport()->update();
        return;
    }
    // A model reset drops the view's selection silently, and new leads above it move the
    // lead to another row, so select the same lead again. Selecting scrolls to the row,
    // which must not move the list the user is looking at.
    if (!m_leadsView->selectionModel()->isRowSelected(row, {})) {
        const int scrolled = m_leadsView->verticalScrollBar()->value();
        m_leadsView->selectionModel()->setCurrentIndex(
            m_leadsModel->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_leadsView->verticalScrollBar()->setValue(scrolled);
    }
    // The lead's name or stage may have changed: refresh the chat's header.
    m_chatView->showLead(m_leadsModel->leadRow(row));
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = QByteArray::fromBase64(DesktopPreferences::value(GeometryKey, QString()).toLatin1());
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray splitter = QByteArray::fromBase64(DesktopPreferences::value(SplitterKey, QString()).toLatin1());
    if (!splitter.isEmpty())
        m_splitter->restoreState(splitter);
}

void MainWindow::saveLayout()
{
    DesktopPreferences::setValue(GeometryKey, QString::fromLatin1(saveGeometry().toBase64()));
    DesktopPreferences::setValue(SplitterKey, QString::fromLatin1(m_splitter->saveState().toBase64()));
}

} // namespace Prospecta
