// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"

#include <QObject>
#include <QPointer>

namespace Prospecta {

class FirstRunDialog;
class LoginDialog;
class MainWindow;
class ServiceHost;
class Session;
class SnapshotReader;

// The desktop's cycle of sessions while the service keeps running: the first-run dialog
// when the database has no users, then the login dialog, then a main window for the
// user who logged in. A session ends at a logout, or when the core rejects a deactivated
// user. The main window then closes, the reason is shown in a message box and the login
// dialog comes back. The next login builds a new main window for that user.
class DesktopController : public QObject
{
    Q_OBJECT

public:
    DesktopController(ServiceHost *host, SnapshotReader *reader, QObject *parent = nullptr);
    ~DesktopController() override;

    // Asks the core whether any user exists and shows the first-run or the login dialog.
    void start();

    // Brings the window in use to the front: the main window (also from the tray), else
    // the login or first-run dialog.
    void showWindow();

    // The windows shown now; null when not shown.
    FirstRunDialog *firstRunDialog() const;
    LoginDialog *loginDialog() const;
    MainWindow *mainWindow() const;
    Session *session() const;

signals:
    // The user cancelled a dialog or chose Quit (the owner of the event loop ends it).
    void quitRequested();
    void firstRunShown();
    void loginShown();
    void mainWindowShown();

private:
    void showFirstRun();
    void showLogin(const QString &email);
    void openSession(const Principal &principal);
    void sessionEnded(const QString &reason);

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    bool m_aiEnabled = true;
    QPointer<FirstRunDialog> m_firstRun;
    QPointer<LoginDialog> m_login;
    QPointer<MainWindow> m_window;
    QPointer<Session> m_session;
};

} // namespace Prospecta
