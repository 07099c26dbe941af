// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace Prospecta {

// Every enumeration has one string form, used in the database, on the command line
// and in JSON. The arrays below list the forms in the enum's order.

enum class AgentType { Welcome, Qualification, Sales, Support, FollowUp };
enum class LeadStatus { New, Contacted, Qualified, Converted, Lost };
enum class LeadSource { WhatsApp, Call, Web, Manual, Import, Other };
enum class CampaignType { WhatsApp, Call, Email, Mixed };
enum class CampaignStatus { Draft, Active, Paused, Completed };
enum class UserRole { Admin, Manager, Agent };
enum class SenderKind { Lead, Ai, Human, System };
// Ordered: a delivery status never moves backwards except to Failed (see
// DeliveryStatusOrder in the storage layer).
enum class OutboundStatus { Queued, Enqueued, Sent, Delivered, Read, Failed, Cancelled };
enum class CallStatus { Initiated, Ringing, InProgress, Completed, Busy, NoAnswer, Failed, Canceled };
enum class Provider { Gupshup, Twilio, OpenAi, Meta, Other };
enum class ConversationStatus { Active, Closed };

template<typename E> struct EnumNames;

#define PROSPECTA_ENUM_NAMES(Enum, ...)                                                   \
    template<> struct EnumNames<Enum>                                                     \
    {                                                                                     \
        static constexpr auto names = std::to_array<const char *>({__VA_ARGS__});         \
    };

PROSPECTA_ENUM_NAMES(AgentType, "welcome", "qualification", "sales", "support", "followup")
PROSPECTA_ENUM_NAMES(LeadStatus, "new", "contacted", "qualified", "converted", "lost")
PROSPECTA_ENUM_NAMES(LeadSource, "whatsapp", "call", "web", "manual", "import", "other")
PROSPECTA_ENUM_NAMES(CampaignType, "whatsapp", "call", "email", "mixed")
PROSPECTA_ENUM_NAMES(CampaignStatus, "draft", "active", "paused", "completed")
PROSPECTA_ENUM_NAMES(UserRole, "admin", "manager", "agent")
PROSPECTA_ENUM_NAMES(SenderKind, "lead", "ai", "human", "system")
PROSPECTA_ENUM_NAMES(OutboundStatus, "queued", "enqueued", "sent", "delivered", "read", "failed",
                     "cancelled")
PROSPECTA_ENUM_NAMES(CallStatus, "initiated", "ringing", "in-progress", "completed", "busy",
                     "no-answer", "failed", "canceled")
PROSPECTA_ENUM_NAMES(Provider, "gupshup", "twilio", "openai", "meta", "other")
PROSPECTA_ENUM_NAMES(ConversationStatus, "active", "closed")

#undef PROSPECTA_ENUM_NAMES

// Only for the enums above, so QTest's own toString overloads stay unambiguous.
template<typename E>
concept NamedEnum = requires { EnumNames<E>::names; };

template<NamedEnum E>
QString toString(E value)
{
    return QString::fromLatin1(EnumNames<E>::names[static_cast<std::size_t>(value)]);
}

template<NamedEnum E>
std::optional<E> fromString(QStringView text)
{
    const auto &names = EnumNames<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (text == QLatin1String(names[i]))
            return static_cast<E>(i);
    }
    return std::nullopt;
}

// The valid string forms, for usage messages that list the choices.
template<NamedEnum E>
QStringList allNames()
{
    QStringList result;
    for (const char *name : EnumNames<E>::names)
        result << QString::fromLatin1(name);
    return result;
}

} // namespace Prospecta
