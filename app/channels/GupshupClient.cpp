// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "GupshupClient.h"

#include "core/JsonText.h"
#include "core/Logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

namespace Prospecta {

namespace {

using Kind = GupshupSendOutcome::Kind;

// Error messages quote at most this much of a response body that is not the documented JSON.
constexpr qsizetype MaxQuotedBody = 200;

// application/x-www-form-urlencoded as HTML forms send it: UTF-8, unreserved
// characters (A-Z a-z 0-9 - . _ ~) kept, spaces as '+', everything else %XX.
QByteArray formEncode(const QString &value)
{
    return value.toUtf8().toPercentEncoding().replace("%20", "+");
}

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("::1")
            || host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
}

// Retry-After in seconds, or as an HTTP date; -1 when absent or unreadable.
qint64 retryAfterMs(const QNetworkReply *reply)
{
    // The retry rules honour retry-after-ms (milliseconds) before Retry-After.
    bool ok = false;
    const qint64 milliseconds = reply->rawHeader("retry-after-ms").trimmed().toLongLong(&ok);
    if (ok && milliseconds >= 0)
        return milliseconds;

    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return -1;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok && seconds >= 0)
        return seconds * 1000;
    const QDateTime date = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (date.isValid())
        return qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(date));
    return -1;
}

QString quotedBody(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(MaxQuotedBody)).simplified();
    if (body.size() > MaxQuotedBody)
        text += QStringLiteral("…");
    return text;
}

// Classifies an HTTP response into the outcomes the outbox acts on. The provider's
// message is kept for people. It cannot contain the API key, which is sent only in a
// header.
GupshupSendOutcome classifyAnswer(int httpStatus, const QByteArray &body)
{
    GupshupSendOutcome outcome;
    outcome.httpStatus = httpStatus;

    // The documented success response is JSON labelled text/html, so the Content-Type
    // is ignored.
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QString status = json.value(QLatin1String("status")).toString();
    const QString messageId = json.value(QLatin1String("messageId")).toString();
    QString message = json.value(QLatin1String("message")).toString();
    if (message.isEmpty() && json.value(QLatin1String("message")).isObject())
        message = QString::fromUtf8(QJsonDocument(json.value(QLatin1String("message")).toObject())
                                            .toJson(QJsonDocument::Compact));
    // The code may sit at the top or inside a "message" object.
    QJsonValue codeValue = json.value(QLatin1String("code"));
    if (codeValue.isUndefined())
        codeValue = json.value(QLatin1String("message")).toObject().value(QLatin1String("code"));
    const QString code = codeValue.isDouble() ? QString::number(codeValue.toInteger()) : codeValue.toString();

    const bool success = httpStatus >= 200 && httpStatus < 300;
    if (success && status == QLatin1String("submitted") && !messageId.isEmpty()) {
        outcome.kind = Kind::Accepted;
        outcome.providerMessageId = messageId;
        return outcome;
    }

    // Gupshup's message, or the start of the body when it is not the documented JSON.
    const QString providerMessage = !message.isEmpty() ? message : quotedBody(body);
    outcome.error = QStringLiteral("Gupshup send failed with HTTP %1: %2")
                            .arg(httpStatus)
                            .arg(providerMessage.isEmpty() ? QStringLiteral("(empty body)") : providerMessage);

    static const QRegularExpression rateLimitCode(QStringLiteral("\\b4001\\b"));
    const bool rateLimited = httpStatus == 429 || code == QLatin1String("4001")
            || providerMessage.contains(QLatin1String("rate limit"), Qt::CaseInsensitive)
            || providerMessage.contains(QLatin1String("rate-limit"), Qt::CaseInsensitive)
            || providerMessage.contains(rateLimitCode);
    if (rateLimited || httpStatus >= 500 || httpStatus == 408) {
        outcome.kind = Kind::Retryable;
        return outcome;
    }

    // 401, "Invalid Destination", 131047 (outside the 24-hour window, needs a
    // template), opted-out users, other 4xx, and a 2xx without a messageId. Sending the
    // last again could deliver the message twice, so a person decides.
    outcome.kind = Kind::Permanent;
    return outcome;
}

GupshupSendOutcome classifyReply(QNetworkReply *reply, int timeoutMs)
{
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (statusAttribute.isValid()) {
        GupshupSendOutcome outcome = classifyAnswer(statusAttribute.toInt(), reply->readAll());
        if (outcome.kind == Kind::Retryable)
            outcome.retryAfterMs = retryAfterMs(reply);
        return outcome;
    }

    // No HTTP response: timeouts and connection failures are worth another attempt.
    GupshupSendOutcome outcome;
    outcome.kind = Kind::Retryable;
    // Qt 6.4 reports an expired transfer timeout as OperationCanceledError; this
    // client aborts its replies only then.
    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
        outcome.error = QStringLiteral("Gupshup send timed out after %1 ms").arg(timeoutMs);
    else
        outcome.error = QStringLiteral("connection to Gupshup failed: %1").arg(reply->errorString());
    return outcome;
}

// The form body of a session message (text or media) whose JSON is `message`, fields in
// the order of Gupshup's documentation.
QByteArray sessionMessageForm(const GupshupConfig &config, const QString &destination, const QString &message)
{
    QByteArray form;
    form += "channel=whatsapp";
    form += "&source=" + formEncode(config.source);
    form += "&destination=" + formEncode(destination);
    form += "&src.name=" + formEncode(config.appName);
    form += "&message=" + formEncode(message);
    return form;
}

QByteArray textMessageForm(const GupshupConfig &config, const QString &destination, const QString &text)
{
    // Gupshup's documentation shows the message JSON with a space after ':' and ','.
    const QString message = QStringLiteral("{\"type\": \"text\", \"text\": %1}").arg(JsonText::quoted(text));
    return sessionMessageForm(config, destination, message);
}

// The message JSON of an image or a document, keys in the order of Gupshup's examples for
// POST /msg, written in the same style as the text message's.
QString mediaMessageJson(const GupshupMedia &media)
{
    QStringList members;
    if (media.kind == GupshupMedia::Kind::Image) {
        members << QStringLiteral("\"type\": \"image\"")
                << QStringLiteral("\"originalUrl\": %1").arg(JsonText::quoted(media.url))
                << QStringLiteral("\"previewUrl\": %1")
                       .arg(JsonText::quoted(media.previewUrl.isEmpty() ? media.url : media.previewUrl));
    } else {
        members << QStringLiteral("\"type\": \"file\"") << QStringLiteral("\"url\": %1").arg(JsonText::quoted(media.url))
                << QStringLiteral("\"filename\": %1").arg(JsonText::quoted(media.fileName));
    }
    if (!media.caption.isEmpty())
        members << QStringLiteral("\"caption\": %1").arg(JsonText::quoted(media.caption));
    return QLatin1Char('{') + members.join(QStringLiteral(", ")) + QLatin1Char('}');
}

// The form body of a template message: Gupshup's template API takes the template as JSON
// {"id", "params"} in one field, and button postback texts as a JSON array in another,
// written in the documentation's style like the text message's JSON.
QByteArray templateMessageForm(const GupshupConfig &config, const QString &destination, const GupshupTemplate &message)
{
    QStringList params;
    for (const QString &param : message.params)
        params << JsonText::quoted(param);
    const QString templateJson = QStringLiteral("{\"id\": %1, \"params\": [%2]}")
                                         .arg(JsonText::quoted(message.id), params.join(QStringLiteral(", ")));

    QByteArray form;
    form += "channel=whatsapp";
    form += "&source=" + formEncode(config.source);
    form += "&destination=" + formEncode(destination);
    form += "&src.name=" + formEncode(config.appName);
    form += "&template=" + formEncode(templateJson);
    if (!message.postbackTexts.isEmpty()) {
        QStringList postbacks;
        for (qsizetype index = 0; index < message.postbackTexts.size(); ++index)
            postbacks << QStringLiteral("{\"index\": %1, \"text\": %2}")
                             .arg(index)
                             .arg(JsonText::quoted(message.postbackTexts.at(index)));
        form += "&postbackTexts=" + formEncode(QLatin1Char('[') + postbacks.join(QStringLiteral(", ")) + QLatin1Char(']'));
    }
    return form;
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Accepted: return QStringLiteral("accepted");
    case Kind::Retryable: return QStringLiteral("retryable");
    case Kind::Permanent: return QStringLiteral("permanent");
    }
    return QString();
}

} // namespace

GupshupClient::GupshupClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
}

void GupshupClient::sendText(const GupshupConfig &config, const QString &destination, const QString &text,
                             Callback done)
{
    post(config, QStringLiteral("msg"), textMessageForm(config, destination, text), std::move(done));
}

void GupshupClient::sendTemplate(const GupshupConfig &config, const QString &destination,
                                 const GupshupTemplate &message, Callback done)
{
    post(config, QStringLiteral("template/msg"), templateMessageForm(config, destination, message), std::move(done));
}

void GupshupClient::sendMedia(const GupshupConfig &config, const QString &destination, const GupshupMedia &media,
                              Callback done)
{
    post(config, QStringLiteral("msg"), sessionMessageForm(config, destination, mediaMessageJson(media)),
         std::move(done));
}

void GupshupClient::post(const GupshupConfig &config, const QString &route, const QByteArray &form, Callback done)
{
    // Configuration problems are reported like responses: asynchronously, and as
    // permanent because another attempt would fail the same way.
    auto reject = [this, &done](const QString &error) {
        GupshupSendOutcome outcome;
        outcome.kind = Kind::Permanent;
        outcome.error = error;
        qCWarning(lcGupshup).noquote() << "Gupshup send not attempted:" << error;
        QMetaObject::invokeMethod(this, [done = std::move(done), outcome] { done(outcome); }, Qt::QueuedConnection);
    };
    if (config.apiKey.isEmpty())
        return reject(QStringLiteral("the Gupshup API key is not set"));
    if (config.source.isEmpty())
        return reject(QStringLiteral("the Gupshup source (business number) is not set"));
    if (config.appName.isEmpty())
        return reject(QStringLiteral("the Gupshup app name is not set"));
    const QUrl baseUrl = config.baseUrl;
    const bool https = baseUrl.scheme() == QLatin1String("https");
    const bool loopbackHttp = baseUrl.scheme() == QLatin1String("http") && isLoopbackHost(baseUrl.host());
    if (!baseUrl.isValid() || baseUrl.host().isEmpty() || !(https || loopbackHttp)) {
        // The API key travels in a header, so plain http is allowed only on this machine.
        return reject(QStringLiteral("invalid Gupshup base URL \"%1\": expected https, or http to a loopback host")
                              .arg(baseUrl.toDisplayString()));
    }

    QUrl url = baseUrl;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + route);

    QNetworkRequest request(url);
    request.setRawHeader("apikey", config.apiKey.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Cache-Control", "no-cache");
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(config.timeoutMs);

    QNetworkReply *reply = m_network->post(request, form);
    // Owned by the client, so destroying the client aborts what is in flight and no
    // callback runs afterwards.
    reply->setParent(this);
    const int timeoutMs = config.timeoutMs;
    connect(reply, &QNetworkReply::finished, this, [reply, timeoutMs, done = std::move(done)] {
        reply->deleteLater();
        const GupshupSendOutcome outcome = classifyReply(reply, timeoutMs);
        if (outcome.kind == Kind::Accepted) {
            qCInfo(lcGupshup).noquote() << "Gupshup accepted message" << outcome.providerMessageId;
        } else {
            qCWarning(lcGupshup).noquote() << outcome.error << QStringLiteral("(%1)").arg(kindName(outcome.kind));
        }
        done(outcome);
    });
}

} // namespace Prospecta
