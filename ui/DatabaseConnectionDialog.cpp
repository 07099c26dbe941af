// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatabaseConnectionDialog.h"

#include "FormWidgets.h"
#include "MessageBoxes.h"
#include "core/Logging.h"
#include "security/CredentialStore.h"
#include "storage/Database.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QThreadPool>
#include <QUuid>
#include <QVBoxLayout>

namespace Prospecta {

namespace {

const QString TlsOption = QStringLiteral("sslmode");

struct TestOutcome
{
    bool connected = false;
    QString text;
};

// Runs on a pool thread: a connection of its own, closed before returning.
TestOutcome tryConnection(const DatabaseLocation &location)
{
    Database database;
    const QString name = QStringLiteral("connection-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (const Status opened = database.open(location, name); !opened)
        return {false, opened.error().message};

    auto version = database.scalar(QStringLiteral("SELECT current_setting('server_version')"));
    auto schema = Migrations::currentVersion(database);
    const QString serverVersion = version ? version->toString() : QString();
    if (!schema)
        return {false, schema.error().message};
    if (*schema > Migrations::latestVersion())
        return {false, DatabaseConnectionDialog::tr("Connected, but this database was written by a newer Prospecta "
                                                    "(schema %1). Update Prospecta on this computer first.")
                           .arg(*schema)};
    if (*schema == 0)
        return {true, DatabaseConnectionDialog::tr("Connected to PostgreSQL %1. The database is empty: Prospecta "
                                                   "creates its tables when it starts.")
                          .arg(serverVersion)};
    return {true, DatabaseConnectionDialog::tr("Connected to PostgreSQL %1. The database already contains Prospecta's "
                                               "data.")
                      .arg(serverVersion)};
}

} // namespace

DatabaseConnectionDialog::DatabaseConnectionDialog(const DatabaseLocation &current, const QString &problem,
                                                   QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Database connection"));
    buildLayout(problem);
    showLocation(current);
    updateMode();
}

DatabaseConnectionDialog::~DatabaseConnectionDialog() = default;

QString DatabaseConnectionDialog::preferenceKey()
{
    return QStringLiteral("database");
}

void DatabaseConnectionDialog::buildLayout(const QString &problem)
{
    auto *layout = new QVBoxLayout(this);

    if (!problem.isEmpty()) {
        auto *problemLabel = new QLabel(problem, this);
        problemLabel->setObjectName(QStringLiteral("problemLabel"));
        problemLabel->setWordWrap(true);
        problemLabel->setTextFormat(Qt::PlainText);
        problemLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
        layout->addWidget(problemLabel);
    }

    m_fileMode = new QRadioButton(tr("&Only this computer (a database file)"), this);
    m_fileMode->setObjectName(QStringLiteral("fileMode"));
    m_filePath = new QLineEdit(this);
    m_filePath->setObjectName(QStringLiteral("filePath"));
    auto *fileForm = new QFormLayout;
    fileForm->addRow(tr("&File:"), m_filePath);

    m_serverMode = new QRadioButton(tr("A &team server (PostgreSQL)"), this);
    m_serverMode->setObjectName(QStringLiteral("serverMode"));
    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setPlaceholderText(tr("db.example.com or 192.168.1.20"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_database = new QLineEdit(this);
    m_database->setObjectName(QStringLiteral("database"));
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("user"));
    m_password = FormWidgets::createPasswordEdit(this, QStringLiteral("password"));
    m_password->setPlaceholderText(tr("Leave empty to use ~/.pgpass or the saved password"));
    m_tls = new QComboBox(this);
    m_tls->setObjectName(QStringLiteral("tls"));
    // Empty: Database adds sslmode=require for any host that is not this computer.
    m_tls->addItem(tr("Required for other computers (recommended)"), QString());
    m_tls->addItem(tr("Required, with the server's certificate checked"), QStringLiteral("verify-full"));
    m_tls->addItem(tr("Off (only on a network you trust)"), QStringLiteral("disable"));

    auto *serverForm = new QFormLayout;
    serverForm->addRow(tr("&Server:"), m_host);
    serverForm->addRow(tr("&Port:"), m_port);
    serverForm->addRow(tr("&Database:"), m_database);
    serverForm->addRow(tr("&User:"), m_user);
    serverForm->addRow(tr("Pass&word:"), m_password);
    serverForm->addRow(tr("&Encryption (TLS):"), m_tls);

    layout->addWidget(m_fileMode);
    layout->addLayout(fileForm);
    layout->addWidget(m_serverMode);
    layout->addLayout(serverForm);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_testButton = buttons->addButton(tr("&Test connection"), QDialogButtonBox::ActionRole);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);

    connect(m_testButton, &QPushButton::clicked, this, &DatabaseConnectionDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &DatabaseConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &DatabaseConnectionDialog::reject);
    connect(m_fileMode, &QRadioButton::toggled, this, &DatabaseConnectionDialog::updateMode);
}

void DatabaseConnectionDialog::showLocation(const DatabaseLocation &location)
{
    m_filePath->setText(QDir::toNativeSeparators(location.engine == SqlEngine::Sqlite ? location.filePath
                                                                                      : DatabaseLocation::defaultFilePath()));
    if (location.engine == SqlEngine::Sqlite) {
        m_fileMode->setChecked(true);
        return;
    }
    m_serverMode->setChecked(true);
    m_host->setText(location.host);
    m_port->setValue(location.port);
    m_database->setText(location.databaseName);
    m_user->setText(location.userName);
    m_otherOptions = location.options;
    const int tlsIndex = m_tls->findData(m_otherOptions.take(TlsOption));
    // A mode the form does not offer (prefer, verify-ca …) stays as it was.
    if (tlsIndex < 0 && location.options.contains(TlsOption))
        m_otherOptions.insert(TlsOption, location.options.value(TlsOption));
    m_tls->setCurrentIndex(qMax(0, tlsIndex));
}

void DatabaseConnectionDialog::updateMode()
{
    const bool server = m_serverMode->isChecked();
    m_filePath->setEnabled(!server);
    FormWidgets::setEnabled({m_host, m_port, m_database, m_user, m_password, m_tls}, server);
    m_testButton->setEnabled(server && !m_testRunning);
}

std::optional<DatabaseLocation> DatabaseConnectionDialog::location()
{
    DatabaseLocation location;
    if (m_fileMode->isChecked()) {
        const QString path = m_filePath->text().trimmed();
        if (path.isEmpty()) {
            showStatus(tr("Type the path of the database file."), true);
            m_filePath->setFocus();
            return std::nullopt;
        }
        location.filePath = QDir::fromNativeSeparators(path);
        return location;
    }

    const std::pair<QLineEdit *, QString> required[] = {
        {m_host, tr("Type the server's name or address.")},
        {m_database, tr("Type the name of the database on the server.")},
        {m_user, tr("Type the PostgreSQL user name.")},
    };
    for (const auto &[field, message] : required) {
        if (field->text().trimmed().isEmpty()) {
            showStatus(message, true);
            field->setFocus();
            return std::nullopt;
        }
    }
    location.engine = SqlEngine::Postgres;
    location.host = m_host->text().trimmed();
    location.port = m_port->value();
    location.databaseName = m_database->text().trimmed();
    location.userName = m_user->text().trimmed();
    location.options = m_otherOptions;
    if (const QString tls = m_tls->currentData().toString(); !tls.isEmpty())
        location.options.insert(TlsOption, tls);
    location.password = m_password->text();
    return location;
}

void DatabaseConnectionDialog::testConnection()
{
    if (m_testRunning)
        return;
    const std::optional<DatabaseLocation> target = location();
    if (!target || target->engine != SqlEngine::Postgres)
        return;

    m_testRunning = true;
    const int testId = ++m_testId;
    updateMode();
    m_connectButton->setEnabled(false);
    showStatus(tr("Connecting to %1…").arg(target->host), false);

    // libpq blocks for up to connect_timeout, so the test runs on a pool thread and the
    // GUI thread only receives the outcome.
    QPointer<DatabaseConnectionDialog> dialog(this);
    QThreadPool::globalInstance()->start([dialog, testId, location = *target] {
        const TestOutcome outcome = tryConnection(location);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [dialog, testId, outcome] {
                if (dialog)
                    dialog->finishTest(testId, outcome.connected, outcome.text);
            },
            Qt::QueuedConnection);
    });
}

void DatabaseConnectionDialog::finishTest(int testId, bool connected, const QString &text)
{
    if (testId != m_testId)
        return;
    m_testRunning = false;
    updateMode();
    m_connectButton->setEnabled(true);
    showStatus(text, !connected);
    emit testFinished(connected);
}

void DatabaseConnectionDialog::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

QString DatabaseConnectionDialog::statusText() const
{
    return m_status->text();
}

void DatabaseConnectionDialog::accept()
{
    const std::optional<DatabaseLocation> chosen = location();
    if (!chosen)
        return;

    // The password goes to the operating system's store, never to the preferences file.
    if (chosen->engine == SqlEngine::Postgres && !chosen->password.isEmpty()) {
        if (const Status saved = CredentialStore::save(chosen->credentialAccount(), chosen->password); !saved) {
            MessageBoxes::warning(this, tr("Password not saved"),
                                  tr("%1\n\nProspecta uses the password for this session only.")
                                      .arg(saved.error().message));
        }
    }
    DesktopPreferences::setValue(preferenceKey(), chosen->toString());
    qCInfo(lcUi) << "this desktop now uses" << chosen->displayName();
    QDialog::accept();
}

std::optional<DatabaseLocation> DatabaseConnectionDialog::askAfterFailure(const DatabaseLocation &current,
                                                                         const QString &problem)
{
    DatabaseConnectionDialog dialog(current, problem);
    dialog.setWindowTitle(tr("Prospecta could not open its database"));
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.location();
}

} // namespace Prospecta
