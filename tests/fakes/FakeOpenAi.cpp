// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeOpenAi.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace Prospecta::Testing {

namespace {

qsizetype skipWhitespace(const QByteArray &text, qsizetype pos)
{
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r'
                                 || text[pos] == '\t'))
        ++pos;
    return pos;
}

// The index just after the JSON string that starts at `pos`, or -1.
qsizetype skipString(const QByteArray &text, qsizetype pos)
{
    for (qsizetype i = pos + 1; i < text.size(); ++i) {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            return i + 1;
    }
    return -1;
}

// The index just after the JSON value that starts at `pos`, or -1.
qsizetype skipValue(const QByteArray &text, qsizetype pos)
{
    if (pos >= text.size())
        return -1;
    if (text[pos] == '"')
        return skipString(text, pos);

    if (text[pos] == '{' || text[pos] == '[') {
        int depth = 0;
        for (qsizetype i = pos; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '"') {
                i = skipString(text, i);
                if (i < 0)
                    return -1;
                --i; // the loop's ++i moves past the closing quote
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return -1;
    }

    qsizetype i = pos;
    while (i < text.size() && !QByteArrayView(",}] \r\n\t").contains(text[i]))
        ++i;
    return i;
}

// The exact text of a member of the top-level JSON object in `text`, so a fixture's body
// can be replayed byte for byte, because QJsonDocument would sort its keys and drop its layout.
QByteArray rawMemberText(const QByteArray &text, QByteArrayView name)
{
    qsizetype pos = skipWhitespace(text, 0);
    if (pos >= text.size() || text[pos] != '{')
        return {};
    ++pos;

    while (true) {
        pos = skipWhitespace(text, pos);
        if (pos >= text.size() || text[pos] != '"')
            return {};
        const qsizetype keyEnd = skipString(text, pos);
        if (keyEnd < 0)
            return {};
        const QByteArray key = text.mid(pos + 1, keyEnd - pos - 2);

        pos = skipWhitespace(text, keyEnd);
        if (pos >= text.size() || text[pos] != ':')
            return {};
        const qsizetype valueStart = skipWhitespace(text, pos + 1);
        const qsizetype valueEnd = skipValue(text, valueStart);
        if (valueEnd < 0)
            return {};
        if (key == name)
            return text.mid(valueStart, valueEnd - valueStart);

        pos = skipWhitespace(text, valueEnd);
        if (pos >= text.size() || text[pos] != ',')
            return {};
        ++pos;
    }
}

QList<QPair<QByteArray, QByteArray>> headersOf(const QJsonObject &fixture)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QJsonObject object = fixture.value(QLatin1String("headers")).toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    return headers;
}

} // namespace

FakeOpenAi::FakeOpenAi(const QString &fixturesDir, QObject *parent)
    : QObject(parent)
    , m_openAiDir(fixturesDir + QStringLiteral("/openai/"))
{
    m_server.setHandler([this](const RecordedRequest &request) { return answer(request); });
    connect(&m_server, &FakeHttpServer::requestReceived, this, &FakeOpenAi::requestReceived);
}

FakeOpenAi::~FakeOpenAi() = default;

bool FakeOpenAi::start()
{
    return m_server.start();
}

quint16 FakeOpenAi::port() const
{
    return m_server.port();
}

QUrl FakeOpenAi::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

FakeResponse FakeOpenAi::cutReply(const QString &content) const
{
    FakeResponse response = reply(content);
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QJsonArray choices = body.value(QLatin1String("choices")).toArray();
    QJsonObject choice = choices.at(0).toObject();
    choice.insert(QLatin1String("finish_reason"), QStringLiteral("length"));
    choices.replace(0, choice);
    body.insert(QLatin1String("choices"), choices);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

FakeResponse FakeOpenAi::reply(const QJsonValue &content, const QJsonObject &usage) const
{
    const QJsonObject fixture =
            QJsonDocument::fromJson(readFixture(QStringLiteral("chat-completions.response-200.json")))
                    .object();
    QJsonObject body = fixture.value(QLatin1String("body")).toObject();

    QJsonArray choices = body.value(QLatin1String("choices")).toArray();
    QJsonObject choice = choices.at(0).toObject();
    QJsonObject message = choice.value(QLatin1String("message")).toObject();
    message.insert(QLatin1String("content"), content);
    choice.insert(QLatin1String("message"), message);
    choices.replace(0, choice);
    body.insert(QLatin1String("choices"), choices);
    if (!usage.isEmpty())
        body.insert(QLatin1String("usage"), usage);

    FakeResponse response;
    response.status = fixture.value(QLatin1String("status")).toInt();
    response.headers = headersOf(fixture);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

FakeResponse FakeOpenAi::error(const QString &fixtureRelativePath) const
{
    const QByteArray text = readFixture(fixtureRelativePath);
    const QJsonObject fixture = QJsonDocument::fromJson(text).object();

    FakeResponse response;
    response.status = fixture.value(QLatin1String("status")).toInt();
    response.headers = headersOf(fixture);
    const QJsonValue body = fixture.value(QLatin1String("body"));
    // A proxy's HTML page is stored as a JSON string. JSON bodies are replayed raw.
    response.body = body.isString() ? body.toString().toUtf8() : rawMemberText(text, "body");
    if (response.status == 0 || response.body.isEmpty())
        qFatal("FakeOpenAi: %s has no status or body", qPrintable(fixtureRelativePath));
    return response;
}

FakeResponse FakeOpenAi::down()
{
    FakeResponse response;
    response.dropConnection = true;
    return response;
}

void FakeOpenAi::enqueue(FakeResponse response)
{
    m_script.append(std::move(response));
}

void FakeOpenAi::setDelayMs(int ms)
{
    m_delayMs = ms;
}

const QList<RecordedRequest> &FakeOpenAi::requests() const
{
    return m_server.requests();
}

QList<QJsonObject> FakeOpenAi::requestBodies() const
{
    return m_bodies;
}

int FakeOpenAi::openRequests() const
{
    return m_open;
}

int FakeOpenAi::maxOpenRequests() const
{
    return m_maxOpen;
}

FakeResponse FakeOpenAi::answer(const RecordedRequest &request)
{
    m_bodies.append(QJsonDocument::fromJson(request.body).object());

    FakeResponse response;
    if (request.method != "POST" || request.path() != "/v1/chat/completions") {
        response = FakeHttpServer::json(
                404, R"({"error":{"message":"FakeOpenAi serves only POST /v1/chat/completions","type":"invalid_request_error","param":null,"code":"unknown_url"}})");
    } else if (!m_script.isEmpty()) {
        response = m_script.takeFirst();
    } else {
        response = FakeHttpServer::json(
                400, R"({"error":{"message":"FakeOpenAi has no scripted response left","type":"invalid_request_error","param":null,"code":"fake_script_empty"}})");
    }
    if (response.delayMs == 0)
        response.delayMs = m_delayMs;

    // FakeHttpServer writes the response from a timer of the same length started just
    // after this one, so the count drops in the same event loop pass as the write.
    ++m_open;
    m_maxOpen = std::max(m_maxOpen, m_open);
    if (response.delayMs > 0)
        QTimer::singleShot(response.delayMs, this, [this] { --m_open; });
    else
        --m_open;
    return response;
}

QByteArray FakeOpenAi::readFixture(const QString &relativePath) const
{
    QFile file(m_openAiDir + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("FakeOpenAi: cannot read fixture %s: %s", qPrintable(file.fileName()),
               qPrintable(file.errorString()));
    return file.readAll();
}

} // namespace Prospecta::Testing
