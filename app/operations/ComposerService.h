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
// assigned to, canned replies, the approved WhatsApp templates and attachments. Every user keeps
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

    // Queues the file `fileName` with `bytes` (AttachmentRules::check) for the
    // conversation's lead, with `caption` (trimmed, may be empty), and returns the stored
    // message's id. The bytes go into outbound_media under a random token; the message
    // (content type "image" or "file") links to {server.publicUrl}/media/{token}, where
    // Gupshup fetches it. Like typed text it is a session message: Forbidden outside the
    // 24-hour window and for a lead who opted out, and it takes the conversation from the
    // AI. Forbidden too while server.publicUrl cannot serve it. A refusal changes nothing.
    // After the commit a copy goes into `mediaFolder` for the chat's thumbnail. A failure to
    // write it is logged, and the chat then links to the public URL instead.
    Result<qint64> sendAttachment(const Actor &actor, qint64 conversationId, const QString &fileName,
                                  const QByteArray &bytes, const QString &caption, const QString &mediaFolder) const;

private:
    // Whether the principal may change `reply`: its owner, or a manager or an
    // administrator for a shared one.
    Status requireReplyWriter(const Principal &principal, const CannedReply &reply) const;
    // Writes the attachment of message `messageId` into `mediaFolder` and records it as
    // the message's downloaded media; failures are logged, not returned.
    void keepLocalCopy(qint64 messageId, const QString &fileName, const QByteArray &bytes,
                       const QString &mediaFolder) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace Prospecta
