// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClientAddress.h"

namespace Prospecta {

namespace {

// Shows an IPv4 address received as IPv6 (::ffff:a.b.c.d on a dual-stack socket) as IPv4,
// so one client never counts as two.
QHostAddress unmapped(const QHostAddress &address)
{
    bool isIPv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    if (isIPv4 && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(ipv4);
    return address;
}

// Parses one header value as an address. QHostAddress also accepts shortened IPv4 forms
// ("10.1" is 10.0.0.1), which no proxy sends, so IPv4 must be a dotted quad.
QHostAddress parseAddress(const QByteArray &value)
{
    const QString text = QString::fromLatin1(value.trimmed());
    if (text.isEmpty())
        return {};
    if (!text.contains(QLatin1Char(':')) && text.count(QLatin1Char('.')) != 3)
        return {};

    QHostAddress address;
    if (!address.setAddress(text))
        return {};
    return unmapped(address);
}

// The value of the last header named `name` (compared without case), or a null array.
QByteArray lastHeader(const QList<QPair<QByteArray, QByteArray>> &headers, const char *name)
{
    QByteArray value;
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            value = header.second.isNull() ? QByteArray("") : header.second;
    }
    return value;
}

} // namespace

QString clientAddress(const QHostAddress &peer, const QList<QPair<QByteArray, QByteArray>> &headers,
                      bool trustedProxy)
{
    const QHostAddress tcpPeer = unmapped(peer);

    // Only a tunnel on this machine is trusted: a remote peer could write these headers
    // itself and pick any address it likes.
    if (trustedProxy && tcpPeer.isLoopback()) {
        // The last X-Forwarded-For entry is the one the tunnel appended; earlier entries
        // come from the client and may be forged. Cloudflare's tunnel appends the address
        // it also sends as CF-Connecting-IP, but ngrok passes a CF-Connecting-IP written by
        // the client through unchanged, so that header counts only without X-Forwarded-For.
        const QByteArray forwardedFor = lastHeader(headers, "X-Forwarded-For");
        if (!forwardedFor.isNull()) {
            const QHostAddress forwarded = parseAddress(forwardedFor.split(',').constLast());
            if (!forwarded.isNull())
                return forwarded.toString();
        }

        const QHostAddress connecting = parseAddress(lastHeader(headers, "CF-Connecting-IP"));
        if (!connecting.isNull())
            return connecting.toString();
    }
    return tcpPeer.toString();
}

} // namespace Prospecta
