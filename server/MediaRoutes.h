// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"
#include "storage/ServiceContext.h"

#include <QObject>
#include <QSet>

namespace Prospecta {

class HttpService;
struct OutboundMedia;

// GET and HEAD /media/{token}: the files people attached to WhatsApp messages
// (outbound_media), which Gupshup's servers download because Gupshup sends media by URL.
// The token, 32 random bytes, is the link's only credential, so the route takes no bearer
// token. An unknown token gets the 404 of a missing route. Requests spend their client's
// budget like every route but the webhooks, which limits guessing. A file is served as
// long as its conversation exists. Logs name the route pattern and the file's id, never
// the token. Handlers run on the service thread and read the file from the database there.
class MediaRoutes : public QObject
{
    Q_OBJECT

public:
    MediaRoutes(HttpService &service, const ServiceContext &context, QObject *parent = nullptr);

    // Cache-Control's max-age: a token's file never changes, and WhatsApp may fetch it
    // again within a week.
    static constexpr int CacheMaxAgeSeconds = 7 * 24 * 60 * 60;

    // Content-Disposition for `fileName` (RFC 6266): an ASCII filename for old clients
    // and filename* with the UTF-8 name percent-encoded (RFC 8187, formerly RFC 5987).
    static QByteArray contentDisposition(const QString &fileName, bool inlineDisplay);

private:
    HttpReply media(const QString &token);
    HttpReply fileReply(const OutboundMedia &media) const;

    ServiceContext m_context;
    QSet<qint64> m_loggedMediaIds; // each file's first download is logged at Info
};

} // namespace Prospecta
