// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Entities.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Prospecta {

// The form of the users dialog for a new user (name, email, role, password twice) or for
// a new password of an existing user. It checks only that both passwords match; the
// core checks everything else. OK emits submitted() and keeps the form open while the
// owner sends the request, so a refusal can be corrected without typing it all again:
// the owner calls finish() on success or setBusy(false) on failure.
class UserFormDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { NewUser, ResetPassword };

    // `email` names the user whose password is reset (ResetPassword only).
    UserFormDialog(Mode mode, const QString &email, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    // The new user's fields (NewUser only); id 0.
    User user() const;
    QString password() const;

    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    // Closes the form after the owner's request succeeded.
    void finish();

public slots:
    void accept() override;
    void reject() override;

signals:
    void submitted();

private:
    void updateButtons();

    Mode m_mode;
    bool m_busy = false;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_email = nullptr;
    QComboBox *m_role = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_repeat = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Prospecta
