// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Entities.h"

#include <QDialog>
#include <QList>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Prospecta {

class ReaderRequest;
class ServiceHost;
class Session;
class SnapshotReader;
class UserFormDialog;

// The administrators' list of users: add one, change a role, deactivate or reactivate,
// reset a password. The list comes from the SnapshotReader and refreshes when the
// service announces a change to users. Every change goes through the ServiceHost, so the
// core checks the role, protects the last active administrator and audits the change.
// A rejected change is shown in a message box and changes nothing.
class UsersDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { IdColumn, NameColumn, EmailColumn, RoleColumn, ActiveColumn, ColumnCount };

    UsersDialog(ServiceHost *host, SnapshotReader *reader, Session *session, QWidget *parent = nullptr);

    const QList<User> &users() const { return m_users; }
    QTableWidget *table() const { return m_table; }
    // The user on the selected row; id 0 when none is selected.
    User selectedUser() const;
    void selectUser(qint64 userId);

    // Requests a fresh list.
    void refresh();

    // The actions behind the buttons, also for tests. Each asks what it needs in a
    // window-modal dialog (open(), not exec()) or through MessageBoxes. The forms are
    // returned (null when no user is selected); they delete themselves when closed.
    UserFormDialog *addUser();
    void changeRole();
    void toggleActive();
    UserFormDialog *resetPassword();
    // Sets the role of the user with `email`, without asking (changeRole() ends here).
    void setRole(const QString &email, UserRole role);

signals:
    // After each list is shown.
    void refreshed();

private:
    void applyUsers(int requestId, const QList<Prospecta::User> &users);
    void readFailed(const QString &message);
    void updateButtons();
    void submitNewUser(UserFormDialog *form);
    void submitNewPassword(UserFormDialog *form, const QString &email);
    // Ends the session or shows `error` in a message box titled `title`.
    void showFailure(const QString &title, const Error &error);
    bool isSelf(const QString &email) const;

    ServiceHost *m_host;
    SnapshotReader *m_reader;
    Session *m_session;
    ReaderRequest *m_request = nullptr;
    bool m_changeInFlight = false;
    QList<User> m_users;

    QTableWidget *m_table = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_roleButton = nullptr;
    QPushButton *m_activeButton = nullptr;
    QPushButton *m_passwordButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Prospecta
