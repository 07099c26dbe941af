// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeHttpServer.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Prospecta::Testing {

// Gupshup's send API on 127.0.0.1: POST {baseUrl()}/msg, and {baseUrl()}/template/msg for
// templates. By default every request is
// accepted with the documented response (202, Content-Type text/html,
// {"status":"submitted","messageId":<new UUID>}). Scripted responses replace it for the
// next requests. Every received form is decoded and kept.
class FakeGupshup : public QObject
{
    Q_OBJECT

public:
    // A request received on /msg or /template/msg, with its form fields decoded.
    struct ReceivedForm
    {
        RecordedRequest request;
        QList<QPair<QString, QString>> fields; // in order, repeated names kept
        QString field(const QString &name) const; // first value, empty when absent
        QMap<QString, QString> toMap() const;     // the last value of each name
    };

    // A text, media or template message the fake accepted.
    struct SentMessage
    {
        QString source;
        QString destination;
        QString appName;
        QString type;      // the "type" of the message JSON: text, image, file; empty for a template
        QString text;      // the "text" of the message JSON; empty for a template
        QString mediaUrl;  // an image's "originalUrl", a file's "url"
        QString previewUrl; // an image's "previewUrl"
        QString fileName;  // a file's "filename"
        QString caption;   // a media message's "caption"
        QString templateId;          // the "id" of the template JSON, for a template
        QStringList templateParams;  // its "params"
        QString messageId; // the id in the fake's response
    };

    explicit FakeGupshup(QObject *parent = nullptr);

    bool start();
    // http://127.0.0.1:PORT/wa/api/v1, the path of the real API.
    QUrl baseUrl() const;

    // When set, requests whose apikey header differs get the documented 401
    // "Authentication Failed" response.
    void setExpectedApiKey(const QByteArray &apiKey);

    // Sends this response to the next send request instead of the success response.
    // Several calls queue responses, first in first out.
    void enqueueResponse(FakeResponse response);
    // Delays the default success response.
    void setSuccessDelayMs(int delayMs);

    // The documented error responses.
    static FakeResponse authenticationFailed();        // 401 "Authentication Failed"
    static FakeResponse invalidDestination();          // 400 "Invalid Destination"
    static FakeResponse invalidAppDetails();           // 400 "Invalid App Details"
    static FakeResponse errorAnswer(int status, const QByteArray &jsonBody,
                                    QList<QPair<QByteArray, QByteArray>> extraHeaders = {});

    // application/x-www-form-urlencoded decoding, '+' as a space.
    static QList<QPair<QString, QString>> decodeForm(const QByteArray &body);

    const QList<ReceivedForm> &receivedForms() const { return m_forms; }
    const QList<SentMessage> &sentMessages() const { return m_sent; }
    const FakeHttpServer &server() const { return m_server; }

signals:
    void messageAccepted(const Prospecta::Testing::FakeGupshup::SentMessage &message);

private:
    FakeResponse handle(const RecordedRequest &request);

    FakeHttpServer m_server;
    QByteArray m_expectedApiKey;
    QList<FakeResponse> m_responses;
    int m_successDelayMs = 0;
    QList<ReceivedForm> m_forms;
    QList<SentMessage> m_sent;
};

} // namespace Prospecta::Testing
