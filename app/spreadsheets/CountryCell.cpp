// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CountryCell.h"

#include "LeadRowImporter.h"
#include "channels/PhoneNumbers.h"

#include <QHash>
#include <QLocale>

namespace Prospecta::CountryCell {

namespace {

struct CodePair
{
    const char *alpha3;
    const char *alpha2;
};

// ISO 3166-1 alpha-3 codes with their alpha-2 codes, from Debian's iso-codes 4.15.
// QLocale has only the alpha-2 codes.
constexpr CodePair alpha3Codes[] = {
    {"ABW", "AW"}, {"AFG", "AF"}, {"AGO", "AO"}, {"AIA", "AI"}, {"ALA", "AX"}, {"ALB", "AL"}, {"AND", "AD"}, {"ARE", "AE"},
    {"ARG", "AR"}, {"ARM", "AM"}, {"ASM", "AS"}, {"ATA", "AQ"}, {"ATF", "TF"}, {"ATG", "AG"}, {"AUS", "AU"}, {"AUT", "AT"},
    {"AZE", "AZ"}, {"BDI", "BI"}, {"BEL", "BE"}, {"BEN", "BJ"}, {"BES", "BQ"}, {"BFA", "BF"}, {"BGD", "BD"}, {"BGR", "BG"},
    {"BHR", "BH"}, {"BHS", "BS"}, {"BIH", "BA"}, {"BLM", "BL"}, {"BLR", "BY"}, {"BLZ", "BZ"}, {"BMU", "BM"}, {"BOL", "BO"},
    {"BRA", "BR"}, {"BRB", "BB"}, {"BRN", "BN"}, {"BTN", "BT"}, {"BVT", "BV"}, {"BWA", "BW"}, {"CAF", "CF"}, {"CAN", "CA"},
    {"CCK", "CC"}, {"CHE", "CH"}, {"CHL", "CL"}, {"CHN", "CN"}, {"CIV", "CI"}, {"CMR", "CM"}, {"COD", "CD"}, {"COG", "CG"},
    {"COK", "CK"}, {"COL", "CO"}, {"COM", "KM"}, {"CPV", "CV"}, {"CRI", "CR"}, {"CUB", "CU"}, {"CUW", "CW"}, {"CXR", "CX"},
    {"CYM", "KY"}, {"CYP", "CY"}, {"CZE", "CZ"}, {"DEU", "DE"}, {"DJI", "DJ"}, {"DMA", "DM"}, {"DNK", "DK"}, {"DOM", "DO"},
    {"DZA", "DZ"}, {"ECU", "EC"}, {"EGY", "EG"}, {"ERI", "ER"}, {"ESH", "EH"}, {"ESP", "ES"}, {"EST", "EE"}, {"ETH", "ET"},
    {"FIN", "FI"}, {"FJI", "FJ"}, {"FLK", "FK"}, {"FRA", "FR"}, {"FRO", "FO"}, {"FSM", "FM"}, {"GAB", "GA"}, {"GBR", "GB"},
    {"GEO", "GE"}, {"GGY", "GG"}, {"GHA", "GH"}, {"GIB", "GI"}, {"GIN", "GN"}, {"GLP", "GP"}, {"GMB", "GM"}, {"GNB", "GW"},
    {"GNQ", "GQ"}, {"GRC", "GR"}, {"GRD", "GD"}, {"GRL", "GL"}, {"GTM", "GT"}, {"GUF", "GF"}, {"GUM", "GU"}, {"GUY", "GY"},
    {"HKG", "HK"}, {"HMD", "HM"}, {"HND", "HN"}, {"HRV", "HR"}, {"HTI", "HT"}, {"HUN", "HU"}, {"IDN", "ID"}, {"IMN", "IM"},
    {"IND", "IN"}, {"IOT", "IO"}, {"IRL", "IE"}, {"IRN", "IR"}, {"IRQ", "IQ"}, {"ISL", "IS"}, {"ISR", "IL"}, {"ITA", "IT"},
    {"JAM", "JM"}, {"JEY", "JE"}, {"JOR", "JO"}, {"JPN", "JP"}, {"KAZ", "KZ"}, {"KEN", "KE"}, {"KGZ", "KG"}, {"KHM", "KH"},
    {"KIR", "KI"}, {"KNA", "KN"}, {"KOR", "KR"}, {"KWT", "KW"}, {"LAO", "LA"}, {"LBN", "LB"}, {"LBR", "LR"}, {"LBY", "LY"},
    {"LCA", "LC"}, {"LIE", "LI"}, {"LKA", "LK"}, {"LSO", "LS"}, {"LTU", "LT"}, {"LUX", "LU"}, {"LVA", "LV"}, {"MAC", "MO"},
    {"MAF", "MF"}, {"MAR", "MA"}, {"MCO", "MC"}, {"MDA", "MD"}, {"MDG", "MG"}, {"MDV", "MV"}, {"MEX", "MX"}, {"MHL", "MH"},
    {"MKD", "MK"}, {"MLI", "ML"}, {"MLT", "MT"}, {"MMR", "MM"}, {"MNE", "ME"}, {"MNG", "MN"}, {"MNP", "MP"}, {"MOZ", "MZ"},
    {"MRT", "MR"}, {"MSR", "MS"}, {"MTQ", "MQ"}, {"MUS", "MU"}, {"MWI", "MW"}, {"MYS", "MY"}, {"MYT", "YT"}, {"NAM", "NA"},
    {"NCL", "NC"}, {"NER", "NE"}, {"NFK", "NF"}, {"NGA", "NG"}, {"NIC", "NI"}, {"NIU", "NU"}, {"NLD", "NL"}, {"NOR", "NO"},
    {"NPL", "NP"}, {"NRU", "NR"}, {"NZL", "NZ"}, {"OMN", "OM"}, {"PAK", "PK"}, {"PAN", "PA"}, {"PCN", "PN"}, {"PER", "PE"},
    {"PHL", "PH"}, {"PLW", "PW"}, {"PNG", "PG"}, {"POL", "PL"}, {"PRI", "PR"}, {"PRK", "KP"}, {"PRT", "PT"}, {"PRY", "PY"},
    {"PSE", "PS"}, {"PYF", "PF"}, {"QAT", "QA"}, {"REU", "RE"}, {"ROU", "RO"}, {"RUS", "RU"}, {"RWA", "RW"}, {"SAU", "SA"},
    {"SDN", "SD"}, {"SEN", "SN"}, {"SGP", "SG"}, {"SGS", "GS"}, {"SHN", "SH"}, {"SJM", "SJ"}, {"SLB", "SB"}, {"SLE", "SL"},
    {"SLV", "SV"}, {"SMR", "SM"}, {"SOM", "SO"}, {"SPM", "PM"}, {"SRB", "RS"}, {"SSD", "SS"}, {"STP", "ST"}, {"SUR", "SR"},
    {"SVK", "SK"}, {"SVN", "SI"}, {"SWE", "SE"}, {"SWZ", "SZ"}, {"SXM", "SX"}, {"SYC", "SC"}, {"SYR", "SY"}, {"TCA", "TC"},
    {"TCD", "TD"}, {"TGO", "TG"}, {"THA", "TH"}, {"TJK", "TJ"}, {"TKL", "TK"}, {"TKM", "TM"}, {"TLS", "TL"}, {"TON", "TO"},
    {"TTO", "TT"}, {"TUN", "TN"}, {"TUR", "TR"}, {"TUV", "TV"}, {"TWN", "TW"}, {"TZA", "TZ"}, {"UGA", "UG"}, {"UKR", "UA"},
    {"UMI", "UM"}, {"URY", "UY"}, {"USA", "US"}, {"UZB", "UZ"}, {"VAT", "VA"}, {"VCT", "VC"}, {"VEN", "VE"}, {"VGB", "VG"},
    {"VIR", "VI"}, {"VNM", "VN"}, {"VUT", "VU"}, {"WLF", "WF"}, {"WSM", "WS"}, {"YEM", "YE"}, {"ZAF", "ZA"}, {"ZMB", "ZM"},
    {"ZWE", "ZW"},
};

struct SpanishName
{
    const char *name; // UTF-8
    const char *alpha2;
};

// The Spanish names that the native names of QLocale do not give: Haiti's, for example,
// is French, and the United States' is English.
constexpr SpanishName spanishNames[] = {
    {"Argentina", "AR"},         {"Bahamas", "BS"},          {"Barbados", "BB"},
    {"Belice", "BZ"},            {"Bolivia", "BO"},          {"Brasil", "BR"},
    {"Chile", "CL"},             {"Colombia", "CO"},         {"Costa Rica", "CR"},
    {"Cuba", "CU"},              {"Dominica", "DM"},         {"Ecuador", "EC"},
    {"El Salvador", "SV"},       {"España", "ES"},           {"Estados Unidos", "US"},
    {"Estados Unidos de América", "US"}, {"EE. UU.", "US"},  {"EUA", "US"},
    {"Granada", "GD"},           {"Guatemala", "GT"},        {"Guayana Francesa", "GF"},
    {"Guyana", "GY"},            {"Haití", "HT"},            {"Honduras", "HN"},
    {"Jamaica", "JM"},           {"México", "MX"},           {"Nicaragua", "NI"},
    {"Panamá", "PA"},            {"Paraguay", "PY"},         {"Perú", "PE"},
    {"Puerto Rico", "PR"},       {"República Dominicana", "DO"}, {"Surinam", "SR"},
    {"Trinidad y Tobago", "TT"}, {"Uruguay", "UY"},          {"Venezuela", "VE"},
};

bool isAsciiLetters(const QString &text)
{
    for (const QChar c : text) {
        if (!(c >= QLatin1Char('A') && c <= QLatin1Char('Z')) && !(c >= QLatin1Char('a') && c <= QLatin1Char('z')))
            return false;
    }
    return true;
}

// Name keys (ImportCells::matchKey) to alpha-2 regions. The first name given for a key
// wins, so the Spanish table goes first, then English names, then native names.
QHash<QString, QString> buildNames()
{
    QHash<QString, QString> names;
    const auto add = [&names](const QString &name, const QString &region) {
        const QString key = ImportCells::matchKey(name);
        if (!key.isEmpty() && !names.contains(key))
            names.insert(key, region);
    };

    for (const SpanishName &entry : spanishNames)
        add(QString::fromUtf8(entry.name), QString::fromLatin1(entry.alpha2));

    QList<QLocale::Territory> territories;
    for (int value = QLocale::AnyTerritory + 1; value <= QLocale::LastTerritory; ++value)
        territories << QLocale::Territory(value);
    for (const QLocale::Territory territory : std::as_const(territories)) {
        // Regions such as "Latin America" have numeric codes and no phone numbers.
        const QString region = QLocale::territoryToCode(territory);
        if (PhoneNumbers::isSupportedRegion(region))
            add(QLocale::territoryToString(territory), region);
    }
    for (const QLocale::Territory territory : std::as_const(territories)) {
        const QString region = QLocale::territoryToCode(territory);
        if (!PhoneNumbers::isSupportedRegion(region))
            continue;
        const QList<QLocale> locales = QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript, territory);
        for (const QLocale &locale : locales)
            add(locale.nativeTerritoryName(), region);
    }
    return names;
}

} // namespace

std::optional<QString> regionOf(const QString &cell)
{
    const QString text = cell.trimmed();
    if (text.size() == 2 && isAsciiLetters(text)) {
        if (PhoneNumbers::isSupportedRegion(text))
            return text.toUpper();
        return std::nullopt;
    }
    if (text.size() == 3 && isAsciiLetters(text)) {
        const QByteArray code = text.toUpper().toLatin1();
        for (const CodePair &pair : alpha3Codes) {
            if (code == pair.alpha3) {
                const QString region = QString::fromLatin1(pair.alpha2);
                if (PhoneNumbers::isSupportedRegion(region))
                    return region;
                return std::nullopt;
            }
        }
    }

    static const QHash<QString, QString> names = buildNames();
    const auto it = names.constFind(ImportCells::matchKey(text));
    if (it == names.constEnd())
        return std::nullopt;
    return *it;
}

} // namespace Prospecta::CountryCell
