// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonDocument>

namespace Prospecta::StrictJson {

inline constexpr int MaxDepth = 32;

// Parse a JSON body under the HTTP rules: valid UTF-8, no lone surrogate (raw or
// escaped as \uD8xx), no duplicate key in any object, nesting no deeper than MaxDepth.
// QJsonDocument alone accepts duplicate keys and escaped lone surrogates, so the text
// is checked first. Errors are ErrorKind::InvalidJson with a message naming the byte
// offset and the rule broken.
Result<QJsonDocument> parse(const QByteArray &body);

} // namespace Prospecta::StrictJson
