// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "DesktopController.h"

#include "FirstRunDialog.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "MessageBoxes.h"
#include "Session.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"

namespace Prospecta {

DesktopController::DesktopController(ServiceHost *host, SnapshotReader *reader, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_reader(reader)
{
    // Later main windows start with the switch as last announced.
    connect(m_host, &ServiceHost::aiEnabledChanged, this, [this](bool enabled) { m_aiEnabled = enabled; });
}

DesktopController::~DesktopController()
{
    // The windows have no parent widget, so they are deleted here, before the session
    // they point to.
    delete m_window.data();
    delete m_login.data();
    delete m_firstRun.data();
    delete m_session.data();
}

void DesktopController::showWindow()
{
    QWidget *window = m_window ? static_cast<QWidget *>(m_window.data())
                    : m_login  ? static_cast<QWidget *>(m_login.data())
                               : static_cast<QWidget *>(m_firstRun.data());
    if (!window)
        return;
    window->showNormal();
    window->raise();
    window->activateWindow();
}

FirstRunDialog *DesktopController::firstRunDialog() const
{
    return m_firstRun;
}

LoginDialog *DesktopController::loginDialog() const
{
    return m_login;
}

MainWindow *DesktopController::mainWindow() const
{
    return m_window;
}

Session *DesktopController::session() const
{
    return m_session;
}

void DesktopController::start()
{
    // The stored switch, read from the core's settings snapshot in memory (no SQL):
    // aiEnabledChanged only reports later changes.
    m_host->runOnServiceThread([this](ServiceCore &core) {
        m_aiEnabled = core.settings().flag(QStringLiteral("ai.enabled"));
    });

    m_host->call<bool>(
        this, [](ServiceCore &core) { return core.hasUsers(); },
        [this](const Result<bool> &hasUsers) {
            if (!hasUsers) {
                qCCritical(lcUi) << "Could not tell whether any user exists:" << hasUsers.error().message;
                MessageBoxes::critical(nullptr, tr("Prospecta could not start"), hasUsers.error().message);
                emit quitRequested();
                return;
            }
            if (*hasUsers)
                showLogin(QString());
            else
                showFirstRun();
        });
}

void DesktopController::showFirstRun()
{
    qCInfo(lcUi) << "No users yet, showing the first-run dialog";
    m_firstRun = new FirstRunDialog(m_host);
    connect(m_firstRun, &FirstRunDialog::accepted, this, [this] {
        const QString email = m_firstRun->createdEmail();
        m_firstRun->deleteLater();
        showLogin(email);
    });
    connect(m_firstRun, &FirstRunDialog::rejected, this, &DesktopController::quitRequested);
    m_firstRun->show();
    emit firstRunShown();
}

void DesktopController::showLogin(const QString &email)
{
    if (m_login)
        m_login->deleteLater();
    m_login = new LoginDialog(m_host);
    if (!email.isEmpty())
        m_login->setEmail(email);
    connect(m_login, &LoginDialog::accepted, this, [this] {
        const Principal principal = m_login->principal();
        m_login->deleteLater();
        openSession(principal);
    });
    connect(m_login, &LoginDialog::rejected, this, &DesktopController::quitRequested);
    m_login->show();
    qCDebug(lcUi) << "Login dialog shown";
    emit loginShown();
}

void DesktopController::openSession(const Principal &principal)
{
    m_session = new Session(principal, this);
    connect(m_session, &Session::ended, this, &DesktopController::sessionEnded);

    m_window = new MainWindow(m_host, m_reader, m_session);
    m_window->showAiEnabled(m_aiEnabled);
    connect(m_window, &MainWindow::quitRequested, this, &DesktopController::quitRequested);
    m_window->show();
    qCDebug(lcUi) << "Main window shown for user" << principal.actor.userId;
    emit mainWindowShown();
}

void DesktopController::sessionEnded(const QString &reason)
{
    const QString email = m_session ? m_session->email() : QString();
    // The end may come from inside a callback of the window or one of its dialogs, so
    // they are deleted once control returns to the event loop.
    if (m_window) {
        m_window->hide();
        m_window->deleteLater();
    }
    if (m_session)
        m_session->deleteLater();

    QMetaObject::invokeMethod(
        this,
        [this, reason, email] {
            if (!reason.isEmpty())
                MessageBoxes::warning(nullptr, tr("You were logged out"), reason);
            showLogin(email);
        },
        Qt::QueuedConnection);
}

} // namespace Prospecta
