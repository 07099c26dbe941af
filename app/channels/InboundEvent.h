// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Enums.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Prospecta {

// A message a lead sent, as a provider reported it.
struct InboundMessage
{
    QString providerMessageId;   // wamid… (v2 payload.id, v3 messages[].id)
    QString from;                // the sender's address exactly as received ("5215512340000")
    QString profileName;         // sender.name / contacts[].profile.name, may be empty
    qint64 providerTimestampMs = 0; // 0 when the provider gave none
    // text, image, file, audio, video, location, contact, button, list; other types
    // (sticker, reaction, ...) keep the provider's name and have no content read
    QString contentType;
    QString text;                // text body; for button and list replies the title
    QString caption;             // media caption
    QString mediaUrl;            // v2: a download link that expires; v3 may give only mediaId
    QString mediaId;             // v3 (Meta format): the media id to download the file with
    QString mediaMimeType;
    QString fileName;
    std::optional<double> latitude;
    std::optional<double> longitude;
    QString locationName;        // name and address of a location, when given
    QString contactName;         // first contact card's formatted name
    QString contactPhone;        // first contact card's first phone
    QString replyId;             // button / list reply id or postback text
    // The business message this replies to, if any: Gupshup's id (the send API's
    // messageId) when the callback gives it, else the WhatsApp id.
    QString contextMessageId;
    QString contextWhatsappMessageId; // the same message's WhatsApp id (wamid…), if given
};

// A delivery status of a message Prospecta sent.
struct InboundStatus
{
    QString gupshupMessageId;    // gsId / gs_id, or v2 payload.id for enqueued and sync failures
    QString whatsappMessageId;   // wamid…, when the event carries it
    QString status;              // enqueued, sent, delivered, read, failed
    qint64 timestampMs = 0;
    QString destination;
    QString errorCode;           // "1002", "131047", "4001"
    QString errorReason;
};

// A user event (opt-in, opt-out, sandbox-start).
struct InboundUserEvent
{
    QString type;                // opted-in, opted-out, sandbox-start, ...
    QString phone;               // the address as received; empty when it is not a number
};

// One event of a webhook body. A body with several messages or statuses is several
// events; each is stored and processed on its own.
struct InboundEvent
{
    enum class Kind { Message, Status, UserEvent, Unhandled };

    Provider provider = Provider::Gupshup;
    Kind kind = Kind::Unhandled;
    QString kindName;            // "message", "message-event", "user-event", "billing-event", ...
    QString dedupKey;            // see the deduplication rules; unique per provider
    int itemIndex = 0;           // position of this event inside the body
    InboundMessage message;
    InboundStatus status;
    InboundUserEvent userEvent;
};

} // namespace Prospecta
