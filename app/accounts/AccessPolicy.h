// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Enums.h"

#include <QCoreApplication>
#include <QString>

namespace Prospecta {

// What a role may do. The core checks these on every protected operation (Authorizer),
// whichever interface asked; the GUI only hides what the core would refuse anyway.
enum class Permission {
    WorkLeads,          // see and work one's own leads and the unassigned ones: every role
    SeeAllLeads,        // leads and conversations assigned to others
    AssignLeads,        // give a lead or conversation to someone (or to no one)
    ViewDashboards,
    Export,
    DeleteLeads,
    PauseAi,            // the "pause all AI" switch
    ManageUsers,
    ManageIntegrations,
    ManageCampaigns,
    ManageSettings,
    ViewAudit,
};

class AccessPolicy
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::AccessPolicy)

public:
    // Agents work their own and unassigned leads; managers also see everything, assign,
    // see dashboards, export, delete leads and may pause the AI; admins may do all that
    // and manage users, integrations, campaigns, settings and read the audit log.
    static bool allows(UserRole role, Permission permission);

    // The permission as the end of a sentence, translated: "manage users".
    static QString describe(Permission permission);

    // The role's name for people, translated: "Administrator".
    static QString roleName(UserRole role);
};

} // namespace Prospecta
