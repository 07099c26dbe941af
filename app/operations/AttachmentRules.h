// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Prospecta {

// An image or document that a person attaches to an outgoing WhatsApp message.
struct Attachment
{
    enum class Kind { Image, Document };
    Kind kind = Kind::Image;
    QString fileName;     // without its folder, as WhatsApp shows it to the lead
    QString contentType;  // decided from the bytes, not from the name alone
    qint64 sizeBytes = 0;
    QByteArray bytes;     // empty in the summary that inspectAttachment() hands the GUI
};

// The rules for files attached to WhatsApp messages, and the base of the links that
// Gupshup fetches them from.
// The types and the image limit are WhatsApp's (Cloud API reference, "Supported media
// types"): JPEG and PNG images up to 5 MB; PDF, Word, Excel, PowerPoint and text documents.
// WhatsApp takes documents up to 100 MB, but Prospecta stores attachments in its database,
// which every desktop of a team shares, so it takes documents up to 16 MB. A file's type
// comes from its extension and must be confirmed by its bytes; anything else is rejected.
class AttachmentRules
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::AttachmentRules)

public:
    // Megabytes of 1,000,000 bytes: the stricter reading of WhatsApp's "5 MB".
    static constexpr qint64 MaxImageBytes = 5'000'000;
    static constexpr qint64 MaxDocumentBytes = 16'000'000;
    // WhatsApp's limit for a media caption, in UTF-16 code units.
    static constexpr int MaxCaptionLength = 1024;

    // Reads the file at `filePath` and check()s it. A file above the size limits is
    // rejected before it is read.
    static Result<Attachment> readFile(const QString &filePath);

    // Checks `bytes` named `fileName`. InvalidArgument on the field "file" for an empty
    // file, an extension that is not accepted, or bytes that do not match the extension.
    // PayloadTooLarge above the limits. Each message names the file and what to do.
    static Result<Attachment> check(const QString &fileName, const QByteArray &bytes);

    // InvalidArgument on the field "caption" when `caption` is longer than WhatsApp allows.
    static Status checkCaption(const QString &caption);

    // The base of attachment links, server.publicUrl without a trailing '/': https, or
    // plain http only to a loopback host (tests). Forbidden, saying that an administrator
    // must set the public URL, when it is empty or unusable.
    static Result<QString> mediaBaseUrl(const QString &publicUrl);

    // The accepted extensions without dots, lower case: "jpg", "jpeg", "png", "pdf", …
    static QStringList acceptedSuffixes();
};

} // namespace Prospecta
