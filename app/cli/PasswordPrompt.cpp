// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "PasswordPrompt.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <cstdio>
#include <iterator>
#include <iostream>
#include <string>

#ifdef Q_OS_WIN
#include <io.h>
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#endif

namespace Prospecta {

namespace {

// The terminal state to put back when Ctrl+C (or another signal that ends the program)
// arrives while echo is off. Without it the shell is left without echo after the program
// ends, because the terminal keeps its settings.
#ifdef Q_OS_WIN
HANDLE consoleInput = nullptr;
DWORD savedConsoleMode = 0;

BOOL WINAPI restoreConsoleMode(DWORD)
{
    SetConsoleMode(consoleInput, savedConsoleMode);
    // FALSE lets the next handler, by default ExitProcess, end the program.
    return FALSE;
}
#else
termios savedTerminal{};
constexpr int terminatingSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
struct sigaction previousActions[std::size(terminatingSignals)];

// tcsetattr, write, sigaction and raise are on POSIX's list of async-signal-safe functions.
extern "C" void restoreTerminalAndRaise(int signal)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
    // The Enter key that never came would have ended the prompt's line.
    const char newline = '\n';
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, &newline, 1);
    // The signal ends the program as it would have without this handler: it stays blocked
    // until the handler returns, and is then delivered with its default action.
    struct sigaction defaultAction{};
    defaultAction.sa_handler = SIG_DFL;
    sigemptyset(&defaultAction.sa_mask);
    sigaction(signal, &defaultAction, nullptr);
    raise(signal);
}
#endif

// Turns terminal echo off for its lifetime, when standard input is a terminal, and puts
// it back on when a signal ends the program meanwhile.
class EchoOff
{
public:
    EchoOff()
    {
#ifdef Q_OS_WIN
        m_input = GetStdHandle(STD_INPUT_HANDLE);
        m_terminal = _isatty(_fileno(stdin)) && GetConsoleMode(m_input, &m_saved);
        if (m_terminal) {
            consoleInput = m_input;
            savedConsoleMode = m_saved;
            SetConsoleCtrlHandler(restoreConsoleMode, TRUE);
            SetConsoleMode(m_input, m_saved & ~DWORD(ENABLE_ECHO_INPUT));
        }
#else
        m_terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &m_saved) == 0;
        if (m_terminal) {
            savedTerminal = m_saved;
            struct sigaction action{};
            action.sa_handler = restoreTerminalAndRaise;
            sigemptyset(&action.sa_mask);
            for (size_t i = 0; i < std::size(terminatingSignals); ++i)
                sigaction(terminatingSignals[i], &action, &previousActions[i]);
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
#endif
    }

    ~EchoOff()
    {
        if (!m_terminal)
            return;
#ifdef Q_OS_WIN
        SetConsoleMode(m_input, m_saved);
        SetConsoleCtrlHandler(restoreConsoleMode, FALSE);
#else
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
        for (size_t i = 0; i < std::size(terminatingSignals); ++i)
            sigaction(terminatingSignals[i], &previousActions[i], nullptr);
#endif
        // The Enter key was not echoed either.
        std::fputs("\n", stderr);
    }

    bool terminal() const { return m_terminal; }

private:
    bool m_terminal = false;
#ifdef Q_OS_WIN
    HANDLE m_input = nullptr;
    DWORD m_saved = 0;
#else
    termios m_saved{};
#endif
};

} // namespace

namespace {

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return isatty(STDIN_FILENO) != 0;
#endif
}

} // namespace

Result<QString> PasswordPrompt::readLine(const QString &prompt)
{
    std::string line;
    bool gotLine = false;
    {
        EchoOff echoOff;
        if (echoOff.terminal()) {
            std::fputs(prompt.toLocal8Bit().constData(), stderr);
            std::fflush(stderr);
        }
        gotLine = static_cast<bool>(std::getline(std::cin, line));
    }
    if (!gotLine && line.empty())
        return makeError(ErrorKind::MissingField,
                         QCoreApplication::translate("Prospecta::PasswordPrompt", "No password on standard input: type it when asked, or pipe it in, "
                                        "for example with printf '%s\\n' \"$PASSWORD\" | prospecta user …"),
                         {QStringLiteral("password")});
    if (!line.empty() && line.back() == '\r')
        line.pop_back();

    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString password = decoder.decode(QByteArrayView(line.data(), qsizetype(line.size())));
    const bool invalid = decoder.hasError();
    std::fill(line.begin(), line.end(), '\0');
    if (invalid)
        return makeError(ErrorKind::InvalidArgument,
                         QCoreApplication::translate("Prospecta::PasswordPrompt", "The password is not valid UTF-8 text; set the terminal to UTF-8 and "
                                        "type it again."),
                         {QStringLiteral("password")});
    return password;
}

Result<QString> PasswordPrompt::readNewPassword()
{
    auto password = readLine(QCoreApplication::translate("Prospecta::PasswordPrompt", "New password: "));
    if (!password || !stdinIsTerminal())
        return password;
    auto repeated = readLine(QCoreApplication::translate("Prospecta::PasswordPrompt", "Repeat the password: "));
    if (!repeated)
        return repeated;
    if (*repeated != *password)
        return makeError(ErrorKind::Conflict,
                         QCoreApplication::translate("Prospecta::PasswordPrompt", "The two passwords differ; nothing was changed. Run the command again."),
                         {QStringLiteral("password")});
    return password;
}

} // namespace Prospecta
