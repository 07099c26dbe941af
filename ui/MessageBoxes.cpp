// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageBoxes.h"

#include "core/Logging.h"

#include <QList>
#include <QStandardPaths>

#include <optional>

namespace Prospecta {

namespace {

// GUI thread only, like the dialogs themselves.
struct SeamState
{
    QList<QMessageBox::StandardButton> preparedAnswers;
    int shownCount = 0;
    QString lastText;
};

SeamState &seam()
{
    static SeamState state;
    return state;
}

// Returns the button a test prepared for this dialog. In test mode without one, returns
// the default button, so that a missing preparation fails a check instead of hanging.
std::optional<QMessageBox::StandardButton> takeAnswer(const QString &text,
                                                      QMessageBox::StandardButton defaultButton)
{
    SeamState &state = seam();
    ++state.shownCount;
    state.lastText = text;
    if (!state.preparedAnswers.isEmpty())
        return state.preparedAnswers.takeFirst();
    if (QStandardPaths::isTestModeEnabled()) {
        qCWarning(lcUi) << "Message box without a prepared answer in test mode, returning its default:"
                        << text;
        return defaultButton;
    }
    return std::nullopt;
}

} // namespace

QMessageBox::StandardButton MessageBoxes::question(QWidget *parent, const QString &title,
                                                   const QString &text,
                                                   QMessageBox::StandardButtons buttons,
                                                   QMessageBox::StandardButton defaultButton)
{
    if (const auto answer = takeAnswer(text, defaultButton))
        return *answer;
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void MessageBoxes::critical(QWidget *parent, const QString &title, const QString &text)
{
    if (takeAnswer(text, QMessageBox::Ok))
        return;
    QMessageBox::critical(parent, title, text);
}

void MessageBoxes::warning(QWidget *parent, const QString &title, const QString &text)
{
    if (takeAnswer(text, QMessageBox::Ok))
        return;
    QMessageBox::warning(parent, title, text);
}

void MessageBoxes::prepareAnswer(QMessageBox::StandardButton answer)
{
    seam().preparedAnswers.append(answer);
}

void MessageBoxes::clearPreparedAnswers()
{
    seam() = SeamState{};
}

int MessageBoxes::shownCount()
{
    return seam().shownCount;
}

QString MessageBoxes::lastText()
{
    return seam().lastText;
}

} // namespace Prospecta
