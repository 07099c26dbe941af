// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/NameRule.h"

#include "Enums.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Prospecta {

// Plain values copied between threads; ids are database ids (0 when not stored yet),
// instants are milliseconds since the epoch, UTC.

struct Lead
{
    // Names typed or imported are refused beyond this many UTF-16 units; a provider's
    // profile name is cut to it.
    static constexpr int MaxNameLength = NameRule::MaxLength;

    qint64 id = 0;
    QString name;
    QString phone;     // E.164
    QString phoneKey;  // identity: E.164 without Argentina's mobile 9 or Mexico's old 1
    QString country;   // ISO 3166 alpha-2
    QString email;
    LeadSource source = LeadSource::Manual;
    qint64 campaignId = 0;
    LeadStatus status = LeadStatus::New;
    int score = 0;
    qint64 assignedUserId = 0;
    qint64 lastContactMs = 0;
    QString notes;
    QJsonObject metadata;
    bool optedOut = false;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
};

struct Campaign
{
    qint64 id = 0;
    QString name;
    QString description;
    CampaignType type = CampaignType::WhatsApp;
    CampaignStatus status = CampaignStatus::Active;
    QString language = QStringLiteral("es");
    qint64 startMs = 0;
    qint64 endMs = 0;
    QString welcomeMessage;
    AgentType initialAgent = AgentType::Welcome;
    QMap<AgentType, QString> instructions;
    QStringList keywords;
    bool isDefault = false;
    qint64 createdMs = 0;
};

struct Conversation
{
    qint64 id = 0;
    qint64 leadId = 0;
    qint64 campaignId = 0;
    QString channel = QStringLiteral("whatsapp");
    ConversationStatus status = ConversationStatus::Active;
    QString providerAddress;          // the lead's address exactly as the provider gave it
    std::optional<AgentType> currentAgent;
    qint64 humanUserId = 0;           // non-zero while a person has taken the conversation over
    bool needsHuman = false;
    QString needsHumanReason;
    qint64 lastMessageMs = 0;
    qint64 lastInboundMs = 0;         // opens the 24-hour window
    qint64 aiCursor = 0;              // id of the last lead message an AI turn has replied to
    qint64 createdMs = 0;
};

// WhatsApp delivers free text (AI or human) only within 24 hours of the lead's last
// message; after that only an approved template. `lastInboundMs` is that message's
// provider timestamp, 0 when there is none.
inline constexpr qint64 CustomerServiceWindowMs = 24LL * 60 * 60 * 1000;

inline bool insideCustomerServiceWindow(qint64 lastInboundMs, qint64 nowMs)
{
    return lastInboundMs > 0 && nowMs - lastInboundMs <= CustomerServiceWindowMs;
}

struct Message
{
    // The longest WhatsApp text message, in UTF-16 code units.
    static constexpr int MaxTextLength = 4096;

    qint64 id = 0;
    qint64 conversationId = 0;
    SenderKind sender = SenderKind::Lead;
    std::optional<AgentType> agentType; // with SenderKind::Ai
    qint64 userId = 0;                  // with SenderKind::Human
    QString contentType = QStringLiteral("text"); // text, image, file, audio, video, location, contact, button, list
    QString content;                    // the text, the caption, or a description
    QString mediaUrl;                   // the provider's link, kept as the source
    QString mediaState;                 // "", "pending", "downloaded", "failed"
    QString mediaPath;                  // below the media folder, once downloaded
    QString mediaError;                 // why the download failed
    QJsonObject metadata;
    QString providerMessageId;          // inbound: the provider's id of the message
    qint64 providerTimestampMs = 0;     // inbound: the send time the provider reported
    qint64 createdMs = 0;
    // Joined from the outbox for outgoing messages.
    std::optional<OutboundStatus> deliveryStatus;
    QString deliveryError;
};

struct Call
{
    qint64 id = 0;
    qint64 leadId = 0;
    QString direction;
    CallStatus status = CallStatus::Initiated;
    qint64 startMs = 0;
    qint64 endMs = 0;
    int durationSeconds = 0;
    QString recordingUrl;
    QString callSid;
    QString notes;
};

struct User
{
    qint64 id = 0;
    QString name;
    QString email;
    UserRole role = UserRole::Agent;
    bool active = true;
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::Lead)
Q_DECLARE_METATYPE(Prospecta::Message)
Q_DECLARE_METATYPE(Prospecta::Conversation)
Q_DECLARE_METATYPE(Prospecta::User)
