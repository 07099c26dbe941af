// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMessageBox>
#include <QString>

class QWidget;

namespace Prospecta {

// The message boxes the app shows, behind a seam a test can pre-answer: a modal dialog
// in an offscreen test would wait forever for a click.
class MessageBoxes
{
public:
    // A modal question; returns the button the user chose.
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title,
                                                const QString &text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton);

    // A modal error with an OK button.
    static void critical(QWidget *parent, const QString &title, const QString &text);

    // A modal warning with an OK button.
    static void warning(QWidget *parent, const QString &title, const QString &text);

    // Tests: the next dialog is not shown and returns `answer`. Answers are used first
    // in, first out. Under QStandardPaths test mode, a dialog without a prepared answer
    // is not shown either: it returns its default button and logs a warning.
    static void prepareAnswer(QMessageBox::StandardButton answer);
    static void clearPreparedAnswers();

    // Tests: how many dialogs were requested, and the text of the last one.
    static int shownCount();
    static QString lastText();
};

} // namespace Prospecta
