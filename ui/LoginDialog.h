// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Prospecta {

class ServiceHost;

// Asks for an email and a password and checks them through ServiceCore::login on the
// service thread (the password is verified on the hashing thread). The core's message is
// shown as it comes: a wrong email or password, a throttled email with the wait, a
// deactivated account. The dialog accepts only after a successful login, and
// principal() then returns the user. The last email that logged in is remembered on
// this desktop, the password never.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(ServiceHost *host, QWidget *parent = nullptr);

    // Replaces the remembered email, e.g. with the one the first-run dialog created.
    void setEmail(const QString &email);

    // The logged-in user, valid once the dialog was accepted.
    const Principal &principal() const { return m_principal; }

    // The text shown for the last failure, empty when there was none.
    QString errorText() const;
    bool isBusy() const { return m_busy; }

public slots:
    void accept() override;
    // Ignored while a login is in flight, whose answer would otherwise arrive for a
    // dialog that already closed.
    void reject() override;

private:
    void setBusy(bool busy);
    void updateButtons();

    ServiceHost *m_host;
    Principal m_principal;
    bool m_busy = false;

    QLineEdit *m_email = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_loginButton = nullptr;
};

} // namespace Prospecta
