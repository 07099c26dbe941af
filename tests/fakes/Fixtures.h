// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Prospecta::Testing {

// The bytes of a provider fixture, by its path under tests/fixtures
// ("gupshup/v2-webhook/message-text.json"). Stops the test run when the file is missing,
// because every later check would be meaningless.
QByteArray fixtureBytes(const QString &pathUnderFixtures);

} // namespace Prospecta::Testing
