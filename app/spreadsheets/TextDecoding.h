// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QByteArray>

#include <optional>

namespace Prospecta {

// The text encodings the importer reads. Spreadsheets on Windows save "CSV" in the ANSI
// code page, which is Windows-1252 for Spanish and English; everything else is UTF-8.
enum class TextEncoding { Utf8, Windows1252 };

namespace TextDecoding {

// "utf-8" or "windows-1252".
QString nameOf(TextEncoding encoding);
// The encoding for a name in either case ("UTF-8", "utf8", "windows-1252", "cp1252").
std::optional<TextEncoding> fromName(QStringView name);

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF). With `truncatedEnd`, a sequence cut off by the end of `bytes` is
// accepted, because a sample read from the start of a file may end inside a character.
bool isValidUtf8(QByteArrayView bytes, bool truncatedEnd = false);

// UTF-8 when `sample` is valid UTF-8, else Windows-1252. `sampleIsWholeFile` tells
// whether the end of `sample` is the end of the file.
TextEncoding detect(QByteArrayView sample, bool sampleIsWholeFile);

// The character of one Windows-1252 byte. The five bytes the code page leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD REPLACEMENT CHARACTER, so a stray byte
// shows up in the imported text instead of stopping the import.
char16_t windows1252ToUnicode(uchar byte);

QString decodeWindows1252(QByteArrayView bytes);

} // namespace TextDecoding

// Decodes a byte stream chunk by chunk; a UTF-8 character split between two chunks
// comes out whole. Malformed UTF-8 becomes U+FFFD and is counted.
class TextDecoder
{
public:
    explicit TextDecoder(TextEncoding encoding);

    // A decoder that picks the encoding of each line: UTF-8 when the line is valid UTF-8,
    // else Windows-1252. A file saved as UTF-8 and then given a line by a program that
    // writes Windows-1252 (or the reverse) thus keeps every accent. Text in Windows-1252
    // is valid UTF-8 only when its non-ASCII letters form pairs such as "Ã±", which
    // Spanish and English text does not contain. CR and LF are single bytes in both
    // encodings and never part of a UTF-8 sequence, so lines can be found before decoding.
    static TextDecoder lineByLine();

    QString decode(QByteArrayView chunk);
    // Flushes a UTF-8 sequence left incomplete at the end of the stream (as U+FFFD).
    QString finish();

    TextEncoding encoding() const { return m_encoding; }
    // True once malformed UTF-8 was replaced by U+FFFD.
    bool hasError() const { return m_hasError; }

private:
    QString decodeUtf8(QByteArray bytes);
    // Decodes whole lines for lineByLine().
    QString decodeLines(QByteArrayView bytes);

    TextEncoding m_encoding;
    bool m_lineByLine = false;
    // The start of a UTF-8 sequence that the next chunk completes or, line by line, the
    // start of a line that the next chunk ends.
    QByteArray m_incomplete;
    bool m_hasError = false;
};

} // namespace Prospecta
