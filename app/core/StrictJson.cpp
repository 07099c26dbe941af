// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "StrictJson.h"

#include <QCoreApplication>
#include <QJsonParseError>
#include <QSet>

namespace Prospecta::StrictJson {

namespace {

// Keys longer than this are cut in error messages so a hostile body cannot make the
// message (and the log line that quotes it) arbitrarily long.
constexpr qsizetype MaxKeyInMessage = 64;

// A single-pass validator for the JSON grammar of RFC 8259 over raw bytes. It checks
// what QJsonDocument lets through (duplicate keys, escaped lone surrogates) and reports
// every error with the byte offset where it was found. It builds no values: only
// object keys are decoded, to compare them.
class Validator
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::StrictJson)

public:
    explicit Validator(const QByteArray &body) : m_data(body), m_size(body.size()) {}

    // Checks the whole body; on failure error() names the rule and the byte offset.
    bool run()
    {
        skipWhitespace();
        if (m_pos >= m_size)
            return fail(m_size == 0 ? tr("empty body") : tr("no JSON value"),
                        m_pos);
        // RFC 8259 allows any value at the top, but QJsonDocument holds only an object
        // or an array, and every body Prospecta accepts is one of those.
        if (peek() != '{' && peek() != '[')
            return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "an object or an array"));
        if (!parseValue(0))
            return false;
        skipWhitespace();
        if (m_pos < m_size)
            return fail(tr("trailing data after the JSON value"), m_pos);
        return true;
    }

    const QString &error() const { return m_error; }

private:
    uchar peek() const { return static_cast<uchar>(m_data[m_pos]); }

    bool fail(const QString &rule, qsizetype offset)
    {
        m_error = tr("%1 at byte %2").arg(rule).arg(offset);
        return false;
    }

    bool failUnexpected(const char *expected)
    {
        if (m_pos >= m_size)
            return fail(tr("unexpected end of input, expected %1")
                                .arg(tr(expected)),
                        m_pos);
        const uchar c = peek();
        const QString found = (c >= 0x21 && c < 0x7f)
                ? QStringLiteral("'%1'").arg(QLatin1Char(char(c)))
                : tr("byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
        return fail(tr("unexpected %1, expected %2").arg(found, tr(expected)),
                    m_pos);
    }

    void skipWhitespace()
    {
        while (m_pos < m_size) {
            const uchar c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    // `depth` counts the arrays and objects that enclose this value.
    bool parseValue(int depth)
    {
        if (m_pos >= m_size)
            return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "a value"));

        switch (peek()) {
        case '{':
        case '[':
            if (depth + 1 > MaxDepth)
                return fail(tr("nesting deeper than %1 levels").arg(MaxDepth), m_pos);
            return peek() == '{' ? parseObject(depth + 1) : parseArray(depth + 1);
        case '"':
            return parseString(nullptr);
        case 't':
            return parseLiteral("true");
        case 'f':
            return parseLiteral("false");
        case 'n':
            return parseLiteral("null");
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber();
            return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "a value"));
        }
    }

    bool parseObject(int depth)
    {
        ++m_pos; // '{'
        skipWhitespace();
        if (consume('}'))
            return true;

        // Keys are compared after decoding, so "id" and "\u0069d" are the same key.
        QSet<QByteArray> keys;
        for (;;) {
            skipWhitespace();
            if (m_pos >= m_size || peek() != '"')
                return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "an object key"));

            const qsizetype keyOffset = m_pos;
            QByteArray key;
            if (!parseString(&key))
                return false;
            if (keys.contains(key))
                return fail(tr("duplicate key \"%1\"").arg(keyForMessage(key)), keyOffset);
            keys.insert(key);

            skipWhitespace();
            if (!consume(':'))
                return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "':'"));
            skipWhitespace();
            if (!parseValue(depth))
                return false;

            skipWhitespace();
            if (consume(','))
                continue;
            if (consume('}'))
                return true;
            return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "',' or '}'"));
        }
    }

    bool parseArray(int depth)
    {
        ++m_pos; // '['
        skipWhitespace();
        if (consume(']'))
            return true;

        for (;;) {
            skipWhitespace();
            if (!parseValue(depth))
                return false;

            skipWhitespace();
            if (consume(','))
                continue;
            if (consume(']'))
                return true;
            return failUnexpected(QT_TRANSLATE_NOOP("Prospecta::StrictJson", "',' or ']'"));
        }
    }

    // Steps over `expected` when it is the next byte.
    bool consume(char expected)
    {
        if (m_pos >= m_size || peek() != expected)
            return false;
        ++m_pos;
        return true;
    }

    bool parseLiteral(const char *literal)
    {
        const qsizetype start = m_pos;
        for (const char *p = literal; *p; ++p, ++m_pos) {
            if (m_pos >= m_size || m_data[m_pos] != *p)
                return fail(tr("invalid literal, expected '%1'").arg(QLatin1String(literal)),
                            start);
        }
        return true;
    }

    bool isDigitAt(qsizetype pos) const
    {
        return pos < m_size && m_data[pos] >= '0' && m_data[pos] <= '9';
    }

    // number = [ minus ] int [ frac ] [ exp ] (RFC 8259, section 6): no leading zeros,
    // no leading '+', digits required after '.' and after the exponent mark.
    bool parseNumber()
    {
        const qsizetype start = m_pos;
        if (m_data[m_pos] == '-')
            ++m_pos;

        if (!isDigitAt(m_pos))
            return fail(tr("invalid number, expected a digit"), m_pos);
        if (m_data[m_pos] == '0') {
            ++m_pos;
            if (isDigitAt(m_pos))
                return fail(tr("invalid number, leading zero"), start);
        } else {
            while (isDigitAt(m_pos))
                ++m_pos;
        }

        if (m_pos < m_size && m_data[m_pos] == '.') {
            ++m_pos;
            if (!isDigitAt(m_pos))
                return fail(tr("invalid number, expected a digit after '.'"), m_pos);
            while (isDigitAt(m_pos))
                ++m_pos;
        }

        if (m_pos < m_size && (m_data[m_pos] == 'e' || m_data[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_size && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
                ++m_pos;
            if (!isDigitAt(m_pos))
                return fail(tr("invalid number, expected a digit in the exponent"), m_pos);
            while (isDigitAt(m_pos))
                ++m_pos;
        }
        return true;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // Reads the 4 hex digits of a \u escape whose backslash is at `escapeOffset`.
    bool parseHex4(qsizetype escapeOffset, char32_t *unit)
    {
        const qsizetype digits = escapeOffset + 2;
        if (digits + 4 > m_size) {
            m_pos = m_size;
            return fail(tr("unexpected end of input in a \\u escape"), m_size);
        }
        char32_t value = 0;
        for (qsizetype i = digits; i < digits + 4; ++i) {
            const int digit = hexValue(m_data[i]);
            if (digit < 0)
                return fail(tr("invalid \\u escape, expected 4 hex digits"), escapeOffset);
            value = value * 16 + char32_t(digit);
        }
        *unit = value;
        m_pos = digits + 4;
        return true;
    }

    static void appendUtf8(QByteArray *out, char32_t cp)
    {
        if (cp < 0x80) {
            out->append(char(cp));
        } else if (cp < 0x800) {
            out->append(char(0xC0 | (cp >> 6)));
            out->append(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out->append(char(0xE0 | (cp >> 12)));
            out->append(char(0x80 | ((cp >> 6) & 0x3F)));
            out->append(char(0x80 | (cp & 0x3F)));
        } else {
            out->append(char(0xF0 | (cp >> 18)));
            out->append(char(0x80 | ((cp >> 12) & 0x3F)));
            out->append(char(0x80 | ((cp >> 6) & 0x3F)));
            out->append(char(0x80 | (cp & 0x3F)));
        }
    }

    // Parses a \uXXXX escape, or a surrogate pair of two, whose backslash is at m_pos.
    bool parseUnicodeEscape(QByteArray *decoded)
    {
        const qsizetype escapeOffset = m_pos;
        char32_t unit = 0;
        if (!parseHex4(escapeOffset, &unit))
            return false;

        if (unit >= 0xDC00 && unit <= 0xDFFF)
            return fail(tr("lone low surrogate \\u%1 escaped")
                                .arg(uint(unit), 4, 16, QLatin1Char('0')),
                        escapeOffset);

        if (unit >= 0xD800 && unit <= 0xDBFF) {
            // A high surrogate is only valid as the first half of a pair.
            const qsizetype lowOffset = m_pos;
            const bool escapeFollows = lowOffset + 1 < m_size && m_data[lowOffset] == '\\'
                    && m_data[lowOffset + 1] == 'u';
            char32_t low = 0;
            if (!escapeFollows)
                return fail(tr("lone high surrogate \\u%1 escaped")
                                    .arg(uint(unit), 4, 16, QLatin1Char('0')),
                            escapeOffset);
            if (!parseHex4(lowOffset, &low))
                return false;
            if (low < 0xDC00 || low > 0xDFFF)
                return fail(tr("lone high surrogate \\u%1 escaped")
                                    .arg(uint(unit), 4, 16, QLatin1Char('0')),
                            escapeOffset);
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }

        if (decoded)
            appendUtf8(decoded, unit);
        return true;
    }

    // Validates one UTF-8 sequence starting at m_pos with a lead byte >= 0x80, following
    // the well-formed byte sequences of the Unicode Standard (table 3-7): no overlong
    // forms, no encoded surrogates (ED A0..BF), nothing above U+10FFFF.
    bool parseUtf8Sequence(QByteArray *decoded)
    {
        const qsizetype start = m_pos;
        const uchar lead = peek();
        int continuation = 0;
        uchar secondMin = 0x80;
        uchar secondMax = 0xBF;

        if (lead >= 0x80 && lead <= 0xBF)
            return fail(tr("invalid UTF-8, unexpected continuation byte"), start);
        if (lead == 0xC0 || lead == 0xC1)
            return fail(tr("invalid UTF-8, overlong encoding"), start);
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuation = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuation = 2;
            if (lead == 0xE0)
                secondMin = 0xA0;
            if (lead == 0xED)
                secondMax = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuation = 3;
            if (lead == 0xF0)
                secondMin = 0x90;
            if (lead == 0xF4)
                secondMax = 0x8F;
        } else if (lead <= 0xF7) {
            return fail(tr("invalid UTF-8, code point above U+10FFFF"), start);
        } else {
            return fail(tr("invalid UTF-8, byte 0x%1 never appears in UTF-8")
                                .arg(uint(lead), 2, 16, QLatin1Char('0')),
                        start);
        }

        if (start + continuation >= m_size)
            return fail(tr("invalid UTF-8, truncated sequence"), start);

        const uchar second = static_cast<uchar>(m_data[start + 1]);
        if (second < 0x80 || second > 0xBF)
            return fail(tr("invalid UTF-8, incomplete sequence"), start);
        if (second < secondMin)
            return fail(tr("invalid UTF-8, overlong encoding"), start);
        if (second > secondMax) {
            return fail(lead == 0xED
                                ? tr("invalid UTF-8, encoded surrogate")
                                : tr("invalid UTF-8, code point above U+10FFFF"),
                        start);
        }
        for (int i = 2; i <= continuation; ++i) {
            const uchar next = static_cast<uchar>(m_data[start + i]);
            if (next < 0x80 || next > 0xBF)
                return fail(tr("invalid UTF-8, incomplete sequence"), start);
        }

        if (decoded)
            decoded->append(m_data.constData() + start, continuation + 1);
        m_pos = start + continuation + 1;
        return true;
    }

    // Parses a string starting at its opening quote. When `decoded` is given, the
    // string's UTF-8 value with escapes resolved is written there.
    bool parseString(QByteArray *decoded)
    {
        const qsizetype start = m_pos;
        ++m_pos; // opening quote

        while (m_pos < m_size) {
            const uchar c = peek();
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail(tr("unescaped control character in a string"), m_pos);
            if (c >= 0x80) {
                if (!parseUtf8Sequence(decoded))
                    return false;
                continue;
            }
            if (c != '\\') {
                if (decoded)
                    decoded->append(char(c));
                ++m_pos;
                continue;
            }

            if (m_pos + 1 >= m_size)
                break;
            const char escaped = m_data[m_pos + 1];
            char replacement = 0;
            switch (escaped) {
            case '"': replacement = '"'; break;
            case '\\': replacement = '\\'; break;
            case '/': replacement = '/'; break;
            case 'b': replacement = '\b'; break;
            case 'f': replacement = '\f'; break;
            case 'n': replacement = '\n'; break;
            case 'r': replacement = '\r'; break;
            case 't': replacement = '\t'; break;
            case 'u':
                if (!parseUnicodeEscape(decoded))
                    return false;
                continue;
            default:
                return fail(tr("invalid escape sequence"), m_pos);
            }
            if (decoded)
                decoded->append(replacement);
            m_pos += 2;
        }
        return fail(tr("unterminated string starting"), start);
    }

    static QString keyForMessage(const QByteArray &key)
    {
        const QString text = QString::fromUtf8(key);
        if (text.size() <= MaxKeyInMessage)
            return text;
        return text.left(MaxKeyInMessage) + QStringLiteral("…");
    }

    const QByteArray &m_data;
    const qsizetype m_size;
    qsizetype m_pos = 0;
    QString m_error;
};

} // namespace

Result<QJsonDocument> parse(const QByteArray &body)
{
    Validator validator(body);
    if (!validator.run())
        return makeError(ErrorKind::InvalidJson, validator.error());

    // The validator accepted the text, so this should not fail; its error is still
    // reported rather than returning an empty document.
    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(ErrorKind::InvalidJson, QCoreApplication::translate("Prospecta::StrictJson", "%1 at byte %2")
                                                     .arg(parseError.errorString())
                                                     .arg(parseError.offset));
    return document;
}

} // namespace Prospecta::StrictJson
