// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiApplication.h"

#include "DatabaseConnectionDialog.h"
#include "DesktopController.h"
#include "MessageBoxes.h"
#include "SingleInstance.h"
#include "core/Logging.h"
#include "runtime/InterfaceLanguage.h"
#include "runtime/ServiceHost.h"
#include "runtime/SnapshotReader.h"
#include "storage/SettingsRepository.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace Prospecta {

namespace {

// Loads Qt's own strings (dialog buttons, context menus) and Prospecta's for `locale`.
// A missing file leaves the English source strings, which is not an error for English.
void installTranslators(QApplication &app, const QLocale &locale)
{
    auto *qtTranslator = new QTranslator(&app);
    const QString qtDirectory = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), qtDirectory))
        QCoreApplication::installTranslator(qtTranslator);
    else
        qCDebug(lcUi) << "No Qt translation for" << locale.name() << "in" << qtDirectory;

    installProspectaTranslator(app, locale);
}

} // namespace

int runGui(int &argc, char **argv, const ServiceOptions &options)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Prospecta"));
    QApplication::setApplicationName(QStringLiteral("Prospecta"));
    QApplication::setApplicationVersion(QStringLiteral(PROSPECTA_VERSION));
    // The main window hides to the tray while the server runs, so quitting is explicit.
    QApplication::setQuitOnLastWindowClosed(false);

    installTranslators(app, interfaceLocale());

    // A failed start (a server that cannot be reached, a wrong password, a file that
    // cannot be written) offers the connection page instead of only an error.
    ServiceOptions current = options;
    std::unique_ptr<SingleInstance> instance;
    std::unique_ptr<ServiceHost> host;
    for (;;) {
        // A second launch on the same database shows the running app instead of failing
        // on the database lock.
        instance = std::make_unique<SingleInstance>(current.database.displayName());
        if (instance->activateRunning()) {
            qCInfo(lcUi) << "Prospecta is already running on" << current.database.displayName() << "; showed its window";
            return 0;
        }
        host = std::make_unique<ServiceHost>(current);
        const Status started = host->start();
        if (started)
            break;
        qCCritical(lcUi) << "The service did not start:" << started.error().message;
        host.reset();
        const std::optional<DatabaseLocation> next =
            DatabaseConnectionDialog::askAfterFailure(current.database, started.error().message);
        if (!next)
            return 1;
        current.database = *next;
    }

    SnapshotReader reader(current.database);
    reader.start();

    // First run or login, then the main window. The service keeps running across logins.
    DesktopController controller(host.get(), &reader);
    QObject::connect(&controller, &DesktopController::quitRequested, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    controller.start();
    instance->listen();
    QObject::connect(instance.get(), &SingleInstance::activationRequested, &controller, &DesktopController::showWindow);

    const int exitCode = QApplication::exec();
    qCInfo(lcUi) << "Event loop ended, stopping the service";
    host->stop();
    return exitCode;
}

} // namespace Prospecta
