// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "GupshupWebhookParser.h"

#include "PhoneNumbers.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <optional>

namespace Prospecta {

namespace {

enum class Presence { Required, Optional };

// A JSON object found in the body and the path that leads to it ("payload.sender").
// `present` is false when the object was absent or of the wrong type. Reading from such
// a node yields empty values and records nothing, because the parent's problem is
// already recorded.
struct Node
{
    QJsonObject object;
    QString path;
    bool present = false;
};

QString childPath(const QString &parent, QLatin1String key)
{
    return parent.isEmpty() ? QString(key) : parent + QLatin1Char('.') + key;
}

// The JSON types a field may be required to have or be found with.
enum class JsonType { Null, Boolean, Number, String, NumberOrString, Array, Object };

// The name of a type that completes "%1 must be %2, not %3", in the language of the
// installed translation.
QString typeName(JsonType type)
{
    // lupdate finds only literal source texts, so each case spells its own.
    switch (type) {
    case JsonType::Null:
        return GupshupWebhookParser::tr("null", "a JSON type, completes: %1 must be %2, not %3");
    case JsonType::Boolean:
        return GupshupWebhookParser::tr("a boolean", "a JSON type, completes: %1 must be %2, not %3");
    case JsonType::Number:
        return GupshupWebhookParser::tr("a number", "a JSON type, completes: %1 must be %2, not %3");
    case JsonType::String:
        return GupshupWebhookParser::tr("a string", "a JSON type, completes: %1 must be %2, not %3");
    case JsonType::NumberOrString:
        return GupshupWebhookParser::tr("a number or a string", "a JSON type, completes: %1 must be %2, not %3");
    case JsonType::Array:
        return GupshupWebhookParser::tr("an array", "a JSON type, completes: %1 must be %2, not %3");
    case JsonType::Object:
        return GupshupWebhookParser::tr("an object", "a JSON type, completes: %1 must be %2, not %3");
    }
    return {};
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return typeName(JsonType::Null);
    case QJsonValue::Bool: return typeName(JsonType::Boolean);
    case QJsonValue::Double: return typeName(JsonType::Number);
    case QJsonValue::String: return typeName(JsonType::String);
    case QJsonValue::Array: return typeName(JsonType::Array);
    case QJsonValue::Object: return typeName(JsonType::Object);
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("undefined");
}

// Epoch values arrive in seconds or in milliseconds depending on the field and the
// callback format. Any value below 10^11 is taken as seconds: as milliseconds it would
// be a time in 1973, as seconds it is before the year 5000.
qint64 epochToMs(double value)
{
    if (!(value > 0))
        return 0;
    if (value < 1e11)
        return qint64(value * 1000.0);
    return qint64(value);
}

// Reads fields along JSON paths and collects every missing field and every field of
// the wrong type, so one error can name them all.
class FieldReader
{
public:
    Node root(const QJsonObject &object) const { return Node{object, QString(), true}; }

    Node object(const Node &parent, QLatin1String key, Presence presence)
    {
        const QJsonValue value = fetch(parent, key, presence);
        if (value.isUndefined())
            return Node{{}, childPath(parent.path, key), false};
        if (!value.isObject()) {
            wrongType(childPath(parent.path, key), JsonType::Object, value);
            return Node{{}, childPath(parent.path, key), false};
        }
        return Node{value.toObject(), childPath(parent.path, key), true};
    }

    // The objects of an array; an element that is not an object is recorded as a wrong
    // type and skipped.
    QList<Node> objects(const Node &parent, QLatin1String key, Presence presence)
    {
        const QJsonValue value = fetch(parent, key, presence);
        const QString path = childPath(parent.path, key);
        QList<Node> nodes;
        if (value.isUndefined())
            return nodes;
        if (!value.isArray()) {
            wrongType(path, JsonType::Array, value);
            return nodes;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString elementPath = QStringLiteral("%1[%2]").arg(path).arg(i);
            if (!array.at(i).isObject()) {
                wrongType(elementPath, JsonType::Object, array.at(i));
                continue;
            }
            nodes.append(Node{array.at(i).toObject(), elementPath, true});
        }
        return nodes;
    }

    QString string(const Node &parent, QLatin1String key, Presence presence)
    {
        const QJsonValue value = fetch(parent, key, presence);
        if (value.isUndefined())
            return {};
        if (!value.isString()) {
            wrongType(childPath(parent.path, key), JsonType::String, value);
            return {};
        }
        if (presence == Presence::Required && value.toString().isEmpty())
            m_missing.append(childPath(parent.path, key));
        return value.toString();
    }

    // A code that providers send as a number or a string (1002, "131047").
    QString code(const Node &parent, QLatin1String key, Presence presence)
    {
        const QJsonValue value = fetch(parent, key, presence);
        if (value.isUndefined())
            return {};
        if (value.isString())
            return value.toString();
        if (value.isDouble() && std::isfinite(value.toDouble()))
            return QString::number(qint64(value.toDouble()));
        wrongType(childPath(parent.path, key), JsonType::NumberOrString, value);
        return {};
    }

    // A number that may be written as a string ("-12.0464"); nullopt when absent.
    std::optional<double> decimal(const Node &parent, QLatin1String key, Presence presence)
    {
        const QJsonValue value = fetch(parent, key, presence);
        if (value.isUndefined())
            return std::nullopt;
        if (value.isDouble())
            return value.toDouble();
        if (value.isString()) {
            bool ok = false;
            const double number = value.toString().trimmed().toDouble(&ok);
            if (ok && std::isfinite(number))
                return number;
        }
        wrongType(childPath(parent.path, key), JsonType::Number, value);
        return std::nullopt;
    }

    // An epoch timestamp in seconds or milliseconds, as a number or a numeric string;
    // 0 when absent.
    qint64 timestampMs(const Node &parent, QLatin1String key, Presence presence)
    {
        const std::optional<double> value = decimal(parent, key, presence);
        return value ? epochToMs(*value) : 0;
    }

    bool failed() const { return !m_missing.isEmpty() || !m_wrongType.isEmpty(); }

    // Wrong types win over missing fields: a field of the wrong type often explains
    // why its children are missing. The message follows the installed translation, so a
    // webhook's error is in the request's language like every HTTP error.
    Error error() const
    {
        if (!m_wrongType.isEmpty()) {
            return makeError(ErrorKind::InvalidArgument,
                             GupshupWebhookParser::tr("The webhook body is not valid: %1.")
                                     .arg(m_wrongTypeDetails.join(QStringLiteral("; "))),
                             m_wrongType);
        }
        return makeError(ErrorKind::MissingField,
                         GupshupWebhookParser::tr("The webhook body is missing %n required field(s): %1.", nullptr,
                                                  int(m_missing.size()))
                                 .arg(m_missing.join(QStringLiteral(", "))),
                         m_missing);
    }

    void missing(const QString &path) { m_missing.append(path); }

    // Records a field that has the right type but a value that cannot be used.
    void invalid(const QString &path, const QString &detail)
    {
        m_wrongType.append(path);
        m_wrongTypeDetails.append(detail);
    }

    // Reads the sender's WhatsApp id and records it as invalid unless it is a phone
    // number, because the processor could only fail on it after the webhook was answered.
    QString sender(const Node &parent, QLatin1String key)
    {
        const QString id = string(parent, key, Presence::Required);
        if (id.isEmpty())
            return id;
        if (auto identity = PhoneNumbers::fromProviderId(id, PhoneNumbers::ErrorText::Translated); !identity) {
            const QString path = childPath(parent.path, key);
            invalid(path, GupshupWebhookParser::tr("%1 is not a phone number (%2)", "a JSON path, then the reason")
                                  .arg(path, identity.error().message));
        }
        return id;
    }

    // Records parent.key[0] as missing when parent.key is an empty array; an absent key
    // or one of the wrong type was recorded when it was read.
    void requireNonEmpty(const Node &parent, QLatin1String key)
    {
        const QJsonValue value = parent.object.value(key);
        if (parent.present && value.isArray() && value.toArray().isEmpty())
            m_missing.append(childPath(parent.path, key) + QStringLiteral("[0]"));
    }

private:
    // The value at parent.key, or undefined when it is absent or null; a required
    // absent value is recorded as missing.
    QJsonValue fetch(const Node &parent, QLatin1String key, Presence presence)
    {
        if (!parent.present)
            return QJsonValue(QJsonValue::Undefined);
        const QJsonValue value = parent.object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (presence == Presence::Required)
                m_missing.append(childPath(parent.path, key));
            return QJsonValue(QJsonValue::Undefined);
        }
        return value;
    }

    void wrongType(const QString &path, JsonType expected, const QJsonValue &value)
    {
        m_wrongType.append(path);
        m_wrongTypeDetails.append(GupshupWebhookParser::tr("%1 must be %2, not %3", "a JSON path, then two JSON types")
                                          .arg(path, typeName(expected), typeName(value)));
    }

    QStringList m_missing;
    QStringList m_wrongType;
    QStringList m_wrongTypeDetails;
};

QString bodyDigest(const QByteArray &rawBody)
{
    return QString::fromLatin1(QCryptographicHash::hash(rawBody, QCryptographicHash::Sha256).toHex());
}

InboundEvent unhandledEvent(const QString &kindName)
{
    InboundEvent event;
    event.kind = InboundEvent::Kind::Unhandled;
    event.kindName = kindName;
    return event;
}

QString joinNonEmpty(const QStringList &parts, const QString &separator)
{
    QStringList nonEmpty;
    for (const QString &part : parts) {
        if (!part.isEmpty())
            nonEmpty.append(part);
    }
    return nonEmpty.join(separator);
}

// ---- v2: Gupshup's own format -------------------------------------------------------

// Fills the content of a v2 message from payload.payload, by payload.type.
void readV2MessageContent(FieldReader &reader, const Node &content, const QString &type,
                          InboundMessage &message)
{
    if (type == QLatin1String("text")) {
        message.contentType = type;
        message.text = reader.string(content, QLatin1String("text"), Presence::Required);
    } else if (type == QLatin1String("image") || type == QLatin1String("video")
               || type == QLatin1String("audio") || type == QLatin1String("file")) {
        message.contentType = type;
        message.mediaUrl = reader.string(content, QLatin1String("url"), Presence::Required);
        // The documentation's field table names this field "content-type", and its
        // examples use "contentType".
        message.mediaMimeType = reader.string(content, QLatin1String("contentType"), Presence::Optional);
        if (message.mediaMimeType.isEmpty())
            message.mediaMimeType = reader.string(content, QLatin1String("content-type"), Presence::Optional);
        message.caption = reader.string(content, QLatin1String("caption"), Presence::Optional);
        message.fileName = reader.string(content, QLatin1String("name"), Presence::Optional);
    } else if (type == QLatin1String("location")) {
        // Gupshup v2 sends the coordinates as strings.
        message.contentType = type;
        message.latitude = reader.decimal(content, QLatin1String("latitude"), Presence::Required);
        message.longitude = reader.decimal(content, QLatin1String("longitude"), Presence::Required);
        message.locationName = joinNonEmpty({reader.string(content, QLatin1String("name"), Presence::Optional),
                                             reader.string(content, QLatin1String("address"), Presence::Optional)},
                                            QStringLiteral(", "));
    } else if (type == QLatin1String("contact")) {
        message.contentType = type;
        const QList<Node> contacts = reader.objects(content, QLatin1String("contacts"), Presence::Required);
        if (contacts.isEmpty()) {
            reader.requireNonEmpty(content, QLatin1String("contacts"));
            return;
        }
        const Node name = reader.object(contacts.first(), QLatin1String("name"), Presence::Optional);
        message.contactName = reader.string(name, QLatin1String("formatted_name"), Presence::Optional);
        if (message.contactName.isEmpty()) {
            message.contactName = joinNonEmpty({reader.string(name, QLatin1String("first_name"), Presence::Optional),
                                                reader.string(name, QLatin1String("last_name"), Presence::Optional)},
                                               QStringLiteral(" "));
        }
        const QList<Node> phones = reader.objects(contacts.first(), QLatin1String("phones"), Presence::Optional);
        if (!phones.isEmpty())
            message.contactPhone = reader.string(phones.first(), QLatin1String("phone"), Presence::Optional);
    } else if (type == QLatin1String("button_reply") || type == QLatin1String("quick_reply")) {
        // Two shapes: an interactive reply button {title, id, reply} and a template
        // quick-reply button {text, type, postbackText}.
        message.contentType = QStringLiteral("button");
        if (content.object.contains(QLatin1String("title"))) {
            message.text = reader.string(content, QLatin1String("title"), Presence::Required);
            message.replyId = reader.string(content, QLatin1String("id"), Presence::Optional);
        } else {
            message.text = reader.string(content, QLatin1String("text"), Presence::Required);
            message.replyId = reader.string(content, QLatin1String("postbackText"), Presence::Optional);
            if (message.replyId.isEmpty())
                message.replyId = message.text;
        }
    } else if (type == QLatin1String("list_reply")) {
        message.contentType = QStringLiteral("list");
        message.text = reader.string(content, QLatin1String("title"), Presence::Required);
        message.replyId = reader.string(content, QLatin1String("id"), Presence::Optional);
        if (message.replyId.isEmpty())
            message.replyId = reader.string(content, QLatin1String("postbackText"), Presence::Optional);
    } else {
        // Stickers, reactions and types added later are still messages from the lead
        // (they open the 24-hour window); their content is not read.
        message.contentType = type;
    }
}

void readV2Message(FieldReader &reader, const Node &root, InboundEvent &event)
{
    const Node payload = reader.object(root, QLatin1String("payload"), Presence::Required);
    InboundMessage &message = event.message;
    message.providerMessageId = reader.string(payload, QLatin1String("id"), Presence::Required);
    const QString type = reader.string(payload, QLatin1String("type"), Presence::Required);
    const Node sender = reader.object(payload, QLatin1String("sender"), Presence::Required);
    message.from = reader.sender(sender, QLatin1String("phone"));
    message.profileName = reader.string(sender, QLatin1String("name"), Presence::Optional);
    message.providerTimestampMs = reader.timestampMs(root, QLatin1String("timestamp"), Presence::Optional);

    // context.gsId is Gupshup's id of the business message (the send API's
    // messageId); context.id is its WhatsApp id.
    const Node context = reader.object(payload, QLatin1String("context"), Presence::Optional);
    message.contextWhatsappMessageId = reader.string(context, QLatin1String("id"), Presence::Optional);
    message.contextMessageId = reader.string(context, QLatin1String("gsId"), Presence::Optional);
    if (message.contextMessageId.isEmpty())
        message.contextMessageId = message.contextWhatsappMessageId;

    const bool knownType = QStringList{QStringLiteral("text"), QStringLiteral("image"), QStringLiteral("video"),
                                       QStringLiteral("audio"), QStringLiteral("file"), QStringLiteral("location"),
                                       QStringLiteral("contact"), QStringLiteral("button_reply"),
                                       QStringLiteral("quick_reply"), QStringLiteral("list_reply")}
                                   .contains(type);
    const Node content = reader.object(payload, QLatin1String("payload"),
                                       knownType ? Presence::Required : Presence::Optional);
    if (!type.isEmpty())
        readV2MessageContent(reader, content, type, message);

    event.kind = InboundEvent::Kind::Message;
    event.dedupKey = QStringLiteral("message:") + message.providerMessageId;
}

void readV2MessageEvent(FieldReader &reader, const Node &root, InboundEvent &event)
{
    const Node payload = reader.object(root, QLatin1String("payload"), Presence::Required);
    InboundStatus &status = event.status;
    status.status = reader.string(payload, QLatin1String("type"), Presence::Required);
    status.destination = reader.string(payload, QLatin1String("destination"), Presence::Optional);

    // payload.id changes role with the event: the Gupshup id for enqueued and for
    // failures before WhatsApp accepted the message, the WhatsApp id for sent,
    // delivered and read (the Gupshup id then comes in gsId). Asynchronous failures
    // carry only gsId, and events older than a week may lack gsId.
    const QString id = reader.string(payload, QLatin1String("id"), Presence::Optional);
    const QString gsId = reader.string(payload, QLatin1String("gsId"), Presence::Optional);
    const bool idIsWhatsappId = status.status == QLatin1String("sent")
            || status.status == QLatin1String("delivered") || status.status == QLatin1String("read");
    if (!gsId.isEmpty()) {
        status.gupshupMessageId = gsId;
        status.whatsappMessageId = id;
    } else if (idIsWhatsappId) {
        status.whatsappMessageId = id;
    } else {
        status.gupshupMessageId = id;
    }
    if (id.isEmpty() && gsId.isEmpty() && payload.present)
        reader.missing(childPath(payload.path, QLatin1String("id")));

    const Node details = reader.object(payload, QLatin1String("payload"), Presence::Optional);
    if (status.whatsappMessageId.isEmpty())
        status.whatsappMessageId = reader.string(details, QLatin1String("whatsappMessageId"), Presence::Optional);
    status.errorCode = reader.code(details, QLatin1String("code"), Presence::Optional);
    status.errorReason = reader.string(details, QLatin1String("reason"), Presence::Optional);

    // payload.payload.ts is in seconds and is when WhatsApp reported the status; the
    // top-level timestamp (milliseconds) is when Gupshup sent the callback.
    status.timestampMs = reader.timestampMs(details, QLatin1String("ts"), Presence::Optional);
    if (status.timestampMs == 0)
        status.timestampMs = reader.timestampMs(root, QLatin1String("timestamp"), Presence::Optional);

    event.kind = InboundEvent::Kind::Status;
    event.dedupKey = QStringLiteral("status:%1:%2").arg(gsId.isEmpty() ? id : gsId, status.status);
}

bool isAllDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

void readV2UserEvent(FieldReader &reader, const Node &root, InboundEvent &event)
{
    const Node payload = reader.object(root, QLatin1String("payload"), Presence::Required);
    event.userEvent.type = reader.string(payload, QLatin1String("type"), Presence::Required);
    // sandbox-start sent when the callback URL is set carries "callbackSetPhone".
    const QString phone = reader.string(payload, QLatin1String("phone"), Presence::Optional);
    event.userEvent.phone = isAllDigits(phone) ? phone : QString();
    event.kind = InboundEvent::Kind::UserEvent;
}

Result<QList<InboundEvent>> parseV2(const QJsonObject &object)
{
    FieldReader reader;
    const Node root = reader.root(object);
    const QString type = reader.string(root, QLatin1String("type"), Presence::Required);
    if (reader.failed())
        return reader.error();

    InboundEvent event;
    event.kindName = type;
    if (type == QLatin1String("message"))
        readV2Message(reader, root, event);
    else if (type == QLatin1String("message-event"))
        readV2MessageEvent(reader, root, event);
    else if (type == QLatin1String("user-event"))
        readV2UserEvent(reader, root, event);
    else
        event = unhandledEvent(type);

    if (reader.failed())
        return reader.error();
    return QList<InboundEvent>{event};
}

// ---- v3: Meta's Cloud API format passed through -------------------------------------

void readV3MessageContent(FieldReader &reader, const Node &node, const QString &type, InboundMessage &message)
{
    if (type == QLatin1String("text")) {
        message.contentType = type;
        const Node text = reader.object(node, QLatin1String("text"), Presence::Required);
        message.text = reader.string(text, QLatin1String("body"), Presence::Required);
    } else if (type == QLatin1String("image") || type == QLatin1String("video")
               || type == QLatin1String("audio") || type == QLatin1String("document")) {
        // Meta sends media by id; the file is downloaded with the id.
        message.contentType = type == QLatin1String("document") ? QStringLiteral("file") : type;
        const QByteArray mediaKey = type.toLatin1();
        const Node media = reader.object(node, QLatin1String(mediaKey), Presence::Required);
        message.mediaId = reader.string(media, QLatin1String("id"), Presence::Optional);
        message.mediaUrl = reader.string(media, QLatin1String("url"), Presence::Optional);
        message.mediaMimeType = reader.string(media, QLatin1String("mime_type"), Presence::Optional);
        message.caption = reader.string(media, QLatin1String("caption"), Presence::Optional);
        message.fileName = reader.string(media, QLatin1String("filename"), Presence::Optional);
        if (message.mediaId.isEmpty() && message.mediaUrl.isEmpty() && media.present)
            reader.missing(childPath(media.path, QLatin1String("id")));
    } else if (type == QLatin1String("location")) {
        message.contentType = type;
        const Node location = reader.object(node, QLatin1String("location"), Presence::Required);
        message.latitude = reader.decimal(location, QLatin1String("latitude"), Presence::Required);
        message.longitude = reader.decimal(location, QLatin1String("longitude"), Presence::Required);
        message.locationName = joinNonEmpty({reader.string(location, QLatin1String("name"), Presence::Optional),
                                             reader.string(location, QLatin1String("address"), Presence::Optional)},
                                            QStringLiteral(", "));
    } else if (type == QLatin1String("contacts")) {
        message.contentType = QStringLiteral("contact");
        const QList<Node> contacts = reader.objects(node, QLatin1String("contacts"), Presence::Required);
        if (contacts.isEmpty()) {
            reader.requireNonEmpty(node, QLatin1String("contacts"));
            return;
        }
        const Node name = reader.object(contacts.first(), QLatin1String("name"), Presence::Optional);
        message.contactName = reader.string(name, QLatin1String("formatted_name"), Presence::Optional);
        const QList<Node> phones = reader.objects(contacts.first(), QLatin1String("phones"), Presence::Optional);
        if (!phones.isEmpty())
            message.contactPhone = reader.string(phones.first(), QLatin1String("phone"), Presence::Optional);
    } else if (type == QLatin1String("interactive")) {
        const Node interactive = reader.object(node, QLatin1String("interactive"), Presence::Required);
        const QString interactiveType = reader.string(interactive, QLatin1String("type"), Presence::Required);
        if (interactiveType == QLatin1String("button_reply") || interactiveType == QLatin1String("list_reply")) {
            message.contentType = interactiveType == QLatin1String("button_reply") ? QStringLiteral("button")
                                                                                    : QStringLiteral("list");
            const QByteArray replyKey = interactiveType.toLatin1();
            const Node reply = reader.object(interactive, QLatin1String(replyKey), Presence::Required);
            message.text = reader.string(reply, QLatin1String("title"), Presence::Required);
            message.replyId = reader.string(reply, QLatin1String("id"), Presence::Optional);
        } else {
            message.contentType = interactiveType.isEmpty() ? type : interactiveType;
        }
    } else if (type == QLatin1String("button")) {
        // A template's quick-reply button: text and the payload set in the template.
        message.contentType = QStringLiteral("button");
        const Node button = reader.object(node, QLatin1String("button"), Presence::Required);
        message.text = reader.string(button, QLatin1String("text"), Presence::Required);
        message.replyId = reader.string(button, QLatin1String("payload"), Presence::Optional);
        if (message.replyId.isEmpty())
            message.replyId = message.text;
    } else {
        message.contentType = type;
    }
}

InboundEvent readV3Message(FieldReader &reader, const Node &node, const QList<Node> &contacts)
{
    InboundEvent event;
    event.kind = InboundEvent::Kind::Message;
    event.kindName = QStringLiteral("message");
    InboundMessage &message = event.message;
    message.providerMessageId = reader.string(node, QLatin1String("id"), Presence::Required);
    message.from = reader.sender(node, QLatin1String("from"));
    message.providerTimestampMs = reader.timestampMs(node, QLatin1String("timestamp"), Presence::Optional);
    const QString type = reader.string(node, QLatin1String("type"), Presence::Required);
    if (!type.isEmpty())
        readV3MessageContent(reader, node, type, message);

    // The sender's profile is in value.contacts[], matched by wa_id.
    for (const Node &contact : contacts) {
        if (reader.string(contact, QLatin1String("wa_id"), Presence::Optional) != message.from)
            continue;
        const Node profile = reader.object(contact, QLatin1String("profile"), Presence::Optional);
        message.profileName = reader.string(profile, QLatin1String("name"), Presence::Optional);
        break;
    }

    const Node context = reader.object(node, QLatin1String("context"), Presence::Optional);
    message.contextWhatsappMessageId = reader.string(context, QLatin1String("id"), Presence::Optional);
    message.contextMessageId = reader.string(context, QLatin1String("gs_id"), Presence::Optional);
    if (message.contextMessageId.isEmpty())
        message.contextMessageId = message.contextWhatsappMessageId;

    event.dedupKey = QStringLiteral("message:") + message.providerMessageId;
    return event;
}

InboundEvent readV3Status(FieldReader &reader, const Node &node)
{
    InboundEvent event;
    event.kind = InboundEvent::Kind::Status;
    event.kindName = QStringLiteral("status");
    InboundStatus &status = event.status;
    status.gupshupMessageId = reader.string(node, QLatin1String("gs_id"), Presence::Optional);
    status.whatsappMessageId = reader.string(node, QLatin1String("id"), Presence::Optional);
    if (status.gupshupMessageId.isEmpty() && status.whatsappMessageId.isEmpty())
        reader.missing(childPath(node.path, QLatin1String("id")));
    status.status = reader.string(node, QLatin1String("status"), Presence::Required);
    status.destination = reader.string(node, QLatin1String("recipient_id"), Presence::Optional);
    // A number in milliseconds for enqueued, a string in seconds otherwise.
    status.timestampMs = reader.timestampMs(node, QLatin1String("timestamp"), Presence::Optional);

    const QList<Node> errors = reader.objects(node, QLatin1String("errors"), Presence::Optional);
    if (!errors.isEmpty()) {
        status.errorCode = reader.code(errors.first(), QLatin1String("code"), Presence::Optional);
        const QString title = reader.string(errors.first(), QLatin1String("title"), Presence::Optional);
        const QString text = reader.string(errors.first(), QLatin1String("message"), Presence::Optional);
        status.errorReason = (title.isEmpty() || text.isEmpty() || title == text)
                ? (text.isEmpty() ? title : text)
                : title + QStringLiteral(": ") + text;
    }

    const QString key = status.gupshupMessageId.isEmpty() ? status.whatsappMessageId : status.gupshupMessageId;
    event.dedupKey = QStringLiteral("status:%1:%2").arg(key, status.status);
    return event;
}

Result<QList<InboundEvent>> parseV3(const QJsonObject &object)
{
    FieldReader reader;
    const Node root = reader.root(object);
    QList<InboundEvent> events;

    const QList<Node> entries = reader.objects(root, QLatin1String("entry"), Presence::Required);
    if (entries.isEmpty())
        reader.requireNonEmpty(root, QLatin1String("entry"));

    for (const Node &entry : entries) {
        const QList<Node> changes = reader.objects(entry, QLatin1String("changes"), Presence::Required);
        for (const Node &change : changes) {
            const Node value = reader.object(change, QLatin1String("value"), Presence::Required);
            const QList<Node> contacts = reader.objects(value, QLatin1String("contacts"), Presence::Optional);
            const QList<Node> messages = reader.objects(value, QLatin1String("messages"), Presence::Optional);
            const QList<Node> statuses = reader.objects(value, QLatin1String("statuses"), Presence::Optional);

            for (const Node &message : messages)
                events.append(readV3Message(reader, message, contacts));
            for (const Node &status : statuses)
                events.append(readV3Status(reader, status));

            // Template reviews, account updates and other fields.
            if (value.present && messages.isEmpty() && statuses.isEmpty()) {
                const QString field = reader.string(change, QLatin1String("field"), Presence::Optional);
                events.append(unhandledEvent(field.isEmpty() ? QStringLiteral("unknown") : field));
            }
        }
    }

    if (reader.failed())
        return reader.error();
    return events;
}

} // namespace

Result<QList<InboundEvent>> GupshupWebhookParser::parse(const QJsonDocument &document,
                                                        const QByteArray &rawBody)
{
    const QString unknownFormat = tr("The webhook body has an unknown format; it needs a \"type\" field (Gupshup v2) "
                                     "or \"object\": \"whatsapp_business_account\" (Gupshup v3 and Meta).");
    if (!document.isObject())
        return makeError(ErrorKind::InvalidArgument, unknownFormat);

    const QJsonObject object = document.object();
    Result<QList<InboundEvent>> result = [&]() -> Result<QList<InboundEvent>> {
        if (object.contains(QLatin1String("type")))
            return parseV2(object);
        if (object.value(QLatin1String("object")) == QLatin1String("whatsapp_business_account"))
            return parseV3(object);
        return makeError(ErrorKind::InvalidArgument, unknownFormat);
    }();
    if (!result.ok())
        return result;

    // Events without an id of their own are deduplicated by the body they came in.
    QList<InboundEvent> &events = result.value();
    QString digest;
    for (qsizetype i = 0; i < events.size(); ++i) {
        InboundEvent &event = events[i];
        event.provider = Provider::Gupshup;
        event.itemIndex = int(i);
        if (!event.dedupKey.isEmpty())
            continue;
        if (digest.isEmpty())
            digest = bodyDigest(rawBody);
        event.dedupKey = event.kindName + QStringLiteral(":sha256:") + digest;
        if (events.size() > 1)
            event.dedupKey += QLatin1Char(':') + QString::number(i);
    }
    return result;
}

} // namespace Prospecta
