// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Prospecta {

class ServiceHost;

// Creates the first administrator of a new installation, the only account that can be
// made without logging in. The core refuses it once any user exists, so this dialog
// cannot add a second one. The dialog accepts after the account was created;
// createdEmail() then returns its email for the login dialog.
class FirstRunDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FirstRunDialog(ServiceHost *host, QWidget *parent = nullptr);

    QString createdEmail() const { return m_createdEmail; }

    // The text shown for the last failure, empty when there was none.
    QString errorText() const;
    bool isBusy() const { return m_busy; }

public slots:
    void accept() override;
    // Ignored while the account is being created.
    void reject() override;

private:
    void setBusy(bool busy);
    void updateButtons();

    ServiceHost *m_host;
    QString m_createdEmail;
    bool m_busy = false;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_repeat = nullptr;
    QLabel *m_rule = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_createButton = nullptr;
};

} // namespace Prospecta
