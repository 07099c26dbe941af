// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace Prospecta {

// Who asks for a protected operation. Every such operation takes one explicitly, so the
// GUI, the REST API and the command line pass through the same checks. An actor carries
// no role: the role and the active flag are read from the database at each operation, so
// a demotion or a deactivation takes effect at the user's next action.
struct Actor
{
    enum class Kind {
        User,        // a logged-in person (desktop or REST)
        CommandLine, // `prospecta …`: the local administrator, needs no login
        System,      // the workers themselves (inbox, agents, outbox)
    };

    Kind kind = Kind::System;
    qint64 userId = 0;
    // The operating-system user for the command line; empty for users (their email is
    // read with the role).
    QString name;
    // Where the request came from: "desktop", "cli", or the REST caller's address.
    QString client;

    static Actor user(qint64 userId, QString client = QStringLiteral("desktop"))
    {
        return Actor{Kind::User, userId, QString(), std::move(client)};
    }

    // The command line, named after the operating-system account that runs it (the
    // command line passes currentOsAccount(); tests may pass any name).
    static Actor commandLine(QString account = QStringLiteral("cli"))
    {
        return Actor{Kind::CommandLine, 0, std::move(account), QStringLiteral("cli")};
    }

    static Actor system() { return Actor{Kind::System, 0, QStringLiteral("system"), QString()}; }
};

} // namespace Prospecta

Q_DECLARE_METATYPE(Prospecta::Actor)
