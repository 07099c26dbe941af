// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeHttpServer.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

namespace Prospecta::Testing {

// A fake chat-completions server on 127.0.0.1. It responds to POST /v1/chat/completions
// from a scripted queue of responses built from the fixtures in tests/fixtures/openai/,
// records every request, and counts how many requests are open at once.
class FakeOpenAi : public QObject
{
    Q_OBJECT

public:
    // `fixturesDir` is the tests/fixtures folder (PROSPECTA_FIXTURES_DIR in tests).
    explicit FakeOpenAi(const QString &fixturesDir, QObject *parent = nullptr);
    ~FakeOpenAi() override;

    bool start();
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT/v1, as an integration's baseUrl

    // A 200 shaped like openai/chat-completions.response-200.json (its headers, id and
    // model) with `content` as choices[0].message.content (a string, or null) and `usage`
    // as the usage object (the fixture's own when empty).
    FakeResponse reply(const QJsonValue &content, const QJsonObject &usage = {}) const;
    // The same reply stopped at max_tokens: finish_reason "length" instead of "stop".
    FakeResponse cutReply(const QString &content) const;

    // The status, headers and body of an error fixture, relative to tests/fixtures/openai/
    // ("errors/429-rate-limit-requests.json"). A JSON body is replayed as the bytes of the
    // file. Aborts the test program when the file cannot be read.
    FakeResponse error(const QString &fixtureRelativePath) const;

    // Closes the connection without a response.
    static FakeResponse down();

    // Queues `response` for the next request, first in first out. Without a scripted
    // response, a request gets a 400 whose error message names the empty script.
    void enqueue(FakeResponse response);
    // Delays every response by this long, unless the response sets its own delayMs.
    void setDelayMs(int ms);

    const QList<RecordedRequest> &requests() const;
    QList<QJsonObject> requestBodies() const; // each request body parsed as a JSON object
    int openRequests() const;                 // received and not yet answered
    int maxOpenRequests() const;              // the peak of openRequests() so far

signals:
    void requestReceived(const Prospecta::Testing::RecordedRequest &request);

private:
    FakeResponse answer(const RecordedRequest &request);
    QByteArray readFixture(const QString &relativePath) const;

    QString m_openAiDir;
    FakeHttpServer m_server;
    QList<FakeResponse> m_script;
    QList<QJsonObject> m_bodies;
    int m_delayMs = 0;
    int m_open = 0;
    int m_maxOpen = 0;
};

} // namespace Prospecta::Testing
