// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "FormWidgets.h"

#include <QLabel>
#include <QLineEdit>

namespace Prospecta::FormWidgets {

QLabel *createErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("errorLabel"));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    label->hide();
    return label;
}

void showError(QLabel *errorLabel, const QString &message)
{
    errorLabel->setText(message);
    errorLabel->show();
}

QString shownError(const QLabel *errorLabel)
{
    return errorLabel->isHidden() ? QString() : errorLabel->text();
}

QLineEdit *createPasswordEdit(QWidget *parent, const QString &objectName)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    return edit;
}

bool checkRepeatedPassword(QLineEdit *password, QLineEdit *repeat, QLabel *errorLabel, const QString &mismatchMessage)
{
    if (password->text() == repeat->text())
        return true;
    showError(errorLabel, mismatchMessage);
    repeat->clear();
    repeat->setFocus();
    return false;
}

void setEnabled(std::initializer_list<QWidget *> widgets, bool enabled)
{
    for (QWidget *widget : widgets) {
        if (widget)
            widget->setEnabled(enabled);
    }
}

} // namespace Prospecta::FormWidgets
