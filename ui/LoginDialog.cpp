// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoginDialog.h"

#include "FormWidgets.h"
#include "core/Logging.h"
#include "operations/LoginService.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "storage/SettingsRepository.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

// Desktop preference: the email of the last successful login on this desktop.
const QString LastEmailKey = QStringLiteral("ui.login.lastEmail");

} // namespace

LoginDialog::LoginDialog(ServiceHost *host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
{
    setWindowTitle(tr("Log in to Prospecta"));
    setObjectName(QStringLiteral("loginDialog"));

    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_email->setText(DesktopPreferences::value(LastEmailKey, QString()));

    m_password = FormWidgets::createPasswordEdit(this, QStringLiteral("passwordEdit"));

    m_error = FormWidgets::createErrorLabel(this);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_loginButton = m_buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
    m_loginButton->setObjectName(QStringLiteral("loginButton"));
    m_loginButton->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    connect(m_email, &QLineEdit::textChanged, this, &LoginDialog::updateButtons);
    connect(m_password, &QLineEdit::textChanged, this, &LoginDialog::updateButtons);

    auto *form = new QFormLayout;
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    if (!m_email->text().isEmpty())
        m_password->setFocus();
    updateButtons();
}

void LoginDialog::setEmail(const QString &email)
{
    m_email->setText(email);
    m_password->clear();
    m_password->setFocus();
}

QString LoginDialog::errorText() const
{
    return FormWidgets::shownError(m_error);
}

void LoginDialog::accept()
{
    if (m_busy || !m_loginButton->isEnabled())
        return;
    const QString email = m_email->text().trimmed();
    const QString password = m_password->text();
    setBusy(true);
    m_error->hide();

    m_host->request<Principal>(
        this,
        [email, password](ServiceCore &core, std::function<void(Result<Principal>)> reply) {
            core.login(email, password, LoginService::desktopClient(), std::move(reply));
        },
        [this, email](const Result<Principal> &result) {
            setBusy(false);
            if (!result) {
                // The core logs the failure and audits it; the message is for the person.
                FormWidgets::showError(m_error, result.error().message);
                m_password->clear();
                m_password->setFocus();
                return;
            }
            m_principal = *result;
            DesktopPreferences::setValue(LastEmailKey, email);
            m_password->clear();
            QDialog::accept();
        });
}

void LoginDialog::reject()
{
    if (m_busy)
        return;
    QDialog::reject();
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    FormWidgets::setEnabled({m_email, m_password, m_buttons->button(QDialogButtonBox::Cancel)}, !busy);
    m_loginButton->setText(busy ? tr("Logging in…") : tr("Log in"));
    updateButtons();
}

void LoginDialog::updateButtons()
{
    m_loginButton->setEnabled(!m_busy && !m_email->text().trimmed().isEmpty() && !m_password->text().isEmpty());
}

} // namespace Prospecta
