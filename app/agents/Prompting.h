// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Entities.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Prospecta {

// The default system prompt of an agent type in "es" or "en" (other languages fall back
// to "es"), shipped as resources under :/prompts/<language>/<type>.md.
QString defaultPrompt(AgentType type, const QString &language);

// The system message: the default prompt, then a blank line and the campaign's
// instructions for that type when there are any.
QString systemPromptFor(AgentType type, const QString &language, const QString &campaignInstructions);

// Returns the text the model gets for a message. Text goes as is, a button or list reply
// as its title, and anything else as a short bracketed description in the conversation's
// language: "[imagen] caption", "[audio]", "[video] caption", "[archivo] name",
// "[ubicación] lat, long" or "[contacto] name phone".
QString describeForModel(const Message &message, const QString &language);

struct ChatRequestInput
{
    QString model;
    QString systemPrompt;
    QList<Message> history;     // earlier messages, oldest first; system messages are skipped
    QList<Message> newMessages; // the lead's messages this turn replies to, oldest first
    QString language = QStringLiteral("es");
    std::optional<double> temperature;
    std::optional<int> maxTokens;
};

// The chat-completions body: model, messages, stream false, and temperature and
// max_tokens only when set. messages = system, history (lead -> user, ai and human ->
// assistant), then each new message as a user message, each once.
QJsonObject composeChatRequest(const ChatRequestInput &input);

// Splits a reply longer than maxLength UTF-16 code units at a sentence boundary, else a
// word boundary, else a grapheme boundary (QTextBoundaryFinder). Parts are trimmed and
// never empty; their concatenation keeps every non-space character in order.
QStringList splitReply(const QString &reply, int maxLength = Message::MaxTextLength);

// The text up to the end of its last complete sentence (QTextBoundaryFinder), trimmed,
// for a reply the model stopped mid-sentence (finish_reason "length"). Empty when not
// even the first sentence ended.
QString completeSentences(const QString &text);

enum class OptKeyword {
    None,
    OptOut,          // the whole text is BAJA, STOP, ALTO, SALIR or UNSUBSCRIBE
    OptIn,           // the whole text is ALTA or START
    MentionsOptOut,  // a longer text with one of the opt-out words as a whole word
};

// Compares trimmed, without case, accents or final punctuation.
OptKeyword classifyOptKeyword(const QString &text);

// The confirmation sent after an opt-out or an opt-in, in "es" or "en".
QString optOutConfirmation(const QString &language);
QString optInConfirmation(const QString &language);


} // namespace Prospecta
