// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadService.h"

#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "channels/PhoneNumbers.h"
#include "core/EmailAddress.h"
#include "core/Clock.h"
#include "storage/AuditRepository.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/UserRepository.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

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

Result<QStringList> LeadService::normalizeTags(const QStringList &tags)
{
    QStringList result;
    QSet<QString> keys;
    for (const QString &typed : tags) {
        const QString tag = typed.trimmed();
        if (tag.isEmpty())
            continue;
        if (std::any_of(tag.cbegin(), tag.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
            return invalid(QStringLiteral("tags"),
                           tr("The tag \"%1\" contains a tab, a line break or another control character; remove it.")
                               .arg(tag.simplified()));
        if (tag.size() > LeadTagLimits::MaxLength)
            return invalid(QStringLiteral("tags"), tr("The tag \"%1\" is longer than %2 characters; shorten it.")
                                                       .arg(tag)
                                                       .arg(LeadTagLimits::MaxLength));
        const QString key = LeadRepository::tagKey(tag);
        if (keys.contains(key))
            continue;
        keys.insert(key);
        result << tag;
    }
    if (result.size() > LeadTagLimits::MaxTags)
        return invalid(QStringLiteral("tags"), tr("A lead may have at most %1 tags; got %2. Remove some.")
                                                   .arg(LeadTagLimits::MaxTags)
                                                   .arg(result.size()));
    return result;
}

Error LeadService::staleLeadError(const Lead &current, qint64 loadedMs) const
{
    // The newest audit row about the lead names who changed it, when the change was
    // audited. Changes by the workers (an AI agent storing the name) leave no row.
    AuditFilter filter;
    filter.targetKind = QStringLiteral("lead");
    filter.targetId = QString::number(current.id);
    filter.limit = 1;
    auto latest = AuditRepository(m_database).query(filter);
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(current.updatedMs).toLocalTime(),
                                            QLocale::ShortFormat);
    QString message;
    if (latest && !latest->isEmpty() && latest->first().occurredMs > loadedMs) {
        message = tr("%1 changed this lead at %2, after you opened it. Nothing was saved: reload the lead to see "
                     "the change, then make your edits again.")
                      .arg(latest->first().actorName, when);
    } else {
        message = tr("This lead changed at %1, after you opened it. Nothing was saved: reload the lead to see the "
                     "change, then make your edits again.")
                      .arg(when);
    }
    return makeError(ErrorKind::Conflict, message, {QStringLiteral("updatedAt")});
}

Status LeadService::apply(const Principal &principal, const LeadInput &input, Lead &lead) const
{
    if (input.name) {
        lead.name = input.name->trimmed();
        if (auto valid = NameRule::check(lead.name, QStringLiteral("name")); !valid)
            return valid;
    }
    bool countryByHand = false;
    if (input.country) {
        const QString country = input.country->trimmed().toUpper();
        static const QRegularExpression alpha2(QStringLiteral("^[A-Z]{2}$"));
        if (!country.isEmpty()
            && (!alpha2.match(country).hasMatch() || QLocale::codeToTerritory(country) == QLocale::AnyTerritory))
            return invalid(QStringLiteral("country"),
                           tr("\"%1\" is not a country code; write the two letters of ISO 3166, such as MX or PE.")
                               .arg(input.country->trimmed()));
        countryByHand = !country.isEmpty();
        if (countryByHand)
            lead.country = country;
    }
    if (input.phone) {
        const QString region = lead.country.isEmpty() ? m_defaultRegion : lead.country;
        auto phone = PhoneNumbers::fromTyped(*input.phone, region);
        if (!phone)
            return invalid(QStringLiteral("phone"), phone.error().message);
        lead.phone = phone->e164;
        lead.phoneKey = phone->phoneKey;
        if (!countryByHand)
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
    QStringList tags;
    if (input.tags) {
        auto normalized = normalizeTags(*input.tags);
        if (!normalized)
            return normalized.error();
        tags = *normalized;
    }
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
    if (!tags.isEmpty()) {
        if (auto tagged = leads.setTags(lead.id, tags); !tagged)
            return tagged.error();
    }
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
    // Two managers assigning one lead at once from two desktops: the second waits for the
    // first's commit, then reads, audits and overwrites its result, so one owner remains.
    if (auto locked = leads.lockForUpdate(leadId); !locked)
        return locked.error();
    auto found = leads.findById(leadId);
    if (!found)
        return found.error();
    const Lead before = **found;
    if (input.expectedUpdatedMs && *input.expectedUpdatedMs != before.updatedMs)
        return staleLeadError(before, *input.expectedUpdatedMs);
    Lead lead = before;
    if (auto applied = apply(*principal, input, lead); !applied)
        return applied.error();
    QStringList tagsBefore;
    QStringList tagsAfter;
    if (input.tags) {
        auto normalized = normalizeTags(*input.tags);
        if (!normalized)
            return normalized.error();
        auto stored = leads.tags(leadId);
        if (!stored)
            return stored.error();
        tagsBefore = *stored;
        tagsAfter = *normalized;
    }
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
    // updated_at is the version that expectedUpdatedMs compares, so every save moves it
    // forward, even for two saves within one millisecond.
    if (auto saved = leads.save(lead, std::max(nowMs, before.updatedMs + 1)); !saved)
        return saved.error();
    if (tagsAfter != tagsBefore) {
        if (auto tagged = leads.setTags(leadId, tagsAfter); !tagged)
            return tagged.error();
    }
    if (auto audited = AuditLog(m_database, m_clock).recordLeadChanges(*principal, before, lead, tagsBefore, tagsAfter);
        !audited)
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

Status LeadService::requireReadableLead(const Actor &actor, qint64 leadId) const
{
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    return authorizer.requireLead(*principal, leadId);
}

Result<Lead> LeadService::find(const Actor &actor, qint64 leadId) const
{
    if (auto allowed = requireReadableLead(actor, leadId); !allowed)
        return allowed.error();
    auto found = LeadRepository(m_database).findById(leadId);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(ErrorKind::NotFound, tr("Lead %1 does not exist.").arg(leadId));
    return **found;
}

Result<QStringList> LeadService::tags(const Actor &actor, qint64 leadId) const
{
    if (auto allowed = requireReadableLead(actor, leadId); !allowed)
        return allowed.error();
    return LeadRepository(m_database).tags(leadId);
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
