// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Prospecta {

// The text of WhatsApp templates and canned replies. A template body has numbered
// parameters {{1}}, {{2}}, … that WhatsApp fills with the values sent beside the
// template's id; a canned reply may contain {name}, the lead's first name. Shared by the
// service, which checks what is sent, and the composer, which shows a preview.
class TemplateText
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::TemplateText)

public:
    // The highest parameter number in `body`, 0 when it has none.
    static int parameterCount(const QString &body);

    // InvalidArgument on the field "body" when `body` is empty or its parameters do not
    // run from {{1}} without a gap, as WhatsApp numbers them.
    static Status validateBody(const QString &body);

    // `body` with {{n}} replaced by the n-th value, trimmed. InvalidArgument on the field
    // "params" naming the first parameter that is missing, empty, or contains a line break
    // or a tab (WhatsApp rejects those in parameter values), and when more values than
    // parameters are given.
    static Result<QString> fill(const QString &body, const QStringList &params);

    // `body` with the values given so far filled in and the others left as {{n}}: the
    // composer's preview while a person types.
    static QString preview(const QString &body, const QStringList &params);

    // The values as fill() sends them: each trimmed.
    static QStringList trimmed(const QStringList &params);

    // A canned reply's text for a lead: {name} becomes the first word of `leadName`, or
    // is dropped with the space before it when the lead has no name.
    static QString cannedReply(const QString &body, const QString &leadName);
};

} // namespace Prospecta
