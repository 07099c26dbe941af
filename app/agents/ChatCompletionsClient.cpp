// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatCompletionsClient.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QMetaEnum>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QThread>
#include <QTimeZone>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace Prospecta {

namespace {

// Qt 6.4 opens at most 6 connections per host and manager, and cannot be configured
// otherwise before Qt 6.5 (QHttp1Configuration).
constexpr int ConnectionsPerManager = 6;
constexpr qint64 MaxRetryDelayMs = 60000;

enum class Verdict {
    Reply,      // the outcome contains the assistant's text
    Retry,      // a failure the retry table calls retryable
    Failed,     // a permanent failure of this request
    Rejected,   // a permanent HTTP error that every request will get, such as an unknown model
    KeyOrQuota, // the admin must act on the key or the account
};

struct AttemptResult
{
    Verdict verdict = Verdict::Failed;
    qint64 serverDelayMs = -1; // what retry-after-ms or Retry-After asked for, -1 when absent
};

QString maskKey(QString text, const QString &apiKey)
{
    // A compatible server could echo the key in its error message; OpenAI masks it itself.
    if (!apiKey.isEmpty())
        text.replace(apiKey, QStringLiteral("••••"));
    return text;
}

QUrl completionsUrl(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QStringLiteral("chat/completions"));
    return url;
}

bool isRetryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::OperationCanceledError: // the transfer timeout aborts this way
    case QNetworkReply::TimeoutError:
    case QNetworkReply::ConnectionRefusedError:
    // NOTE: Qt 6.4.2 may resend a request by itself when the connection closes before any
    // byte of the response, so the server can see more requests than counted attempts.
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

bool isRetryableStatus(int status, const QString &code)
{
    switch (status) {
    case 408:
    case 409:
    case 500:
    case 502:
    case 503:
    case 504:
        return true;
    case 429:
        // A 429 also reports "insufficient_quota", which no retry fixes. Other codes are
        // not in the retry table either.
        return code.isEmpty() || code == QLatin1String("rate_limit_exceeded");
    default:
        return false;
    }
}

// The provider's error object: {"error": {"message", "type", "param", "code"}}.
struct ProviderError
{
    bool isJson = false;
    QString message;
    QString code; // error.code, which is often null
    QString type; // error.type
};

ProviderError parseProviderError(const QByteArray &body)
{
    ProviderError result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return result;

    result.isJson = true;
    const QJsonValue error = document.object().value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject object = error.toObject();
        result.message = object.value(QLatin1String("message")).toString();
        result.code = object.value(QLatin1String("code")).toString();
        result.type = object.value(QLatin1String("type")).toString();
    } else if (error.isString()) {
        // Some compatible servers send {"error": "text"}.
        result.message = error.toString();
    }
    return result;
}

QString describeStatus(int status, const QString &reason, const QString &code)
{
    QString text = QStringLiteral("HTTP %1").arg(status);
    if (!reason.isEmpty())
        text += QLatin1Char(' ') + reason;
    if (!code.isEmpty())
        text += QStringLiteral(", %1").arg(code);
    return text;
}

// Returns `text` with each %1 to %9 replaced by its argument in one pass, so an argument
// that contains "%2" (a provider's message can) is not filled in again.
QString fillArguments(const QString &text, const QStringList &arguments)
{
    QString filled;
    filled.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('%') && i + 1 < text.size() && text.at(i + 1).isDigit()) {
            const int index = text.at(i + 1).digitValue() - 1;
            if (index >= 0 && index < arguments.size()) {
                filled += arguments.at(index);
                ++i;
                continue;
            }
        }
        filled += c;
    }
    return filled;
}

// Sets the outcome's message from one source text (marked with QT_TRANSLATE_NOOP):
// translated for the people who read the conversation's flag and the admin's alert, and
// in English for the log.
void setError(ChatOutcome &outcome, const char *source, const QStringList &arguments = {})
{
    outcome.errorMessage =
        fillArguments(QCoreApplication::translate("Prospecta::ChatCompletionsClient", source), arguments);
    outcome.logMessage = fillArguments(QString::fromUtf8(source), arguments);
}

QString withoutFinalPeriod(QString text)
{
    while (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

// Reads a 2xx body into the outcome.
Verdict parseSuccess(const QByteArray &body, ChatOutcome &outcome)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // A proxy in front of the API can return 200 with an HTML page, and a later
        // attempt may reach the real server.
        setError(outcome,
                 QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions server answered HTTP %1 with a body that is not "
                                   "a JSON object (%2 at offset %3)."),
                 {QString::number(outcome.httpStatus),
                  parseError.error == QJsonParseError::NoError ? QStringLiteral("not an object")
                                                               : parseError.errorString(),
                  QString::number(parseError.offset)});
        return Verdict::Retry;
    }

    const QJsonObject root = document.object();
    outcome.usage = root.value(QLatin1String("usage")).toObject();
    outcome.model = root.value(QLatin1String("model")).toString();

    const QJsonObject choice = root.value(QLatin1String("choices")).toArray().at(0).toObject();
    outcome.finishReason = choice.value(QLatin1String("finish_reason")).toString();
    const QJsonValue message = choice.value(QLatin1String("message"));
    if (!message.isObject()) {
        setError(outcome,
                 QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions response has no choices[0].message (HTTP %1)."),
                 {QString::number(outcome.httpStatus)});
        return Verdict::Failed;
    }

    const QJsonObject messageObject = message.toObject();
    const QJsonValue content = messageObject.value(QLatin1String("content"));
    if (!content.isString()) {
        // A null content comes with a refusal or with tool calls instead of text.
        const QString refusal = messageObject.value(QLatin1String("refusal")).toString();
        const QString finishReason = choice.value(QLatin1String("finish_reason")).toString();
        if (!refusal.isEmpty()) {
            setError(outcome, QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The model refused to answer: %1"), {refusal});
        } else {
            setError(outcome, QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The model's reply has no text content (finish_reason: %1)."),
                     {finishReason.isEmpty() ? QStringLiteral("none") : finishReason});
        }
        return Verdict::Failed;
    }

    outcome.content = content.toString();
    return Verdict::Reply;
}

// Classifies one finished attempt and fills the outcome's status, code and message.
AttemptResult classifyAttempt(QNetworkReply *reply, const ChatConfig &config, ChatOutcome &outcome)
{
    AttemptResult result;
    outcome.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    outcome.errorCode.clear();
    outcome.errorMessage.clear();
    outcome.logMessage.clear();
    // An aborted reply (the transfer timeout) is closed, and reading it only warns.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (outcome.httpStatus == 0) {
        const QNetworkReply::NetworkError error = reply->error();
        const QString server = completionsUrl(config.baseUrl).authority();
        if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
            setError(outcome, QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions request to %1 timed out after %2 ms."),
                     {server, QString::number(config.requestTimeoutMs)});
        } else {
            setError(outcome, QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions request to %1 failed: %2."),
                     {server, withoutFinalPeriod(reply->errorString())});
        }
        result.verdict = isRetryableNetworkError(error) ? Verdict::Retry : Verdict::Failed;
        return result;
    }

    if (outcome.httpStatus >= 200 && outcome.httpStatus < 300) {
        result.verdict = parseSuccess(body, outcome);
        return result;
    }

    const ProviderError providerError = parseProviderError(body);
    outcome.errorCode = providerError.code.isEmpty() ? providerError.type : providerError.code;
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QString status = describeStatus(outcome.httpStatus, reason, outcome.errorCode);
    // The provider's own sentence ends with a period, and the message adds its own.
    const QString detail = !providerError.isJson
            ? QStringLiteral("the body is not JSON")
            : (providerError.message.isEmpty() ? QStringLiteral("no error message")
                                               : withoutFinalPeriod(maskKey(providerError.message, config.apiKey)));

    const bool quotaExhausted = outcome.httpStatus == 429
            && (providerError.code == QLatin1String("insufficient_quota")
                || providerError.type == QLatin1String("insufficient_quota"));
    if (outcome.httpStatus == 401 || outcome.httpStatus == 403) {
        setError(outcome,
                 QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions server rejected the API key (%1): %2. Check the "
                                   "openai apiKey integration setting."),
                 {status, detail});
        result.verdict = Verdict::KeyOrQuota;
    } else if (quotaExhausted) {
        setError(outcome,
                 QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions account has no quota left (%1): %2. Check the "
                                   "plan and billing details with the provider."),
                 {status, detail});
        result.verdict = Verdict::KeyOrQuota;
    } else {
        setError(outcome, QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions request failed (%1): %2."), {status, detail});
        result.verdict = isRetryableStatus(outcome.httpStatus, providerError.code)
                ? Verdict::Retry
                : Verdict::Rejected;
    }

    if (result.verdict == Verdict::Retry) {
        result.serverDelayMs = ChatCompletionsClient::serverRetryDelayMs(
                reply->rawHeader("retry-after-ms"), reply->rawHeader("Retry-After"),
                QDateTime::currentDateTimeUtc());
    }
    return result;
}

// Summarizes one attempt for the log, without the key, the request or the response body.
QString attemptSummary(const ChatOutcome &outcome, QNetworkReply *reply)
{
    if (outcome.httpStatus == 0) {
        const char *name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error());
        return QStringLiteral("network error %1: %2")
                .arg(QString::fromLatin1(name ? name : "unknown"), reply->errorString());
    }
    QString summary = QStringLiteral("HTTP %1").arg(outcome.httpStatus);
    if (!outcome.errorCode.isEmpty())
        summary += QStringLiteral(", code %1").arg(outcome.errorCode);
    // OpenAI's id for the request, which OpenAI support requests when investigating a call.
    const QByteArray requestId = reply->rawHeader("x-request-id");
    if (!requestId.isEmpty())
        summary += QStringLiteral(", x-request-id %1").arg(QString::fromLatin1(requestId));
    return summary;
}

// Exponential backoff base * 2^(attempt - 1) with equal jitter: half the step is fixed,
// so attempts never bunch up at zero, the other half random, so clients spread out.
qint64 backoffDelayMs(int baseMs, int attempt)
{
    const double step = std::min<double>(MaxRetryDelayMs,
                                         double(baseMs) * std::pow(2.0, std::max(0, attempt - 1)));
    const qint64 half = qint64(step / 2);
    return half + QRandomGenerator::global()->bounded(half + 1);
}

} // namespace

struct ChatCompletionsClient::Job
{
    quint64 id = 0;
    ChatConfig config;
    QByteArray body;
    bool hasContext = false;
    QPointer<QObject> context;
    Callback done;
    ChatOutcome outcome;
    QElapsedTimer queuedSince; // valid while waiting for a slot
    QElapsedTimer onWireSince; // valid while a request is in flight
    QNetworkReply *reply = nullptr;
    int managerIndex = -1;

    bool contextGone() const { return hasContext && !context; }
};

ChatCompletionsClient::ChatCompletionsClient(QObject *parent)
    : QObject(parent)
{
}

ChatCompletionsClient::~ChatCompletionsClient()
{
    // Callbacks must not run from a half-destroyed client, so each reply is cut off
    // from finishAttempt() before it is aborted (abort() emits finished()).
    for (const std::shared_ptr<Job> &job : std::as_const(m_running)) {
        if (!job->reply)
            continue;
        QNetworkReply *reply = job->reply;
        job->reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
    m_running.clear();
    m_waiting.clear();
}

void ChatCompletionsClient::complete(const ChatConfig &config, const QJsonObject &request,
                                     QObject *context, Callback done)
{
    if (QThread::currentThread() != thread()) {
        // Managers and replies belong to this object's thread.
        QPointer<QObject> guardedContext(context);
        QMetaObject::invokeMethod(
                this,
                [this, config, request, guardedContext, hadContext = context != nullptr,
                 done = std::move(done)]() mutable {
                    if (hadContext && !guardedContext)
                        return;
                    complete(config, request, guardedContext.data(), std::move(done));
                },
                Qt::QueuedConnection);
        return;
    }

    auto job = std::make_shared<Job>();
    job->id = m_nextJobId++;
    job->config = config;
    job->body = QJsonDocument(request).toJson(QJsonDocument::Compact);
    job->hasContext = context != nullptr;
    job->context = context;
    job->done = std::move(done);

    bool configProblem = true;
    ChatOutcome::Kind problemKind = ChatOutcome::Kind::Rejected;
    if (!isAllowedBaseUrl(config.baseUrl)) {
        setError(job->outcome,
                 QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "The chat-completions base URL \"%1\" is not usable: it must be an "
                                   "https URL, or http to a loopback host. Check the openai baseUrl "
                                   "integration setting."),
                 {config.baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)});
    } else if (config.apiKey.isEmpty()) {
        setError(job->outcome,
                 QT_TRANSLATE_NOOP("Prospecta::ChatCompletionsClient", "No API key is set for the chat-completions server. Set the openai "
                                   "apiKey integration setting."));
        problemKind = ChatOutcome::Kind::KeyOrQuota;
    } else {
        configProblem = false;
    }

    if (configProblem) {
        job->outcome.kind = problemKind;
        qCWarning(lcAgents).noquote() << "Chat completion" << job->id << "not sent:" << job->outcome.logMessage;
        // Queued, so the callback never runs inside complete() itself.
        QMetaObject::invokeMethod(this, [this, job] { deliver(job); }, Qt::QueuedConnection);
        return;
    }

    job->queuedSince.start();
    m_waiting.enqueue(job);
    pump();
}

void ChatCompletionsClient::setBackoffBaseMs(int ms)
{
    m_backoffBaseMs = std::max(0, ms);
}

void ChatCompletionsClient::setMaxAttempts(int attempts)
{
    m_maxAttempts = std::max(1, attempts);
}

int ChatCompletionsClient::inFlight() const
{
    return m_inFlight;
}

int ChatCompletionsClient::queued() const
{
    return int(m_waiting.size());
}

qint64 ChatCompletionsClient::serverRetryDelayMs(const QByteArray &retryAfterMs,
                                                 const QByteArray &retryAfter, const QDateTime &now)
{
    bool ok = false;
    const double milliseconds = retryAfterMs.trimmed().toDouble(&ok);
    if (ok && std::isfinite(milliseconds) && milliseconds >= 0)
        return std::min<qint64>(MaxRetryDelayMs, qint64(std::ceil(milliseconds)));

    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return -1;

    // RFC 9110 allows whole seconds only, but decimal seconds are accepted too.
    const double seconds = value.toDouble(&ok);
    if (ok && std::isfinite(seconds) && seconds >= 0)
        return std::min<qint64>(MaxRetryDelayMs, qint64(std::ceil(seconds * 1000)));

    // An HTTP date, IMF-fixdate form: "Sun, 06 Nov 1994 08:49:37 GMT".
    const QString text = QString::fromLatin1(value);
    QDateTime date = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!date.isValid())
        date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!date.isValid())
        return -1;
    date.setTimeZone(QTimeZone::utc());
    return std::clamp<qint64>(now.msecsTo(date), 0, MaxRetryDelayMs);
}

bool ChatCompletionsClient::isAllowedBaseUrl(const QUrl &baseUrl)
{
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        return false;
    const QString scheme = baseUrl.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme != QLatin1String("http"))
        return false;
    // Only an address literal or "localhost" counts, because a name could resolve to any address.
    const QString host = baseUrl.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

void ChatCompletionsClient::pump()
{
    while (!m_waiting.isEmpty()) {
        const std::shared_ptr<Job> &head = m_waiting.head();
        if (head->contextGone()) {
            // No caller waits for this outcome any more, so the request is not sent.
            qCDebug(lcAgents) << "Chat completion" << head->id << "dropped: its context was destroyed";
            m_waiting.dequeue();
            continue;
        }

        m_maxConcurrent = std::max(1, head->config.maxConcurrentRequests);
        if (m_inFlight >= m_maxConcurrent)
            return;

        std::shared_ptr<Job> job = m_waiting.dequeue();
        job->outcome.queuedMs += job->queuedSince.elapsed();
        job->queuedSince.invalidate();
        startAttempt(job);
    }
}

QNetworkAccessManager *ChatCompletionsClient::managerForNextRequest()
{
    const int needed = (m_maxConcurrent + ConnectionsPerManager - 1) / ConnectionsPerManager;
    while (m_managers.size() < needed) {
        m_managers.append(new QNetworkAccessManager(this));
        m_managerLoad.append(0);
    }

    // Picks the manager with the fewest requests in flight. There are ceil(max / 6)
    // managers and at most max - 1 requests in flight here, so that one carries fewer than 6.
    const auto least = std::min_element(m_managerLoad.cbegin(), m_managerLoad.cend());
    return m_managers.at(int(std::distance(m_managerLoad.cbegin(), least)));
}

void ChatCompletionsClient::startAttempt(const std::shared_ptr<Job> &job)
{
    ++job->outcome.attempts;
    ++m_inFlight;

    QNetworkRequest request(completionsUrl(job->config.baseUrl));
    request.setRawHeader("Authorization", "Bearer " + job->config.apiKey.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(std::max(1, job->config.requestTimeoutMs));
    // Following a redirect could carry the key to another host, and the API is not
    // expected to redirect.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);

    QNetworkAccessManager *manager = managerForNextRequest();
    job->managerIndex = int(m_managers.indexOf(manager));
    ++m_managerLoad[job->managerIndex];

    job->onWireSince.start();
    job->reply = manager->post(request, job->body);
    m_running.append(job);

    QNetworkReply *reply = job->reply;
    connect(reply, &QNetworkReply::finished, this, [this, job, reply] { finishAttempt(job, reply); });
}

void ChatCompletionsClient::finishAttempt(const std::shared_ptr<Job> &job, QNetworkReply *reply)
{
    job->outcome.wireMs += job->onWireSince.elapsed();
    job->onWireSince.invalidate();
    job->reply = nullptr;
    m_running.removeOne(job);
    --m_inFlight;
    --m_managerLoad[job->managerIndex];
    reply->deleteLater();

    if (job->contextGone()) {
        qCDebug(lcAgents) << "Chat completion" << job->id
                          << "finished after its context was destroyed; the outcome is dropped";
        pump();
        return;
    }

    const AttemptResult result = classifyAttempt(reply, job->config, job->outcome);

    if (result.verdict == Verdict::Retry && job->outcome.attempts < m_maxAttempts) {
        const qint64 delayMs = result.serverDelayMs >= 0
                ? result.serverDelayMs
                : backoffDelayMs(m_backoffBaseMs, job->outcome.attempts);
        qCInfo(lcAgents).noquote().nospace()
                << "Chat completion " << job->id << " attempt " << job->outcome.attempts << " of "
                << m_maxAttempts << " failed (" << attemptSummary(job->outcome, reply)
                << "); retrying in " << delayMs << " ms";
        scheduleRetry(job, delayMs);
        pump();
        return;
    }

    switch (result.verdict) {
    case Verdict::Reply:
        job->outcome.kind = ChatOutcome::Kind::Reply;
        break;
    case Verdict::KeyOrQuota:
        job->outcome.kind = ChatOutcome::Kind::KeyOrQuota;
        break;
    case Verdict::Rejected:
        job->outcome.kind = ChatOutcome::Kind::Rejected;
        break;
    case Verdict::Retry:
    case Verdict::Failed:
        job->outcome.kind = ChatOutcome::Kind::Failed;
        break;
    }

    if (job->outcome.kind != ChatOutcome::Kind::Reply) {
        if (result.verdict == Verdict::Retry && job->outcome.attempts > 1) {
            const QString attempts = QString::number(job->outcome.attempts);
            job->outcome.errorMessage += QLatin1Char(' ')
                + fillArguments(tr("Gave up after %1 attempts."), {attempts});
            job->outcome.logMessage += QStringLiteral(" Gave up after %1 attempts.").arg(attempts);
        }
        qCWarning(lcAgents).noquote().nospace()
                << "Chat completion " << job->id << " failed after " << job->outcome.attempts
                << " attempt(s) (" << attemptSummary(job->outcome, reply) << ")";
    }

    // A freed slot goes to the next request before the callback, which may even
    // destroy this client.
    pump();
    deliver(job);
}

void ChatCompletionsClient::scheduleRetry(const std::shared_ptr<Job> &job, qint64 delayMs)
{
    // The wait takes no slot and counts neither as queued nor as wire time. After it,
    // the job goes ahead of requests that have not started yet, because it is older.
    QTimer::singleShot(std::chrono::milliseconds(delayMs), this, [this, job] {
        job->queuedSince.start();
        m_waiting.prepend(job);
        pump();
    });
}

void ChatCompletionsClient::deliver(const std::shared_ptr<Job> &job)
{
    if (job->contextGone() || !job->done)
        return;
    // Moved out first so the callback can run at most once.
    Callback done = std::move(job->done);
    job->done = nullptr;
    done(job->outcome);
}

} // namespace Prospecta
