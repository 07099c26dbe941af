// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace Prospecta {

class Clock;

struct ChatConfig
{
    QUrl baseUrl;                 // "https://api.openai.com/v1"; requests go to {baseUrl}/chat/completions
    QString apiKey;
    int requestTimeoutMs = 60000; // per attempt
    int maxConcurrentRequests = 16;
};

struct ChatOutcome
{
    enum class Kind {
        Reply,          // a 200 with a message
        Failed,         // retryable failures until the last attempt, or a reply without text
        Rejected,       // 400, 404 and other refusals, or an unusable base URL: the admin must act
        KeyOrQuota,     // 401, 403, 429 insufficient_quota: the admin must act
    };
    Kind kind = Kind::Failed;
    QString content;              // the assistant message's text
    QString finishReason;         // choices[0].finish_reason: "stop", "length" (cut at max_tokens)…
    QJsonObject usage;            // the response's "usage" object as received
    QString model;                // the response's "model"
    int httpStatus = 0;
    QString errorCode;            // error.code or error.type from the body
    QString errorMessage;         // for people, in their language; never contains the key
    QString logMessage;           // the same in English, for the log
    int attempts = 0;
    qint64 queuedMs = 0;          // time waiting for a free request slot, all attempts
    qint64 wireMs = 0;            // time on the network, all attempts
};

// Client of the chat-completions API. Lives on the service thread. Runs at most
// maxConcurrentRequests requests at once across several QNetworkAccessManagers (one
// manager opens at most 6 connections per host in Qt 6.4), queues the rest, retries
// as the retry table says (5 attempts in all, exponential backoff with jitter,
// retry-after-ms then Retry-After honoured).
class ChatCompletionsClient : public QObject
{
    Q_OBJECT

public:
    explicit ChatCompletionsClient(QObject *parent = nullptr);
    ~ChatCompletionsClient() override;

    using Callback = std::function<void(const ChatOutcome &)>;

    // Sends `request` (a complete chat-completions body). `done` runs once on this
    // object's thread, unless `context` is destroyed first.
    void complete(const ChatConfig &config, const QJsonObject &request, QObject *context,
                  Callback done);

    // Tests shorten the waits between attempts; production uses 1000 ms.
    void setBackoffBaseMs(int ms);
    void setMaxAttempts(int attempts);

    int inFlight() const;
    int queued() const;

    // The wait a server requests before the next attempt, from the values of its
    // "retry-after-ms" header (milliseconds) and, when that is absent or invalid, its
    // "Retry-After" header (seconds or an HTTP date, RFC 9110 section 10.2.3), capped at
    // 60 s. Returns -1 when neither header gives a usable value.
    static qint64 serverRetryDelayMs(const QByteArray &retryAfterMs, const QByteArray &retryAfter,
                                     const QDateTime &now);

    // Whether requests may go to `baseUrl`: https, or plain http to a loopback host only,
    // because the request carries the API key.
    static bool isAllowedBaseUrl(const QUrl &baseUrl);

private:
    struct Job;
    void pump();
    void startAttempt(const std::shared_ptr<Job> &job);
    void finishAttempt(const std::shared_ptr<Job> &job, QNetworkReply *reply);
    void scheduleRetry(const std::shared_ptr<Job> &job, qint64 delayMs);
    void deliver(const std::shared_ptr<Job> &job);
    QNetworkAccessManager *managerForNextRequest();

    // Managers are children of this object. m_managerLoad[i] counts the replies in
    // flight on m_managers[i].
    QList<QNetworkAccessManager *> m_managers;
    QList<int> m_managerLoad;
    QQueue<std::shared_ptr<Job>> m_waiting;
    QList<std::shared_ptr<Job>> m_running;
    int m_inFlight = 0;
    int m_maxConcurrent = 16; // from the config of the job at the head of the queue
    quint64 m_nextJobId = 1;
    int m_backoffBaseMs = 1000;
    int m_maxAttempts = 5;
};

} // namespace Prospecta
