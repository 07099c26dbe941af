// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/DatabaseLocation.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace Prospecta {

// The connection page: where this desktop's data lives, a file on this computer or a
// team's PostgreSQL server. "Test connection" connects on a thread of its own and
// explains in plain words why it failed (PostgresDiagnosis). "Connect" saves the choice as this
// desktop's preference, the password in the operating system's credential store, and
// returns the location for the caller to start on.
class DatabaseConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    // `problem` is why the last start failed; empty when the user opened the page.
    DatabaseConnectionDialog(const DatabaseLocation &current, const QString &problem, QWidget *parent = nullptr);
    ~DatabaseConnectionDialog() override;

    // The location the form describes, or nullopt (with the field marked) when it is
    // incomplete. The typed password travels in DatabaseLocation::password.
    std::optional<DatabaseLocation> location();

    // Connects to location() off the GUI thread and shows the outcome.
    void testConnection();
    bool testRunning() const { return m_testRunning; }

    // The outcome shown by the last test, or the last refusal of the form.
    QString statusText() const;

    // The preference key of the saved choice (DesktopPreferences).
    static QString preferenceKey();

    // Shows the page after a failed start. Returns the location the user chose, or nullopt
    // when the user chose to quit.
    static std::optional<DatabaseLocation> askAfterFailure(const DatabaseLocation &current, const QString &problem);

signals:
    void testFinished(bool connected);

protected:
    void accept() override;

private:
    void buildLayout(const QString &problem);
    void showLocation(const DatabaseLocation &location);
    void updateMode();
    void showStatus(const QString &text, bool problem);
    void finishTest(int testId, bool connected, const QString &text);

    QRadioButton *m_fileMode = nullptr;
    QRadioButton *m_serverMode = nullptr;
    QLineEdit *m_filePath = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QComboBox *m_tls = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_connectButton = nullptr;
    QMap<QString, QString> m_otherOptions; // libpq parameters the form has no field for
    bool m_testRunning = false;
    int m_testId = 0;
};

} // namespace Prospecta
