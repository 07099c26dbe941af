// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TextDecoding.h"
#include "core/Result.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <atomic>
#include <deque>
#include <optional>

class QIODevice;

namespace Prospecta {

// Formula protection shared by the writer and the reader. A spreadsheet runs a cell that
// starts with = + - @ (and, in some programs, a tab or carriage return before one of
// them) as a formula, so exported text that starts with one of these characters gets a
// leading apostrophe. The reader removes exactly that apostrophe again, which makes an
// export followed by an import lossless.
namespace CsvFormula {

// Prefixes an apostrophe when `cell` starts with = + - @ TAB or CR, or with apostrophes
// followed by one of those (so a cell that really starts with "'=" survives the round
// trip as well).
QString protect(const QString &cell);

// Removes the apostrophe that protect() added: one leading apostrophe, when apostrophes
// followed by = + - @ TAB or CR start the cell.
QString unprotect(const QString &cell);

} // namespace CsvFormula

// Whether a CSV file starts with the UTF-8 byte-order mark. Excel on Windows needs the
// mark to read accents right, while many scripts read it as part of the first header
// name.
enum class CsvByteOrderMark { Write, Omit };

// Writes RFC 4180 CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel on
// Windows reads accents right), CRLF line ends, formula protection, and a field quoted
// when it contains a delimiter candidate (comma, semicolon, tab), a quote or a line end.
class CsvWriter
{
public:
    explicit CsvWriter(QChar delimiter = QLatin1Char(','));

    // The separator Excel expects on a desktop with `locale`: ';' where the decimal
    // separator is a comma ("1,5"), else ','.
    static QChar delimiterFor(const QLocale &locale);

    static QByteArray byteOrderMark() { return QByteArrayLiteral("\xEF\xBB\xBF"); }

    QChar delimiter() const { return m_delimiter; }

    // One field, protected and quoted as needed.
    QString field(const QString &cell) const;
    // One record with its CRLF.
    QString line(const QStringList &cells) const;
    QByteArray encodeLine(const QStringList &cells) const { return line(cells).toUtf8(); }

private:
    QChar m_delimiter;
};

struct CsvReaderOptions
{
    // Empty: each line is read as UTF-8 when it is valid UTF-8, else as Windows-1252.
    std::optional<TextEncoding> encoding;
    std::optional<QChar> delimiter;       // detected from the header line when empty
    bool undoFormulaProtection = true;    // CsvFormula::unprotect() on every field
    // Returns blank lines after the header, and lines whose cells are all empty, as
    // records with `blank` set instead of skipping them, so a caller can account for
    // every line of the file. Blank lines after the last record are still skipped: editors
    // and spreadsheets leave them, and they hold no row anyone meant to import.
    bool keepBlankRecords = false;
};

// One data record of a CSV file.
struct CsvRecord
{
    qint64 line = 0;    // the line the record starts on; the header is line 1
    QStringList fields; // exactly as many as the header has columns, unless rejected
    QString error;      // why the record is rejected (too many fields, unterminated quote)
    bool blank = false; // a blank line or empty cells only (CsvReaderOptions::keepBlankRecords)

    bool rejected() const { return !error.isEmpty(); }
};

// Reads CSV the way spreadsheets write it (RFC 4180 plus the real world): a byte-order
// mark or none, UTF-8 or Windows-1252, comma, semicolon or tab as the delimiter, CRLF, LF
// or CR line ends, quoted fields with doubled quotes and line ends inside them. The file
// is read in chunks of 64 KiB and never held whole.
//
// Every record is checked against the header: a record with more fields is rejected
// whole (never shifted or cut), a shorter one gets empty cells. Blank lines, and lines
// whose cells are all empty, are skipped unless CsvReaderOptions::keepBlankRecords is set.
// A quote left open at the end of the file rejects that last record.
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(Prospecta::CsvReader)

public:
    explicit CsvReader(QIODevice &device, CsvReaderOptions options = {});

    // Reads the byte-order mark, picks the encoding and the delimiter and reads the
    // header. InvalidArgument for an empty file or a UTF-16 file.
    Status open();

    // The encoding of CsvReaderOptions, or else the one detected from the first 64 KiB.
    TextEncoding encoding() const { return m_encoding; }
    bool hasByteOrderMark() const { return m_byteOrderMark; }
    QChar delimiter() const { return m_delimiter; }
    // The header's cells, trimmed.
    const QStringList &header() const { return m_header; }

    // The next record, or nothing at the end of the file.
    std::optional<CsvRecord> next();

    // Sets CsvReaderOptions::keepBlankRecords for the records still to be read.
    void setKeepBlankRecords(bool keep) { m_options.keepBlankRecords = keep; }

    // Bytes taken from the device so far (ahead of the records returned by up to one
    // chunk) and the device's size (0 when it has none, like a pipe).
    qint64 bytesRead() const { return m_bytesRead; }
    qint64 totalBytes() const { return m_totalBytes; }
    // True once malformed UTF-8 was replaced by U+FFFD.
    bool hadDecodingErrors() const { return m_decoder && m_decoder->hasError(); }

    // The number of lines from the device's position to its end, counted as records
    // number them: CRLF, LF and a lone CR each end a line, and a last line without a line
    // end counts. Reads the device in chunks, without decoding. Nothing when reading
    // failed, or when `stop` became true meanwhile.
    static std::optional<qint64> countLines(QIODevice &device, const std::atomic<bool> *stop = nullptr);

private:
    enum class Parsed { Record, EndOfFile, Unterminated };

    // Makes the character at m_position + offset available; false at the end of the file.
    bool ensure(qsizetype offset);
    bool readChunk();
    QChar detectDelimiter();
    Parsed parseRecord(QStringList &fields, qint64 &startLine);
    // The next record, blank ones included when they are kept, trailing ones too.
    std::optional<CsvRecord> readRecord();

    QIODevice &m_device;
    CsvReaderOptions m_options;
    std::optional<TextDecoder> m_decoder;
    TextEncoding m_encoding = TextEncoding::Utf8;
    bool m_byteOrderMark = false;
    QChar m_delimiter = QLatin1Char(',');
    QStringList m_header;

    QByteArray m_firstChunk; // read before the encoding is known
    QString m_text;          // decoded text not parsed yet starts at m_position
    qsizetype m_position = 0;
    bool m_deviceAtEnd = false;
    qint64 m_line = 1;
    qint64 m_bytesRead = 0;
    qint64 m_totalBytes = 0;
    // Kept blank records wait here until a record with content shows they are not at the
    // end of the file, and then come out first, in order.
    std::deque<CsvRecord> m_heldBlank;
    std::optional<CsvRecord> m_afterHeld;
};

} // namespace Prospecta
