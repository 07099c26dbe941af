// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/MediaRepository.h"
#include "storage/ServiceContext.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Prospecta {

// Downloads the media of inbound messages (images, audio, video, documents) as soon as
// they are stored, because the provider's links expire. Each download is over https, or
// plain http from a loopback host only (tests, local fakes). Redirects are followed only
// to URLs that pass the same rule. The size is capped before and while bytes arrive, and
// the content type must fit the message's kind. Files go to the media folder under names
// Prospecta makes up (never the provider's), written atomically. Failures are retried
// with backoff for transient errors and given up for good otherwise, with the reason
// stored on the message. Runs on the service thread.
class MediaDownloader : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 defaultMaxBytes = 16 * 1024 * 1024;
    static constexpr int maxAttempts = 4;

    MediaDownloader(ServiceContext context, QNetworkAccessManager *network, QString mediaFolder,
                    QObject *parent = nullptr);

    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    void setBackoffBaseMs(qint64 ms) { m_backoffBaseMs = ms; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // Starts what is due now (new messages, retries, work left by the previous run).
    void wake();

    // Why `url` may not be fetched, or an empty string when it may.
    static QString urlProblem(const QUrl &url);
    // Whether a response's content type fits a message of `kind`.
    static bool contentTypeFits(const QString &kind, const QByteArray &contentType);

    QString mediaFolder() const { return m_mediaFolder; }

signals:
    void changed(const QString &table, qint64 id);

private:
    struct Download;
    void fetch(const PendingMedia &media, const QUrl &url, int redirects);
    void finish(const PendingMedia &media, QNetworkReply *reply, const QByteArray &body, int redirects);
    void fail(const PendingMedia &media, const QString &error, bool transient);
    void scheduleNext();

    ServiceContext m_context;
    QNetworkAccessManager *m_network;
    QString m_mediaFolder;
    QTimer m_timer;
    QSet<qint64> m_inFlight; // message ids
    qint64 m_maxBytes = defaultMaxBytes;
    qint64 m_backoffBaseMs = 30000;
    int m_timeoutMs = 60000;
};

} // namespace Prospecta
