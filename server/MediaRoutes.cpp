// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaRoutes.h"

#include "HttpService.h"
#include "core/Logging.h"
#include "storage/OutboundMediaRepository.h"

#include <QRegularExpression>

namespace Prospecta {

namespace {

// SecretBox::randomToken(32): unpadded base64url, 43 characters. Anything else is not
// looked up.
bool isTokenShaped(const QString &token)
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    return shape.match(token).hasMatch();
}

} // namespace

MediaRoutes::MediaRoutes(HttpService &service, const ServiceContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
    service.router().add<"/media/{token}">(HttpMethod::Get,
        [this](const QString &token, const HttpRequest &, HttpResponder responder) { responder.send(media(token)); });
}

QByteArray MediaRoutes::contentDisposition(const QString &fileName, bool inlineDisplay)
{
    // The ASCII fallback keeps printable ASCII except the quote and the backslash, which
    // would need escaping in a quoted-string that some clients do not unescape.
    QByteArray fallback;
    for (const QChar c : fileName) {
        const char16_t code = c.unicode();
        fallback += code >= 0x20 && code < 0x7f && code != u'"' && code != u'\\' ? char(code) : '_';
    }
    // RFC 8187 section 3.2.1: attr-char is ALPHA / DIGIT and these marks; the rest is
    // percent-encoded UTF-8.
    const QByteArray encoded = fileName.toUtf8().toPercentEncoding("!#$&+^`|");
    return QByteArray(inlineDisplay ? "inline" : "attachment") + "; filename=\"" + fallback
        + "\"; filename*=UTF-8''" + encoded;
}

HttpReply MediaRoutes::media(const QString &token)
{
    if (!isTokenShaped(token))
        return HttpReply::error(404, "not_found", tr("No such file."));

    auto found = OutboundMediaRepository(m_context.database).findByToken(token);
    if (!found) {
        qCWarning(lcServer).noquote() << "cannot read an attachment for /media/{token}:" << found.error().message;
        Error error = makeError(ErrorKind::Unavailable, tr("The file cannot be read now; try again later."));
        error.retryAfterMs = 5000;
        return HttpReply::error(error);
    }
    if (!*found)
        return HttpReply::error(404, "not_found", tr("No such file."));

    const OutboundMedia &media = **found;
    if (!m_loggedMediaIds.contains(media.id)) {
        m_loggedMediaIds.insert(media.id);
        qCInfo(lcServer).noquote() << "serving attachment" << media.id << "of conversation" << media.conversationId
                                   << "on /media/{token}" << QStringLiteral("(%1 bytes)").arg(media.bytes.size());
    }
    return fileReply(media);
}

HttpReply MediaRoutes::fileReply(const OutboundMedia &media) const
{
    HttpReply reply;
    reply.contentType = media.contentType.toLatin1();
    reply.body = media.bytes;
    const bool image = media.contentType.startsWith(QLatin1String("image/"));
    reply.headers.append({QByteArrayLiteral("Content-Disposition"), contentDisposition(media.fileName, image)});
    reply.headers.append(
        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("private, max-age=") + QByteArray::number(CacheMaxAgeSeconds)});
    // The type was decided from the bytes; a browser must not guess another (a text file as HTML).
    reply.headers.append({QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")});
    return reply;
}

} // namespace Prospecta
