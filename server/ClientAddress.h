// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace Prospecta {

// The address a request comes from. Behind a tunnel every TCP peer is 127.0.0.1, so with
// server.trustedProxy on and a loopback peer the client is the one the tunnel forwards:
// the last X-Forwarded-For entry, else CF-Connecting-IP. Otherwise (and when the headers
// hold no valid address) it is the TCP peer. Returned in QHostAddress's text form, IPv4
// mapped into IPv6 shown as IPv4.
QString clientAddress(const QHostAddress &peer, const QList<QPair<QByteArray, QByteArray>> &headers,
                      bool trustedProxy);

} // namespace Prospecta
