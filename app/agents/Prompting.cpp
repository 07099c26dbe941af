// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Prompting.h"

#include "core/TextFolding.h"

#include "core/Logging.h"

#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTextBoundaryFinder>

#include <array>

namespace Prospecta {

namespace {

bool isEnglish(const QString &language)
{
    return language.compare(QLatin1String("en"), Qt::CaseInsensitive) == 0;
}

// The shipped languages; anything else gets Spanish, the product's default.
QString promptLanguage(const QString &language)
{
    return isEnglish(language) ? QStringLiteral("en") : QStringLiteral("es");
}

// Prompt files start with an HTML comment carrying their licence header, which is not
// meant for the model.
QString withoutLeadingComments(QString text)
{
    text = text.trimmed();
    while (text.startsWith(QLatin1String("<!--"))) {
        const qsizetype end = text.indexOf(QLatin1String("-->"));
        if (end < 0)
            break;
        text = text.mid(end + 3).trimmed();
    }
    return text;
}

QString readPromptResource(const QString &language, AgentType type)
{
    const QString path = QStringLiteral(":/prompts/%1/%2.md").arg(language, toString(type));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return withoutLeadingComments(QString::fromUtf8(file.readAll()));
}

} // namespace

QString defaultPrompt(AgentType type, const QString &language)
{
    const QString shipped = promptLanguage(language);
    QString prompt = readPromptResource(shipped, type);
    if (prompt.isEmpty() && shipped != QLatin1String("es"))
        prompt = readPromptResource(QStringLiteral("es"), type);
    if (prompt.isEmpty()) {
        qCCritical(lcAgents) << "The default prompt resource is missing for agent type"
                             << toString(type) << "language" << shipped;
    }
    return prompt;
}

QString systemPromptFor(AgentType type, const QString &language, const QString &campaignInstructions)
{
    const QString prompt = defaultPrompt(type, language);
    const QString instructions = campaignInstructions.trimmed();
    if (instructions.isEmpty())
        return prompt;
    return prompt + QStringLiteral("\n\n") + instructions;
}

namespace {

// "[tag] detail detail": the tag, then each non-empty detail, separated by spaces.
QString bracketed(const QString &tag, const QStringList &details)
{
    QString text = QLatin1Char('[') + tag + QLatin1Char(']');
    for (const QString &detail : details) {
        const QString trimmed = detail.trimmed();
        if (!trimmed.isEmpty())
            text += QLatin1Char(' ') + trimmed;
    }
    return text;
}

QString formatCoordinate(const QJsonValue &value)
{
    // Ten significant digits keep at least seven decimals of a degree (about 1 cm) and
    // print 19.4326 as "19.4326", not as the 17 digits that round-trip a double.
    return value.isDouble() ? QString::number(value.toDouble(), 'g', 10) : QString();
}

} // namespace

QString describeForModel(const Message &message, const QString &language)
{
    const bool english = isEnglish(language);
    const QString &type = message.contentType;
    const QString &caption = message.content;

    if (type == QLatin1String("image"))
        return bracketed(english ? QStringLiteral("image") : QStringLiteral("imagen"), {caption});
    if (type == QLatin1String("audio"))
        return bracketed(QStringLiteral("audio"), {caption});
    if (type == QLatin1String("video"))
        return bracketed(QStringLiteral("video"), {caption});
    if (type == QLatin1String("file")) {
        const QString fileName = message.metadata.value(QLatin1String("fileName")).toString();
        // Providers often repeat the file name as the caption, which is then left out.
        const QString extra = caption.trimmed() == fileName.trimmed() ? QString() : caption;
        return bracketed(english ? QStringLiteral("file") : QStringLiteral("archivo"), {fileName, extra});
    }
    if (type == QLatin1String("location")) {
        const QString latitude = formatCoordinate(message.metadata.value(QLatin1String("latitude")));
        const QString longitude = formatCoordinate(message.metadata.value(QLatin1String("longitude")));
        const QString coordinates = latitude.isEmpty() || longitude.isEmpty()
            ? QString()
            : latitude + QStringLiteral(", ") + longitude;
        return bracketed(english ? QStringLiteral("location") : QStringLiteral("ubicación"),
                         {coordinates, caption});
    }
    if (type == QLatin1String("contact")) {
        return bracketed(english ? QStringLiteral("contact") : QStringLiteral("contacto"),
                         {message.metadata.value(QLatin1String("contactName")).toString(),
                          message.metadata.value(QLatin1String("contactPhone")).toString()});
    }
    // Text, and button or list replies, whose content is the title the lead chose.
    if (type.isEmpty() || type == QLatin1String("text") || type == QLatin1String("button")
        || type == QLatin1String("list"))
        return message.content;
    // Stickers, reactions and types WhatsApp adds later have no content the processor
    // reads, and an empty user message would tell the model nothing.
    if (type == QLatin1String("reaction"))
        return bracketed(english ? QStringLiteral("reaction") : QStringLiteral("reacción"), {caption});
    // WhatsApp's own name for a message its API cannot pass on, such as a poll.
    if (type == QLatin1String("unsupported"))
        return bracketed(english ? QStringLiteral("unsupported message") : QStringLiteral("mensaje no compatible"),
                         {caption});
    return bracketed(type, {caption});
}

QJsonObject composeChatRequest(const ChatRequestInput &input)
{
    const auto entry = [](const QString &role, const QString &content) {
        return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
    };

    // The turn's messages are stored before the turn starts, so they may also be in the
    // history window. Each goes to the model once, as a new message. Unsaved messages
    // have id 0 and are never treated as duplicates.
    QSet<qint64> newIds;
    for (const Message &message : input.newMessages) {
        if (message.id != 0)
            newIds.insert(message.id);
    }

    QJsonArray messages;
    messages.append(entry(QStringLiteral("system"), input.systemPrompt));

    for (const Message &message : input.history) {
        if (message.id != 0 && newIds.contains(message.id))
            continue;
        switch (message.sender) {
        case SenderKind::Lead:
            messages.append(entry(QStringLiteral("user"), describeForModel(message, input.language)));
            break;
        case SenderKind::Ai:
        case SenderKind::Human:
            messages.append(entry(QStringLiteral("assistant"), describeForModel(message, input.language)));
            break;
        case SenderKind::System:
            // Notes such as "conversation assigned" are for people, not for the model.
            break;
        }
    }

    QSet<qint64> sentIds;
    for (const Message &message : input.newMessages) {
        if (message.id != 0) {
            if (sentIds.contains(message.id))
                continue;
            sentIds.insert(message.id);
        }
        messages.append(entry(QStringLiteral("user"), describeForModel(message, input.language)));
    }

    QJsonObject body{
        {QStringLiteral("model"), input.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), false},
    };
    // Reasoning models reject these parameters, so they are sent only when configured.
    if (input.temperature)
        body.insert(QStringLiteral("temperature"), *input.temperature);
    if (input.maxTokens)
        body.insert(QStringLiteral("max_tokens"), *input.maxTokens);
    return body;
}

namespace {

// The last boundary of `finder`'s kind in (start, limit] that is also a grapheme boundary,
// or -1 when there is none.
qsizetype lastBoundaryBefore(QTextBoundaryFinder &finder, QTextBoundaryFinder &graphemes,
                             qsizetype start, qsizetype limit)
{
    finder.setPosition(limit);
    qsizetype position = finder.isAtBoundary() ? limit : finder.toPreviousBoundary();
    while (position > start) {
        graphemes.setPosition(position);
        if (graphemes.isAtBoundary())
            return position;
        position = finder.toPreviousBoundary();
    }
    return -1;
}

} // namespace

QStringList splitReply(const QString &reply, int maxLength)
{
    const QString text = reply.trimmed();
    if (text.isEmpty())
        return {};

    // A surrogate pair needs two code units, so a smaller limit cannot be honoured.
    const qsizetype limit = qMax(maxLength, 2);

    QTextBoundaryFinder sentences(QTextBoundaryFinder::Sentence, text);
    QTextBoundaryFinder words(QTextBoundaryFinder::Word, text);
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, text);

    QStringList parts;
    qsizetype start = 0;
    while (true) {
        while (start < text.size() && text.at(start).isSpace())
            ++start;
        if (text.size() - start <= limit) {
            parts.append(text.mid(start));
            break;
        }

        const qsizetype end = start + limit;
        qsizetype cut = lastBoundaryBefore(sentences, graphemes, start, end);
        if (cut < 0)
            cut = lastBoundaryBefore(words, graphemes, start, end);
        if (cut < 0)
            cut = lastBoundaryBefore(graphemes, graphemes, start, end);
        if (cut < 0) {
            // One grapheme cluster longer than the limit (a long run of combining marks):
            // cut between code points, never inside a surrogate pair.
            cut = end;
            if (text.at(cut - 1).isHighSurrogate() && text.at(cut).isLowSurrogate())
                --cut;
        }

        // `start` is not a space, so the part has at least one visible character.
        parts.append(text.mid(start, cut - start).trimmed());
        start = cut;
    }
    return parts;
}

QString completeSentences(const QString &text)
{
    const QString trimmed = text.trimmed();
    QTextBoundaryFinder sentences(QTextBoundaryFinder::Sentence, trimmed);
    sentences.toEnd();
    // The end of the text is always a boundary. The one before it ends the last sentence
    // that is known to be complete.
    const qsizetype lastComplete = sentences.toPreviousBoundary();
    if (lastComplete <= 0)
        return {};
    return trimmed.left(lastComplete).trimmed();
}

namespace {

const std::array<QLatin1String, 5> OptOutWords = {
    QLatin1String("baja"), QLatin1String("stop"), QLatin1String("alto"),
    QLatin1String("salir"), QLatin1String("unsubscribe"),
};
const std::array<QLatin1String, 2> OptInWords = {
    QLatin1String("alta"), QLatin1String("start"),
};

bool isOneOf(const QString &word, const auto &list)
{
    for (const QLatin1String &candidate : list) {
        if (word == candidate)
            return true;
    }
    return false;
}

// Removes spaces and punctuation at both ends, so "¡Alto!" and "Baja." match.
QString stripSurroundingPunctuation(const QString &text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text.at(begin).isPunct() || text.at(begin).isSpace()))
        ++begin;
    while (end > begin && (text.at(end - 1).isPunct() || text.at(end - 1).isSpace()))
        --end;
    return text.mid(begin, end - begin);
}

} // namespace

OptKeyword classifyOptKeyword(const QString &text)
{
    // Compatibility forms first, so full-width "ＢＡＪＡ" from an Asian keyboard layout or
    // a styled "𝐒𝐓𝐎𝐏" counts as the plain word a lead means by it.
    const QString folded = TextFolding::fold(text.trimmed().normalized(QString::NormalizationForm_KC));
    const QString word = stripSurroundingPunctuation(folded);

    if (isOneOf(word, OptOutWords))
        return OptKeyword::OptOut;
    if (isOneOf(word, OptInWords))
        return OptKeyword::OptIn;
    for (const QLatin1String &optOutWord : OptOutWords) {
        if (TextFolding::containsWholeWord(folded, optOutWord))
            return OptKeyword::MentionsOptOut;
    }
    return OptKeyword::None;
}

QString optOutConfirmation(const QString &language)
{
    if (isEnglish(language))
        return QStringLiteral("Done: you will not receive more messages from us. If you change "
                              "your mind, reply START.");
    return QStringLiteral("Listo, ya no le enviaremos más mensajes. Si cambia de opinión, "
                          "responda ALTA.");
}

QString optInConfirmation(const QString &language)
{
    if (isEnglish(language))
        return QStringLiteral("Done: you will receive our messages again. To stop them, reply STOP.");
    return QStringLiteral("Listo, volverá a recibir nuestros mensajes. Para darse de baja, "
                          "responda BAJA.");
}

} // namespace Prospecta
