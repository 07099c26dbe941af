// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accounts/Authorizer.h"
#include "core/Result.h"
#include "domain/Actor.h"
#include "domain/Entities.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Prospecta {

class Clock;
class Database;

// The fields a person may give a lead. An empty optional leaves the field as it is (on
// update) or at its default (on create).
struct LeadInput
{
    std::optional<QString> name;
    std::optional<QString> phone;       // as typed; parsed with the lead's country or phone.defaultRegion
    std::optional<QString> email;       // stored in lower case
    // ISO 3166 alpha-2, set by hand; empty to let the phone decide. Applied before the phone,
    // which is then parsed with it and no longer sets the country.
    std::optional<QString> country;
    std::optional<LeadSource> source;
    std::optional<qint64> campaignId;   // 0 for none
    std::optional<LeadStatus> status;
    std::optional<int> score;
    std::optional<qint64> assignedUserId; // 0 for unassigned
    std::optional<QString> notes;
    std::optional<QJsonObject> metadata;  // string values only
    // Replaces every tag. Each is trimmed; empty ones are dropped, and so is a tag equal
    // to an earlier one without case (the first spelling stays). LeadTagLimits apply.
    std::optional<QStringList> tags;
    // The lead's updatedMs when the person loaded it. When the lead changed since (another
    // user, desktop or process), update() writes nothing and returns a Conflict on the
    // field "updatedAt" whose message names who changed it and when.
    std::optional<qint64> expectedUpdatedMs;
};

// How many tags a lead may have and how long each may be, in UTF-16 code units.
struct LeadTagLimits
{
    static constexpr int MaxTags = 20;
    static constexpr int MaxLength = 40;
};

struct LeadQuery
{
    std::optional<LeadStatus> status;
    std::optional<LeadSource> source;
    qint64 campaignId = 0;
    QString search;  // as LeadListFilter::search
    int page = 1;    // from 1
    int limit = 10;  // 1 to 100
};

struct LeadPage
{
    QList<Lead> leads;  // newest first
    int total = 0;
    int page = 1;
    int totalPages = 0;
};

// Lead records as people create, read, change and delete them. Agents see and change
// their own and unassigned leads and may give a lead to no one but themselves; managers
// and administrators may do everything. A phone that matches an existing lead's identity
// (in any format) is a Conflict naming that lead. Status and owner changes are audited.
class LeadService
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::LeadService)

public:
    LeadService(const Database &database, const Clock &clock, QString defaultRegion);

    Result<Lead> create(const Actor &actor, const LeadInput &input) const;
    // Sets the given fields and the last contact to now, as the original backend did.
    Result<Lead> update(const Actor &actor, qint64 leadId, const LeadInput &input) const;
    Result<Lead> find(const Actor &actor, qint64 leadId) const;

    // userId 0 leaves the lead unassigned. Managers and administrators only; the new owner
    // must be an active user.
    Status assign(const Actor &actor, qint64 leadId, qint64 userId) const;
    // Moves the lead to another pipeline step.
    Status setStatus(const Actor &actor, qint64 leadId, LeadStatus status) const;
    Result<LeadPage> list(const Actor &actor, const LeadQuery &query) const;
    // The lead's tags; the actor must be allowed to work the lead.
    Result<QStringList> tags(const Actor &actor, qint64 leadId) const;

    // The tags as LeadInput::tags stores them, or InvalidArgument on the field "tags"
    // naming the tag that breaks LeadTagLimits. Needs no database, so forms call it too.
    static Result<QStringList> normalizeTags(const QStringList &tags);

private:
    // One change of a lead in one transaction: the actor needs `permission` and may work
    // the lead; the fields are checked and applied, owner and status changes audited.
    Result<Lead> modify(const Actor &actor, qint64 leadId, const LeadInput &input, Permission permission,
                        bool touchLastContact) const;
    // Checks `input` and applies it to `lead`; the principal decides who may be owner.
    Status apply(const Principal &principal, const LeadInput &input, Lead &lead) const;
    // Checks that the actor may work leads and this lead in particular.
    Status requireReadableLead(const Actor &actor, qint64 leadId) const;
    // The Conflict for a lead that changed after the person loaded it at `loadedMs`.
    Error staleLeadError(const Lead &current, qint64 loadedMs) const;

    const Database &m_database;
    const Clock &m_clock;
    QString m_defaultRegion;
};

} // namespace Prospecta
