// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadService.h"

#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "channels/PhoneNumbers.h"
#include "core/EmailAddress.h"
#include "core/Clock.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/UserRepository.h"

#include <QRegularExpression>

namespace Prospecta {

namespace {

Error invalid(const QString &field, const QString &message)
{
    return makeError(ErrorKind::InvalidArgument, message, {field});
}

} // namespace

LeadService::LeadService(const Database &database, const Clock &clock, QString defaultRegion)
    : m_database(database)
    , m_clock(clock)
    , m_defaultRegion(std::move(defaultRegion))
{
}

Status LeadService::apply(const Principal &principal, const LeadInput &input, Lead &lead) const
{
    if (input.name) {
        lead.name = input.name->trimmed();
        if (lead.name.size() > 200)
            return invalid(QStringLiteral("name"), tr("The name is longer than 200 characters; shorten it."));
        if (std::any_of(lead.name.cbegin(), lead.name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
            return invalid(QStringLiteral("name"),
                           tr("The name contains a tab, a line break or another control character; remove it."));
    }
    if (input.phone) {
        const QString region = lead.country.isEmpty() ? m_defaultRegion : lead.country;
        auto phone = PhoneNumbers::fromTyped(*input.phone, region);
        if (!phone)
            return invalid(QStringLiteral("phone"), phone.error().message);
        lead.phone = phone->e164;
        lead.phoneKey = phone->phoneKey;
        lead.country = phone->country;
    }
    if (input.email) {
        const QString email = input.email->trimmed().toLower();
        if (!email.isEmpty() && !isEmailAddress(email))
            return invalid(QStringLiteral("email"),
                           tr("\"%1\" is not an email address; write it as name@example.com.").arg(email));
        lead.email = email;
    }
    if (input.source)
        lead.source = *input.source;
    if (input.status)
        lead.status = *input.status;
    if (input.score) {
        if (*input.score < 0 || *input.score > 100)
            return invalid(QStringLiteral("score"), tr("The score must be between 0 and 100; got %1.").arg(*input.score));
        lead.score = *input.score;
    }
    if (input.notes)
        lead.notes = *input.notes;
    if (input.metadata) {
        for (auto it = input.metadata->constBegin(); it != input.metadata->constEnd(); ++it) {
            if (!it.value().isString())
                return invalid(QStringLiteral("metadata"),
                               tr("Metadata values must be text; \"%1\" is not.").arg(it.key()));
        }
        lead.metadata = *input.metadata;
    }
    if (input.campaignId && *input.campaignId != lead.campaignId) {
        if (*input.campaignId != 0) {
            auto campaign = CampaignRepository(m_database).findById(*input.campaignId);
            if (!campaign)
                return campaign.error();
            if (!*campaign)
                return invalid(QStringLiteral("campaign"), tr("Campaign %1 does not exist.").arg(*input.campaignId));
        }
        lead.campaignId = *input.campaignId;
    }
    if (input.assignedUserId && *input.assignedUserId != lead.assignedUserId) {
        const qint64 owner = *input.assignedUserId;
        const bool toSelf = owner == principal.actor.userId && principal.actor.kind == Actor::Kind::User;
        if (!principal.allows(Permission::AssignLeads) && !toSelf)
            return Authorizer::forbidden(principal, Permission::AssignLeads);
        if (owner != 0) {
            auto user = UserRepository(m_database).findById(owner);
            if (!user)
                return user.error();
            if (!*user || !(*user)->user.active)
                return invalid(QStringLiteral("assignedTo"),
                               tr("User %1 does not exist or is deactivated; choose an active user.").arg(owner));
        }
        lead.assignedUserId = owner;
    }
    return {};
}

Result<Lead> LeadService::create(const Actor &actor, const LeadInput &input) const
{
    if (!input.phone || input.phone->trimmed().isEmpty())
        return makeError(ErrorKind::MissingField, tr("The phone is missing: every lead needs a phone number."),
                         {QStringLiteral("phone")});

    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();

    Lead lead;
    lead.source = LeadSource::Manual;
    if (auto applied = apply(*principal, input, lead); !applied)
        return applied.error();
    LeadRepository leads(m_database);
    auto existing = leads.findByPhoneKey(lead.phoneKey);
    if (!existing)
        return existing.error();
    if (*existing)
        return makeError(ErrorKind::Conflict,
                         tr("Lead %1 already has the phone %2.").arg((*existing)->id).arg((*existing)->phone),
                         {QStringLiteral("phone")});

    const qint64 nowMs = m_clock.nowMs();
    auto id = leads.create(lead, nowMs);
    if (!id)
        return id.error();
    lead.id = *id;
    const Lead before = [&] {
        Lead blank = lead;
        blank.status = LeadStatus::New;
        blank.assignedUserId = 0;
        return blank;
    }();
    if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(*principal, before, lead); !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return leads.findById(*id).value().value_or(lead);
}

Result<Lead> LeadService::modify(const Actor &actor, qint64 leadId, const LeadInput &input, Permission permission,
                                 bool touchLastContact) const
{
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, permission);
    if (!principal)
        return principal.error();
    if (auto allowed = authorizer.requireLead(*principal, leadId); !allowed)
        return allowed.error();

    LeadRepository leads(m_database);
    auto found = leads.findById(leadId);
    if (!found)
        return found.error();
    const Lead before = **found;
    Lead lead = before;
    if (auto applied = apply(*principal, input, lead); !applied)
        return applied.error();
    if (lead.phoneKey != before.phoneKey) {
        auto existing = leads.findByPhoneKey(lead.phoneKey);
        if (!existing)
            return existing.error();
        if (*existing && (*existing)->id != leadId)
            return makeError(ErrorKind::Conflict,
                             tr("Lead %1 already has the phone %2.").arg((*existing)->id).arg((*existing)->phone),
                             {QStringLiteral("phone")});
    }
    const qint64 nowMs = m_clock.nowMs();
    if (touchLastContact)
        lead.lastContactMs = nowMs;
    if (auto saved = leads.save(lead, nowMs); !saved)
        return saved.error();
    if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(*principal, before, lead); !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return leads.findById(leadId).value().value_or(lead);
}

Result<Lead> LeadService::update(const Actor &actor, qint64 leadId, const LeadInput &input) const
{
    return modify(actor, leadId, input, Permission::WorkLeads, true);
}

Status LeadService::assign(const Actor &actor, qint64 leadId, qint64 userId) const
{
    LeadInput input;
    input.assignedUserId = userId;
    auto changed = modify(actor, leadId, input, Permission::AssignLeads, false);
    return changed ? Status() : Status(changed.error());
}

Status LeadService::setStatus(const Actor &actor, qint64 leadId, LeadStatus status) const
{
    LeadInput input;
    input.status = status;
    auto changed = modify(actor, leadId, input, Permission::WorkLeads, false);
    return changed ? Status() : Status(changed.error());
}

Result<Lead> LeadService::find(const Actor &actor, qint64 leadId) const
{
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    if (auto allowed = authorizer.requireLead(*principal, leadId); !allowed)
        return allowed.error();
    auto found = LeadRepository(m_database).findById(leadId);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(ErrorKind::NotFound, tr("Lead %1 does not exist.").arg(leadId));
    return **found;
}

Result<LeadPage> LeadService::list(const Actor &actor, const LeadQuery &query) const
{
    if (query.page < 1)
        return invalid(QStringLiteral("page"), tr("The page must be 1 or more; got %1.").arg(query.page));
    if (query.limit < 1 || query.limit > 100)
        return invalid(QStringLiteral("limit"), tr("The limit must be between 1 and 100; got %1.").arg(query.limit));
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();

    LeadListFilter filter;
    filter.status = query.status;
    filter.source = query.source;
    filter.campaignId = query.campaignId;
    filter.search = query.search;
    if (!principal->allows(Permission::SeeAllLeads))
        filter.visibility.agentUserId = actor.userId;
    LeadRepository leads(m_database);
    auto total = leads.count(filter);
    if (!total)
        return total.error();
    filter.limit = query.limit;
    filter.offset = (query.page - 1) * query.limit;
    auto rows = leads.list(filter);
    if (!rows)
        return rows.error();
    LeadPage page;
    page.leads = *rows;
    page.total = *total;
    page.page = query.page;
    page.totalPages = (*total + query.limit - 1) / query.limit;
    return page;
}

} // namespace Prospecta
