// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextDecoding.h"

#include <algorithm>
#include <array>
#include <utility>

namespace Prospecta {

namespace {

// Windows-1252 as the code page defines it (Microsoft's bestfit1252.txt, also the
// WHATWG Encoding Standard's index for 0x80-0x9F). Not every Qt build ships this codec,
// so Prospecta carries its own table.
constexpr std::array<char16_t, 256> makeWindows1252Table()
{
    std::array<char16_t, 256> table{};
    for (int byte = 0; byte < 256; ++byte)
        table[byte] = char16_t(byte); // ASCII and 0xA0-0xFF equal Latin-1
    constexpr char16_t high[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 0x80-0x87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, // 0x88-0x8F
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 0x90-0x97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178, // 0x98-0x9F
    };
    for (int i = 0; i < 32; ++i)
        table[0x80 + i] = high[i];
    return table;
}

constexpr std::array<char16_t, 256> windows1252Table = makeWindows1252Table();

} // namespace

QString TextDecoding::nameOf(TextEncoding encoding)
{
    return encoding == TextEncoding::Utf8 ? QStringLiteral("utf-8") : QStringLiteral("windows-1252");
}

std::optional<TextEncoding> TextDecoding::fromName(QStringView name)
{
    const QString folded = name.trimmed().toString().toLower().remove(QLatin1Char('-')).remove(QLatin1Char('_'));
    if (folded == QLatin1String("utf8"))
        return TextEncoding::Utf8;
    if (folded == QLatin1String("windows1252") || folded == QLatin1String("cp1252"))
        return TextEncoding::Windows1252;
    return std::nullopt;
}

bool TextDecoding::isValidUtf8(QByteArrayView bytes, bool truncatedEnd)
{
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const uchar lead = uchar(bytes[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        // The allowed range of the second byte excludes overlong forms (E0, F0),
        // surrogates (ED) and code points above U+10FFFF (F4).
        uchar secondMin = 0x80;
        uchar secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                secondMin = 0xA0;
            if (lead == 0xED)
                secondMax = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                secondMin = 0x90;
            if (lead == 0xF4)
                secondMax = 0x8F;
        } else {
            return false;
        }
        for (int k = 1; k < length; ++k) {
            if (i + k >= size)
                return truncatedEnd;
            const uchar next = uchar(bytes[i + k]);
            const uchar min = k == 1 ? secondMin : uchar(0x80);
            const uchar max = k == 1 ? secondMax : uchar(0xBF);
            if (next < min || next > max)
                return false;
        }
        i += length;
    }
    return true;
}

TextEncoding TextDecoding::detect(QByteArrayView sample, bool sampleIsWholeFile)
{
    return isValidUtf8(sample, !sampleIsWholeFile) ? TextEncoding::Utf8 : TextEncoding::Windows1252;
}

char16_t TextDecoding::windows1252ToUnicode(uchar byte)
{
    return windows1252Table[byte];
}

QString TextDecoding::decodeWindows1252(QByteArrayView bytes)
{
    QString text(bytes.size(), Qt::Uninitialized);
    QChar *out = text.data();
    for (qsizetype i = 0; i < bytes.size(); ++i)
        out[i] = QChar(windows1252Table[uchar(bytes[i])]);
    return text;
}

TextDecoder::TextDecoder(TextEncoding encoding)
    : m_encoding(encoding)
{
}

TextDecoder TextDecoder::lineByLine()
{
    TextDecoder decoder(TextEncoding::Utf8);
    decoder.m_lineByLine = true;
    return decoder;
}

QString TextDecoder::decode(QByteArrayView chunk)
{
    if (m_lineByLine) {
        QByteArray bytes = m_incomplete + chunk.toByteArray();
        // Keep back the line that the chunk cuts off, so its encoding is chosen for the
        // whole line once the next chunk ends it.
        const qsizetype lastEnd = std::max(bytes.lastIndexOf('\n'), bytes.lastIndexOf('\r'));
        m_incomplete = bytes.mid(lastEnd + 1);
        bytes.truncate(lastEnd + 1);
        return decodeLines(bytes);
    }
    if (m_encoding == TextEncoding::Windows1252)
        return TextDecoding::decodeWindows1252(chunk);

    QByteArray bytes = m_incomplete + chunk.toByteArray();
    m_incomplete.clear();
    // Keep back a multi-byte sequence that the chunk cuts off, so it is decoded whole
    // with the next chunk.
    for (qsizetype back = 1; back <= 3 && back <= bytes.size(); ++back) {
        const uchar byte = uchar(bytes.at(bytes.size() - back));
        if (byte < 0x80)
            break;
        if (byte >= 0xC0) {
            const int length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
            if (length > back) {
                m_incomplete = bytes.right(back);
                bytes.chop(back);
            }
            break;
        }
    }
    return decodeUtf8(std::move(bytes));
}

QString TextDecoder::finish()
{
    if (m_incomplete.isEmpty())
        return {};
    if (m_lineByLine)
        return decodeLines(std::exchange(m_incomplete, {}));
    return decodeUtf8(std::exchange(m_incomplete, {}));
}

QString TextDecoder::decodeLines(QByteArrayView bytes)
{
    // Most files are in one encoding, and a chunk of valid UTF-8 is decoded in one go.
    if (TextDecoding::isValidUtf8(bytes))
        return QString::fromUtf8(bytes);

    QString text;
    text.reserve(bytes.size());
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = start;
        while (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r')
            ++end;
        if (end < bytes.size())
            ++end; // the line end belongs to its line
        const QByteArrayView line = bytes.sliced(start, end - start);
        if (TextDecoding::isValidUtf8(line))
            text += QString::fromUtf8(line);
        else
            text += TextDecoding::decodeWindows1252(line);
        start = end;
    }
    return text;
}

QString TextDecoder::decodeUtf8(QByteArray bytes)
{
    if (!TextDecoding::isValidUtf8(bytes))
        m_hasError = true;
    // QString::fromUtf8 replaces each malformed sequence with U+FFFD.
    return QString::fromUtf8(bytes);
}

} // namespace Prospecta
