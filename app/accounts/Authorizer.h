// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AccessPolicy.h"
#include "core/Result.h"
#include "domain/Actor.h"
#include "storage/Database.h"

#include <QCoreApplication>

namespace Prospecta {

// An actor whose role and active flag were read from the database for this operation.
struct Principal
{
    Actor actor;
    UserRole role = UserRole::Agent;
    QString name;  // the user's name, or the operating-system user for the command line
    QString email; // empty for the command line and the workers

    bool allows(Permission permission) const { return AccessPolicy::allows(role, permission); }

    // How the audit log names this actor: the email for users, the account otherwise.
    QString auditName() const { return email.isEmpty() ? name : email; }
    QString auditKind() const;
};

// The checks every protected operation starts with. The command line and the workers act
// as administrators; a user's role and active flag are read afresh each time, so a
// deactivated user's open session ends at its next action.
class Authorizer
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::Authorizer)

public:
    explicit Authorizer(const Database &database);

    // Unauthorized when the user does not exist or was deactivated.
    Result<Principal> resolve(const Actor &actor) const;

    // resolve(), then Forbidden unless the role has `permission`.
    Result<Principal> require(const Actor &actor, Permission permission) const;

    // The lead exists and the principal may work it: anyone who sees all leads, or the
    // lead's owner, or anyone while it has no owner.
    Status requireLead(const Principal &principal, qint64 leadId) const;

    // The same for the lead of a conversation; returns that lead's id.
    Result<qint64> requireConversation(const Principal &principal, qint64 conversationId) const;

    // The refusal for a missing permission, also used by views that hide a control.
    static Error forbidden(const Principal &principal, Permission permission);

private:
    const Database &m_database;
};

// Runs `change` for `actor` when the actor has `permission`, inside one transaction that
// commits only when `change` succeeds, so a refusal or a failure at any step changes
// nothing. `change` takes the Principal and returns a Status or a Result.
template<typename Change>
auto protectedChange(const Database &database, const Actor &actor, Permission permission, Change &&change)
    -> decltype(change(std::declval<const Principal &>()))
{
    using Outcome = decltype(change(std::declval<const Principal &>()));
    Transaction transaction(database);
    if (!transaction.started())
        return Outcome(transaction.started().error());
    auto principal = Authorizer(database).require(actor, permission);
    if (!principal)
        return Outcome(principal.error());
    Outcome outcome = change(*principal);
    if (!outcome)
        return outcome;
    if (auto committed = transaction.commit(); !committed)
        return Outcome(committed.error());
    return outcome;
}

} // namespace Prospecta
