// SPDX-FileCopyrightText: 2026 Prospecta developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "DisplayNames.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace Prospecta::DisplayNames {

// lupdate reads the translation context only from a string literal, so every call below
// spells out "Prospecta::DisplayNames".

QString leadStage(LeadStatus status)
{
    switch (status) {
    case LeadStatus::New:
        return QCoreApplication::translate("Prospecta::DisplayNames", "New", "lead stage in the sales funnel");
    case LeadStatus::Contacted:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Contacted", "lead stage in the sales funnel");
    case LeadStatus::Qualified:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Qualified", "lead stage in the sales funnel");
    case LeadStatus::Converted:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Converted", "lead stage in the sales funnel: the sale was won");
    case LeadStatus::Lost:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Lost", "lead stage in the sales funnel");
    }
    return toString(status);
}

QString leadSource(LeadSource source)
{
    switch (source) {
    case LeadSource::WhatsApp:
        return QCoreApplication::translate("Prospecta::DisplayNames", "WhatsApp", "where a lead came from");
    case LeadSource::Call:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Phone call", "where a lead came from");
    case LeadSource::Web:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Web", "where a lead came from");
    case LeadSource::Manual:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Manual", "where a lead came from: entered by hand");
    case LeadSource::Import:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Import", "where a lead came from: a file import");
    case LeadSource::Other:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Other", "where a lead came from");
    }
    return toString(source);
}

QString aiAgent(std::optional<AgentType> type)
{
    if (!type)
        return QCoreApplication::translate("Prospecta::DisplayNames", "AI agent");
    switch (*type) {
    case AgentType::Welcome:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Welcome AI agent");
    case AgentType::Qualification:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Qualification AI agent");
    case AgentType::Sales:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Sales AI agent");
    case AgentType::Support:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Support AI agent");
    case AgentType::FollowUp:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Follow-up AI agent");
    }
    return QCoreApplication::translate("Prospecta::DisplayNames", "AI agent");
}

QString deliveryStatus(OutboundStatus status, const QString &error)
{
    switch (status) {
    case OutboundStatus::Queued:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Queued", "delivery status of a message");
    case OutboundStatus::Enqueued:
        // The provider accepted the message and has not yet handed it to WhatsApp.
        return QCoreApplication::translate("Prospecta::DisplayNames", "Sending", "delivery status of a message");
    case OutboundStatus::Sent:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Sent", "delivery status of a message");
    case OutboundStatus::Delivered:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Delivered", "delivery status of a message");
    case OutboundStatus::Read:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Read", "delivery status of a message");
    case OutboundStatus::Failed:
        if (error.isEmpty())
            return QCoreApplication::translate("Prospecta::DisplayNames", "Failed", "delivery status of a message");
        return QCoreApplication::translate("Prospecta::DisplayNames", "Failed: %1",
                                           "delivery status of a message; %1 is the provider's error")
            .arg(error);
    case OutboundStatus::Cancelled:
        return QCoreApplication::translate("Prospecta::DisplayNames", "Cancelled", "delivery status of a message");
    }
    return toString(status);
}

QString contentKind(const QString &contentType)
{
    if (contentType == QLatin1String("image"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "Image", "kind of WhatsApp message");
    if (contentType == QLatin1String("audio"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "Audio", "kind of WhatsApp message");
    if (contentType == QLatin1String("video"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "Video", "kind of WhatsApp message");
    if (contentType == QLatin1String("file"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "File", "kind of WhatsApp message");
    if (contentType == QLatin1String("location"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "Location", "kind of WhatsApp message");
    if (contentType == QLatin1String("contact"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "Contact", "kind of WhatsApp message: a shared contact card");
    if (contentType == QLatin1String("button") || contentType == QLatin1String("list"))
        return QCoreApplication::translate("Prospecta::DisplayNames", "Reply", "kind of WhatsApp message: a button or list reply");
    return {};
}

QString dateTime(qint64 epochMs)
{
    if (epochMs <= 0)
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime(), QLocale::ShortFormat);
}

} // namespace Prospecta::DisplayNames
