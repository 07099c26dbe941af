// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace Prospecta::CountryCell {

// Returns the ISO 3166 alpha-2 region ("CO") that a country cell of a lead import names,
// or nothing when it names no country with phone numbers. The cell may contain an
// alpha-2 or alpha-3 code ("co", "COL"), the English name ("Colombia") or a native name
// from a locale of that territory ("Perú", "Brasil"). The Spanish names of the Latin
// American countries, Spain and the United States ("Haití", "Estados Unidos") work too.
// Names are compared without case, accents, spaces or punctuation. Thread-safe.
std::optional<QString> regionOf(const QString &cell);

} // namespace Prospecta::CountryCell
