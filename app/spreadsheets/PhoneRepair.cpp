// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PhoneRepair.h"

#include <QRegularExpression>

namespace Prospecta {

// The expressions are per thread: an import parses phones on its reader thread
// (LeadRecordReader), and Qt documents QRegularExpression as reentrant, not thread-safe.
Result<QString> PhoneRepair::repair(QStringView cell)
{
    QString text = cell.toString();
    // No-break spaces (U+00A0, U+202F) are what spreadsheets in French or Spanish use as
    // thousands separators.
    text.replace(QChar(0x00A0), QLatin1Char(' ')).replace(QChar(0x202F), QLatin1Char(' '));
    text = text.trimmed();
    if (text.startsWith(QLatin1Char('\'')))
        text.remove(0, 1);

    static thread_local const QRegularExpression scientific(
        QStringLiteral("^\\+?([0-9]+)(?:[.,]([0-9]*))?[eE]\\+?([0-9]{1,3})$"));
    if (const QRegularExpressionMatch match = scientific.match(text); match.hasMatch()) {
        const QString integerPart = match.captured(1);
        const QString fraction = match.captured(2);
        const int exponent = match.captured(3).toInt();
        if (exponent < fraction.size())
            return makeError(ErrorKind::InvalidArgument,
                             tr("The phone \"%1\" is not a whole number; format the phone column as text in the "
                                "spreadsheet and export it again.")
                                 .arg(text));
        if (exponent > fraction.size())
            return makeError(ErrorKind::InvalidArgument,
                             tr("The phone \"%1\" is in scientific notation and digits were lost (%2 digits shown of "
                                "%3); format the phone column as text in the spreadsheet and export it again.")
                                 .arg(text)
                                 .arg(integerPart.size() + fraction.size())
                                 .arg(integerPart.size() + exponent));
        return integerPart + fraction;
    }

    static thread_local const QRegularExpression trailingZero(QStringLiteral("^(\\+?[0-9]+)[.,]0+$"));
    if (const QRegularExpressionMatch match = trailingZero.match(text); match.hasMatch())
        return match.captured(1);

    static thread_local const QRegularExpression punctuation(QStringLiteral("[\\s\\-\\x{2010}-\\x{2015}.()]"));
    text.remove(punctuation);
    return text;
}

Result<PhoneIdentity> PhoneRepair::parse(QStringView cell, QStringView region)
{
    auto repaired = repair(cell);
    if (!repaired)
        return repaired.error();
    auto national = PhoneNumbers::fromTyped(*repaired, region);
    if (national || repaired->startsWith(QLatin1Char('+')))
        return national;

    static thread_local const QRegularExpression digitsOnly(QStringLiteral("^[0-9]{8,15}$"));
    if (digitsOnly.match(*repaired).hasMatch()) {
        if (auto international = PhoneNumbers::fromTyped(QLatin1Char('+') + *repaired, region))
            return international;
    }
    return national;
}

} // namespace Prospecta
