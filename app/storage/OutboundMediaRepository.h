// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Prospecta {

class Database;

// A file a person attached to an outgoing WhatsApp message. Gupshup sends media by URL,
// so its servers fetch the bytes from GET /media/{token}. The bytes live in the database
// so that any process that runs the HTTP server can serve them.
struct OutboundMedia
{
    qint64 id = 0;
    QString token;          // unguessable: the only credential of its URL
    qint64 conversationId = 0;
    QString fileName;       // without folders, as WhatsApp shows it to the lead
    QString contentType;    // decided from the bytes when attached
    qint64 sizeBytes = 0;
    QByteArray bytes;
    qint64 createdMs = 0;
    qint64 createdBy = 0;   // the user who attached it; 0 for the command line
};

// The outbound_media table. A row is deleted only with its conversation (and so with its
// lead), because WhatsApp may fetch a link again days after the message was sent.
class OutboundMediaRepository
{
public:
    explicit OutboundMediaRepository(const Database &database);

    // Stores `media` (its id and size are ignored) and returns the new id.
    Result<qint64> insert(const OutboundMedia &media) const;

    // The file with `token`, bytes included; nullopt when no file has it.
    Result<std::optional<OutboundMedia>> findByToken(const QString &token) const;

private:
    const Database &m_database;
};

} // namespace Prospecta
