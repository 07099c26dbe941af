// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "channels/PhoneNumbers.h"

#include <QHash>
#include <QTest>
#include <QTranslator>

using namespace Prospecta;

namespace {

const char *const Context = "Prospecta::PhoneNumbers";

// Spanish for PhoneNumbers' texts, as the Spanish translation is to give them. It checks
// that every text goes through the translator in PhoneNumbers' context, whether or not
// the built prospecta_es.qm has these entries yet.
class SpanishPhoneTexts : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override
    {
        Q_UNUSED(disambiguation)
        Q_UNUSED(n)
        if (qstrcmp(context, Context) != 0)
            return {};
        static const QHash<QByteArray, QString> spanish{
            {"invalid phone number %1: %2", QStringLiteral("número de teléfono no válido %1: %2")},
            {"invalid WhatsApp id %1: %2", QStringLiteral("id de WhatsApp no válido %1: %2")},
            {"expected digits only", QStringLiteral("solo se aceptan dígitos")},
            {"%1 for region %2", QStringLiteral("%1 para la región %2")},
            {"phone number is empty", QStringLiteral("el número de teléfono está vacío")},
            {"cannot parse phone number %1: unknown region %2, expected an ISO 3166 alpha-2 code such as MX or PE",
             QStringLiteral("no se puede leer el número de teléfono %1: región desconocida %2; se esperaba un "
                            "código ISO 3166 alfa-2, como MX o PE")},
            {"invalid country code", QStringLiteral("código de país no válido")},
            {"not a number", QStringLiteral("no es un número")},
            {"too short", QStringLiteral("demasiado corto")},
            {"too long", QStringLiteral("demasiado largo")},
            {"invalid length", QStringLiteral("longitud no válida")},
            {"local number without an area code", QStringLiteral("número local sin código de área")},
            {"no such number range in the numbering plan",
             QStringLiteral("el plan de numeración no tiene ese rango de números")},
        };
        return spanish.value(QByteArray(sourceText));
    }

    bool isEmpty() const override { return false; }
};

} // namespace

class TestPhoneNumbers : public QObject
{
    Q_OBJECT

private slots:
    void providerIdNormalized_data();
    void providerIdNormalized();
    void providerIdRejected_data();
    void providerIdRejected();
    void typedNumberNormalized_data();
    void typedNumberNormalized();
    void typedNumberRejected_data();
    void typedNumberRejected();
    void typedReasonFollowsTranslator_data();
    void typedReasonFollowsTranslator();
    void providerIdReasonStaysEnglish();
    void providerIdReasonTranslatedOnRequest_data();
    void providerIdReasonTranslatedOnRequest();
    void spanishTranslationHasReasons_data();
    void spanishTranslationHasReasons();
    void phoneKey_data();
    void phoneKey();
    void supportedRegion_data();
    void supportedRegion();
};

void TestPhoneNumbers::providerIdNormalized_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("e164");
    QTest::addColumn<QString>("phoneKey");
    QTest::addColumn<QString>("country");

    // WhatsApp reports Mexican mobiles with the abolished 1; libphonenumber drops it.
    QTest::newRow("Mexico 521 mobile")
            << QStringLiteral("5215512340000") << QStringLiteral("+525512340000")
            << QStringLiteral("+525512340000") << QStringLiteral("MX");
    QTest::newRow("Mexico without the 1")
            << QStringLiteral("525512340000") << QStringLiteral("+525512340000")
            << QStringLiteral("+525512340000") << QStringLiteral("MX");
    // Argentina keeps the mobile 9 in E.164; only the identity key drops it.
    QTest::newRow("Argentina 549 mobile")
            << QStringLiteral("5491155550000") << QStringLiteral("+5491155550000")
            << QStringLiteral("+541155550000") << QStringLiteral("AR");
    QTest::newRow("Peru mobile")
            << QStringLiteral("51999000111") << QStringLiteral("+51999000111")
            << QStringLiteral("+51999000111") << QStringLiteral("PE");
    QTest::newRow("Peru business number")
            << QStringLiteral("51940000999") << QStringLiteral("+51940000999")
            << QStringLiteral("+51940000999") << QStringLiteral("PE");
}

void TestPhoneNumbers::providerIdNormalized()
{
    QFETCH(QString, providerId);
    QFETCH(QString, e164);
    QFETCH(QString, phoneKey);
    QFETCH(QString, country);

    const Result<PhoneIdentity> result = PhoneNumbers::fromProviderId(providerId);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->e164, e164);
    QCOMPARE(result->phoneKey, phoneKey);
    QCOMPARE(result->country, country);
}

void TestPhoneNumbers::providerIdRejected_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QString()
                           << QStringLiteral("invalid WhatsApp id \"\": expected digits only");
    QTest::newRow("sandbox placeholder")
            << QStringLiteral("callbackSetPhone")
            << QStringLiteral("invalid WhatsApp id \"callbackSetPhone\": expected digits only");
    QTest::newRow("with plus")
            << QStringLiteral("+51999000111")
            << QStringLiteral("invalid WhatsApp id \"+51999000111\": expected digits only");
    QTest::newRow("with spaces")
            << QStringLiteral("51 999 000 111")
            << QStringLiteral("invalid WhatsApp id \"51 999 000 111\": expected digits only");
    QTest::newRow("Arabic-Indic digits")
            << QString::fromUtf8("٥١٩٩٩٠٠٠١١١")
            << QString::fromUtf8("invalid WhatsApp id \"٥١٩٩٩٠٠٠١١١\": expected digits only");
    QTest::newRow("unknown country code")
            << QStringLiteral("999123456789")
            << QStringLiteral("invalid WhatsApp id \"999123456789\": invalid country code");
    QTest::newRow("too short for Peru")
            << QStringLiteral("5112")
            << QStringLiteral("invalid WhatsApp id \"5112\": too short");
    QTest::newRow("too long")
            << QStringLiteral("51999000111222333444")
            << QStringLiteral("invalid WhatsApp id \"51999000111222333444\": too long");
}

void TestPhoneNumbers::providerIdRejected()
{
    QFETCH(QString, providerId);
    QFETCH(QString, message);

    const Result<PhoneIdentity> result = PhoneNumbers::fromProviderId(providerId);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(result.error().message, message);
}

void TestPhoneNumbers::typedNumberNormalized_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("e164");
    QTest::addColumn<QString>("phoneKey");
    QTest::addColumn<QString>("country");

    QTest::newRow("Mexico national")
            << QStringLiteral("55 1234 5678") << QStringLiteral("MX") << QStringLiteral("+525512345678")
            << QStringLiteral("+525512345678") << QStringLiteral("MX");
    QTest::newRow("Mexico international with the old 1")
            << QStringLiteral("+52 1 55 1234 5678") << QStringLiteral("PE")
            << QStringLiteral("+525512345678") << QStringLiteral("+525512345678") << QStringLiteral("MX");
    QTest::newRow("Argentina international mobile")
            << QStringLiteral("+54 9 11 1234-5678") << QStringLiteral("AR")
            << QStringLiteral("+5491112345678") << QStringLiteral("+541112345678") << QStringLiteral("AR");
    QTest::newRow("Argentina domestic mobile with 15")
            << QStringLiteral("011 15 1234-5678") << QStringLiteral("AR")
            << QStringLiteral("+5491112345678") << QStringLiteral("+541112345678") << QStringLiteral("AR");
    QTest::newRow("Argentina fixed line")
            << QStringLiteral("011 5555-0000") << QStringLiteral("AR")
            << QStringLiteral("+541155550000") << QStringLiteral("+541155550000") << QStringLiteral("AR");
    QTest::newRow("Peru domestic mobile with trunk 0")
            << QStringLiteral("0991234567") << QStringLiteral("PE") << QStringLiteral("+51991234567")
            << QStringLiteral("+51991234567") << QStringLiteral("PE");
    QTest::newRow("Peru mobile without trunk 0")
            << QStringLiteral("999 000 111") << QStringLiteral("PE") << QStringLiteral("+51999000111")
            << QStringLiteral("+51999000111") << QStringLiteral("PE");
    QTest::newRow("international ignores the region")
            << QStringLiteral("+51 999 000 111") << QStringLiteral("MX")
            << QStringLiteral("+51999000111") << QStringLiteral("+51999000111") << QStringLiteral("PE");
    QTest::newRow("international without a region")
            << QStringLiteral("+51 999 000 111") << QString()
            << QStringLiteral("+51999000111") << QStringLiteral("+51999000111") << QStringLiteral("PE");
    QTest::newRow("lower-case region and surrounding spaces")
            << QStringLiteral("  55 1234 5678 ") << QStringLiteral("mx") << QStringLiteral("+525512345678")
            << QStringLiteral("+525512345678") << QStringLiteral("MX");
    QTest::newRow("punctuation")
            << QStringLiteral("(55) 1234-5678") << QStringLiteral("MX") << QStringLiteral("+525512345678")
            << QStringLiteral("+525512345678") << QStringLiteral("MX");
}

void TestPhoneNumbers::typedNumberNormalized()
{
    QFETCH(QString, text);
    QFETCH(QString, region);
    QFETCH(QString, e164);
    QFETCH(QString, phoneKey);
    QFETCH(QString, country);

    const Result<PhoneIdentity> result = PhoneNumbers::fromTyped(text, region);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result->e164, e164);
    QCOMPARE(result->phoneKey, phoneKey);
    QCOMPARE(result->country, country);
}

void TestPhoneNumbers::typedNumberRejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("message");

    QTest::newRow("too short")
            << QStringLiteral("12345") << QStringLiteral("PE")
            << QStringLiteral("invalid phone number \"12345\" for region PE: too short");
    QTest::newRow("too long")
            << QStringLiteral("99912345678901234") << QStringLiteral("PE")
            << QStringLiteral("invalid phone number \"99912345678901234\" for region PE: too long");
    QTest::newRow("letters")
            << QStringLiteral("call me") << QStringLiteral("MX")
            << QStringLiteral("invalid phone number \"call me\" for region MX: not a number");
    QTest::newRow("unknown country code")
            << QStringLiteral("+999 1234 5678") << QStringLiteral("MX")
            << QStringLiteral("invalid phone number \"+999 1234 5678\": invalid country code");
    QTest::newRow("valid length, no such range")
            << QStringLiteral("+52 0000 0000 00") << QStringLiteral("MX")
            << QStringLiteral("invalid phone number \"+52 0000 0000 00\": "
                              "no such number range in the numbering plan");
    QTest::newRow("empty")
            << QStringLiteral("   ") << QStringLiteral("PE") << QStringLiteral("phone number is empty");
    QTest::newRow("unknown region")
            << QStringLiteral("999 000 111") << QStringLiteral("XX")
            << QStringLiteral("cannot parse phone number \"999 000 111\": unknown region \"XX\", "
                              "expected an ISO 3166 alpha-2 code such as MX or PE");
    QTest::newRow("no region for a national number")
            << QStringLiteral("999 000 111") << QString()
            << QStringLiteral("cannot parse phone number \"999 000 111\": unknown region \"\", "
                              "expected an ISO 3166 alpha-2 code such as MX or PE");
}

void TestPhoneNumbers::typedNumberRejected()
{
    QFETCH(QString, text);
    QFETCH(QString, region);
    QFETCH(QString, message);

    const Result<PhoneIdentity> result = PhoneNumbers::fromTyped(text, region);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(result.error().message, message);
}

void TestPhoneNumbers::typedReasonFollowsTranslator_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("spanish");

    QTest::newRow("too short")
            << QStringLiteral("12345") << QStringLiteral("PE")
            << QStringLiteral("número de teléfono no válido \"12345\" para la región PE: demasiado corto");
    QTest::newRow("too long")
            << QStringLiteral("99912345678901234") << QStringLiteral("PE")
            << QStringLiteral("número de teléfono no válido \"99912345678901234\" para la región PE: demasiado largo");
    QTest::newRow("longer than any number")
            << QStringLiteral("+51 ") + QString(70, QLatin1Char('9')) << QStringLiteral("PE")
            << QStringLiteral("número de teléfono no válido \"+51 %1…\": demasiado largo").arg(QString(60, QLatin1Char('9')));
    QTest::newRow("letters")
            << QStringLiteral("call me") << QStringLiteral("MX")
            << QStringLiteral("número de teléfono no válido \"call me\" para la región MX: no es un número");
    QTest::newRow("unknown country code")
            << QStringLiteral("+999 1234 5678") << QStringLiteral("MX")
            << QStringLiteral("número de teléfono no válido \"+999 1234 5678\": código de país no válido");
    QTest::newRow("valid length, no such range")
            << QStringLiteral("+52 0000 0000 00") << QStringLiteral("MX")
            << QStringLiteral("número de teléfono no válido \"+52 0000 0000 00\": "
                              "el plan de numeración no tiene ese rango de números");
    QTest::newRow("empty")
            << QStringLiteral("   ") << QStringLiteral("PE") << QStringLiteral("el número de teléfono está vacío");
    QTest::newRow("unknown region")
            << QStringLiteral("999 000 111") << QStringLiteral("XX")
            << QStringLiteral("no se puede leer el número de teléfono \"999 000 111\": región desconocida \"XX\"; "
                              "se esperaba un código ISO 3166 alfa-2, como MX o PE");
}

void TestPhoneNumbers::typedReasonFollowsTranslator()
{
    QFETCH(QString, text);
    QFETCH(QString, region);
    QFETCH(QString, spanish);

    SpanishPhoneTexts translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const Result<PhoneIdentity> translated = PhoneNumbers::fromTyped(text, region);
    QVERIFY(QCoreApplication::removeTranslator(&translator));
    // Without the translator the same number is rejected in English again.
    const Result<PhoneIdentity> english = PhoneNumbers::fromTyped(text, region);

    QVERIFY(!translated.ok());
    QCOMPARE(translated.error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(translated.error().message, spanish);
    QVERIFY(!english.ok());
    QVERIFY2(english.error().message != spanish, qPrintable(english.error().message));
}

void TestPhoneNumbers::providerIdReasonStaysEnglish()
{
    SpanishPhoneTexts translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const Result<PhoneIdentity> result = PhoneNumbers::fromProviderId(QStringLiteral("5112"));
    QVERIFY(QCoreApplication::removeTranslator(&translator));

    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, QStringLiteral("invalid WhatsApp id \"5112\": too short"));
}

void TestPhoneNumbers::providerIdReasonTranslatedOnRequest_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("spanish");

    QTest::newRow("not digits") << QStringLiteral("abc")
                                << QStringLiteral("id de WhatsApp no válido \"abc\": solo se aceptan dígitos");
    QTest::newRow("too long") << QString(65, QLatin1Char('5'))
                              << QStringLiteral("id de WhatsApp no válido \"%1…\": demasiado largo")
                                     .arg(QString(64, QLatin1Char('5')));
    QTest::newRow("too short") << QStringLiteral("5112")
                               << QStringLiteral("id de WhatsApp no válido \"5112\": demasiado corto");
}

// The webhook routes respond to a provider in the request's language, so they request
// the translated message.
void TestPhoneNumbers::providerIdReasonTranslatedOnRequest()
{
    QFETCH(QString, providerId);
    QFETCH(QString, spanish);

    SpanishPhoneTexts translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const Result<PhoneIdentity> result = PhoneNumbers::fromProviderId(providerId, PhoneNumbers::ErrorText::Translated);
    QVERIFY(QCoreApplication::removeTranslator(&translator));

    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(result.error().message, spanish);
}

void TestPhoneNumbers::spanishTranslationHasReasons_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QByteArray>("reason");

    QTest::newRow("too short") << QStringLiteral("12345") << QStringLiteral("PE") << QByteArray("too short");
    QTest::newRow("not a number") << QStringLiteral("call me") << QStringLiteral("MX") << QByteArray("not a number");
    QTest::newRow("invalid country code")
            << QStringLiteral("+999 1234 5678") << QStringLiteral("MX") << QByteArray("invalid country code");
    QTest::newRow("no such range") << QStringLiteral("+52 0000 0000 00") << QStringLiteral("MX")
                                   << QByteArray("no such number range in the numbering plan");
}

// The Spanish translation the executables embed, as a Spanish desktop loads it.
void TestPhoneNumbers::spanishTranslationHasReasons()
{
    QFETCH(QString, text);
    QFETCH(QString, region);
    QFETCH(QByteArray, reason);

    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/prospecta_es.qm")));
    const QString spanishReason = translator.translate(Context, reason.constData());
    const QString spanishMessage = translator.translate(Context, "invalid phone number %1: %2");
    // The translations_complete test fails while prospecta_es.ts lacks them, so a skip
    // here lasts until the .ts file is updated and translated.
    if (spanishReason.isEmpty() || spanishMessage.isEmpty())
        QSKIP("prospecta_es.ts has no Spanish for this phone reason yet; run update_translations and translate it");

    QVERIFY(QCoreApplication::installTranslator(&translator));
    const Result<PhoneIdentity> result = PhoneNumbers::fromTyped(text, region);
    QVERIFY(QCoreApplication::removeTranslator(&translator));
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.endsWith(QStringLiteral(": ") + spanishReason), qPrintable(result.error().message));
    QVERIFY2(!result.error().message.contains(QString::fromLatin1(reason)), qPrintable(result.error().message));
}

void TestPhoneNumbers::phoneKey_data()
{
    QTest::addColumn<QString>("e164");
    QTest::addColumn<QString>("phoneKey");

    QTest::newRow("Argentina mobile drops the 9")
            << QStringLiteral("+5491155550000") << QStringLiteral("+541155550000");
    QTest::newRow("Argentina fixed line unchanged")
            << QStringLiteral("+541155550000") << QStringLiteral("+541155550000");
    QTest::newRow("Mexico old mobile drops the 1")
            << QStringLiteral("+5215512340000") << QStringLiteral("+525512340000");
    QTest::newRow("Mexico current form unchanged")
            << QStringLiteral("+525512340000") << QStringLiteral("+525512340000");
    QTest::newRow("Peru unchanged") << QStringLiteral("+51999000111") << QStringLiteral("+51999000111");
    QTest::newRow("Peru number starting 549 unchanged")
            << QStringLiteral("+51549000111") << QStringLiteral("+51549000111");
}

void TestPhoneNumbers::phoneKey()
{
    QFETCH(QString, e164);
    QFETCH(QString, phoneKey);

    QCOMPARE(PhoneNumbers::phoneKeyFor(e164), phoneKey);
}

void TestPhoneNumbers::supportedRegion_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<bool>("supported");

    QTest::newRow("MX") << QStringLiteral("MX") << true;
    QTest::newRow("PE") << QStringLiteral("PE") << true;
    QTest::newRow("AR") << QStringLiteral("AR") << true;
    QTest::newRow("lower case") << QStringLiteral("pe") << true;
    QTest::newRow("unknown") << QStringLiteral("XX") << false;
    QTest::newRow("alpha-3") << QStringLiteral("MEX") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("non-geographic ZZ") << QStringLiteral("ZZ") << false;
}

void TestPhoneNumbers::supportedRegion()
{
    QFETCH(QString, region);
    QFETCH(bool, supported);

    QCOMPARE(PhoneNumbers::isSupportedRegion(region), supported);
}

QTEST_GUILESS_MAIN(TestPhoneNumbers)
#include "tst_phonenumbers.moc"
