// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PhoneNumbers.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <set>
#include <string>

namespace Prospecta {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Longer input is no phone number. The cap keeps a hostile value out of
// libphonenumber's regular expressions and out of error messages.
constexpr qsizetype MaxInputLength = 64;

// The reasons below are English source texts marked for translation in PhoneNumbers'
// context: fromTyped() translates them, and fromProviderId() does when asked to.
const char *parseErrorReason(PhoneNumberUtil::ErrorType error)
{
    switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR:
        break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "invalid country code");
    case PhoneNumberUtil::NOT_A_NUMBER:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "not a number");
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "too short");
    case PhoneNumberUtil::TOO_LONG_NSN:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "too long");
    }
    return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "not a number");
}

// The reason a parsed number is not valid, from its length where that explains it.
const char *invalidNumberReason(const PhoneNumberUtil &util, const PhoneNumber &number)
{
    switch (util.IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "invalid country code");
    case PhoneNumberUtil::TOO_SHORT:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "too short");
    case PhoneNumberUtil::TOO_LONG:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "too long");
    case PhoneNumberUtil::INVALID_LENGTH:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "invalid length");
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "local number without an area code");
    case PhoneNumberUtil::IS_POSSIBLE:
        break;
    }
    return QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "no such number range in the numbering plan");
}

// Formats a number that libphonenumber parsed and found valid.
PhoneIdentity identityOf(const PhoneNumberUtil &util, const PhoneNumber &number)
{
    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    std::string region;
    util.GetRegionCodeForNumber(number, &region);

    PhoneIdentity identity;
    identity.e164 = QString::fromStdString(e164);
    identity.phoneKey = PhoneNumbers::phoneKeyFor(identity.e164);
    identity.country = QString::fromStdString(region);
    return identity;
}

bool isAllDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

QString quotedForMessage(QStringView text)
{
    if (text.size() <= MaxInputLength)
        return QLatin1Char('"') + text.toString() + QLatin1Char('"');
    return QLatin1Char('"') + text.left(MaxInputLength).toString() + QStringLiteral("…\"");
}

} // namespace

Result<PhoneIdentity> PhoneNumbers::fromProviderId(QStringView providerId, ErrorText errorText)
{
    if (!isAllDigits(providerId))
        return invalidProviderId(providerId, QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "expected digits only"),
                                 errorText);
    if (providerId.size() > MaxInputLength)
        return invalidProviderId(providerId, QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "too long"), errorText);

    // A WhatsApp id is the international number without "+". Parsing it with a default
    // region would read "51999000111" as a Mexican national number.
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const std::string international = '+' + providerId.toString().toStdString();
    const PhoneNumberUtil::ErrorType error = util.Parse(international, "ZZ", &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR)
        return invalidProviderId(providerId, parseErrorReason(error), errorText);
    if (!util.IsValidNumber(number))
        return invalidProviderId(providerId, invalidNumberReason(util, number), errorText);
    return identityOf(util, number);
}

Error PhoneNumbers::invalidProviderId(QStringView providerId, const char *reason, ErrorText errorText)
{
    const QString quoted = quotedForMessage(providerId);
    if (errorText == ErrorText::English)
        return makeError(ErrorKind::InvalidArgument,
                         QStringLiteral("invalid WhatsApp id %1: %2").arg(quoted, QString::fromLatin1(reason)));
    return makeError(ErrorKind::InvalidArgument, tr("invalid WhatsApp id %1: %2").arg(quoted, tr(reason)));
}

Result<PhoneIdentity> PhoneNumbers::fromTyped(QStringView text, QStringView region)
{
    const QStringView trimmed = text.trimmed();
    const QString regionCode = region.trimmed().toString().toUpper();
    const bool international = trimmed.startsWith(QLatin1Char('+'));

    if (trimmed.isEmpty())
        return makeError(ErrorKind::InvalidArgument, tr("phone number is empty"));
    if (!international && !isSupportedRegion(regionCode)) {
        return makeError(ErrorKind::InvalidArgument,
                         tr("cannot parse phone number %1: unknown region %2, "
                            "expected an ISO 3166 alpha-2 code such as MX or PE")
                                 .arg(quotedForMessage(trimmed), quotedForMessage(region)));
    }

    // A number with "+" carries its country, so the region does not apply to it and the
    // messages do not name it. Written only for an error: an import parses a million
    // numbers, and translating this for each showed in its profile.
    const auto invalid = [&](const char *reason) {
        const QString context = international
                ? quotedForMessage(trimmed)
                : tr("%1 for region %2", "a phone number as typed, then the region it was read with")
                          .arg(quotedForMessage(trimmed), regionCode);
        return invalidTyped(context, reason);
    };
    if (trimmed.size() > MaxInputLength)
        return invalid(QT_TRANSLATE_NOOP("Prospecta::PhoneNumbers", "too long"));

    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const PhoneNumberUtil::ErrorType error =
            util.Parse(trimmed.toString().toStdString(),
                       international ? std::string("ZZ") : regionCode.toStdString(), &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR)
        return invalid(parseErrorReason(error));
    if (!util.IsValidNumber(number))
        return invalid(invalidNumberReason(util, number));
    return identityOf(util, number);
}

Error PhoneNumbers::invalidTyped(const QString &typed, const char *reason)
{
    return makeError(ErrorKind::InvalidArgument, tr("invalid phone number %1: %2").arg(typed, tr(reason)));
}

QString PhoneNumbers::phoneKeyFor(QStringView e164)
{
    // Argentina: mobiles are dialled from abroad as +54 9 and a 10-digit national
    // number, and most other places write the same line without the 9. Argentine area
    // codes start with 1, 2 or 3, so "+549" and 10 more digits is always this form.
    if (e164.startsWith(QLatin1String("+549")) && e164.size() == 14)
        return e164.toString().remove(3, 1);

    // Mexico: the mobile 1 after +52 was abolished in 2019 and WhatsApp still reports
    // it. National numbers are 10 digits and never start with 1.
    if (e164.startsWith(QLatin1String("+521")) && e164.size() == 14)
        return e164.toString().remove(3, 1);

    return e164.toString();
}

bool PhoneNumbers::isSupportedRegion(QStringView region)
{
    if (region.size() != 2)
        return false;

    static const std::set<std::string> regions = [] {
        std::set<std::string> all;
        PhoneNumberUtil::GetInstance()->GetSupportedRegions(&all);
        return all;
    }();
    return regions.count(region.toString().toUpper().toStdString()) > 0;
}

} // namespace Prospecta
