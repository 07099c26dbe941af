// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextLanguage.h"

#include "Logging.h"

namespace Prospecta {

namespace {

thread_local TextLanguage currentLanguage = TextLanguage::Process;

const QString resourceFolder = QStringLiteral(":/i18n");

} // namespace

TextLanguageScope::TextLanguageScope(TextLanguage language)
    : m_enclosing(currentLanguage)
{
    currentLanguage = language;
}

TextLanguageScope::~TextLanguageScope()
{
    currentLanguage = m_enclosing;
}

TextLanguage TextLanguageScope::current()
{
    return currentLanguage;
}

ProspectaTranslator::ProspectaTranslator(const QLocale &processLocale, QObject *parent)
    : QTranslator(parent)
{
    if (!m_process.load(processLocale, QStringLiteral("prospecta"), QStringLiteral("_"), resourceFolder))
        qCDebug(lcRuntime) << "No Prospecta translation for" << processLocale.name();
    for (auto [translator, name] : {std::pair{&m_english, "prospecta_en.qm"}, std::pair{&m_spanish, "prospecta_es.qm"}}) {
        const QString path = resourceFolder + QLatin1Char('/') + QLatin1String(name);
        if (!translator->load(path))
            qCWarning(lcRuntime) << "Cannot load the translation" << path;
    }
}

QString ProspectaTranslator::translate(const char *context, const char *sourceText, const char *disambiguation,
                                       int n) const
{
    const QTranslator *catalog = &m_process;
    switch (TextLanguageScope::current()) {
    case TextLanguage::Process:
        break;
    case TextLanguage::English:
        catalog = &m_english;
        break;
    case TextLanguage::Spanish:
        catalog = &m_spanish;
        break;
    }
    // A null result lets QCoreApplication::translate() fall back to the source text.
    return catalog->translate(context, sourceText, disambiguation, n);
}

} // namespace Prospecta
