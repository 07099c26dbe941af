// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

// The body of a lead create or update. Unknown fields and values of the wrong type are
// InvalidArgument naming the field; "phone" is required when `requirePhone`.
Result<LeadInput> leadInput(const QJsonObject &body, bool requirePhone);

// The body of a campaign create or update, applied over `base` (a default Campaign to
// create, the stored one to update): fields the body leaves out keep base's value.
// Unknown fields and values of the wrong type are InvalidArgument naming the field;
// "name" is required when `requireName`.
Result<Campaign> campaignInput(const QJsonObject &body, Campaign base, bool requireName);

// The request body as a JSON object under the strict rules (InvalidJson otherwise).
Result<QJsonObject> objectBody(const QByteArray &body);

} // namespace Prospecta::RestJson
