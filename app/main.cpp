// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "GuiApplication.h"
#include "HeadlessRunner.h"
#include "InterfaceLanguage.h"
#include "LogFile.h"
#include "ServiceHost.h"
#include "cli/CommandLine.h"
#include "storage/SettingsCatalog.h"
#include "storage/SettingsRepository.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Prospecta;

namespace {

// Applies --database and --listen; returns false after a usage message when they are invalid.
// `desktopChoice` is the GUI's saved connection (DatabaseConnectionDialog), which comes
// after --database and PROSPECTA_DATABASE.
bool serviceOptionsFrom(const QStringList &arguments, ServiceOptions &options, QTextStream &err,
                        const QString &desktopChoice = {})
{
    QString database;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString argument = arguments.at(i);
        QString name;
        QString *target = nullptr;
        if (argument == QLatin1String("--database") || argument.startsWith(QLatin1String("--database="))) {
            name = QStringLiteral("--database");
            target = &database;
        } else if (argument == QLatin1String("--listen") || argument.startsWith(QLatin1String("--listen="))) {
            name = QStringLiteral("--listen");
            target = &options.listenOverride;
        }
        if (target) {
            if (argument.size() > name.size())
                *target = argument.mid(name.size() + 1);
            else if (i + 1 < arguments.size())
                *target = arguments.at(++i);
            else
                target->clear();
            // An empty --database would quietly open the default database instead.
            if (target->trimmed().isEmpty()) {
                err << QCoreApplication::translate("Prospecta::Main", "The option %1 needs a value: %1 %2.")
                           .arg(name, name == QLatin1String("--listen") ? QStringLiteral("HOST:PORT")
                                                                        : QStringLiteral("PATH|URL"))
                    << '\n';
                return false;
            }
            continue;
        }
        if (argument == QLatin1String("--headless"))
            continue;
        err << QCoreApplication::translate("Prospecta::Main",
                                           "Unknown option %1. Valid options: --headless, --database, --listen, "
                                           "--help, --version.")
                   .arg(argument)
            << '\n';
        return false;
    }
    // Checked like the server.listen setting, so a port out of range is a usage error
    // before the service starts.
    if (!options.listenOverride.isEmpty()) {
        auto listen = SettingsCatalog::normalize(*SettingsCatalog::find(QStringLiteral("server.listen")),
                                                 options.listenOverride);
        if (!listen) {
            err << listen.error().message << '\n';
            return false;
        }
    }
    // A saved choice that no longer parses is skipped: the desktop must still start.
    const bool choiceReadable = desktopChoice.isEmpty() || DatabaseLocation::parse(desktopChoice).ok();
    if (!choiceReadable)
        err << QCoreApplication::translate("Prospecta::Main",
                                           "Ignoring the saved database connection \"%1\": it is not a valid "
                                           "location.")
                   .arg(desktopChoice)
            << '\n';
    auto location = DatabaseLocation::resolve(database, choiceReadable ? desktopChoice : QString());
    if (!location) {
        err << location.error().message << '\n';
        return false;
    }
    options.database = *location;
    return true;
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

} // namespace

int main(int argc, char **argv)
{
    // Subcommands and --headless are decided before any application object exists, so
    // they never load a platform plugin and work without a display.
    const QStringList arguments = argumentsOf(argc, argv);
    const LaunchMode mode = launchModeFor(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);

    switch (mode.kind) {
    case LaunchMode::Kind::Help: {
        // A short-lived application object carries the translator for the usage text.
        QCoreApplication app(argc, argv);
        QCoreApplication::setOrganizationName(QStringLiteral("Prospecta"));
        QCoreApplication::setApplicationName(QStringLiteral("Prospecta"));
        installProspectaTranslator(app, interfaceLocale());
        out << usageText();
        return ExitSuccess;
    }
    case LaunchMode::Kind::Version:
        out << "prospecta " << PROSPECTA_VERSION << '\n';
        return ExitSuccess;
    case LaunchMode::Kind::Command: {
        QCoreApplication app(argc, argv);
        QCoreApplication::setOrganizationName(QStringLiteral("Prospecta"));
        QCoreApplication::setApplicationName(QStringLiteral("Prospecta"));
        // Messages for people (standard error) follow the desktop's language; results on
        // standard output are the same in every language. The translator comes first, so
        // that a log file that cannot be opened is reported in that language too.
        installProspectaTranslator(app, interfaceLocale());
        const auto logging = LogFile::install(false);
        return runCommand(arguments.mid(1), out, err);
    }
    case LaunchMode::Kind::Headless: {
        QCoreApplication app(argc, argv);
        QCoreApplication::setOrganizationName(QStringLiteral("Prospecta"));
        QCoreApplication::setApplicationName(QStringLiteral("Prospecta"));
        installProspectaTranslator(app, interfaceLocale());
        const auto logging = LogFile::install(true);
        ServiceOptions options;
        if (!serviceOptionsFrom(arguments, options, err))
            return ExitUsage;
        return runHeadless(options);
    }
    case LaunchMode::Kind::Gui:
        break;
    }

#ifdef PROSPECTA_CONSOLE_ONLY
    err << "prospecta-cli runs commands and --headless; start Prospecta.exe for the desktop app.\n";
    return ExitUsage;
#else
    // The names decide the log folder and the preferences file, so they are set before
    // the application exists.
    QCoreApplication::setOrganizationName(QStringLiteral("Prospecta"));
    QCoreApplication::setApplicationName(QStringLiteral("Prospecta"));
    ServiceOptions options;
    const QString desktopChoice = DesktopPreferences::value(QStringLiteral("database"), {});
    QString optionProblems;
    QTextStream problemStream(&optionProblems);
    const bool optionsValid = serviceOptionsFrom(arguments, options, problemStream, desktopChoice);
    if (!optionsValid || !optionProblems.isEmpty()) {
        // No application object carried a translator yet, so a short-lived one makes the
        // messages again in the desktop's language.
        QCoreApplication app(argc, argv);
        installProspectaTranslator(app, interfaceLocale());
        ServiceOptions translated;
        serviceOptionsFrom(arguments, translated, err, desktopChoice);
        err.flush();
        if (!optionsValid)
            return ExitUsage;
    }
    const auto logging = LogFile::install(false);
    return runGui(argc, argv, options);
#endif
}
