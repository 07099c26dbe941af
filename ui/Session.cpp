// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Session.h"

#include "core/Logging.h"

namespace Prospecta {

Session::Session(Principal principal, QObject *parent)
    : QObject(parent)
    , m_principal(std::move(principal))
{
}

void Session::end(const QString &reason)
{
    if (m_ended)
        return;
    m_ended = true;
    if (reason.isEmpty())
        qCInfo(lcUi) << "user" << userId() << "logged out";
    else
        qCInfo(lcUi) << "session of user" << userId() << "ended:" << reason;
    emit ended(reason);
}

bool Session::check(const Error &error)
{
    if (error.kind == ErrorKind::Unauthorized)
        end(error.message);
    return m_ended;
}

} // namespace Prospecta
