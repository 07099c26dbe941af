// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileDialogs.h"

#include "core/Logging.h"

#include <QFileDialog>
#include <QStandardPaths>
#include <QStringList>

namespace Prospecta {

namespace {

// GUI thread only, like the dialogs themselves.
QStringList &preparedPaths()
{
    static QStringList paths;
    return paths;
}

} // namespace

QString FileDialogs::saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                                  const QString &filter)
{
    if (!preparedPaths().isEmpty())
        return preparedPaths().takeFirst();
    if (QStandardPaths::isTestModeEnabled()) {
        qCWarning(lcUi) << "File dialog without a prepared answer in test mode, returning no file:" << caption;
        return {};
    }
    return QFileDialog::getSaveFileName(parent, caption, suggestedPath, filter);
}

QString FileDialogs::openFileName(QWidget *parent, const QString &caption, const QString &directory,
                                  const QString &filter)
{
    if (!preparedPaths().isEmpty())
        return preparedPaths().takeFirst();
    if (QStandardPaths::isTestModeEnabled()) {
        qCWarning(lcUi) << "File dialog without a prepared answer in test mode, returning no file:" << caption;
        return {};
    }
    return QFileDialog::getOpenFileName(parent, caption, directory, filter);
}

void FileDialogs::preparePath(const QString &path)
{
    preparedPaths().append(path);
}

} // namespace Prospecta
