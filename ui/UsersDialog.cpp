// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "UsersDialog.h"

#include "MessageBoxes.h"
#include "ReaderRequest.h"
#include "Session.h"
#include "UserFormDialog.h"
#include "core/Logging.h"
#include "runtime/ServiceCore.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

const QList<UserRole> RolesInMenuOrder{UserRole::Agent, UserRole::Manager, UserRole::Admin};

} // namespace

UsersDialog::UsersDialog(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_reader(reader)
    , m_session(session)
{
    setObjectName(QStringLiteral("usersDialog"));
    setWindowTitle(tr("Users"));

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setHorizontalHeaderLabels({tr("ID", "column: the user's number"), tr("Name", "column: the user's name"),
                                        tr("Email", "column"), tr("Role", "column: the user's role"),
                                        tr("Active", "column: whether the user may log in")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &UsersDialog::updateButtons);

    m_addButton = new QPushButton(tr("&Add user…"), this);
    m_addButton->setObjectName(QStringLiteral("addUserButton"));
    m_roleButton = new QPushButton(tr("Change &role…"), this);
    m_roleButton->setObjectName(QStringLiteral("changeRoleButton"));
    m_activeButton = new QPushButton(tr("&Deactivate"), this);
    m_activeButton->setObjectName(QStringLiteral("activeButton"));
    m_passwordButton = new QPushButton(tr("Reset &password…"), this);
    m_passwordButton->setObjectName(QStringLiteral("resetPasswordButton"));
    connect(m_addButton, &QPushButton::clicked, this, &UsersDialog::addUser);
    connect(m_roleButton, &QPushButton::clicked, this, &UsersDialog::changeRole);
    connect(m_activeButton, &QPushButton::clicked, this, &UsersDialog::toggleActive);
    connect(m_passwordButton, &QPushButton::clicked, this, &UsersDialog::resetPassword);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("usersStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *buttons = new QVBoxLayout;
    for (QPushButton *button : {m_addButton, m_roleButton, m_activeButton, m_passwordButton})
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *body = new QHBoxLayout;
    body->addWidget(m_table, 1);
    body->addLayout(buttons);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &UsersDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(m_status);
    layout->addWidget(close);
    resize(760, 420);

    connect(m_reader, &SnapshotReader::usersReady, this, &UsersDialog::applyUsers);
    m_request = new ReaderRequest(m_reader, m_session, this);
    connect(m_request, &ReaderRequest::failed, this, &UsersDialog::readFailed);
    connect(m_host, &ServiceHost::changed, this, [this](const QString &table, qint64) {
        if (table == QLatin1String("users"))
            refresh();
    });
    updateButtons();
    refresh();
}

User UsersDialog::selectedUser() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    if (selected.isEmpty())
        return {};
    const int row = selected.first()->row();
    return row >= 0 && row < m_users.size() ? m_users.at(row) : User{};
}

void UsersDialog::selectUser(qint64 userId)
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == userId) {
            m_table->selectRow(row);
            return;
        }
    }
    m_table->clearSelection();
}

void UsersDialog::refresh()
{
    m_reader->requestUsers(m_request->next(), m_session->actor());
}

void UsersDialog::applyUsers(int requestId, const QList<User> &users)
{
    if (!m_request->finish(requestId))
        return;
    const qint64 selectedId = selectedUser().id;

    m_users = users;
    m_table->clearContents();
    m_table->setRowCount(int(users.size()));
    for (int row = 0; row < users.size(); ++row) {
        const User &user = users.at(row);
        auto *id = new QTableWidgetItem;
        id->setData(Qt::DisplayRole, user.id);
        m_table->setItem(row, IdColumn, id);
        m_table->setItem(row, NameColumn, new QTableWidgetItem(user.name));
        m_table->setItem(row, EmailColumn, new QTableWidgetItem(user.email));
        m_table->setItem(row, RoleColumn, new QTableWidgetItem(AccessPolicy::roleName(user.role)));
        m_table->setItem(row, ActiveColumn,
                         new QTableWidgetItem(user.active ? tr("Yes", "the user is active")
                                                          : tr("No", "the user is deactivated")));
    }
    m_table->resizeColumnsToContents();
    if (selectedId != 0)
        selectUser(selectedId);
    updateButtons();
    emit refreshed();
}

void UsersDialog::readFailed(const QString &message)
{
    qCWarning(lcUi) << "Reading the users failed:" << message;
    m_status->setText(tr("Could not load the users: %1").arg(message));
}

void UsersDialog::updateButtons()
{
    const User user = selectedUser();
    const bool selected = user.id != 0;
    m_addButton->setEnabled(!m_changeInFlight);
    m_roleButton->setEnabled(selected && !m_changeInFlight);
    m_passwordButton->setEnabled(selected && !m_changeInFlight);
    m_activeButton->setEnabled(selected && !m_changeInFlight);
    m_activeButton->setText(!selected || user.active ? tr("&Deactivate") : tr("Re&activate"));
}

UserFormDialog *UsersDialog::addUser()
{
    auto *form = new UserFormDialog(UserFormDialog::Mode::NewUser, QString(), this);
    form->setAttribute(Qt::WA_DeleteOnClose);
    connect(form, &UserFormDialog::submitted, this, [this, form] { submitNewUser(form); });
    form->open();
    return form;
}

void UsersDialog::submitNewUser(UserFormDialog *form)
{
    const User user = form->user();
    const QString password = form->password();
    m_status->setText(tr("Saving…"));
    m_host->request<qint64>(
        form,
        [actor = m_session->actor(), user, password](ServiceCore &core, std::function<void(Result<qint64>)> reply) {
            core.addUser(actor, user, password, std::move(reply));
        },
        [this, form, user](const Result<qint64> &added) {
            m_status->clear();
            form->setBusy(false);
            if (!added) {
                showFailure(tr("The user was not added"), added.error());
                return;
            }
            m_status->setText(tr("Added %1.").arg(user.email));
            form->finish();
        });
}

void UsersDialog::changeRole()
{
    const User user = selectedUser();
    if (user.id == 0)
        return;
    QStringList names;
    for (UserRole role : RolesInMenuOrder)
        names << AccessPolicy::roleName(role);

    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("roleDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Change role"));
    dialog->setLabelText(tr("Role of %1:").arg(user.email));
    dialog->setComboBoxItems(names);
    dialog->setTextValue(AccessPolicy::roleName(user.role));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, names, user](const QString &name) {
        const qsizetype index = names.indexOf(name);
        if (index >= 0 && RolesInMenuOrder.at(index) != user.role)
            setRole(user.email, RolesInMenuOrder.at(index));
    });
    dialog->open();
}

void UsersDialog::setRole(const QString &email, UserRole role)
{
    m_changeInFlight = true;
    updateButtons();
    m_host->call<void>(
        this, [actor = m_session->actor(), email, role](ServiceCore &core) { return core.setUserRole(actor, email, role); },
        [this, email, role](const Status &changed) {
            m_changeInFlight = false;
            updateButtons();
            if (!changed) {
                showFailure(tr("The role was not changed"), changed.error());
                return;
            }
            if (isSelf(email) && role != m_session->role()) {
                // What this window shows was decided by the old role.
                m_session->end(tr("Your role is now %1. Log in again to continue with it.")
                                   .arg(AccessPolicy::roleName(role)));
            }
        });
}

void UsersDialog::toggleActive()
{
    const User user = selectedUser();
    if (user.id == 0)
        return;
    const bool activate = !user.active;
    if (!activate) {
        const auto answer = MessageBoxes::question(
            this, tr("Deactivate user?"),
            tr("%1 will no longer be able to log in, and an open session of theirs ends at its next action.")
                .arg(user.email),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes)
            return;
    }

    m_changeInFlight = true;
    updateButtons();
    const QString email = user.email;
    m_host->call<void>(
        this,
        [actor = m_session->actor(), email, activate](ServiceCore &core) {
            return core.setUserActive(actor, email, activate);
        },
        [this, email, activate](const Status &changed) {
            m_changeInFlight = false;
            updateButtons();
            if (!changed) {
                showFailure(activate ? tr("The user was not reactivated") : tr("The user was not deactivated"),
                            changed.error());
                return;
            }
            if (!activate && isSelf(email))
                m_session->end(tr("You deactivated your own account."));
        });
}

UserFormDialog *UsersDialog::resetPassword()
{
    const User user = selectedUser();
    if (user.id == 0)
        return nullptr;
    auto *form = new UserFormDialog(UserFormDialog::Mode::ResetPassword, user.email, this);
    form->setAttribute(Qt::WA_DeleteOnClose);
    connect(form, &UserFormDialog::submitted, this, [this, form, email = user.email] { submitNewPassword(form, email); });
    form->open();
    return form;
}

void UsersDialog::submitNewPassword(UserFormDialog *form, const QString &email)
{
    const QString password = form->password();
    m_status->setText(tr("Saving…"));
    m_host->request<bool>(
        form,
        [actor = m_session->actor(), email, password](ServiceCore &core, std::function<void(Result<bool>)> reply) {
            core.resetPassword(actor, email, password, std::move(reply));
        },
        [this, form, email](const Result<bool> &reset) {
            m_status->clear();
            form->setBusy(false);
            if (!reset) {
                showFailure(tr("The password was not changed"), reset.error());
                return;
            }
            m_status->setText(tr("New password set for %1.").arg(email));
            form->finish();
        });
}

void UsersDialog::showFailure(const QString &title, const Error &error)
{
    if (m_session->check(error))
        return;
    qCInfo(lcUi) << title << ":" << error.message;
    MessageBoxes::critical(this, title, error.message);
}

bool UsersDialog::isSelf(const QString &email) const
{
    return email.trimmed().compare(m_session->email(), Qt::CaseInsensitive) == 0;
}

} // namespace Prospecta
