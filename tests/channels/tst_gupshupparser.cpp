// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "channels/GupshupWebhookParser.h"
#include "Fixtures.h"
#include "core/StrictJson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <functional>

namespace Prospecta {

// QCOMPARE prints values through a toString() found by argument-dependent lookup. These
// non-template overloads win over the toString template in domain/Enums.h, which would
// otherwise make the call ambiguous.
char *toString(InboundEvent::Kind kind)
{
    static const char *const names[] = {"Message", "Status", "UserEvent", "Unhandled"};
    return qstrdup(names[int(kind)]);
}

char *toString(ErrorKind kind)
{
    return QTest::toString(int(kind));
}

char *toString(Provider provider)
{
    return qstrdup(qPrintable(toString<Provider>(provider)));
}

} // namespace Prospecta

using namespace Prospecta;

using ExpectedFields = QList<QPair<QString, QVariant>>;
Q_DECLARE_METATYPE(ExpectedFields)
Q_DECLARE_METATYPE(InboundEvent::Kind)

namespace {

const QString Wamid = QStringLiteral("wamid.HBgLNTE5OTkwMDAxMTEVAgARGBJCQzQzMjk2N0I1QTZEMDA1NzYA");
const QString GsId = QStringLiteral("b6f3f70e-b848-4af6-b3e8-f02a1711b1fd");
const QString ContextWamid = QStringLiteral("wamid.HBgLNTE5OTkwMDAxMTEVAgARGBJGNDRDMzBEMDdEMzMxQzZGRjYA");
const QString ContextGsId = QStringLiteral("abd9802c-0b72-40ee-8ce4-cf12490c3774");

QString fixturePath(const QString &relative)
{
    return QStringLiteral(PROSPECTA_FIXTURES_DIR "/gupshup/") + relative;
}

QByteArray readFixture(const QString &relative)
{
    return Prospecta::Testing::fixtureBytes(QStringLiteral("gupshup/") + relative);
}

QVariant ms(qint64 value)
{
    return QVariant::fromValue(value);
}

// The event fields the tables name, by "area.field".
QVariant fieldOf(const InboundEvent &event, const QString &name)
{
    static const QHash<QString, std::function<QVariant(const InboundEvent &)>> fields = {
        {QStringLiteral("message.id"), [](const InboundEvent &e) { return QVariant(e.message.providerMessageId); }},
        {QStringLiteral("message.from"), [](const InboundEvent &e) { return QVariant(e.message.from); }},
        {QStringLiteral("message.profileName"), [](const InboundEvent &e) { return QVariant(e.message.profileName); }},
        {QStringLiteral("message.timestampMs"), [](const InboundEvent &e) { return ms(e.message.providerTimestampMs); }},
        {QStringLiteral("message.contentType"), [](const InboundEvent &e) { return QVariant(e.message.contentType); }},
        {QStringLiteral("message.text"), [](const InboundEvent &e) { return QVariant(e.message.text); }},
        {QStringLiteral("message.caption"), [](const InboundEvent &e) { return QVariant(e.message.caption); }},
        {QStringLiteral("message.mediaUrl"), [](const InboundEvent &e) { return QVariant(e.message.mediaUrl); }},
        {QStringLiteral("message.mediaMimeType"), [](const InboundEvent &e) { return QVariant(e.message.mediaMimeType); }},
        {QStringLiteral("message.fileName"), [](const InboundEvent &e) { return QVariant(e.message.fileName); }},
        {QStringLiteral("message.latitude"), [](const InboundEvent &e) { return e.message.latitude ? QVariant(*e.message.latitude) : QVariant(); }},
        {QStringLiteral("message.longitude"), [](const InboundEvent &e) { return e.message.longitude ? QVariant(*e.message.longitude) : QVariant(); }},
        {QStringLiteral("message.contactName"), [](const InboundEvent &e) { return QVariant(e.message.contactName); }},
        {QStringLiteral("message.contactPhone"), [](const InboundEvent &e) { return QVariant(e.message.contactPhone); }},
        {QStringLiteral("message.replyId"), [](const InboundEvent &e) { return QVariant(e.message.replyId); }},
        {QStringLiteral("message.contextMessageId"), [](const InboundEvent &e) { return QVariant(e.message.contextMessageId); }},
        {QStringLiteral("message.contextWhatsappMessageId"), [](const InboundEvent &e) { return QVariant(e.message.contextWhatsappMessageId); }},
        {QStringLiteral("status.gupshupMessageId"), [](const InboundEvent &e) { return QVariant(e.status.gupshupMessageId); }},
        {QStringLiteral("status.whatsappMessageId"), [](const InboundEvent &e) { return QVariant(e.status.whatsappMessageId); }},
        {QStringLiteral("status.status"), [](const InboundEvent &e) { return QVariant(e.status.status); }},
        {QStringLiteral("status.timestampMs"), [](const InboundEvent &e) { return ms(e.status.timestampMs); }},
        {QStringLiteral("status.destination"), [](const InboundEvent &e) { return QVariant(e.status.destination); }},
        {QStringLiteral("status.errorCode"), [](const InboundEvent &e) { return QVariant(e.status.errorCode); }},
        {QStringLiteral("status.errorReason"), [](const InboundEvent &e) { return QVariant(e.status.errorReason); }},
        {QStringLiteral("userEvent.type"), [](const InboundEvent &e) { return QVariant(e.userEvent.type); }},
        {QStringLiteral("userEvent.phone"), [](const InboundEvent &e) { return QVariant(e.userEvent.phone); }},
    };
    const auto it = fields.constFind(name);
    if (it == fields.constEnd())
        qFatal("unknown field %s in the test table", qPrintable(name));
    return (*it)(event);
}

// Sets (or, with an undefined value, removes) the value at a path such as
// {"entry", "0", "changes"} and returns the changed copy.
QJsonValue withValue(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    const QString head = path.takeFirst();
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        const int index = head.toInt();
        if (path.isEmpty()) {
            if (value.isUndefined())
                array.removeAt(index);
            else
                array[index] = value;
        } else {
            array[index] = withValue(array.at(index), path, value);
        }
        return array;
    }
    QJsonObject object = node.toObject();
    if (path.isEmpty()) {
        if (value.isUndefined())
            object.remove(head);
        else
            object.insert(head, value);
    } else {
        object.insert(head, withValue(object.value(head), path, value));
    }
    return object;
}

Result<QList<InboundEvent>> parseBody(const QByteArray &body)
{
    const Result<QJsonDocument> document = StrictJson::parse(body);
    if (!document.ok())
        qFatal("test body is not valid JSON: %s", qPrintable(document.error().message));
    return GupshupWebhookParser::parse(*document, body);
}

QJsonObject v3Change(const QJsonObject &value, const QString &field = QStringLiteral("messages"))
{
    return QJsonObject{{QStringLiteral("field"), field}, {QStringLiteral("value"), value}};
}

QByteArray v3Body(const QJsonArray &changes)
{
    const QJsonObject entry{{QStringLiteral("id"), QStringLiteral("112233445566778")},
                            {QStringLiteral("changes"), changes}};
    const QJsonObject root{{QStringLiteral("object"), QStringLiteral("whatsapp_business_account")},
                           {QStringLiteral("entry"), QJsonArray{entry}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QJsonObject v3Text(const QString &id, const QString &from, const QString &body)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("from"), from},
                       {QStringLiteral("timestamp"), QStringLiteral("1735740000")},
                       {QStringLiteral("type"), QStringLiteral("text")},
                       {QStringLiteral("text"), QJsonObject{{QStringLiteral("body"), body}}}};
}

} // namespace

class TestGupshupParser : public QObject
{
    Q_OBJECT

private slots:
    void fixture_data();
    void fixture();
    void everyFixtureInTable();
    void v3BodyWithSeveralEvents();
    void v3BodyWithoutMessagesOrStatuses();
    void unknownFormat_data();
    void unknownFormat();
    void invalidFixture_data();
    void invalidFixture();
};

namespace {

// One fixture file and what parsing it must produce.
struct FixtureCase
{
    QString file;
    InboundEvent::Kind kind;
    QString kindName;
    QString dedupKey;
    ExpectedFields expected;
};

QList<FixtureCase> fixtureCases()
{
    QList<FixtureCase> cases;
    const auto message = InboundEvent::Kind::Message;
    const auto status = InboundEvent::Kind::Status;
    const auto userEvent = InboundEvent::Kind::UserEvent;
    const auto s = [](const char *text) { return QVariant(QString::fromUtf8(text)); };
    const auto row = [&cases](const char *file, InboundEvent::Kind kind, const char *kindName,
                              const QString &dedupKey, const ExpectedFields &expected) {
        cases.append({QString::fromUtf8(file), kind, QString::fromUtf8(kindName), dedupKey, expected});
    };

    // ---- v2 messages
    const ExpectedFields lead{{QStringLiteral("message.from"), s("51999000111")},
                              {QStringLiteral("message.profileName"), s("Cliente Prueba")}};
    row("v2-webhook/message-text.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBRBMjc0NUMzMkY0MUYwNjIwQURBNQA="),
        lead + ExpectedFields{
                {QStringLiteral("message.id"), s("wamid.HBgLNTE5OTkwMDAxMTEVAgASGBRBMjc0NUMzMkY0MUYwNjIwQURBNQA=")},
                {QStringLiteral("message.timestampMs"), ms(1735740000000)},
                {QStringLiteral("message.contentType"), s("text")},
                {QStringLiteral("message.text"), s("Hola, quisiera información sobre el plan empresarial, "
                                                   "¿tienen precios para 10 usuarios?")},
                {QStringLiteral("message.contextMessageId"), s("")}});
    row("v2-webhook/message-text-reply-with-context.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQyQTEyMjQ1OTRCRTdBNzdEOTQxMwA="),
        lead + ExpectedFields{
                {QStringLiteral("message.text"), s("Sí, me interesa. ¿Puedo pagar en cuotas?")},
                {QStringLiteral("message.timestampMs"), ms(1735740060000)},
                {QStringLiteral("message.contextMessageId"), ContextGsId},
                {QStringLiteral("message.contextWhatsappMessageId"), ContextWamid}});
    row("v2-webhook/message-text-mexico-521.json", message, "message",
        QStringLiteral("message:wamid.HBgNNTIxNTUxMjM0MDAwMBUCABIYFEEyNzQ1QzMyRjQxRjA2MjBBREE1AA=="),
        ExpectedFields{{QStringLiteral("message.from"), s("5215512340000")},
                       {QStringLiteral("message.profileName"), s("Cliente Prueba MX")},
                       {QStringLiteral("message.text"), s("Buenas tardes, me pasaron su número para cotizar")},
                       {QStringLiteral("message.timestampMs"), ms(1735740120000)}});
    row("v2-webhook/message-text-argentina-549.json", message, "message",
        QStringLiteral("message:wamid.HBgNNTQ5MTE1NTU1MDAwMBUCABIYFEEyNzQ1QzMyRjQxRjA2MjBBREE1AA=="),
        ExpectedFields{{QStringLiteral("message.from"), s("5491155550000")},
                       {QStringLiteral("message.profileName"), s("Cliente Prueba AR")},
                       {QStringLiteral("message.text"), s("Hola! Vi el anuncio, ¿hacen envíos a Córdoba?")}});
    row("v2-webhook/message-image.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQ0NDI3MkU1ODc5ODYxNjU3MTVBRQA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("image")},
                {QStringLiteral("message.caption"), s("Así quedó la instalación en mi local")},
                {QStringLiteral("message.mediaUrl"), s("https://filemanager.gupshup.io/wa/061ea33e-676f-43f6-8e20-"
                                                       "fce342d5dd94/wa/media/9c57bb2a-2e99-4ce3-8228-8a8dea1e061b"
                                                       "?download=false")},
                {QStringLiteral("message.mediaMimeType"), s("image/jpeg")},
                {QStringLiteral("message.text"), s("")}});
    row("v2-webhook/message-file.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBRGQUQ4QkZBODFDQzdBNDFDRkZCRgA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("file")},
                {QStringLiteral("message.caption"), s("Adjunto la orden de compra")},
                {QStringLiteral("message.fileName"), s("orden_compra_0042.pdf")},
                {QStringLiteral("message.mediaMimeType"), s("application/pdf")}});
    row("v2-webhook/message-audio.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQxNkY4Njg3ODczMzI1QTE3MkFEQgA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("audio")},
                {QStringLiteral("message.mediaMimeType"), s("audio/ogg; codecs=opus")},
                {QStringLiteral("message.caption"), s("")},
                {QStringLiteral("message.mediaUrl"), s("https://filemanager.gupshup.io/wa/061ea33e-676f-43f6-8e20-"
                                                       "fce342d5dd94/wa/media/ee1ee31f-bebe-4aa6-b314-db3e6c2e08f8"
                                                       "?download=false")}});
    row("v2-webhook/message-video.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQxNTkzRDI2MzhBMDY3N0IyQzc2QQA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("video")},
                {QStringLiteral("message.caption"), s("Video del equipo funcionando")},
                {QStringLiteral("message.mediaMimeType"), s("video/mp4")}});
    row("v2-webhook/message-location.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQyN0IxNUUzMzVCOTFCODcxRjI3OQA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("location")},
                {QStringLiteral("message.latitude"), QVariant(-12.0464)},
                {QStringLiteral("message.longitude"), QVariant(-77.0428)}});
    row("v2-webhook/message-contact.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBRENENCQUYxMjg3OEI0ODY4NjFBRgA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("contact")},
                {QStringLiteral("message.contactName"), s("Contacto Referido")},
                {QStringLiteral("message.contactPhone"), s("+51 999 000 222")}});
    row("v2-webhook/message-button-reply.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQ0NEREMjQ5NUYxNjExQTMzRkIyNAA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("button")},
                {QStringLiteral("message.text"), s("Agendar llamada")},
                {QStringLiteral("message.replyId"), s("qr_agendar")},
                {QStringLiteral("message.contextMessageId"), ContextGsId}});
    row("v2-webhook/message-quick-reply-interactive.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBREMjQ2M0I4OEU2ODRCM0YyQkEyMAA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("button")},
                {QStringLiteral("message.text"), s("Agendar llamada")},
                {QStringLiteral("message.replyId"), s("qr_agendar")}});
    // The template shape has no context.gsId, so the WhatsApp id identifies the message.
    row("v2-webhook/message-quick-reply-template.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBREMjQ2M0I4OEU2ODRCM0YyQkEyMAA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("button")},
                {QStringLiteral("message.text"), s("Sí, llámenme")},
                {QStringLiteral("message.replyId"), s("LEAD_CALLBACK_YES")},
                {QStringLiteral("message.contextMessageId"), ContextWamid},
                {QStringLiteral("message.contextWhatsappMessageId"), ContextWamid}});
    row("v2-webhook/message-list-reply.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQ5NTMyRkNGMzJGMTRFMjg5MDlEOQA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("list")},
                {QStringLiteral("message.text"), s("Plan Empresarial")},
                {QStringLiteral("message.replyId"), s("plan_emp")}});

    // ---- v2 message-events: payload.id is the Gupshup id for enqueued and sync
    // failures, the WhatsApp id for sent, delivered and read.
    row("v2-webhook/message-event-enqueued.json", status, "message-event",
        QStringLiteral("status:%1:enqueued").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("enqueued")},
                       {QStringLiteral("status.gupshupMessageId"), GsId},
                       {QStringLiteral("status.whatsappMessageId"), Wamid},
                       {QStringLiteral("status.destination"), s("51999000111")},
                       {QStringLiteral("status.timestampMs"), ms(1735740300000)}});
    row("v2-webhook/message-event-sent.json", status, "message-event", QStringLiteral("status:%1:sent").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("sent")},
                       {QStringLiteral("status.gupshupMessageId"), GsId},
                       {QStringLiteral("status.whatsappMessageId"), Wamid},
                       {QStringLiteral("status.timestampMs"), ms(1735740301000)}});
    row("v2-webhook/message-event-delivered.json", status, "message-event",
        QStringLiteral("status:%1:delivered").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("delivered")},
                       {QStringLiteral("status.gupshupMessageId"), GsId},
                       {QStringLiteral("status.whatsappMessageId"), Wamid},
                       {QStringLiteral("status.timestampMs"), ms(1735740302000)}});
    row("v2-webhook/message-event-read.json", status, "message-event", QStringLiteral("status:%1:read").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("read")},
                       {QStringLiteral("status.gupshupMessageId"), GsId},
                       {QStringLiteral("status.whatsappMessageId"), Wamid},
                       {QStringLiteral("status.timestampMs"), ms(1735740330000)}});
    row("v2-webhook/message-event-failed-sync.json", status, "message-event",
        QStringLiteral("status:92090535-57b3-4514-bad9-4845b4b46b5f:failed"),
        ExpectedFields{{QStringLiteral("status.status"), s("failed")},
                       {QStringLiteral("status.gupshupMessageId"), s("92090535-57b3-4514-bad9-4845b4b46b5f")},
                       {QStringLiteral("status.whatsappMessageId"), s("")},
                       {QStringLiteral("status.destination"), s("51999000333")},
                       {QStringLiteral("status.errorCode"), s("1002")},
                       {QStringLiteral("status.errorReason"), s("Number Does Not Exists On WhatsApp")},
                       {QStringLiteral("status.timestampMs"), ms(1735740400000)}});
    row("v2-webhook/message-event-failed-async-131047.json", status, "message-event",
        QStringLiteral("status:03b4e794-e8d5-4d78-9839-71e0c726ec6c:failed"),
        ExpectedFields{{QStringLiteral("status.gupshupMessageId"), s("03b4e794-e8d5-4d78-9839-71e0c726ec6c")},
                       {QStringLiteral("status.destination"), s("5215512340000")},
                       {QStringLiteral("status.errorCode"), s("131047")},
                       {QStringLiteral("status.errorReason"),
                        s("Message failed to send because more than 24 hours have passed since the "
                          "customer last replied to this number.")}});
    row("v2-webhook/message-event-failed-rate-limited-4001.json", status, "message-event",
        QStringLiteral("status:6512029f-c02c-4fdc-b155-539c2db5dd30:failed"),
        ExpectedFields{{QStringLiteral("status.gupshupMessageId"), s("6512029f-c02c-4fdc-b155-539c2db5dd30")},
                       {QStringLiteral("status.errorCode"), s("4001")},
                       {QStringLiteral("status.errorReason"), s("API Rate Limited")}});

    // ---- v2 user-events and others: no id, so keyed by the SHA-256 of the body
    // (computed with sha256sum over the fixture files).
    row("v2-webhook/user-event-opted-in.json", userEvent, "user-event",
        QStringLiteral("user-event:sha256:9dbc60e8dc1a2ded667e34724b4aee7103f613f037c9a14ff514746f31d6113b"),
        ExpectedFields{{QStringLiteral("userEvent.type"), s("opted-in")},
                       {QStringLiteral("userEvent.phone"), s("51999000111")}});
    row("v2-webhook/user-event-opted-out.json", userEvent, "user-event",
        QStringLiteral("user-event:sha256:e21bcd34dc4605de7464835a818879c1d3cc67bc058e0506bd7631661fca98b0"),
        ExpectedFields{{QStringLiteral("userEvent.type"), s("opted-out")},
                       {QStringLiteral("userEvent.phone"), s("51999000111")}});
    row("v2-webhook/user-event-sandbox-start-callback-set.json", userEvent, "user-event",
        QStringLiteral("user-event:sha256:17d693705ae4adf8941bc0b733fde662134c66136fd390b6a42fb3f65b5024b3"),
        ExpectedFields{{QStringLiteral("userEvent.type"), s("sandbox-start")},
                       {QStringLiteral("userEvent.phone"), s("")}});
    row("v2-webhook/user-event-sandbox-start-proxy.json", userEvent, "user-event",
        QStringLiteral("user-event:sha256:b1829cc7a79d364212804556ed387c519b41cc6b3183801db350b921c1387536"),
        ExpectedFields{{QStringLiteral("userEvent.type"), s("sandbox-start")},
                       {QStringLiteral("userEvent.phone"), s("51999000111")}});
    row("v2-webhook/billing-event.json", InboundEvent::Kind::Unhandled, "billing-event",
        QStringLiteral("billing-event:sha256:9da1099efe9fd179fa38298b279cbc505469e0646d782d28785d878025a54b87"),
        ExpectedFields{});

    // ---- v3
    row("v3-webhook/message-text.json", message, "message",
        QStringLiteral("message:wamid.HBgLNTE5OTkwMDAxMTEVAgASGBQ0QkMwQ0VEQzc5RERBNTA4MEU1NgA="),
        lead + ExpectedFields{
                {QStringLiteral("message.contentType"), s("text")},
                {QStringLiteral("message.text"), s("Hola, quisiera información sobre el plan empresarial")},
                {QStringLiteral("message.timestampMs"), ms(1735740000000)}});
    // Enqueued has a number in milliseconds, the others a string in seconds.
    row("v3-webhook/status-enqueued.json", status, "status", QStringLiteral("status:%1:enqueued").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("enqueued")},
                       {QStringLiteral("status.gupshupMessageId"), GsId},
                       {QStringLiteral("status.whatsappMessageId"), Wamid},
                       {QStringLiteral("status.destination"), s("51999000111")},
                       {QStringLiteral("status.timestampMs"), ms(1735740300000)}});
    row("v3-webhook/status-sent.json", status, "status", QStringLiteral("status:%1:sent").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("sent")},
                       {QStringLiteral("status.gupshupMessageId"), GsId},
                       {QStringLiteral("status.whatsappMessageId"), Wamid},
                       {QStringLiteral("status.timestampMs"), ms(1735740301000)}});
    row("v3-webhook/status-delivered.json", status, "status", QStringLiteral("status:%1:delivered").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("delivered")},
                       {QStringLiteral("status.timestampMs"), ms(1735740302000)}});
    row("v3-webhook/status-read.json", status, "status", QStringLiteral("status:%1:read").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("read")},
                       {QStringLiteral("status.timestampMs"), ms(1735740330000)}});
    row("v3-webhook/status-failed-131047.json", status, "status", QStringLiteral("status:%1:failed").arg(GsId),
        ExpectedFields{{QStringLiteral("status.status"), s("failed")},
                       {QStringLiteral("status.errorCode"), s("131047")},
                       {QStringLiteral("status.errorReason"), s("Re-engagement message")},
                       {QStringLiteral("status.timestampMs"), ms(1735740410000)}});
    return cases;
}

} // namespace

void TestGupshupParser::fixture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<InboundEvent::Kind>("kind");
    QTest::addColumn<QString>("kindName");
    QTest::addColumn<QString>("dedupKey");
    QTest::addColumn<ExpectedFields>("expected");

    for (const FixtureCase &fixtureCase : fixtureCases()) {
        QTest::newRow(qPrintable(fixtureCase.file)) << fixtureCase.file << fixtureCase.kind << fixtureCase.kindName
                                                    << fixtureCase.dedupKey << fixtureCase.expected;
    }
}

void TestGupshupParser::fixture()
{
    QFETCH(QString, file);
    QFETCH(InboundEvent::Kind, kind);
    QFETCH(QString, kindName);
    QFETCH(QString, dedupKey);
    QFETCH(ExpectedFields, expected);

    const Result<QList<InboundEvent>> result = parseBody(readFixture(file));

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->size(), 1);
    const InboundEvent &event = result->first();
    QCOMPARE(event.provider, Provider::Gupshup);
    QCOMPARE(event.kind, kind);
    QCOMPARE(event.kindName, kindName);
    QCOMPARE(event.dedupKey, dedupKey);
    QCOMPARE(event.itemIndex, 0);
    for (const auto &[name, value] : expected) {
        const QVariant actual = fieldOf(event, name);
        if (value.typeId() == QMetaType::Double) {
            QVERIFY2(actual.isValid(), qPrintable(name));
            QCOMPARE(actual.toDouble(), value.toDouble());
        } else {
            QVERIFY2(actual == value, qPrintable(QStringLiteral("%1: got \"%2\", expected \"%3\"")
                                                         .arg(name, actual.toString(), value.toString())));
        }
    }
}

void TestGupshupParser::everyFixtureInTable()
{
    // A fixture added to the folders must get a case in fixtureCases().
    QStringList tableFiles;
    for (const FixtureCase &fixtureCase : fixtureCases())
        tableFiles.append(fixtureCase.file);
    for (const QString &folder : {QStringLiteral("v2-webhook"), QStringLiteral("v3-webhook")}) {
        const QStringList files = QDir(fixturePath(folder)).entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString &file : files) {
            const QString relative = folder + QLatin1Char('/') + file;
            QVERIFY2(tableFiles.contains(relative), qPrintable(relative + QStringLiteral(" has no row")));
        }
    }
}

void TestGupshupParser::v3BodyWithSeveralEvents()
{
    QJsonObject value = QJsonDocument::fromJson(readFixture(QStringLiteral("v3-webhook/message-text.json")))
                                .object()[QStringLiteral("entry")].toArray()[0].toObject()[QStringLiteral("changes")]
                                .toArray()[0].toObject()[QStringLiteral("value")].toObject();
    value.insert(QStringLiteral("contacts"),
                 QJsonArray{QJsonObject{{QStringLiteral("wa_id"), QStringLiteral("51999000111")},
                                        {QStringLiteral("profile"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Uno")}}}},
                            QJsonObject{{QStringLiteral("wa_id"), QStringLiteral("5215512340000")},
                                        {QStringLiteral("profile"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Dos")}}}}});
    value.insert(QStringLiteral("messages"),
                 QJsonArray{v3Text(QStringLiteral("wamid.A"), QStringLiteral("5215512340000"), QStringLiteral("primero")),
                            v3Text(QStringLiteral("wamid.B"), QStringLiteral("51999000111"), QStringLiteral("segundo"))});
    const QJsonObject statusValue{
            {QStringLiteral("statuses"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("wamid.C")},
                                    {QStringLiteral("status"), QStringLiteral("delivered")},
                                    {QStringLiteral("timestamp"), QStringLiteral("1735740302")}}}}};

    const Result<QList<InboundEvent>> result = parseBody(v3Body({v3Change(value), v3Change(statusValue)}));

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->size(), 3);
    QCOMPARE(result->at(0).itemIndex, 0);
    QCOMPARE(result->at(0).dedupKey, QStringLiteral("message:wamid.A"));
    QCOMPARE(result->at(0).message.profileName, QStringLiteral("Dos"));
    QCOMPARE(result->at(0).message.text, QStringLiteral("primero"));
    QCOMPARE(result->at(1).itemIndex, 1);
    QCOMPARE(result->at(1).dedupKey, QStringLiteral("message:wamid.B"));
    QCOMPARE(result->at(1).message.profileName, QStringLiteral("Uno"));
    QCOMPARE(result->at(2).itemIndex, 2);
    QCOMPARE(result->at(2).kind, InboundEvent::Kind::Status);
    // Without gs_id the WhatsApp id is the key.
    QCOMPARE(result->at(2).dedupKey, QStringLiteral("status:wamid.C:delivered"));
    QCOMPARE(result->at(2).status.gupshupMessageId, QString());
    QCOMPARE(result->at(2).status.whatsappMessageId, QStringLiteral("wamid.C"));
}

void TestGupshupParser::v3BodyWithoutMessagesOrStatuses()
{
    const QJsonObject review{{QStringLiteral("event"), QStringLiteral("APPROVED")}};
    const QByteArray body = v3Body({v3Change(review, QStringLiteral("message_template_status_update")),
                                    v3Change(review, QStringLiteral("account_update"))});
    const QString digest = QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());

    const Result<QList<InboundEvent>> result = parseBody(body);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->size(), 2);
    QCOMPARE(result->at(0).kind, InboundEvent::Kind::Unhandled);
    QCOMPARE(result->at(0).kindName, QStringLiteral("message_template_status_update"));
    QCOMPARE(result->at(0).dedupKey, QStringLiteral("message_template_status_update:sha256:%1:0").arg(digest));
    QCOMPARE(result->at(1).kindName, QStringLiteral("account_update"));
    QCOMPARE(result->at(1).dedupKey, QStringLiteral("account_update:sha256:%1:1").arg(digest));
}

void TestGupshupParser::unknownFormat_data()
{
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("neither type nor object") << QByteArray(R"({"app":"CrmVentasDemo","payload":{}})");
    QTest::newRow("other object") << QByteArray(R"({"object":"page","entry":[]})");
    QTest::newRow("object of the wrong type") << QByteArray(R"({"object":1})");
    QTest::newRow("array") << QByteArray(R"([{"type":"message"}])");
    QTest::newRow("empty object") << QByteArray("{}");
}

void TestGupshupParser::unknownFormat()
{
    QFETCH(QByteArray, body);

    const Result<QList<InboundEvent>> result = parseBody(body);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
    QVERIFY2(result.error().message.startsWith(QStringLiteral("The webhook body has an unknown format")),
             qPrintable(result.error().message));
}

void TestGupshupParser::invalidFixture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("edits");  // paths, dot-separated, array indices as numbers
    QTest::addColumn<QJsonValue>("value");   // undefined: remove the field
    QTest::addColumn<ErrorKind>("errorKind");
    QTest::addColumn<QStringList>("fields");

    const QJsonValue remove(QJsonValue::Undefined);
    const auto missing = ErrorKind::MissingField;
    const auto wrongType = ErrorKind::InvalidArgument;
    const QString v3Message = QStringLiteral("entry.0.changes.0.value.messages.0");
    const QString v3Status = QStringLiteral("entry.0.changes.0.value.statuses.0");
    const auto paths = [](std::initializer_list<const char *> list) {
        QStringList result;
        for (const char *item : list)
            result.append(QString::fromUtf8(item));
        return result;
    };

    QTest::newRow("v2 message without payload.id")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.id"}) << remove << missing
            << paths({"payload.id"});
    QTest::newRow("v2 message with an empty payload.id")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.id"}) << QJsonValue(QString())
            << missing << paths({"payload.id"});
    QTest::newRow("v2 message with a null payload.id")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.id"}) << QJsonValue(QJsonValue::Null)
            << missing << paths({"payload.id"});
    QTest::newRow("v2 message without payload")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload"}) << remove << missing
            << paths({"payload"});
    QTest::newRow("v2 message without sender")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.sender"}) << remove << missing
            << paths({"payload.sender"});
    QTest::newRow("v2 message without id and sender phone")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.id", "payload.sender.phone"})
            << remove << missing << paths({"payload.id", "payload.sender.phone"});
    // A sender that is no phone number could only fail in the processor, after the
    // webhook was answered 200, so the message was never seen.
    QTest::newRow("v2 sender that is a word")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.sender.phone"})
            << QJsonValue(QStringLiteral("abc")) << wrongType << paths({"payload.sender.phone"});
    QTest::newRow("v2 sender too short for a number")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.sender.phone"})
            << QJsonValue(QStringLiteral("123")) << wrongType << paths({"payload.sender.phone"});
    QTest::newRow("v3 sender that is a word")
            << QStringLiteral("v3-webhook/message-text.json") << QStringList{v3Message + QStringLiteral(".from")}
            << QJsonValue(QStringLiteral("abc")) << wrongType
            << paths({"entry[0].changes[0].value.messages[0].from"});
    QTest::newRow("v2 text without text")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.payload.text"}) << remove << missing
            << paths({"payload.payload.text"});
    QTest::newRow("v2 text without inner payload")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.payload"}) << remove << missing
            << paths({"payload.payload"});
    QTest::newRow("v2 image without url")
            << QStringLiteral("v2-webhook/message-image.json") << paths({"payload.payload.url"}) << remove << missing
            << paths({"payload.payload.url"});
    QTest::newRow("v2 location without latitude")
            << QStringLiteral("v2-webhook/message-location.json") << paths({"payload.payload.latitude"}) << remove
            << missing << paths({"payload.payload.latitude"});
    QTest::newRow("v2 contact with no cards")
            << QStringLiteral("v2-webhook/message-contact.json") << paths({"payload.payload.contacts"})
            << QJsonValue(QJsonArray()) << missing << paths({"payload.payload.contacts[0]"});
    QTest::newRow("v2 list reply without title")
            << QStringLiteral("v2-webhook/message-list-reply.json") << paths({"payload.payload.title"}) << remove
            << missing << paths({"payload.payload.title"});
    QTest::newRow("v2 status without any id")
            << QStringLiteral("v2-webhook/message-event-sent.json") << paths({"payload.id", "payload.gsId"}) << remove
            << missing << paths({"payload.id"});
    QTest::newRow("v2 status without type")
            << QStringLiteral("v2-webhook/message-event-read.json") << paths({"payload.type"}) << remove << missing
            << paths({"payload.type"});
    QTest::newRow("v2 user-event without payload")
            << QStringLiteral("v2-webhook/user-event-opted-in.json") << paths({"payload"}) << remove << missing
            << paths({"payload"});
    QTest::newRow("v2 user-event without type")
            << QStringLiteral("v2-webhook/user-event-opted-in.json") << paths({"payload.type"}) << remove << missing
            << paths({"payload.type"});
    QTest::newRow("v3 without entry")
            << QStringLiteral("v3-webhook/message-text.json") << paths({"entry"}) << remove << missing
            << paths({"entry"});
    QTest::newRow("v3 with an empty entry")
            << QStringLiteral("v3-webhook/message-text.json") << paths({"entry"}) << QJsonValue(QJsonArray())
            << missing << paths({"entry[0]"});
    QTest::newRow("v3 message without from")
            << QStringLiteral("v3-webhook/message-text.json") << QStringList{v3Message + QStringLiteral(".from")}
            << remove << missing << paths({"entry[0].changes[0].value.messages[0].from"});
    QTest::newRow("v3 text without body")
            << QStringLiteral("v3-webhook/message-text.json") << QStringList{v3Message + QStringLiteral(".text.body")}
            << remove << missing << paths({"entry[0].changes[0].value.messages[0].text.body"});
    QTest::newRow("v3 status without status")
            << QStringLiteral("v3-webhook/status-read.json") << QStringList{v3Status + QStringLiteral(".status")}
            << remove << missing << paths({"entry[0].changes[0].value.statuses[0].status"});
    QTest::newRow("v3 status without ids")
            << QStringLiteral("v3-webhook/status-read.json")
            << QStringList{v3Status + QStringLiteral(".id"), v3Status + QStringLiteral(".gs_id")} << remove
            << missing << paths({"entry[0].changes[0].value.statuses[0].id"});

    QTest::newRow("v2 type a number")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"type"}) << QJsonValue(2) << wrongType
            << paths({"type"});
    QTest::newRow("v2 payload.id a number")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.id"}) << QJsonValue(42) << wrongType
            << paths({"payload.id"});
    QTest::newRow("v2 sender a string")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"payload.sender"})
            << QJsonValue(QStringLiteral("51999000111")) << wrongType << paths({"payload.sender"});
    QTest::newRow("v2 timestamp not a number")
            << QStringLiteral("v2-webhook/message-text.json") << paths({"timestamp"})
            << QJsonValue(QStringLiteral("yesterday")) << wrongType << paths({"timestamp"});
    QTest::newRow("v2 latitude not a number")
            << QStringLiteral("v2-webhook/message-location.json") << paths({"payload.payload.latitude"})
            << QJsonValue(QStringLiteral("north")) << wrongType << paths({"payload.payload.latitude"});
    QTest::newRow("v2 failure code a boolean")
            << QStringLiteral("v2-webhook/message-event-failed-sync.json") << paths({"payload.payload.code"})
            << QJsonValue(true) << wrongType << paths({"payload.payload.code"});
    QTest::newRow("v2 user-event phone a number")
            << QStringLiteral("v2-webhook/user-event-opted-in.json") << paths({"payload.phone"})
            << QJsonValue(51999000111.0) << wrongType << paths({"payload.phone"});
    QTest::newRow("v3 entry an object")
            << QStringLiteral("v3-webhook/message-text.json") << paths({"entry"}) << QJsonValue(QJsonObject())
            << wrongType << paths({"entry"});
    QTest::newRow("v3 message a string")
            << QStringLiteral("v3-webhook/message-text.json") << QStringList{v3Message}
            << QJsonValue(QStringLiteral("hola")) << wrongType << paths({"entry[0].changes[0].value.messages[0]"});
    QTest::newRow("v3 status timestamp an object")
            << QStringLiteral("v3-webhook/status-sent.json") << QStringList{v3Status + QStringLiteral(".timestamp")}
            << QJsonValue(QJsonObject()) << wrongType
            << paths({"entry[0].changes[0].value.statuses[0].timestamp"});
}

void TestGupshupParser::invalidFixture()
{
    QFETCH(QString, file);
    QFETCH(QStringList, edits);
    QFETCH(QJsonValue, value);
    QFETCH(ErrorKind, errorKind);
    QFETCH(QStringList, fields);

    QJsonValue root = QJsonDocument::fromJson(readFixture(file)).object();
    for (const QString &path : edits)
        root = withValue(root, path.split(QLatin1Char('.')), value);
    const QByteArray body = QJsonDocument(root.toObject()).toJson();

    const Result<QList<InboundEvent>> result = parseBody(body);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, errorKind);
    QCOMPARE(result.error().fields, fields);
    for (const QString &field : fields)
        QVERIFY2(result.error().message.contains(field), qPrintable(result.error().message));
}

QTEST_GUILESS_MAIN(TestGupshupParser)
#include "tst_gupshupparser.moc"
