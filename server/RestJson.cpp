// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "RestJson.h"

#include "core/StrictJson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace Prospecta::RestJson {

namespace {

QJsonValue idValue(qint64 id)
{
    return double(id);
}

void putIds(QJsonObject &object, qint64 id)
{
    object.insert(QStringLiteral("id"), idValue(id));
    object.insert(QStringLiteral("_id"), idValue(id));
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// The kinds of value a field may be required to have. expectedText() words each one to
// complete the sentence of wrongType().
enum class Expected { Text, NonEmptyText, Score, Id, TextObject, Language, AgentTexts, TextArray, Boolean };

QString expectedText(Expected expected)
{
    // lupdate finds only literal source texts, so each case spells its own.
    switch (expected) {
    case Expected::Text:
        return QCoreApplication::translate("Prospecta::RestJson", "text", "completes: The field \"%1\" must be %2.");
    case Expected::NonEmptyText:
        return QCoreApplication::translate("Prospecta::RestJson", "text that is not empty",
                                           "completes: The field \"%1\" must be %2.");
    case Expected::Score:
        return QCoreApplication::translate("Prospecta::RestJson", "a whole number from 0 to 100",
                                           "completes: The field \"%1\" must be %2.");
    case Expected::Id:
        return QCoreApplication::translate("Prospecta::RestJson", "an id (a whole number) or null",
                                           "completes: The field \"%1\" must be %2.");
    case Expected::TextObject:
        return QCoreApplication::translate("Prospecta::RestJson", "an object of text values",
                                           "completes: The field \"%1\" must be %2.");
    case Expected::Language:
        return QCoreApplication::translate("Prospecta::RestJson", "es or en",
                                           "completes: The field \"%1\" must be %2.");
    case Expected::AgentTexts:
        return QCoreApplication::translate("Prospecta::RestJson", "an object of texts keyed by AI agent type (%1)",
                                           "completes: The field \"%1\" must be %2.")
            .arg(allNames<AgentType>().join(QStringLiteral(", ")));
    case Expected::TextArray:
        return QCoreApplication::translate("Prospecta::RestJson", "an array of texts",
                                           "completes: The field \"%1\" must be %2.");
    case Expected::Boolean:
        return QCoreApplication::translate("Prospecta::RestJson", "true or false",
                                           "completes: The field \"%1\" must be %2.");
    }
    return {};
}

QString oneOf(const QStringList &names)
{
    return QCoreApplication::translate("Prospecta::RestJson", "one of %1", "completes: The field \"%1\" must be %2.")
        .arg(names.join(QStringLiteral(", ")));
}

// `expected` completes the message's sentence.
Error wrongType(const QString &field, const QString &expected)
{
    const QString message =
        QCoreApplication::translate("Prospecta::RestJson", "The field \"%1\" must be %2.").arg(field, expected);
    return makeError(ErrorKind::InvalidArgument, message, {field});
}

Error wrongType(const QString &field, Expected expected)
{
    return wrongType(field, expectedText(expected));
}

Error required(const QString &field)
{
    const QString message = QCoreApplication::translate("Prospecta::RestJson", "The field \"%1\" is required.").arg(field);
    return makeError(ErrorKind::MissingField, message, {field});
}

// An id given as a JSON number or a decimal string; null or "" mean none (0).
std::optional<qint64> idFrom(const QJsonValue &value)
{
    if (value.isNull() || (value.isString() && value.toString().isEmpty()))
        return 0;
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (number >= 0 && number == std::floor(number) && number < 9e15)
            return qint64(number);
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 id = value.toString().toLongLong(&ok);
        if (ok && id >= 0)
            return id;
    }
    return std::nullopt;
}

// InvalidArgument naming every field of `body` that is not in `known`.
Status onlyKnownFields(const QJsonObject &body, const QStringList &known)
{
    QStringList unknown;
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!known.contains(it.key()))
            unknown << it.key();
    }
    if (unknown.isEmpty())
        return {};
    return makeError(ErrorKind::InvalidArgument,
                     QCoreApplication::translate("Prospecta::RestJson", "Unknown fields: %1. Valid fields: %2.")
                         .arg(unknown.join(QStringLiteral(", ")), known.join(QStringLiteral(", "))),
                     unknown);
}

// Returns whether `value`, or any text nested in it (object keys included), contains U+0000.
bool containsNul(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().contains(QChar(u'\0'));
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::any_of(array.cbegin(), array.cend(), [](const QJsonValue &item) { return containsNul(item); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.key().contains(QChar(u'\0')) || containsNul(it.value()))
                return true;
        }
    }
    return false;
}

// Returns InvalidArgument naming the first field of `body` whose value contains U+0000.
Status noNulCharacters(const QJsonObject &body)
{
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (containsNul(it.value()))
            return makeError(ErrorKind::InvalidArgument,
                             QCoreApplication::translate("Prospecta::RestJson",
                                                         "The field \"%1\" contains a NUL character (U+0000), which "
                                                         "cannot be stored; remove it and send the request again.")
                                 .arg(it.key()),
                             {it.key()});
    }
    return {};
}

} // namespace

QJsonValue instant(qint64 ms)
{
    if (ms <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject user(const User &user)
{
    QJsonObject object;
    putIds(object, user.id);
    object.insert(QStringLiteral("name"), user.name);
    object.insert(QStringLiteral("email"), user.email);
    object.insert(QStringLiteral("role"), toString(user.role));
    object.insert(QStringLiteral("active"), user.active);
    return object;
}

QJsonObject lead(const Lead &lead, const std::optional<User> &owner, const std::optional<Campaign> &campaign)
{
    QJsonObject object;
    putIds(object, lead.id);
    object.insert(QStringLiteral("name"), lead.name);
    object.insert(QStringLiteral("phone"), lead.phone);
    object.insert(QStringLiteral("phoneKey"), lead.phoneKey);
    object.insert(QStringLiteral("country"), lead.country);
    object.insert(QStringLiteral("email"), lead.email);
    object.insert(QStringLiteral("source"), toString(lead.source));
    object.insert(QStringLiteral("status"), toString(lead.status));
    object.insert(QStringLiteral("score"), lead.score);
    object.insert(QStringLiteral("notes"), lead.notes);
    object.insert(QStringLiteral("metadata"), lead.metadata);
    object.insert(QStringLiteral("optedOut"), lead.optedOut);
    object.insert(QStringLiteral("lastContact"), instant(lead.lastContactMs));
    object.insert(QStringLiteral("createdAt"), instant(lead.createdMs));
    object.insert(QStringLiteral("updatedAt"), instant(lead.updatedMs));
    if (owner) {
        QJsonObject assigned;
        putIds(assigned, owner->id);
        assigned.insert(QStringLiteral("name"), owner->name);
        assigned.insert(QStringLiteral("email"), owner->email);
        object.insert(QStringLiteral("assignedTo"), assigned);
    } else {
        object.insert(QStringLiteral("assignedTo"), QJsonValue::Null);
    }
    if (campaign) {
        QJsonObject named;
        putIds(named, campaign->id);
        named.insert(QStringLiteral("name"), campaign->name);
        object.insert(QStringLiteral("campaign"), named);
    } else {
        object.insert(QStringLiteral("campaign"), QJsonValue::Null);
    }
    return object;
}

QJsonObject campaign(const Campaign &campaign)
{
    QJsonObject object;
    putIds(object, campaign.id);
    object.insert(QStringLiteral("name"), campaign.name);
    object.insert(QStringLiteral("description"), campaign.description);
    object.insert(QStringLiteral("type"), toString(campaign.type));
    object.insert(QStringLiteral("status"), toString(campaign.status));
    object.insert(QStringLiteral("language"), campaign.language);
    object.insert(QStringLiteral("initialAgent"), toString(campaign.initialAgent));
    object.insert(QStringLiteral("welcomeMessage"), campaign.welcomeMessage);
    object.insert(QStringLiteral("keywords"), QJsonArray::fromStringList(campaign.keywords));
    QJsonObject instructions;
    for (auto it = campaign.instructions.cbegin(); it != campaign.instructions.cend(); ++it)
        instructions.insert(toString(it.key()), it.value());
    object.insert(QStringLiteral("instructions"), instructions);
    object.insert(QStringLiteral("isDefault"), campaign.isDefault);
    object.insert(QStringLiteral("createdAt"), instant(campaign.createdMs));
    return object;
}

QJsonObject conversation(const Conversation &conversation)
{
    QJsonObject object;
    putIds(object, conversation.id);
    object.insert(QStringLiteral("lead"), idValue(conversation.leadId));
    object.insert(QStringLiteral("campaign"), conversation.campaignId > 0 ? idValue(conversation.campaignId)
                                                                            : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("channel"), conversation.channel);
    object.insert(QStringLiteral("status"), toString(conversation.status));
    object.insert(QStringLiteral("currentAgent"),
                  conversation.currentAgent ? QJsonValue(toString(*conversation.currentAgent)) : QJsonValue());
    object.insert(QStringLiteral("humanTakeover"), conversation.humanUserId != 0);
    object.insert(QStringLiteral("humanUser"),
                  conversation.humanUserId > 0 ? idValue(conversation.humanUserId) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("needsHuman"), conversation.needsHuman);
    object.insert(QStringLiteral("lastMessageAt"), instant(conversation.lastMessageMs));
    object.insert(QStringLiteral("createdAt"), instant(conversation.createdMs));
    return object;
}

QJsonObject message(const Message &message)
{
    QJsonObject object;
    putIds(object, message.id);
    object.insert(QStringLiteral("conversation"), idValue(message.conversationId));
    object.insert(QStringLiteral("sender"), toString(message.sender));
    if (message.agentType)
        object.insert(QStringLiteral("agentType"), toString(*message.agentType));
    if (message.userId > 0)
        object.insert(QStringLiteral("user"), idValue(message.userId));
    object.insert(QStringLiteral("type"), message.contentType);
    object.insert(QStringLiteral("content"), message.content);
    object.insert(QStringLiteral("mediaUrl"), orNull(message.mediaUrl));
    if (message.deliveryStatus)
        object.insert(QStringLiteral("deliveryStatus"), toString(*message.deliveryStatus));
    if (!message.deliveryError.isEmpty())
        object.insert(QStringLiteral("deliveryError"), message.deliveryError);
    object.insert(QStringLiteral("createdAt"), instant(message.createdMs));
    return object;
}

QJsonObject call(const Call &call)
{
    QJsonObject object;
    putIds(object, call.id);
    object.insert(QStringLiteral("lead"), idValue(call.leadId));
    object.insert(QStringLiteral("direction"), call.direction);
    object.insert(QStringLiteral("status"), toString(call.status));
    object.insert(QStringLiteral("startTime"), instant(call.startMs));
    object.insert(QStringLiteral("endTime"), instant(call.endMs));
    object.insert(QStringLiteral("duration"), call.durationSeconds);
    object.insert(QStringLiteral("recordingUrl"), orNull(call.recordingUrl));
    object.insert(QStringLiteral("callSid"), orNull(call.callSid));
    object.insert(QStringLiteral("notes"), call.notes);
    return object;
}

Result<QJsonObject> objectBody(const HttpRequest &request, const QStringList &knownFields)
{
    if (auto declared = checkMediaType(request, "application/json"); !declared)
        return declared.error();
    auto document = StrictJson::parse(request.body);
    if (!document)
        return document.error();
    if (!document->isObject())
        return makeError(ErrorKind::InvalidJson,
                         QCoreApplication::translate("Prospecta::RestJson", "The body must be a JSON object."));
    const QJsonObject object = document->object();
    if (auto known = onlyKnownFields(object, knownFields); !known)
        return known.error();
    if (auto clean = noNulCharacters(object); !clean)
        return clean.error();
    return object;
}

const QStringList &leadFields()
{
    static const QStringList fields = {
        QStringLiteral("name"),   QStringLiteral("phone"),      QStringLiteral("email"),
        QStringLiteral("source"), QStringLiteral("campaign"),   QStringLiteral("status"),
        QStringLiteral("score"),  QStringLiteral("assignedTo"), QStringLiteral("notes"),
        QStringLiteral("metadata"),
    };
    return fields;
}

Result<LeadInput> leadInput(const QJsonObject &body, bool requirePhone)
{
    LeadInput input;
    auto text = [&](const QString &field, std::optional<QString> &target) -> Status {
        if (!body.contains(field))
            return {};
        const QJsonValue value = body.value(field);
        if (value.isNull()) {
            target = QString();
            return {};
        }
        if (!value.isString())
            return wrongType(field, Expected::Text);
        target = value.toString();
        return {};
    };
    for (const auto &[field, target] : {std::pair{QStringLiteral("name"), &input.name},
                                        std::pair{QStringLiteral("phone"), &input.phone},
                                        std::pair{QStringLiteral("email"), &input.email},
                                        std::pair{QStringLiteral("notes"), &input.notes}}) {
        if (auto ok = text(field, *target); !ok)
            return ok.error();
    }
    if (requirePhone && (!input.phone || input.phone->trimmed().isEmpty()))
        return required(QStringLiteral("phone"));

    if (body.contains(QStringLiteral("source"))) {
        const auto source = fromString<LeadSource>(body.value(QStringLiteral("source")).toString());
        if (!source)
            return wrongType(QStringLiteral("source"), oneOf(allNames<LeadSource>()));
        input.source = *source;
    }
    if (body.contains(QStringLiteral("status"))) {
        const auto status = fromString<LeadStatus>(body.value(QStringLiteral("status")).toString());
        if (!status)
            return wrongType(QStringLiteral("status"), oneOf(allNames<LeadStatus>()));
        input.status = *status;
    }
    if (body.contains(QStringLiteral("score"))) {
        const QJsonValue score = body.value(QStringLiteral("score"));
        if (!score.isDouble() || score.toDouble() != std::floor(score.toDouble()))
            return wrongType(QStringLiteral("score"), Expected::Score);
        input.score = int(score.toDouble());
    }
    for (const auto &[field, target] : {std::pair{QStringLiteral("campaign"), &input.campaignId},
                                        std::pair{QStringLiteral("assignedTo"), &input.assignedUserId}}) {
        if (!body.contains(field))
            continue;
        const auto id = idFrom(body.value(field));
        if (!id)
            return wrongType(field, Expected::Id);
        *target = *id;
    }
    if (body.contains(QStringLiteral("metadata"))) {
        const QJsonValue metadata = body.value(QStringLiteral("metadata"));
        if (!metadata.isObject() && !metadata.isNull())
            return wrongType(QStringLiteral("metadata"), Expected::TextObject);
        input.metadata = metadata.toObject();
    }
    return input;
}

const QStringList &campaignFields()
{
    static const QStringList fields = {
        QStringLiteral("name"),         QStringLiteral("description"),    QStringLiteral("type"),
        QStringLiteral("status"),       QStringLiteral("language"),       QStringLiteral("initialAgent"),
        QStringLiteral("welcomeMessage"), QStringLiteral("instructions"), QStringLiteral("keywords"),
        QStringLiteral("isDefault"),
    };
    return fields;
}

Result<bool> humanTakeoverInput(const QJsonObject &body)
{
    const QString field = QStringLiteral("humanTakeover");
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        return required(field);
    if (!value.isBool())
        return wrongType(field, Expected::Boolean);
    return value.toBool();
}

Result<Campaign> campaignInput(const QJsonObject &body, Campaign base, bool requireName)
{
    Campaign campaign = std::move(base);
    for (const auto &[field, target] : {std::pair{QStringLiteral("name"), &campaign.name},
                                        std::pair{QStringLiteral("description"), &campaign.description},
                                        std::pair{QStringLiteral("welcomeMessage"), &campaign.welcomeMessage}}) {
        if (!body.contains(field))
            continue;
        if (!body.value(field).isString())
            return wrongType(field, Expected::Text);
        *target = body.value(field).toString();
    }
    if (body.contains(QStringLiteral("name")) && campaign.name.trimmed().isEmpty())
        return wrongType(QStringLiteral("name"), Expected::NonEmptyText);
    if (requireName && !body.contains(QStringLiteral("name")))
        return required(QStringLiteral("name"));

    auto enumeration = [&body]<typename E>(const QString &field, E &target) -> Status {
        if (!body.contains(field))
            return {};
        const auto value = fromString<E>(body.value(field).toString());
        if (!body.value(field).isString() || !value)
            return wrongType(field, oneOf(allNames<E>()));
        target = *value;
        return {};
    };
    if (auto ok = enumeration(QStringLiteral("type"), campaign.type); !ok)
        return ok.error();
    if (auto ok = enumeration(QStringLiteral("status"), campaign.status); !ok)
        return ok.error();
    if (auto ok = enumeration(QStringLiteral("initialAgent"), campaign.initialAgent); !ok)
        return ok.error();

    if (body.contains(QStringLiteral("language"))) {
        const QString language = body.value(QStringLiteral("language")).toString();
        if (language != QLatin1String("es") && language != QLatin1String("en"))
            return wrongType(QStringLiteral("language"), Expected::Language);
        campaign.language = language;
    }

    if (body.contains(QStringLiteral("instructions"))) {
        const QJsonValue value = body.value(QStringLiteral("instructions"));
        if (!value.isObject())
            return wrongType(QStringLiteral("instructions"), Expected::AgentTexts);
        QMap<AgentType, QString> instructions;
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const auto type = fromString<AgentType>(it.key());
            if (!type || !it.value().isString())
                return wrongType(QStringLiteral("instructions"), Expected::AgentTexts);
            instructions.insert(*type, it.value().toString());
        }
        campaign.instructions = instructions;
    }

    if (body.contains(QStringLiteral("keywords"))) {
        const QJsonValue value = body.value(QStringLiteral("keywords"));
        if (!value.isArray())
            return wrongType(QStringLiteral("keywords"), Expected::TextArray);
        QStringList keywords;
        for (const QJsonValue &keyword : value.toArray()) {
            if (!keyword.isString())
                return wrongType(QStringLiteral("keywords"), Expected::TextArray);
            keywords << keyword.toString();
        }
        campaign.keywords = keywords;
    }

    if (body.contains(QStringLiteral("isDefault"))) {
        if (!body.value(QStringLiteral("isDefault")).isBool())
            return wrongType(QStringLiteral("isDefault"), Expected::Boolean);
        campaign.isDefault = body.value(QStringLiteral("isDefault")).toBool();
    }
    return campaign;
}

} // namespace Prospecta::RestJson
