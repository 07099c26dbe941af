// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QCoreApplication>
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
    Q_DECLARE_TR_FUNCTIONS(Prospecta::PhoneNumbers)

public:
    // The language of an error message. English suits the developer log and stored
    // errors, and Translated uses the installed translation for people (HTTP responses).
    enum class ErrorText { English, Translated };

    // A provider's WhatsApp id ("5215512340000", "51999000111"): parsed as "+" and its
    // digits, never with a default region. Rejects ids that are not all digits or not a
    // valid number (InvalidArgument, message naming the value). The message is in English
    // unless `errorText` is Translated. The processor writes it to the developer log and
    // the inbound event's stored error, and the webhook route sends it to the provider.
    static Result<PhoneIdentity> fromProviderId(QStringView providerId, ErrorText errorText = ErrorText::English);

    // A number a person typed ("55 1234 5678", "+54 9 11 1234-5678", "011 15 1234-5678"),
    // parsed with the ISO region when it has no "+". Invalid numbers are rejected with
    // the reason (too short, too long, invalid country code, not a number), in the
    // language of the installed translation, because the lead file, the import report,
    // REST errors and the command line show it to people.
    static Result<PhoneIdentity> fromTyped(QStringView text, QStringView region);

    // The identity key of an E.164 number.
    static QString phoneKeyFor(QStringView e164);

    // True for a two-letter region libphonenumber has metadata for ("MX", "PE"), in
    // either case.
    static bool isSupportedRegion(QStringView region);

private:
    // fromProviderId()'s error for `providerId` and `reason`, an English source text marked
    // with QT_TRANSLATE_NOOP in this class's context.
    static Error invalidProviderId(QStringView providerId, const char *reason, ErrorText errorText);
    // fromTyped()'s error for `typed` (the number as quoted in messages) and `reason`, an
    // English source text marked with QT_TRANSLATE_NOOP in this class's context.
    static Error invalidTyped(const QString &typed, const char *reason);
};

} // namespace Prospecta
