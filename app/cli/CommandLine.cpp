// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandLine.h"

#include "MigrateCommand.h"
#include "InterruptGuard.h"
#include "OsAccount.h"
#include "PasswordPrompt.h"
#include "channels/PhoneNumbers.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "operations/AccountService.h"
#include "operations/ConfigurationService.h"
#include "security/PasswordHasher.h"
#include "security/SecretBox.h"
#include "spreadsheets/LeadImport.h"
#include "storage/CampaignRepository.h"
#include "storage/Database.h"
#include "storage/IntegrationRepository.h"
#include "storage/LeadRepository.h"
#include "storage/Migrations.h"
#include "storage/SettingsRepository.h"
#include "storage/UserRepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLockFile>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

namespace Prospecta {

namespace {

const QStringList subcommands = {QStringLiteral("integration"), QStringLiteral("campaign"), QStringLiteral("lead"),
                                 QStringLiteral("settings"),    QStringLiteral("user"),     QStringLiteral("import"),
                                 QStringLiteral("migrate")};
// Options that take a value; the others are flags.
const QStringList valueOptions = {QStringLiteral("--database"), QStringLiteral("--listen"), QStringLiteral("--name"),
                                  QStringLiteral("--initial-agent"), QStringLiteral("--language"),
                                  QStringLiteral("--welcome"), QStringLiteral("--instructions"),
                                  QStringLiteral("--keyword"), QStringLiteral("--phone"), QStringLiteral("--description"),
                                  QStringLiteral("--email"), QStringLiteral("--role"), QStringLiteral("--mapping"),
                                  QStringLiteral("--region"), QStringLiteral("--report"), QStringLiteral("--from"),
                                  QStringLiteral("--to")};
const QStringList flagOptions = {QStringLiteral("--json"), QStringLiteral("--default")};
const QStringList nonEmptyOptions = {QStringLiteral("--database"), QStringLiteral("--listen"), QStringLiteral("--report"),
                                     QStringLiteral("--from"), QStringLiteral("--to"), QStringLiteral("--region"),
                                     QStringLiteral("--phone")};
// The commands that take an action, with their actions in the order the usage text lists them.
const QMap<QString, QStringList> actionsOfCommand = {
    {QStringLiteral("integration"), {QStringLiteral("set"), QStringLiteral("show"), QStringLiteral("webhook-url")}},
    {QStringLiteral("campaign"), {QStringLiteral("create"), QStringLiteral("list")}},
    {QStringLiteral("lead"), {QStringLiteral("list")}},
    {QStringLiteral("settings"), {QStringLiteral("show"), QStringLiteral("set")}},
    {QStringLiteral("user"),
     {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("set-role"), QStringLiteral("deactivate"),
      QStringLiteral("reactivate"), QStringLiteral("reset-password")}},
    {QStringLiteral("import"), {QStringLiteral("leads")}},
};

// The valid values of an option that takes one of a fixed set, or an empty list. An empty
// value of such an option is reported as missing with these choices, not as the unknown
// value "".
QStringList choicesOfOption(const QString &name)
{
    if (name == QLatin1String("--initial-agent"))
        return allNames<AgentType>();
    if (name == QLatin1String("--role"))
        return allNames<UserRole>();
    if (name == QLatin1String("--language"))
        return {QStringLiteral("es"), QStringLiteral("en")};
    return {};
}

// Options that may be given several times; every other option at most once.
const QStringList repeatableOptions = {QStringLiteral("--instructions"), QStringLiteral("--keyword"),
                                       QStringLiteral("--mapping")};

// A usage error: exit status 2.
struct UsageError
{
    QString message;
};

struct ParsedArguments
{
    QStringList positional;
    QMultiMap<QString, QString> options; // values of repeated options in order given (use values())
    QStringList flags;

    QString option(const QString &name) const { return options.value(name); }
    QStringList all(const QString &name) const
    {
        QStringList values = options.values(name);
        std::reverse(values.begin(), values.end()); // QMultiMap returns the latest first
        return values;
    }
    bool has(const QString &name) const { return flags.contains(name) || options.contains(name); }
};

std::variant<ParsedArguments, UsageError> parseArguments(const QStringList &arguments)
{
    ParsedArguments parsed;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(QLatin1String("--"))) {
            parsed.positional << argument;
            continue;
        }
        QString name = argument;
        QString value;
        bool inlineValue = false;
        if (const qsizetype eq = argument.indexOf(QLatin1Char('=')); eq > 0) {
            name = argument.left(eq);
            value = argument.mid(eq + 1);
            inlineValue = true;
        }
        if (flagOptions.contains(name)) {
            if (inlineValue)
                return UsageError{QCoreApplication::translate("Prospecta::CommandLine", "The option %1 takes no value; write %1 alone.").arg(name)};
            parsed.flags << name;
        } else if (valueOptions.contains(name)) {
            if (!inlineValue) {
                // "--name --database x" means a forgotten value, not the name "--database";
                // a value that starts with "--" can still be given as --name=--value.
                if (i + 1 >= arguments.size() || arguments.at(i + 1).startsWith(QLatin1String("--")))
                    return UsageError{QCoreApplication::translate("Prospecta::CommandLine", "The option %1 needs a value.").arg(name)};
                value = arguments.at(++i);
            }
            // An empty path or address would quietly mean the default one (for --database,
            // the desktop's own database) instead of the one the user meant to give.
            if (value.trimmed().isEmpty() && nonEmptyOptions.contains(name))
                return UsageError{QCoreApplication::translate("Prospecta::CommandLine", "The option %1 needs a value.").arg(name)};
            if (const QStringList choices = choicesOfOption(name); value.trimmed().isEmpty() && !choices.isEmpty())
                return UsageError{QCoreApplication::translate("Prospecta::CommandLine",
                                                              "The option %1 needs a value. Valid values: %2.")
                                      .arg(name, choices.join(QStringLiteral(", ")))};
            if (!repeatableOptions.contains(name) && parsed.options.contains(name))
                return UsageError{QCoreApplication::translate("Prospecta::CommandLine", "The option %1 is given twice; give it once.").arg(name)};
            parsed.options.insert(name, value);
        } else if (name == QLatin1String("--headless")) {
            continue;
        } else {
            return UsageError{QCoreApplication::translate("Prospecta::CommandLine", "Unknown option %1. Valid options: %2.")
                                  .arg(name, (valueOptions + flagOptions).join(QStringLiteral(", ")))};
        }
    }
    return parsed;
}

QString escapeField(QString value)
{
    value.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    value.replace(QLatin1Char('\t'), QLatin1String("\\t"));
    value.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    value.replace(QLatin1Char('\r'), QLatin1String("\\r"));
    // A raw NUL would end the line early for tools that read C strings.
    value.replace(QChar(u'\0'), QLatin1String("\\0"));
    return value;
}

using Record = QList<QPair<QString, QJsonValue>>;

QString plain(const QJsonValue &value)
{
    if (value.isDouble()) {
        // Ids and counts print as integers; "g" would write 1000000 as 1e+06.
        const double number = value.toDouble();
        if (number == std::trunc(number) && std::abs(number) < 9007199254740992.0)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray())
            parts << item.toString();
        return parts.join(QLatin1Char(','));
    }
    return value.toString();
}

// The record as a JSON object with its fields in the record's order (QJsonObject would
// sort them), as the conventions list the fields of each command.
QByteArray toJson(const Record &record)
{
    QByteArray text = "{";
    for (const auto &[key, value] : record) {
        if (text.size() > 1)
            text += ',';
        // Serialized inside an array so QJsonDocument escapes the value; the brackets go.
        const QByteArray keyText = QJsonDocument(QJsonArray{key}).toJson(QJsonDocument::Compact);
        const QByteArray valueText = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        text += keyText.mid(1, keyText.size() - 2) + ':' + valueText.mid(1, valueText.size() - 2);
    }
    return text + '}';
}

void printShow(QTextStream &out, Record record, bool json)
{
    if (json) {
        out << toJson(record) << '\n';
        return;
    }
    std::sort(record.begin(), record.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[key, value] : record)
        out << key << '=' << escapeField(plain(value)) << '\n';
}

void printList(QTextStream &out, const QList<Record> &records, bool json)
{
    if (json) {
        QByteArrayList objects;
        for (const Record &record : records)
            objects << toJson(record);
        out << '[' << objects.join(',') << "]\n";
        return;
    }
    for (const Record &record : records) {
        QStringList fields;
        for (const auto &[key, value] : record)
            fields << key + QLatin1Char('=') + escapeField(plain(value));
        out << fields.join(QLatin1Char('\t')) << '\n';
    }
}

// A setting's value as JSON of its type: true or false, a number, or null for an unset
// optional number, so a script reads "ai.enabled" as a boolean like "active" of a user.
QJsonValue typedSetting(const QString &key, const QString &value)
{
    const SettingSpec *spec = SettingsCatalog::find(key);
    if (!spec)
        return value;
    switch (spec->type) {
    case SettingSpec::Type::Bool:
        return value == QLatin1String("true");
    case SettingSpec::Type::Int:
    case SettingSpec::Type::OptionalInt:
    case SettingSpec::Type::OptionalDecimal: {
        bool ok = false;
        const double number = QLocale::c().toDouble(value, &ok);
        return ok ? QJsonValue(number) : QJsonValue(QJsonValue::Null);
    }
    default:
        return value;
    }
}

// A missing reference is null in JSON, as in the REST API, and empty in the text form.
QJsonValue idOrNull(qint64 id)
{
    return id > 0 ? QJsonValue(double(id)) : QJsonValue(QJsonValue::Null);
}

// The context of one command: the database and the clock.
class Session
{
public:
    // Opens the database that --database, PROSPECTA_DATABASE or the default names, and
    // brings its schema up to date. A file that someone named (not the default one) must
    // be in an existing folder. A new file there is created by any command, as a script
    // expects of a fresh path: reading commands then show an empty database.
    Status open(const QString &databaseOption)
    {
        auto location = DatabaseLocation::resolve(databaseOption);
        if (!location)
            return location.error();
        if (location->engine == SqlEngine::Sqlite && !location->isDefault) {
            const QString source = databaseOption.isEmpty() ? QStringLiteral("PROSPECTA_DATABASE")
                                                            : QStringLiteral("--database");
            const QFileInfo file(location->filePath);
            if (!file.absoluteDir().exists())
                return makeError(ErrorKind::NotFound,
                                 QCoreApplication::translate("Prospecta::CommandLine",
                                                             "The folder %1 does not exist, so there is no database "
                                                             "%2. Check the path given with %3; a new database is "
                                                             "created only in an existing folder.")
                                     .arg(QDir::toNativeSeparators(file.absolutePath()), location->displayName(),
                                          source));
        }
        if (auto opened = m_database.open(*location, QStringLiteral("cli")); !opened)
            return opened;
        return Migrations::apply(m_database, m_clock.nowMs());
    }

    const Database &database() const
    {
        Q_ASSERT(m_database.isOpen());
        return m_database;
    }
    const Clock &clock() const { return m_clock; }
    qint64 nowMs() const { return m_clock.nowMs(); }

    // The command line acts as the local administrator, audited under the account's name.
    const Actor &actor() const { return m_actor; }

    ConfigurationService configuration() const
    {
        return ConfigurationService(m_database, m_clock, InstallationKeyFile::defaultPath());
    }

private:
    Database m_database;
    SystemClock m_clock;
    Actor m_actor = Actor::commandLine(currentOsAccount());
};

class Commands
{
public:
    Commands(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

    int run(const QStringList &arguments);

private:
    int integration(const ParsedArguments &args);
    int campaign(const ParsedArguments &args);
    int lead(const ParsedArguments &args);
    int settings(const ParsedArguments &args);
    int user(const ParsedArguments &args);
    int importLeads(const ParsedArguments &args);
    Result<QString> readNewPasswordHash();

    // A usage error when the command has more words than `count` (the subcommand, the
    // action and its operands), so a typo is not silently ignored.
    // Rejects an option that the command and its action do not read, which was accepted
    // and ignored: `integration webhook-url gupshup --json` printed plain text. The action
    // is known here, because run() checks it first.
    std::optional<int> optionsOutsideCommand(const ParsedArguments &args)
    {
        const QString command = args.positional.value(0);
        const QString action = args.positional.value(1);
        static const QMap<QString, QStringList> optionsOf = {
            {QStringLiteral("integration set"), {}},
            {QStringLiteral("integration show"), {QStringLiteral("--json")}},
            {QStringLiteral("integration webhook-url"), {QStringLiteral("--listen")}},
            {QStringLiteral("campaign create"),
             {QStringLiteral("--name"), QStringLiteral("--description"), QStringLiteral("--initial-agent"),
              QStringLiteral("--language"), QStringLiteral("--welcome"), QStringLiteral("--instructions"),
              QStringLiteral("--keyword"), QStringLiteral("--default")}},
            {QStringLiteral("campaign list"), {QStringLiteral("--json")}},
            {QStringLiteral("lead list"), {QStringLiteral("--phone"), QStringLiteral("--json")}},
            {QStringLiteral("settings show"), {QStringLiteral("--json")}},
            {QStringLiteral("settings set"), {}},
            {QStringLiteral("user add"), {QStringLiteral("--email"), QStringLiteral("--name"), QStringLiteral("--role")}},
            {QStringLiteral("user list"), {QStringLiteral("--json")}},
            {QStringLiteral("user set-role"), {}},
            {QStringLiteral("user deactivate"), {}},
            {QStringLiteral("user reactivate"), {}},
            {QStringLiteral("user reset-password"), {}},
            {QStringLiteral("import leads"),
             {QStringLiteral("--mapping"), QStringLiteral("--region"), QStringLiteral("--report")}},
        };
        // --database is every command's option; migrate ignores it for its own two.
        QString key = command;
        QStringList allowed;
        if (command == QLatin1String("migrate")) {
            allowed = {QStringLiteral("--from"), QStringLiteral("--to")};
        } else {
            key = command + QLatin1Char(' ') + action;
            const auto found = optionsOf.constFind(key);
            if (found == optionsOf.cend())
                return std::nullopt;
            allowed = *found;
        }
        allowed << QStringLiteral("--database");
        for (const QString &name : args.options.uniqueKeys() + args.flags) {
            if (!allowed.contains(name))
                return usage(QCoreApplication::translate("Prospecta::CommandLine",
                                                         "The option %1 does not apply to %2. Its options: %3.")
                                 .arg(name, key, allowed.join(QStringLiteral(", "))));
        }
        return std::nullopt;
    }

    std::optional<int> extraWords(const ParsedArguments &args, qsizetype count)
    {
        if (args.positional.size() <= count)
            return std::nullopt;
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unexpected argument \"%1\" after %2.")
                         .arg(args.positional.at(count), args.positional.mid(0, count).join(QLatin1Char(' '))));
    }

    // Opens the database after the command has checked its arguments, so that a usage
    // error (exit status 2) comes first and creates no file. Returns the exit status when
    // the database cannot be opened.
    std::optional<int> openDatabase(const ParsedArguments &args)
    {
        auto opened = m_session.open(args.option(QStringLiteral("--database")));
        if (opened)
            return std::nullopt;
        // A location that does not parse is a usage error; anything else is a failure.
        if (opened.error().kind == ErrorKind::InvalidArgument)
            return failure(opened.error());
        return failure(Error{ErrorKind::Database, opened.error().message, {}});
    }

    int usage(const QString &message)
    {
        m_err << message << '\n';
        return ExitUsage;
    }
    int failure(const Error &error)
    {
        m_err << error.message << '\n';
        return error.kind == ErrorKind::InvalidArgument ? ExitUsage : ExitFailure;
    }

    QTextStream &m_out;
    QTextStream &m_err;
    Session m_session;
};

int Commands::run(const QStringList &arguments)
{
    auto parsedOrError = parseArguments(arguments);
    if (auto *error = std::get_if<UsageError>(&parsedOrError))
        return usage(error->message);
    const ParsedArguments &args = std::get<ParsedArguments>(parsedOrError);

    const QString command = args.positional.value(0);
    if (!subcommands.contains(command))
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown command \"%1\". Valid commands: %2.")
                         .arg(command, subcommands.join(QStringLiteral(", "))));

    // The action is checked before anything else reads the arguments, so a missing one is
    // named as missing (not as the unknown action "") and no database is opened for it.
    if (const auto actions = actionsOfCommand.constFind(command); actions != actionsOfCommand.cend()) {
        const QString action = args.positional.value(1);
        if (action.isEmpty())
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Missing action after %1. Valid actions: %2.")
                             .arg(command, actions->join(QStringLiteral(", "))));
        if (!actions->contains(action))
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown action \"%1\" for %2. Valid actions: %3.")
                             .arg(action, command, actions->join(QStringLiteral(", "))));
    }

    if (auto misplaced = optionsOutsideCommand(args))
        return *misplaced;

    // migrate names its own two databases.
    if (command == QLatin1String("migrate")) {
        if (auto extra = extraWords(args, 1))
            return *extra;
        return runMigrate(args.option(QStringLiteral("--from")), args.option(QStringLiteral("--to")), m_out, m_err);
    }

    // Each command opens the database itself once its own arguments are checked.
    if (command == QLatin1String("integration"))
        return integration(args);
    if (command == QLatin1String("campaign"))
        return campaign(args);
    if (command == QLatin1String("lead"))
        return lead(args);
    if (command == QLatin1String("user"))
        return user(args);
    if (command == QLatin1String("import"))
        return importLeads(args);
    return settings(args);
}

int Commands::integration(const ParsedArguments &args)
{
    const QString action = args.positional.value(1);
    const QString providerName = args.positional.value(2);
    if (providerName.isEmpty())
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "Missing provider after integration %1. Valid providers: %2.")
                         .arg(action, IntegrationCatalog::providerNames().join(QStringLiteral(", "))));
    const auto provider = IntegrationCatalog::providerFor(providerName);
    if (!provider)
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown provider \"%1\". Valid providers: %2.")
                         .arg(providerName, IntegrationCatalog::providerNames().join(QStringLiteral(", "))));

    if (action != QLatin1String("set")) {
        if (auto extra = extraWords(args, 3))
            return *extra;
    }

    if (action == QLatin1String("set")) {
        QMap<QString, QString> values;
        QStringList validKeys;
        for (const IntegrationKeySpec &spec : IntegrationCatalog::keysFor(*provider))
            validKeys << spec.key;
        if (args.positional.size() < 4)
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Give at least one KEY=VALUE. Keys of %1: %2.")
                             .arg(providerName, validKeys.join(QStringLiteral(", "))));
        for (const QString &pair : args.positional.mid(3)) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            const QString key = eq < 0 ? pair : pair.left(eq);
            if (eq < 0 || !validKeys.contains(key))
                return usage(QCoreApplication::translate("Prospecta::CommandLine", "\"%1\" is not KEY=VALUE with a key of %2. Valid keys: %3.")
                                 .arg(pair, providerName, validKeys.join(QStringLiteral(", "))));
            // A second value for one key would silently replace the first.
            if (values.contains(key))
                return usage(QCoreApplication::translate("Prospecta::CommandLine",
                                                         "%1 is given twice; give each key once.")
                                 .arg(key));
            const QString value = pair.mid(eq + 1);
            if (!value.isEmpty()) {
                if (auto valid = IntegrationCatalog::validate(*provider, key, value); !valid)
                    return usage(valid.error().message);
            }
            values.insert(key, value);
        }

        if (auto failed = openDatabase(args))
            return *failed;
        if (auto saved = m_session.configuration().setIntegration(m_session.actor(), *provider, values); !saved)
            return failure(saved.error());
        return ExitSuccess;
    }

    if (auto failed = openDatabase(args))
        return *failed;
    if (action == QLatin1String("webhook-url")) {
        auto url = m_session.configuration().webhookUrl(m_session.actor(), *provider,
                                                        args.option(QStringLiteral("--listen")));
        if (!url)
            return failure(url.error());
        if (url->local)
            m_err << QCoreApplication::translate("Prospecta::CommandLine", "Warning: server.publicUrl is not set, so this is the local URL and "
                                                     "providers cannot reach it. Once a tunnel runs, set it with "
                                                     "`prospecta settings set server.publicUrl https://…`.")
                  << '\n';
        m_out << url->url << '\n';
        return ExitSuccess;
    }

    // show
    const Database &db = m_session.database();
    auto record = IntegrationRepository(db).load(*provider);
    if (!record)
        return failure(record.error());
    std::optional<KeyPair> keys;
    if (auto loaded = InstallationKeys::load(db, InstallationKeyFile::defaultPath()))
        keys = *loaded;
    const IntegrationValues values = IntegrationRepository::open(*record, keys);
    Record masked;
    for (const IntegrationKeySpec &spec : IntegrationCatalog::keysFor(*provider)) {
        QString text = values.value(spec.key);
        if (spec.secret)
            text = values.needsReentry.contains(spec.key) ? QStringLiteral("needs-reentry")
                 : text.isEmpty()                         ? QString()
                                                          : maskSecret(text);
        masked.append({spec.key, text});
    }
    printShow(m_out, masked, args.has(QStringLiteral("--json")));
    return ExitSuccess;
}

int Commands::campaign(const ParsedArguments &args)
{
    const QString action = args.positional.value(1);
    if (auto extra = extraWords(args, 2))
        return *extra;

    if (action == QLatin1String("list")) {
        if (auto failed = openDatabase(args))
            return *failed;
        auto campaigns = CampaignRepository(m_session.database()).list();
        if (!campaigns)
            return failure(campaigns.error());
        QList<Record> records;
        for (const Campaign &c : std::as_const(*campaigns)) {
            Record record{{QStringLiteral("id"), double(c.id)},
                          {QStringLiteral("name"), c.name},
                          {QStringLiteral("type"), toString(c.type)},
                          {QStringLiteral("status"), toString(c.status)},
                          {QStringLiteral("language"), c.language},
                          {QStringLiteral("initialAgent"), toString(c.initialAgent)},
                          {QStringLiteral("welcome"), c.welcomeMessage},
                          {QStringLiteral("keywords"), QJsonArray::fromStringList(c.keywords)},
                          {QStringLiteral("default"), c.isDefault}};
            for (auto it = c.instructions.cbegin(); it != c.instructions.cend(); ++it)
                record.append({QStringLiteral("instructions.") + toString(it.key()), it.value()});
            records << record;
        }
        printList(m_out, records, args.has(QStringLiteral("--json")));
        return ExitSuccess;
    }

    // create
    Campaign campaign;
    campaign.name = args.option(QStringLiteral("--name")).trimmed();
    if (campaign.name.isEmpty())
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "campaign create needs --name NAME."));
    campaign.description = args.option(QStringLiteral("--description"));
    if (args.has(QStringLiteral("--initial-agent"))) {
        const auto agent = fromString<AgentType>(args.option(QStringLiteral("--initial-agent")));
        if (!agent)
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown agent type \"%1\" for --initial-agent. Valid types: %2.")
                             .arg(args.option(QStringLiteral("--initial-agent")),
                                  allNames<AgentType>().join(QStringLiteral(", "))));
        campaign.initialAgent = *agent;
    }
    if (args.has(QStringLiteral("--language"))) {
        campaign.language = args.option(QStringLiteral("--language"));
        if (campaign.language != QLatin1String("es") && campaign.language != QLatin1String("en"))
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown language \"%1\" for --language. Valid languages: es, en.")
                             .arg(campaign.language));
    }
    campaign.welcomeMessage = args.option(QStringLiteral("--welcome"));
    for (const QString &pair : args.all(QStringLiteral("--instructions"))) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        const auto type = eq > 0 ? fromString<AgentType>(pair.left(eq)) : std::nullopt;
        if (!type)
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "--instructions takes TYPE=TEXT with TYPE one of %1; got \"%2\".")
                             .arg(allNames<AgentType>().join(QStringLiteral(", ")), pair));
        // A second value for one type would silently replace the first.
        if (campaign.instructions.contains(*type))
            return usage(QCoreApplication::translate("Prospecta::CommandLine",
                                                     "--instructions gives %1 twice; give each agent type once.")
                             .arg(toString(*type)));
        campaign.instructions.insert(*type, pair.mid(eq + 1));
    }
    campaign.keywords = args.all(QStringLiteral("--keyword"));
    campaign.isDefault = args.has(QStringLiteral("--default"));

    if (auto failed = openDatabase(args))
        return *failed;
    auto id = m_session.configuration().createCampaign(m_session.actor(), campaign);
    if (!id)
        return failure(id.error().kind == ErrorKind::Conflict ? Error{ErrorKind::Conflict, id.error().message, {}}
                                                              : id.error());
    m_out << *id << '\n';
    return ExitSuccess;
}

int Commands::lead(const ParsedArguments &args)
{
    // The only action is list, which run() has checked.
    if (auto extra = extraWords(args, 2))
        return *extra;

    if (auto failed = openDatabase(args))
        return *failed;
    const Database &db = m_session.database();
    LeadListFilter filter;
    if (args.has(QStringLiteral("--phone"))) {
        auto settingsSnapshot = SettingsRepository(db).load();
        if (!settingsSnapshot)
            return failure(settingsSnapshot.error());
        auto phone = PhoneNumbers::fromTyped(args.option(QStringLiteral("--phone")),
                                             settingsSnapshot->text(QStringLiteral("phone.defaultRegion")));
        if (!phone)
            return usage(phone.error().message);
        filter.phoneKey = phone->phoneKey;
    }
    auto leads = LeadRepository(db).list(filter);
    if (!leads)
        return failure(leads.error());
    QList<Record> records;
    for (const Lead &l : std::as_const(*leads)) {
        records << Record{{QStringLiteral("id"), double(l.id)},
                          {QStringLiteral("name"), l.name},
                          {QStringLiteral("phone"), l.phone},
                          {QStringLiteral("phoneKey"), l.phoneKey},
                          {QStringLiteral("email"), l.email},
                          {QStringLiteral("country"), l.country},
                          {QStringLiteral("source"), toString(l.source)},
                          {QStringLiteral("status"), toString(l.status)},
                          {QStringLiteral("campaign"), idOrNull(l.campaignId)},
                          {QStringLiteral("assignedTo"), idOrNull(l.assignedUserId)}};
    }
    printList(m_out, records, args.has(QStringLiteral("--json")));
    return ExitSuccess;
}

int Commands::settings(const ParsedArguments &args)
{
    const QString action = args.positional.value(1);

    if (action == QLatin1String("show")) {
        if (auto extra = extraWords(args, 2))
            return *extra;
        if (auto failed = openDatabase(args))
            return *failed;
        auto snapshot = SettingsRepository(m_session.database()).load();
        if (!snapshot)
            return failure(snapshot.error());
        Record record;
        for (auto it = snapshot->values().cbegin(); it != snapshot->values().cend(); ++it)
            record.append({it.key(), typedSetting(it.key(), it.value())});
        printShow(m_out, record, args.has(QStringLiteral("--json")));
        return ExitSuccess;
    }
    // set
    if (args.positional.size() != 4 || args.positional.at(2).trimmed().isEmpty())
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "settings set takes KEY VALUE (use \"\" for an empty value). Valid keys: %1.")
                         .arg(SettingsCatalog::keys().join(QStringLiteral(", "))));
    // Checked as SettingsRepository::set() checks them, but before the database is opened.
    const QString key = args.positional.at(2);
    const SettingSpec *spec = SettingsCatalog::find(key);
    if (!spec)
        return usage(SettingsCatalog::tr("Unknown setting \"%1\". Valid settings: %2.")
                         .arg(key, SettingsCatalog::keys().join(QStringLiteral(", "))));
    if (auto valid = SettingsCatalog::normalize(*spec, args.positional.at(3)); !valid)
        return usage(valid.error().message);

    if (auto failed = openDatabase(args))
        return *failed;
    auto stored = m_session.configuration().setSetting(m_session.actor(), args.positional.at(2), args.positional.at(3));
    if (!stored)
        return failure(stored.error());
    return ExitSuccess;
}

int Commands::user(const ParsedArguments &args)
{
    const QString action = args.positional.value(1);
    // Made only once the database is open.
    const auto accounts = [this] { return AccountService(m_session.database(), m_session.clock()); };
    const Actor &actor = m_session.actor();
    const QString roleChoices = allNames<UserRole>().join(QStringLiteral(", "));
    const qsizetype operands = action == QLatin1String("list") || action == QLatin1String("add") ? 2
                             : action == QLatin1String("set-role")                               ? 4
                                                                                                 : 3;
    if (auto extra = extraWords(args, operands))
        return *extra;

    if (action == QLatin1String("list")) {
        if (auto failed = openDatabase(args))
            return *failed;
        auto users = accounts().list(actor);
        if (!users)
            return failure(users.error());
        QList<Record> records;
        for (const User &u : std::as_const(*users))
            records << Record{{QStringLiteral("id"), double(u.id)},
                              {QStringLiteral("email"), u.email},
                              {QStringLiteral("name"), u.name},
                              {QStringLiteral("role"), toString(u.role)},
                              {QStringLiteral("active"), u.active}};
        printList(m_out, records, args.has(QStringLiteral("--json")));
        return ExitSuccess;
    }

    if (action == QLatin1String("add")) {
        User newUser;
        newUser.email = args.option(QStringLiteral("--email")).trimmed();
        newUser.name = args.option(QStringLiteral("--name")).trimmed();
        if (newUser.email.isEmpty() || newUser.name.isEmpty() || !args.has(QStringLiteral("--role")))
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "user add needs --email E --name N --role R (R one of %1); "
                                                     "the password is read from standard input.")
                             .arg(roleChoices));
        const auto role = fromString<UserRole>(args.option(QStringLiteral("--role")).trimmed());
        if (!role)
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown role \"%1\". Valid roles: %2.")
                             .arg(args.option(QStringLiteral("--role")), roleChoices));
        newUser.role = *role;
        if (auto valid = AccountService::validateNewUser(newUser); !valid)
            return usage(valid.error().message);
        // Before the password is asked for, which would be typed for nothing.
        if (auto failed = openDatabase(args))
            return *failed;
        auto hash = readNewPasswordHash();
        if (!hash)
            return failure(hash.error());
        auto id = accounts().addUser(actor, newUser, *hash);
        if (!id)
            return failure(id.error());
        m_out << *id << '\n';
        return ExitSuccess;
    }

    const QString email = args.positional.value(2).trimmed();
    if (email.isEmpty())
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "user %1 needs the user's EMAIL.").arg(action));

    if (action == QLatin1String("set-role")) {
        if (args.positional.size() < 4 || args.positional.at(3).trimmed().isEmpty())
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "user set-role needs EMAIL and ROLE (ROLE one of %1).").arg(roleChoices));
        const auto role = fromString<UserRole>(args.positional.value(3).trimmed());
        if (!role)
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown role \"%1\". Valid roles: %2.").arg(args.positional.value(3), roleChoices));
        if (auto failed = openDatabase(args))
            return *failed;
        if (auto changed = accounts().setRole(actor, email, *role); !changed)
            return failure(changed.error());
        return ExitSuccess;
    }
    if (auto failed = openDatabase(args))
        return *failed;
    if (action == QLatin1String("deactivate") || action == QLatin1String("reactivate")) {
        if (auto changed = accounts().setActive(actor, email, action == QLatin1String("reactivate")); !changed)
            return failure(changed.error());
        return ExitSuccess;
    }

    // reset-password: the user must exist before anyone types a password for it.
    auto existing = UserRepository(m_session.database()).findByEmail(email);
    if (!existing)
        return failure(existing.error());
    if (!*existing)
        return failure(makeError(ErrorKind::NotFound,
                                 QCoreApplication::translate("Prospecta::CommandLine", "No user has the email %1; `prospecta user list` shows them.").arg(email)));
    auto hash = readNewPasswordHash();
    if (!hash)
        return failure(hash.error());
    if (auto reset = accounts().resetPassword(actor, email, *hash); !reset)
        return failure(reset.error());
    return ExitSuccess;
}

// Whether the two paths name one existing file, through links and "." or ".." too.
bool isSameFile(const QString &first, const QString &second)
{
    std::error_code error;
    return std::filesystem::equivalent(QFileInfo(first).filesystemFilePath(), QFileInfo(second).filesystemFilePath(),
                                       error);
}

int Commands::importLeads(const ParsedArguments &args)
{
    // The only action is leads, which run() has checked.
    const QString filePath = args.positional.value(2);
    if (filePath.isEmpty())
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "import leads needs the FILE to import (a CSV file)."));
    if (auto extra = extraWords(args, 3))
        return *extra;

    // Field names are checked before the file is read; columns need the file's header.
    const QStringList overrides = args.all(QStringLiteral("--mapping"));
    for (const QString &pair : overrides) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0 || !LeadImport::fieldFromName(pair.left(eq).trimmed()))
            return usage(QCoreApplication::translate("Prospecta::CommandLine",
                                                     "--mapping takes FIELD=COLUMN; got \"%1\". Valid fields: %2.")
                             .arg(pair, LeadImport::fieldNames().join(QStringLiteral(", "))));
    }
    LeadImportOptions options;
    if (args.has(QStringLiteral("--region"))) {
        options.region = args.option(QStringLiteral("--region")).trimmed().toUpper();
        if (!PhoneNumbers::isSupportedRegion(options.region))
            return usage(QCoreApplication::translate("Prospecta::CommandLine", "Unknown region \"%1\" for --region; give an ISO 3166 alpha-2 code such as "
                                        "MX or PE.")
                             .arg(args.option(QStringLiteral("--region"))));
    }

    // The report is truncated before the first row is read, so naming the file to import
    // (in any spelling, through a link, or as a hard link) would destroy the user's data.
    if (args.has(QStringLiteral("--report")) && isSameFile(args.option(QStringLiteral("--report")), filePath))
        return usage(QCoreApplication::translate("Prospecta::CommandLine",
                                                 "--report %1 is the file to import, which the report would "
                                                 "overwrite; give the report another file name.")
                         .arg(args.option(QStringLiteral("--report"))));

    // A file that cannot be read or is no CSV is a failed command (1), not a usage error.
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_err << QCoreApplication::translate("Prospecta::CommandLine",
                                             "Cannot read %1 (%2). Check the path and that you may read the file.")
                     .arg(filePath, file.errorString())
              << '\n';
        return ExitFailure;
    }
    CsvReader reader(file);
    if (auto opened = reader.open(); !opened) {
        m_err << QCoreApplication::translate("Prospecta::CommandLine", "Cannot import %1: %2").arg(filePath, opened.error().message) << '\n';
        return ExitFailure;
    }

    auto mapping = LeadImport::applyOverrides(reader.header(), LeadImport::guessMapping(reader.header()), overrides);
    if (!mapping)
        return usage(mapping.error().message);
    if (!mapping->contains(LeadField::Phone)) {
        QStringList columns;
        for (qsizetype i = 0; i < reader.header().size(); ++i)
            columns << QStringLiteral("%1 \"%2\"").arg(i + 1).arg(reader.header().at(i));
        return usage(QCoreApplication::translate("Prospecta::CommandLine", "No column of %1 looks like the phone; give --mapping phone=COLUMN. Columns: %2.")
                         .arg(filePath, columns.join(QStringLiteral(", "))));
    }

    if (auto failed = openDatabase(args))
        return *failed;

    // The report is written to its file batch by batch, after each commit, and nowhere
    // else: a killed import leaves a report that ends at the last committed row, and a
    // report that is a pipe or a device (/dev/stdout) gets every row once.
    std::unique_ptr<QFile> report;
    QString reportWriteError; // the first failed write, such as a full disk
    if (args.has(QStringLiteral("--report"))) {
        report = std::make_unique<QFile>(args.option(QStringLiteral("--report")));
        // Checked before any row is imported: a report that cannot be written was noticed
        // only after every lead had been saved, and the command then reported a failure.
        if (!report->open(QIODevice::WriteOnly | QIODevice::Truncate))
            return usage(QCoreApplication::translate("Prospecta::LeadImport",
                                                     "Could not write the report %1: %2. Choose another folder or "
                                                     "file name.")
                             .arg(report->fileName(), report->errorString()));
        // Without a byte-order mark, because the command line's report is read by scripts,
        // for which the mark would be part of the first column's name. QFile buffers its
        // writes, so a full disk shows only when they are flushed.
        if (report->write(LeadImportReport::csvHeader(CsvByteOrderMark::Omit)) < 0 || !report->flush()) {
            m_err << QCoreApplication::translate("Prospecta::CommandLine",
                                                 "Could not write the report %1 (%2), so nothing was imported. Free "
                                                 "some disk space or choose another file for --report.")
                         .arg(report->fileName(), report->errorString())
                  << '\n';
            return ExitFailure;
        }
        options.batchCommitted = [file = report.get(), &reportWriteError](const QList<ImportReportRow> &rows) {
            if (!reportWriteError.isEmpty())
                return;
            if (file->write(LeadImportReport::csvLines(rows)) < 0 || !file->flush()) {
                reportWriteError = file->errorString();
                qCWarning(lcCli) << "lead import: writing the report" << file->fileName()
                                 << "failed:" << reportWriteError;
            }
        };
    }
    // A desktop or --headless process on the same SQLite file waits for the write lock
    // while a batch runs, trying it every half millisecond (Database::begin). Without a
    // pause after each commit this process, which starts its next batch at once, takes
    // the lock again first, and webhooks waited seconds or got 503. Pausing as long as
    // the batch took leaves the lock free half of the time. When no such process runs,
    // this import takes the instance lock for its duration instead and runs without
    // pauses. A desktop started meanwhile reports that the file is in use.
    std::unique_ptr<QLockFile> instanceLock;
    bool sharesSqliteLock = false;
    if (m_session.database().engine() == SqlEngine::Sqlite) {
        instanceLock = std::make_unique<QLockFile>(m_session.database().location().filePath + QStringLiteral(".lock"));
        instanceLock->setStaleLockTime(0);
        sharesSqliteLock = !instanceLock->tryLock(0);
    }
    if (!sharesSqliteLock) {
        // Nothing waits for the write lock, so batches are large: every commit writes the
        // index pages its rows touched, and rows of one batch share many of them.
        options.batchSize = 5000;
        options.maxBatchMs = 500;
    }
    if (instanceLock && !sharesSqliteLock) {
        // This process alone writes the file, so a batch may run for seconds. Importing
        // 1,000,000 rows in batches of 5,000 wrote 14.5 GB to the WAL and the database,
        // because each commit rewrote the search-index pages that its leads' terms touched
        // all over the index. Batches of 50,000 with a 128 MB page cache that keeps those
        // pages wrote 4.2 GB.
        options.batchSize = 50000;
        options.maxBatchMs = 5000;
        if (auto cached = m_session.database().exec(QStringLiteral("PRAGMA cache_size = -131072")); !cached)
            qCWarning(lcCli) << "lead import: could not enlarge the page cache:" << cached.error().message;
        // No service writer checkpoints the WAL either, so the import does.
        options.checkpointAfterBatch = true;
    }
    QElapsedTimer batchTimer;
    batchTimer.start();
    const ImportProgress betweenBatches = [&](const LeadImportProgress &) {
        if (InterruptGuard::received() != 0)
            return false;
        if (sharesSqliteLock)
            QThread::msleep(std::clamp<qint64>(batchTimer.elapsed(), 5, 50));
        batchTimer.restart();
        return true;
    };
    // Every signal InterruptGuard catches (Ctrl+C, SIGTERM, a closed terminal's SIGHUP,
    // Ctrl+Break) stops the import after the batch in progress, so the summary and the
    // audit entry still name the line where it stopped, and the exit status is 1.
    InterruptGuard interruptGuard;
    auto imported = LeadImport(m_session.database(), m_session.clock())
                        .run(m_session.actor(), reader, *mapping, options, betweenBatches);
    if (report)
        report->close();
    if (!imported)
        return failure(imported.error());
    int status = ExitSuccess;
    if (!reportWriteError.isEmpty()) {
        m_err << QCoreApplication::translate("Prospecta::CommandLine",
                                             "The report %1 is incomplete because writing it failed (%2). Free some "
                                             "disk space or choose another file for --report, then import the file "
                                             "again: the rows already imported come out unchanged.")
                     .arg(report->fileName(), reportWriteError)
              << '\n';
        status = ExitFailure;
    }
    m_out << imported->summary() << '\n';
    if (!imported->completed) {
        m_err << imported->stopReason << '\n';
        status = ExitFailure;
    }
    return status;
}

Result<QString> Commands::readNewPasswordHash()
{
    auto password = PasswordPrompt::readNewPassword();
    if (!password)
        return password.error();
    // A password refused by the rules is a failed command (1), not a usage error.
    if (auto allowed = PasswordHasher::checkPolicy(*password); !allowed)
        return makeError(ErrorKind::Forbidden, allowed.error().message, allowed.error().fields);
    // This process is neither the server nor the GUI, so it may hash on its own thread.
    return PasswordHasher::hash(*password);
}

} // namespace

LaunchMode launchModeFor(const QStringList &arguments)
{
    LaunchMode mode;
    for (const QString &argument : arguments.mid(1)) {
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            mode.kind = LaunchMode::Kind::Help;
            return mode;
        }
        if (argument == QLatin1String("--version")) {
            mode.kind = LaunchMode::Kind::Version;
            return mode;
        }
    }
    // The first argument that is not an option (or an option's value) decides.
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--headless")) {
            mode.kind = LaunchMode::Kind::Headless;
            continue;
        }
        if (argument == QLatin1String("--database") || argument == QLatin1String("--listen")) {
            ++i;
            continue;
        }
        if (argument.startsWith(QLatin1String("--")))
            continue;
        mode.kind = LaunchMode::Kind::Command;
        return mode;
    }
    return mode;
}

int runCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    Commands commands(out, err);
    const int status = commands.run(arguments);
    if (status == ExitUsage)
        err << QCoreApplication::translate("Prospecta::CommandLine", "Run prospecta --help for the usage.") << '\n';
    return status;
}

QString usageText()
{
    // The command lines stay as they are typed; only the explanations are translated.
    return QCoreApplication::translate("Prospecta::CommandLine",
        "Usage:\n"
        "  prospecta [--database FILE|URL] [--listen HOST:PORT]   start the desktop app\n"
        "  prospecta --headless [--database …] [--listen …]         run the server and the agents without a window\n"
        "  prospecta integration set PROVIDER KEY=VALUE…            providers: gupshup, openai, twilio, meta\n"
        "  prospecta integration show PROVIDER [--json]\n"
        "  prospecta integration webhook-url PROVIDER\n"
        "  prospecta campaign create --name N [--initial-agent T] [--language es|en] [--welcome TEXT]\n"
        "                            [--instructions T=TEXT]… [--keyword W]… [--default]\n"
        "  prospecta campaign list [--json]\n"
        "  prospecta lead list [--phone P] [--json]\n"
        "  prospecta import leads FILE [--mapping FIELD=COLUMN]… [--region CC] [--report FILE]\n"
        "                            imports a CSV file; COLUMN is a header name or a 1-based column number;\n"
        "                            --region is the ISO country for phones without + (default phone.defaultRegion);\n"
        "                            --report writes line,result,leadId,reason for every row\n"
        "  prospecta settings show [--json]\n"
        "  prospecta settings set KEY VALUE\n"
        "  prospecta user add --email E --name N --role admin|manager|agent   password on standard input\n"
        "  prospecta user list [--json]\n"
        "  prospecta user set-role EMAIL ROLE\n"
        "  prospecta user deactivate EMAIL\n"
        "  prospecta user reactivate EMAIL\n"
        "  prospecta user reset-password EMAIL                     password on standard input\n"
        "  prospecta migrate --from FILE --to postgresql://user@host:port/db   copy a desktop's database for team mode\n"
        "\n"
        "--database takes a SQLite file or postgresql://user@host:port/db; without it PROSPECTA_DATABASE, "
        "else prospecta.db in the app's data folder.\n"
        "A file that does not exist is created only by integration set, campaign create, settings set, user add\n"
        "and import leads, and only in a folder that exists.\n"
        "Exit status: 0 success, 1 the command failed, 2 usage error.\n");
}

} // namespace Prospecta
