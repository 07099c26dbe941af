// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace Prospecta {

// A phone number in the forms Prospecta stores.
struct PhoneIdentity
{
    QString e164;     // "+525512340000"
    QString phoneKey; // E.164 with Argentina's mobile 9 after +54 and Mexico's old 1 after +52 removed
    QString country;  // ISO 3166 alpha-2 of the number, "MX"
};

// Phone normalization over libphonenumber. Thread-safe (libphonenumber's
// PhoneNumberUtil is a process-wide immutable instance).
class PhoneNumbers
{
public:
    // A provider's WhatsApp id ("5215512340000", "51999000111"): parsed as "+" and its
    // digits, never with a default region. Rejects ids that are not all digits or not a
    // valid number (InvalidArgument, message naming the value).
    static Result<PhoneIdentity> fromProviderId(QStringView providerId);

    // A number a person typed ("55 1234 5678", "+54 9 11 1234-5678", "011 15 1234-5678"),
    // parsed with the ISO region when it has no "+". Invalid numbers are rejected with
    // the reason (too short, too long, invalid country code, not a number).
    static Result<PhoneIdentity> fromTyped(QStringView text, QStringView region);

    // The identity key of an E.164 number.
    static QString phoneKeyFor(QStringView e164);

    // True for a two-letter region libphonenumber has metadata for ("MX", "PE"), in
    // either case.
    static bool isSupportedRegion(QStringView region);
};

} // namespace Prospecta
