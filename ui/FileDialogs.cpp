// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileDialogs.h"

#include "core/Logging.h"

#include <QFileDialog>
#include <QStandardPaths>
#include <QStringList>

#include <functional>

namespace Prospecta {

namespace {

// GUI thread only, like the dialogs themselves.
QStringList &preparedPaths()
{
    static QStringList paths;
    return paths;
}

// A prepared answer when a test gave one; no file in test mode otherwise, so a test never
// blocks on a real dialog; else `ask` shows the dialog.
QString answer(const QString &caption, const std::function<QString()> &ask)
{
    if (!preparedPaths().isEmpty())
        return preparedPaths().takeFirst();
    if (QStandardPaths::isTestModeEnabled()) {
        qCWarning(lcUi) << "File dialog without a prepared answer in test mode, returning no file:" << caption;
        return {};
    }
    return ask();
}

} // namespace

QString FileDialogs::saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                                  const QString &filter)
{
    return answer(caption, [&] { return QFileDialog::getSaveFileName(parent, caption, suggestedPath, filter); });
}

QString FileDialogs::openFileName(QWidget *parent, const QString &caption, const QString &directory,
                                  const QString &filter)
{
    return answer(caption, [&] { return QFileDialog::getOpenFileName(parent, caption, directory, filter); });
}

void FileDialogs::preparePath(const QString &path)
{
    preparedPaths().append(path);
}

} // namespace Prospecta
