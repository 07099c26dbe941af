// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Prospecta::LogFile {

// Keeps the log writer thread running; destroying it writes what is still queued and
// stops the thread. Lines logged after that are written at once by the thread that logs.
class [[nodiscard]] Installation
{
public:
    Installation() = default;
    ~Installation();
    Installation(const Installation &) = delete;
    Installation &operator=(const Installation &) = delete;
    Installation(Installation &&) = delete;
    Installation &operator=(Installation &&) = delete;
};

// Installs the message handler that writes every log line to
// AppLocalDataLocation/logs/prospecta.log, rotated at 5 MB with 5 files kept, and also
// to standard error when `alsoToStandardError` is set (headless mode).
//
// The logging thread only formats and queues the line, and a writer thread writes the
// queue. A write into a file whose pages the kernel is writing back can wait for that
// I/O, and the webhook and writer threads log every message. Fatal messages are written
// at once, after every line queued before them, and always reach standard error too,
// after the last few warnings and critical messages, which often give their cause.
Installation install(bool alsoToStandardError);

QString path();

} // namespace Prospecta::LogFile
