// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <initializer_list>

class QLabel;
class QLineEdit;
class QWidget;

// Widgets and states that the account forms share (first run, login, user form). The
// texts stay with each dialog, so their translations keep the dialog's context.
namespace Prospecta::FormWidgets {

// Creates the hidden, red, plain-text label named "errorLabel" that shows why the last
// submission failed.
QLabel *createErrorLabel(QWidget *parent);
void showError(QLabel *errorLabel, const QString &message);
// Returns the error shown, or an empty string while the label is hidden.
QString shownError(const QLabel *errorLabel);

QLineEdit *createPasswordEdit(QWidget *parent, const QString &objectName);

// Returns true when both fields hold the same password. Otherwise shows `mismatchMessage`,
// clears `repeat` and gives it the focus, so that only the repetition is typed again.
bool checkRepeatedPassword(QLineEdit *password, QLineEdit *repeat, QLabel *errorLabel, const QString &mismatchMessage);

// Enables or disables each widget. Null entries are fields that a form does not have.
void setEnabled(std::initializer_list<QWidget *> widgets, bool enabled);

} // namespace Prospecta::FormWidgets
