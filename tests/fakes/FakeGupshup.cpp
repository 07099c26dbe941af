// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeGupshup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace Prospecta::Testing {

namespace {

const QByteArray ApiPath = "/wa/api/v1";

} // namespace

QString FakeGupshup::ReceivedForm::field(const QString &name) const
{
    for (const auto &[key, value] : fields) {
        if (key == name)
            return value;
    }
    return {};
}

QMap<QString, QString> FakeGupshup::ReceivedForm::toMap() const
{
    QMap<QString, QString> map;
    for (const auto &[key, value] : fields)
        map.insert(key, value);
    return map;
}

FakeGupshup::FakeGupshup(QObject *parent)
    : QObject(parent)
{
    m_server.setHandler([this](const RecordedRequest &request) { return handle(request); });
}

bool FakeGupshup::start()
{
    return m_server.start();
}

QUrl FakeGupshup::baseUrl() const
{
    QUrl url = m_server.baseUrl();
    url.setPath(QString::fromLatin1(ApiPath));
    return url;
}

void FakeGupshup::setExpectedApiKey(const QByteArray &apiKey)
{
    m_expectedApiKey = apiKey;
}

void FakeGupshup::enqueueResponse(FakeResponse response)
{
    m_responses.append(std::move(response));
}

void FakeGupshup::setSuccessDelayMs(int delayMs)
{
    m_successDelayMs = delayMs;
}

FakeResponse FakeGupshup::errorAnswer(int status, const QByteArray &jsonBody,
                                      QList<QPair<QByteArray, QByteArray>> extraHeaders)
{
    return FakeHttpServer::json(status, jsonBody, std::move(extraHeaders));
}

FakeResponse FakeGupshup::authenticationFailed()
{
    return errorAnswer(401, R"({"message":"Authentication Failed","status":"error"})");
}

FakeResponse FakeGupshup::invalidDestination()
{
    return errorAnswer(400, R"({"message":"Invalid Destination","status":"error"})");
}

FakeResponse FakeGupshup::invalidAppDetails()
{
    return errorAnswer(400, R"({"message":"Invalid App Details","status":"error"})");
}

QList<QPair<QString, QString>> FakeGupshup::decodeForm(const QByteArray &body)
{
    QList<QPair<QString, QString>> fields;
    if (body.isEmpty())
        return fields;
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype equals = pair.indexOf('=');
        QByteArray name = equals < 0 ? pair : pair.left(equals);
        QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        // '+' is a space only in form encoding; percent-decoding leaves it alone.
        name.replace('+', ' ');
        value.replace('+', ' ');
        fields.append({QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                       QString::fromUtf8(QByteArray::fromPercentEncoding(value))});
    }
    return fields;
}

FakeResponse FakeGupshup::handle(const RecordedRequest &request)
{
    const bool templateRoute = request.path() == ApiPath + "/template/msg";
    if (request.method != "POST" || (request.path() != ApiPath + "/msg" && !templateRoute))
        return errorAnswer(404, R"({"message":"Not Found","status":"error"})");

    ReceivedForm form;
    form.request = request;
    form.fields = decodeForm(request.body);
    m_forms.append(form);

    if (!m_expectedApiKey.isEmpty() && request.header("apikey") != m_expectedApiKey)
        return authenticationFailed();
    if (!m_responses.isEmpty())
        return m_responses.takeFirst();

    SentMessage sent;
    sent.source = form.field(QStringLiteral("source"));
    sent.destination = form.field(QStringLiteral("destination"));
    sent.appName = form.field(QStringLiteral("src.name"));
    if (templateRoute) {
        const QJsonObject templateJson =
                QJsonDocument::fromJson(form.field(QStringLiteral("template")).toUtf8()).object();
        sent.templateId = templateJson.value(QLatin1String("id")).toString();
        for (const QJsonValue &param : templateJson.value(QLatin1String("params")).toArray())
            sent.templateParams << param.toString();
    } else {
        const QJsonObject message = QJsonDocument::fromJson(form.field(QStringLiteral("message")).toUtf8()).object();
        sent.type = message.value(QLatin1String("type")).toString();
        sent.text = message.value(QLatin1String("text")).toString();
        sent.mediaUrl = message.value(sent.type == QLatin1String("image") ? QLatin1String("originalUrl")
                                                                          : QLatin1String("url"))
                            .toString();
        sent.previewUrl = message.value(QLatin1String("previewUrl")).toString();
        sent.fileName = message.value(QLatin1String("filename")).toString();
        sent.caption = message.value(QLatin1String("caption")).toString();
    }
    sent.messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_sent.append(sent);
    emit messageAccepted(sent);

    // As documented: JSON labelled text/html.
    FakeResponse response;
    response.status = 202;
    response.headers = {{"Content-Type", "text/html"}};
    response.body = QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("submitted")},
                                              {QStringLiteral("messageId"), sent.messageId}})
                            .toJson(QJsonDocument::Compact);
    response.delayMs = m_successDelayMs;
    return response;
}

} // namespace Prospecta::Testing
