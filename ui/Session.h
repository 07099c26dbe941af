// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"
#include "core/Result.h"

#include <QObject>
#include <QString>

namespace Prospecta {

// The logged-in user of this desktop. Views pass actor() with every read and write, so
// the core checks the user's current role each time. The role stored here only decides
// which controls the GUI shows. A session ends once, when the user logs out or when the
// core returns Unauthorized because the account was deactivated meanwhile.
class Session : public QObject
{
    Q_OBJECT

public:
    explicit Session(Principal principal, QObject *parent = nullptr);

    const Principal &principal() const { return m_principal; }
    Actor actor() const { return m_principal.actor; }
    qint64 userId() const { return m_principal.actor.userId; }
    QString name() const { return m_principal.name; }
    QString email() const { return m_principal.email; }
    UserRole role() const { return m_principal.role; }
    bool allows(Permission permission) const { return m_principal.allows(permission); }

    bool isEnded() const { return m_ended; }

    // Emits ended(reason) the first time; later calls do nothing. An empty reason means
    // the user logged out.
    void end(const QString &reason);

    // Ends the session when `error` is Unauthorized, which the core returns for a user
    // who no longer exists or was deactivated. Returns whether the session has ended, so
    // a caller can skip showing the error in a window that is about to close.
    bool check(const Error &error);

signals:
    void ended(const QString &reason);

private:
    Principal m_principal;
    bool m_ended = false;
};

} // namespace Prospecta
