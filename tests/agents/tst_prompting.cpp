// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/Prompting.h"
#include "core/TextFolding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTextBoundaryFinder>

using namespace Prospecta;

namespace Prospecta {
// Readable QCOMPARE failures; found by argument-dependent lookup before the generic
// QTest::toString and Prospecta::toString templates.
char *toString(const OptKeyword &keyword)
{
    switch (keyword) {
    case OptKeyword::None:
        return qstrdup("None");
    case OptKeyword::OptOut:
        return qstrdup("OptOut");
    case OptKeyword::OptIn:
        return qstrdup("OptIn");
    case OptKeyword::MentionsOptOut:
        return qstrdup("MentionsOptOut");
    }
    return qstrdup("?");
}
} // namespace Prospecta

namespace {

Message makeMessage(SenderKind sender, const QString &content,
                    const QString &contentType = QStringLiteral("text"),
                    const QJsonObject &metadata = {}, qint64 id = 0)
{
    Message message;
    message.id = id;
    message.sender = sender;
    message.content = content;
    message.contentType = contentType;
    message.metadata = metadata;
    return message;
}

QJsonObject chatEntry(const char *role, const QString &content)
{
    return QJsonObject{{QStringLiteral("role"), QString::fromLatin1(role)},
                       {QStringLiteral("content"), content}};
}

// The extended grapheme clusters of `text`, leaving out those that are only white space.
QStringList visibleGraphemes(const QString &text)
{
    QStringList clusters;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    qsizetype start = 0;
    for (qsizetype end = finder.toNextBoundary(); end > 0; end = finder.toNextBoundary()) {
        const QString cluster = text.mid(start, end - start);
        if (!cluster.trimmed().isEmpty())
            clusters.append(cluster);
        start = end;
    }
    return clusters;
}

QString repeated(const QString &piece, int times)
{
    QString text;
    for (int i = 0; i < times; ++i)
        text += piece;
    return text;
}

} // namespace

class PromptingTest : public QObject
{
    Q_OBJECT

private slots:
    void defaultPromptIsShipped_data();
    void defaultPromptIsShipped();
    void defaultPromptLanguageFallback_data();
    void defaultPromptLanguageFallback();
    void spanishPromptsUseUsted_data();
    void spanishPromptsUseUsted();
    void systemPromptAppendsInstructions_data();
    void systemPromptAppendsInstructions();

    void describeForModel_data();
    void describeForModel();

    void composedRequestMatchesHandBuilt();
    void composedRequestWithoutOptionalParameters();
    void composedRequestWithMaxTokens();
    void composedRequestSendsEachNewMessageOnce();

    void splitReplyParts_data();
    void splitReplyParts();
    void splitReplyKeepsTextAndClusters_data();
    void splitReplyKeepsTextAndClusters();

    void foldForMatching_data();
    void foldForMatching();
    void containsWholeWord_data();
    void containsWholeWord();
    void completeSentences_data();
    void completeSentences();
    void classifyOptKeyword_data();
    void classifyOptKeyword();
    void confirmations_data();
    void confirmations();
};

void PromptingTest::defaultPromptIsShipped_data()
{
    QTest::addColumn<AgentType>("type");
    QTest::addColumn<QString>("language");

    for (const QString &language : {QStringLiteral("es"), QStringLiteral("en")}) {
        for (const QString &name : allNames<AgentType>()) {
            QTest::addRow("%s %s", qPrintable(name), qPrintable(language))
                << *fromString<AgentType>(name) << language;
        }
    }
}

void PromptingTest::defaultPromptIsShipped()
{
    QFETCH(AgentType, type);
    QFETCH(QString, language);

    const QString prompt = defaultPrompt(type, language);
    QVERIFY(!prompt.isEmpty());
    QCOMPARE(prompt, prompt.trimmed());
    // The licence header of the resource file is not part of the prompt.
    QVERIFY(!prompt.contains(QLatin1String("SPDX")));
    QVERIFY(!prompt.contains(QLatin1String("<!--")));

    const qsizetype lines = prompt.count(u'\n') + 1;
    QVERIFY2(lines >= 10 && lines <= 25, qPrintable(QString::number(lines)));

    // Every type and language has its own text.
    for (const QString &otherName : allNames<AgentType>()) {
        const AgentType other = *fromString<AgentType>(otherName);
        if (other != type)
            QVERIFY(defaultPrompt(other, language) != prompt);
    }
    const QString otherLanguage = language == QLatin1String("es") ? QStringLiteral("en") : QStringLiteral("es");
    QVERIFY(defaultPrompt(type, otherLanguage) != prompt);
}

void PromptingTest::defaultPromptLanguageFallback_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("shippedAs");

    QTest::newRow("upper-case EN") << QStringLiteral("EN") << QStringLiteral("en");
    QTest::newRow("Portuguese falls back to Spanish") << QStringLiteral("pt") << QStringLiteral("es");
    QTest::newRow("empty falls back to Spanish") << QString() << QStringLiteral("es");
}

void PromptingTest::defaultPromptLanguageFallback()
{
    QFETCH(QString, language);
    QFETCH(QString, shippedAs);
    QCOMPARE(defaultPrompt(AgentType::Sales, language), defaultPrompt(AgentType::Sales, shippedAs));
}

void PromptingTest::spanishPromptsUseUsted_data()
{
    QTest::addColumn<AgentType>("type");
    for (const QString &name : allNames<AgentType>())
        QTest::newRow(qPrintable(name)) << *fromString<AgentType>(name);
}

void PromptingTest::spanishPromptsUseUsted()
{
    QFETCH(AgentType, type);
    const QString prompt = defaultPrompt(type, QStringLiteral("es"));
    QVERIFY(prompt.contains(QLatin1String("usted")));
    // The glossary's words: the human is an "asesor", the model an "agente de IA".
    QVERIFY(prompt.contains(QLatin1String("agente de IA")));
    QVERIFY(prompt.contains(QLatin1String("asesor")));
    QVERIFY(prompt.contains(QLatin1String("prospecto")));
}

void PromptingTest::systemPromptAppendsInstructions_data()
{
    QTest::addColumn<QString>("instructions");
    QTest::addColumn<QString>("suffix");

    QTest::newRow("none") << QString() << QString();
    QTest::newRow("only spaces") << QStringLiteral("  \n\t ") << QString();
    QTest::newRow("instructions")
        << QStringLiteral("Vendemos paneles solares en Lima.")
        << QStringLiteral("\n\nVendemos paneles solares en Lima.");
    QTest::newRow("trimmed, inner lines kept")
        << QStringLiteral("\n  Horario: 9 a 18 h.\nSin envíos a provincia.  \n")
        << QStringLiteral("\n\nHorario: 9 a 18 h.\nSin envíos a provincia.");
}

void PromptingTest::systemPromptAppendsInstructions()
{
    QFETCH(QString, instructions);
    QFETCH(QString, suffix);

    const QString base = defaultPrompt(AgentType::Qualification, QStringLiteral("es"));
    QCOMPARE(systemPromptFor(AgentType::Qualification, QStringLiteral("es"), instructions),
             base + suffix);
}

void PromptingTest::describeForModel_data()
{
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QJsonObject>("metadata");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("expected");

    const QString es = QStringLiteral("es");
    const QString en = QStringLiteral("en");
    const QJsonObject none;
    const QJsonObject location{{QStringLiteral("latitude"), 19.4326},
                               {QStringLiteral("longitude"), -99.1332}};
    const QJsonObject contact{{QStringLiteral("contactName"), QStringLiteral("Ana Pérez")},
                              {QStringLiteral("contactPhone"), QStringLiteral("+5215512345678")}};
    const QJsonObject file{{QStringLiteral("fileName"), QStringLiteral("cotizacion.pdf")}};

    QTest::newRow("text es") << "text" << "Hola, ¿tienen envíos?" << none << es << "Hola, ¿tienen envíos?";
    QTest::newRow("text en") << "text" << "Hi there" << none << en << "Hi there";
    QTest::newRow("image with caption es") << "image" << "¿Este modelo?" << none << es << "[imagen] ¿Este modelo?";
    QTest::newRow("image without caption es") << "image" << "" << none << es << "[imagen]";
    QTest::newRow("image with caption en") << "image" << "This one?" << none << en << "[image] This one?";
    QTest::newRow("audio es") << "audio" << "" << none << es << "[audio]";
    QTest::newRow("audio en") << "audio" << "" << none << en << "[audio]";
    QTest::newRow("video with caption es") << "video" << "Así llegó" << none << es << "[video] Así llegó";
    QTest::newRow("video en") << "video" << "" << none << en << "[video]";
    QTest::newRow("file es") << "file" << "" << file << es << "[archivo] cotizacion.pdf";
    QTest::newRow("file en") << "file" << "" << file << en << "[file] cotizacion.pdf";
    QTest::newRow("file with its name as caption") << "file" << "cotizacion.pdf" << file << es << "[archivo] cotizacion.pdf";
    QTest::newRow("file with caption") << "file" << "La de ayer" << file << es << "[archivo] cotizacion.pdf La de ayer";
    QTest::newRow("file without name") << "file" << "" << none << es << "[archivo]";
    QTest::newRow("location es") << "location" << "" << location << es << "[ubicación] 19.4326, -99.1332";
    QTest::newRow("location en") << "location" << "" << location << en << "[location] 19.4326, -99.1332";
    QTest::newRow("location integer degrees")
        << "location" << ""
        << QJsonObject{{QStringLiteral("latitude"), -12.0}, {QStringLiteral("longitude"), -77.0}}
        << es << "[ubicación] -12, -77";
    QTest::newRow("location full precision")
        << "location" << ""
        << QJsonObject{{QStringLiteral("latitude"), -12.046374123}, {QStringLiteral("longitude"), -77.042793456}}
        << es << "[ubicación] -12.04637412, -77.04279346";
    QTest::newRow("location with place name") << "location" << "Parque Kennedy" << location << es
                                              << "[ubicación] 19.4326, -99.1332 Parque Kennedy";
    QTest::newRow("location without coordinates") << "location" << "" << none << es << "[ubicación]";
    QTest::newRow("contact es") << "contact" << "" << contact << es << "[contacto] Ana Pérez +5215512345678";
    QTest::newRow("contact en") << "contact" << "" << contact << en << "[contact] Ana Pérez +5215512345678";
    QTest::newRow("contact without phone")
        << "contact" << "" << QJsonObject{{QStringLiteral("contactName"), QStringLiteral("Ana")}} << es
        << "[contacto] Ana";
    QTest::newRow("button reply") << "button" << "Sí, llámenme" << none << es << "Sí, llámenme";
    QTest::newRow("list reply") << "list" << "Plan anual" << none << en << "Plan anual";
    QTest::newRow("unknown language is Spanish") << "image" << "" << none << "pt" << "[imagen]";
    // These reached the model as an empty user message.
    QTest::newRow("sticker") << "sticker" << "" << none << es << "[sticker]";
    QTest::newRow("reaction es") << "reaction" << "" << none << es << "[reacción]";
    QTest::newRow("reaction en") << "reaction" << "" << none << en << "[reaction]";
    QTest::newRow("type added later") << "poll" << "" << none << es << "[poll]";
    QTest::newRow("unsupported es") << "unsupported" << "" << none << es << "[mensaje no compatible]";
    QTest::newRow("unsupported en") << "unsupported" << "" << none << en << "[unsupported message]";
}

void PromptingTest::describeForModel()
{
    QFETCH(QString, contentType);
    QFETCH(QString, content);
    QFETCH(QJsonObject, metadata);
    QFETCH(QString, language);
    QFETCH(QString, expected);

    const Message message = makeMessage(SenderKind::Lead, content, contentType, metadata);
    QCOMPARE(Prospecta::describeForModel(message, language), expected);
}

void PromptingTest::composedRequestMatchesHandBuilt()
{
    ChatRequestInput input;
    input.model = QStringLiteral("gpt-4o");
    input.systemPrompt = QStringLiteral("Eres el agente de IA de Ventas.");
    input.language = QStringLiteral("es");
    input.temperature = 0.0;

    Message welcome = makeMessage(SenderKind::Ai, QStringLiteral("¡Bienvenido! ¿En qué le ayudo?"));
    welcome.agentType = AgentType::Welcome;
    Message human = makeMessage(SenderKind::Human, QStringLiteral("Soy Carla, su asesora."));
    human.userId = 7;
    input.history = {
        makeMessage(SenderKind::Lead, QStringLiteral("Hola"), QStringLiteral("text"), {}, 1),
        welcome,
        makeMessage(SenderKind::System, QStringLiteral("Conversación asignada a Carla")),
        human,
        makeMessage(SenderKind::Lead, QStringLiteral("Este"), QStringLiteral("image"), {}, 5),
    };
    input.newMessages = {
        makeMessage(SenderKind::Lead, QStringLiteral("¿Cuánto cuesta?"), QStringLiteral("text"), {}, 6),
        makeMessage(SenderKind::Lead, QString(), QStringLiteral("location"),
                    {{QStringLiteral("latitude"), -12.1}, {QStringLiteral("longitude"), -77.03}}, 7),
    };

    const QJsonObject expected{
        {QStringLiteral("model"), QStringLiteral("gpt-4o")},
        {QStringLiteral("stream"), false},
        {QStringLiteral("temperature"), 0},
        {QStringLiteral("messages"),
         QJsonArray{
             chatEntry("system", QStringLiteral("Eres el agente de IA de Ventas.")),
             chatEntry("user", QStringLiteral("Hola")),
             chatEntry("assistant", QStringLiteral("¡Bienvenido! ¿En qué le ayudo?")),
             chatEntry("assistant", QStringLiteral("Soy Carla, su asesora.")),
             chatEntry("user", QStringLiteral("[imagen] Este")),
             chatEntry("user", QStringLiteral("¿Cuánto cuesta?")),
             chatEntry("user", QStringLiteral("[ubicación] -12.1, -77.03")),
         }},
    };

    const QJsonObject body = composeChatRequest(input);
    QCOMPARE(QJsonDocument(body).toJson(), QJsonDocument(expected).toJson());
    QCOMPARE(body, expected);
    // Temperature 0 is a setting, not an absent one.
    QVERIFY(body.contains(QLatin1String("temperature")));
    QVERIFY(!body.contains(QLatin1String("max_tokens")));
}

void PromptingTest::composedRequestWithoutOptionalParameters()
{
    ChatRequestInput input;
    input.model = QStringLiteral("o3-mini");
    input.systemPrompt = QStringLiteral("You are the support AI agent.");
    input.language = QStringLiteral("en");
    input.newMessages = {makeMessage(SenderKind::Lead, QString(), QStringLiteral("audio"))};

    const QJsonObject expected{
        {QStringLiteral("model"), QStringLiteral("o3-mini")},
        {QStringLiteral("stream"), false},
        {QStringLiteral("messages"),
         QJsonArray{chatEntry("system", QStringLiteral("You are the support AI agent.")),
                    chatEntry("user", QStringLiteral("[audio]"))}},
    };
    QCOMPARE(composeChatRequest(input), expected);
}

void PromptingTest::composedRequestWithMaxTokens()
{
    ChatRequestInput input;
    input.model = QStringLiteral("gpt-4o");
    input.systemPrompt = QStringLiteral("system");
    input.maxTokens = 300;
    input.temperature = 0.7;

    const QJsonObject body = composeChatRequest(input);
    QCOMPARE(body.value(QLatin1String("max_tokens")), QJsonValue(300));
    QCOMPARE(body.value(QLatin1String("temperature")), QJsonValue(0.7));
    QCOMPARE(body.keys(), QStringList({QStringLiteral("max_tokens"), QStringLiteral("messages"),
                                       QStringLiteral("model"), QStringLiteral("stream"),
                                       QStringLiteral("temperature")}));
}

void PromptingTest::composedRequestSendsEachNewMessageOnce()
{
    // The turn's messages are already stored, so they may also show up in the history
    // window; the model still sees each of them once, at the end.
    ChatRequestInput input;
    input.model = QStringLiteral("gpt-4o");
    input.systemPrompt = QStringLiteral("system");
    const Message first = makeMessage(SenderKind::Lead, QStringLiteral("uno"), QStringLiteral("text"), {}, 10);
    const Message second = makeMessage(SenderKind::Lead, QStringLiteral("dos"), QStringLiteral("text"), {}, 11);
    input.history = {makeMessage(SenderKind::Ai, QStringLiteral("hola"), QStringLiteral("text"), {}, 9), first, second};
    input.newMessages = {first, second, second};

    const QJsonArray expected{
        chatEntry("system", QStringLiteral("system")),
        chatEntry("assistant", QStringLiteral("hola")),
        chatEntry("user", QStringLiteral("uno")),
        chatEntry("user", QStringLiteral("dos")),
    };
    QCOMPARE(composeChatRequest(input).value(QLatin1String("messages")).toArray(), expected);
}

void PromptingTest::splitReplyParts_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<QStringList>("parts");

    QTest::newRow("empty") << QString() << 4096 << QStringList();
    QTest::newRow("only spaces") << QStringLiteral(" \n\t ") << 4096 << QStringList();
    QTest::newRow("short reply is trimmed") << QStringLiteral("  Hola.  ") << 4096
                                            << QStringList{QStringLiteral("Hola.")};
    QTest::newRow("exactly the limit") << QStringLiteral("abcde") << 5 << QStringList{QStringLiteral("abcde")};
    QTest::newRow("at the last sentence that fits")
        << QStringLiteral("Hola. ¿Cómo está? Bien.") << 18
        << QStringList{QStringLiteral("Hola. ¿Cómo está?"), QStringLiteral("Bien.")};
    QTest::newRow("sentence boundary preferred to a later word boundary")
        << QStringLiteral("Uno dos. Tres cuatro cinco.") << 20
        << QStringList{QStringLiteral("Uno dos."), QStringLiteral("Tres cuatro cinco.")};
    QTest::newRow("word boundary inside a long sentence")
        << QStringLiteral("uno dos tres cuatro") << 10
        << QStringList{QStringLiteral("uno dos"), QStringLiteral("tres"), QStringLiteral("cuatro")};
    QTest::newRow("no spaces: grapheme boundary")
        << QStringLiteral("abcdefghij") << 4
        << QStringList{QStringLiteral("abcd"), QStringLiteral("efgh"), QStringLiteral("ij")};
    QTest::newRow("surrogate pair kept whole")
        << QStringLiteral("ab😀cd") << 3
        << QStringList{QStringLiteral("ab"), QStringLiteral("😀"), QStringLiteral("cd")};
    QTest::newRow("skin tone kept with its emoji")
        << QStringLiteral("👍🏽👍🏽") << 5
        << QStringList{QStringLiteral("👍🏽"), QStringLiteral("👍🏽")};
    QTest::newRow("accent kept with its letter")
        << QStringLiteral("cafe\u0301cafe\u0301") << 4
        << QStringList{QStringLiteral("caf"), QStringLiteral("e\u0301ca"), QStringLiteral("fe\u0301")};
    QTest::newRow("limit below a surrogate pair is raised to 2")
        << QStringLiteral("😀😀") << 1 << QStringList{QStringLiteral("😀"), QStringLiteral("😀")};
}

void PromptingTest::splitReplyParts()
{
    QFETCH(QString, reply);
    QFETCH(int, maxLength);
    QFETCH(QStringList, parts);
    QCOMPARE(splitReply(reply, maxLength), parts);
}

void PromptingTest::splitReplyKeepsTextAndClusters_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<int>("minimumParts");

    const QString sentence = QStringLiteral("Nuestro plan incluye instalación y soporte durante un año. ");
    QTest::newRow("10,000 characters of sentences") << repeated(sentence, 10000 / int(sentence.size()) + 1).left(10000)
                                                    << 4096 << 3;
    QTest::newRow("10,000 characters without spaces") << repeated(QStringLiteral("abcdefghij"), 1000) << 4096 << 3;
    QTest::newRow("10,000 characters of words, no sentence end")
        << repeated(QStringLiteral("palabra "), 1250) << 4096 << 3;
    QTest::newRow("emoji only") << repeated(QStringLiteral("😀"), 3000) << 4096 << 2;
    QTest::newRow("skin-tone emoji only") << repeated(QStringLiteral("👍🏽"), 1500) << 4096 << 2;
    // Family: man, ZWJ, woman, ZWJ, girl, ZWJ, boy (11 code units).
    const QString family = QStringLiteral("👨\u200D👩\u200D👧\u200D👦");
    QTest::newRow("ZWJ sequences only") << repeated(family, 500) << 4096 << 2;
    QTest::newRow("ZWJ sequences, small limit") << repeated(family, 5) << 12 << 5;
    QTest::newRow("flags") << repeated(QStringLiteral("🇲🇽🇵🇪🇦🇷"), 400) << 4096 << 2;
    QTest::newRow("mixed text and emoji") << repeated(QStringLiteral("Gracias 🙏🏻 por escribir. "), 500) << 4096 << 3;
    QTest::newRow("one cluster longer than the limit")
        << QStringLiteral("a") + repeated(QStringLiteral("\u0301"), 20) << 8 << 3;
}

void PromptingTest::splitReplyKeepsTextAndClusters()
{
    QFETCH(QString, reply);
    QFETCH(int, maxLength);
    QFETCH(int, minimumParts);

    const QStringList parts = splitReply(reply, maxLength);
    QVERIFY2(parts.size() >= minimumParts, qPrintable(QString::number(parts.size())));

    QStringList joinedClusters;
    for (const QString &part : parts) {
        QVERIFY(!part.isEmpty());
        QCOMPARE(part, part.trimmed());
        QVERIFY2(part.size() <= maxLength, qPrintable(QString::number(part.size())));
        QVERIFY(!part.front().isLowSurrogate());
        QVERIFY(!part.back().isHighSurrogate());
        joinedClusters += visibleGraphemes(part);
    }

    // The parts hold the same grapheme clusters in the same order: nothing lost, nothing
    // cut in two. A cluster longer than the limit is the one case that must be cut.
    QString joined;
    for (const QString &part : parts)
        joined += part;
    QString expected = reply;
    expected.remove(QLatin1Char(' '));
    joined.remove(QLatin1Char(' '));
    QCOMPARE(joined, expected);
    if (QByteArrayView(QTest::currentDataTag()) != "one cluster longer than the limit")
        QCOMPARE(joinedClusters, visibleGraphemes(reply));
}

void PromptingTest::foldForMatching_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("folded");

    QTest::newRow("upper case") << QStringLiteral("BAJA") << QStringLiteral("baja");
    QTest::newRow("accents") << QStringLiteral("ÁÉÍÓÚ áéíóú Ü") << QStringLiteral("aeiou aeiou u");
    QTest::newRow("eñe") << QStringLiteral("Ñandú") << QStringLiteral("nandu");
    QTest::newRow("cedilla") << QStringLiteral("Ça") << QStringLiteral("ca");
    QTest::newRow("already decomposed") << QStringLiteral("Sali\u0301r") << QStringLiteral("salir");
    QTest::newRow("punctuation and emoji kept") << QStringLiteral("¡Alto! 👍🏽") << QStringLiteral("¡alto! 👍🏽");
    QTest::newRow("spaces kept") << QStringLiteral("  Baja ") << QStringLiteral("  baja ");
}

void PromptingTest::foldForMatching()
{
    QFETCH(QString, text);
    QFETCH(QString, folded);
    QCOMPARE(Prospecta::TextFolding::fold(text), folded);
}

void PromptingTest::containsWholeWord_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<bool>("contains");

    QTest::newRow("middle of a sentence") << QStringLiteral("quiero darme de baja ya") << QStringLiteral("baja") << true;
    QTest::newRow("end before punctuation") << QStringLiteral("denme de baja.") << QStringLiteral("baja") << true;
    QTest::newRow("start") << QStringLiteral("stop please") << QStringLiteral("stop") << true;
    QTest::newRow("whole text") << QStringLiteral("salir") << QStringLiteral("salir") << true;
    QTest::newRow("prefix of a longer word") << QStringLiteral("me quiero bajar") << QStringLiteral("baja") << false;
    QTest::newRow("suffix of a longer word") << QStringLiteral("nonstop") << QStringLiteral("stop") << false;
    QTest::newRow("second occurrence is whole") << QStringLiteral("bajar o baja") << QStringLiteral("baja") << true;
    QTest::newRow("with digits") << QStringLiteral("stop2") << QStringLiteral("stop") << false;
    QTest::newRow("next to emoji") << QStringLiteral("baja👍") << QStringLiteral("baja") << true;
    QTest::newRow("absent") << QStringLiteral("hola") << QStringLiteral("baja") << false;
    QTest::newRow("empty keyword") << QStringLiteral("hola") << QString() << false;
    QTest::newRow("several words") << QStringLiteral("quiero mas info por favor") << QStringLiteral("mas info") << true;
}

void PromptingTest::containsWholeWord()
{
    QFETCH(QString, text);
    QFETCH(QString, keyword);
    QFETCH(bool, contains);
    QCOMPARE(Prospecta::TextFolding::containsWholeWord(text, keyword), contains);
}

void PromptingTest::completeSentences_data()
{
    QTest::addColumn<QString>("cut");
    QTest::addColumn<QString>("kept");

    QTest::newRow("cut mid-word") << QStringLiteral("Claro. El plan cuesta 20 dólares. Texto cortado a la mit")
                                  << QStringLiteral("Claro. El plan cuesta 20 dólares.");
    QTest::newRow("question kept") << QStringLiteral("¿Le interesa? Puedo envi") << QStringLiteral("¿Le interesa?");
    QTest::newRow("first sentence unfinished") << QStringLiteral("Texto cortado a la mit") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void PromptingTest::completeSentences()
{
    QFETCH(QString, cut);
    QFETCH(QString, kept);
    QCOMPARE(Prospecta::completeSentences(cut), kept);
}

void PromptingTest::classifyOptKeyword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<OptKeyword>("keyword");

    QTest::newRow("BAJA") << QStringLiteral("BAJA") << OptKeyword::OptOut;
    QTest::newRow("baja with spaces") << QStringLiteral("  baja \n") << OptKeyword::OptOut;
    QTest::newRow("Baja.") << QStringLiteral("Baja.") << OptKeyword::OptOut;
    QTest::newRow("STOP!") << QStringLiteral("STOP!") << OptKeyword::OptOut;
    QTest::newRow("¡Alto!") << QStringLiteral("¡Alto!") << OptKeyword::OptOut;
    QTest::newRow("¿Salir?") << QStringLiteral("¿Salir?") << OptKeyword::OptOut;
    QTest::newRow("accented Salír") << QStringLiteral("Salír") << OptKeyword::OptOut;
    QTest::newRow("Unsubscribe...") << QStringLiteral("Unsubscribe...") << OptKeyword::OptOut;
    QTest::newRow("full-width BAJA") << QStringLiteral("ＢＡＪＡ") << OptKeyword::OptOut;
    QTest::newRow("mathematical bold STOP") << QStringLiteral("𝐒𝐓𝐎𝐏") << OptKeyword::OptOut;
    QTest::newRow("full-width ALTA") << QStringLiteral("ＡＬＴＡ！") << OptKeyword::OptIn;
    QTest::newRow("full-width in a sentence") << QStringLiteral("quiero darme de ｂａｊａ") << OptKeyword::MentionsOptOut;
    QTest::newRow("ALTA") << QStringLiteral("ALTA") << OptKeyword::OptIn;
    QTest::newRow("start.") << QStringLiteral("start.") << OptKeyword::OptIn;
    QTest::newRow("¡Alta!") << QStringLiteral("¡Alta!") << OptKeyword::OptIn;
    QTest::newRow("sentence with baja") << QStringLiteral("quiero darme de baja") << OptKeyword::MentionsOptOut;
    QTest::newRow("stop in English sentence") << QStringLiteral("Please stop texting me") << OptKeyword::MentionsOptOut;
    QTest::newRow("keyword twice") << QStringLiteral("STOP STOP") << OptKeyword::MentionsOptOut;
    QTest::newRow("keyword and emoji") << QStringLiteral("BAJA 👎") << OptKeyword::MentionsOptOut;
    QTest::newRow("bajar") << QStringLiteral("bajar") << OptKeyword::None;
    QTest::newRow("me quiero bajar del grupo") << QStringLiteral("me quiero bajar del grupo") << OptKeyword::None;
    QTest::newRow("salirme") << QStringLiteral("salirme") << OptKeyword::None;
    QTest::newRow("opt-in word in a sentence") << QStringLiteral("busco alta calidad") << OptKeyword::None;
    QTest::newRow("greeting") << QStringLiteral("Hola, buenas tardes") << OptKeyword::None;
    QTest::newRow("empty") << QString() << OptKeyword::None;
    QTest::newRow("punctuation only") << QStringLiteral("?!") << OptKeyword::None;
}

void PromptingTest::classifyOptKeyword()
{
    QFETCH(QString, text);
    QFETCH(OptKeyword, keyword);
    QCOMPARE(Prospecta::classifyOptKeyword(text), keyword);
}

void PromptingTest::confirmations_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("optInWord");
    QTest::addColumn<QString>("optOutWord");

    QTest::newRow("es") << QStringLiteral("es") << QStringLiteral("ALTA") << QStringLiteral("BAJA");
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("START") << QStringLiteral("STOP");
    QTest::newRow("other language falls back to es") << QStringLiteral("pt") << QStringLiteral("ALTA")
                                                      << QStringLiteral("BAJA");
}

void PromptingTest::confirmations()
{
    QFETCH(QString, language);
    QFETCH(QString, optInWord);
    QFETCH(QString, optOutWord);

    // Each confirmation names the keyword that undoes it, in the conversation's language.
    const QString optedOut = optOutConfirmation(language);
    const QString optedIn = optInConfirmation(language);
    QVERIFY(optedOut.contains(optInWord));
    QVERIFY(optedIn.contains(optOutWord));
    QVERIFY(optedOut.size() < 160);
    QVERIFY(optedIn.size() < 160);
}

QTEST_GUILESS_MAIN(PromptingTest)
#include "tst_prompting.moc"
