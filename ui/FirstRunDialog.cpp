// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FirstRunDialog.h"

#include "FormWidgets.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "security/PasswordHasher.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Prospecta {

FirstRunDialog::FirstRunDialog(ServiceHost *host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
{
    setWindowTitle(tr("Welcome to Prospecta"));
    setObjectName(QStringLiteral("firstRunDialog"));

    auto *intro = new QLabel(tr("Create the administrator account. The administrator adds the other users, "
                                "connects WhatsApp and the AI, and sets up campaigns."),
                             this);
    intro->setWordWrap(true);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_password = FormWidgets::createPasswordEdit(this, QStringLiteral("passwordEdit"));
    m_repeat = FormWidgets::createPasswordEdit(this, QStringLiteral("repeatPasswordEdit"));

    m_rule = new QLabel(tr("The password needs at least %1 characters.").arg(PasswordHasher::minimumLength), this);
    m_rule->setObjectName(QStringLiteral("passwordRuleLabel"));
    m_rule->setWordWrap(true);

    m_error = FormWidgets::createErrorLabel(this);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_createButton = m_buttons->addButton(tr("Create administrator"), QDialogButtonBox::AcceptRole);
    m_createButton->setObjectName(QStringLiteral("createButton"));
    m_createButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FirstRunDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FirstRunDialog::reject);
    for (QLineEdit *edit : {m_name, m_email, m_password, m_repeat})
        connect(edit, &QLineEdit::textChanged, this, &FirstRunDialog::updateButtons);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Repeat password:"), m_repeat);
    form->addRow(QString(), m_rule);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    updateButtons();
}

QString FirstRunDialog::errorText() const
{
    return FormWidgets::shownError(m_error);
}

void FirstRunDialog::accept()
{
    if (m_busy || !m_createButton->isEnabled())
        return;
    if (!FormWidgets::checkRepeatedPassword(m_password, m_repeat, m_error,
                                            tr("The two passwords differ; type the same password twice.")))
        return;

    User user;
    user.name = m_name->text().trimmed();
    user.email = m_email->text().trimmed();
    user.role = UserRole::Admin;
    const QString password = m_password->text();
    setBusy(true);
    m_error->hide();

    // The core checks the name, email and password rule, hashes on the hashing thread
    // and refuses once any user exists.
    m_host->request<qint64>(
        this,
        [user, password](ServiceCore &core, std::function<void(Result<qint64>)> reply) {
            core.createFirstAdmin(user, password, std::move(reply));
        },
        [this, email = user.email](const Result<qint64> &created) {
            setBusy(false);
            if (!created) {
                qCInfo(lcUi) << "Creating the first administrator failed:" << created.error().message;
                FormWidgets::showError(m_error, created.error().message);
                return;
            }
            qCInfo(lcUi) << "First administrator created, user" << *created;
            m_createdEmail = email;
            m_password->clear();
            m_repeat->clear();
            QDialog::accept();
        });
}

void FirstRunDialog::reject()
{
    if (m_busy)
        return;
    QDialog::reject();
}

void FirstRunDialog::setBusy(bool busy)
{
    m_busy = busy;
    FormWidgets::setEnabled({m_name, m_email, m_password, m_repeat, m_buttons->button(QDialogButtonBox::Cancel)}, !busy);
    m_createButton->setText(busy ? tr("Creating the account…") : tr("Create administrator"));
    updateButtons();
}

void FirstRunDialog::updateButtons()
{
    // Passwords are not trimmed: one of only spaces gets the core's own message.
    const bool filled = !m_name->text().trimmed().isEmpty() && !m_email->text().trimmed().isEmpty()
        && !m_password->text().isEmpty() && !m_repeat->text().isEmpty();
    m_createButton->setEnabled(!m_busy && filled);
}

} // namespace Prospecta
