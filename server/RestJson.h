// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"
#include "core/Result.h"
#include "domain/Entities.h"
#include "operations/LeadService.h"

#include <QJsonObject>

namespace Prospecta::RestJson {

// The JSON shapes of the REST API, kept from the backend Prospecta replaces: camelCase
// fields, both "id" and "_id" with the same value, instants as ISO 8601 UTC text.

// An instant as ISO 8601 UTC text, or null for 0 (never set), because every response gives
// an absent time as null, as it gives absent references.
QJsonValue instant(qint64 ms);
QJsonObject user(const User &user);

// `owner` and `campaign` fill "assignedTo" ({id, _id, name, email}) and "campaign"
// ({id, _id, name}); either is null when the lead has none.
QJsonObject lead(const Lead &lead, const std::optional<User> &owner, const std::optional<Campaign> &campaign);
QJsonObject campaign(const Campaign &campaign);
QJsonObject conversation(const Conversation &conversation);
QJsonObject message(const Message &message);
// "duration" in whole seconds; "startTime" and "endTime" null until the call has them.
QJsonObject call(const Call &call);

// The fields a lead create or update accepts.
const QStringList &leadFields();

// The body of a lead create or update, read by objectBody() with leadFields(). Values of
// the wrong type are InvalidArgument naming the field, and "phone" is required when
// `requirePhone`.
Result<LeadInput> leadInput(const QJsonObject &body, bool requirePhone);

// The fields a campaign create or update accepts.
const QStringList &campaignFields();

// The body of a campaign create or update, applied over `base` (a default Campaign to
// create, the stored one to update): fields the body leaves out keep base's value.
// `body` is read by objectBody() with campaignFields(). Values of the wrong type are
// InvalidArgument naming the field, and "name" is required when `requireName`.
Result<Campaign> campaignInput(const QJsonObject &body, Campaign base, bool requireName);

// The body of a conversation update: "humanTakeover", true to take the conversation from
// the AI for the caller, false to give it back. Required, and true or false.
Result<bool> humanTakeoverInput(const QJsonObject &body);

// Reads the body of every REST request, a JSON object under the strict rules (InvalidJson
// otherwise). A body declared with a Content-Type other than application/json is
// InvalidJson (see checkMediaType()) and is not read. A field not in
// `knownFields` is InvalidArgument naming it and listing the valid ones. A text anywhere
// in a field's value, nested keys and array items included, that contains U+0000 is
// InvalidArgument naming the field, because storage would replace the character and keep
// a text other than the one sent. Webhook routes do not call it, so a provider's U+0000
// is stored replaced rather than losing the event.
Result<QJsonObject> objectBody(const HttpRequest &request, const QStringList &knownFields);

} // namespace Prospecta::RestJson
