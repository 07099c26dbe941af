// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "channels/PhoneNumbers.h"
#include "core/Result.h"

#include <QCoreApplication>

namespace Prospecta {

// Undoes what spreadsheets do to phone numbers before PhoneNumbers parses them.
class PhoneRepair
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::PhoneRepair)

public:
    // Repairs a phone cell:
    // - scientific notation ("5.215512345678E+12", "5,215512345678E+12") becomes its
    //   digits when the mantissa holds every digit, that is when the exponent equals the
    //   number of digits after the decimal separator. A larger exponent means the
    //   spreadsheet dropped digits (a dropped trailing zero cannot be distinguished from a lost
    //   digit), which is InvalidArgument with the advice to format the column as text;
    // - a trailing ".0" or ",0" (a number column) goes;
    // - spaces, dashes, dots, parentheses and a leading apostrophe go; a leading "+" stays.
    // Leading zeros are not added back: libphonenumber reads national numbers without
    // their trunk prefix, and guessing a prefix could produce someone else's number.
    static Result<QString> repair(QStringView cell);

    // repair(), then PhoneNumbers::fromTyped() with `region`. When that fails and the
    // cell has no "+", the digits are tried as an international number too, because a
    // spreadsheet turns "+5215512345678" into the number 5215512345678. The error is the
    // one for `region`.
    static Result<PhoneIdentity> parse(QStringView cell, QStringView region);
};

} // namespace Prospecta
