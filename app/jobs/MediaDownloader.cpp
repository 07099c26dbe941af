// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaDownloader.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "storage/Database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QHostAddress>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSaveFile>

namespace Prospecta {

namespace {

constexpr int batchSize = 8;
constexpr int maxParallel = 2;
constexpr int maxRedirects = 3;

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// A file extension for what the server sent, from its content type; "bin" when unknown.
QString extensionFor(const QByteArray &contentType)
{
    const QMimeType type = QMimeDatabase().mimeTypeForName(QString::fromLatin1(contentType.split(';').first().trimmed()));
    const QString suffix = type.isValid() ? type.preferredSuffix() : QString();
    return suffix.isEmpty() ? QStringLiteral("bin") : suffix;
}

} // namespace

MediaDownloader::MediaDownloader(ServiceContext context, QNetworkAccessManager *network, QString mediaFolder,
                                 QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_network(network)
    , m_mediaFolder(std::move(mediaFolder))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &MediaDownloader::wake);
}

QString MediaDownloader::urlProblem(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("the link is not a valid URL");
    if (url.scheme() == QLatin1String("https"))
        return {};
    if (url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))
        return {};
    return QStringLiteral("only https links are downloaded (plain http only from this computer)");
}

bool MediaDownloader::contentTypeFits(const QString &kind, const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    if (type.isEmpty() || type == "text/html")
        return false; // an error page, or a login page of an expired link
    if (kind == QLatin1String("image") || kind == QLatin1String("sticker"))
        return type.startsWith("image/");
    if (kind == QLatin1String("audio"))
        return type.startsWith("audio/") || type == "application/ogg";
    if (kind == QLatin1String("video"))
        return type.startsWith("video/");
    // Documents come in every type; only HTML is refused above.
    return true;
}

void MediaDownloader::wake()
{
    const qint64 nowMs = m_context.clock.nowMs();
    const int room = maxParallel - int(m_inFlight.size());
    if (room <= 0)
        return;
    auto due = MediaRepository(m_context.database).due(nowMs, batchSize);
    if (!due) {
        qCWarning(lcJobs) << "cannot read pending media:" << due.error().message;
        return;
    }
    int started = 0;
    for (const PendingMedia &media : std::as_const(*due)) {
        if (started == room)
            break;
        if (m_inFlight.contains(media.messageId))
            continue;
        const QUrl url(media.url);
        if (const QString problem = urlProblem(url); !problem.isEmpty()) {
            fail(media, problem, false);
            continue;
        }
        m_inFlight.insert(media.messageId);
        ++started;
        fetch(media, url, 0);
    }
    scheduleNext();
}

void MediaDownloader::scheduleNext()
{
    if (m_inFlight.size() >= maxParallel)
        return;
    auto next = MediaRepository(m_context.database).nextDueMs();
    if (!next || *next == 0)
        return;
    const qint64 waitMs = std::max<qint64>(0, *next - m_context.clock.nowMs());
    m_timer.start(int(std::min<qint64>(waitMs, 60 * 60 * 1000)));
}

void MediaDownloader::fetch(const PendingMedia &media, const QUrl &url, int redirects)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    // Redirects are followed here, so each target passes urlProblem() first.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);

    auto received = std::make_shared<QByteArray>();
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, tooLarge] {
        const qint64 declared = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (declared > m_maxBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply, received, tooLarge] {
        received->append(reply->readAll());
        if (received->size() > m_maxBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, media, reply, received, tooLarge, redirects] {
        reply->deleteLater();
        if (*tooLarge) {
            fail(media, QStringLiteral("the file is larger than %1 MiB").arg(m_maxBytes / (1024 * 1024)), false);
            return;
        }
        received->append(reply->readAll());
        finish(media, reply, *received, redirects);
    });
}

void MediaDownloader::finish(const PendingMedia &media, QNetworkReply *reply, const QByteArray &body, int redirects)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 && status < 400) {
        const QUrl target = reply->url().resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        if (redirects >= maxRedirects)
            return fail(media, QStringLiteral("too many redirects"), false);
        if (const QString problem = urlProblem(target); !problem.isEmpty())
            return fail(media, QStringLiteral("redirected to a link that is not allowed: %1").arg(problem), false);
        return fetch(media, target, redirects + 1);
    }
    if (reply->error() != QNetworkReply::NoError && status == 0)
        return fail(media, reply->errorString(), true);
    if (status >= 500 || status == 429)
        return fail(media, QStringLiteral("the server answered %1").arg(status), true);
    if (status != 200)
        return fail(media, QStringLiteral("the server answered %1; the link may have expired").arg(status), false);

    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (!contentTypeFits(media.contentType, contentType)) {
        const QString sent = contentType.isEmpty() ? QStringLiteral("no Content-Type")
                                                   : QStringLiteral("Content-Type %1").arg(QString::fromLatin1(contentType));
        return fail(media, QStringLiteral("the server sent %1 for a message of type %2").arg(sent, media.contentType),
                    false);
    }
    if (body.isEmpty())
        return fail(media, QStringLiteral("the file is empty"), false);

    // A name of our own: the message id and a digest, never a name taken from the link.
    const QString relative = QStringLiteral("%1-%2.%3")
                                 .arg(media.messageId)
                                 .arg(QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(16)))
                                 .arg(extensionFor(contentType));
    QDir().mkpath(m_mediaFolder);
    QSaveFile file(QDir(m_mediaFolder).filePath(relative));
    if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !file.commit())
        return fail(media, QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()), true);

    if (auto marked = MediaRepository(m_context.database).markDownloaded(media.messageId, relative); !marked)
        qCWarning(lcJobs) << "media of message" << media.messageId << "saved but not recorded:" << marked.error().message;
    qCInfo(lcJobs) << "downloaded the media of message" << media.messageId << "(" << body.size() << "bytes)";
    m_inFlight.remove(media.messageId);
    emit changed(QStringLiteral("messages"), media.messageId);
    wake();
}

void MediaDownloader::fail(const PendingMedia &media, const QString &error, bool transient)
{
    const int attempts = media.attempts + 1;
    qint64 nextMs = 0;
    if (transient && attempts < maxAttempts)
        nextMs = m_context.clock.nowMs() + m_backoffBaseMs * (qint64(1) << (attempts - 1));
    if (auto marked = MediaRepository(m_context.database).markFailed(media.messageId, error, attempts, nextMs); !marked)
        qCWarning(lcJobs) << "cannot record the media failure of message" << media.messageId << ":"
                          << marked.error().message;
    qCInfo(lcJobs) << "media of message" << media.messageId << (nextMs > 0 ? "will be retried:" : "failed:") << error;
    m_inFlight.remove(media.messageId);
    emit changed(QStringLiteral("messages"), media.messageId);
    if (m_inFlight.isEmpty() || nextMs == 0)
        QMetaObject::invokeMethod(this, &MediaDownloader::wake, Qt::QueuedConnection);
}

} // namespace Prospecta
