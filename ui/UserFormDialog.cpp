// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserFormDialog.h"

#include "FormWidgets.h"
#include "accounts/AccessPolicy.h"
#include "security/PasswordHasher.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Prospecta {

UserFormDialog::UserFormDialog(Mode mode, const QString &email, QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
{
    setObjectName(mode == Mode::NewUser ? QStringLiteral("newUserDialog") : QStringLiteral("resetPasswordDialog"));
    setWindowTitle(mode == Mode::NewUser ? tr("Add user") : tr("Reset password of %1").arg(email));

    auto *form = new QFormLayout;
    if (mode == Mode::NewUser) {
        m_name = new QLineEdit(this);
        m_name->setObjectName(QStringLiteral("nameEdit"));
        m_email = new QLineEdit(this);
        m_email->setObjectName(QStringLiteral("emailEdit"));
        m_email->setPlaceholderText(tr("name@example.com"));
        m_role = new QComboBox(this);
        m_role->setObjectName(QStringLiteral("roleCombo"));
        for (UserRole role : {UserRole::Agent, UserRole::Manager, UserRole::Admin})
            m_role->addItem(AccessPolicy::roleName(role), QVariant::fromValue(int(role)));
        form->addRow(tr("&Name:"), m_name);
        form->addRow(tr("&Email:"), m_email);
        form->addRow(tr("R&ole:"), m_role);
        connect(m_name, &QLineEdit::textChanged, this, &UserFormDialog::updateButtons);
        connect(m_email, &QLineEdit::textChanged, this, &UserFormDialog::updateButtons);
    }

    m_password = FormWidgets::createPasswordEdit(this, QStringLiteral("passwordEdit"));
    m_repeat = FormWidgets::createPasswordEdit(this, QStringLiteral("repeatPasswordEdit"));
    connect(m_password, &QLineEdit::textChanged, this, &UserFormDialog::updateButtons);
    connect(m_repeat, &QLineEdit::textChanged, this, &UserFormDialog::updateButtons);
    form->addRow(mode == Mode::NewUser ? tr("&Password:") : tr("New &password:"), m_password);
    form->addRow(tr("&Repeat password:"), m_repeat);
    auto *rule = new QLabel(tr("The password needs at least %1 characters.").arg(PasswordHasher::minimumLength), this);
    rule->setWordWrap(true);
    form->addRow(QString(), rule);

    m_error = FormWidgets::createErrorLabel(this);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &UserFormDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &UserFormDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    updateButtons();
}

User UserFormDialog::user() const
{
    User user;
    if (m_mode != Mode::NewUser)
        return user;
    user.name = m_name->text().trimmed();
    user.email = m_email->text().trimmed();
    user.role = UserRole(m_role->currentData().toInt());
    return user;
}

QString UserFormDialog::password() const
{
    return m_password->text();
}

void UserFormDialog::setBusy(bool busy)
{
    m_busy = busy;
    FormWidgets::setEnabled(
        {m_name, m_email, m_role, m_password, m_repeat, m_buttons->button(QDialogButtonBox::Cancel)}, !busy);
    updateButtons();
}

void UserFormDialog::finish()
{
    m_busy = false;
    QDialog::accept();
}

void UserFormDialog::accept()
{
    if (m_busy || !m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    if (!FormWidgets::checkRepeatedPassword(m_password, m_repeat, m_error,
                                            tr("The two passwords differ; type the same password twice.")))
        return;
    m_error->hide();
    setBusy(true);
    emit submitted();
}

void UserFormDialog::reject()
{
    if (m_busy)
        return;
    QDialog::reject();
}

void UserFormDialog::updateButtons()
{
    bool filled = !m_password->text().isEmpty() && !m_repeat->text().isEmpty();
    if (m_mode == Mode::NewUser)
        filled = filled && !m_name->text().trimmed().isEmpty() && !m_email->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy && filled);
}

} // namespace Prospecta
