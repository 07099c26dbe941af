// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace Prospecta {

struct GupshupConfig
{
    QString apiKey;
    QString appName;  // src.name
    QString source;   // the business number
    QUrl baseUrl;     // default https://api.gupshup.io/wa/api/v1
    int timeoutMs = 30000;
};

struct GupshupSendOutcome
{
    enum class Kind {
        Accepted,   // 2xx with a messageId
        Retryable,  // timeout, connection error, 5xx, rate limit (4001)
        Permanent,  // 401, invalid destination, 131047, opted out, other 4xx
    };
    Kind kind = Kind::Permanent;
    QString providerMessageId; // with Accepted
    int httpStatus = 0;        // 0 when no response came
    QString error;             // provider's message or the network error, for people
    qint64 retryAfterMs = -1;  // from Retry-After when the provider sent one
};

// An approved WhatsApp template as Gupshup's template API sends it.
struct GupshupTemplate
{
    QString id;                 // Gupshup's template id
    QStringList params;         // the values of {{1}}, {{2}}, … in order
    QStringList postbackTexts;  // optional: the text each quick-reply button returns, by index from 0
};

// An image or document sent as a session message. Gupshup does not take the bytes: its
// servers download the file from `url`, which must be reachable from the internet.
struct GupshupMedia
{
    enum class Kind { Image, File };
    Kind kind = Kind::Image;
    QString url;
    QString previewUrl;  // Image: a smaller version; empty sends `url` again
    QString fileName;    // File: the name WhatsApp shows
    QString caption;     // optional; left out of the message when empty
};

// Gupshup's send API: POST {baseUrl}/msg, header apikey, form fields channel, source,
// destination, src.name and message (a JSON document in one field); templates go to
// POST {baseUrl}/template/msg with the field template instead of message. Lives on the
// thread that created it; callbacks run there.
class GupshupClient : public QObject
{
    Q_OBJECT

public:
    explicit GupshupClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    using Callback = std::function<void(const GupshupSendOutcome &)>;

    // Sends one text message. One attempt only: the outbox decides about retries.
    void sendText(const GupshupConfig &config, const QString &destination, const QString &text,
                  Callback done);
    // Sends one template message, the only kind WhatsApp delivers outside the 24-hour
    // window. One attempt only, classified like sendText.
    void sendTemplate(const GupshupConfig &config, const QString &destination, const GupshupTemplate &message,
                      Callback done);
    // Sends one image ({"type": "image", "originalUrl", "previewUrl", "caption"}) or
    // document ({"type": "file", "url", "filename", "caption"}) to {baseUrl}/msg. A session
    // message like text, so WhatsApp refuses it outside the 24-hour window. One attempt
    // only, classified like sendText.
    void sendMedia(const GupshupConfig &config, const QString &destination, const GupshupMedia &media,
                   Callback done);

private:
    // Checks the configuration and posts `form` to {baseUrl}/{route}.
    void post(const GupshupConfig &config, const QString &route, const QByteArray &form, Callback done);

    QNetworkAccessManager *m_network;
};

} // namespace Prospecta
