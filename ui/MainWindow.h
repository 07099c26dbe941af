// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QSplitter;
class QSystemTrayIcon;
class QTableView;

namespace Prospecta {

class ChatView;
class LeadsModel;
class ServiceHost;
class SnapshotReader;

// The main window: the leads table beside the selected lead's chat, the global switch
// that pauses every AI agent, and the webhook server's address. While the server runs,
// closing the window hides it to the system tray (or, with no tray, asks whether to
// quit), because the server stops with the process.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(ServiceHost *host, SnapshotReader *reader, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Emits quitRequested(), after the user confirms when the server runs. Returns
    // whether it was emitted.
    bool requestQuit();

    // Shows the stored AI switch. The window follows ServiceHost::aiEnabledChanged after
    // construction; the owner passes the value stored before that.
    void showAiEnabled(bool enabled);

    LeadsModel *leadsModel() const { return m_leadsModel; }
    ChatView *chatView() const { return m_chatView; }
    QTableView *leadsView() const { return m_leadsView; }
    QAction *pauseAiAction() const { return m_pauseAiAction; }

signals:
    // The user chose to quit the application (the owner of the event loop ends it).
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createTrayIcon();
    void showFromTray();
    bool serverRunning() const;
    bool confirmQuit();
    void pauseAiTriggered(bool paused);
    void selectionChanged();
    void leadsRefreshed();
    void restoreLayout();
    void saveLayout();

    ServiceHost *m_host;
    LeadsModel *m_leadsModel = nullptr;
    QTableView *m_leadsView = nullptr;
    ChatView *m_chatView = nullptr;
    QSplitter *m_splitter = nullptr;
    QAction *m_pauseAiAction = nullptr;
    QAction *m_quitAction = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_aiPausedLabel = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    qint64 m_selectedLeadId = 0;
    bool m_quitting = false;
    bool m_trayHintShown = false;
    bool m_columnsSized = false;
};

} // namespace Prospecta
