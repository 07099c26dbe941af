// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ComposerService.h"

#include "AttachmentRules.h"
#include "LeadDesk.h"
#include "TemplateText.h"
#include "accounts/AuditLog.h"
#include "accounts/Authorizer.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "security/SecretBox.h"
#include "storage/ConversationRepository.h"
#include "storage/ConversationWriter.h"
#include "storage/Database.h"
#include "storage/LeadRepository.h"
#include "storage/MediaRepository.h"
#include "storage/OutboundMediaRepository.h"
#include "storage/OutboxRepository.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace Prospecta {

namespace {

// Canned replies are short: a title for the menu and a message body.
constexpr int MaxTitleLength = 80;
// Longer text would reach the lead as several messages: replies are split at 4,096
// UTF-16 code units.
constexpr int MaxReplyLength = 4096;
// Random bytes in an attachment's token, the only credential of its public link.
constexpr int MediaTokenBytes = 32;

bool writesShared(const Principal &principal)
{
    return principal.role == UserRole::Admin || principal.role == UserRole::Manager;
}

Error invalid(const QString &field, const QString &message)
{
    return makeError(ErrorKind::InvalidArgument, message, {field});
}

} // namespace

ComposerService::ComposerService(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<QList<User>> ComposerService::assignees(const Actor &actor) const
{
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    auto users = UserRepository(m_database).list();
    if (!users)
        return users.error();
    QList<User> assignable;
    for (const User &user : std::as_const(*users)) {
        if (!user.active)
            continue;
        if (principal->allows(Permission::AssignLeads) || user.id == actor.userId)
            assignable << user;
    }
    return assignable;
}

Result<QList<CannedReply>> ComposerService::cannedReplies(const Actor &actor) const
{
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    return CannedReplyRepository(m_database).visibleTo(actor.kind == Actor::Kind::User ? actor.userId : 0);
}

Status ComposerService::requireReplyWriter(const Principal &principal, const CannedReply &reply) const
{
    if (reply.shared()) {
        if (!writesShared(principal))
            return makeError(ErrorKind::Forbidden,
                             tr("Only managers and administrators may change shared canned replies."));
        return {};
    }
    if (principal.actor.kind != Actor::Kind::User || reply.ownerUserId != principal.actor.userId)
        return makeError(ErrorKind::Forbidden, tr("A personal canned reply can be changed only by its owner."));
    return {};
}

Result<qint64> ComposerService::saveCannedReply(const Actor &actor, const CannedReply &reply) const
{
    CannedReply cleaned = reply;
    cleaned.title = reply.title.simplified();
    cleaned.body = reply.body.trimmed();
    if (cleaned.title.isEmpty())
        return makeError(ErrorKind::MissingField, tr("The title is missing: name the reply for the menu."),
                         {QStringLiteral("title")});
    if (cleaned.title.size() > MaxTitleLength)
        return invalid(QStringLiteral("title"),
                       tr("The title has %1 characters; keep it to %2.").arg(cleaned.title.size()).arg(MaxTitleLength));
    if (cleaned.body.isEmpty())
        return makeError(ErrorKind::MissingField, tr("The reply's text is missing."), {QStringLiteral("body")});
    if (cleaned.body.size() > MaxReplyLength)
        return invalid(QStringLiteral("body"),
                       tr("The reply has %1 characters; keep it to %2.").arg(cleaned.body.size()).arg(MaxReplyLength));

    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();

    CannedReplyRepository replies(m_database);
    qint64 id = cleaned.id;
    if (id == 0) {
        if (auto allowed = requireReplyWriter(*principal, cleaned); !allowed)
            return allowed.error();
        auto created = replies.create(cleaned, actor.kind == Actor::Kind::User ? actor.userId : 0, nowMs);
        if (!created)
            return created.error();
        id = *created;
    } else {
        // The stored reply decides who may change it, whatever owner the caller sent.
        auto existing = replies.findById(id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return makeError(ErrorKind::NotFound, tr("That canned reply no longer exists."));
        if (auto allowed = requireReplyWriter(*principal, **existing); !allowed)
            return allowed.error();
        cleaned.ownerUserId = (*existing)->ownerUserId;
        if (auto updated = replies.update(cleaned, nowMs); !updated)
            return updated.error();
    }
    if (cleaned.shared()) {
        if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::SharedCannedReplyChanged,
                                                                QStringLiteral("canned_reply"), QString::number(id),
                                                                reply.id == 0 ? QStringLiteral("created")
                                                                              : QStringLiteral("edited"));
            !audited)
            return audited.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Status ComposerService::deleteCannedReply(const Actor &actor, qint64 replyId) const
{
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    CannedReplyRepository replies(m_database);
    auto existing = replies.findById(replyId);
    if (!existing)
        return existing.error();
    if (!*existing)
        return makeError(ErrorKind::NotFound, tr("That canned reply no longer exists."));
    if (auto allowed = requireReplyWriter(*principal, **existing); !allowed)
        return allowed;
    if (auto removed = replies.remove(replyId); !removed)
        return removed;
    if ((*existing)->shared()) {
        if (auto audited = AuditLog(m_database, m_clock).record(*principal, AuditAction::SharedCannedReplyChanged,
                                                                QStringLiteral("canned_reply"),
                                                                QString::number(replyId), QStringLiteral("deleted"));
            !audited)
            return audited;
    }
    return transaction.commit();
}

Result<QList<MessageTemplate>> ComposerService::templates(const Actor &actor) const
{
    auto principal = Authorizer(m_database).require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    return MessageTemplateRepository(m_database).list();
}

Result<qint64> ComposerService::saveTemplate(const Actor &actor, const MessageTemplate &messageTemplate) const
{
    MessageTemplate cleaned = messageTemplate;
    cleaned.name = messageTemplate.name.trimmed();
    cleaned.language = messageTemplate.language.trimmed();
    cleaned.body = messageTemplate.body.trimmed();
    if (cleaned.name.isEmpty())
        return makeError(ErrorKind::MissingField,
                         tr("The template's name is missing: enter its id as Gupshup lists it."),
                         {QStringLiteral("name")});
    static const QRegularExpression languagePattern(QStringLiteral("^[a-z]{2,3}(_[A-Z]{2})?$"));
    if (!languagePattern.match(cleaned.language).hasMatch())
        return invalid(QStringLiteral("language"),
                       tr("\"%1\" is not a template language; use a code such as es, es_MX or en_US.")
                           .arg(cleaned.language));
    if (auto valid = TemplateText::validateBody(cleaned.body); !valid)
        return valid.error();

    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    auto principal = Authorizer(m_database).require(actor, Permission::ManageIntegrations);
    if (!principal)
        return principal.error();

    MessageTemplateRepository repository(m_database);
    auto duplicate = repository.exists(cleaned.name, cleaned.language, cleaned.id);
    if (!duplicate)
        return duplicate.error();
    if (*duplicate)
        return makeError(ErrorKind::Conflict,
                         tr("A template named %1 in %2 already exists; edit that one instead.")
                             .arg(cleaned.name, cleaned.language),
                         {QStringLiteral("name")});
    qint64 id = cleaned.id;
    if (id == 0) {
        auto created = repository.create(cleaned, nowMs);
        if (!created)
            return created.error();
        id = *created;
    } else {
        auto existing = repository.findById(id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return makeError(ErrorKind::NotFound, tr("That template no longer exists."));
        if (auto updated = repository.update(cleaned, nowMs); !updated)
            return updated.error();
    }
    if (auto audited = AuditLog(m_database, m_clock).record(
            *principal, AuditAction::MessageTemplateChanged, QStringLiteral("template"), QString::number(id),
            QStringLiteral("%1 %2 (%3)")
                .arg(messageTemplate.id == 0 ? QStringLiteral("created") : QStringLiteral("edited"), cleaned.name,
                     cleaned.language));
        !audited)
        return audited.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Status ComposerService::deleteTemplate(const Actor &actor, qint64 templateId) const
{
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started();
    auto principal = Authorizer(m_database).require(actor, Permission::ManageIntegrations);
    if (!principal)
        return principal.error();
    MessageTemplateRepository repository(m_database);
    auto existing = repository.findById(templateId);
    if (!existing)
        return existing.error();
    if (!*existing)
        return makeError(ErrorKind::NotFound, tr("That template no longer exists."));
    if (auto removed = repository.remove(templateId); !removed)
        return removed;
    if (auto audited = AuditLog(m_database, m_clock).record(
            *principal, AuditAction::MessageTemplateChanged, QStringLiteral("template"), QString::number(templateId),
            QStringLiteral("deleted %1 (%2)").arg((*existing)->name, (*existing)->language));
        !audited)
        return audited;
    return transaction.commit();
}

Result<qint64> ComposerService::sendAttachment(const Actor &actor, qint64 conversationId, const QString &fileName,
                                               const QByteArray &bytes, const QString &caption,
                                               const QString &mediaFolder) const
{
    auto attachment = AttachmentRules::check(fileName, bytes);
    if (!attachment)
        return attachment.error();
    const QString trimmedCaption = caption.trimmed();
    if (auto fits = AttachmentRules::checkCaption(trimmedCaption); !fits)
        return fits.error();

    const qint64 nowMs = m_clock.nowMs();
    Transaction transaction(m_database);
    if (!transaction.started())
        return transaction.started().error();
    Authorizer authorizer(m_database);
    auto principal = authorizer.require(actor, Permission::WorkLeads);
    if (!principal)
        return principal.error();
    auto leadId = authorizer.requireConversation(*principal, conversationId);
    if (!leadId)
        return leadId.error();

    // Read from the database, not from a process's snapshot: every desktop of a team
    // shares the setting, and the processes with the installation key serve the link.
    auto settings = SettingsRepository(m_database).load();
    if (!settings)
        return settings.error();
    auto baseUrl = AttachmentRules::mediaBaseUrl(settings->text(QStringLiteral("server.publicUrl")));
    if (!baseUrl)
        return baseUrl.error();

    auto conversation = ConversationRepository(m_database).findById(conversationId);
    if (!conversation)
        return conversation.error();
    if (!*conversation)
        return makeError(ErrorKind::NotFound, tr("That conversation no longer exists."));
    auto lead = LeadRepository(m_database).findById(*leadId);
    if (!lead)
        return lead.error();
    if (*lead && (*lead)->optedOut)
        return makeError(ErrorKind::Forbidden, tr("This lead opted out of messages; the attachment was not sent."));
    if (!insideCustomerServiceWindow((*conversation)->lastInboundMs, nowMs))
        return makeError(ErrorKind::Forbidden,
                         tr("The lead's last message is more than 24 hours old: WhatsApp only allows an approved "
                            "template now, so \"%1\" was not sent.")
                             .arg(attachment->fileName));

    OutboundMedia media;
    media.token = SecretBox::randomToken(MediaTokenBytes);
    media.conversationId = conversationId;
    media.fileName = attachment->fileName;
    media.contentType = attachment->contentType;
    media.bytes = attachment->bytes;
    media.createdMs = nowMs;
    media.createdBy = actor.kind == Actor::Kind::User ? actor.userId : 0;
    auto mediaId = OutboundMediaRepository(m_database).insert(media);
    if (!mediaId)
        return mediaId.error();

    const bool image = attachment->kind == Attachment::Kind::Image;
    Message message;
    message.sender = SenderKind::Human;
    message.userId = media.createdBy;
    message.contentType = image ? QStringLiteral("image") : QStringLiteral("file");
    message.content = trimmedCaption;
    // NOTE: the link is fixed here. After server.publicUrl changes (a quick tunnel's new
    // address), a retry of this message sends the old link, which no longer reaches us.
    message.mediaUrl = *baseUrl + QStringLiteral("/media/") + media.token;
    // The chat shows a document's name, and the AI agents read it as "[archivo] name".
    if (!image)
        message.metadata.insert(QStringLiteral("fileName"), attachment->fileName);
    auto messageId = ConversationWriter(m_database).queueMedia(
        **conversation, message, image ? OutboundKind::Image : OutboundKind::File, attachment->fileName, nowMs);
    if (!messageId)
        return messageId.error();
    if (auto taken = LeadDesk(m_database, m_clock)
                         .takeForHumanReply(*principal, **conversation, message.userId,
                                            QStringLiteral("by sending an attachment"), nowMs);
        !taken)
        return taken.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();

    qCInfo(lcJobs).noquote() << "attachment" << *mediaId << QStringLiteral("(%1, %2 bytes)").arg(media.contentType).arg(bytes.size())
                             << "queued as message" << *messageId << "in conversation" << conversationId;
    keepLocalCopy(*messageId, attachment->fileName, attachment->bytes, mediaFolder);
    return *messageId;
}

void ComposerService::keepLocalCopy(qint64 messageId, const QString &fileName, const QByteArray &bytes,
                                    const QString &mediaFolder) const
{
    if (mediaFolder.isEmpty())
        return;
    // Named like MediaDownloader's files: the message id and a digest, never the file's
    // own name. The suffix is one of AttachmentRules' accepted extensions.
    const QString relative =
        QStringLiteral("%1-%2.%3")
            .arg(messageId)
            .arg(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(16)),
                 QFileInfo(fileName).suffix().toLower());
    QDir().mkpath(mediaFolder);
    QSaveFile file(QDir(mediaFolder).filePath(relative));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        qCWarning(lcJobs).noquote() << "the attachment of message" << messageId << "is queued, but its copy"
                                    << file.fileName() << "could not be written:" << file.errorString();
        return;
    }
    if (auto marked = MediaRepository(m_database).markDownloaded(messageId, relative); !marked)
        qCWarning(lcJobs).noquote() << "the copy of the attachment of message" << messageId
                                    << "was written but not recorded:" << marked.error().message;
}

} // namespace Prospecta
