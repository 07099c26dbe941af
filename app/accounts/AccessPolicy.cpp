// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AccessPolicy.h"

namespace Prospecta {

bool AccessPolicy::allows(UserRole role, Permission permission)
{
    switch (permission) {
    case Permission::WorkLeads:
        return true;
    case Permission::SeeAllLeads:
    case Permission::AssignLeads:
    case Permission::ViewDashboards:
    case Permission::Export:
    case Permission::DeleteLeads:
    case Permission::PauseAi:
        return role == UserRole::Admin || role == UserRole::Manager;
    case Permission::ManageUsers:
    case Permission::ManageIntegrations:
    case Permission::ManageCampaigns:
    case Permission::ManageSettings:
    case Permission::ViewAudit:
        return role == UserRole::Admin;
    }
    return false;
}

QString AccessPolicy::describe(Permission permission)
{
    switch (permission) {
    case Permission::WorkLeads: return tr("work leads");
    case Permission::SeeAllLeads: return tr("see leads assigned to other people");
    case Permission::AssignLeads: return tr("assign leads and conversations");
    case Permission::ViewDashboards: return tr("see dashboards");
    case Permission::Export: return tr("export data");
    case Permission::DeleteLeads: return tr("delete leads");
    case Permission::PauseAi: return tr("pause or resume the AI agents");
    case Permission::ManageUsers: return tr("manage users");
    case Permission::ManageIntegrations: return tr("change integrations");
    case Permission::ManageCampaigns: return tr("manage campaigns");
    case Permission::ManageSettings: return tr("change settings");
    case Permission::ViewAudit: return tr("read the audit log");
    }
    return {};
}

QString AccessPolicy::roleName(UserRole role)
{
    switch (role) {
    case UserRole::Admin: return tr("Administrator");
    case UserRole::Manager: return tr("Manager");
    case UserRole::Agent: return tr("Sales agent");
    }
    return {};
}

} // namespace Prospecta
