// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CredentialStore.h"

#include "core/Logging.h"

#include <QCoreApplication>

#ifdef Q_OS_WIN
#include <qt_windows.h>
#include <wincred.h>
#else
#include <QProcess>
#include <QStandardPaths>
#endif

namespace Prospecta {

namespace {

QString unavailableText()
{
    return QCoreApplication::translate(
        "Prospecta::CredentialStore",
        "This desktop has no password store Prospecta can use (on Linux, install libsecret-tools "
        "and log in to a desktop session). Keep the password in ~/.pgpass or PGPASSWORD instead.");
}

#ifdef Q_OS_WIN

std::wstring targetName(const QString &account)
{
    return (QStringLiteral("Prospecta:") + account).toStdWString();
}

#else

constexpr int SecretToolTimeoutMs = 5000;

QString secretTool()
{
    // The Secret Service lives on the session bus; without one, secret-tool would wait.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return {};
    return QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
}

QStringList attributes(const QString &account)
{
    return {QStringLiteral("service"), QStringLiteral("prospecta"), QStringLiteral("account"), account};
}

// Runs secret-tool with `arguments`, writing `input` to it; nullopt when it failed.
std::optional<QByteArray> runSecretTool(const QStringList &arguments, const QByteArray &input = {})
{
    const QString program = secretTool();
    if (program.isEmpty())
        return std::nullopt;
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(SecretToolTimeoutMs))
        return std::nullopt;
    if (!input.isNull())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(SecretToolTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        qCWarning(lcSecurity) << "secret-tool did not answer within" << SecretToolTimeoutMs << "ms";
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::nullopt;
    return process.readAllStandardOutput();
}

#endif

} // namespace

bool CredentialStore::available()
{
#ifdef Q_OS_WIN
    return true;
#else
    return !secretTool().isEmpty();
#endif
}

std::optional<QString> CredentialStore::lookup(const QString &account)
{
#ifdef Q_OS_WIN
    PCREDENTIALW credential = nullptr;
    if (!CredReadW(targetName(account).c_str(), CRED_TYPE_GENERIC, 0, &credential))
        return std::nullopt;
    const QString password = QString::fromUtf16(reinterpret_cast<const char16_t *>(credential->CredentialBlob),
                                                credential->CredentialBlobSize / sizeof(char16_t));
    CredFree(credential);
    return password;
#else
    const auto output = runSecretTool(QStringList{QStringLiteral("lookup")} + attributes(account));
    if (!output || output->isEmpty())
        return std::nullopt;
    return QString::fromUtf8(*output);
#endif
}

Status CredentialStore::save(const QString &account, const QString &password)
{
#ifdef Q_OS_WIN
    std::wstring target = targetName(account);
    std::wstring secret = password.toStdWString();
    CREDENTIALW credential{};
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = target.data();
    credential.CredentialBlobSize = DWORD(secret.size() * sizeof(wchar_t));
    credential.CredentialBlob = reinterpret_cast<LPBYTE>(secret.data());
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    if (!CredWriteW(&credential, 0))
        return makeError(ErrorKind::Unavailable,
                         QCoreApplication::translate("Prospecta::CredentialStore",
                                                     "Windows did not save the password (error %1).")
                             .arg(GetLastError()));
    return {};
#else
    if (!available())
        return makeError(ErrorKind::Unavailable, unavailableText());
    const QStringList arguments = QStringList{QStringLiteral("store"), QStringLiteral("--label"),
                                              QStringLiteral("Prospecta: ") + account}
        + attributes(account);
    if (!runSecretTool(arguments, password.toUtf8()))
        return makeError(ErrorKind::Unavailable,
                         QCoreApplication::translate("Prospecta::CredentialStore",
                                                     "The password store did not save the password; it may be "
                                                     "locked. Unlock it and try again."));
    return {};
#endif
}

Status CredentialStore::remove(const QString &account)
{
#ifdef Q_OS_WIN
    if (!CredDeleteW(targetName(account).c_str(), CRED_TYPE_GENERIC, 0) && GetLastError() != ERROR_NOT_FOUND)
        return makeError(ErrorKind::Unavailable,
                         QCoreApplication::translate("Prospecta::CredentialStore",
                                                     "Windows did not remove the password (error %1).")
                             .arg(GetLastError()));
    return {};
#else
    if (!available())
        return makeError(ErrorKind::Unavailable, unavailableText());
    // secret-tool clear succeeds when nothing matched, too.
    if (!runSecretTool(QStringList{QStringLiteral("clear")} + attributes(account)))
        return makeError(ErrorKind::Unavailable,
                         QCoreApplication::translate("Prospecta::CredentialStore",
                                                     "The password store did not remove the password; it may be "
                                                     "locked. Unlock it and try again."));
    return {};
#endif
}

} // namespace Prospecta
