// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "TemplateText.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Prospecta {

namespace {

const QRegularExpression &parameterPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{([1-9][0-9]{0,2})\\}\\}"));
    return pattern;
}

// Replaces each {{n}} in `body` with `value(n)`.
template<typename ValueOf>
QString substitute(const QString &body, ValueOf value)
{
    QString out;
    qsizetype last = 0;
    auto matches = parameterPattern().globalMatch(body);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        out += QStringView(body).mid(last, match.capturedStart() - last);
        out += value(match.captured(1).toInt(), match.captured());
        last = match.capturedEnd();
    }
    out += QStringView(body).mid(last);
    return out;
}

} // namespace

int TemplateText::parameterCount(const QString &body)
{
    int highest = 0;
    auto matches = parameterPattern().globalMatch(body);
    while (matches.hasNext())
        highest = std::max(highest, matches.next().captured(1).toInt());
    return highest;
}

Status TemplateText::validateBody(const QString &body)
{
    if (body.trimmed().isEmpty())
        return makeError(ErrorKind::MissingField, tr("The template's text is missing: copy it as Meta approved it."),
                         {QStringLiteral("body")});
    QSet<int> numbers;
    auto matches = parameterPattern().globalMatch(body);
    while (matches.hasNext())
        numbers.insert(matches.next().captured(1).toInt());
    const int highest = parameterCount(body);
    for (int number = 1; number <= highest; ++number) {
        if (!numbers.contains(number))
            return makeError(ErrorKind::InvalidArgument,
                             tr("The template uses {{%1}} but not {{%2}}: parameters are numbered from {{1}} "
                                "without gaps.")
                                 .arg(highest)
                                 .arg(number),
                             {QStringLiteral("body")});
    }
    return {};
}

Result<QString> TemplateText::fill(const QString &body, const QStringList &params)
{
    const int count = parameterCount(body);
    if (params.size() > count)
        return makeError(ErrorKind::InvalidArgument,
                         tr("The template has %n parameter(s), but %1 values were given.", nullptr, count)
                             .arg(params.size()),
                         {QStringLiteral("params")});
    for (int number = 1; number <= count; ++number) {
        const QString value = number <= params.size() ? params.at(number - 1).trimmed() : QString();
        if (value.isEmpty())
            return makeError(ErrorKind::InvalidArgument,
                             tr("Parameter {{%1}} is empty: fill in every parameter of the template.").arg(number),
                             {QStringLiteral("params")});
        if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\t')))
            return makeError(ErrorKind::InvalidArgument,
                             tr("Parameter {{%1}} contains a line break or a tab, which WhatsApp does not accept "
                                "in a template parameter.")
                                 .arg(number),
                             {QStringLiteral("params")});
    }
    const QStringList values = trimmed(params);
    return substitute(body, [&values](int number, const QString &) { return values.at(number - 1); });
}

QString TemplateText::preview(const QString &body, const QStringList &params)
{
    return substitute(body, [&params](int number, const QString &placeholder) {
        const QString value = number >= 1 && number <= params.size() ? params.at(number - 1).trimmed() : QString();
        return value.isEmpty() ? placeholder : value;
    });
}

QStringList TemplateText::trimmed(const QStringList &params)
{
    QStringList values;
    values.reserve(params.size());
    for (const QString &param : params)
        values << param.trimmed();
    return values;
}

QString TemplateText::cannedReply(const QString &body, const QString &leadName)
{
    const QString firstName = leadName.simplified().section(QLatin1Char(' '), 0, 0);
    if (!firstName.isEmpty())
        return QString(body).replace(QLatin1String("{name}"), firstName);
    // "Hola {name}, ..." reads "Hola, ..." without a name.
    static const QRegularExpression withSpace(QStringLiteral(" ?\\{name\\}"));
    return QString(body).replace(withSpace, QString());
}

} // namespace Prospecta
