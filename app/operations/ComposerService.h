// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Actor.h"
#include "domain/Entities.h"
#include "storage/CannedReplyRepository.h"
#include "storage/MessageTemplateRepository.h"

#include <QCoreApplication>
#include <QList>

namespace Prospecta {

class Clock;
class Database;
struct Principal;

// The chat composer's tools besides free text: the colleagues a conversation may be
// assigned to, canned replies and the approved WhatsApp templates. Every user keeps
// personal canned replies; managers and administrators also write shared ones, which
// every user can use. Templates are entered by administrators and read by everyone. Each
// write checks the actor and commits in one transaction or changes nothing; changes to
// shared replies and to templates are audited.
class ComposerService
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::ComposerService)

public:
    ComposerService(const Database &database, const Clock &clock);

    // The active users the actor may assign a lead to: everyone for managers and
    // administrators, only themselves for agents (LeadService::assign's rule).
    Result<QList<User>> assignees(const Actor &actor) const;

    // The shared canned replies and the actor's own.
    Result<QList<CannedReply>> cannedReplies(const Actor &actor) const;
    // Creates (id 0) or updates a canned reply and returns its id. `reply.ownerUserId` 0
    // makes a shared reply (managers and administrators only); otherwise it must be the
    // actor's own id. Title and body are required.
    Result<qint64> saveCannedReply(const Actor &actor, const CannedReply &reply) const;
    Status deleteCannedReply(const Actor &actor, qint64 replyId) const;

    Result<QList<MessageTemplate>> templates(const Actor &actor) const;
    // Creates (id 0) or updates a template and returns its id; administrators only. The
    // name, a language such as "es" or "es_MX", and a body with parameters numbered from
    // {{1}} are required; a name and language pair is unique.
    Result<qint64> saveTemplate(const Actor &actor, const MessageTemplate &messageTemplate) const;
    Status deleteTemplate(const Actor &actor, qint64 templateId) const;

private:
    // Whether the principal may change `reply`: its owner, or a manager or an
    // administrator for a shared one.
    Status requireReplyWriter(const Principal &principal, const CannedReply &reply) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
