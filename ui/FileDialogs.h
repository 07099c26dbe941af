// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace Prospecta {

// The file dialogs the app shows, behind a seam a test can pre-answer, like MessageBoxes.
class FileDialogs
{
public:
    // A modal "save as" dialog; returns the chosen path, or an empty string when the user
    // cancelled.
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                                const QString &filter);

    // A modal "open" dialog for an existing file; returns its path, or an empty string
    // when the user cancelled. Prepared paths answer it as they answer saveFileName().
    static QString openFileName(QWidget *parent, const QString &caption, const QString &directory,
                                const QString &filter);

    // Tests: the next dialog is not shown and returns `path` (empty for "cancelled").
    // Under QStandardPaths test mode, a dialog without a prepared answer returns an empty
    // string and logs a warning.
    static void preparePath(const QString &path);
};

} // namespace Prospecta
