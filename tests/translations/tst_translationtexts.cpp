// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Specification: a translation carries over what the program and the reader rely on in
// its source text. The arguments %1…%9 fill in values, so one that is lost or added
// shows a wrong value or a raw "%2". A line break that is a real one in the source
// stays one, and an escaped "\n" that a shell command shows stays two characters.
// A keyboard shortcut marked with "&" in a menu or button stays marked.

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct TranslatedText
{
    QString context;
    QString source;
    QString translation;
    bool numerus = false;
};

QList<TranslatedText> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TranslatedText> texts;
    QXmlStreamReader xml(&file);
    QString context;
    TranslatedText current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            if (xml.isEndElement() && xml.name() == QLatin1String("message"))
                texts << current;
            continue;
        }
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            current = TranslatedText{context, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes")};
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation") && !current.numerus) {
            current.translation = xml.readElementText();
        } else if (xml.name() == QLatin1String("numerusform") && current.translation.isEmpty()) {
            current.translation = xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return texts;
}

// The numbered arguments of a text, %1 to %99, each once.
QSet<QString> arguments(const QString &text)
{
    static const QRegularExpression argument(QStringLiteral("%(L?)([1-9][0-9]?)"));
    QSet<QString> found;
    for (auto it = argument.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(2));
    return found;
}

// The number of shortcut markers: an "&" before a letter, not "&&".
int shortcuts(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (text.at(i + 1).isLetterOrNumber())
            ++count;
    }
    return count;
}

} // namespace

class TranslationTextsTest : public QObject
{
    Q_OBJECT

private slots:
    void spanishKeepsWhatTheSourceRelyOn();
};

void TranslationTextsTest::spanishKeepsWhatTheSourceRelyOn()
{
    QString error;
    const QList<TranslatedText> texts =
        readTs(QStringLiteral(PROSPECTA_SOURCE_DIR "/translations/prospecta_es.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(texts.size() > 100);

    QStringList problems;
    for (const TranslatedText &text : texts) {
        if (text.translation.isEmpty())
            continue; // translations_complete reports unfinished entries
        const QString where = text.context + QStringLiteral(": \"") + text.source + QLatin1Char('"');
        if (!text.numerus && arguments(text.source) != arguments(text.translation))
            problems << where + QStringLiteral(" has other arguments in \"") + text.translation + QLatin1Char('"');
        if (text.source.count(QLatin1Char('\n')) != text.translation.count(QLatin1Char('\n')))
            problems << where + QStringLiteral(" has another number of line breaks in \"") + text.translation
                    + QLatin1Char('"');
        if (text.source.count(QLatin1String("\\n")) != text.translation.count(QLatin1String("\\n")))
            problems << where + QStringLiteral(" has another number of escaped \\n in \"") + text.translation
                    + QLatin1Char('"');
        if (shortcuts(text.source) != shortcuts(text.translation))
            problems << where + QStringLiteral(" has another number of shortcuts in \"") + text.translation
                    + QLatin1Char('"');
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TranslationTextsTest)
#include "tst_translationtexts.moc"
