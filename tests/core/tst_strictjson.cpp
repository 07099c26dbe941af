// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/StrictJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Prospecta;

class TestStrictJson : public QObject
{
    Q_OBJECT

private slots:
    void acceptsValidBody_data();
    void acceptsValidBody();
    void rejectsBody_data();
    void rejectsBody();
    void emojiSurvivesRoundTrip_data();
    void emojiSurvivesRoundTrip();
    void depthLimit_data();
    void depthLimit();
    void everyTruncationRejected();
};

void TestStrictJson::acceptsValidBody_data()
{
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("empty array") << QByteArray("[]");
    QTest::newRow("whitespace around") << QByteArray(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n");
    QTest::newRow("numbers") << QByteArray("[0,-0,7,-12,1.5,0.25e10,-1.25E-3,6e+2]");
    QTest::newRow("literals") << QByteArray("[true,false,null]");
    QTest::newRow("escapes") << QByteArray(R"(["\"\\\/\b\f\n\r\t\u00e9\u0000"])");
    QTest::newRow("same key in sibling objects") << QByteArray(R"([{"id":1},{"id":2}])");
    QTest::newRow("same key at two levels") << QByteArray(R"({"id":{"id":1}})");
    QTest::newRow("keys differing by case") << QByteArray(R"({"id":1,"Id":2})");
    QTest::newRow("raw Spanish text") << QByteArray("{\"t\":\"¿Cuánto cuesta? Año\"}");
    QTest::newRow("raw U+FFFF") << QByteArray("[\"\xEF\xBF\xBF\"]");
    QTest::newRow("raw U+10FFFF") << QByteArray("[\"\xF4\x8F\xBF\xBF\"]");
    QTest::newRow("raw U+D7FF below the surrogates") << QByteArray("[\"\xED\x9F\xBF\"]");
    QTest::newRow("escaped U+10FFFF as a pair") << QByteArray(R"(["\uDBFF\uDFFF"])");
    QTest::newRow("webhook fixture shape")
            << QByteArray(R"({"app":"CrmVentasDemo","timestamp":1735740000000,"version":2,)"
                          R"("type":"message","payload":{"id":"wamid.x","type":"text"}})");
}

void TestStrictJson::acceptsValidBody()
{
    QFETCH(QByteArray, body);

    const Result<QJsonDocument> result = StrictJson::parse(body);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QVERIFY(!result->isNull());
}

void TestStrictJson::rejectsBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("offset");

    QTest::newRow("empty body") << QByteArray() << QStringLiteral("empty body") << 0;
    QTest::newRow("only whitespace") << QByteArray("  \n") << QStringLiteral("no JSON value") << 3;

    QTest::newRow("duplicate key")
            << QByteArray(R"({"id":1,"id":2})") << QStringLiteral("duplicate key \"id\"") << 8;
    QTest::newRow("duplicate key spelled with an escape")
            << QByteArray(R"({"id":1,"\u0069d":2})") << QStringLiteral("duplicate key \"id\"") << 8;
    QTest::newRow("duplicate key in a nested object")
            << QByteArray(R"({"payload":{"type":"a","type":"b"}})")
            << QStringLiteral("duplicate key \"type\"") << 23;
    QTest::newRow("duplicate empty key")
            << QByteArray(R"({"":1,"":2})") << QStringLiteral("duplicate key \"\"") << 6;

    QTest::newRow("raw continuation byte")
            << QByteArray("[\"\x80\"]") << QStringLiteral("unexpected continuation byte") << 2;
    QTest::newRow("overlong two-byte slash")
            << QByteArray("[\"\xC0\xAF\"]") << QStringLiteral("overlong encoding") << 2;
    QTest::newRow("overlong three-byte")
            << QByteArray("[\"\xE0\x80\xAF\"]") << QStringLiteral("overlong encoding") << 2;
    QTest::newRow("overlong four-byte")
            << QByteArray("[\"\xF0\x80\x80\xAF\"]") << QStringLiteral("overlong encoding") << 2;
    QTest::newRow("encoded high surrogate ED A0 BD")
            << QByteArray("[\"\xED\xA0\xBD\"]") << QStringLiteral("encoded surrogate") << 2;
    QTest::newRow("encoded low surrogate ED BF BF")
            << QByteArray("[\"\xED\xBF\xBF\"]") << QStringLiteral("encoded surrogate") << 2;
    QTest::newRow("code point U+110000")
            << QByteArray("[\"\xF4\x90\x80\x80\"]") << QStringLiteral("above U+10FFFF") << 2;
    QTest::newRow("lead byte F5")
            << QByteArray("[\"\xF5\x80\x80\x80\"]") << QStringLiteral("above U+10FFFF") << 2;
    QTest::newRow("byte FF")
            << QByteArray("[\"\xFF\"]") << QStringLiteral("never appears in UTF-8") << 2;
    QTest::newRow("sequence cut by ASCII")
            << QByteArray("[\"\xC3\x41\"]") << QStringLiteral("incomplete sequence") << 2;
    QTest::newRow("sequence cut by the end")
            << QByteArray("[\"ok \xE2\x82") << QStringLiteral("truncated sequence") << 5;
    QTest::newRow("Latin-1 byte in a key")
            << QByteArray("{\"a\xF1o\":1}") << QStringLiteral("invalid UTF-8") << 3;
    QTest::newRow("non-ASCII outside strings")
            << QByteArray("[1,\xC3\xA9]") << QStringLiteral("unexpected byte 0xc3") << 3;

    QTest::newRow("lone high surrogate at string end")
            << QByteArray(R"(["\uD83D"])") << QStringLiteral("lone high surrogate \\ud83d") << 2;
    QTest::newRow("high surrogate then a letter")
            << QByteArray(R"(["x\uD83Dy"])") << QStringLiteral("lone high surrogate") << 3;
    QTest::newRow("high surrogate then a non-surrogate escape")
            << QByteArray(R"(["\uD83D\u0041"])") << QStringLiteral("lone high surrogate") << 2;
    QTest::newRow("two high surrogates")
            << QByteArray(R"(["\uD83D\uD83D"])") << QStringLiteral("lone high surrogate") << 2;
    QTest::newRow("lone low surrogate")
            << QByteArray(R"(["\uDC00"])") << QStringLiteral("lone low surrogate \\udc00") << 2;
    QTest::newRow("pair in the wrong order")
            << QByteArray(R"(["\uDE00\uD83D"])") << QStringLiteral("lone low surrogate") << 2;
    QTest::newRow("lone surrogate in a key")
            << QByteArray(R"({"\uD800":1})") << QStringLiteral("lone high surrogate") << 2;

    QTest::newRow("raw newline in a string")
            << QByteArray("[\"a\nb\"]") << QStringLiteral("unescaped control character") << 3;
    QTest::newRow("unknown escape")
            << QByteArray(R"(["\x41"])") << QStringLiteral("invalid escape sequence") << 2;
    QTest::newRow("short unicode escape")
            << QByteArray(R"(["\u12G4"])") << QStringLiteral("expected 4 hex digits") << 2;

    QTest::newRow("leading zero") << QByteArray("[01]") << QStringLiteral("leading zero") << 1;
    QTest::newRow("dot without digits")
            << QByteArray("[1.]") << QStringLiteral("expected a digit after '.'") << 3;
    QTest::newRow("number starting with a dot")
            << QByteArray("[.5]") << QStringLiteral("unexpected '.', expected a value") << 1;
    QTest::newRow("plus sign") << QByteArray("[+1]") << QStringLiteral("unexpected '+'") << 1;
    QTest::newRow("empty exponent")
            << QByteArray("[1e]") << QStringLiteral("expected a digit in the exponent") << 3;
    QTest::newRow("minus alone")
            << QByteArray("[-]") << QStringLiteral("invalid number, expected a digit") << 2;
    QTest::newRow("NaN") << QByteArray("[NaN]") << QStringLiteral("unexpected 'N'") << 1;

    QTest::newRow("misspelt literal")
            << QByteArray("[tru]") << QStringLiteral("invalid literal, expected 'true'") << 1;
    QTest::newRow("capitalised literal") << QByteArray("[True]") << QStringLiteral("unexpected 'T'") << 1;

    QTest::newRow("trailing comma in an array")
            << QByteArray("[1,]") << QStringLiteral("unexpected ']', expected a value") << 3;
    QTest::newRow("trailing comma in an object")
            << QByteArray(R"({"a":1,})") << QStringLiteral("expected an object key") << 7;
    QTest::newRow("single-quoted key")
            << QByteArray("{'a':1}") << QStringLiteral("expected an object key") << 1;
    QTest::newRow("missing colon")
            << QByteArray(R"({"a" 1})") << QStringLiteral("unexpected '1', expected ':'") << 5;
    QTest::newRow("missing comma")
            << QByteArray(R"([1 2])") << QStringLiteral("expected ',' or ']'") << 3;

    QTest::newRow("trailing garbage")
            << QByteArray("{} x") << QStringLiteral("trailing data after the JSON value") << 3;
    QTest::newRow("two documents")
            << QByteArray("{}{}") << QStringLiteral("trailing data after the JSON value") << 2;
    QTest::newRow("trailing NUL")
            << QByteArray("{}\0", 3) << QStringLiteral("trailing data after the JSON value") << 2;
    QTest::newRow("byte order mark")
            << QByteArray("\xEF\xBB\xBF{}") << QStringLiteral("expected an object or an array") << 0;
    QTest::newRow("top-level string")
            << QByteArray(R"("x")") << QStringLiteral("expected an object or an array") << 0;
    QTest::newRow("top-level number")
            << QByteArray("1") << QStringLiteral("expected an object or an array") << 0;

    QTest::newRow("truncated after colon")
            << QByteArray(R"({"a":)") << QStringLiteral("unexpected end of input, expected a value") << 5;
    QTest::newRow("truncated after key")
            << QByteArray(R"({"a")") << QStringLiteral("unexpected end of input, expected ':'") << 4;
    QTest::newRow("truncated array")
            << QByteArray("[1,2") << QStringLiteral("unexpected end of input, expected ',' or ']'") << 4;
    QTest::newRow("truncated string")
            << QByteArray(R"({"a":"b)") << QStringLiteral("unterminated string starting") << 5;
    QTest::newRow("truncated after backslash")
            << QByteArray(R"(["a\)") << QStringLiteral("unterminated string starting") << 1;
    QTest::newRow("truncated literal")
            << QByteArray(R"({"a":tr)") << QStringLiteral("invalid literal, expected 'true'") << 5;
    QTest::newRow("truncated unicode escape")
            << QByteArray(R"(["\u12)") << QStringLiteral("unexpected end of input in a \\u escape") << 6;
    QTest::newRow("truncated surrogate pair")
            << QByteArray(R"(["\uD83D\uDE)") << QStringLiteral("unexpected end of input in a \\u escape") << 12;
}

void TestStrictJson::rejectsBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, rule);
    QFETCH(int, offset);

    const Result<QJsonDocument> result = StrictJson::parse(body);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidJson);
    QVERIFY2(result.error().message.contains(rule), qPrintable(result.error().message));
    QVERIFY2(result.error().message.endsWith(QStringLiteral(" at byte %1").arg(offset)),
             qPrintable(result.error().message));
}

void TestStrictJson::emojiSurvivesRoundTrip_data()
{
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("raw UTF-8") << QByteArray("{\"t\":\"hola \xF0\x9F\x98\x80!\"}");
    QTest::newRow("surrogate pair escape") << QByteArray(R"({"t":"hola \ud83d\ude00!"})");
    QTest::newRow("upper-case escape") << QByteArray(R"({"t":"hola \uD83D\uDE00!"})");
}

void TestStrictJson::emojiSurvivesRoundTrip()
{
    QFETCH(QByteArray, body);
    const QString expected = QStringLiteral("hola ") + QString::fromUcs4(U"\U0001F600") + QLatin1Char('!');

    const Result<QJsonDocument> result = StrictJson::parse(body);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->object().value(QLatin1String("t")).toString(), expected);
    QCOMPARE(result->toJson(QJsonDocument::Compact), QByteArray("{\"t\":\"hola \xF0\x9F\x98\x80!\"}"));
}

void TestStrictJson::depthLimit_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("accepted");

    auto arrays = [](int depth) {
        return QByteArray(depth, '[') + QByteArray(depth, ']');
    };
    auto objects = [](int depth) {
        QByteArray body;
        for (int i = 1; i < depth; ++i)
            body += "{\"a\":";
        body += "{}";
        body += QByteArray(depth - 1, '}');
        return body;
    };
    auto mixed = [](int depth) {
        QByteArray open;
        QByteArray close;
        for (int i = 0; i < depth; ++i) {
            open += (i % 2 == 0) ? "[" : "{\"k\":";
            close.prepend((i % 2 == 0) ? ']' : '}');
        }
        // The innermost level must hold a value when it is an object.
        if (depth % 2 == 0)
            open += "1";
        return open + close;
    };

    QTest::newRow("arrays 32 deep") << arrays(StrictJson::MaxDepth) << true;
    QTest::newRow("arrays 33 deep") << arrays(StrictJson::MaxDepth + 1) << false;
    QTest::newRow("objects 32 deep") << objects(StrictJson::MaxDepth) << true;
    QTest::newRow("objects 33 deep") << objects(StrictJson::MaxDepth + 1) << false;
    QTest::newRow("mixed 32 deep") << mixed(StrictJson::MaxDepth) << true;
    QTest::newRow("mixed 33 deep") << mixed(StrictJson::MaxDepth + 1) << false;
    QTest::newRow("arrays 2000 deep") << arrays(2000) << false;
}

void TestStrictJson::depthLimit()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, accepted);

    const Result<QJsonDocument> result = StrictJson::parse(body);

    if (accepted) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        return;
    }
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.startsWith(QStringLiteral("nesting deeper than 32 levels at byte ")),
             qPrintable(result.error().message));
}

void TestStrictJson::everyTruncationRejected()
{
    // Every proper prefix of a valid body is invalid JSON, whatever byte it stops at
    // (inside a multi-byte character, an escape, a number or a literal).
    const QByteArray body(R"({"id":"wamid.1","n":[-1.5e3,true,null],"t":"Año \ud83d\ude00 )"
                          "\xF0\x9F\x98\x80\",\"o\":{}}");
    QVERIFY(StrictJson::parse(body).ok());

    for (qsizetype length = 0; length < body.size(); ++length) {
        const Result<QJsonDocument> result = StrictJson::parse(body.left(length));
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(length)));
        QCOMPARE(result.error().kind, ErrorKind::InvalidJson);
    }
}

QTEST_GUILESS_MAIN(TestStrictJson)
#include "tst_strictjson.moc"
