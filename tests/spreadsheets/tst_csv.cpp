// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Text decoding, the CSV reader and the CSV writer: what spreadsheets on Windows, macOS
// and Linux write, and what they must not be able to run.

#include "spreadsheets/Csv.h"
#include "spreadsheets/TextDecoding.h"

#include <QBuffer>
#include <QTest>

using namespace Prospecta;

Q_DECLARE_METATYPE(Prospecta::TextEncoding)

namespace {

struct ReadFile
{
    QString error; // of open()
    TextEncoding encoding = TextEncoding::Utf8;
    bool byteOrderMark = false;
    QChar delimiter;
    QStringList header;
    QList<CsvRecord> records;
};

ReadFile readAll(const QByteArray &bytes, CsvReaderOptions options = {})
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(buffer, options);
    ReadFile file;
    if (auto opened = reader.open(); !opened) {
        file.error = opened.error().message;
        return file;
    }
    file.encoding = reader.encoding();
    file.byteOrderMark = reader.hasByteOrderMark();
    file.delimiter = reader.delimiter();
    file.header = reader.header();
    while (auto record = reader.next())
        file.records << *record;
    return file;
}

// "2:a|b" per record: its line and its fields, or "3:rejected".
QStringList describe(const QList<CsvRecord> &records)
{
    QStringList lines;
    for (const CsvRecord &record : records) {
        lines << QString::number(record.line) + QLatin1Char(':')
                + (record.rejected() ? QStringLiteral("rejected") : record.fields.join(QLatin1Char('|')));
    }
    return lines;
}

} // namespace

class CsvTest : public QObject
{
    Q_OBJECT

private slots:
    void windows1252HighBytes_data();
    void windows1252HighBytes();
    void windows1252Latin1Range();
    void encodingDetection_data();
    void encodingDetection();
    void decoderJoinsSplitCharacters();
    void lineByLineDecoderAcrossChunks();

    void readerFiles_data();
    void readerFiles();
    void extraFieldsRejectedWhole();
    void unterminatedQuoteAtEnd();
    void blankRecordsKeptOnRequest();
    void emptyAndUtf16FilesRejected_data();
    void emptyAndUtf16FilesRejected();
    void overridesWin();
    void mixedEncodingsDecodedPerLine();
    void largeFileAcrossChunks();
    void lineCount_data();
    void lineCount();
    void lineCountMatchesRecordLines();

    void writerFields_data();
    void writerFields();
    void writerLineAndBom();
    void delimiterForLocale_data();
    void delimiterForLocale();
    void roundTripIsLossless_data();
    void roundTripIsLossless();
};

void CsvTest::windows1252HighBytes_data()
{
    QTest::addColumn<int>("byte");
    QTest::addColumn<QString>("expected");

    // The code page's assignments for 0x80-0x9F; the five undefined bytes become U+FFFD.
    const char16_t expected[32] = {
        u'€', 0xFFFD, u'‚', u'ƒ', u'„', u'…', u'†', u'‡', u'ˆ', u'‰', u'Š', u'‹', u'Œ', 0xFFFD, u'Ž', 0xFFFD,
        0xFFFD, u'‘', u'’', u'“', u'”', u'•', u'–', u'—', u'˜', u'™', u'š', u'›', u'œ', 0xFFFD, u'ž', u'Ÿ',
    };
    for (int i = 0; i < 32; ++i) {
        const int byte = 0x80 + i;
        QTest::addRow("0x%X", byte) << byte << QString(QChar(expected[i]));
    }
}

void CsvTest::windows1252HighBytes()
{
    QFETCH(int, byte);
    QFETCH(QString, expected);

    const char raw[1] = {char(byte)};
    QCOMPARE(TextDecoding::decodeWindows1252(QByteArrayView(raw, 1)), expected);
    QCOMPARE(QString(QChar(TextDecoding::windows1252ToUnicode(uchar(byte)))), expected);
}

void CsvTest::windows1252Latin1Range()
{
    QCOMPARE(TextDecoding::decodeWindows1252("Jos\xE9 Pe\xF1" "a \xA1hola!"), QStringLiteral("José Peña ¡hola!"));
    for (int byte = 0; byte < 0x80; ++byte)
        QCOMPARE(int(TextDecoding::windows1252ToUnicode(uchar(byte))), byte);
    for (int byte = 0xA0; byte < 0x100; ++byte)
        QCOMPARE(int(TextDecoding::windows1252ToUnicode(uchar(byte))), byte);
}

void CsvTest::encodingDetection_data()
{
    QTest::addColumn<QByteArray>("sample");
    QTest::addColumn<bool>("wholeFile");
    QTest::addColumn<TextEncoding>("expected");

    QTest::newRow("ascii") << QByteArray("nombre,telefono\n") << true << TextEncoding::Utf8;
    QTest::newRow("utf-8 accents") << QByteArray("Jos\xC3\xA9,Pe\xC3\xB1" "a\n") << true << TextEncoding::Utf8;
    QTest::newRow("utf-8 four bytes") << QByteArray("\xF0\x9F\x98\x80") << true << TextEncoding::Utf8;
    QTest::newRow("windows-1252 accent") << QByteArray("Jos\xE9\n") << true << TextEncoding::Windows1252;
    QTest::newRow("windows-1252 euro") << QByteArray("\x80 100") << true << TextEncoding::Windows1252;
    QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << true << TextEncoding::Windows1252;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << true << TextEncoding::Windows1252;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << true << TextEncoding::Windows1252;
    QTest::newRow("cut at sample end") << QByteArray("Jos\xC3") << false << TextEncoding::Utf8;
    QTest::newRow("cut at file end") << QByteArray("Jos\xC3") << true << TextEncoding::Windows1252;
}

void CsvTest::encodingDetection()
{
    QFETCH(QByteArray, sample);
    QFETCH(bool, wholeFile);
    QFETCH(TextEncoding, expected);

    QCOMPARE(TextDecoding::detect(sample, wholeFile), expected);
}

void CsvTest::decoderJoinsSplitCharacters()
{
    TextDecoder decoder(TextEncoding::Utf8);
    QString text = decoder.decode("Pe\xC3");
    text += decoder.decode("\xB1" "a \xE2\x82");
    text += decoder.decode("\xAC");
    text += decoder.finish();
    QCOMPARE(text, QStringLiteral("Peña €"));
    QVERIFY(!decoder.hasError());

    TextDecoder cutOff(TextEncoding::Utf8);
    QString truncated = cutOff.decode("ok\xE2\x82");
    truncated += cutOff.finish();
    // Qt writes one U+FFFD per byte of the cut sequence.
    QVERIFY(truncated.startsWith(QStringLiteral("ok\uFFFD")));
    QCOMPARE(truncated.size() - truncated.count(QChar(0xFFFD)), 2);
    QVERIFY(cutOff.hasError());
}

void CsvTest::lineByLineDecoderAcrossChunks()
{
    TextDecoder decoder = TextDecoder::lineByLine();
    // A UTF-8 line, a Windows-1252 line and a UTF-8 line, cut inside characters and lines.
    QString text = decoder.decode("Jos\xC3");
    text += decoder.decode("\xA9\nMar\xED");
    text += decoder.decode("a\r\nPe\xC3\xB1");
    text += decoder.decode("a \xE2\x82\xAC");
    text += decoder.finish();
    QCOMPARE(text, QStringLiteral("José\nMaría\r\nPeña €"));
    QVERIFY(!decoder.hasError());
}

void CsvTest::readerFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<TextEncoding>("encoding");
    QTest::addColumn<bool>("byteOrderMark");
    QTest::addColumn<QString>("delimiter");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QStringList>("records");

    QTest::newRow("comma LF")
        << QByteArray("name,phone\nAna,5512345678\nBob,5587654321\n") << TextEncoding::Utf8 << false
        << QStringLiteral(",") << QStringList{QStringLiteral("name"), QStringLiteral("phone")}
        << QStringList{QStringLiteral("2:Ana|5512345678"), QStringLiteral("3:Bob|5587654321")};
    QTest::newRow("BOM semicolons CRLF")
        << QByteArray("\xEF\xBB\xBFnombre;tel\xC3\xA9" "fono\r\nJos\xC3\xA9;55 1234 5678\r\n") << TextEncoding::Utf8
        << true << QStringLiteral(";") << QStringList{QStringLiteral("nombre"), QStringLiteral("teléfono")}
        << QStringList{QStringLiteral("2:José|55 1234 5678")};
    QTest::newRow("windows-1252 semicolons")
        << QByteArray("nombre;tel\xE9" "fono;notas\r\nMu\xF1oz;5512345678;\x93VIP\x94 \x80" "5\r\n")
        << TextEncoding::Windows1252 << false << QStringLiteral(";")
        << QStringList{QStringLiteral("nombre"), QStringLiteral("teléfono"), QStringLiteral("notas")}
        << QStringList{QStringLiteral("2:Muñoz|5512345678|“VIP” €5")};
    QTest::newRow("tab")
        << QByteArray("name\tphone\nAna, Sr.\t5512345678\n") << TextEncoding::Utf8 << false << QStringLiteral("\t")
        << QStringList{QStringLiteral("name"), QStringLiteral("phone")}
        << QStringList{QStringLiteral("2:Ana, Sr.|5512345678")};
    QTest::newRow("quoted delimiter in header not counted")
        << QByteArray("\"a,b\";c\n1;2\n") << TextEncoding::Utf8 << false << QStringLiteral(";")
        << QStringList{QStringLiteral("a,b"), QStringLiteral("c")} << QStringList{QStringLiteral("2:1|2")};
    QTest::newRow("quoted newlines keep line numbers")
        << QByteArray("name,notes\r\n\"Ana\",\"first\r\nsecond\"\r\nBob,\"x\ny\nz\"\nCy,\"say \"\"hi\"\"\"\n")
        << TextEncoding::Utf8 << false << QStringLiteral(",")
        << QStringList{QStringLiteral("name"), QStringLiteral("notes")}
        << QStringList{QStringLiteral("2:Ana|first\r\nsecond"), QStringLiteral("4:Bob|x\ny\nz"),
                       QStringLiteral("7:Cy|say \"hi\"")};
    QTest::newRow("blank and empty lines skipped")
        << QByteArray("a,b\n\n1,2\r\n\r\n,\n  ,  \n3,4") << TextEncoding::Utf8 << false << QStringLiteral(",")
        << QStringList{QStringLiteral("a"), QStringLiteral("b")}
        << QStringList{QStringLiteral("3:1|2"), QStringLiteral("7:3|4")};
    QTest::newRow("fewer fields padded")
        << QByteArray("a,b,c\n1\n1,2\n") << TextEncoding::Utf8 << false << QStringLiteral(",")
        << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
        << QStringList{QStringLiteral("2:1||"), QStringLiteral("3:1|2|")};
    QTest::newRow("old Mac CR line ends")
        << QByteArray("a,b\r1,2\r3,4\r") << TextEncoding::Utf8 << false << QStringLiteral(",")
        << QStringList{QStringLiteral("a"), QStringLiteral("b")}
        << QStringList{QStringLiteral("2:1|2"), QStringLiteral("3:3|4")};
    QTest::newRow("header only") << QByteArray("phone\n") << TextEncoding::Utf8 << false << QStringLiteral(",")
                                 << QStringList{QStringLiteral("phone")} << QStringList{};
    QTest::newRow("formula protection undone")
        << QByteArray("a,b\n'=SUM(A1),'+5215512345678\n") << TextEncoding::Utf8 << false << QStringLiteral(",")
        << QStringList{QStringLiteral("a"), QStringLiteral("b")}
        << QStringList{QStringLiteral("2:=SUM(A1)|+5215512345678")};
}

void CsvTest::readerFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(TextEncoding, encoding);
    QFETCH(bool, byteOrderMark);
    QFETCH(QString, delimiter);
    QFETCH(QStringList, header);
    QFETCH(QStringList, records);

    const ReadFile file = readAll(bytes);
    QCOMPARE(file.error, QString());
    QCOMPARE(file.encoding, encoding);
    QCOMPARE(file.byteOrderMark, byteOrderMark);
    QCOMPARE(QString(file.delimiter), delimiter);
    QCOMPARE(file.header, header);
    QCOMPARE(describe(file.records), records);
}

void CsvTest::extraFieldsRejectedWhole()
{
    const ReadFile file = readAll("name,phone\nAna,5512345678\nGómez, Luis,5587654321\nBob,5511112222\n");
    QCOMPARE(describe(file.records),
             (QStringList{QStringLiteral("2:Ana|5512345678"), QStringLiteral("3:rejected"),
                          QStringLiteral("4:Bob|5511112222")}));
    const CsvRecord &rejected = file.records.at(1);
    QVERIFY(rejected.fields.isEmpty());
    QVERIFY2(rejected.error.contains(QStringLiteral("Line 3")), qPrintable(rejected.error));
    QVERIFY2(rejected.error.contains(QStringLiteral("3 fields")), qPrintable(rejected.error));
    QVERIFY2(rejected.error.contains(QStringLiteral("has 2")), qPrintable(rejected.error));
}

// With keepBlankRecords, every blank line after the header and every line of empty cells
// comes back as a blank record with its own line number, so a caller sees every line up
// to the last record. Blank lines after it (line 10 here) are what editors leave at the
// end of a file, and are still skipped.
void CsvTest::blankRecordsKeptOnRequest()
{
    CsvReaderOptions options;
    options.keepBlankRecords = true;
    const ReadFile file = readAll("\n\na,b\n\n1,2\r\n\r\n,\n  ,  \n3,4\n\n", options);
    QCOMPARE(file.error, QString());
    QCOMPARE(file.header, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QStringList lines;
    for (const CsvRecord &record : file.records) {
        lines << QString::number(record.line) + QLatin1Char(':')
                + (record.blank ? QStringLiteral("blank") : record.fields.join(QLatin1Char('|')));
        // A blank record has as many (empty) cells as the header, like any other.
        QCOMPARE(record.fields.size(), 2);
        QVERIFY(!record.rejected());
    }
    QCOMPARE(lines, (QStringList{QStringLiteral("4:blank"), QStringLiteral("5:1|2"), QStringLiteral("6:blank"),
                                 QStringLiteral("7:blank"), QStringLiteral("8:blank"), QStringLiteral("9:3|4")}));
}

void CsvTest::unterminatedQuoteAtEnd()
{
    const ReadFile file = readAll("name,notes\nAna,ok\nBob,\"never closed\nCy,x\nDee,y\n");
    QCOMPARE(describe(file.records), (QStringList{QStringLiteral("2:Ana|ok"), QStringLiteral("3:rejected")}));
    QVERIFY2(file.records.at(1).error.contains(QStringLiteral("Line 3")), qPrintable(file.records.at(1).error));
    QVERIFY2(file.records.at(1).error.contains(QStringLiteral("never closed")), qPrintable(file.records.at(1).error));
}

void CsvTest::emptyAndUtf16FilesRejected_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expectedInError");

    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("blank lines only") << QByteArray("\r\n\n,,\n") << QStringLiteral("empty");
    QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << QStringLiteral("empty");
    QTest::newRow("UTF-16 LE") << QByteArray("\xFF\xFEn\0a\0", 6) << QStringLiteral("UTF-16");
    // The start of an .xlsx workbook, which is a zip archive.
    QTest::newRow("xlsx") << QByteArray("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", 14) << QStringLiteral("not text");
    QTest::newRow("NUL after text") << QByteArray("name,phone\nAna,55\0\x01\x02\n", 21) << QStringLiteral("not text");
}

void CsvTest::emptyAndUtf16FilesRejected()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expectedInError);

    const ReadFile file = readAll(bytes);
    QVERIFY2(file.error.contains(expectedInError), qPrintable(file.error));
}

void CsvTest::overridesWin()
{
    CsvReaderOptions options;
    options.delimiter = QLatin1Char(';');
    options.encoding = TextEncoding::Windows1252;
    options.undoFormulaProtection = false;
    // Valid UTF-8 ("é" as C3 A9) read as Windows-1252 on request.
    const ReadFile file = readAll("a,b;c\n\xC3\xA9;'=1\n", options);
    QCOMPARE(file.encoding, TextEncoding::Windows1252);
    QCOMPARE(file.header, (QStringList{QStringLiteral("a,b"), QStringLiteral("c")}));
    QCOMPARE(describe(file.records), QStringList{QStringLiteral("2:Ã©|'=1")});
}

void CsvTest::mixedEncodingsDecodedPerLine()
{
    // A file saved as UTF-8, with one line added by a program that writes Windows-1252.
    const ReadFile mostlyUtf8 = readAll("nombre,tel\xC3\xA9" "fono\n"
                                        "Jos\xC3\xA9 Mu\xC3\xB1oz,1\n"
                                        "Mar\xED" "a N\xFA\xF1" "ez,2\n"
                                        "Ana Pe\xC3\xB1" "a,3\n");
    QCOMPARE(mostlyUtf8.encoding, TextEncoding::Windows1252);
    QCOMPARE(mostlyUtf8.header, (QStringList{QStringLiteral("nombre"), QStringLiteral("teléfono")}));
    QCOMPARE(describe(mostlyUtf8.records),
             (QStringList{QStringLiteral("2:José Muñoz|1"), QStringLiteral("3:María Núñez|2"),
                          QStringLiteral("4:Ana Peña|3")}));

    // The Windows-1252 line after the first 64 KiB, which alone pick the reported encoding.
    QByteArray late = "nombre,notas\n";
    while (late.size() < 70 * 1024)
        late += "Jos\xC3\xA9,se\xC3\xB1" "al\n";
    late += "Mar\xED" "a,se\xF1" "al\n";
    const ReadFile lateWindows = readAll(late);
    QCOMPARE(lateWindows.encoding, TextEncoding::Utf8);
    QVERIFY(!lateWindows.records.isEmpty());
    QCOMPARE(lateWindows.records.front().fields.join(QLatin1Char('|')), QStringLiteral("José|señal"));
    QCOMPARE(lateWindows.records.back().fields.join(QLatin1Char('|')), QStringLiteral("María|señal"));
}

void CsvTest::largeFileAcrossChunks()
{
    // About 1 MB: many 64 KiB chunk boundaries fall inside multi-byte characters and
    // quoted line ends, and the records must still come out whole with their lines.
    QByteArray bytes = "\xEF\xBB\xBFnombre;notas\r\n";
    const int rows = 20000;
    for (int i = 0; i < rows; ++i)
        bytes += "Jos\xC3\xA9 " + QByteArray::number(i) + ";\"l\xC3\xADnea uno\r\nl\xC3\xADnea dos\"\r\n";
    const ReadFile file = readAll(bytes);
    QCOMPARE(file.error, QString());
    QCOMPARE(file.records.size(), rows);
    for (int i = 0; i < rows; i += 997) {
        const CsvRecord &record = file.records.at(i);
        QCOMPARE(record.line, qint64(2 + 2 * i));
        QCOMPARE(record.fields, (QStringList{QStringLiteral("José %1").arg(i), QStringLiteral("línea uno\r\nlínea dos")}));
    }
    QCOMPARE(file.records.last().line, qint64(2 + 2 * (rows - 1)));
}

void CsvTest::lineCount_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("lines");

    QTest::newRow("empty") << QByteArray() << qint64(0);
    QTest::newRow("one line, no line end") << QByteArray("phone") << qint64(1);
    QTest::newRow("LF") << QByteArray("phone\n1\n2\n") << qint64(3);
    QTest::newRow("CRLF") << QByteArray("phone\r\n1\r\n2\r\n") << qint64(3);
    QTest::newRow("lone CR") << QByteArray("phone\r1\r2") << qint64(3);
    QTest::newRow("last line without line end") << QByteArray("phone\r\n1\r\n2") << qint64(3);
    QTest::newRow("blank lines count") << QByteArray("phone\n\n1\n\n") << qint64(4);
    QTest::newRow("line ends inside quotes count") << QByteArray("name,notes\n\"a\",\"x\r\ny\"\n") << qint64(3);
}

void CsvTest::lineCount()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, lines);

    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QCOMPARE(CsvReader::countLines(buffer), std::optional<qint64>(lines));
}

void CsvTest::lineCountMatchesRecordLines()
{
    // Over 1 MiB, so CRLF pairs fall on the counter's chunk boundaries too; the last
    // record's line is then the count.
    QByteArray bytes = "nombre;notas\r\n";
    for (int i = 0; i < 40000; ++i)
        bytes += "Ana " + QByteArray::number(i) + ";\"uno\r\ndos\"\r\n";
    const ReadFile file = readAll(bytes);
    QCOMPARE(file.error, QString());

    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const std::optional<qint64> lines = CsvReader::countLines(buffer);
    QVERIFY(lines.has_value());
    QCOMPARE(*lines, file.records.last().line + 1);

    // A stop request ends the count without a result.
    QVERIFY(buffer.seek(0));
    const std::atomic<bool> stop{true};
    QCOMPARE(CsvReader::countLines(buffer, &stop), std::nullopt);
}

void CsvTest::writerFields_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("delimiter");
    QTest::addColumn<QString>("expected");

    const QString comma = QStringLiteral(",");
    const QString semicolon = QStringLiteral(";");
    QTest::newRow("plain") << QStringLiteral("Ana") << comma << QStringLiteral("Ana");
    QTest::newRow("empty") << QString() << comma << QString();
    QTest::newRow("comma") << QStringLiteral("Gómez, Luis") << comma << QStringLiteral("\"Gómez, Luis\"");
    QTest::newRow("semicolon in comma file") << QStringLiteral("a;b") << comma << QStringLiteral("\"a;b\"");
    QTest::newRow("comma in semicolon file") << QStringLiteral("1,5") << semicolon << QStringLiteral("\"1,5\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << comma << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QStringLiteral("a\nb") << comma << QStringLiteral("\"a\nb\"");
    QTest::newRow("equals") << QStringLiteral("=SUM(A1)") << comma << QStringLiteral("'=SUM(A1)");
    QTest::newRow("plus phone") << QStringLiteral("+5215512345678") << comma << QStringLiteral("'+5215512345678");
    QTest::newRow("minus") << QStringLiteral("-1") << comma << QStringLiteral("'-1");
    QTest::newRow("at") << QStringLiteral("@cmd") << comma << QStringLiteral("'@cmd");
    QTest::newRow("tab") << QStringLiteral("\t=1") << comma << QStringLiteral("\"'\t=1\"");
    QTest::newRow("carriage return") << QStringLiteral("\r=1") << comma << QStringLiteral("\"'\r=1\"");
    QTest::newRow("apostrophe text") << QStringLiteral("'tis") << comma << QStringLiteral("'tis");
    QTest::newRow("apostrophe then formula") << QStringLiteral("'=1") << comma << QStringLiteral("''=1");
    QTest::newRow("formula inside") << QStringLiteral("a=b") << comma << QStringLiteral("a=b");
}

void CsvTest::writerFields()
{
    QFETCH(QString, cell);
    QFETCH(QString, delimiter);
    QFETCH(QString, expected);

    QCOMPARE(CsvWriter(delimiter.front()).field(cell), expected);
}

void CsvTest::writerLineAndBom()
{
    const CsvWriter writer(QLatin1Char(';'));
    QCOMPARE(writer.line({QStringLiteral("a"), QString(), QStringLiteral("c d")}), QStringLiteral("a;;c d\r\n"));
    QCOMPARE(writer.line({QString()}), QStringLiteral("\"\"\r\n"));
    QCOMPARE(writer.encodeLine({QStringLiteral("José")}), QByteArray("Jos\xC3\xA9\r\n"));
    QCOMPARE(CsvWriter::byteOrderMark(), QByteArray("\xEF\xBB\xBF"));
}

void CsvTest::delimiterForLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("expected");

    QTest::newRow("Spain") << QStringLiteral("es_ES") << QStringLiteral(";");
    QTest::newRow("Argentina") << QStringLiteral("es_AR") << QStringLiteral(";");
    QTest::newRow("Germany") << QStringLiteral("de_DE") << QStringLiteral(";");
    QTest::newRow("Mexico") << QStringLiteral("es_MX") << QStringLiteral(",");
    QTest::newRow("United States") << QStringLiteral("en_US") << QStringLiteral(",");
}

void CsvTest::delimiterForLocale()
{
    QFETCH(QString, locale);
    QFETCH(QString, expected);

    QCOMPARE(QString(CsvWriter::delimiterFor(QLocale(locale))), expected);
}

void CsvTest::roundTripIsLossless_data()
{
    QTest::addColumn<QString>("delimiter");
    QTest::newRow("comma") << QStringLiteral(",");
    QTest::newRow("semicolon") << QStringLiteral(";");
}

void CsvTest::roundTripIsLossless()
{
    QFETCH(QString, delimiter);

    const QList<QStringList> rows = {
        {QStringLiteral("=SUM(A1)"), QStringLiteral("+5215512345678"), QStringLiteral("-5")},
        {QStringLiteral("@SUM(1)"), QStringLiteral("\t=1"), QStringLiteral("\r=2")},
        {QStringLiteral("'literal"), QStringLiteral("'=already"), QStringLiteral("''+x")},
        {QStringLiteral("Gómez, \"Luis\"; jr"), QStringLiteral("line\r\nbreak"), QString()},
        {QStringLiteral("'"), QStringLiteral("="), QStringLiteral("€ “x” — ñ")},
    };
    const CsvWriter writer(delimiter.front());
    QByteArray bytes = CsvWriter::byteOrderMark() + writer.encodeLine({QStringLiteral("a"), QStringLiteral("b"),
                                                                       QStringLiteral("c")});
    for (const QStringList &row : rows)
        bytes += writer.encodeLine(row);

    const ReadFile file = readAll(bytes);
    QCOMPARE(file.error, QString());
    QCOMPARE(QString(file.delimiter), delimiter);
    QCOMPARE(file.records.size(), rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        QCOMPARE(file.records.at(i).fields, rows.at(i));
}

QTEST_GUILESS_MAIN(CsvTest)
#include "tst_csv.moc"
