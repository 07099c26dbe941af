// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QTranslator>

namespace Prospecta {

// A language Prospecta's texts can be produced in. English is the source language;
// Process is the process's interface language (the ui.language preference).
enum class TextLanguage { Process, English, Spanish };

// Makes the tr() texts created on the current thread while the scope exists come out in
// `language` instead of the process's language, so that an HTTP response follows its
// request's Accept-Language while the desktop keeps its own language. Scopes nest, and
// the enclosing language returns when a scope ends. It works through ProspectaTranslator,
// so it has no effect in a process that has not installed one.
class TextLanguageScope
{
public:
    explicit TextLanguageScope(TextLanguage language);
    ~TextLanguageScope();
    Q_DISABLE_COPY_MOVE(TextLanguageScope)

    // The language of the innermost scope on this thread, or Process outside every scope.
    static TextLanguage current();

private:
    TextLanguage m_enclosing;
};

// Prospecta's translations from the resources (:/i18n/prospecta_es.qm and
// :/i18n/prospecta_en.qm, the English one for plural forms). Texts come out in the
// language of the current TextLanguageScope, else in the process's language.
class ProspectaTranslator : public QTranslator
{
public:
    // `processLocale` chooses the process's translation; a language without one (French,
    // say) keeps the English source texts.
    explicit ProspectaTranslator(const QLocale &processLocale, QObject *parent = nullptr);

    // Whether the process's language has a translation.
    bool hasProcessTranslation() const { return !m_process.isEmpty(); }

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;
    // Never empty, even for an English process, because a scope may still ask for Spanish.
    bool isEmpty() const override { return false; }

private:
    QTranslator m_process;
    QTranslator m_english;
    QTranslator m_spanish;
};

} // namespace Prospecta
