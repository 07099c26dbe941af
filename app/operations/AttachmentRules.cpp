// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttachmentRules.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLocale>
#include <QStringDecoder>
#include <QUrl>

#include <algorithm>

namespace Prospecta {

namespace {

// The signature that an accepted type's bytes must carry.
enum class Format { Jpeg, Png, Pdf, Ole, Zip, Text };

struct AcceptedType
{
    const char *suffix;
    const char *contentType;
    Attachment::Kind kind;
    Format format;
    // Ole: the name of a stream the document must have ('|' between alternatives).
    // Zip: the part every document of that kind has.
    const char *marker;
};

const AcceptedType acceptedTypes[] = {
    {"jpg", "image/jpeg", Attachment::Kind::Image, Format::Jpeg, ""},
    {"jpeg", "image/jpeg", Attachment::Kind::Image, Format::Jpeg, ""},
    {"png", "image/png", Attachment::Kind::Image, Format::Png, ""},
    {"pdf", "application/pdf", Attachment::Kind::Document, Format::Pdf, ""},
    {"doc", "application/msword", Attachment::Kind::Document, Format::Ole, "WordDocument"},
    // Excel 97 and later name the stream Workbook, Excel 5 and 95 Book.
    {"xls", "application/vnd.ms-excel", Attachment::Kind::Document, Format::Ole, "Workbook|Book"},
    {"ppt", "application/vnd.ms-powerpoint", Attachment::Kind::Document, Format::Ole, "PowerPoint Document"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Attachment::Kind::Document,
     Format::Zip, "word/document.xml"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Attachment::Kind::Document,
     Format::Zip, "xl/workbook.xml"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", Attachment::Kind::Document,
     Format::Zip, "ppt/presentation.xml"},
    {"txt", "text/plain", Attachment::Kind::Document, Format::Text, ""},
    // WhatsApp's list of document types names text/plain, not text/csv, so a CSV file is
    // served as plain text. Its name keeps the .csv that phones open it by.
    {"csv", "text/plain", Attachment::Kind::Document, Format::Text, ""},
};

const AcceptedType *typeFor(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    for (const AcceptedType &type : acceptedTypes) {
        if (suffix == QLatin1String(type.suffix))
            return &type;
    }
    return nullptr;
}

// The article and noun for a type in messages: "a JPEG image", "a Word document".
QString describe(const AcceptedType &type)
{
    const QLatin1String suffix(type.suffix);
    if (type.format == Format::Jpeg)
        return AttachmentRules::tr("a JPEG image");
    if (type.format == Format::Png)
        return AttachmentRules::tr("a PNG image");
    if (type.format == Format::Pdf)
        return AttachmentRules::tr("a PDF document");
    if (suffix == QLatin1String("doc") || suffix == QLatin1String("docx"))
        return AttachmentRules::tr("a Word document");
    if (suffix == QLatin1String("xls") || suffix == QLatin1String("xlsx"))
        return AttachmentRules::tr("an Excel workbook");
    if (suffix == QLatin1String("ppt") || suffix == QLatin1String("pptx"))
        return AttachmentRules::tr("a PowerPoint presentation");
    return AttachmentRules::tr("a text file");
}

QString formattedSize(qint64 bytes, int precision)
{
    return QLocale().formattedDataSize(bytes, precision, QLocale::DataSizeSIFormat);
}

bool isJpeg(const QByteArray &bytes)
{
    return bytes.startsWith(QByteArrayView("\xFF\xD8\xFF", 3));
}

bool isPng(const QByteArray &bytes)
{
    return bytes.startsWith(QByteArrayView("\x89PNG\r\n\x1A\n", 8));
}

// PDF 1.7 (ISO 32000-1), annex H: readers find the %PDF- header anywhere in the first 1024 bytes.
bool isPdf(const QByteArray &bytes)
{
    return bytes.left(1024).contains("%PDF-");
}

// The Compound File Binary format of .doc, .xls and .ppt ([MS-CFB] section 2.2).
bool isOle(const QByteArray &bytes)
{
    return bytes.startsWith(QByteArrayView("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
}

bool isZip(const QByteArray &bytes)
{
    return bytes.startsWith(QByteArrayView("PK\x03\x04", 4));
}

// Whether the compound file has a stream named `name`: directory entries hold their
// names in UTF-16LE ([MS-CFB] section 2.6.1).
bool hasOleStream(const QByteArray &bytes, const QString &name)
{
    QByteArray encoded;
    for (const QChar c : name) {
        encoded.append(char(c.unicode() & 0xff));
        encoded.append(char(c.unicode() >> 8));
    }
    return bytes.contains(encoded);
}

// Text in UTF-8, a single-byte code page, or UTF-16 with a byte order mark. It has no
// control characters other than tab, line feed, carriage return and form feed, so no NUL.
bool isText(const QByteArray &bytes)
{
    const auto allowed = [](char16_t c) { return c >= 0x20 || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f'; };
    const bool littleEndian = bytes.startsWith(QByteArrayView("\xFF\xFE", 2));
    if (littleEndian || bytes.startsWith(QByteArrayView("\xFE\xFF", 2))) {
        QStringDecoder decoder(littleEndian ? QStringConverter::Utf16LE : QStringConverter::Utf16BE);
        const QString text = decoder(QByteArrayView(bytes).sliced(2));
        if (decoder.hasError() || bytes.size() % 2 != 0)
            return false;
        return std::all_of(text.cbegin(), text.cend(), [&](QChar c) { return allowed(c.unicode()); });
    }
    return std::all_of(bytes.cbegin(), bytes.cend(), [&](char c) { return allowed(char16_t(uchar(c))); });
}

bool matches(const AcceptedType &type, const QByteArray &bytes)
{
    const QString marker = QString::fromLatin1(type.marker);
    switch (type.format) {
    case Format::Jpeg: return isJpeg(bytes);
    case Format::Png: return isPng(bytes);
    case Format::Pdf: return isPdf(bytes);
    case Format::Ole: {
        const QStringList streams = marker.split(QLatin1Char('|'));
        return isOle(bytes)
            && std::any_of(streams.cbegin(), streams.cend(), [&](const QString &stream) { return hasOleStream(bytes, stream); });
    }
    case Format::Zip:
        // A ZIP's central directory stores its entry names uncompressed. A password-protected
        // Office file is a compound file with an EncryptedPackage stream ([MS-OFFCRYPTO]
        // section 2.3.4.4), whose inner type cannot be checked.
        if (isOle(bytes))
            return hasOleStream(bytes, QStringLiteral("EncryptedPackage"));
        return isZip(bytes) && bytes.contains("[Content_Types].xml") && bytes.contains(marker.toLatin1());
    case Format::Text: return isText(bytes);
    }
    return false;
}

// A description of the bytes' real format for the message when it contradicts the
// extension. Empty unless the bytes are a JPEG, PNG or PDF, the distinctive formats.
QString detectedDescription(const QByteArray &bytes)
{
    for (const AcceptedType &type : acceptedTypes) {
        const bool distinctive = type.format == Format::Jpeg || type.format == Format::Png || type.format == Format::Pdf;
        if (distinctive && matches(type, bytes))
            return describe(type);
    }
    return {};
}

Error unsupported(const QString &fileName)
{
    return makeError(ErrorKind::InvalidArgument,
                     AttachmentRules::tr("\"%1\" cannot be attached. WhatsApp accepts JPEG and PNG images up to %2, "
                                         "and PDF, Word, Excel, PowerPoint, TXT and CSV documents up to %3. Choose a "
                                         "file of one of those types.")
                         .arg(fileName, formattedSize(AttachmentRules::MaxImageBytes, 0),
                              formattedSize(AttachmentRules::MaxDocumentBytes, 0)),
                     {QStringLiteral("file")});
}

Status checkSize(const QString &fileName, const AcceptedType &type, qint64 size)
{
    if (type.kind == Attachment::Kind::Image && size > AttachmentRules::MaxImageBytes)
        return makeError(ErrorKind::PayloadTooLarge,
                         AttachmentRules::tr("\"%1\" has %2; WhatsApp accepts images up to %3. Make the image smaller "
                                             "and attach it again.")
                             .arg(fileName, formattedSize(size, 1), formattedSize(AttachmentRules::MaxImageBytes, 0)),
                         {QStringLiteral("file")});
    if (size > AttachmentRules::MaxDocumentBytes)
        return makeError(ErrorKind::PayloadTooLarge,
                         AttachmentRules::tr("\"%1\" has %2; documents are limited to %3 because Prospecta keeps "
                                             "attachments in its database. Compress the file, or send a link to it "
                                             "instead.")
                             .arg(fileName, formattedSize(size, 1), formattedSize(AttachmentRules::MaxDocumentBytes, 0)),
                         {QStringLiteral("file")});
    return {};
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

Result<Attachment> AttachmentRules::readFile(const QString &filePath)
{
    const QString fileName = QFileInfo(filePath).fileName();
    const AcceptedType *type = typeFor(fileName);
    if (!type)
        return unsupported(fileName);

    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::InvalidArgument,
                         tr("Could not read \"%1\": %2. Choose another file.").arg(fileName, file.errorString()),
                         {QStringLiteral("file")});
    if (auto sized = checkSize(fileName, *type, file.size()); !sized)
        return sized.error();
    // One byte past the limit, so a file that grew since size() is still caught by check().
    const QByteArray bytes = file.read(MaxDocumentBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorKind::InvalidArgument,
                         tr("Could not read \"%1\": %2. Choose another file.").arg(fileName, file.errorString()),
                         {QStringLiteral("file")});
    return check(fileName, bytes);
}

Result<Attachment> AttachmentRules::check(const QString &fileName, const QByteArray &bytes)
{
    const QString name = QFileInfo(fileName).fileName();
    const AcceptedType *type = typeFor(name);
    if (!type)
        return unsupported(name);
    if (bytes.isEmpty())
        return makeError(ErrorKind::InvalidArgument, tr("\"%1\" is empty. Choose a file that has content.").arg(name),
                         {QStringLiteral("file")});
    if (auto sized = checkSize(name, *type, bytes.size()); !sized)
        return sized.error();

    if (!matches(*type, bytes)) {
        const QString expected = describe(*type);
        const QString detected = detectedDescription(bytes);
        if (!detected.isEmpty() && detected != expected)
            return makeError(ErrorKind::InvalidArgument,
                             tr("\"%1\" contains %2, not %3 as its extension says. Correct the extension, or save the "
                                "file again as %3, and attach it again.")
                                 .arg(name, detected, expected),
                             {QStringLiteral("file")});
        return makeError(ErrorKind::InvalidArgument,
                         tr("\"%1\" does not contain %2 as its extension says. Attach the original file, or save it "
                            "again as %2.")
                             .arg(name, expected),
                         {QStringLiteral("file")});
    }

    Attachment attachment;
    attachment.kind = type->kind;
    attachment.fileName = name;
    attachment.contentType = QString::fromLatin1(type->contentType);
    attachment.sizeBytes = bytes.size();
    attachment.bytes = bytes;
    return attachment;
}

Status AttachmentRules::checkCaption(const QString &caption)
{
    if (caption.size() <= MaxCaptionLength)
        return {};
    return makeError(ErrorKind::InvalidArgument,
                     tr("The caption has %1 characters; WhatsApp allows up to %2. Shorten it and send again.")
                         .arg(caption.size())
                         .arg(MaxCaptionLength),
                     {QStringLiteral("caption")});
}

Result<QString> AttachmentRules::mediaBaseUrl(const QString &publicUrl)
{
    QString base = publicUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QString whoSetsIt = tr("An administrator must set it: see Administration > Webhooks…, or run "
                                 "\"prospecta settings set server.publicUrl https://…\".");
    if (base.isEmpty())
        return makeError(ErrorKind::Forbidden,
                         tr("Attachments need the public URL of this installation, because WhatsApp downloads each "
                            "file from it. %1")
                             .arg(whoSetsIt));

    const QUrl url(base, QUrl::StrictMode);
    const bool https = url.scheme() == QLatin1String("https");
    const bool loopbackHttp = url.scheme() == QLatin1String("http") && isLoopbackHost(url.host());
    if (!url.isValid() || url.host().isEmpty() || !(https || loopbackHttp))
        return makeError(ErrorKind::Forbidden,
                         tr("The public URL \"%1\" is not an https address, so WhatsApp cannot download attachments "
                            "from it. %2")
                             .arg(base, whoSetsIt));
    return base;
}

QStringList AttachmentRules::acceptedSuffixes()
{
    QStringList suffixes;
    for (const AcceptedType &type : acceptedTypes)
        suffixes << QString::fromLatin1(type.suffix);
    return suffixes;
}

} // namespace Prospecta
