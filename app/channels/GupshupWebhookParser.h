// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "InboundEvent.h"
#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonDocument>

namespace Prospecta {

// Turns a Gupshup callback body into events. Both formats are accepted and detected per
// body: v2 (Gupshup's own, "type" at the top) and v3 (Meta's Cloud API format passed
// through, "object": "whatsapp_business_account").
class GupshupWebhookParser
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::GupshupWebhookParser)

public:
    // `document` is the strictly parsed body and `rawBody` its bytes (events without an
    // id are deduplicated by the SHA-256 of the raw body). A body missing a field an
    // event needs is rejected with ErrorKind::MissingField naming the JSON path
    // ("payload.id"). A field of the wrong type is rejected with ErrorKind::InvalidArgument
    // naming it. Error messages are in the language of the installed translation, so the
    // webhook routes respond in the request's language. Well-formed events of kinds
    // Prospecta does not handle (billing-event, unknown types) come back with
    // Kind::Unhandled.
    static Result<QList<InboundEvent>> parse(const QJsonDocument &document,
                                             const QByteArray &rawBody);
};

} // namespace Prospecta
