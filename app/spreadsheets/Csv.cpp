// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "Csv.h"

#include <QIODevice>

namespace Prospecta {

namespace {

constexpr qint64 ChunkBytes = 64 * 1024;

bool startsFormula(QChar c)
{
    return c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('@')
        || c == QLatin1Char('\t') || c == QLatin1Char('\r');
}

// True when `cell` is apostrophes (at least `minApostrophes`) followed by a formula
// character.
bool formulaAfterApostrophes(const QString &cell, qsizetype minApostrophes)
{
    qsizetype i = 0;
    while (i < cell.size() && cell.at(i) == QLatin1Char('\''))
        ++i;
    return i >= minApostrophes && i < cell.size() && startsFormula(cell.at(i));
}

bool isLineEnd(QChar c)
{
    return c == QLatin1Char('\n') || c == QLatin1Char('\r');
}

} // namespace

QString CsvFormula::protect(const QString &cell)
{
    if (formulaAfterApostrophes(cell, 0))
        return QLatin1Char('\'') + cell;
    return cell;
}

QString CsvFormula::unprotect(const QString &cell)
{
    if (formulaAfterApostrophes(cell, 1))
        return cell.mid(1);
    return cell;
}

CsvWriter::CsvWriter(QChar delimiter)
    : m_delimiter(delimiter)
{
}

QChar CsvWriter::delimiterFor(const QLocale &locale)
{
    return locale.decimalPoint() == QLatin1String(",") ? QLatin1Char(';') : QLatin1Char(',');
}

QString CsvWriter::field(const QString &cell) const
{
    QString value = CsvFormula::protect(cell);
    // Quoting every delimiter candidate, not only the one in use, keeps a reader that
    // detects the delimiter from the header from counting a semicolon inside a name.
    const bool needsQuotes = value.contains(m_delimiter) || value.contains(QLatin1Char(','))
        || value.contains(QLatin1Char(';')) || value.contains(QLatin1Char('\t')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'));
    if (!needsQuotes)
        return value;
    value.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

QString CsvWriter::line(const QStringList &cells) const
{
    // A record of one empty cell would be a blank line, which readers skip.
    if (cells.size() == 1 && cells.front().isEmpty())
        return QStringLiteral("\"\"\r\n");
    QString text;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            text += m_delimiter;
        text += field(cells.at(i));
    }
    return text + QLatin1String("\r\n");
}

CsvReader::CsvReader(QIODevice &device, CsvReaderOptions options)
    : m_device(device)
    , m_options(options)
{
}

Status CsvReader::open()
{
    if (!m_device.isOpen() || !m_device.isReadable())
        return makeError(ErrorKind::InvalidArgument, tr("The file is not open for reading."));
    m_totalBytes = m_device.isSequential() ? 0 : m_device.size();

    // The first chunk decides the encoding, so it is read before any decoding starts.
    m_firstChunk = m_device.read(ChunkBytes);
    m_bytesRead = m_firstChunk.size();
    m_deviceAtEnd = m_device.atEnd();
    if (m_firstChunk.startsWith("\xFF\xFE") || m_firstChunk.startsWith("\xFE\xFF"))
        return makeError(ErrorKind::InvalidArgument,
                         tr("The file is UTF-16 text, which the import does not read; save it as \"CSV UTF-8\"."));
    // A CSV file has no NUL byte (UTF-16 is refused above). An .xlsx workbook (a zip) or
    // other binary file does, and would otherwise show up as a header of garbled bytes.
    if (m_firstChunk.contains('\0'))
        return makeError(ErrorKind::InvalidArgument,
                         tr("The file is not text (it contains binary data, such as an .xlsx workbook); save it as "
                            "\"CSV UTF-8\" and import that file."));
    if (m_firstChunk.startsWith("\xEF\xBB\xBF")) {
        m_byteOrderMark = true;
        m_firstChunk.remove(0, 3);
    }
    if (m_options.encoding) {
        m_encoding = *m_options.encoding;
        m_decoder.emplace(m_encoding);
    } else {
        // The first 64 KiB give the encoding that encoding() reports. Each line is decoded
        // in its own encoding, though, because a file saved as UTF-8 may have lines added
        // by a program that writes Windows-1252, before or after those 64 KiB.
        m_encoding = m_byteOrderMark ? TextEncoding::Utf8 : TextDecoding::detect(m_firstChunk, m_deviceAtEnd);
        m_decoder.emplace(TextDecoder::lineByLine());
    }
    m_text = m_decoder->decode(m_firstChunk);
    m_firstChunk.clear();
    if (m_deviceAtEnd)
        m_text += m_decoder->finish();

    m_delimiter = m_options.delimiter ? *m_options.delimiter : detectDelimiter();

    QStringList fields;
    qint64 startLine = 0;
    for (;;) {
        const Parsed parsed = parseRecord(fields, startLine);
        if (parsed == Parsed::EndOfFile)
            return makeError(ErrorKind::InvalidArgument, tr("The file is empty: it has no header line."));
        if (parsed == Parsed::Unterminated)
            return makeError(ErrorKind::InvalidArgument,
                             tr("The header on line %1 has a quote that is never closed.").arg(startLine));
        const bool blank = std::all_of(fields.cbegin(), fields.cend(),
                                       [](const QString &field) { return field.trimmed().isEmpty(); });
        if (!blank)
            break;
    }
    for (QString &field : fields)
        field = field.trimmed();
    m_header = fields;
    return {};
}

std::optional<qint64> CsvReader::countLines(QIODevice &device, const std::atomic<bool> *stop)
{
    // CR and LF are single bytes in every encoding the reader accepts (UTF-8 and
    // Windows-1252), so the bytes can be counted without decoding.
    constexpr qint64 CountChunkBytes = 1024 * 1024;
    qint64 lineEnds = 0;
    bool afterCr = false;
    bool lineOpen = false; // bytes read since the last line end
    for (;;) {
        if (stop && stop->load())
            return std::nullopt;
        const QByteArray chunk = device.read(CountChunkBytes);
        if (chunk.isEmpty()) {
            if (!device.atEnd())
                return std::nullopt;
            break;
        }
        for (const char byte : chunk) {
            if (byte == '\n') {
                // The LF of a CRLF ends the line its CR already counted.
                if (!afterCr)
                    ++lineEnds;
                afterCr = false;
                lineOpen = false;
            } else if (byte == '\r') {
                ++lineEnds;
                afterCr = true;
                lineOpen = false;
            } else {
                afterCr = false;
                lineOpen = true;
            }
        }
    }
    return lineEnds + (lineOpen ? 1 : 0);
}

bool CsvReader::readChunk()
{
    if (m_deviceAtEnd)
        return false;
    const QByteArray chunk = m_device.read(ChunkBytes);
    m_bytesRead += chunk.size();
    if (chunk.isEmpty() || m_device.atEnd()) {
        m_deviceAtEnd = true;
        m_text += m_decoder->decode(chunk);
        m_text += m_decoder->finish();
        return !chunk.isEmpty();
    }
    m_text += m_decoder->decode(chunk);
    return true;
}

bool CsvReader::ensure(qsizetype offset)
{
    while (m_position + offset >= m_text.size()) {
        // Drop what was parsed before the buffer grows, so it stays near one chunk.
        if (m_position > 0) {
            m_text.remove(0, m_position);
            m_position = 0;
        }
        if (!readChunk())
            return m_position + offset < m_text.size();
    }
    return true;
}

QChar CsvReader::detectDelimiter()
{
    // Counts the candidates on the first non-blank line, outside quotes. A header
    // with none of them is one column, read with the comma.
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    bool inQuotes = false;
    bool seenText = false;
    for (qsizetype offset = 0; ensure(offset); ++offset) {
        const QChar c = m_text.at(m_position + offset);
        if (c == QLatin1Char('"')) {
            inQuotes = !inQuotes;
        } else if (!inQuotes && isLineEnd(c)) {
            if (seenText)
                break;
            continue;
        } else if (!inQuotes) {
            if (c == QLatin1Char(','))
                ++comma;
            else if (c == QLatin1Char(';'))
                ++semicolon;
            else if (c == QLatin1Char('\t'))
                ++tab;
        }
        seenText = true;
    }
    if (semicolon > comma && semicolon >= tab)
        return QLatin1Char(';');
    if (tab > comma && tab > semicolon)
        return QLatin1Char('\t');
    return QLatin1Char(',');
}

CsvReader::Parsed CsvReader::parseRecord(QStringList &fields, qint64 &startLine)
{
    enum class State { FieldStart, Unquoted, Quoted, AfterQuote };
    State state = State::FieldStart;
    fields.clear();
    QString field;
    bool consumed = false; // anything of this record read, so a line end is not a blank line
    startLine = m_line;

    for (;;) {
        if (!ensure(0)) {
            if (state == State::Quoted)
                return Parsed::Unterminated;
            if (!consumed)
                return Parsed::EndOfFile;
            fields << field;
            return Parsed::Record;
        }
        const QChar c = m_text.at(m_position++);

        if (state == State::Quoted) {
            if (c == QLatin1Char('"')) {
                if (ensure(0) && m_text.at(m_position) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++m_position;
                } else {
                    state = State::AfterQuote;
                }
                continue;
            }
            // Line ends inside quotes belong to the field as written; they still count
            // as lines of the file.
            field += c;
            if (c == QLatin1Char('\n') || (c == QLatin1Char('\r') && !(ensure(0) && m_text.at(m_position) == QLatin1Char('\n'))))
                ++m_line;
            continue;
        }

        if (isLineEnd(c)) {
            if (c == QLatin1Char('\r') && ensure(0) && m_text.at(m_position) == QLatin1Char('\n'))
                ++m_position;
            ++m_line;
            if (!consumed) {
                // A blank line, whose number startLine still holds: one empty field when
                // blank records are kept, else skipped.
                if (m_options.keepBlankRecords) {
                    fields << QString();
                    return Parsed::Record;
                }
                startLine = m_line;
                continue;
            }
            fields << field;
            return Parsed::Record;
        }
        consumed = true;
        if (c == m_delimiter) {
            fields << field;
            field.clear();
            state = State::FieldStart;
            continue;
        }
        if (state == State::FieldStart && c == QLatin1Char('"')) {
            state = State::Quoted;
            continue;
        }
        // Text after a closing quote, or a quote inside an unquoted field, is kept as
        // written: spreadsheets produce both, and dropping them would lose text.
        field += c;
        state = State::Unquoted;
    }
}

std::optional<CsvRecord> CsvReader::next()
{
    if (!m_heldBlank.empty() && m_afterHeld) {
        CsvRecord blank = std::move(m_heldBlank.front());
        m_heldBlank.pop_front();
        return blank;
    }
    if (m_afterHeld) {
        std::optional<CsvRecord> record = std::move(m_afterHeld);
        m_afterHeld.reset();
        return record;
    }

    for (;;) {
        std::optional<CsvRecord> record = readRecord();
        if (!record) {
            m_heldBlank.clear();
            return std::nullopt;
        }
        if (record->blank) {
            m_heldBlank.push_back(std::move(*record));
            continue;
        }
        if (m_heldBlank.empty())
            return record;
        m_afterHeld = std::move(record);
        return next();
    }
}

std::optional<CsvRecord> CsvReader::readRecord()
{
    QStringList fields;
    for (;;) {
        CsvRecord record;
        const Parsed parsed = parseRecord(fields, record.line);
        if (parsed == Parsed::EndOfFile)
            return std::nullopt;
        if (parsed == Parsed::Unterminated) {
            record.error = tr("Line %1 opens a quote that is never closed, so the rest of the file was read as "
                              "one field; close the quote.")
                               .arg(record.line);
            return record;
        }
        const bool blank = std::all_of(fields.cbegin(), fields.cend(),
                                       [](const QString &field) { return field.trimmed().isEmpty(); });
        if (blank && !m_options.keepBlankRecords)
            continue;
        if (blank) {
            record.blank = true;
            record.fields = QStringList(m_header.size(), QString());
            return record;
        }
        if (fields.size() > m_header.size()) {
            record.error = tr("Line %1 has %2 fields but the header has %3; the row was not imported. Check for "
                              "an unquoted delimiter in a cell.")
                               .arg(record.line)
                               .arg(fields.size())
                               .arg(m_header.size());
            return record;
        }
        while (fields.size() < m_header.size())
            fields << QString();
        if (m_options.undoFormulaProtection) {
            for (QString &field : fields)
                field = CsvFormula::unprotect(field);
        }
        record.fields = fields;
        return record;
    }
}

} // namespace Prospecta
