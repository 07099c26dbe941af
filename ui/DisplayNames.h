// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Enums.h"

#include <QString>

#include <optional>

namespace Prospecta::DisplayNames {

// Translated names of the domain's enumerations, in the words of the Spanish glossary.

QString leadStage(LeadStatus status);
QString leadSource(LeadSource source);
// "Welcome AI agent"; "AI agent" when the type is unknown.
QString aiAgent(std::optional<AgentType> type);
// The delivery status of an outgoing message; `error` is shown with a failure.
QString deliveryStatus(OutboundStatus status, const QString &error);
// A non-text message's kind ("Image", "Location"), empty for text.
QString contentKind(const QString &contentType);

// An instant (milliseconds since the epoch, UTC) in the desktop's locale and time zone.
QString dateTime(qint64 epochMs);

} // namespace Prospecta::DisplayNames
